package io.gridwork.people.internal;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.gridwork.grid.GridNode;
import io.gridwork.people.PeopleApi.PartyOrgLevel;
import io.gridwork.people.PersonalDataCipher;
import io.gridwork.people.PhoneNumber;
import io.gridwork.shared.Masking;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.web.ProblemException;

/**
 * The party network (党建网络) as staff work on it: the five levels as a tree within scope, creating and
 * renaming organisations, members (with the mobile flag), 双报到 registrations of in-service members with
 * their home community, report-ins of mobile members and service hours. Every read and write is bounded
 * by the grid scope of the organisation (its grid, or its building's micro-grid) or of the community.
 */
@Service
@Transactional
public class PartyNetworkService {

    /** Months without a report-in after which a mobile member is overdue, unless the viewer asks otherwise. */
    public static final int DEFAULT_OVERDUE_MONTHS = 3;

    static final java.time.ZoneId ZONE = java.time.ZoneId.of("Asia/Shanghai");

    /** The zone of the day a date belongs to. */
    public static final java.time.ZoneId ZONE_ID = ZONE;

    private final JdbcClient jdbc;
    private final PersonalDataCipher cipher;

    PartyNetworkService(JdbcClient jdbc, PersonalDataCipher cipher) {
        this.jdbc = jdbc;
        this.cipher = cipher;
    }

    // ---- views ----------------------------------------------------------------------------------

    /** A member of an organisation (the fifth level); {@code gridStaff} when they serve as a micro-grid worker or leader. */
    public record Member(long id, long personId, String name, long orgId, boolean mobile, LocalDate joinedOn,
            Instant lastReportAt, boolean gridStaff) {
    }

    /** An organisation in the tree, with its members and the organisations below it. */
    public record Org(long id, Long parentId, PartyOrgLevel level, String name, Long gridId, Long buildingId, String place,
            List<Member> members, List<Org> children) {

        /** Members here and in every organisation below. */
        public long membersWithin() {
            return members.size() + children.stream().mapToLong(Org::membersWithin).sum();
        }

        public long mobileWithin() {
            return members.stream().filter(Member::mobile).count() + children.stream().mapToLong(Org::mobileWithin).sum();
        }
    }

    /** An organisation one may attach things to, for pickers: indented by its depth in the tree. */
    public record OrgOption(long id, PartyOrgLevel level, String name, int depth) {
    }

    public record DualRegistration(long id, long personId, String name, long communityId, String communityName,
            String employerOrg, LocalDate registeredOn, String registeredBy) {
    }

    public record CommunityCount(long communityId, String communityName, long registered) {
    }

    public record DualList(List<DualRegistration> registrations, List<CommunityCount> counts) {
    }

    /** A mobile member with their latest report-in (none yet: all null) and whether it is overdue. */
    public record MobileMember(long memberId, long personId, String name, String orgName, LocalDate lastReportedOn,
            String whereabouts, String contactMask, boolean overdue) {
    }

    public record HoursEntry(long id, long personId, String name, String orgName, String gridName, LocalDate servedOn,
            BigDecimal hours, String activity, String recordedBy) {
    }

    public record MemberTotal(long personId, String name, String orgName, BigDecimal hours, long entries) {
    }

    /** An organisation's hours: of its own members, and of everyone in it and below it. */
    public record OrgTotal(long orgId, PartyOrgLevel level, String name, int depth, BigDecimal own, BigDecimal within) {
    }

    public record HoursReport(LocalDate from, LocalDate to, List<HoursEntry> entries, List<MemberTotal> members,
            List<OrgTotal> orgs, BigDecimal total) {
    }

    /** A member the hours form can name: party members and 双报到 members within scope. */
    public record Servant(long personId, String name, String orgName) {
    }

    // ---- organisations --------------------------------------------------------------------------

    private record OrgRow(long id, Long parentId, PartyOrgLevel level, String name, Long gridId, Long buildingId, String place,
            String path) {
    }

    private List<OrgRow> allOrgs() {
        return jdbc.sql("""
                select o.id, o.parent_id, o.level, o.name, o.grid_id, o.building_id,
                       coalesce(g.name, concat(concat(mg.name, ' '), b.name)) as place, coalesce(g.path, mg.path) as path
                  from party_org o
                  left join v_grid_node g on g.id = o.grid_id
                  left join v_grid_building b on b.id = o.building_id
                  left join v_grid_node mg on mg.id = b.micro_grid_id
                 order by o.id""")
                .query((rs, i) -> new OrgRow(rs.getLong(1), rs.getObject(2, Long.class), PartyOrgLevel.valueOf(rs.getString(3)),
                        rs.getString(4), rs.getObject(5, Long.class), rs.getObject(6, Long.class), rs.getString(7), rs.getString(8)))
                .list();
    }

