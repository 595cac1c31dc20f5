package io.gridwork.access.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.gridwork.access.AccountApi;
import io.gridwork.access.PasswordPolicy;
import io.gridwork.grid.BuildingView;
import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridNode;
import io.gridwork.people.AssignmentView;
import io.gridwork.people.PeopleApi;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.security.Role;
import io.gridwork.shared.web.ProblemException;

@Service
@Transactional(readOnly = true)
public class AccountService implements AccountApi, UserDetailsService {

    private final JdbcClient jdbc;
    private final PasswordEncoder passwords;
    private final GridApi grid;
    private final PeopleApi people;
    private final int maxFailures;
    private final int lockMinutes;
    private final SecureRandom random = new SecureRandom();
    private final AccountAudit audit;

    AccountService(JdbcClient jdbc, PasswordEncoder passwords, GridApi grid, PeopleApi people, AccountAudit audit,
            @Value("${gridwork.security.login-max-failures:5}") int maxFailures,
            @Value("${gridwork.security.login-lock-minutes:15}") int lockMinutes,
            @Value("${gridwork.security.account-state-cache:1s}") java.time.Duration stateCache) {
        this.states = new io.gridwork.shared.TtlCache<>(stateCache, 100_000);
        this.jdbc = jdbc;
        this.passwords = passwords;
        this.grid = grid;
        this.people = people;
        this.audit = audit;
        this.maxFailures = maxFailures;
        this.lockMinutes = lockMinutes;
    }

    @Override
    public GridworkUser loadUserByUsername(String username) {
        return load("username = ?", username).orElseThrow(() -> new UsernameNotFoundException("no such account"));
    }

    Optional<GridworkUser> loadById(long id) {
        return load("id = ?", id);
    }

    private Optional<GridworkUser> load(String where, Object key) {
        return jdbc.sql("select id, username, password_hash, display_name, person_id, enabled, locked_until, authz_version from account where " + where)
                .param(key)
                .query((rs, i) -> {
                    Timestamp lockedUntil = rs.getTimestamp("locked_until");
                    return new Object[] {rs.getLong("id"), rs.getString("username"), rs.getString("password_hash"),
                        rs.getString("display_name"), rs.getObject("person_id", Long.class), rs.getBoolean("enabled"),
                        lockedUntil != null && lockedUntil.toInstant().isAfter(Instant.now()), rs.getLong("authz_version")};
                })
                .optional()
                .map(this::toUser);
    }

    private GridworkUser toUser(Object[] row) {
        long id = (Long) row[0];
        Long personId = (Long) row[4];
        Set<Role> roles = EnumSet.noneOf(Role.class);
        Set<String> permissions = new HashSet<>();
        for (String a : jdbc.sql("select authority from account_authority where account_id = ?").param(id).query(String.class).list()) {
            if (a.startsWith("ROLE_")) {
                try {
                    roles.add(Role.valueOf(a.substring(5)));
                } catch (IllegalArgumentException unknown) {
                    // a role this build does not know (written by a newer version): grants nothing here
                }
            } else {
                permissions.add(a);
            }
        }
        Long householdId = personId == null ? null : people.currentHouseholdOf(personId).orElse(null);
        return new GridworkUser(id, (String) row[1], (String) row[2], (String) row[3], personId, householdId, roles,
                permissions, scopePaths(id, personId, roles), (Boolean) row[5], (Boolean) row[6], (Long) row[7]);
    }

    /** Explicit scopes plus the grids of running assignments; admins see everything. */
    private List<String> scopePaths(long accountId, Long personId, Set<Role> roles) {
        if (roles.contains(Role.ADMIN)) {
            return List.of("/");
        }
        Set<String> paths = new LinkedHashSet<>(jdbc.sql(
                "select g.path from account_scope s join v_grid_node g on g.id = s.grid_id where s.account_id = ?")
                .param(accountId).query(String.class).list());
        if (personId != null && roles.stream().anyMatch(Role::isStaff)) {
            for (AssignmentView a : people.activeAssignmentsOf(personId)) {
                if (a.gridId() != null) {
                    grid.node(a.gridId()).map(GridNode::path).ifPresent(paths::add);
                } else if (a.buildingId() != null) {
                    grid.building(a.buildingId()).map(BuildingView::microGridId).flatMap(grid::node)
                            .map(GridNode::path).ifPresent(paths::add);
                }
            }
        }
        // Keep only the outermost paths: a scope inside another adds nothing.
        List<String> outer = new ArrayList<>();
        for (String p : paths) {
            if (paths.stream().noneMatch(q -> !q.equals(p) && p.startsWith(q))) {
                outer.add(p);
            }
        }
        return outer;
    }

