package io.gridwork.economy;

import java.time.LocalDate;

import io.gridwork.shared.security.GridworkUser;

/**
 * What other modules (the demo seeder) may ask of the community economy. Every call checks the actor as the API
 * does: a merchant registers their own shop, the community's staff verify, publish and credit within their grids,
 * a resident confirms a payment for themselves.
 */
public interface EconomyApi {

    /** True when no shop has been registered yet. */
    boolean hasNoMerchants();

    /** Registers the merchant's shop in a community (pending verification); returns its id. */
    long registerMerchant(long communityId, String name, String address, String contactName, String phone, GridworkUser merchant);

    void verifyMerchant(long merchantId, GridworkUser staff);

    /** Publishes an earning rule: {@code unit} HOUR or TASK, {@code points} per unit. Returns its id. */
    long publishEarnRule(long communityId, String name, String unit, int points, GridworkUser staff);

    /**
     * Records a person's volunteering under a rule ({@code quantity}: minutes for HOUR rules, tasks for TASK rules),
     * verifies it and credits its points under the client key. Returns the posting's id.
     */
    long creditVolunteering(long communityId, long personId, long ruleId, LocalDate servedOn, int quantity, String description,
            String clientKey, GridworkUser staff);

    /** The merchant asks for a payment of a purchase (in fen); returns the request's token. */
    String requestPayment(long purchaseFen, GridworkUser merchant);

    /** The resident confirms a payment request; returns the posting's id. */
    long confirmPayment(String token, String clientKey, GridworkUser resident);

    // ---- the micro-fund (微基金) ----

    /** True when the community has no micro-fund yet. */
    boolean hasNoFund(long communityId);

    /** The shop registered by a merchant account, if any. */
    java.util.Optional<Long> shopOf(long merchantAccountId);

    /** Opens the community's fund with the approvals an expense needs and designates the committee (user names). */
    void setUpFund(long communityId, int approvalsNeeded, java.util.List<String> members, GridworkUser staff);

    /** Records a merchant's donation (in fen) to the community's fund; returns its receipt number. */
    String donateToFund(long communityId, long merchantId, long amountFen, LocalDate receivedOn, String note, String clientKey,
            GridworkUser staff);

    /** Proposes an expense (purpose ACTIVITY, CLEANUP or FAMILY_HELP) with a receipt image; returns its id. */
    long proposeExpense(long communityId, String purpose, String title, String description, long amountFen, byte[] receipt,
            String clientKey, GridworkUser proposer);

    /** A committee member approves an expense (the N-th approval pays it). */
    void approveExpense(long expenseId, GridworkUser member);
}
