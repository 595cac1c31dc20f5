package io.gridwork.access.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.gridwork.access.PasswordPolicy;
import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridNode;
import io.gridwork.people.PersonalDataCipher;
import io.gridwork.people.PhoneNumber;
import io.gridwork.shared.Masking;
import io.gridwork.shared.persistence.Like;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.security.Permission;
import io.gridwork.shared.security.Role;
import io.gridwork.shared.web.ProblemException;

/**
 * Account administration for admins, street and community staff within their own grids: list and search,
 * create one or many from a sheet, change roles and scope, enable and disable, reset passwords, with an
 * audit entry for every change. Nobody grants a role, a permission or a grid above their own
 * ({@link RoleRanking}), and nobody edits an account that reaches further than they do. Every change bumps
 * the account's {@code authz_version}, so that its sessions pick it up on their next request.
 */
@Service
@Transactional(readOnly = true)
public class AccountAdmin {

    public static final int PAGE_SIZE = 30;
    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    public record Row(long id, String username, String displayName, Set<Role> roles, boolean unmask, List<GridNode> grids,
            boolean enabled, boolean mustChangePassword, Instant lastSignInAt) {
    }

    public record Page(List<Row> rows, int page, boolean hasNext) {
    }

    /** An account's page: the row, where it reaches (explicit grids and staff assignments), its audit trail. */
    public record Detail(Row account, List<GridNode> reach, String phoneMask, Instant createdAt, boolean editable,
            String notEditableReason, List<AccountAudit.Entry> audit) {
    }

    public record NewAccount(String username, String displayName, Set<Role> roles, boolean unmask, List<Long> gridIds,
            String temporaryPassword, String phone) {
    }

    public record Created(long id, String username, String displayName, String temporaryPassword) {
    }

    public record Change(String displayName, Set<Role> roles, boolean unmask, List<Long> gridIds) {
    }

    /** A grid the viewer may grant, with its depth below the viewer's top grids (for indentation). */
    public record GridOption(long id, String name, String code, String level, int depth) {
    }

    public record RowError(int line, String column, String message) {
    }

    /** A bulk upload: either every account was created, or none and the errors say why (with the error copy). */
    public record BulkResult(List<Created> created, List<RowError> errors, byte[] errorCopy) {
        public boolean ok() {
            return errors.isEmpty();
        }
    }

    private final JdbcClient jdbc;
    private final AccountService accounts;
    private final AccountAudit audit;
    private final PasswordEncoder passwords;
    private final GridApi grid;
    private final PersonalDataCipher cipher;
    private final MessageSource messages;

    AccountAdmin(JdbcClient jdbc, AccountService accounts, AccountAudit audit, PasswordEncoder passwords, GridApi grid,
            PersonalDataCipher cipher, MessageSource messages) {
        this.jdbc = jdbc;
        this.accounts = accounts;
        this.audit = audit;
        this.passwords = passwords;
        this.grid = grid;
        this.cipher = cipher;
        this.messages = messages;
    }

    // ---- reading --------------------------------------------------------------------------------------