    @Override
    public Optional<Long> accountIdOf(String username) {
        return jdbc.sql("select id from account where username = ? and enabled").param(username).query(Long.class).optional();
    }

    @Override
    public Optional<String> usernameOf(long accountId) {
        return jdbc.sql("select username from account where id = ? and enabled").param(accountId).query(String.class).optional();
    }

    @Override
    @Transactional
    public long createAccount(String username, String rawPassword, String displayName, Long personId, Set<Role> roles,
            Set<String> permissions, Collection<Long> scopeGridIds) {
        return insert(username, rawPassword, displayName, personId, roles, permissions, scopeGridIds, false, null);
    }

    @Override
    @Transactional
    public String createAccountWithTemporaryPassword(String username, String displayName, Long personId, Set<Role> roles,
            Collection<Long> scopeGridIds) {
        String password = PasswordPolicy.generate();
        Long actor = io.gridwork.shared.security.CurrentUser.find().map(GridworkUser::accountId).orElse(null);
        insert(username, password, displayName, personId, roles, Set.of(), scopeGridIds, true, actor);
        return password;
    }

    static final String USERNAME = "[A-Za-z0-9._-]{3,64}";

    /** Validates, then writes the account with its roles, permissions and scope, and the audit entry. */
    long insert(String username, String rawPassword, String displayName, Long personId, Set<Role> roles,
            Set<String> permissions, Collection<Long> scopeGridIds, boolean mustChange, Long actorId) {
        if (username == null || !username.matches(USERNAME)) {
            throw ProblemException.badRequest("invalid-username", "user names are 3-64 letters, digits, '.', '_' or '-'",
                    Map.of("field", "username"));
        }
        if (displayName == null || displayName.isBlank() || displayName.length() > 100) {
            throw ProblemException.badRequest("name-required", "a display name of at most 100 characters is required",
                    Map.of("field", "displayName"));
        }
        PasswordPolicy.check(username, rawPassword);
        if (jdbc.sql("select count(*) from account where username = ?").param(username).query(Integer.class).single() > 0) {
            throw ProblemException.conflict("username-taken", "user name " + username + " is taken");
        }
        var keys = new GeneratedKeyHolder();
        jdbc.sql("insert into account (username, password_hash, display_name, person_id, must_change_password) values (?, ?, ?, ?, ?)")
                .params(username, passwords.encode(rawPassword), displayName.strip(), personId, mustChange).update(keys, "id");
        long id = Objects.requireNonNull(keys.getKey()).longValue();
        for (Role r : roles) {
            jdbc.sql("insert into account_authority (account_id, authority) values (?, ?)").params(id, r.authority()).update();
        }
        for (String p : permissions) {
            jdbc.sql("insert into account_authority (account_id, authority) values (?, ?)").params(id, p).update();
        }
        for (Long g : new LinkedHashSet<>(scopeGridIds)) {
            jdbc.sql("insert into account_scope (account_id, grid_id) values (?, ?)").params(id, g).update();
        }
        audit.record(id, actorId, AccountAudit.Action.CREATED, null, AccountAudit.describe(roles, permissions, scopeGridIds));
        return id;
    }

    /** What the per-request check needs: one read of the account row by its key. */
    public record State(long authzVersion, boolean enabled, boolean mustChangePassword) {
    }

    /**
     * Cached per instance for {@code gridwork.security.account-state-cache} (1 s): a change made on this instance
     * clears it at once ({@link #forgetCachedAccounts}), one made on another instance applies here within that time.
     */
    @Transactional(propagation = org.springframework.transaction.annotation.Propagation.NOT_SUPPORTED)
    public Optional<State> state(long accountId) {
        return states.get(accountId, id -> jdbc.sql("select authz_version, enabled, must_change_password from account where id = ?")
                .param(id).query((rs, i) -> new State(rs.getLong(1), rs.getBoolean(2), rs.getBoolean(3))).optional());
    }

    private final io.gridwork.shared.TtlCache<Long, Optional<State>> states;

