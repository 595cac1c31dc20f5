package io.gridwork.measures;

import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import io.gridwork.demand.DemandStatus;
import io.gridwork.demand.DemandView;
import io.gridwork.demand.Party;
import io.gridwork.grid.GridNode;

/**
 * What other modules (insight's dashboards, transparency's red/black list) may read of the measures: sums of the daily
 * rollup over a grid's subtree, also for many grids at once. No viewer checks: the caller has checked the grid's scope.
 */
public interface MeasuresApi {

    /** Measures for the grid and everything below it, days {@code from}..{@code to} inclusive (Asia/Shanghai). */
    Measures of(GridNode grid, LocalDate from, LocalDate to, String category, Party party);

    /** The same for each of these grids, in their order. */
    List<Measures> of(List<GridNode> grids, LocalDate from, LocalDate to, String category, Party party);

    /** The measures of each day of the period that has any (the grid's subtree, all categories and parties). */
    Map<LocalDate, Measures> daily(GridNode grid, LocalDate from, LocalDate to);

    /** Demands received (submitted and not rejected) in the period per category code; categories with none are left out. */
    Map<String, Long> receivedByCategory(GridNode grid, LocalDate from, LocalDate to);

    /**
     * The demands submitted in the period (rejected ones too) by their state now, in the order of the states; states
     * with none are left out. As current as {@link #freshness()}, like the other figures.
     */
    Map<DemandStatus, Long> byState(GridNode grid, LocalDate from, LocalDate to);

    /**
     * Demands received (submitted and not rejected) per day of the period, for each of these categories: one read for
     * several categories' trends. Days without any are left out; every category asked for is in the map.
     */
    Map<String, Map<LocalDate, Long>> receivedByDay(GridNode grid, Collection<String> categories, LocalDate from, LocalDate to);

    /**
     * Demands received in the period by each of these grids (and everything below it), for each of these categories: one
     * grouped read for the children of a dashboard. Every category and grid asked for is in the map, zeros included.
     */
    Map<String, Map<Long, Long>> receivedByGrid(Collection<GridNode> grids, Collection<String> categories, LocalDate from,
            LocalDate to);

    /** Demands received in the period per responsible party (a demand with several parties counts for each). */
    Map<Party, Long> receivedByParty(GridNode grid, LocalDate from, LocalDate to);

    /**
     * The measures of each grid (and everything below it) for days {@code from}..{@code to} inclusive (Asia/Shanghai),
     * counting only the demands assigned to {@code party} (all demands when null): one grouped read, so a district's
     * hundreds of compounds cost one query. Every id asked for is in the map; a grid without figures has zeros.
     */
    Map<Long, Measures> ofGrids(Collection<Long> gridIds, LocalDate from, LocalDate to, Party party);

    /**
     * Open demands now, counted by the folder ({@code demand_open_count}): demands in a state that still needs someone to
     * act (on hold too), and among them those still submitted (not yet accepted), yellow and red (as the inbox colours
     * them). As current as {@link #freshness()}.
     */
    record Open(long demands, long submitted, long yellow, long red) {
        public static final Open NONE = new Open(0, 0, 0, 0);

        /** This count and {@code o} together. */
        public Open plus(Open o) {
            return new Open(demands + o.demands, submitted + o.submitted, yellow + o.yellow, red + o.red);
        }

        /** {@code n} demands in {@code status} with {@code colour} (names as stored). */
        public static Open of(String status, String colour, long n) {
            return new Open(n, DemandStatus.SUBMITTED.name().equals(status) ? n : 0,
                    DemandView.Colour.YELLOW.name().equals(colour) ? n : 0, DemandView.Colour.RED.name().equals(colour) ? n : 0);
        }
    }

    /** The open demands of the grid and everything below it. */
    Open open(GridNode grid);

    /** The open demands of the grid and everything below it in each of these categories (every category asked for is in the map). */
    Map<String, Long> openByCategory(GridNode grid, Collection<String> categories);

    /** The open demands of the grid and everything below it per building (0 for demands without a building). */
    Map<Long, Open> openByBuilding(GridNode grid);

    /** How current the figures are (read it before the figures, which are then at least this current). */
    Freshness freshness();

    /**
     * Folds every demand change committed so far into the rollup now, waiting at most {@code timeout} while another
     * instance holds the round; how many changes this call folded. For work that reads the figures right after writing
     * demands (the demo's red/black list after its replayed history); the scheduler does the same every few seconds.
     */
    int catchUp(java.time.Duration timeout);
}