    private List<OrgRow> visibleOrgs(GridworkUser user) {
        return allOrgs().stream().filter(o -> user.covers(o.path())).toList();
    }

    /** The organisations within the user's scope as a tree: roots are those whose parent lies outside it. */
    @Transactional(readOnly = true)
    public List<Org> tree(GridworkUser user) {
        List<OrgRow> rows = visibleOrgs(user);
        Map<Long, List<Member>> members = membersOf(rows.stream().map(OrgRow::id).toList());
        Map<Long, List<OrgRow>> byParent = new HashMap<>();
        Set<Long> ids = new HashSet<>();
        rows.forEach(r -> ids.add(r.id()));
        List<OrgRow> roots = new ArrayList<>();
        for (OrgRow r : rows) {
            if (r.parentId() != null && ids.contains(r.parentId())) {
                byParent.computeIfAbsent(r.parentId(), k -> new ArrayList<>()).add(r);
            } else {
                roots.add(r);
            }
        }
        return roots.stream().map(r -> build(r, byParent, members)).toList();
    }

    private Org build(OrgRow r, Map<Long, List<OrgRow>> byParent, Map<Long, List<Member>> members) {
        List<Org> children = byParent.getOrDefault(r.id(), List.of()).stream().map(c -> build(c, byParent, members)).toList();
        return new Org(r.id(), r.parentId(), r.level(), r.name(), r.gridId(), r.buildingId(), r.place(),
                members.getOrDefault(r.id(), List.of()), children);
    }

    /** The organisations within scope, depth-first, for pickers. */
    @Transactional(readOnly = true)
    public List<OrgOption> orgOptions(GridworkUser user) {
        List<OrgOption> out = new ArrayList<>();
        for (Org root : tree(user)) {
            flatten(root, 0, out);
        }
        return out;
    }

    private static void flatten(Org o, int depth, List<OrgOption> out) {
        out.add(new OrgOption(o.id(), o.level(), o.name(), depth));
        o.children().forEach(c -> flatten(c, depth + 1, out));
    }

    private Map<Long, List<Member>> membersOf(List<Long> orgIds) {
        Map<Long, List<Member>> out = new HashMap<>();
        if (orgIds.isEmpty()) {
            return out;
        }
        jdbc.sql("""
                select m.id, m.person_id, p.name, m.org_id, m.mobile, m.joined_on, m.last_report_at,
                       (select count(*) from staff_assignment s where s.person_id = m.person_id
                           and s.role in ('MICRO_GRID_LEADER', 'MICRO_GRID_WORKER')
                           and (s.end_date is null or s.end_date >= current_date)) as staff
                  from party_member m join person p on p.id = m.person_id
                 where m.org_id in (:orgs) order by p.name, m.id""")
                .param("orgs", orgIds)
                .query((rs, i) -> {
                    Date joined = rs.getDate(6);
                    Timestamp last = rs.getTimestamp(7);
                    return new Member(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getLong(4), rs.getBoolean(5),
                            joined == null ? null : joined.toLocalDate(), last == null ? null : last.toInstant(), rs.getLong(8) > 0);
                })
                .list().forEach(m -> out.computeIfAbsent(m.orgId(), k -> new ArrayList<>()).add(m));
        return out;
    }

    /** What staff submit to create an organisation; {@code parentId} may be left out (the level above over the grid). */
    public record NewOrg(PartyOrgLevel level, String name, Long gridId, Long buildingId, Long parentId) {
    }

    private record Place(Long gridId, Long buildingId, String gridLevel, String path) {
    }

    public long createOrg(NewOrg n, GridworkUser user) {
        if (n == null || n.level() == null) {
            throw bad("party-level-required", "choose the level of the organisation", "level");
        }
        String name = name(n.name());
        Place place = place(n, user);
        OrgRow parent = parentFor(n.level(), n.parentId(), place.path());
        if (parent != null && nameTaken(parent.id(), name, null)) {
            throw ProblemException.conflict("party-name-taken", "an organisation of that name is already under " + parent.name());
        }
        if (parent == null && jdbc.sql("select count(*) from party_org where parent_id is null and name = ?").param(name)
                .query(Long.class).single() > 0) {
            throw ProblemException.conflict("party-name-taken", "an organisation of that name already exists");
        }
        var keys = new GeneratedKeyHolder();
        jdbc.sql("insert into party_org (parent_id, level, name, grid_id, building_id) values (?, ?, ?, ?, ?)")
                .params(parent == null ? null : parent.id(), n.level().name(), name, place.gridId(), place.buildingId())
                .update(keys, "id");
        return Objects.requireNonNull(keys.getKey()).longValue();
    }

