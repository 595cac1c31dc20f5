package io.gridwork.notify.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes messages: one inbox entry per account and, for the external channels the account chose for the
 * kind (and has an address for), one outbox row each. Rows are keyed by event + recipient + channel, so a
 * redelivered event adds nothing. Nothing is sent here: {@link Sender} delivers after commit.
 */
@Component
public class Outbox {

    /** What to say; {@code eventKey} identifies the cause (e.g. {@code demand:12:submitted}). */
    public record Message(String eventKey, Kind kind, boolean urgent, String title, String body, String link) {
    }

    private final JdbcClient jdbc;
    private final NotifyTime time;
    private final NotifyProperties props;
    private final org.springframework.jdbc.core.JdbcTemplate batches;

    Outbox(JdbcClient jdbc, org.springframework.jdbc.core.JdbcTemplate batches, NotifyTime time, NotifyProperties props) {
        this.jdbc = jdbc;
        this.batches = batches;
        this.time = time;
        this.props = props;
    }

    /** Posts a message to accounts; returns how many inbox entries were new. */
    @Transactional
    public int post(Message m, Collection<Long> accountIds) {
        Set<Long> accounts = new LinkedHashSet<>(accountIds);
        accounts.remove(null);
        if (accounts.isEmpty()) {
            return 0;
        }
        Instant now = time.now();
        String key = shortKey(m.eventKey());
        List<Object[]> rows = new ArrayList<>(accounts.size());
        for (long account : accounts) {
            rows.add(new Object[] {account, m.kind().name(), m.urgent(), clip(m.title(), 200), clip(m.body(), 2000), m.link(), key,
                Timestamp.from(now)});
        }
        // one batch for the whole audience (a community's notice reaches thousands of accounts)
        int fresh = 0;
        for (int n : batches.batchUpdate("""
                insert into notify_message (account_id, kind, urgent, title, body, link, event_key, created_at)
                values (?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing""", rows)) {
            fresh += Math.max(n, 0);
        }
        // external channels: the accounts' choices for this kind, and whether they have an address and quiet hours
        Map<Long, Contact> contacts = contacts(accounts);
        List<Object[]> choices = jdbc.sql("select account_id, channel from notify_channel_choice where kind = :kind and account_id in (:ids)")
                .param("kind", m.kind().name()).param("ids", accounts)
                .query((rs, i) -> new Object[] {rs.getLong(1), ChannelType.valueOf(rs.getString(2))}).list();
        for (Object[] c : choices) {
            long account = (Long) c[0];
            ChannelType channel = (ChannelType) c[1];
            Contact contact = contacts.get(account);
            if (contact == null || (channel == ChannelType.EMAIL && !contact.email()) || (channel == ChannelType.SMS && !contact.phone())) {
                continue;
            }
            boolean quiet = contact.quietHours();
            queue(key + "|a" + account + "|" + channel, channel, account, null, m, quiet ? time.release(now, m.urgent()) : now);
        }
        return fresh;
    }

    /** Posts a message to an audience's WeCom group robot (if it has one). */
    @Transactional
    public void postToRobot(Message m, long audienceId) {
        boolean hasRobot = jdbc.sql("select count(*) from notify_audience where id = ? and webhook_enc is not null")
                .param(audienceId).query(Integer.class).single() > 0;
        if (hasRobot) {
            Instant now = time.now();
            queue(shortKey(m.eventKey()) + "|g" + audienceId + "|WECOM", ChannelType.WECOM, null, audienceId, m,
                    time.release(now, m.urgent()));
        }
    }

    private void queue(String dedupe, ChannelType channel, Long account, Long audience, Message m, Instant nextAt) {
        boolean on = switch (channel) {
            case EMAIL -> !props.getEmail().getHost().isBlank();
            case SMS -> !props.getSms().getUrl().isBlank();
            case WECOM -> props.getWecom().isEnabled();
            case INBOX -> true;
        };
        jdbc.sql("""
                insert into notify_delivery (dedupe_key, channel, account_id, audience_id, kind, urgent, title, body, link,
                                             status, next_at, last_error, created_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing""")
                .params(dedupe, channel.name(), account, audience, m.kind().name(), m.urgent(), clip(m.title(), 200),
                        clip(m.body(), 2000), m.link(), on ? "PENDING" : "SKIPPED", Timestamp.from(nextAt),
                        on ? null : "channel " + channel + " is not configured", Timestamp.from(time.now()))
                .update();
    }

    private record Contact(boolean email, boolean phone, boolean quietHours) {
    }

    private Map<Long, Contact> contacts(Set<Long> accounts) {
        Map<Long, Contact> out = new HashMap<>();
        jdbc.sql("select account_id, email_enc, phone_enc, quiet_hours from notify_preference where account_id in (:ids)")
                .param("ids", accounts)
                .query(rs -> {
                    out.put(rs.getLong(1), new Contact(rs.getString(2) != null, rs.getString(3) != null, rs.getBoolean(4)));
                });
        return out;
    }

    static String clip(String s, int max) {
        if (s == null) {
            return "";
        }
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    /** Event keys longer than 200 characters are shortened to a prefix and a hash (still unique per event). */
    static String shortKey(String key) {
        if (key.length() <= 200) {
            return key;
        }
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return key.substring(0, 130) + "#" + HexFormat.of().formatHex(h);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Long> ids(Collection<Long> in) {
        return new ArrayList<>(new LinkedHashSet<>(in));
    }
}
