package io.gridwork.access.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import io.gridwork.shared.security.Role;

/** The audit trail of accounts: who changed what on which account, when, and from which address. */
@Component
public class AccountAudit {

    public enum Action { CREATED, ROLES_CHANGED, SCOPE_CHANGED, NAME_CHANGED, ENABLED, DISABLED, PASSWORD_RESET, PASSWORD_CHANGED }

    /** One entry; values are role codes, {@code PII_UNMASK} and grid ids ("g:12"), as written. */
    public record Entry(long id, Long actorId, String actorName, Action action, String oldValue, String newValue,
            String clientAddress, Instant at) {
    }

    private final JdbcClient jdbc;

    AccountAudit(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void record(long accountId, Long actorId, Action action, String oldValue, String newValue) {
        jdbc.sql("insert into account_audit (account_id, actor_id, action, old_value, new_value, client_address, changed_at) values (?, ?, ?, ?, ?, ?, ?)")
                .params(accountId, actorId, action.name(), cut(oldValue), cut(newValue), clientAddress(), Timestamp.from(Instant.now()))
                .update();
    }

    List<Entry> of(long accountId) {
        return jdbc.sql("""
                select e.id, e.actor_id, a.display_name, e.action, e.old_value, e.new_value, e.client_address, e.changed_at
                  from account_audit e left join account a on a.id = e.actor_id
                 where e.account_id = ? order by e.id desc""")
                .param(accountId)
                .query((rs, i) -> new Entry(rs.getLong(1), rs.getObject(2, Long.class), rs.getString(3),
                        Action.valueOf(rs.getString(4)), rs.getString(5), rs.getString(6), rs.getString(7),
                        rs.getTimestamp(8).toInstant()))
                .list();
    }

    /** Roles, permissions and grids as one value: "GRID_WORKER,PII_UNMASK g:12,g:13". */
    static String describe(Set<Role> roles, Set<String> permissions, Collection<Long> gridIds) {
        return roles(roles, permissions) + " " + grids(gridIds);
    }

    static String roles(Set<Role> roles, Set<String> permissions) {
        Set<String> all = new TreeSet<>(roles.stream().map(Role::name).toList());
        all.addAll(permissions);
        return String.join(",", all);
    }

    static String grids(Collection<Long> gridIds) {
        return new TreeSet<>(gridIds).stream().map(g -> "g:" + g).collect(Collectors.joining(","));
    }

    private static String cut(String s) {
        return s == null || s.length() <= 2000 ? s : s.substring(0, 2000);
    }

    private static String clientAddress() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes a) {
            String addr = a.getRequest().getRemoteAddr();
            return addr == null || addr.length() <= 64 ? addr : addr.substring(0, 64);
        }
        return null;
    }
}
