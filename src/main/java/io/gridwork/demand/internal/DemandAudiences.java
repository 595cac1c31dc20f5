package io.gridwork.demand.internal;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

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
        Set<Party> parties = jdbc.sql("select distinct party from demand_assignment where demand_id = ? and status <> 'WITHDRAWN'")
                .param(d.id).query(String.class).list().stream().map(Party::valueOf)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Party.class)));
        return of(d, parties);
    }

    /** The audience with the parties known in memory (a new demand has none, or those it was just dispatched to). */
    static DemandEvents.Audience of(Demand d, Set<Party> parties) {
        return new DemandEvents.Audience(d.id, d.refNo, d.communityId, d.microGridId, d.gridPath, d.reporterAccountId,
                parties, d.categoryCode);
    }
}