    public void renameOrg(long id, String newName, GridworkUser user) {
        OrgRow org = orgInScope(id, user);
        String name = name(newName);
        if (name.equals(org.name())) {
            return;
        }
        boolean taken = org.parentId() == null
                ? jdbc.sql("select count(*) from party_org where parent_id is null and name = ? and id <> ?").params(name, id)
                        .query(Long.class).single() > 0
                : nameTaken(org.parentId(), name, id);
        if (taken) {
            throw ProblemException.conflict("party-name-taken", "a sibling organisation already has that name");
        }
        jdbc.sql("update party_org set name = ? where id = ?").params(name, id).update();
    }

    private boolean nameTaken(long parentId, String name, Long exceptId) {
        return jdbc.sql("select count(*) from party_org where parent_id = ? and name = ? and id <> ?")
                .params(parentId, name, exceptId == null ? -1L : exceptId).query(Long.class).single() > 0;
    }

    private static String name(String raw) {
        String name = raw == null ? "" : raw.strip();
        if (name.length() < 2) {
            throw bad("party-name-required", "name the organisation (at least 2 characters)", "name");
        }
        if (name.length() > 100) {
            throw bad("party-name-too-long", "at most 100 characters", "name");
        }
        return name;
    }

    /** Where the organisation sits: a grid of the level's kind, or (a building group) a building; inside the scope. */
    private Place place(NewOrg n, GridworkUser user) {
        if (n.level() == PartyOrgLevel.BUILDING_GROUP && n.buildingId() != null) {
            var b = jdbc.sql("""
                    select b.id, g.path from v_grid_building b join v_grid_node g on g.id = b.micro_grid_id where b.id = ?""")
                    .param(n.buildingId()).query((rs, i) -> new Place(null, rs.getLong(1), "MICRO", rs.getString(2)))
                    .optional().orElseThrow(() -> bad("party-grid-required", "building " + n.buildingId() + " not found", "buildingId"));
            requireCovers(user, b.path(), () -> bad("party-grid-required", "building " + n.buildingId() + " not found", "buildingId"));
            return b;
        }
        if (n.gridId() == null) {
            throw bad("party-grid-required", "choose the grid the organisation covers", "gridId");
        }
        Place p = jdbc.sql("select id, level, path from v_grid_node where id = ?").param(n.gridId())
                .query((rs, i) -> new Place(rs.getLong(1), null, rs.getString(2), rs.getString(3))).optional()
                .orElseThrow(() -> bad("party-grid-required", "grid " + n.gridId() + " not found", "gridId"));
        requireCovers(user, p.path(), () -> bad("party-grid-required", "grid " + n.gridId() + " not found", "gridId"));
        boolean fits = switch (n.level()) {
            case STREET_COMMITTEE -> p.gridLevel().equals("STREET");
            case COMMUNITY_ORG -> p.gridLevel().equals("COMMUNITY");
            case GRID_BRANCH -> !Set.of("DISTRICT", "STREET", "COMMUNITY", "MICRO").contains(p.gridLevel());
            case BUILDING_GROUP -> p.gridLevel().equals("MICRO");
        };
        if (!fits) {
            throw bad("party-grid-level", "a " + n.level() + " covers a " + expected(n.level()) + ", not a " + p.gridLevel(),
                    "gridId");
        }
        return p;
    }

    private static String expected(PartyOrgLevel level) {
        return switch (level) {
            case STREET_COMMITTEE -> "street";
            case COMMUNITY_ORG -> "community";
            case GRID_BRANCH -> "compound or general grid";
            case BUILDING_GROUP -> "micro-grid or building";
        };
    }

    /** The organisation one level up whose grid contains {@code path}: the one named, or else the nearest. */
    private OrgRow parentFor(PartyOrgLevel level, Long parentId, String path) {
        if (level == PartyOrgLevel.STREET_COMMITTEE) {
            if (parentId != null) {
                throw bad("party-parent-invalid", "a street party working committee is the top of the network", "parentId");
            }
            return null;
        }
        PartyOrgLevel above = PartyOrgLevel.values()[level.ordinal() - 1];
        List<OrgRow> candidates = allOrgs().stream()
                .filter(o -> o.level() == above && o.path() != null && path.startsWith(o.path())).toList();
        if (parentId != null) {
            return candidates.stream().filter(o -> o.id() == parentId).findFirst()
                    .orElseThrow(() -> bad("party-parent-invalid", "organisation " + parentId + " is not a " + above
                            + " over that grid", "parentId"));
        }
        return candidates.stream().max(Comparator.comparingInt(o -> o.path().length()))
                .orElseThrow(() -> bad("party-parent-missing", "create the " + above + " over that grid first", "parentId"));
    }

