package io.gridwork.campaign.internal;

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
 * Moves a leaving staff member's part in running campaigns over their grid to the successor (交接): the successor
 * becomes a recipient of every running campaign the leaving account was sent (reason HANDOVER, the dispatch kept),
 * and takes over their volunteer places (same grid). The leaving account's recipient rows stay as the record of the
 * dispatch; visits already recorded keep their visitor. Finished campaigns are left alone. Idempotent.
 */
@Component
class CampaignHandOvers {

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;

    CampaignHandOvers(JdbcClient jdbc, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    /** Running campaigns over the grid path whose recipients or volunteers include one of these accounts. */
    List<Long> running(Collection<Long> accountIds, String gridPath, boolean volunteersOnly) {
        if (accountIds.isEmpty()) {
            return List.of();
        }
        String recipient = volunteersOnly ? "" : """
                exists (select 1 from campaign_recipient r where r.campaign_id = c.id and r.account_id in (:accounts)) or""";
        return jdbc.sql("""
                select c.id from campaign c
                 where c.status = 'RUNNING'
                   and exists (select 1 from campaign_target t where t.campaign_id = c.id
                                 and (t.grid_path like :path || '%' or cast(:path as varchar(1000)) like t.grid_path || '%'))
                   and (""" + recipient + """
                        exists (select 1 from campaign_volunteer v where v.campaign_id = c.id and v.account_id in (:accounts)))
                 order by c.id""")
                .param("path", gridPath).param("accounts", accountIds).query(Long.class).list();
    }

    @Transactional
    int handOver(Collection<Long> fromAccountIds, long toAccountId, Long toPersonId, String gridPath) {
        List<Long> campaigns = running(fromAccountIds, gridPath, false);
        Timestamp now = Timestamp.from(Instant.now());
        for (long c : campaigns) {
            for (long from : fromAccountIds) {
                if (from == toAccountId) {
                    continue;
                }
                Long dispatch = jdbc.sql("select dispatch_id from campaign_recipient where campaign_id = ? and account_id = ?")
                        .params(c, from).query(Long.class).optional().orElse(null);
                if (dispatch != null && !exists("campaign_recipient", c, toAccountId)) {
                    jdbc.sql("insert into campaign_recipient (campaign_id, account_id, dispatch_id, person_id, reason) values (?, ?, ?, ?, 'HANDOVER')")
                            .params(c, toAccountId, dispatch, toPersonId).update();
                }
                var volunteer = jdbc.sql("select grid_path, added_by from campaign_volunteer where campaign_id = ? and account_id = ?")
                        .params(c, from).query((rs, i) -> new Object[] {rs.getString(1), rs.getLong(2)}).optional();
                if (volunteer.isPresent()) {
                    if (!exists("campaign_volunteer", c, toAccountId)) {
                        jdbc.sql("insert into campaign_volunteer (campaign_id, account_id, grid_path, added_by, added_at) values (?, ?, ?, ?, ?)")
                                .params(c, toAccountId, volunteer.get()[0], volunteer.get()[1], now).update();
                    }
                    jdbc.sql("delete from campaign_volunteer where campaign_id = ? and account_id = ?").params(c, from).update();
                }
            }
        }
        return campaigns.size();
    }

    private boolean exists(String table, long campaignId, long accountId) {
        return jdbc.sql("select count(*) from " + table + " where campaign_id = ? and account_id = ?").params(campaignId, accountId)
                .query(Integer.class).single() > 0;
    }

    @ApplicationModuleListener
    void on(StaffEvents.StaffHandedOver e) {
        int moved = handOver(e.fromAccountIds(), e.toAccountId(), e.toPersonId(), e.gridPath());
        events.publishEvent(new StaffEvents.HandOverPartDone(e.handOverId(), "campaigns", moved));
    }
}
