package io.gridwork.campaign;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.gridwork.shared.security.GridworkUser;

/** What other modules (the demo) may ask of the campaign module. */
public interface CampaignApi {

    /** True when any campaign exists. */
    boolean anyCampaigns();

    /** Creates a campaign over grids with one of the shipped form templates ("gas-safety", "registration"). */
    long create(String title, String kind, List<Long> gridIds, String template, Instant startsAt, Instant deadline,
            boolean dispatch, GridworkUser organiser);

    /** Records a visit as the API does (idempotent by {@code clientId}). */
    void recordVisit(long campaignId, String clientId, long householdId, String outcome, Map<String, Object> answers,
            Instant visitedAt, GridworkUser visitor);

    /** The households of a campaign, in id order. */
    List<Long> households(long campaignId);

    void finish(long campaignId, GridworkUser organiser);
}