    private OrgRow orgInScope(long id, GridworkUser user) {
        OrgRow org = allOrgs().stream().filter(o -> o.id() == id).findFirst()
                .orElseThrow(() -> ProblemException.notFound("party organisation", id));
        requireCovers(user, org.path(), () -> ProblemException.outOfReach("party organisation", id));
        return org;
    }

    // ---- members --------------------------------------------------------------------------------

    /** A person named by id, or by name and the last four characters of the ID card number. */
    public record PersonRef(Long personId, String name, String idLast4) {
    }

    public long addMember(long orgId, PersonRef who, LocalDate joinedOn, boolean mobile, GridworkUser user) {
        OrgRow org = orgInScope(orgId, user);
        if (joinedOn != null && joinedOn.isAfter(LocalDate.now(ZONE))) {
            throw bad("party-date-in-future", "the date lies in the future", "joinedOn");
        }
        long person = resident(who, null, user);
        if (jdbc.sql("select count(*) from party_member where person_id = ?").param(person).query(Long.class).single() > 0) {
            throw ProblemException.conflict("party-member-exists", "this person is already a member of an organisation");
        }
        var keys = new GeneratedKeyHolder();
        jdbc.sql("insert into party_member (person_id, org_id, joined_on, mobile) values (?, ?, ?, ?)")
                .params(person, org.id(), joinedOn == null ? null : Date.valueOf(joinedOn), mobile).update(keys, "id");
        return Objects.requireNonNull(keys.getKey()).longValue();
    }

    /** Marks a member as mobile (流动党员), who then reports in, or as settled. */
    public void setMobile(long memberId, boolean mobile, GridworkUser user) {
        long orgId = jdbc.sql("select org_id from party_member where id = ?").param(memberId).query(Long.class).optional()
                .orElseThrow(() -> ProblemException.notFound("party member", memberId));
        orgInScope(orgId, user);
        jdbc.sql("update party_member set mobile = ? where id = ?").params(mobile, memberId).update();
    }

    /**
     * A person of the register living in the user's scope (and, when given, under {@code withinPath}), by id
     * or by name and the last four characters of the ID number; the number itself is never shown.
     */
    private long resident(PersonRef who, String withinPath, GridworkUser user) {
        if (who == null || (who.personId() == null && (who.name() == null || who.name().isBlank()))) {
            throw bad("party-person-required", "name the person (name and the last 4 characters of the ID number)", "name");
        }
        String sql = """
                select distinct p.id, g.path from person p
                  join household_member hm on hm.person_id = p.id and hm.until is null
                  join v_grid_household h on h.id = hm.household_id
                  join v_grid_unit u on u.id = h.unit_id
                  join v_grid_building b on b.id = u.building_id
                  join v_grid_node g on g.id = b.micro_grid_id
                 where """;
        List<Object[]> found;
        if (who.personId() != null) {
            found = jdbc.sql(sql + " p.id = ?").param(who.personId())
                    .query((rs, i) -> new Object[] {rs.getLong(1), rs.getString(2)}).list();
        } else {
            String last4 = who.idLast4() == null ? "" : who.idLast4().strip().toUpperCase(java.util.Locale.ROOT);
            if (!last4.matches("\\d{3}[\\dX]")) {
                throw bad("party-id-last4", "give the last 4 characters of the ID number", "idLast4");
            }
            found = jdbc.sql(sql + " p.name = ? and p.id_card_mask like ?").params(who.name().strip(), "%" + last4)
                    .query((rs, i) -> new Object[] {rs.getLong(1), rs.getString(2)}).list();
        }
        List<Long> inReach = found.stream()
                .filter(r -> user.covers((String) r[1]) && (withinPath == null || ((String) r[1]).startsWith(withinPath)))
                .map(r -> (Long) r[0]).distinct().toList();
        if (inReach.isEmpty()) {
            throw new ProblemException(HttpStatus.BAD_REQUEST, "party-person-not-found",
                    "no resident of that name and ID number lives in " + (withinPath == null ? "your grids" : "that community"),
                    Map.of("field", "name"));
        }
        if (inReach.size() > 1) {
            throw new ProblemException(HttpStatus.BAD_REQUEST, "party-person-ambiguous",
                    "more than one resident matches; ask for more of the ID number", Map.of("field", "idLast4"));
        }
        return inReach.get(0);
    }

