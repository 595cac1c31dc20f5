package io.gridwork.lists;

import java.time.LocalDate;
import java.util.Collection;
import java.util.List;

import io.gridwork.shared.security.GridworkUser;

/**
 * What other modules (the demo seeder, future importers) may ask of routine work and the lists. Kinds,
 * categories, sources and parties are named by their codes (RoutineKind, NeedService.Category, …: see
 * the API description); every call checks the actor's grid scope like the API does.
 */
public interface ListsApi {

    /** True when no routine work and no list item has been recorded yet (items raised by sweeps do not count). */
    boolean isEmpty();

    /** Logs routine work: kind INFO_COLLECTION, OPINION_COLLECTION, POLICY_PUBLICITY, MOBILISATION or HOUSEHOLD_VISIT. */
    long logWork(String kind, Long gridId, List<Long> householdIds, LocalDate workedOn, String summary, GridworkUser by);

    long logMediation(long gridId, LocalDate workedOn, String parties, String issue, String outcome, boolean agreementReached,
            GridworkUser by);

    long addNeed(Long gridId, Long householdId, String category, String title, String detail, Long routineEntryId,
            GridworkUser by);

    long addResource(long gridId, String kind, String name, String description, String address, String availability,
            String contactName, String phone, GridworkUser by);

    /** Records a problem on the rectification list (source WORKER or RESIDENTS; party a demand Party code or null). */
    long addProblem(long gridId, String source, String title, String detail, String party, String responsible,
            String measures, LocalDate deadline, GridworkUser by);

    /** Moves an item to IN_PROGRESS with its plan. */
    void startRectification(long itemId, String measures, LocalDate deadline, GridworkUser by);

    /** Marks an item rectified with a note and one evidence photo (any image the photo check accepts). */
    void rectify(long itemId, String note, byte[] photo, GridworkUser by);

    /**
     * 整改率 of a grid's subtree (the figure {@code GET /api/rectifications/rate} gives, without the viewer check): problems
     * found on the rectification list on days {@code from}..{@code to} and, of those, the ones rectified before the
     * period's end.
     */
    RectificationCount rectifications(long gridId, LocalDate from, LocalDate to);

    /**
     * The rectification list's items of the grids {@code gridIds} (each grid its whole subtree) found on days
     * {@code from}..{@code to} (Asia/Shanghai), counted per grid, day found and day rectified (null while not rectified):
     * one read of the rollup from which {@link RectificationDays#count} gives the figure of {@link #rectifications} for
     * any of the grids and any part of the period (a dashboard's trends and child grids). A grid and its children are a
     * few rows per day, however many items a sweep found. Callers check scope themselves.
     */
    RectificationDays rectificationDays(Collection<Long> gridIds, LocalDate from, LocalDate to);

    /** The rows of {@link #rectificationDays}. */
    record RectificationDays(List<RectificationDay> days) {
        /** The figure of {@link #rectifications} for one of the grids read and days {@code from}..{@code to} within the read. */
        public RectificationCount count(long gridId, LocalDate from, LocalDate to) {
            long found = 0;
            long rectified = 0;
            for (RectificationDay d : days) {
                if (d.gridId() == gridId && !d.found().isBefore(from) && !d.found().isAfter(to)) {
                    found += d.items();
                    if (d.rectified() != null && !d.rectified().isAfter(to)) {
                        rectified += d.items();
                    }
                }
            }
            return new RectificationCount(found, rectified);
        }
    }

    record RectificationDay(long gridId, LocalDate found, LocalDate rectified, long items) {
    }

    /** Rectification items under a grid path that are open or in progress now. */
    long openRectifications(String gridPath);

    /** Problems found and rectified; the rate (整改率) is null when none were found. */
    record RectificationCount(long found, long rectified) {
        public Double rate() {
            return found == 0 ? null : Math.round(rectified * 10000.0 / found) / 10000.0;
        }
    }

    /**
     * The rectification list's counts (整改率 = rectified / found) per grid path under {@code underPath}, for the items
     * assigned to {@code party} (a demand Party code; null: all items) found in days {@code from}..{@code to} (Asia/Shanghai), rectified
     * before the end of {@code to}: one grouped read, for rankings over many grids. Callers check scope themselves.
     */
    List<GridRectificationCount> rectificationCounts(String underPath, String party, LocalDate from, LocalDate to);

    /**
     * The rectification list's items under a grid path per building (the item's own, or its household's; 0 for items
     * of a grid without a building), split as the list's status filter splits them today: OPEN and IN_PROGRESS within
     * their deadline, OVERDUE (past it, not rectified), RECTIFIED; and how many of them came from sweeps. One grouped
     * read; no viewer check (grid staff see every item).
     */
    java.util.Map<Long, BuildingHazards> hazardsByBuilding(String gridPath);

    /** A building's items on the rectification list by shown status, and those raised by sweeps. */
    record BuildingHazards(long open, long inProgress, long overdue, long rectified, long fromSweeps) {
        /** Not rectified yet (open, in progress or overdue). */
        public long unrectified() {
            return open + inProgress + overdue;
        }
    }

    /** Items found under a grid path and, of those, rectified. */
    record GridRectificationCount(String gridPath, long found, long rectified) {
    }

    /**
     * Routine work (五寻常) recorded under a grid path on days {@code from}..{@code to}, counted per grid path and kind
     * (INFO_COLLECTION, OPINION_COLLECTION, MEDIATION, POLICY_PUBLICITY, MOBILISATION, HOUSEHOLD_VISIT): one grouped
     * read, the figures of {@code /routine/counts}. Callers check scope themselves.
     */
    List<RoutineCount> routineCounts(String underPath, LocalDate from, LocalDate to);

    /** Routine entries of one kind under one grid path. */
    record RoutineCount(String gridPath, String kind, long count) {
    }

    /**
     * Routine work entries logged by each of these worker accounts on days {@code from}..{@code to}, per kind code
     * (account id → kind → entries): one grouped read, for the evaluation of grid workers. Callers check scope themselves.
     */
    java.util.Map<Long, java.util.Map<String, Long>> routineWorkBy(java.util.Collection<Long> accountIds, LocalDate from,
            LocalDate to);
}
