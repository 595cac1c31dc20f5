package io.gridwork.notify.internal;

import java.util.Collection;
import java.util.List;
import java.util.Locale;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.gridwork.people.StaffEvents;

/**
 * A hand-over (交接) in the group matrix: the leaving staff member's OWNER and ADMIN places in the audiences under
 * their grid go to the successor (who keeps the higher role when already a manager), and the successor hears of the
 * hand-over in the inbox. Idempotent: a second run finds no place left and the inbox key absorbs the message.
 */
@Component
class GroupHandOvers {

    private final JdbcClient jdbc;
    private final Outbox outbox;
    private final MessageSource messages;
    private final ApplicationEventPublisher events;

    GroupHandOvers(JdbcClient jdbc, Outbox outbox, MessageSource messages, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.messages = messages;
        this.events = events;
    }

    /** Audiences under the grid path that one of these accounts manages. */
    List<Long> managed(Collection<Long> accountIds, String gridPath) {
        if (accountIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                select distinct a.id from notify_audience a join notify_audience_manager m on m.audience_id = a.id
                 where a.grid_path like :path || '%' and m.account_id in (:accounts) order by a.id""")
                .param("path", gridPath).param("accounts", accountIds).query(Long.class).list();
    }

    @Transactional
    int handOver(Collection<Long> fromAccountIds, long toAccountId, String gridPath) {
        List<Long> audiences = managed(fromAccountIds, gridPath);
        for (long audience : audiences) {
            for (long from : fromAccountIds) {
                if (from == toAccountId) {
                    continue;
                }
                String role = jdbc.sql("select manager_role from notify_audience_manager where audience_id = ? and account_id = ?")
                        .params(audience, from).query(String.class).optional().orElse(null);
                if (role == null) {
                    continue;
                }
                String present = jdbc.sql("select manager_role from notify_audience_manager where audience_id = ? and account_id = ?")
                        .params(audience, toAccountId).query(String.class).optional().orElse(null);
                if (present == null) {
                    jdbc.sql("insert into notify_audience_manager (audience_id, account_id, manager_role) values (?, ?, ?)")
                            .params(audience, toAccountId, role).update();
                } else if ("OWNER".equals(role) && !"OWNER".equals(present)) {
                    jdbc.sql("update notify_audience_manager set manager_role = 'OWNER' where audience_id = ? and account_id = ?")
                            .params(audience, toAccountId).update();
                }
                jdbc.sql("delete from notify_audience_manager where audience_id = ? and account_id = ?").params(audience, from).update();
            }
        }
        return audiences.size();
    }

    @ApplicationModuleListener
    void on(StaffEvents.StaffHandedOver e) {
        int moved = handOver(e.fromAccountIds(), e.toAccountId(), e.gridPath());
        Locale zh = Locale.SIMPLIFIED_CHINESE;
        String role = messages.getMessage("role." + e.role().name(), null, e.role().name(), zh);
        outbox.post(new Outbox.Message("staff:handover:" + e.handOverId(), Kind.STAFF, false,
                messages.getMessage("notify.msg.staffHandOver.title", new Object[] {e.fromName()}, zh),
                messages.getMessage("notify.msg.staffHandOver.body", new Object[] {e.fromName(), e.gridName(), role, e.reason()}, zh),
                "/demands"), List.of(e.toAccountId()));
        events.publishEvent(new StaffEvents.HandOverPartDone(e.handOverId(), "groups", moved));
    }
}
