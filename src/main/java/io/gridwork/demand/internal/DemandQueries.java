package io.gridwork.demand.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.stereotype.Component;

import io.gridwork.demand.DemandStatus;
import io.gridwork.demand.DemandView;
import io.gridwork.demand.DemandView.Colour;
import io.gridwork.demand.Party;
import io.gridwork.shared.security.GridworkUser;

/**
 * Reading demands, for the web layer and the facade: one in detail ({@link DemandDetails}), lists per role, the
 * supervision board and possible duplicates ({@link DemandLists}, on the SQL of {@link DemandListSql}), and bounded
 * counts ({@link DemandCounts}). The types of these reads are declared here.
 */
@Component
@org.springframework.transaction.annotation.Transactional(readOnly = true) // a read replica may answer (ReplicaRouting)
public class DemandQueries {

    /** Filters of the list and the ledger; null fields do not filter. */
    public record Filter(Set<DemandStatus> statuses, String categoryCode, Party party, Colour colour, Instant from,
            Instant to, Long gridId, String refNo, int page, int size, DemandView.Measure measure, Long buildingId) {

        public Filter(Set<DemandStatus> statuses, String categoryCode, Party party, Colour colour, Instant from, Instant to,
                Long gridId, String refNo, int page, int size, DemandView.Measure measure) {
            this(statuses, categoryCode, party, colour, from, to, gridId, refNo, page, size, measure, null);
        }

        public Filter(Set<DemandStatus> statuses, String categoryCode, Party party, Colour colour, Instant from, Instant to,
                Long gridId, String refNo, int page, int size) {
            this(statuses, categoryCode, party, colour, from, to, gridId, refNo, page, size, null);
        }

        public static Filter all() {
            return new Filter(null, null, null, null, null, null, null, null, 0, 50);
        }
    }

    /** A line of a list. */
    public record Summary(long id, String refNo, DemandStatus status, String grade, String categoryCode, String description,
            String place, Instant submittedAt, Instant dueAt, Colour colour, int escalationLevel, int supervisedCount,
            List<Party> openParties, boolean reporterUnverified) {
    }

    /** The daily supervision board: yellow and red demands grouped by responsible party. */
    public record Board(Map<Party, List<Summary>> byParty, int yellow, int red) {
    }

    /** Counts shown to people stop here ("10,000+"): never a count over the whole city. */
    public static final int COUNT_CAP = 10_000;

    /** Page numbers (offsets) reach at most this many rows; further on, lists go by cursor. */
    public static final int MAX_OFFSET = 10_000;

    /**
     * A page of a list and the cursor of the next one (null on the last page). {@code partial}: the page ended where
     * the read stopped walking ({@link #WALK}), not because it was full: it may hold fewer rows than asked, even none,
     * and {@code next} goes on with older demands.
     */
    public record Slice(List<Summary> items, String next, boolean partial) {
    }

    /**
     * A page read by cursor walks at most this many demands of each branch's index, newest first, looking for the
     * rows that pass the filters: a filter the index does not carry (a status, a category, a party, a colour) that
     * matches rarely would otherwise read the whole scope. Where the walk stops, the page ends and its cursor continues
     * (DynamoDB's Limit with LastEvaluatedKey works the same way). Without such filters a page is full long before.
     */
    public static final int WALK = 2_000;

    /** A count bounded at {@link #COUNT_CAP}: {@code capped} when there are more. */
    public record Count(long value, boolean capped) {
    }

    /** Where a demand sits and whether the viewer reported it: what pages need to offer the right actions. */
    public record Standing(String gridPath, boolean reporter) {
    }

    private final DemandDetails details;
    private final DemandLists lists;
    private final DemandCounts counts;
    private final DemandListSql sql;

    DemandQueries(DemandDetails details, DemandLists lists, DemandCounts counts, DemandListSql sql) {
        this.details = details;
        this.lists = lists;
        this.counts = counts;
        this.sql = sql;
    }

    /** One demand with assignments and timeline, if the viewer may see it. */
    public DemandView view(long id, GridworkUser viewer) {
        return details.view(id, viewer);
    }

    public Optional<DemandView> find(long id) {
        return details.find(id);
    }

    public Standing standing(long id, GridworkUser viewer) {
        return details.standing(id, viewer);
    }

    /** The place of a demand as its view shows it ({@link DemandDetails#place}). */
    String place(Long buildingId, Long unitId, Long householdId, String text) {
        return details.place(buildingId, unitId, householdId, text);
    }

    /** True when the viewer handles demands (grid staff or a responsible party) rather than only reporting them. */
    static boolean isHandler(GridworkUser viewer) {
        return DemandDetails.isHandler(viewer);
    }

    /** A page of a list by number ({@link DemandLists#list}). */
    public List<Summary> list(Filter f, GridworkUser viewer) {
        return lists.list(f, viewer);
    }

    /**
     * A page of the demands the viewer may see, newest first, after {@code cursor} (null: the first page), with the
     * cursor of the next page. A cursor this list did not issue is a 400 {@code invalid-cursor}.
     */
    public Slice slice(Filter f, String cursor, GridworkUser viewer) {
        return lists.slice(f, cursor, viewer, WALK);
    }

    /** {@link #slice} walking at most {@code walk} rows of each branch's index. */
    Slice slice(Filter f, String cursor, GridworkUser viewer, int walk) {
        return lists.slice(f, cursor, viewer, walk);
    }

    /** The cursor of the page after this row (a page by number continues by cursor). */
    public String cursorAfter(Summary last) {
        return lists.cursorAfter(last);
    }

    /** The id of a demand by its reference number, if the viewer may see it. */
    public Optional<Long> idOfRef(String refNo, GridworkUser viewer) {
        return lists.idOfRef(refNo, viewer);
    }

    /** Yellow and red demands in the viewer's scope, grouped by each open party (GRID when none yet). */
    public Board board(GridworkUser viewer) {
        return lists.board(viewer);
    }

    /** Open demands of the same category at the same building, or within ~100 m, other than {@code exceptId}. */
    public List<Summary> possibleDuplicates(String categoryCode, Long buildingId, Double lat, Double lon, Long exceptId,
            GridworkUser viewer) {
        return lists.possibleDuplicates(categoryCode, buildingId, lat, lon, exceptId, viewer);
    }

    /** Demands the viewer reported themselves (whatever their roles), newest first. */
    public List<Summary> reportedBy(GridworkUser viewer, int page, int size) {
        return lists.reportedBy(viewer, page, size);
    }

    public long countReportedBy(GridworkUser viewer) {
        return lists.countReportedBy(viewer);
    }

    /** The condition on {@code demand d} for the demands the viewer may see that pass the filter (page and size aside). */
    String scopedWhere(Filter f, GridworkUser viewer, Map<String, Object> params) {
        return sql.scopedWhere(f, viewer, params);
    }

    /** How many demands the viewer may see pass the filter, counted up to {@link #COUNT_CAP} (then {@code capped}). */
    public Count count(Filter f, GridworkUser viewer) {
        return counts.count(f, viewer, COUNT_CAP);
    }

    /** {@link #count} up to {@code cap} ({@link DemandCounts#count}). */
    public Count count(Filter f, GridworkUser viewer, int cap) {
        return counts.count(f, viewer, cap);
    }
}
