package io.gridwork.notify.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

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

    Outbox(JdbcClient jdbc, NotifyTime time, NotifyProperties props) {
        this.jdbc = jdbc;
        this.time = time;
        this.props = props;
    }

    /** Rows a multi-row insert carries at most (PostgreSQL binds at most 65,535 parameters a statement). */
    static final int ROWS_PER_INSERT = 500;

    /** A message with the accounts it goes to. */
    public record Addressed(Message message, Collection<Long> accountIds) {
    }

    /**
     * Posts a message to accounts; returns how many inbox entries were new. The inbox rows are one multi-row
     * insert (per {@value #ROWS_PER_INSERT} accounts), the accounts' channel choices are read with their
     * addresses and quiet hours in one query, and the deliveries are one multi-row insert.
     */
    @Transactional
    public int post(Message m, Collection<Long> accountIds) {
        return postAll(List.of(new Addressed(m, accountIds)));
    }

    /**
     * Posts several messages at once (a batch of new demands): the inbox rows of all of them are multi-row
     * inserts, the channel choices of all their accounts one query, the deliveries multi-row inserts.
     */
    @Transactional
    public int postAll(List<Addressed> messages) {
        Instant now = time.now();
        Timestamp at = Timestamp.from(now);
        List<Object[]> rows = new ArrayList<>();
        Map<Long, List<Message>> byAccount = new LinkedHashMap<>();
        for (Addressed a : messages) {
            Message m = a.message();
            Set<Long> accounts = new LinkedHashSet<>(a.accountIds());
            accounts.remove(null);
            for (long account : accounts) {
                rows.add(new Object[] {account, m.kind().name(), m.urgent(), clip(m.title(), 200), clip(m.body(), 2000), m.link(),
                    shortKey(m.eventKey()), at});
                byAccount.computeIfAbsent(account, k -> new ArrayList<>()).add(m);
            }
        }
        if (rows.isEmpty()) {
            return 0;
        }
        int fresh = insertAll("insert into notify_message (account_id, kind, urgent, title, body, link, event_key, created_at) values ",
                8, rows);
        // external channels: the accounts' choices for these kinds, with whether they have an address and quiet hours
        Set<String> kinds = new TreeSet<>();
        messages.forEach(a -> kinds.add(a.message().kind().name()));
        List<Delivery> deliveries = new ArrayList<>();
        jdbc.sql("""
                select c.account_id, c.kind, c.channel, p.email_enc is not null, p.phone_enc is not null, p.quiet_hours
                  from notify_channel_choice c join notify_preference p on p.account_id = c.account_id
                 where c.kind in (:kinds) and c.account_id in (:ids) order by c.account_id, c.channel""")
                .param("kinds", kinds).param("ids", byAccount.keySet())
                .query(rs -> {
                    long account = rs.getLong(1);
                    String kind = rs.getString(2);
                    ChannelType channel = ChannelType.valueOf(rs.getString(3));
                    if ((channel == ChannelType.EMAIL && !rs.getBoolean(4)) || (channel == ChannelType.SMS && !rs.getBoolean(5))) {
                        return;
                    }
                    boolean quiet = rs.getBoolean(6);
                    for (Message m : byAccount.get(account)) {
                        if (m.kind().name().equals(kind)) {
                            deliveries.add(new Delivery(m, shortKey(m.eventKey()) + "|a" + account + "|" + channel, channel, account,
                                    null, quiet ? time.release(now, m.urgent()) : now));
                        }
                    }
                });
        queue(deliveries);
        return fresh;
    }

    /** Posts a message to an audience's WeCom group robot (if it has one). */
    @Transactional
    public void postToRobot(Message m, long audienceId) {
        boolean hasRobot = jdbc.sql("select count(*) from notify_audience where id = ? and webhook_enc is not null")
                .param(audienceId).query(Integer.class).single() > 0;
        if (hasRobot) {
            Instant now = time.now();
            queue(List.of(new Delivery(m, shortKey(m.eventKey()) + "|g" + audienceId + "|WECOM", ChannelType.WECOM, null,
                    audienceId, time.release(now, m.urgent()))));
        }
    }

    /** One outbox row to write: keyed by event, recipient and channel. */
    private record Delivery(Message m, String dedupe, ChannelType channel, Long account, Long audience, Instant nextAt) {
    }

    private void queue(List<Delivery> deliveries) {
        if (deliveries.isEmpty()) {
            return;
        }
        Timestamp created = Timestamp.from(time.now());
        List<Object[]> rows = new ArrayList<>(deliveries.size());
        for (Delivery d : deliveries) {
            Message m = d.m();
            boolean on = switch (d.channel()) {
                case EMAIL -> !props.getEmail().getHost().isBlank();
                case SMS -> !props.getSms().getUrl().isBlank();
                case WECOM -> props.getWecom().isEnabled();
                case INBOX -> true;
            };
            rows.add(new Object[] {d.dedupe(), d.channel().name(), d.account(), d.audience(), m.kind().name(), m.urgent(),
                clip(m.title(), 200), clip(m.body(), 2000), m.link(), on ? "PENDING" : "SKIPPED", Timestamp.from(d.nextAt()),
                on ? null : "channel " + d.channel() + " is not configured", created});
        }
        insertAll("""
                insert into notify_delivery (dedupe_key, channel, account_id, audience_id, kind, urgent, title, body, link,
                                             status, next_at, last_error, created_at) values """, 13, rows);
    }

    /**
     * Inserts rows with {@code on conflict do nothing} as multi-row inserts of at most {@value #ROWS_PER_INSERT}
     * rows each; returns how many were new.
     */
    private int insertAll(String insertInto, int columns, List<Object[]> rows) {
        String tuple = "(" + String.join(", ", java.util.Collections.nCopies(columns, "?")) + ")";
        int fresh = 0;
        for (int from = 0; from < rows.size(); from += ROWS_PER_INSERT) {
            List<Object[]> chunk = rows.subList(from, Math.min(rows.size(), from + ROWS_PER_INSERT));
            List<Object> params = new ArrayList<>(chunk.size() * columns);
            chunk.forEach(r -> params.addAll(java.util.Arrays.asList(r)));
            fresh += jdbc.sql(insertInto + String.join(", ", java.util.Collections.nCopies(chunk.size(), tuple))
                    + " on conflict do nothing").params(params).update();
        }
        return fresh;
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
