package io.gridwork.access.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.gridwork.access.AccountApi;
import io.gridwork.access.SignupApi;
import io.gridwork.grid.BuildingView;
import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridNode;
import io.gridwork.grid.HouseholdView;
import io.gridwork.grid.UnitView;
import io.gridwork.people.PeopleApi;
import io.gridwork.people.PersonalDataCipher;
import io.gridwork.people.PhoneNumber;
import io.gridwork.shared.Masking;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.security.Role;
import io.gridwork.shared.web.ProblemException;

/**
 * Residents sign themselves up (居民注册) from a 码上办 poster: a mobile number verified by an SMS code, their
 * name, a password and the unit the poster names (and their room). The account is a RESIDENT account not yet
 * linked to a person; a worker of the unit's micro-grid confirms the link to a member of a household in the
 * register (by name and the last characters of the ID number, which is compared inside the people module
 * and never shown) or rejects it with a reason. A verified number also lets its owner set a new password.
 */
@Service
@Transactional(readOnly = true)
public class SignupService implements SignupApi {

    public enum Status { PENDING, CONFIRMED, REJECTED }

    /** What the sign-up form sends. {@code username} blank: the mobile number is the user name. */
    public record SignupForm(String phone, String code, String name, String password, Long unitId, Long householdId,
            String username, String idSuffix) {
    }

    /** A sign-up as workers and its resident see it: the phone masked, never the ID number. */
    public record SignupView(long id, long accountId, String username, String name, String phoneMasked, long unitId,
            long buildingId, String place, Long householdId, String room, boolean idSuffixGiven, Status status,
            String rejectReason, Instant createdAt, Instant decidedAt, Long linkedHouseholdId, String gridPath) {
    }

    private final JdbcClient jdbc;
    private final AccountApi accounts;
    private final SmsCodes codes;
    private final GridApi grid;
    private final PeopleApi people;
    private final PersonalDataCipher cipher;
    private final PasswordEncoder passwords;
    private final org.springframework.context.ApplicationEventPublisher events;

    SignupService(JdbcClient jdbc, AccountApi accounts, SmsCodes codes, GridApi grid, PeopleApi people,
            PersonalDataCipher cipher, PasswordEncoder passwords, org.springframework.context.ApplicationEventPublisher events) {
        this.events = events;
        this.jdbc = jdbc;
        this.accounts = accounts;
        this.codes = codes;
        this.grid = grid;
        this.people = people;
        this.cipher = cipher;
        this.passwords = passwords;
    }

    // ---- codes ----------------------------------------------------------------------------------------

    /** Sends a sign-up code, unless the number is invalid or already belongs to an account. */
    @Transactional(propagation = org.springframework.transaction.annotation.Propagation.NOT_SUPPORTED)
    public String sendSignupCode(String rawPhone, String clientAddr) {
        String phone = mobile(rawPhone);
        if (phoneTaken(phone)) {
            throw ProblemException.conflict("phone-registered", "this mobile number already has an account; sign in or reset the password");
        }
        codes.send(SmsCodes.Purpose.SIGNUP, phone, clientAddr);
        return Masking.phone(phone);
    }

    /** Sends a code for a new password to the verified number of an account. */
    @Transactional(propagation = org.springframework.transaction.annotation.Propagation.NOT_SUPPORTED)
    public String sendResetCode(String rawPhone, String clientAddr) {
        String phone = mobile(rawPhone);
        if (!phoneTaken(phone)) {
            throw new ProblemException(HttpStatus.NOT_FOUND, "phone-unknown", "no account has this verified mobile number");
        }
        codes.send(SmsCodes.Purpose.RESET, phone, clientAddr);
        return Masking.phone(phone);
    }

    public boolean gatewayConfigured() {
        return codes.gatewayConfigured();
    }

    public long codeMinutes() {
        return codes.ttl().toMinutes();
    }

    // ---- signing up -----------------------------------------------------------------------------------