    /**
     * Accounts reaching into the viewer's grids (explicit scope, a running staff assignment, or the household
     * a resident lives in), admins see all; {@code q} searches user and display names. The people and grid
     * tables are read directly: one set-based query instead of a facade call per account.
     */
    public Page list(GridworkUser viewer, String q, int page) {
        requireManager(viewer);
        int p = Math.max(page, 0);
        StringBuilder where = new StringBuilder("1 = 1");
        Map<String, Object> params = new HashMap<>();
        if (q != null && !q.isBlank()) {
            where.append(" and (lower(a.username) like :q or lower(a.display_name) like :q)");
            params.put("q", "%" + q.strip().toLowerCase(Locale.ROOT).replace("%", "").replace("_", "\\_") + "%");
        }
        if (!viewer.isAdmin()) {
            if (viewer.scopePaths().isEmpty()) {
                return new Page(List.of(), p, false);
            }
            appendReach(where, params, viewer);
        }
        var spec = jdbc.sql("select a.id, a.username, a.display_name, a.enabled, a.must_change_password, a.last_sign_in_at"
                + " from account a where " + where + " order by a.username limit " + (PAGE_SIZE + 1) + " offset " + (p * PAGE_SIZE));
        for (var e : params.entrySet()) {
            spec = spec.param(e.getKey(), e.getValue());
        }
        List<Object[]> raw = spec.query((rs, i) -> new Object[] {rs.getLong(1), rs.getString(2), rs.getString(3),
            rs.getBoolean(4), rs.getBoolean(5), rs.getTimestamp(6)}).list();
        boolean hasNext = raw.size() > PAGE_SIZE;
        List<Object[]> shown = hasNext ? raw.subList(0, PAGE_SIZE) : raw;
        List<Long> ids = shown.stream().map(r -> (Long) r[0]).toList();
        Map<Long, Set<String>> authorities = authorities(ids);
        Map<Long, List<GridNode>> grids = explicitGrids(ids);
        List<Row> rows = new ArrayList<>();
        for (Object[] r : shown) {
            long id = (Long) r[0];
            Set<String> auth = authorities.getOrDefault(id, Set.of());
            Timestamp last = (Timestamp) r[5];
            rows.add(new Row(id, (String) r[1], (String) r[2], roles(auth), auth.contains(Permission.PII_UNMASK),
                    grids.getOrDefault(id, List.of()), (Boolean) r[3], (Boolean) r[4], last == null ? null : last.toInstant()));
        }
        return new Page(rows, p, hasNext);
    }

    /**
     * Appends "the account reaches into the viewer's grids" (explicit scope, a running staff assignment, or the
     * household a resident lives in) to a condition on {@code account a}; the viewer has at least one grid.
     */
    private static void appendReach(StringBuilder where, Map<String, Object> params, GridworkUser viewer) {
        List<String> paths = viewer.scopePaths();
        StringBuilder in = new StringBuilder("(");
        for (int i = 0; i < paths.size(); i++) {
            in.append(i == 0 ? "" : " or ").append("g.path like :p").append(i).append(" || '%'");
            params.put("p" + i, paths.get(i));
        }
        in.append(")");
        where.append(" and (exists (select 1 from account_scope s join v_grid_node g on g.id = s.grid_id where s.account_id = a.id and ")
                .append(in).append(") or exists (select 1 from v_people_staff_assignment sa left join v_grid_building b on b.id = sa.building_id")
                .append(" join v_grid_node g on g.id = coalesce(sa.grid_id, b.micro_grid_id) where sa.person_id = a.person_id")
                .append(" and sa.start_date <= :today and (sa.end_date is null or sa.end_date >= :today) and ").append(in)
                .append(") or exists (select 1 from v_people_household_member m join v_grid_household h on h.id = m.household_id")
                .append(" join v_grid_unit u on u.id = h.unit_id join v_grid_building b on b.id = u.building_id")
                .append(" join v_grid_node g on g.id = b.micro_grid_id where m.person_id = a.person_id and m.until is null and ")
                .append(in).append("))");
        params.put("today", java.sql.Date.valueOf(LocalDate.now(CHINA)));
    }

    /** An account found by the account picker: names and the masked phone only. */
    public record Found(long id, String displayName, String username, String phoneMask) {
    }

