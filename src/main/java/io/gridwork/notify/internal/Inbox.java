package io.gridwork.notify.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.gridwork.shared.web.ProblemException;

/** The in-app inbox of one account. */
@Service
@Transactional(readOnly = true)
public class Inbox {

    public record Entry(long id, Kind kind, boolean urgent, String title, String body, String link, Instant createdAt,
            Instant readAt) {
        public boolean unread() {
            return readAt == null;
        }
    }

    private final JdbcClient jdbc;
    private final NotifyTime time;

    Inbox(JdbcClient jdbc, NotifyTime time) {
        this.jdbc = jdbc;
        this.time = time;
    }

    public List<Entry> list(long accountId, boolean unreadOnly, int limit, long beforeId) {
        return jdbc.sql("select id, kind, urgent, title, body, link, created_at, read_at from notify_message where account_id = ? and id < ?"
                + (unreadOnly ? " and read_at is null" : "") + " order by id desc limit " + Math.max(1, Math.min(limit, 200)))
                .params(accountId, beforeId)
                .query((rs, i) -> new Entry(rs.getLong(1), Kind.valueOf(rs.getString(2)), rs.getBoolean(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), Sender.inst(rs.getTimestamp(7)), Sender.inst(rs.getTimestamp(8))))
                .list();
    }

    public long unread(long accountId) {
        return jdbc.sql("select count(*) from notify_message where account_id = ? and read_at is null").param(accountId)
                .query(Long.class).single();
    }

    /** Marks one entry read (again: harmless); 404 when it is not the account's. */
    @Transactional
    public void markRead(long accountId, long id) {
        int n = jdbc.sql("select count(*) from notify_message where id = ? and account_id = ?").params(id, accountId)
                .query(Integer.class).single();
        if (n == 0) {
            throw ProblemException.notFound("message", id);
        }
        jdbc.sql("update notify_message set read_at = ? where id = ? and account_id = ? and read_at is null")
                .params(Timestamp.from(time.now()), id, accountId).update();
    }

    @Transactional
    public int markAllRead(long accountId) {
        return jdbc.sql("update notify_message set read_at = ? where account_id = ? and read_at is null")
                .params(Timestamp.from(time.now()), accountId).update();
    }
}