    /** Checks everything, then the code, then creates the account, its number and the sign-up; returns the account's user name. */
    @Transactional
    public String signUp(SignupForm f) {
        String phone = mobile(f.phone());
        String name = f.name() == null ? "" : f.name().strip();
        if (name.isEmpty() || name.length() > 50) {
            throw ProblemException.badRequest("name-required", "give your name (at most 50 characters)", Map.of("field", "name"));
        }
        UnitView unit = unit(f.unitId());
        Long householdId = f.householdId();
        if (householdId != null && grid.household(householdId).filter(h -> h.unitId() == unit.id()).isEmpty()) {
            throw ProblemException.badRequest("unknown-room", "the room is not in this unit", Map.of("field", "householdId"));
        }
        String username = f.username() == null || f.username().isBlank() ? phone : f.username().strip();
        if (!username.matches("[A-Za-z0-9._-]{3,64}")) {
            throw ProblemException.badRequest("invalid-username", "user names are 3-64 letters, digits, '.', '_' or '-'",
                    Map.of("field", "username"));
        }
        String suffix = idSuffix(f.idSuffix());
        SignupPasswordRule.check(f.password(), phone, username);
        if (phoneTaken(phone)) {
            throw ProblemException.conflict("phone-registered", "this mobile number already has an account; sign in or reset the password");
        }
        if (jdbc.sql("select count(*) from account where username = ?").param(username).query(Long.class).single() > 0) {
            throw ProblemException.conflict("username-taken", "user name " + username + " is taken");
        }
        codes.use(codes.check(SmsCodes.Purpose.SIGNUP, phone, f.code()));

        long accountId = accounts.createAccount(username, f.password(), name, null, Set.of(Role.RESIDENT), Set.of(), List.of());
        Instant now = Instant.now();
        try {
            jdbc.sql("insert into account_phone (account_id, phone_enc, phone_hash, phone_mask, verified_at) values (?, ?, ?, ?, ?)")
                    .params(accountId, cipher.encrypt(phone), cipher.hash(phone), Masking.phone(phone), Timestamp.from(now)).update();
        } catch (DuplicateKeyException e) {
            throw ProblemException.conflict("phone-registered", "this mobile number already has an account");
        }
        jdbc.sql("""
                insert into signup (account_id, name, phone_enc, phone_hash, phone_mask, unit_id, household_id, id_suffix_enc,
                                    status, created_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', ?)""")
                .params(accountId, name, cipher.encrypt(phone), cipher.hash(phone), Masking.phone(phone), unit.id(), householdId,
                        cipher.encrypt(suffix), Timestamp.from(now))
                .update();
        return username;
    }

    /** Sets a new password for the account of a verified number, with a code sent to it. */
    @Transactional
    public String resetPassword(String rawPhone, String code, String newPassword) {
        String phone = mobile(rawPhone);
        Optional<Object[]> account = jdbc.sql("""
                select a.id, a.username from account_phone p join account a on a.id = p.account_id where p.phone_hash = ?""")
                .param(cipher.hash(phone)).query((rs, i) -> new Object[] {rs.getLong(1), rs.getString(2)}).optional();
        if (account.isEmpty()) {
            throw new ProblemException(HttpStatus.NOT_FOUND, "phone-unknown", "no account has this verified mobile number");
        }
        String username = (String) account.get()[1];
        SignupPasswordRule.check(newPassword, phone, username);
        codes.use(codes.check(SmsCodes.Purpose.RESET, phone, code));
        // a password chosen by its owner ends a required change; sessions elsewhere are rebuilt (authz_version)
        jdbc.sql("update account set password_hash = ?, failed_logins = 0, locked_until = null, must_change_password = false,"
                + " authz_version = authz_version + 1 where id = ?")
                .params(passwords.encode(newPassword), account.get()[0]).update();
        return username;
    }

    // ---- the place a resident gave ----------------------------------------------------------------------

    /** The unit with its building, for the sign-up form; refuses a unit that does not exist. */
    public UnitView unit(Long unitId) {
        if (unitId == null) {
            throw ProblemException.badRequest("signup-unit-required", "open the link of the poster on your unit door", Map.of("field", "unitId"));
        }
        return grid.unit(unitId).orElseThrow(() -> new ProblemException(HttpStatus.NOT_FOUND, "unknown-unit",
                "there is no unit " + unitId, Map.of("field", "unitId")));
    }

    public Optional<BuildingView> building(long buildingId) {
        return grid.building(buildingId);
    }