    /**
     * Enabled accounts reaching into the viewer's grids whose user or display name contains {@code q} (at least
     * one character), at most {@code limit}, by display name; admins search every account. For pickers of staff
     * pages: no roles, no grids, the phone masked.
     */
    public List<Found> search(GridworkUser viewer, String q, int limit) {
        String term = q == null ? "" : q.strip().toLowerCase(Locale.ROOT);
        if (term.isEmpty() || term.length() > 50 || !viewer.isStaff() || (!viewer.isAdmin() && viewer.scopePaths().isEmpty())) {
            return List.of();
        }
        StringBuilder where = new StringBuilder("a.enabled = true and (lower(a.username) like :q escape '\\' or lower(a.display_name) like :q escape '\\')");
        Map<String, Object> params = new HashMap<>();
        params.put("q", Like.containing(term));
        if (!viewer.isAdmin()) {
            appendReach(where, params, viewer);
        }
        var spec = jdbc.sql("select a.id, a.display_name, a.username, coalesce(a.contact_phone_mask, pe.phone_mask)"
                + " from account a left join v_people_person pe on pe.id = a.person_id where " + where
                + " order by a.display_name, a.username limit " + Math.max(1, Math.min(limit, 50)));
        for (var e : params.entrySet()) {
            spec = spec.param(e.getKey(), e.getValue());
        }
        return spec.query((rs, i) -> new Found(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4))).list();
    }

    public Detail detail(long id, GridworkUser viewer) {
        requireManager(viewer);
        GridworkUser target = accounts.loadById(id).orElseThrow(() -> ProblemException.notFound("account", id));
        String refusal = refusal(target, viewer);
        if (refusal != null && !reachesInto(target, viewer)) {
            throw ProblemException.outOfReach("account", id);
        }
        Row row = row(id);
        var extra = jdbc.sql("select contact_phone_mask, created_at from account where id = ?").param(id)
                .query((rs, i) -> new Object[] {rs.getString(1), rs.getTimestamp(2).toInstant()}).single();
        return new Detail(row, grid.topsOf(target.scopePaths()), (String) extra[0], (Instant) extra[1], refusal == null, refusal,
                audit.of(id));
    }

    /** Grids the viewer may grant: their own and everything below, in tree order (at most 2,000). */
    public List<GridOption> grantableGrids(GridworkUser viewer) {
        requireManager(viewer);
        // reads grid_node directly: one ordered prefix scan instead of a facade call per node
        List<GridOption> out = new ArrayList<>();
        List<String> tops = viewer.isAdmin() ? List.of("/") : viewer.scopePaths();
        for (String top : tops) {
            int base = slashes(top) + (top.equals("/") ? 1 : 0);
            List<Object[]> nodes = jdbc.sql("select id, name, code, level, path from v_grid_node where path like ? limit 2000")
                    .param(top + "%")
                    .query((rs, i) -> new Object[] {new GridOption(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        Math.max(0, slashes(rs.getString(5)) - base)), treeKey(rs.getString(5))})
                    .list();
            // tree order: parents before children, siblings by id (a string order would put 10 before 9)
            nodes.sort((a, b) -> java.util.Arrays.compare((long[]) a[1], (long[]) b[1]));
            nodes.forEach(n -> out.add((GridOption) n[0]));
        }
        return out;
    }

    private static int slashes(String path) {
        return (int) path.chars().filter(c -> c == '/').count();
    }

    private static long[] treeKey(String path) {
        return java.util.Arrays.stream(path.split("/")).filter(x -> !x.isEmpty()).mapToLong(Long::parseLong).toArray();
    }

    /** Roles the viewer may grant (for the role picker). */
    public Set<Role> grantableRoles(GridworkUser viewer) {
        return RoleRanking.grantable(viewer);
    }

    public boolean mayGrantUnmask(GridworkUser viewer) {
        return RoleRanking.mayGrantUnmask(viewer);
    }

    // ---- changing -------------------------------------------------------------------------------------

    @Transactional
    public Created create(NewAccount a, GridworkUser viewer) {
        requireManager(viewer);
        Set<Role> roles = a.roles() == null ? Set.of() : a.roles();
        List<Long> grids = a.gridIds() == null ? List.of() : List.copyOf(new LinkedHashSet<>(a.gridIds()));
        checkGrant(viewer, roles, a.unmask(), grids);
        String phone = a.phone() == null || a.phone().isBlank() ? null : a.phone().strip();
        if (phone != null && PhoneNumber.problem(phone) != null) {
            throw ProblemException.badRequest("invalid-phone", PhoneNumber.problem(phone), Map.of("field", "phone"));
        }
        String password = a.temporaryPassword() == null || a.temporaryPassword().isBlank() ? PasswordPolicy.generate()
                : a.temporaryPassword();
        long id = accounts.insert(a.username() == null ? null : a.username().strip(), password, a.displayName(), null, roles,
                a.unmask() ? Set.of(Permission.PII_UNMASK) : Set.of(), grids, true, viewer.accountId());
        if (phone != null) {
            String normal = PhoneNumber.normalize(phone);
            jdbc.sql("update account set contact_phone_enc = ?, contact_phone_mask = ? where id = ?")
                    .params(cipher.encrypt(normal), Masking.phone(normal), id).update();
        }
        return new Created(id, a.username().strip(), a.displayName().strip(), password);
    }

    @Transactional
    public void update(long id, Change c, GridworkUser viewer) {
        GridworkUser target = requireManageable(id, viewer);
        Set<Role> roles = c.roles() == null ? Set.of() : c.roles();
        List<Long> grids = c.gridIds() == null ? List.of() : List.copyOf(new LinkedHashSet<>(c.gridIds()));
        checkGrant(viewer, roles, c.unmask(), grids);
        String name = c.displayName() == null || c.displayName().isBlank() ? target.displayName() : c.displayName().strip();
        if (name.length() > 100) {
            throw ProblemException.badRequest("name-required", "a display name of at most 100 characters is required",
                    Map.of("field", "displayName"));
        }
        Set<String> permissions = c.unmask() ? Set.of(Permission.PII_UNMASK) : Set.of();
        String oldRoles = AccountAudit.roles(target.roles(), target.permissions());
        String newRoles = AccountAudit.roles(roles, permissions);
        List<Long> oldGrids = jdbc.sql("select grid_id from account_scope where account_id = ?").param(id).query(Long.class).list();
        String oldScope = AccountAudit.grids(oldGrids);
        String newScope = AccountAudit.grids(grids);
        boolean changed = false;
        if (!oldRoles.equals(newRoles)) {
            jdbc.sql("delete from account_authority where account_id = ?").param(id).update();
            for (Role r : roles) {
                jdbc.sql("insert into account_authority (account_id, authority) values (?, ?)").params(id, r.authority()).update();
            }
            for (String p : permissions) {
                jdbc.sql("insert into account_authority (account_id, authority) values (?, ?)").params(id, p).update();
            }
            audit.record(id, viewer.accountId(), AccountAudit.Action.ROLES_CHANGED, oldRoles, newRoles);
            changed = true;
        }
        if (!oldScope.equals(newScope)) {
            jdbc.sql("delete from account_scope where account_id = ?").param(id).update();
            for (Long g : grids) {
                jdbc.sql("insert into account_scope (account_id, grid_id) values (?, ?)").params(id, g).update();
            }
            audit.record(id, viewer.accountId(), AccountAudit.Action.SCOPE_CHANGED, oldScope, newScope);
            changed = true;
        }
        if (!name.equals(target.displayName())) {
            jdbc.sql("update account set display_name = ? where id = ?").params(name, id).update();
            audit.record(id, viewer.accountId(), AccountAudit.Action.NAME_CHANGED, target.displayName(), name);
            changed = true;
        }
        if (changed) {
            bump(id);
        }
    }

    @Transactional
    public void setEnabled(long id, boolean enabled, GridworkUser viewer) {
        requireManageable(id, viewer);
        int n = jdbc.sql("update account set enabled = ?, failed_logins = 0, locked_until = null where id = ? and enabled <> ?")
                .params(enabled, id, enabled).update();
        if (n > 0) {
            audit.record(id, viewer.accountId(), enabled ? AccountAudit.Action.ENABLED : AccountAudit.Action.DISABLED, null, null);
            bump(id);
        }
    }

    /** Sets a temporary password (the given one, or a generated one), returned once; it must be changed at sign-in. */
    @Transactional
    public String resetPassword(long id, String temporaryPassword, GridworkUser viewer) {
        GridworkUser target = requireManageable(id, viewer);
        String password = temporaryPassword == null || temporaryPassword.isBlank() ? PasswordPolicy.generate() : temporaryPassword;
        PasswordPolicy.check(target.username(), password);
        jdbc.sql("update account set password_hash = ?, must_change_password = true, failed_logins = 0, locked_until = null where id = ?")
                .params(passwords.encode(password), id).update();
        audit.record(id, viewer.accountId(), AccountAudit.Action.PASSWORD_RESET, null, null);
        bump(id);
        return password;
    }

    /** Staff assignments of a person changed: their accounts' scope changes with them (see StaffScopeListener). */
    @Transactional
    public void personChanged(long personId) {
        jdbc.sql("update account set authz_version = authz_version + 1 where person_id = ?").param(personId).update();
        accounts.forgetCachedAccounts();
    }

    private void bump(long id) {
        jdbc.sql("update account set authz_version = authz_version + 1 where id = ?").param(id).update();
        accounts.forgetCachedAccounts();
    }

    // ---- the bulk sheet -------------------------------------------------------------------------------

    private static final Map<String, String> HEADERS = Map.ofEntries(
            Map.entry("用户名", "username"), Map.entry("username", "username"), Map.entry("user name", "username"),
            Map.entry("账号", "username"), Map.entry("姓名", "name"), Map.entry("name", "name"),
            Map.entry("display name", "name"), Map.entry("角色", "roles"), Map.entry("roles", "roles"), Map.entry("role", "roles"),
            Map.entry("网格编码", "grids"), Map.entry("grid code", "grids"), Map.entry("grid codes", "grids"),
            Map.entry("grids", "grids"), Map.entry("手机", "phone"), Map.entry("手机号", "phone"), Map.entry("phone", "phone"),
            Map.entry("mobile", "phone"));
    /** Between roles (whose English names hold spaces) and between grid codes (which may also be separated by spaces). */
    private static final String ROLE_SEPARATORS = "\\s*[、,，;；/|\\n]+\\s*";
    private static final String SEPARATORS = "[、,，;；/|\\s]+";

    /** Reads the sheet, checks every row, and creates all accounts, or none when any row is wrong. */
    @Transactional
    public BulkResult importSheet(byte[] file, GridworkUser viewer) {
        Checked checked = check(file, viewer);
        if (!checked.result().ok()) {
            return checked.result();
        }
        List<Created> created = new ArrayList<>();
        for (NewAccount a : checked.accepted()) {
            created.add(create(a, viewer));
        }
        return new BulkResult(created, List.of(), null);
    }

    /** Checks the sheet only: the errors (and the error copy), or none. */
    public BulkResult checkSheet(byte[] file, GridworkUser viewer) {
        return check(file, viewer).result();
    }

    private record Checked(List<NewAccount> accepted, BulkResult result) {
    }

    private Checked check(byte[] file, GridworkUser viewer) {
        requireManager(viewer);
        Locale locale = LocaleContextHolder.getLocale();
        List<AccountSheet.Line> lines = AccountSheet.read(file);
        int headerAt = 0;
        while (headerAt < lines.size() && lines.get(headerAt).blank()) {
            headerAt++;
        }
        if (headerAt >= lines.size()) {
            throw ProblemException.badRequest("empty-file", "the sheet has no rows");
        }
        Map<String, Integer> col = new HashMap<>();
        List<String> header = lines.get(headerAt).cells();
        for (int i = 0; i < header.size(); i++) {
            String key = HEADERS.get(header.get(i).strip().toLowerCase(Locale.ROOT));
            if (key != null) {
                col.putIfAbsent(key, i);
            }
        }
        List<String> missing = new ArrayList<>();
        for (String k : List.of("username", "name", "roles", "grids")) {
            if (!col.containsKey(k)) {
                missing.add(text("accounts.sheet." + k, locale));
            }
        }
        if (!missing.isEmpty()) {
            throw ProblemException.badRequest("invalid-header", String.join(", ", missing));
        }
        List<AccountSheet.Line> body = lines.subList(headerAt + 1, lines.size()).stream().filter(l -> !l.blank()).toList();
        if (body.isEmpty()) {
            throw ProblemException.badRequest("empty-file", "the sheet has no accounts");
        }
        Map<String, Role> roleWords = roleWords();
        Set<String> unmaskWords = unmaskWords();
        Map<Integer, List<String>> errors = new TreeMap<>();
        List<RowError> rowErrors = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        List<NewAccount> accepted = new ArrayList<>();
        for (AccountSheet.Line l : body) {
            List<String> problems = new ArrayList<>();
            java.util.function.BiConsumer<String, String> fail = (column, message) -> {
                problems.add(message);
                rowErrors.add(new RowError(l.line(), text("accounts.sheet." + column, locale), message));
            };
            String username = l.cell(col.get("username"));
            String name = l.cell(col.get("name"));
            if (!username.matches(AccountService.USERNAME)) {
                fail.accept("username", text("accounts.import.error.invalid-username", locale));
            } else if (!seen.add(username)) {
                fail.accept("username", text("accounts.import.error.duplicate-in-sheet", locale, username));
            } else if (jdbc.sql("select count(*) from account where username = ?").param(username).query(Integer.class).single() > 0) {
                fail.accept("username", text("accounts.import.error.username-taken", locale, username));
            }
            if (name.isBlank() || name.length() > 100) {
                fail.accept("name", text("accounts.import.error.name-required", locale));
            }
            Set<Role> roles = EnumSet.noneOf(Role.class);
            boolean unmask = false;
            int before = problems.size();
            for (String w : l.cell(col.get("roles")).split(ROLE_SEPARATORS)) {
                w = w.strip();
                if (w.isBlank()) {
                    continue;
                }
                Role r = roleWords.get(w.toLowerCase(Locale.ROOT));
                if (r != null) {
                    if (!RoleRanking.mayGrant(viewer, r)) {
                        fail.accept("roles", text("accounts.import.error.role-above-own", locale, w));
                    }
                    roles.add(r);
                } else if (unmaskWords.contains(w.toLowerCase(Locale.ROOT))) {
                    if (!RoleRanking.mayGrantUnmask(viewer)) {
                        fail.accept("roles", text("accounts.import.error.role-above-own", locale, w));
                    }
                    unmask = true;
                } else {
                    fail.accept("roles", text("accounts.import.error.unknown-role", locale, w));
                }
            }
            if (roles.isEmpty() && problems.size() == before) {
                fail.accept("roles", text("accounts.import.error.roles-required", locale));
            }
            List<Long> grids = new ArrayList<>();
            for (String code : l.cell(col.get("grids")).split(SEPARATORS)) {
                if (code.isBlank()) {
                    continue;
                }
                Optional<GridNode> g = grid.nodeByCode(code);
                if (g.isEmpty()) {
                    fail.accept("grids", text("accounts.import.error.unknown-grid", locale, code));
                } else if (!viewer.covers(g.get().path())) {
                    fail.accept("grids", text("accounts.import.error.grid-out-of-scope", locale, code));
                } else {
                    grids.add(g.get().id());
                }
            }
            String scopeProblem = roles.isEmpty() ? null : scopeProblem(viewer, roles, grids);
            if (scopeProblem != null && grids.size() == countCodes(l.cell(col.get("grids")))) {
                fail.accept("grids", text("accounts.import.error." + scopeProblem, locale));
            }
            String phone = col.containsKey("phone") ? l.cell(col.get("phone")) : "";
            if (!phone.isEmpty() && PhoneNumber.problem(phone) != null) {
                fail.accept("phone", text("accounts.import.error.invalid-phone", locale));
            }
            if (problems.isEmpty()) {
                accepted.add(new NewAccount(username, name, roles, unmask, grids, null, phone));
            } else {
                errors.put(l.line(), problems);
            }
        }
        if (!errors.isEmpty()) {
            Map<Integer, String> byLine = new HashMap<>();
            errors.forEach((line, list) -> byLine.put(line, String.join("；", list)));
            byte[] copy = AccountSheet.errorCopy(lines.subList(headerAt, lines.size()), byLine, text("accounts.sheet.errors", locale));
            return new Checked(List.of(), new BulkResult(List.of(), rowErrors, copy));
        }
        return new Checked(accepted, new BulkResult(List.of(), List.of(), null));
    }

    private static int countCodes(String cell) {
        int n = 0;
        for (String c : cell.split(SEPARATORS)) {
            if (!c.isBlank()) {
                n++;
            }
        }
        return n;
    }

    /** Role words as a sheet may name them: the code, and its name in Chinese and in English. */
    private Map<String, Role> roleWords() {
        Map<String, Role> out = new LinkedHashMap<>();
        for (Role r : Role.values()) {
            out.put(r.name().toLowerCase(Locale.ROOT), r);
            for (Locale l : List.of(Locale.SIMPLIFIED_CHINESE, Locale.ENGLISH)) {
                String word = messages.getMessage("accountRole." + r.name(), null, null, l);
                if (word != null) {
                    out.putIfAbsent(word.strip().toLowerCase(Locale.ROOT), r);
                }
            }
        }
        return out;
    }

    private Set<String> unmaskWords() {
        Set<String> out = new HashSet<>(Set.of(Permission.PII_UNMASK.toLowerCase(Locale.ROOT)));
        for (Locale l : List.of(Locale.SIMPLIFIED_CHINESE, Locale.ENGLISH)) {
            String word = messages.getMessage("accountPermission.PII_UNMASK", null, null, l);
            if (word != null) {
                out.add(word.strip().toLowerCase(Locale.ROOT));
            }
        }
        return out;
    }

    private String text(String key, Locale locale, Object... args) {
        return messages.getMessage(key, args, key, locale);
    }

    // ---- who may do what ------------------------------------------------------------------------------

    private static void requireManager(GridworkUser viewer) {
        if (!RoleRanking.manages(viewer)) {
            throw new ProblemException(org.springframework.http.HttpStatus.FORBIDDEN, "forbidden", "your role does not manage accounts");
        }
    }

    /** Refuses roles, the unmask permission or grids above the granter's own; and a scope that does not fit the roles. */
    private void checkGrant(GridworkUser viewer, Set<Role> roles, boolean unmask, List<Long> gridIds) {
        if (roles.isEmpty()) {
            throw ProblemException.badRequest("roles-required", "choose at least one role", Map.of("field", "roles"));
        }
        for (Role r : roles) {
            if (!RoleRanking.mayGrant(viewer, r)) {
                throw new ProblemException(org.springframework.http.HttpStatus.FORBIDDEN, "role-above-own",
                        "you may not grant the role " + r.name(), Map.of("field", "roles", "role", r.name()));
            }
        }
        if (unmask && !RoleRanking.mayGrantUnmask(viewer)) {
            throw new ProblemException(org.springframework.http.HttpStatus.FORBIDDEN, "role-above-own",
                    "you may not grant " + Permission.PII_UNMASK + " without holding it", Map.of("field", "unmask"));
        }
        for (Long g : gridIds) {
            GridNode node = g == null ? null : grid.node(g).orElse(null);
            if (node == null) {
                throw ProblemException.badRequest("unknown-grid", "no grid " + g, Map.of("field", "gridIds"));
            }
            if (!viewer.covers(node.path())) {
                throw new ProblemException(org.springframework.http.HttpStatus.FORBIDDEN, "scope-above-own",
                        "grid " + node.name() + " lies outside your grids", Map.of("field", "gridIds"));
            }
        }
        String scope = scopeProblem(viewer, roles, gridIds);
        if (scope != null) {
            throw ProblemException.badRequest(scope, scope.equals("scope-required") ? "staff roles need at least one grid"
                    : "residents and merchants carry no grid scope", Map.of("field", "gridIds"));
        }
    }

    /** Staff roles need a grid (unless admin), residents and merchants take none (they reach their own household). */
    private static String scopeProblem(GridworkUser viewer, Set<Role> roles, Collection<Long> gridIds) {
        boolean staff = roles.stream().anyMatch(Role::isStaff);
        if (staff && gridIds.isEmpty() && !roles.contains(Role.ADMIN)) {
            return "scope-required";
        }
        if (!staff && !gridIds.isEmpty()) {
            return "scope-not-for-role";
        }
        return null;
    }

    private GridworkUser requireManageable(long id, GridworkUser viewer) {
        requireManager(viewer);
        GridworkUser target = accounts.loadById(id).orElseThrow(() -> ProblemException.notFound("account", id));
        String refusal = refusal(target, viewer);
        if (refusal != null && !reachesInto(target, viewer)) {
            throw ProblemException.outOfReach("account", id);
        }
        if (refusal != null) {
            throw new ProblemException(org.springframework.http.HttpStatus.FORBIDDEN, refusal,
                    "account " + target.username() + " may not be changed by you (" + refusal + ")");
        }
        return target;
    }

    /** Why the viewer may not edit the target (a problem code), or null when they may. */
    private String refusal(GridworkUser target, GridworkUser viewer) {
        if (target.accountId() == viewer.accountId()) {
            return "own-account";
        }
        if (viewer.isAdmin()) {
            return null;
        }
        if (RoleRanking.rank(target.roles()) > RoleRanking.rank(viewer.roles())
                || target.can(Permission.PII_UNMASK) && !viewer.can(Permission.PII_UNMASK)) {
            return "account-above-own";
        }
        if (!target.scopePaths().isEmpty()) {
            return target.scopePaths().stream().allMatch(viewer::covers) ? null : "account-above-own";
        }
        return householdPath(target).filter(viewer::covers).isPresent() ? null : "out-of-scope";
    }

    /** Whether any of the target's reach lies in the viewer's grids (so that the viewer may see, if not edit, it). */
    private boolean reachesInto(GridworkUser target, GridworkUser viewer) {
        if (viewer.isAdmin()) {
            return true;
        }
        return target.scopePaths().stream().anyMatch(viewer::covers) || householdPath(target).filter(viewer::covers).isPresent();
    }

    private Optional<String> householdPath(GridworkUser target) {
        return Optional.ofNullable(target.householdId()).flatMap(grid::household).map(h -> h.microGridPath());
    }

    private Row row(long id) {
        var r = jdbc.sql("select id, username, display_name, enabled, must_change_password, last_sign_in_at from account where id = ?")
                .param(id).query((rs, i) -> new Object[] {rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBoolean(4),
                    rs.getBoolean(5), rs.getTimestamp(6)}).single();
        Set<String> auth = authorities(List.of(id)).getOrDefault(id, Set.of());
        Timestamp last = (Timestamp) r[5];
        return new Row(id, (String) r[1], (String) r[2], roles(auth), auth.contains(Permission.PII_UNMASK),
                explicitGrids(List.of(id)).getOrDefault(id, List.of()), (Boolean) r[3], (Boolean) r[4],
                last == null ? null : last.toInstant());
    }

    private Map<Long, Set<String>> authorities(Collection<Long> ids) {
        Map<Long, Set<String>> out = new HashMap<>();
        if (!ids.isEmpty()) {
            jdbc.sql("select account_id, authority from account_authority where account_id in (:ids)").param("ids", ids)
                    .query(rs -> {
                        out.computeIfAbsent(rs.getLong(1), k -> new HashSet<>()).add(rs.getString(2));
                    });
        }
        return out;
    }

    private Map<Long, List<GridNode>> explicitGrids(Collection<Long> ids) {
        Map<Long, List<GridNode>> out = new HashMap<>();
        if (!ids.isEmpty()) {
            List<long[]> pairs = jdbc.sql("select account_id, grid_id from account_scope where account_id in (:ids) order by grid_id")
                    .param("ids", ids).query((rs, i) -> new long[] {rs.getLong(1), rs.getLong(2)}).list();
            for (long[] p : pairs) {
                grid.node(p[1]).ifPresent(g -> out.computeIfAbsent(p[0], k -> new ArrayList<>()).add(g));
            }
        }
        return out;
    }

    private static Set<Role> roles(Set<String> authorities) {
        Set<Role> out = EnumSet.noneOf(Role.class);
        for (Role r : Role.values()) {
            if (authorities.contains(r.authority())) {
                out.add(r);
            }
        }
        return out;
    }
}
