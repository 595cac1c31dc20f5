package io.gridwork.iot.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import io.gridwork.iot.IotEvents;

/**
 * Flags devices whose last sign of life (an event or heartbeat; the registration before the first) is older
 * than {@code gridwork.iot.heartbeat-timeout}. Each outage is claimed with a conditional update
 * ({@code offline_since is null}), so however many instances scan, {@link IotEvents.DeviceOffline} is
 * published once; the next event clears the flag.
 */
@Service
public class OfflineWatch {

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final ApplicationEventPublisher events;
    private final IotProperties props;

    OfflineWatch(JdbcClient jdbc, TransactionTemplate tx, ApplicationEventPublisher events, IotProperties props) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.events = events;
        this.props = props;
    }

    @Scheduled(fixedDelayString = "${gridwork.iot.offline-scan-ms:60000}", initialDelayString = "${gridwork.iot.offline-scan-ms:60000}")
    void scheduled() {
        scan();
    }

    /** Returns the number of devices this call flagged. */
    public int scan() {
        Instant now = Instant.now();
        Timestamp cutoff = Timestamp.from(now.minus(props.heartbeatTimeout()));
        List<Long> due = jdbc.sql("""
                select id from iot_device where enabled = true and offline_since is null
                  and coalesce(last_seen_at, created_at) < ? order by id""").param(cutoff).query(Long.class).list();
        int flagged = 0;
        for (long id : due) {
            Boolean mine = tx.execute(s -> {
                int n = jdbc.sql("""
                        update iot_device set offline_since = ? where id = ? and offline_since is null
                          and coalesce(last_seen_at, created_at) < ?""").params(Timestamp.from(now), id, cutoff).update();
                if (n == 0) {
                    return false;
                }
                Device d = jdbc.sql("select " + DeviceRegistry.COLUMNS + " from iot_device where id = ?").param(id)
                        .query(DeviceRegistry::map).single();
                events.publishEvent(new IotEvents.DeviceOffline(d.id(), d.code(), d.type().name(), d.communityId(),
                        d.gridPath(), d.buildingId(), d.lastSeenAt() == null ? d.createdAt() : d.lastSeenAt(), now));
                return true;
            });
            flagged += Boolean.TRUE.equals(mine) ? 1 : 0;
        }
        return flagged;
    }
}
