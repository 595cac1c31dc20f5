package io.gridwork.iot.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Refused payloads: counted per reason (one row each, incremented in the database so every instance adds
 * to the same count) and kept for a while for the admins' page. Recording never throws: a reject must
 * not stop the consumer.
 */
@Service
public class Rejects {

    /** A recent reject as listed. */
    public record Reject(long id, RejectReason reason, String via, String deviceCode, String detail, Instant at) {
    }

    private static final Logger log = LoggerFactory.getLogger(Rejects.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final IotProperties props;

    Rejects(JdbcClient jdbc, PlatformTransactionManager txm, IotProperties props) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(txm);
        this.tx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.props = props;
    }

    public void record(RejectReason reason, String via, String deviceCode, String detail) {
        try {
            Timestamp now = Timestamp.from(Instant.now());
            tx.executeWithoutResult(s -> {
                jdbc.sql("insert into iot_reject (reason, via, device_code, detail, rejected_at) values (?, ?, ?, ?, ?)")
                        .params(reason.name(), via, cut(deviceCode, 64), cut(detail, 500), now).update();
                int n = jdbc.sql("update iot_reject_count set total = total + 1, last_at = ? where reason = ?")
                        .params(now, reason.name()).update();
                if (n == 0) {
                    n = jdbc.sql("insert into iot_reject_count (reason, total, last_at) values (?, 1, ?) on conflict do nothing")
                            .params(reason.name(), now).update();
                    if (n == 0) {
                        jdbc.sql("update iot_reject_count set total = total + 1, last_at = ? where reason = ?")
                                .params(now, reason.name()).update();
                    }
                }
            });
            log.info("IoT payload rejected via {}: {} (device {})", via, reason, deviceCode);
        } catch (RuntimeException e) {
            log.warn("could not record an IoT reject ({}): {}", reason, e.toString());
        }
    }

    public Map<RejectReason, Long> counts() {
        Map<RejectReason, Long> out = new TreeMap<>();
        jdbc.sql("select reason, total from iot_reject_count").query((rs, i) -> {
            out.put(RejectReason.valueOf(rs.getString(1)), rs.getLong(2));
            return null;
        }).list();
        return out;
    }

    public List<Reject> recent(int limit) {
        return jdbc.sql("select id, reason, via, device_code, detail, rejected_at from iot_reject order by id desc limit " + limit)
                .query((rs, i) -> new Reject(rs.getLong(1), RejectReason.valueOf(rs.getString(2)), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getTimestamp(6).toInstant()))
                .list();
    }

    @Scheduled(fixedDelayString = "${gridwork.iot.prune-ms:3600000}", initialDelayString = "${gridwork.iot.prune-ms:3600000}")
    void prune() {
        jdbc.sql("delete from iot_reject where rejected_at < ?")
                .param(Timestamp.from(Instant.now().minus(props.rejectRetention()))).update();
    }

    private static String cut(String s, int max) {
        return s == null ? null : s.length() <= max ? s : s.substring(0, max);
    }
}
