package io.gridwork.demand.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.gridwork.people.StaffEvents;

/**
 * Moves open demands from a leaving staff member to the successor (交接). The one in charge of an open demand (承办人)
 * is the account in {@code demand_handler}, or without a row the worker who accepted it (the actor of its ACCEPTED
 * step). Each moved demand gets a HANDED_OVER step; nothing of its history changes. Closed demands stay as they are.
 * Moving is idempotent: a second run finds nothing left with the leaving accounts.
 */
@Component
class DemandHandOvers {

    static final String OPEN = "'ACCEPTED','DISPATCHED','IN_PROGRESS','ON_HOLD','REOPENED'";

    private final JdbcClient jdbc;
    private final DemandRepository demands;
    private final ApplicationEventPublisher events;

    DemandHandOvers(JdbcClient jdbc, DemandRepository demands, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.demands = demands;
        this.events = events;
    }

    /** Open demands under the grid path in the charge of one of these accounts, in id order. */
    List<Long> openHandledBy(Collection<Long> accountIds, String gridPath) {
        if (accountIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                select d.id from demand d
                 where d.grid_path like :path || '%' and d.status in (""" + OPEN + """
                )
                   and coalesce((select h.account_id from demand_handler h where h.demand_id = d.id),
                                (select l.actor_id from demand_event_log l
                                  where l.id = (select max(l2.id) from demand_event_log l2
                                                 where l2.demand_id = d.id and l2.action = 'ACCEPTED'))) in (:accounts)
                 order by d.id""")
                .param("path", gridPath).param("accounts", accountIds).query(Long.class).list();
    }

    @Transactional
    int handOver(Collection<Long> fromAccountIds, long toAccountId, String gridPath, String note, String actorName) {
        List<Long> ids = openHandledBy(fromAccountIds, gridPath);
        Timestamp now = Timestamp.from(Instant.now());
        for (long id : ids) {
            Demand d = demands.require(id);
            d.note("HANDED_OVER", note);
            demands.save(d, null, actorName);
            jdbc.sql("delete from demand_handler where demand_id = ?").param(id).update();
            jdbc.sql("insert into demand_handler (demand_id, account_id, since) values (?, ?, ?)").params(id, toAccountId, now).update();
        }
        return ids.size();
    }

    @ApplicationModuleListener
    void on(StaffEvents.StaffHandedOver e) {
        int moved = handOver(e.fromAccountIds(), e.toAccountId(), e.gridPath(),
                e.fromName() + " → " + e.toName() + "：" + e.reason(), e.actorName());
        events.publishEvent(new StaffEvents.HandOverPartDone(e.handOverId(), "demands", moved));
    }
}
