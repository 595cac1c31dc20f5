package io.gridwork.demand.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.gridwork.demand.DemandStatus;
import io.gridwork.demand.DemandTimeline;
import io.gridwork.demand.Party;

/** {@link DemandTimeline} over {@code demand_event_log}, {@code demand} and {@code demand_assignment}: reads only. */
@Component
class DemandTimelineView implements DemandTimeline {

    /** Ids per read of the demands' snapshots. */
    private static final int CHUNK = 1000;

    private final JdbcClient jdbc;
    private final DemandAudiences audiences;

    DemandTimelineView(JdbcClient jdbc, DemandAudiences audiences) {
        this.jdbc = jdbc;
        this.audiences = audiences;
    }

    /**
     * The steps in a window of ids above {@code afterId} or, when it holds none, in the window from the next step on:
     * both reads go by the primary key. The open range ({@code id > ?}) alone was read as a scan of the whole month's
     * partition while that partition had no statistics yet (every month's start until it is analyzed; on the
     * benchmark, 15–19 ms a batch: issue 17).
     */
    @Override
    public List<Change> after(long afterId, int limit) {
        long window = Math.max(10_000L, 4L * limit);
        List<Change> rows = within(afterId + 1, afterId + window, limit);
        if (!rows.isEmpty()) {
            return rows;
        }
        return jdbc.sql("select min(id) from demand_event_log where id > ?").param(afterId).query(Long.class).optional()
                .map(next -> within(next, next + window, limit)).orElse(List.of());
    }

    @Override
    public List<Change> within(long fromId, long toId, int limit) {
        return jdbc.sql("select id, demand_id, at from demand_event_log where id between ? and ? order by id limit ?")
                .params(fromId, toId, limit)
                .query((rs, i) -> new Change(rs.getLong(1), rs.getLong(2), rs.getTimestamp(3).toInstant()))
                .list();
    }

    @Override
    public List<Snapshot> snapshots(Collection<Long> demandIds) {
        List<Long> ids = List.copyOf(new java.util.LinkedHashSet<>(demandIds));
        List<Snapshot> out = new ArrayList<>(ids.size());
        for (int from = 0; from < ids.size(); from += CHUNK) {
            // the ids as one array (here and in partiesOf): an IN list was planned anew for each length, 5 to 15 ms a
            // batch (issue 17)
            List<Long> slice = ids.subList(from, Math.min(ids.size(), from + CHUNK));
            Map<Long, Set<Party>> parties = audiences.partiesOf(slice);
            out.addAll(jdbc.sql("""
                    select id, status, category_code, grid_path, building_id, submitted_at, respond_yellow_at, respond_due_at,
                           responded_at, resolve_yellow_at, resolve_due_at, resolved_at, rating, rated_at
                      from demand where id = any(:ids)""")
                    .param("ids", slice.toArray(Long[]::new))
                    .query((rs, i) -> new Snapshot(rs.getLong(1), DemandStatus.valueOf(rs.getString(2)), rs.getString(3),
                            rs.getString(4), rs.getObject("building_id", Long.class), inst(rs, "submitted_at"),
                            inst(rs, "respond_yellow_at"), inst(rs, "respond_due_at"), inst(rs, "responded_at"),
                            inst(rs, "resolve_yellow_at"), inst(rs, "resolve_due_at"), inst(rs, "resolved_at"),
                            rs.getObject("rating", Integer.class), inst(rs, "rated_at"),
                            Set.copyOf(parties.getOrDefault(rs.getLong(1), EnumSet.noneOf(Party.class)))))
                    .list());
        }
        return out;
    }

    private static java.time.Instant inst(java.sql.ResultSet rs, String column) throws java.sql.SQLException {
        java.sql.Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
