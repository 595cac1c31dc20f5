package io.gridwork.economy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

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

    /** True when no activity has been published yet. */
    boolean hasNoActivities();

    /** The earning rule in force of a community with this name, if any. */
    Optional<Long> earnRule(long communityId, String name);

    /**
     * An activity to publish: {@code gridId} null for the whole community; {@code kind} FESTIVAL, TOURNAMENT,
     * GARBAGE_SORTING, TRAFFIC_SAFETY, RAINY_SEASON_PATROL or OTHER; sign-up per household or per person, capacity
     * counted in households or persons; {@code earnRuleId} null: no points.
     */
    record ActivityPlan(Long gridId, String kind, String title, String place, String description, Instant startsAt,
            Instant endsAt, int capacity, boolean perHousehold, boolean countHouseholds, Long earnRuleId) {
    }

    /** Publishes an activity as of {@code at} (the demo records a past one); returns its id. */
    long planActivity(long communityId, ActivityPlan plan, Instant at, GridworkUser organiser);

    /** Signs the resident (or their household with the named members) up as of {@code at}; returns the sign-up's id. */
    long signUp(long activityId, List<Long> memberIds, Instant at, GridworkUser resident);

    /** Checks a person in and out at the given times, verifies the attendance and credits its points under the key. */
    void attend(long activityId, long personId, Instant checkedIn, Instant checkedOut, String clientKey, GridworkUser organiser);
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
