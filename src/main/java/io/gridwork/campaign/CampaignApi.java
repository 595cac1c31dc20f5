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

    /**
     * 交接: the successor becomes a recipient of the running campaigns over {@code gridPath} that were sent to one of
     * {@code fromAccountIds}, and takes over their volunteer places. Returns the number of campaigns; a repeat adds nothing.
     */
    int handOver(java.util.Collection<Long> fromAccountIds, long toAccountId, Long toPersonId, String gridPath);

    /** Running campaigns over {@code gridPath} sent to this account or with it as a volunteer. */
    List<Long> runningCampaignsOf(long accountId, String gridPath);

    /** A visit photo as JPEG, with an ETag. */
    record PhotoContent(java.io.InputStream stream, String etag) {
    }

    /**
     * A visit photo (or its thumbnail), empty when there is none. No viewer check: the caller has decided that the
     * viewer may see it (the rectification list shows the photos that came with a sweep hazard to whoever may see
     * the item, such as the party it is assigned to).
     */
    java.util.Optional<PhotoContent> visitPhoto(long photoId, boolean thumbnail);

    /**
     * Coverage of the running campaigns that reach into {@code gridPath}: per campaign, the households in scope and
     * reached (visited, refused or vacant) within that subtree, from the coverage counters summed per grid at most
     * {@code gridwork.insight.coverage-max-age} ago (2 s by default). No viewer check.
     */
    List<RunningCoverage> runningCoverage(String gridPath);

    /**
     * A campaign's coverage counters under {@code gridPath}, one per grid that holds its households (the micro-grids):
     * households in scope, reached (visited, refused or vacant), not at home and hazards found. No viewer check.
     */
    List<GridCoverage> coverageByGrid(long campaignId, String gridPath);

    /** One grid's coverage counters of a campaign. */
    record GridCoverage(long gridId, String gridPath, long inScope, long reached, long notHome, long hazards) {
        /** Reached households in per cent (0–100, rounded down), as the coverage page shows it. */
        public int percent() {
            return inScope == 0 ? 0 : (int) Math.floor(reached * 100.0 / inScope);
        }
    }

    /** One running campaign's coverage within a grid. */
    record RunningCoverage(long campaignId, String title, Instant deadline, long inScope, long reached, long notHome) {
        /** Reached households in per cent (0–100, rounded down). */
        public int percent() {
            return inScope == 0 ? 0 : (int) Math.floor(reached * 100.0 / inScope);
        }
    }

    /**
     * Sweep visits (any outcome; a resent visit counts once) recorded by each of
     * these accounts with a visit time in {@code [from, to)}: account id → visits. For the evaluation of grid workers.
     */
    Map<Long, Long> visitsRecordedBy(java.util.Collection<Long> accountIds, Instant from, Instant to);

    /**
     * Coverage of the campaigns that started ({@code starts_at}) in {@code [from, to)} and were dispatched (not drafts),
     * from their coverage counters, one row per campaign and grid holding its households under {@code gridPath}: the
     * households in scope and reached (current outcome visited, refused or vacant; not at home is not reached), as the
     * coverage page shows them. No viewer check: for the evaluation of grid workers (campaign coverage).
     */
    List<StartedCoverage> coverageOfCampaignsStarted(String gridPath, Instant from, Instant to);

    /** One campaign's counters in one grid. */
    record StartedCoverage(long campaignId, String title, Instant startsAt, String gridPath, long inScope, long reached) {
    }
}