    public List<UnitView> unitsOf(long buildingId) {
        return grid.unitsOf(buildingId);
    }

    /** The rooms of a unit, in the order of the register. */
    public List<HouseholdView> roomsOf(long unitId) {
        return grid.unit(unitId).map(u -> grid.householdsOfBuilding(u.buildingId()).stream()
                .filter(h -> h.unitId() == unitId).toList()).orElse(List.of());
    }

    @Override
    public Optional<SignupPlace> pendingPlaceOf(long accountId) {
        return jdbc.sql("select unit_id, household_id from signup where account_id = ? and status = 'PENDING'")
                .param(accountId)
                .query((rs, i) -> new SignupPlace(rs.getLong(1), rs.getObject(2, Long.class), null))
                .optional()
                .map(p -> p.householdId() == null ? p
                        : new SignupPlace(p.unitId(), p.householdId(), grid.household(p.householdId()).map(HouseholdView::room).orElse(null)));
    }

    // ---- workers confirm or reject ------------------------------------------------------------------------

    /** The sign-up of an account (its resident's own view). */
    public Optional<SignupView> ofAccount(long accountId) {
        return rows("s.account_id = ?", accountId).stream().findFirst();
    }

    /** Sign-ups of the given status whose unit lies in the viewer's grids, oldest first. */
    public List<SignupView> inScope(GridworkUser viewer, Status status) {
        return rows("s.status = ?", status.name()).stream().filter(s -> viewer.covers(s.gridPath())).toList();
    }

    /** A sign-up the viewer may decide on (404 when there is none or it lies outside the viewer's grids). */
    public SignupView forWorker(long id, GridworkUser viewer) {
        SignupView s = rows("s.id = ?", id).stream().findFirst().orElseThrow(() -> ProblemException.notFound("sign-up", id));
        if (!viewer.covers(s.gridPath())) {
            throw ProblemException.outOfReach("sign-up", id);
        }
        return s;
    }

    /**
     * Links the account to the member of the household with this name whose ID number ends with the suffix (the
     * worker's, or else the one the resident gave).
     */
    @Transactional
    public void confirm(long id, long householdId, String name, String idSuffix, GridworkUser worker) {
        SignupView s = pending(id, worker);
        HouseholdView household = grid.household(householdId).filter(h -> h.unitId() == s.unitId())
                .orElseThrow(() -> ProblemException.badRequest("household-not-in-unit", "choose a room of the unit the resident gave",
                        Map.of("field", "householdId")));
        String suffix = idSuffix(idSuffix);
        if (suffix == null) {
            suffix = jdbc.sql("select id_suffix_enc from signup where id = ?").param(id).query(String.class).optional()
                    .map(cipher::decrypt).orElse(null);
        }
        if (suffix == null) {
            throw ProblemException.badRequest("id-suffix-required", "enter the last 4 characters of the resident's ID number",
                    Map.of("field", "idSuffix"));
        }
        String who = name == null || name.isBlank() ? s.name() : name.strip();
        long personId = people.memberByNameAndIdSuffix(household.id(), who, suffix)
                .orElseThrow(() -> ProblemException.badRequest("no-matching-person",
                        "nobody of this name with this ID number ending lives in the household", Map.of("field", "idSuffix")));
        if (jdbc.sql("select count(*) from account where person_id = ? and enabled and id <> ?").params(personId, s.accountId())
                .query(Long.class).single() > 0) {
            throw ProblemException.conflict("person-has-account", "this person has an account already");
        }
        Instant now = Instant.now();
        int n = jdbc.sql("""
                update signup set status = 'CONFIRMED', person_id = ?, linked_household = ?, decided_by = ?, decided_at = ?
                 where id = ? and status = 'PENDING'""")
                .params(personId, household.id(), worker.accountId(), Timestamp.from(now), id).update();
        if (n == 0) {
            throw ProblemException.conflict("signup-decided", "this sign-up was decided already");
        }
        jdbc.sql("update account set person_id = ? where id = ?").params(personId, s.accountId()).update();
        events.publishEvent(new io.gridwork.access.SignupEvents.SignupDecided(id, s.accountId(), true,
                household.address(), null, now));
    }