    // ---- 双报到 ---------------------------------------------------------------------------------

    public record NewDual(PersonRef person, Long communityId, String employerOrg, LocalDate registeredOn) {
    }

    public long registerDual(NewDual n, GridworkUser user) {
        if (n.communityId() == null) {
            throw bad("party-community-required", "choose the community the member lives in", "communityId");
        }
        String path = jdbc.sql("select path from v_grid_node where id = ? and level = 'COMMUNITY'").param(n.communityId())
                .query(String.class).optional()
                .orElseThrow(() -> bad("party-community-required", "grid " + n.communityId() + " is not a community", "communityId"));
        requireCovers(user, path,
                () -> bad("party-community-required", "grid " + n.communityId() + " is not a community", "communityId"));
        String employer = n.employerOrg() == null ? "" : n.employerOrg().strip();
        if (employer.length() < 2) {
            throw bad("party-employer-required", "name the party organisation of the employer", "employerOrg");
        }
        if (employer.length() > 200) {
            throw bad("party-employer-too-long", "at most 200 characters", "employerOrg");
        }
        LocalDate on = n.registeredOn() == null ? LocalDate.now(ZONE) : n.registeredOn();
        if (on.isAfter(LocalDate.now(ZONE))) {
            throw bad("party-date-in-future", "the date lies in the future", "registeredOn");
        }
        long person = resident(n.person(), path, user);
        if (jdbc.sql("select count(*) from party_dual_registration where person_id = ?").param(person).query(Long.class).single() > 0) {
            throw ProblemException.conflict("party-dual-exists", "this member is already registered with a community");
        }
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                insert into party_dual_registration (person_id, community_id, employer_org, registered_on, registered_by)
                values (?, ?, ?, ?, ?)""")
                .params(person, n.communityId(), employer, Date.valueOf(on), user.displayName()).update(keys, "id");
        return Objects.requireNonNull(keys.getKey()).longValue();
    }

    /** Registrations in the user's communities (or one of them), and the count for every community in scope. */
    @Transactional(readOnly = true)
    public DualList dual(Long communityId, GridworkUser user) {
        List<Object[]> rows = jdbc.sql("""
                select r.id, r.person_id, p.name, r.community_id, g.name, r.employer_org, r.registered_on, r.registered_by, g.path
                  from party_dual_registration r join person p on p.id = r.person_id join v_grid_node g on g.id = r.community_id
                 order by r.registered_on desc, r.id desc""")
                .query((rs, i) -> new Object[] {new DualRegistration(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getLong(4),
                        rs.getString(5), rs.getString(6), rs.getDate(7).toLocalDate(), rs.getString(8)), rs.getString(9)})
                .list();
        List<DualRegistration> visible = rows.stream().filter(r -> user.covers((String) r[1]))
                .map(r -> (DualRegistration) r[0]).toList();
        Map<Long, Long> perCommunity = new HashMap<>();
        visible.forEach(r -> perCommunity.merge(r.communityId(), 1L, Long::sum));
        List<CommunityCount> counts = communities(user).stream()
                .map(c -> new CommunityCount(c.id(), c.name(), perCommunity.getOrDefault(c.id(), 0L))).toList();
        List<DualRegistration> shown = communityId == null ? visible
                : visible.stream().filter(r -> r.communityId() == communityId).toList();
        return new DualList(shown, counts);
    }

    /** A community in the user's reach. */
    public record Community(long id, String name) {
    }

    @Transactional(readOnly = true)
    public List<Community> communities(GridworkUser user) {
        return jdbc.sql("select id, name, path from v_grid_node where level = 'COMMUNITY' order by path")
                .query((rs, i) -> new Object[] {new Community(rs.getLong(1), rs.getString(2)), rs.getString(3)}).list().stream()
                .filter(r -> user.covers((String) r[1])).map(r -> (Community) r[0]).toList();
    }

    // ---- mobile members ---------------------------------------------------------------------------

    public record ReportIn(String whereabouts, String contactPhone, LocalDate reportedOn, String note) {
    }

    /** The signed-in resident, a mobile party member, reports where they are now. */
    public long reportIn(ReportIn r, GridworkUser user) {
        String where = r == null || r.whereabouts() == null ? "" : r.whereabouts().strip();
        if (where.length() < 2) {
            throw bad("party-whereabouts-required", "say where you are now", "whereabouts");
        }
        if (where.length() > 200) {
            throw bad("party-whereabouts-too-long", "at most 200 characters", "whereabouts");
        }
        String note = r.note() == null || r.note().isBlank() ? null : r.note().strip();
        if (note != null && note.length() > 500) {
            throw bad("party-note-too-long", "at most 500 characters", "note");
        }
        String phone = null;
        if (r.contactPhone() != null && !r.contactPhone().isBlank()) {
            String problem = PhoneNumber.problem(r.contactPhone());
            if (problem != null) {
                throw bad("invalid-phone", problem, "contactPhone");
            }
            phone = PhoneNumber.normalize(r.contactPhone());
        }
        LocalDate today = LocalDate.now(ZONE);
        LocalDate on = r.reportedOn() == null ? today : r.reportedOn();
        if (on.isAfter(today) || on.isBefore(today.minusDays(31))) {
            throw bad("party-report-date", "report for a day within the last month", "reportedOn");
        }
        long member = mobileMemberOf(user).orElseThrow(() -> new ProblemException(HttpStatus.FORBIDDEN,
                "party-not-mobile-member", "only mobile party members report in"));
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                insert into party_report_in (member_id, reported_on, whereabouts, contact_enc, contact_mask, note, account_id)
                values (?, ?, ?, ?, ?, ?, ?)""")
                .params(member, Date.valueOf(on), where, phone == null ? null : cipher.encrypt(phone),
                        phone == null ? null : Masking.phone(phone), note, user.accountId())
                .update(keys, "id");
        jdbc.sql("update party_member set last_report_at = ? where id = ? and (last_report_at is null or last_report_at < ?)")
                .params(Timestamp.from(on.atStartOfDay(ZONE).toInstant()), member,
                        Timestamp.from(on.atStartOfDay(ZONE).toInstant()))
                .update();
        return Objects.requireNonNull(keys.getKey()).longValue();
    }

    /** The party_member id of the signed-in account's person when they are a mobile member. */
    @Transactional(readOnly = true)
    public java.util.Optional<Long> mobileMemberOf(GridworkUser user) {
        if (user.personId() == null) {
            return java.util.Optional.empty();
        }
        return jdbc.sql("select id from party_member where person_id = ? and mobile").param(user.personId())
                .query(Long.class).optional();
    }

    /** The member's own report-ins, newest first (for their page). */
    @Transactional(readOnly = true)
    public List<MobileMember> ownReports(GridworkUser user) {
        return mobileMemberOf(user).map(member -> jdbc.sql("""
                select r.member_id, m.person_id, p.name, o.name, r.reported_on, r.whereabouts, r.contact_mask
                  from party_report_in r join party_member m on m.id = r.member_id join person p on p.id = m.person_id
                  join party_org o on o.id = m.org_id
                 where r.member_id = ? order by r.reported_on desc, r.id desc limit 12""").param(member)
                .query((rs, i) -> new MobileMember(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                        rs.getDate(5).toLocalDate(), rs.getString(6), rs.getString(7), false))
                .list()).orElse(List.of());
    }

    /**
     * Mobile members of the organisations in scope with their latest report-in; overdue when they have not
     * reported within {@code months} months (or never). {@code overdueOnly} leaves the others out.
     */
    @Transactional(readOnly = true)
    public List<MobileMember> mobileMembers(Integer months, boolean overdueOnly, GridworkUser user) {
        int m = months == null ? DEFAULT_OVERDUE_MONTHS : months;
        if (m < 1 || m > 24) {
            throw bad("party-invalid-months", "a period of 1 to 24 months", "months");
        }
        LocalDate since = LocalDate.now(ZONE).minusMonths(m);
        Set<Long> orgs = new HashSet<>(visibleOrgs(user).stream().map(OrgRow::id).toList());
        if (orgs.isEmpty()) {
            return List.of();
        }
        List<MobileMember> out = jdbc.sql("""
                select m.id, m.person_id, p.name, o.name, r.reported_on, r.whereabouts, r.contact_mask
                  from party_member m join person p on p.id = m.person_id join party_org o on o.id = m.org_id
                  left join party_report_in r on r.id = (select max(r2.id) from party_report_in r2 where r2.member_id = m.id
                        and r2.reported_on = (select max(r3.reported_on) from party_report_in r3 where r3.member_id = m.id))
                 where m.mobile and m.org_id in (:orgs)
                 order by r.reported_on nulls first, p.name""")
                .param("orgs", orgs)
                .query((rs, i) -> {
                    Date last = rs.getDate(5);
                    LocalDate lastOn = last == null ? null : last.toLocalDate();
                    return new MobileMember(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), lastOn,
                            rs.getString(6), rs.getString(7), lastOn == null || lastOn.isBefore(since));
                })
                .list();
        return overdueOnly ? out.stream().filter(MobileMember::overdue).toList() : out;
    }

    // ---- service hours --------------------------------------------------------------------------

    public record NewHours(Long personId, Long gridId, LocalDate servedOn, BigDecimal hours, String activity) {
    }

    /** Party members of organisations in scope and 双报到 members of communities in scope, by name. */
    @Transactional(readOnly = true)
    public List<Servant> servants(GridworkUser user) {
        Map<Long, Servant> out = new LinkedHashMap<>();
        Map<Long, String> orgNames = new HashMap<>();
        visibleOrgs(user).forEach(o -> orgNames.put(o.id(), o.name()));
        if (!orgNames.isEmpty()) {
            jdbc.sql("select m.person_id, p.name, m.org_id from party_member m join person p on p.id = m.person_id where m.org_id in (:orgs)")
                    .param("orgs", orgNames.keySet())
                    .query((rs, i) -> new Servant(rs.getLong(1), rs.getString(2), orgNames.get(rs.getLong(3)))).list()
                    .forEach(s -> out.putIfAbsent(s.personId(), s));
        }
        for (DualRegistration d : dual(null, user).registrations()) {
            out.putIfAbsent(d.personId(), new Servant(d.personId(), d.name(), d.communityName() + " · " + d.employerOrg()));
        }
        return out.values().stream().sorted(Comparator.comparing(Servant::name)).toList();
    }

    public long recordHours(NewHours n, GridworkUser user) {
        if (n.personId() == null) {
            throw bad("party-person-required", "choose the member", "personId");
        }
        if (n.gridId() == null) {
            throw bad("party-grid-required", "choose the grid where the service took place", "gridId");
        }
        String gridPath = jdbc.sql("select path from v_grid_node where id = ?").param(n.gridId()).query(String.class).optional()
                .orElseThrow(() -> bad("party-grid-required", "grid " + n.gridId() + " not found", "gridId"));
        requireCovers(user, gridPath, () -> bad("party-grid-required", "grid " + n.gridId() + " not found", "gridId"));
        LocalDate today = LocalDate.now(ZONE);
        if (n.servedOn() == null) {
            throw bad("party-date-required", "give the day of the service", "servedOn");
        }
        if (n.servedOn().isAfter(today)) {
            throw bad("party-date-in-future", "the date lies in the future", "servedOn");
        }
        BigDecimal hours = n.hours();
        if (hours == null || hours.signum() <= 0 || hours.compareTo(BigDecimal.valueOf(24)) > 0
                || hours.stripTrailingZeros().scale() > 1) {
            throw bad("party-hours-invalid", "hours between 0.1 and 24, in tenths", "hours");
        }
        String activity = n.activity() == null ? "" : n.activity().strip();
        if (activity.length() < 2) {
            throw bad("party-activity-required", "describe the service", "activity");
        }
        if (activity.length() > 200) {
            throw bad("party-activity-too-long", "at most 200 characters", "activity");
        }
        Long orgId = orgOfServant(n.personId(), user).orElseThrow(() -> new ProblemException(HttpStatus.BAD_REQUEST,
                "party-not-a-member", "person " + n.personId() + " is not a party member in your grids",
                Map.of("field", "personId")));
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                insert into party_service_hours (person_id, org_id, grid_id, served_on, hours, activity, recorded_by)
                values (?, ?, ?, ?, ?, ?, ?)""")
                .params(n.personId(), orgId == -1L ? null : orgId, n.gridId(), Date.valueOf(n.servedOn()), hours, activity,
                        user.displayName())
                .update(keys, "id");
        return Objects.requireNonNull(keys.getKey()).longValue();
    }

    /**
     * The organisation a member's hours count for: their own organisation when in scope; for a 双报到
     * member, the party organisation of their community (-1 when it has none yet); empty when neither.
     */
    private java.util.Optional<Long> orgOfServant(long personId, GridworkUser user) {
        Set<Long> visible = new HashSet<>(visibleOrgs(user).stream().map(OrgRow::id).toList());
        var own = jdbc.sql("select org_id from party_member where person_id = ?").param(personId).query(Long.class).optional();
        if (own.isPresent() && visible.contains(own.get())) {
            return own;
        }
        var dual = jdbc.sql("""
                select r.community_id, g.path from party_dual_registration r join v_grid_node g on g.id = r.community_id
                 where r.person_id = ?""").param(personId)
                .query((rs, i) -> new Object[] {rs.getLong(1), rs.getString(2)}).optional();
        if (dual.isPresent() && user.covers((String) dual.get()[1])) {
            return java.util.Optional.of(jdbc.sql("select min(id) from party_org where level = 'COMMUNITY_ORG' and grid_id = ?")
                    .param(dual.get()[0]).query(Long.class).optional().orElse(-1L));
        }
        return java.util.Optional.empty();
    }

    /** Hours recorded in grids within scope over a period: the entries, totals per member and per organisation. */
    @Transactional(readOnly = true)
    public HoursReport hours(LocalDate from, LocalDate to, GridworkUser user) {
        LocalDate today = LocalDate.now(ZONE);
        LocalDate f = from == null ? today.withDayOfYear(1) : from;
        LocalDate t = to == null ? today : to;
        if (t.isBefore(f)) {
            throw bad("party-invalid-period", "the period ends before it starts", "to");
        }
        List<Object[]> rows = jdbc.sql("""
                select h.id, h.person_id, p.name, o.name, g.name, h.served_on, h.hours, h.activity, h.recorded_by, g.path, h.org_id
                  from party_service_hours h join person p on p.id = h.person_id join v_grid_node g on g.id = h.grid_id
                  left join party_org o on o.id = h.org_id
                 where h.served_on >= ? and h.served_on <= ?
                 order by h.served_on desc, h.id desc""")
                .params(Date.valueOf(f), Date.valueOf(t))
                .query((rs, i) -> new Object[] {new HoursEntry(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getDate(6).toLocalDate(), rs.getBigDecimal(7).setScale(1), rs.getString(8),
                        rs.getString(9)), rs.getString(10), rs.getObject(11, Long.class)})
                .list().stream().filter(r -> user.covers((String) r[1])).toList();
        List<HoursEntry> entries = rows.stream().map(r -> (HoursEntry) r[0]).toList();
        Map<Long, MemberTotal> perMember = new LinkedHashMap<>();
        for (HoursEntry e : entries) {
            perMember.merge(e.personId(), new MemberTotal(e.personId(), e.name(), e.orgName(), e.hours(), 1),
                    (a, b) -> new MemberTotal(a.personId(), a.name(), a.orgName(), a.hours().add(b.hours()), a.entries() + 1));
        }
        Map<Long, BigDecimal> perOrg = new HashMap<>();
        for (Object[] r : rows) {
            if (r[2] != null) {
                perOrg.merge((Long) r[2], ((HoursEntry) r[0]).hours(), BigDecimal::add);
            }
        }
        List<OrgTotal> orgs = new ArrayList<>();
        for (Org root : tree(user)) {
            orgTotals(root, 0, perOrg, orgs);
        }
        BigDecimal total = entries.stream().map(HoursEntry::hours).reduce(BigDecimal.ZERO.setScale(1), BigDecimal::add);
        List<MemberTotal> members = perMember.values().stream()
                .sorted(Comparator.comparing(MemberTotal::hours).reversed().thenComparing(MemberTotal::name)).toList();
        return new HoursReport(f, t, entries.stream().limit(100).toList(), members, orgs, total);
    }

    private static BigDecimal orgTotals(Org o, int depth, Map<Long, BigDecimal> perOrg, List<OrgTotal> out) {
        BigDecimal own = perOrg.getOrDefault(o.id(), BigDecimal.ZERO).setScale(1);
        int at = out.size();
        out.add(null);
        BigDecimal within = own;
        for (Org c : o.children()) {
            within = within.add(orgTotals(c, depth + 1, perOrg, out));
        }
        out.set(at, new OrgTotal(o.id(), o.level(), o.name(), depth, own, within));
        return within;
    }

    /** A grid of a picker, indented by depth (buildings aside). */
    public record GridOption(long id, String name, String level, int depth) {
    }

    /** The grids within the user's scope, each after its parent, for pickers. */
    @Transactional(readOnly = true)
    public List<GridOption> gridOptions(GridworkUser user) {
        List<Object[]> rows = jdbc.sql("select id, name, level, path from v_grid_node order by path")
                .query((rs, i) -> new Object[] {rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)}).list().stream()
                .filter(r -> user.covers((String) r[3])).toList();
        int top = rows.stream().mapToInt(r -> GridNode.depth((String) r[3])).min().orElse(0);
        return rows.stream().map(r -> new GridOption((Long) r[0], (String) r[1], (String) r[2], GridNode.depth((String) r[3]) - top))
                .limit(1000).toList();
    }

    // ---- helpers --------------------------------------------------------------------------------

    /** A target outside the user's grids is refused exactly as one that does not exist. */
    private static void requireCovers(GridworkUser user, String path, java.util.function.Supplier<ProblemException> asMissing) {
        if (!user.covers(path)) {
            throw asMissing.get();
        }
    }

    private static ProblemException bad(String code, String message, String field) {
        return ProblemException.badRequest(code, message, Map.of("field", field));
    }
}