    /** The signed-in user changes their own password (also the forced change after a reset). */
    @Transactional
    public void changeOwnPassword(long accountId, String currentPassword, String newPassword) {
        var row = jdbc.sql("select username, password_hash from account where id = ?").param(accountId)
                .query((rs, i) -> new String[] {rs.getString(1), rs.getString(2)}).single();
        if (currentPassword == null || !passwords.matches(currentPassword, row[1])) {
            throw ProblemException.badRequest("wrong-password", "the current password is not right", Map.of("field", "currentPassword"));
        }
        PasswordPolicy.check(row[0], newPassword);
        if (passwords.matches(newPassword, row[1])) {
            throw ProblemException.badRequest("same-password", "the new password must differ from the current one",
                    Map.of("field", "newPassword"));
        }
        jdbc.sql("update account set password_hash = ?, must_change_password = false, authz_version = authz_version + 1 where id = ?")
                .params(passwords.encode(newPassword), accountId).update();
        states.invalidate(accountId);
        audit.record(accountId, accountId, AccountAudit.Action.PASSWORD_CHANGED, null, null);
    }

    // The recipient look-ups below read the people's and grid's read views (staff assignments, household
    // membership, buildings): one set-based query instead of a facade call per account or per household.

    @Override
    public List<Long> accountsCovering(String gridPath, Set<Role> roles) {
        if (gridPath == null || roles.isEmpty()) {
            return List.of();
        }
        List<String> authorities = roles.stream().map(Role::authority).toList();
        java.sql.Date today = java.sql.Date.valueOf(java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")));
        return jdbc.sql("""
                select a.id from account a
                 where a.enabled = true
                   and exists (select 1 from account_authority r where r.account_id = a.id and r.authority in (:roles))
                   and (exists (select 1 from account_scope s join v_grid_node g on g.id = s.grid_id
                                 where s.account_id = a.id and :path like g.path || '%')
                        or exists (select 1 from v_people_staff_assignment sa
                                     left join v_grid_building b on b.id = sa.building_id
                                     join v_grid_node g on g.id = coalesce(sa.grid_id, b.micro_grid_id)
                                    where sa.person_id = a.person_id and sa.start_date <= :today
                                      and (sa.end_date is null or sa.end_date >= :today)
                                      and :path like g.path || '%'))
                 order by a.id""")
                .param("roles", authorities).param("path", gridPath).param("today", today)
                .query(Long.class).list();
    }

    @Override
    public Map<Long, List<Long>> accountsOfPersons(Collection<Long> personIds) {
        if (personIds.isEmpty()) {
            return Map.of();
        }
        Map<Long, List<Long>> out = new java.util.HashMap<>();
        jdbc.sql("select person_id, id from account where enabled = true and person_id in (:ids) order by id")
                .param("ids", personIds)
                .query(rs -> {
                    out.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getLong(2));
                });
        return out;
    }

