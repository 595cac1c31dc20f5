package io.gridwork.notify.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Delivers due outbox rows. Every instance scans; each row is claimed with a conditional update
 * ({@code status = 'PENDING' and next_at <= now}), so only the instance whose update changed the row sends
 * it. Success marks it SENT; a failure is recorded and the row waits {@code base × 2^(attempts-1)} (capped,
 * and pushed past quiet hours when not urgent) until {@code max-attempts}, then it is FAILED. A claim carries
 * a lease: a row left SENDING by an instance that died goes back to PENDING when the lease runs out.
 */
@Component
public class Sender {

    private static final Logger log = LoggerFactory.getLogger(Sender.class);

    private final JdbcClient jdbc;
    private final NotifyTime time;
    private final NotifyProperties props;
    private final Map<ChannelType, ExternalChannel> channels = new EnumMap<>(ChannelType.class);
    private final String instance;

    @org.springframework.beans.factory.annotation.Autowired
    Sender(JdbcClient jdbc, NotifyTime time, NotifyProperties props, List<ExternalChannel> channels) {
        this(jdbc, time, props, channels, UUID.randomUUID().toString().substring(0, 8));
    }

    private Sender(JdbcClient jdbc, NotifyTime time, NotifyProperties props, List<ExternalChannel> channels, String instance) {
        this.jdbc = jdbc;
        this.time = time;
        this.props = props;
        channels.forEach(c -> this.channels.put(c.type(), c));
        this.instance = instance;
    }

    /** Another sender on the same database, as a second instance would run it (for tests). */
    public Sender otherInstance() {
        return new Sender(jdbc, time, props, List.copyOf(channels.values()), UUID.randomUUID().toString().substring(0, 8));
    }

    /** Sends what is due; returns how many this instance sent. */
    @Scheduled(fixedDelayString = "${gridwork.notify.send-interval-ms:10000}", initialDelayString = "${gridwork.notify.send-interval-ms:10000}")
    public int sendDue() {
        Instant now = time.now();
        jdbc.sql("update notify_delivery set status = 'PENDING', claimed_by = null where status = 'SENDING' and claimed_until < ?")
                .param(Timestamp.from(now)).update();
        List<Delivery> due = jdbc.sql("select * from notify_delivery where status = 'PENDING' and next_at <= ? order by next_at, id limit " + props.getBatchSize())
                .param(Timestamp.from(now)).query(Sender::row).list();
        int sent = 0;
        for (Delivery d : due) {
            if (send(d)) {
                sent++;
            }
        }
        return sent;
    }

    /** Claims and sends one row; false when another instance had it or the channel failed. */
    boolean send(Delivery d) {
        Instant now = time.now();
        int claimed = jdbc.sql("""
                update notify_delivery set status = 'SENDING', attempts = attempts + 1, claimed_by = ?, claimed_until = ?
                 where id = ? and status = 'PENDING' and next_at <= ?""")
                .params(instance, Timestamp.from(now.plus(props.getLease())), d.id(), Timestamp.from(now)).update();
        if (claimed == 0) {
            return false;
        }
        int attempt = d.attempts() + 1;
        ExternalChannel channel = channels.get(d.channel());
        try {
            if (channel == null) {
                throw new IllegalStateException("no channel " + d.channel());
            }
            channel.send(d);
        } catch (Exception e) {
            String error = e.getClass().getSimpleName() + ": " + e.getMessage();
            boolean last = attempt >= props.getMaxAttempts();
            Instant next = time.release(time.now().plus(backoff(attempt)), d.urgent());
            jdbc.sql("update notify_delivery set status = ?, next_at = ?, last_error = ?, claimed_by = null, claimed_until = null where id = ? and claimed_by = ?")
                    .params(last ? "FAILED" : "PENDING", Timestamp.from(next), Outbox.clip(error, 1000), d.id(), instance).update();
            log.info("delivery {} over {} failed (attempt {}): {}", d.id(), d.channel(), attempt, error);
            return false;
        }
        jdbc.sql("update notify_delivery set status = 'SENT', sent_at = ?, last_error = null, claimed_by = null, claimed_until = null where id = ? and claimed_by = ?")
                .params(Timestamp.from(time.now()), d.id(), instance).update();
        return true;
    }

    /** base × 2^(attempt-1), capped. */
    Duration backoff(int attempt) {
        Duration base = props.getBackoffBase();
        Duration d = base.multipliedBy(1L << Math.min(attempt - 1, 20));
        return d.compareTo(props.getBackoffMax()) > 0 ? props.getBackoffMax() : d;
    }

    static Delivery row(ResultSet rs, int i) throws SQLException {
        return new Delivery(rs.getLong("id"), rs.getString("dedupe_key"), ChannelType.valueOf(rs.getString("channel")),
                rs.getObject("account_id", Long.class), rs.getObject("audience_id", Long.class), Kind.valueOf(rs.getString("kind")),
                rs.getBoolean("urgent"), rs.getString("title"), rs.getString("body"), rs.getString("link"), rs.getString("status"),
                rs.getInt("attempts"), inst(rs.getTimestamp("next_at")), rs.getString("last_error"),
                inst(rs.getTimestamp("created_at")), inst(rs.getTimestamp("sent_at")));
    }

    static Instant inst(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }
}
