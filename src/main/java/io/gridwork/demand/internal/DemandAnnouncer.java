package io.gridwork.demand.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.gridwork.demand.Channel;
import io.gridwork.demand.DemandEvents;
import io.gridwork.demand.Party;

/**
 * Announces new demands after their own transactions: the intake writes the demand row and a row of
 * {@code demand_unannounced} (V198) and nothing else; every {@code gridwork.demand.announce-interval} this takes up
 * to a batch of those rows (oldest first), deletes them and publishes one {@link DemandEvents.DemandsSubmitted} for
 * all of their demands, in one transaction. The publication is stored with the deletions (the event publication
 * registry), so a crash either leaves the rows for the next round or leaves a publication that is delivered or
 * resubmitted: a new demand is announced exactly once, and an intake costs no event publication of its own. Rows
 * locked by another instance's round are skipped. The demand row itself is never written again for this.
 */
@Component
public class DemandAnnouncer {

    private static final Logger log = LoggerFactory.getLogger(DemandAnnouncer.class);

    private final JdbcClient jdbc;
    private final DemandAudiences audiences;
    private final TransactionTemplate tx;
    private final ApplicationEventPublisher events;
    private final int batch;
    private final Clock clock = Clock.systemUTC();
    private volatile Instant failingSince;

    DemandAnnouncer(JdbcClient jdbc, DemandAudiences audiences, TransactionTemplate tx, ApplicationEventPublisher events,
            @Value("${gridwork.demand.announce-batch:200}") int batch) {
        this.jdbc = jdbc;
        this.audiences = audiences;
        this.tx = tx;
        this.events = events;
        this.batch = Math.max(1, batch);
    }

    @Scheduled(initialDelayString = "${gridwork.demand.announce-interval:200ms}",
            fixedDelayString = "${gridwork.demand.announce-interval:200ms}")
    void scheduled() {
        try {
            announceAll();
            if (failingSince != null) {
                log.info("new demands are announced again (failing since {})", failingSince);
                failingSince = null;
            }
        } catch (DataAccessException e) {
            // the database is away: the rows stay, the next round takes them; said once per outage
            if (failingSince == null) {
                failingSince = clock.instant();
                log.warn("announcing new demands failed, will retry: {}", e.getMessage());
            }
        }
    }

    /** Announces every demand waiting, batch after batch; returns how many. Tests call it to skip the wait. */
    public int announceAll() {
        int total = 0;
        int n;
        do {
            n = announceBatch();
            total += n;
        } while (n == batch);
        return total;
    }

    private int announceBatch() {
        Integer n = tx.execute(s -> {
            List<Long> ids = jdbc.sql("""
                    select demand_id from demand_unannounced order by demand_id fetch first :n rows only for update skip locked""")
                    .param("n", batch).query(Long.class).list();
            if (ids.isEmpty()) {
                return 0;
            }
            // the ids as one array: an IN list of as many parameters was planned anew for each length (issue 17)
            Long[] array = ids.toArray(Long[]::new);
            List<DemandEvents.DemandSubmitted> submitted = new ArrayList<>();
            jdbc.sql("""
                    select id, ref_no, community_id, micro_grid_id, grid_path, reporter_account_id, category_code, channel,
                           submitted_at
                      from demand where id = any(:ids) order by id""")
                    .param("ids", array)
                    .query(rs -> {
                        submitted.add(new DemandEvents.DemandSubmitted(new DemandEvents.Audience(rs.getLong(1), rs.getString(2),
                                rs.getLong(3), rs.getObject(4, Long.class), rs.getString(5), rs.getObject(6, Long.class),
                                Set.of(), rs.getString(7)), Channel.valueOf(rs.getString(8)), rs.getTimestamp(9).toInstant()));
                    });
            jdbc.sql("delete from demand_unannounced where demand_id = any(:ids)").param("ids", array).update();
            events.publishEvent(new DemandEvents.DemandsSubmitted(withParties(submitted, ids)));
            return submitted.size();
        });
        return n == null ? 0 : n;
    }

    /** A device's demand is dispatched as it is taken in: its audience names the parties it went to. */
    private List<DemandEvents.DemandSubmitted> withParties(List<DemandEvents.DemandSubmitted> submitted, List<Long> ids) {
        Map<Long, Set<Party>> parties = audiences.partiesOf(ids);
        if (parties.isEmpty()) {
            return submitted;
        }
        return submitted.stream().map(e -> {
            Set<Party> p = parties.get(e.audience().demandId());
            if (p == null) {
                return e;
            }
            var a = e.audience();
            return new DemandEvents.DemandSubmitted(new DemandEvents.Audience(a.demandId(), a.refNo(), a.communityId(),
                    a.microGridId(), a.gridPath(), a.reporterAccountId(), p, a.categoryCode()), e.channel(), e.at());
        }).toList();
    }
}
