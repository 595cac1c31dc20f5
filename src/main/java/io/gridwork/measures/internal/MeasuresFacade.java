package io.gridwork.measures.internal;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.gridwork.demand.Party;
import io.gridwork.measures.Freshness;
import io.gridwork.measures.Measures;
import io.gridwork.measures.MeasuresApi;

@Component
class MeasuresFacade implements MeasuresApi {

    /** Ids per {@code in (...)} list. */
    private static final int CHUNK = 1000;

    private final JdbcClient jdbc;
    private final MeasureFolder folder;

    MeasuresFacade(JdbcClient jdbc, MeasureFolder folder) {
        this.jdbc = jdbc;
        this.folder = folder;
    }

    @Override
    public Map<Long, Measures> ofGrids(Collection<Long> gridIds, LocalDate from, LocalDate to, Party party) {
        Map<Long, Measures> out = new HashMap<>();
        List<Long> ids = new ArrayList<>(new LinkedHashSet<>(gridIds));
        for (int i = 0; i < ids.size(); i += CHUNK) {
            jdbc.sql("select r.grid_id, coalesce(sum(r.found), 0), coalesce(sum(r.rectified), 0), coalesce(sum(r.respond_due), 0),"
                    + " coalesce(sum(r.respond_on_time), 0), coalesce(sum(r.resolve_due), 0), coalesce(sum(r.resolve_on_time), 0),"
                    + " coalesce(sum(r.ratings), 0), coalesce(sum(r.satisfied), 0) from demand_measure_daily r"
                    + " where r.grid_id in (:grids) and r.party = :party and r.stat_day between :from and :to group by r.grid_id")
                    .param("grids", ids.subList(i, Math.min(ids.size(), i + CHUNK))).param("from", Date.valueOf(from))
                    .param("to", Date.valueOf(to)).param("party", party == null ? MeasureFact.ALL_PARTIES : party.name())
                    .query(rs -> {
                        long g = rs.getLong(1);
                        out.put(g, new Measures(g, null, rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6),
                                rs.getLong(7), rs.getLong(8), rs.getLong(9)));
                    });
        }
        for (Long id : ids) {
            out.putIfAbsent(id, new Measures(id, null, 0, 0, 0, 0, 0, 0, 0, 0));
        }
        return out;
    }

    @Override
    public Freshness freshness() {
        return folder.freshness();
    }
}