    @Transactional
    public void reject(long id, String reason, GridworkUser worker) {
        pending(id, worker);
        String why = reason == null ? "" : reason.strip();
        if (why.length() < 2 || why.length() > 500) {
            throw ProblemException.badRequest("reason-required", "give a reason (2 to 500 characters)", Map.of("field", "reason"));
        }
        Instant now = Instant.now();
        int n = jdbc.sql("""
                update signup set status = 'REJECTED', reject_reason = ?, decided_by = ?, decided_at = ?
                 where id = ? and status = 'PENDING'""")
                .params(why, worker.accountId(), Timestamp.from(now), id).update();
        if (n == 0) {
            throw ProblemException.conflict("signup-decided", "this sign-up was decided already");
        }
        SignupView s = forWorker(id, worker);
        events.publishEvent(new io.gridwork.access.SignupEvents.SignupDecided(id, s.accountId(), false,
                s.place() + (s.room() == null ? "" : " " + s.room()), why, now));
    }

    private SignupView pending(long id, GridworkUser worker) {
        SignupView s = forWorker(id, worker);
        if (s.status() != Status.PENDING) {
            throw ProblemException.conflict("signup-decided", "this sign-up was decided already");
        }
        return s;
    }

    // Reads the unit, building, compound and micro-grid of each sign-up in one query (grid tables, read only)
    // rather than four facade calls per row; the scope check needs the current micro-grid's path.
    private List<SignupView> rows(String where, Object param) {
        return jdbc.sql("""
                select s.id, s.account_id, a.username, s.name, s.phone_mask, s.unit_id, b.id as building_id,
                       c.name as compound_name, b.number as building_number, u.number as unit_number,
                       coalesce(s.linked_household, s.household_id) as household_id,
                       h.room, s.id_suffix_enc, s.status, s.reject_reason, s.created_at, s.decided_at, s.linked_household,
                       coalesce(m.path, c.path) as grid_path
                  from signup s
                  join account a on a.id = s.account_id
                  join v_grid_unit u on u.id = s.unit_id
                  join v_grid_building b on b.id = u.building_id
                  join v_grid_node c on c.id = b.compound_id
                  left join v_grid_node m on m.id = b.micro_grid_id
                  left join v_grid_household h on h.id = coalesce(s.linked_household, s.household_id)
                """ + " where " + where + " order by s.created_at, s.id")
                .param(param)
                .query((rs, i) -> new SignupView(rs.getLong("id"), rs.getLong("account_id"), rs.getString("username"),
                        rs.getString("name"), rs.getString("phone_mask"), rs.getLong("unit_id"), rs.getLong("building_id"),
                        rs.getString("compound_name") + " " + rs.getString("building_number") + "栋" + rs.getString("unit_number") + "单元",
                        rs.getObject("household_id", Long.class), rs.getString("room"), rs.getString("id_suffix_enc") != null,
                        Status.valueOf(rs.getString("status")), rs.getString("reject_reason"), inst(rs.getTimestamp("created_at")),
                        inst(rs.getTimestamp("decided_at")), rs.getObject("linked_household", Long.class), rs.getString("grid_path")))
                .list();
    }

    // ---- checks ---------------------------------------------------------------------------------------------

    private boolean phoneTaken(String phone) {
        return jdbc.sql("select count(*) from account_phone where phone_hash = ?").param(cipher.hash(phone))
                .query(Long.class).single() > 0;
    }

    /** A Chinese mobile number (11 digits from 1), normalised; anything else is refused. */
    static String mobile(String raw) {
        String phone = PhoneNumber.normalize(raw);
        if (phone == null || !phone.matches("1[3-9]\\d{9}")) {
            throw ProblemException.badRequest("invalid-mobile", "enter an 11-digit mobile number", Map.of("field", "phone"));
        }
        return phone;
    }

    /** The last 4 characters of an ID number (digits, the last may be X), or null when none was given. */
    static String idSuffix(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String s = raw.strip().toUpperCase(java.util.Locale.ROOT);
        if (!s.matches("\\d{3}[\\dX]")) {
            throw ProblemException.badRequest("invalid-id-suffix", "the last 4 characters of an ID number are digits (the last may be X)",
                    Map.of("field", "idSuffix"));
        }
        return s;
    }

    private static Instant inst(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
