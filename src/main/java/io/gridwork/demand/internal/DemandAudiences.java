package io.gridwork.demand.internal;

import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.gridwork.demand.DemandEvents;
import io.gridwork.demand.Party;

/** Who must hear of a demand's events: its place, reporter, category and the parties it was dispatched to. */
@Component
class DemandAudiences {

    private final JdbcClient jdbc;

    DemandAudiences(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The audience with the parties read from the demand's assignments (those not withdrawn). */
    DemandEvents.Audience of(Demand d) {
        return of(d, partiesOf(List.of(d.id)).getOrDefault(d.id, EnumSet.noneOf(Party.class)));
    }

    /** The parties of each demand's assignments (those not withdrawn), in one read; demands without any are absent. */
    Map<Long, Set<Party>> partiesOf(Collection<Long> demandIds) {
        Map<Long, Set<Party>> parties = new HashMap<>();
        jdbc.sql("select demand_id, party from demand_assignment where demand_id = any(:ids) and status <> 'WITHDRAWN'")
                .param("ids", demandIds.toArray(Long[]::new))
                .query(rs -> {
                    parties.computeIfAbsent(rs.getLong(1), k -> EnumSet.noneOf(Party.class)).add(Party.valueOf(rs.getString(2)));
                });
        return parties;
    }

    /** The audience with the parties known in memory (a new demand has none, or those it was just dispatched to). */
    static DemandEvents.Audience of(Demand d, Set<Party> parties) {
        return new DemandEvents.Audience(d.id, d.refNo, d.communityId, d.microGridId, d.gridPath, d.reporterAccountId,
                parties, d.categoryCode);
    }
}