    @Override
    public Map<Long, List<Long>> allAccountsOfPersons(Collection<Long> personIds) {
        if (personIds.isEmpty()) {
            return Map.of();
        }
        Map<Long, List<Long>> out = new java.util.HashMap<>();
        jdbc.sql("select person_id, id from account where person_id in (:ids) order by id")
                .param("ids", personIds)
                .query(rs -> {
                    out.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getLong(2));
                });
        return out;
    }

    @Override
    public List<ResidentAccount> residentAccounts(String gridPath, Long buildingId) {
        String where = buildingId != null ? "b.id = :building" : "(g.path like :path || '%' or c.path like :path || '%')";
        var spec = jdbc.sql("""
                select a.id, a.display_name, h.id, b.id from account a
                  join v_people_household_member m on m.person_id = a.person_id and m.until is null
                  join v_grid_household h on h.id = m.household_id
                  join v_grid_unit u on u.id = h.unit_id
                  join v_grid_building b on b.id = u.building_id
                  left join v_grid_node g on g.id = b.micro_grid_id
                  join v_grid_node c on c.id = b.compound_id
                 where a.enabled = true
                   and exists (select 1 from account_authority r where r.account_id = a.id and r.authority = 'ROLE_RESIDENT')
                """ + " and " + where + " order by b.id, h.id, a.id");
        spec = buildingId != null ? spec.param("building", buildingId) : spec.param("path", gridPath);
        return spec.query((rs, i) -> new ResidentAccount(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4))).list();
    }

    @Override
    public Map<Long, String> displayNames(Collection<Long> accountIds) {
        if (accountIds.isEmpty()) {
            return Map.of();
        }
        Map<Long, String> out = new java.util.HashMap<>();
        jdbc.sql("select id, display_name from account where id in (:ids)").param("ids", accountIds)
                .query(rs -> {
                    out.put(rs.getLong(1), rs.getString(2));
                });
        return out;
    }

    /** Counts a failed sign-in; locks the account for a while after too many in a row. */
    @Transactional
    public void recordFailure(String username) {
        jdbc.sql("update account set failed_logins = failed_logins + 1 where username = ?").param(username).update();
        jdbc.sql("update account set locked_until = ?, failed_logins = 0 where username = ? and failed_logins >= ?")
                .params(Timestamp.from(Instant.now().plus(lockMinutes, ChronoUnit.MINUTES)), username, maxFailures).update();
    }

    @Transactional
    public void recordSuccess(String username) {
        jdbc.sql("update account set failed_logins = 0, locked_until = null, last_sign_in_at = ? where username = ?")
                .params(Timestamp.from(Instant.now()), username).update();
    }

    @Override
    @Transactional
    public IssuedToken issueToken(long accountId, String name, Instant expiresAt) {
        if (name == null || name.isBlank() || name.length() > 100) {
            throw ProblemException.badRequest("name-required", "a token needs a name of at most 100 characters", Map.of("field", "name"));
        }
        if (expiresAt != null && expiresAt.isBefore(Instant.now())) {
            throw ProblemException.badRequest("invalid-expiry", "a token cannot expire in the past", Map.of("field", "expiresAt"));
        }
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String token = "gw_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        var keys = new GeneratedKeyHolder();
        jdbc.sql("insert into api_token (account_id, name, token_hash, prefix, expires_at) values (?, ?, ?, ?, ?)")
                .params(accountId, name.strip(), sha256(token), token.substring(0, 10),
                        expiresAt == null ? null : Timestamp.from(expiresAt))
                .update(keys, "id");
        return new IssuedToken(Objects.requireNonNull(keys.getKey()).longValue(), token);
    }

    @Override
    public List<TokenView> tokens(long accountId) {
        return jdbc.sql("select id, name, prefix, created_at, expires_at, last_used_at, revoked_at from api_token where account_id = ? order by id")
                .param(accountId)
                .query((rs, i) -> new TokenView(rs.getLong(1), rs.getString(2), rs.getString(3), inst(rs.getTimestamp(4)),
                        inst(rs.getTimestamp(5)), inst(rs.getTimestamp(6)), inst(rs.getTimestamp(7))))
                .list();
    }

    @Override
    @Transactional
    public void revokeToken(long accountId, long tokenId) {
        int n = jdbc.sql("update api_token set revoked_at = ? where id = ? and account_id = ? and revoked_at is null")
                .params(Timestamp.from(Instant.now()), tokenId, accountId).update();
        if (n == 0) {
            throw ProblemException.notFound("token", tokenId);
        }
        tokenOwners.clear();
    }

    /** Forgets the cached token owners and account states of this instance (after a change of an account). */
    void forgetCachedAccounts() {
        tokenOwners.clear();
        states.clear();
    }

    /** Token owners, briefly cached: a token revoked on another instance stops working there within this time. */
    private final io.gridwork.shared.TtlCache<String, Optional<GridworkUser>> tokenOwners =
            new io.gridwork.shared.TtlCache<>(java.time.Duration.ofSeconds(30), 10_000);

    /** The account behind a valid, unexpired, unrevoked token (no transaction: a cache hit touches no connection). */
    @Transactional(propagation = org.springframework.transaction.annotation.Propagation.NOT_SUPPORTED)
    public Optional<GridworkUser> authenticateToken(String token) {
        return tokenOwners.get(sha256(token), hash -> lookupToken(hash));
    }

    private Optional<GridworkUser> lookupToken(String hash) {
        Optional<Object[]> row = jdbc.sql("select id, account_id, expires_at, revoked_at from api_token where token_hash = ?")
                .param(hash)
                .query((rs, i) -> new Object[] {rs.getLong(1), rs.getLong(2), rs.getTimestamp(3), rs.getTimestamp(4)})
                .optional();
        if (row.isEmpty() || row.get()[3] != null) {
            return Optional.empty();
        }
        Timestamp expires = (Timestamp) row.get()[2];
        if (expires != null && expires.toInstant().isBefore(Instant.now())) {
            return Optional.empty();
        }
        // at most once a minute: a hot token must not turn every request into a write on one row
        Instant now = Instant.now();
        jdbc.sql("update api_token set last_used_at = ? where id = ? and (last_used_at is null or last_used_at < ?)")
                .params(Timestamp.from(now), row.get()[0], Timestamp.from(now.minusSeconds(60))).update();
        // a lock after failed password sign-ins closes the password path only: a machine client's token keeps working
        // (otherwise anyone could cut a client off by failing five sign-ins with its user name); disabling ends both
        return loadById((Long) row.get()[1]).filter(GridworkUser::isEnabled).map(GridworkUser::withoutPassword);
    }

    private static Instant inst(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
