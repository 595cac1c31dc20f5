package io.gridwork.measures;

import java.time.LocalDate;
import java.util.Collection;
import java.util.Map;

import io.gridwork.demand.Party;

/**
 * What other modules may read of the measures: the rollup's sums per grid for many grids at once (one query, so a
 * district's hundreds of compounds cost one read), and how current the rollup is.
 */
public interface MeasuresApi {

    /**
     * The measures of each grid (and everything below it) for days {@code from}..{@code to} inclusive (Asia/Shanghai),
     * counting only the demands assigned to {@code party} (all demands when null). Every id asked for is in the map;
     * a grid without figures has zeros. Callers check scope themselves.
     */
    Map<Long, Measures> ofGrids(Collection<Long> gridIds, LocalDate from, LocalDate to, Party party);

    /** How current the rollup is; read it before the figures, which are then at least this current. */
    Freshness freshness();
}
