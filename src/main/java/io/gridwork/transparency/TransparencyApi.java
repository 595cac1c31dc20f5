package io.gridwork.transparency;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import io.gridwork.shared.security.GridworkUser;

/**
 * What other modules (the demo seeder) may ask of the transparency module. Every call checks the actor as the API
 * does: community and street staff make contracts and tick the handover checklist, the property company drafts and
 * submits, the owners committee approves.
 */
public interface TransparencyApi {

    /** True when no quarterly report has been drafted yet. */
    boolean hasNoReports();

    /** A contract of the named company (registered when new) with a compound, every handover item ticked; its id. */
    long contract(long compoundId, String companyName, LocalDate startsOn, LocalDate endsOn, long feeFenPerM2, GridworkUser staff);

    /** Drafts, fills and submits a service report: section name (CLEANING, GREENERY, REPAIRS, SECURITY) → what was done. */
    long submitServiceReport(long compoundId, int year, int quarter, String summary, Map<String, String> sections,
            GridworkUser property);

    /** Drafts, fills and submits an income-and-expense report with its lines; the totals are their sums. */
    long submitFinanceReport(long compoundId, int year, int quarter, String summary, List<Line> lines, GridworkUser property);

    /** The owners committee approves (and so publishes) a submitted report. */
    void approve(long reportId, GridworkUser owners);

    /**
     * Dates a published report's history in the past, for a replayed history (the demo's last quarter, whose reports
     * were disclosed in the weeks after it, not on the day the demo was made): drafted and submitted at
     * {@code submittedAt}, reviewed and published at {@code publishedAt}. Both after the quarter's end, in order, and
     * not in the future; refused for a report that is not published.
     */
    void datePublished(long reportId, java.time.Instant submittedAt, java.time.Instant publishedAt);

    /**
     * The trustee books money into the compound's trust account from an income account (FEES, PARKING, ADVERTISING) or
     * out of it to an expense account (SERVICES, REPAIRS, TRUSTEE_FEE), with its receipt; the posting's id.
     */
    long bookTrust(long compoundId, String account, long amountFen, LocalDate bookedOn, String description, String receipt,
            GridworkUser property);

    /** True when no red/black list has been computed yet. */
    boolean hasNoRankings();

    /** The street's staff compute a finished quarter's red/black list of a street as a draft (reason: for a recomputation); its id. */
    long computeRanking(long streetId, int year, int quarter, String reason, GridworkUser street);

    /** The street's staff publish a draft red/black list. */
    void publishRanking(long rankingId, GridworkUser street);

    /** True when no 民生微实事 round has been opened. */
    boolean hasNoMicroRounds();

    /** The community's staff open a year's 民生微实事 round with its budget in fen. */
    void openMicroRound(long communityId, int year, long budgetFen, GridworkUser staff);

    /** A resident of the community proposes a project; its id. */
    long proposeMicroProject(long communityId, int year, String title, String description, long estimateFen, GridworkUser resident);

    /** The community's staff move the round to the next phase (CHOOSING, DECIDED). */
    void moveMicroPhase(long communityId, int year, String phase, GridworkUser staff);

    /** A resident chooses a project (once a round). */
    void chooseMicroProject(long projectId, GridworkUser resident);

    /** The community's staff select a project with its allocation in fen. */
    void selectMicroProject(long projectId, long allocatedFen, GridworkUser staff);

    /** The community's staff book spending on a selected project. */
    void spendOnMicroProject(long projectId, long amountFen, LocalDate spentOn, String description, String receipt, GridworkUser staff);

    /** A line of an income-and-expense report: a category name (PROPERTY_FEES, PARKING, ..., STAFF, ...), a text, fen. */
    record Line(String category, String description, long amountFen) {
    }
}
