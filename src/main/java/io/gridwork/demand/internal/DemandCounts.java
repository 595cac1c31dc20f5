package io.gridwork.demand.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.gridwork.demand.DemandStatus;
import io.gridwork.demand.internal.DemandListSql.Branch;
import io.gridwork.demand.internal.DemandQueries.Count;
import io.gridwork.demand.internal.DemandQueries.Filter;
import io.gridwork.shared.security.GridworkUser;

/** Counting the demands a viewer may see: bounded totals of a list. */
@Component
@org.springframework.transaction.annotation.Transactional(readOnly = true) // a read replica may answer (ReplicaRouting)
class DemandCounts {

    private final JdbcClient jdbc;
    private final DemandListSql sql;

    DemandCounts(JdbcClient jdbc, DemandListSql sql) {
        this.jdbc = jdbc;
        this.sql = sql;
    }

    /**
     * How many demands the viewer may see pass the filter, counted up to {@code cap} (then {@code capped}): each
     * branch reads at most that many ids, so the count costs the same in a community and in the city.
     */
    Count count(Filter f, GridworkUser viewer, int cap) {
        DemandListSql.Scope scope = sql.scope(f, viewer);
        // grid staff see every demand under a grid of their scope: without other filters than the time, a grid's
        // count is a range of demand_reach alone (an index-only scan), no demand row read
        boolean reachAlone = DemandService.isGridStaff(viewer) && (f.statuses() == null || f.statuses().isEmpty())
                && f.categoryCode() == null && f.party() == null && f.colour() == null
                && (f.refNo() == null || f.refNo().isBlank()) && f.measure() == null && f.buildingId() == null;
        Set<Long> ids = new HashSet<>();
        if (scope.byCategory()) {
            // the whole condition in one read: the planner takes the category's range of the period
            ids.addAll(jdbc.sql("select d.id from demand d where " + scope.where() + " fetch first " + (cap + 1) + " rows only")
                    .params(scope.params()).query(Long.class).list());
            return new Count(Math.min(ids.size(), cap), ids.size() > cap);
        }
        for (Branch b : scope.branches()) {
            String read;
            if (reachAlone && b.onReach()) {
                read = "select k.demand_id from demand_reach k where " + b.condition() + DemandListSql.period("k.submitted_at", f);
            } else {
                read = "select d.id from " + b.from() + " where " + b.condition() + DemandListSql.reachTime(b, f) + " and "
                        + scope.where();
            }
            ids.addAll(jdbc.sql(read + " fetch first " + (cap + 1) + " rows only").params(scope.params()).query(Long.class).list());
            if (ids.size() > cap) {
                break;
            }
        }
        return new Count(Math.min(ids.size(), cap), ids.size() > cap);
    }
}
