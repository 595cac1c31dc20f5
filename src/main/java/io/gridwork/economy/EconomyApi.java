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
}
