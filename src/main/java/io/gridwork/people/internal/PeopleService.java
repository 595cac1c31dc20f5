package io.gridwork.people.internal;

import java.sql.Date;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.gridwork.people.AssignmentView;
import io.gridwork.people.CareTag;
import io.gridwork.people.IdCardNumber;
import io.gridwork.people.PeopleApi;
import io.gridwork.people.PersonalDataCipher;
import io.gridwork.people.PersonView;
import io.gridwork.people.PhoneNumber;
import io.gridwork.people.StaffRole;
import io.gridwork.shared.Masking;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.security.Permission;
import io.gridwork.shared.web.ProblemException;

@Service
@Transactional(readOnly = true)
public class PeopleService implements PeopleApi {

    private static final String PERSON_SELECT = """
            select p.id, p.name, p.gender, p.birth_date, p.id_card_mask, p.phone_mask,
                   m.household_id, m.relation
              from person p
              left join household_member m on m.person_id = p.id and m.until is null
            """;

    private final JdbcClient jdbc;
    private final PersonalDataCipher cipher;
    private final org.springframework.context.ApplicationEventPublisher events;

    private final GridStatsQuery stats;

    private final GridRollup rollup;

    PeopleService(JdbcClient jdbc, PersonalDataCipher cipher, GridStatsQuery stats, GridRollup rollup,
            org.springframework.context.ApplicationEventPublisher events) {
        this.stats = stats;
        this.rollup = rollup;
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.events = events;
    }

    @Override
    @Transactional
    public long createPerson(NewPerson p) {
        if (p.name() == null || p.name().isBlank()) {
            throw ProblemException.badRequest("name-required", "a person needs a name", Map.of("field", "name"));
        }
        String idProblem = p.idCard() == null ? null : IdCardNumber.problem(p.idCard());
        if (idProblem != null) {
            throw ProblemException.badRequest("invalid-id-card", idProblem, Map.of("field", "idCard"));
        }
        String phoneProblem = p.phone() == null || p.phone().isBlank() ? null : PhoneNumber.problem(p.phone());
        if (phoneProblem != null) {
            throw ProblemException.badRequest("invalid-phone", phoneProblem, Map.of("field", "phone"));
        }
        String id = IdCardNumber.normalize(p.idCard());
        String phone = p.phone() == null || p.phone().isBlank() ? null : PhoneNumber.normalize(p.phone());
        if (id != null && findByIdCard(id).isPresent()) {
            throw ProblemException.conflict("duplicate-id-card", "a person with this ID card number already exists");
        }
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                insert into person (name, gender, birth_date, id_card_enc, id_card_hash, id_card_mask,
                                    phone_enc, phone_hash, phone_mask, note)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(p.name().strip(), id == null ? null : IdCardNumber.gender(id),
                        id == null ? null : Date.valueOf(IdCardNumber.birthDate(id)),
                        cipher.encrypt(id), cipher.hash(id), Masking.idCard(id),
                        cipher.encrypt(phone), cipher.hash(phone), Masking.phone(phone), p.note())
                .update(keys, "id");
        return Objects.requireNonNull(keys.getKey()).longValue();
    }

    @Override
    public Optional<PersonView> person(long id) {
        return jdbc.sql(PERSON_SELECT + " where p.id = ?").param(id).query(this::mapPerson).optional();
    }

    @Override
    public Optional<Long> findByIdCard(String idCard) {
        return jdbc.sql("select id from person where id_card_hash = ?").param(cipher.hash(IdCardNumber.normalize(idCard)))
                .query(Long.class).optional();
    }

    @Override
    public List<PersonView> membersOf(long householdId) {
        return jdbc.sql(PERSON_SELECT + " where m.household_id = ? order by case m.relation when 'HEAD' then 0 else 1 end, p.birth_date")
                .param(householdId).query(this::mapPerson).list();
    }

    @Override
    @Transactional
    public void addMember(long householdId, long personId, String relation, LocalDate since) {
        List<Long> households = new java.util.ArrayList<>(jdbc.sql("select household_id from household_member where person_id = ? and until is null")
                .param(personId).query(Long.class).list());
        households.add(householdId);
        jdbc.sql("update household_member set until = ? where person_id = ? and until is null")
                .params(Date.valueOf(LocalDate.now()), personId).update();
        jdbc.sql("insert into household_member (household_id, person_id, relation, since) values (?, ?, ?, ?)")
                .params(householdId, personId, relation, since == null ? null : Date.valueOf(since)).update();
        rollup.refreshHouseholds(households);
    }

    @Override
    @Transactional
    public void setTags(long personId, Set<CareTag> tags) {
        jdbc.sql("delete from person_tag where person_id = ?").param(personId).update();
        tags.forEach(t -> tag(personId, t));
    }

    @Override
    @Transactional
    public long register(long householdId, NewPerson person, String relation) {
        if (relation == null || !RELATIONS.contains(relation)) {
            throw ProblemException.badRequest("invalid-relation", "relation must be one of " + new java.util.TreeSet<>(RELATIONS),
                    Map.of("field", "relation"));
        }
        if (person.idCard() == null || person.idCard().isBlank()) {
            throw ProblemException.badRequest("id-card-required", "registering a resident needs their ID card number",
                    Map.of("field", "idCard"));
        }
        Optional<Long> existing = IdCardNumber.isValid(person.idCard()) ? findByIdCard(person.idCard()) : Optional.empty();
        long id = existing.orElseGet(() -> createPerson(person));
        if (existing.isPresent() && currentHouseholdOf(id).filter(h -> h == householdId).isPresent()) {
            throw ProblemException.conflict("already-member", "this person is already registered in the household");
        }
        addMember(householdId, id, relation, LocalDate.now());
        return id;
    }

    @Override
    @Transactional
    public void leave(long householdId, long personId) {
        int n = jdbc.sql("update household_member set until = ? where household_id = ? and person_id = ? and until is null")
                .params(Date.valueOf(LocalDate.now()), householdId, personId).update();
        if (n == 0) {
            throw ProblemException.notFound("membership of person " + personId + " in household", householdId);
        }
        rollup.refreshHouseholds(List.of(householdId));
    }

    @Override
    @Transactional
    public void tag(long personId, CareTag tag) {
        int present = jdbc.sql("select count(*) from person_tag where person_id = ? and tag = ?").params(personId, tag.name())
                .query(Integer.class).single();
        if (present == 0) {
            jdbc.sql("insert into person_tag (person_id, tag) values (?, ?)").params(personId, tag.name()).update();
        }
    }

    @Override
    @Transactional
    public long assign(long personId, StaffRole role, Long gridId, Long buildingId, Long unitId, LocalDate start,
            LocalDate end) {
        if (gridId == null && buildingId == null && unitId == null) {
            throw ProblemException.badRequest("target-required", "an assignment needs a grid, building or unit");
        }
        if (start == null) {
            throw ProblemException.badRequest("start-required", "an assignment needs a start date", Map.of("field", "startDate"));
        }
        if (end != null && end.isBefore(start)) {
            throw ProblemException.badRequest("invalid-period", "an assignment cannot end before it starts", Map.of("field", "endDate"));
        }
        var keys = new GeneratedKeyHolder();
        jdbc.sql("insert into staff_assignment (person_id, role, grid_id, building_id, unit_id, start_date, end_date) values (?, ?, ?, ?, ?, ?, ?)")
                .params(personId, role.name(), gridId, buildingId, unitId, Date.valueOf(start), end == null ? null : Date.valueOf(end))
                .update(keys, "id");
        events.publishEvent(new io.gridwork.people.StaffAssignmentChanged(personId));
        if (gridId != null) {
            rollup.refresh(List.of(gridId));
        }
        return Objects.requireNonNull(keys.getKey()).longValue();
    }

    private static final String ASSIGNMENT_SELECT = """
            select a.id, a.person_id, p.name, a.role, a.grid_id, a.building_id, a.unit_id, a.start_date, a.end_date
              from staff_assignment a join person p on p.id = a.person_id
            """;
    private static final String ACTIVE = " a.start_date <= current_date and (a.end_date is null or a.end_date >= current_date) ";

    @Override
    public List<AssignmentView> activeAssignmentsOf(long personId) {
        return jdbc.sql(ASSIGNMENT_SELECT + " where a.person_id = ? and" + ACTIVE + "order by a.start_date").param(personId)
                .query(PeopleService::mapAssignment).list();
    }

    @Override
    public List<AssignmentView> staffOf(long gridId) {
        return jdbc.sql(ASSIGNMENT_SELECT + " where a.grid_id = ? and" + ACTIVE + "order by a.role, p.name").param(gridId)
                .query(PeopleService::mapAssignment).list();
    }

    @Override
    public io.gridwork.people.GridStats statsOf(io.gridwork.grid.GridNode node) {
        return stats.statsOf(node);
    }

    @Override
    public List<Long> staffPersonsUnder(String gridPath) {
        return jdbc.sql("""
                select distinct a.person_id from staff_assignment a
                  left join v_grid_unit u on u.id = a.unit_id
                  left join v_grid_building b on b.id = coalesce(a.building_id, u.building_id)
                  join v_grid_node g on g.id = coalesce(a.grid_id, b.micro_grid_id, b.compound_id)
                 where g.path like ? and""" + ACTIVE + "order by a.person_id")
                .param(gridPath + "%").query(Long.class).list();
    }

    @Override
    public List<AssignmentView> assignmentsUnder(String gridPath, LocalDate from, LocalDate to) {
        return jdbc.sql(ASSIGNMENT_SELECT + """
                  left join v_grid_unit u on u.id = a.unit_id
                  left join v_grid_building b on b.id = coalesce(a.building_id, u.building_id)
                  join v_grid_node g on g.id = coalesce(a.grid_id, b.micro_grid_id, b.compound_id)
                 where g.path like ? and a.start_date <= ? and (a.end_date is null or a.end_date >= ?)
                 order by a.person_id, a.start_date, a.id""")
                .params(gridPath + "%", Date.valueOf(to), Date.valueOf(from)).query(PeopleService::mapAssignment).list();
    }

    @Override
    public Optional<Long> currentHouseholdOf(long personId) {
        return jdbc.sql("select household_id from household_member where person_id = ? and until is null").param(personId)
                .query(Long.class).optional();
    }

    @Override
    public Optional<Long> memberByNameAndIdSuffix(long householdId, String name, String idSuffix) {
        if (name == null || name.isBlank() || idSuffix == null || idSuffix.isBlank()) {
            return Optional.empty();
        }
        String suffix = idSuffix.strip().toUpperCase(java.util.Locale.ROOT);
        List<Long> matches = jdbc.sql("""
                select p.id, p.id_card_enc from person p
                  join household_member m on m.person_id = p.id and m.until is null
                 where m.household_id = ? and p.name = ? and p.id_card_enc is not null""")
                .params(householdId, name.strip())
                .query((rs, i) -> {
                    String number = cipher.decrypt(rs.getString(2));
                    return number != null && number.toUpperCase(java.util.Locale.ROOT).endsWith(suffix) ? rs.getLong(1) : -1L;
                })
                .list().stream().filter(id -> id > 0).toList();
        return matches.size() == 1 ? Optional.of(matches.get(0)) : Optional.empty();
    }

    @Override
    @Transactional(noRollbackFor = ProblemException.class) // a refusal's audit entry stays
    public String unmask(long personId, PiiField field, String reason, GridworkUser actor, String remoteAddr) {
        if (!actor.can(Permission.PII_UNMASK)) {
            audit(personId, field, reason, actor, remoteAddr, UnmaskOutcome.NO_PERMISSION);
            throw ProblemException.forbidden("seeing full numbers needs the PII_UNMASK permission");
        }
        if (reason == null || reason.strip().length() < 4) {
            audit(personId, field, reason, actor, remoteAddr, UnmaskOutcome.REASON_REQUIRED);
            throw ProblemException.badRequest("reason-required", "say why the full number is needed (at least 4 characters)",
                    Map.of("field", "reason"));
        }
        String column = field == PiiField.ID_CARD ? "id_card_enc" : "phone_enc";
        Optional<String> row = jdbc.sql("select " + column + " from person where id = ?").param(personId).query(String.class)
                .optional();
        if (row.isEmpty()) {
            audit(personId, field, reason, actor, remoteAddr, UnmaskOutcome.NOT_FOUND);
            throw ProblemException.notFound("person", personId);
        }
        String stored = row.get();
        if (stored == null) {
            audit(personId, field, reason, actor, remoteAddr, UnmaskOutcome.NOT_FOUND);
            throw ProblemException.notFound(field == PiiField.ID_CARD ? "ID card number of person" : "phone number of person", personId);
        }
        audit(personId, field, reason, actor, remoteAddr, UnmaskOutcome.GRANTED);
        return cipher.decrypt(stored);
    }

    @Override
    @Transactional(propagation = org.springframework.transaction.annotation.Propagation.REQUIRES_NEW)
    public void recordRefusedUnmask(long personId, PiiField field, String reason, GridworkUser actor, String remoteAddr,
            UnmaskOutcome outcome) {
        audit(personId, field, reason, actor, remoteAddr, outcome == null || outcome == UnmaskOutcome.GRANTED
                ? UnmaskOutcome.REFUSED : outcome);
    }

    private void audit(long personId, PiiField field, String reason, GridworkUser actor, String remoteAddr,
            UnmaskOutcome outcome) {
        String why = reason == null ? "" : reason.strip();
        jdbc.sql("insert into pii_access_log (actor_id, actor_name, person_id, field, reason, remote_addr, outcome) values (?, ?, ?, ?, ?, ?, ?)")
                .params(actor.accountId(), actor.username(), personId, field == null ? "UNKNOWN" : field.name(),
                        why.length() > 500 ? why.substring(0, 500) : why,
                        remoteAddr == null || remoteAddr.length() <= 64 ? remoteAddr : remoteAddr.substring(0, 64),
                        outcome.name())
                .update();
    }

    @Override
    @Transactional
    public long createPartyOrg(Long parentId, PartyOrgLevel level, String name, Long gridId, Long buildingId) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("insert into party_org (parent_id, level, name, grid_id, building_id) values (?, ?, ?, ?, ?)")
                .params(parentId, level.name(), name, gridId, buildingId).update(keys, "id");
        return Objects.requireNonNull(keys.getKey()).longValue();
    }

    @Override
    @Transactional
    public long addPartyMember(long personId, long orgId, LocalDate joinedOn, LocalDate registeredOn, boolean mobile,
            String homeOrgName) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("insert into party_member (person_id, org_id, joined_on, registered_on, mobile, home_org_name) values (?, ?, ?, ?, ?, ?)")
                .params(personId, orgId, joinedOn == null ? null : Date.valueOf(joinedOn),
                        registeredOn == null ? null : Date.valueOf(registeredOn), mobile, homeOrgName)
                .update(keys, "id");
        return Objects.requireNonNull(keys.getKey()).longValue();
    }

    private PersonView mapPerson(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        long id = rs.getLong("id");
        Set<CareTag> tags = EnumSet.noneOf(CareTag.class);
        jdbc.sql("select tag from person_tag where person_id = ?").param(id).query(String.class).list()
                .forEach(t -> tags.add(CareTag.valueOf(t)));
        Date birth = rs.getDate("birth_date");
        return new PersonView(id, rs.getString("name"), rs.getString("gender"), birth == null ? null : birth.toLocalDate(),
                rs.getString("id_card_mask"), rs.getString("phone_mask"), tags, rs.getObject("household_id", Long.class),
                rs.getString("relation"));
    }

    private static AssignmentView mapAssignment(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        Date end = rs.getDate("end_date");
        return new AssignmentView(rs.getLong("id"), rs.getLong("person_id"), rs.getString("name"),
                StaffRole.valueOf(rs.getString("role")), rs.getObject("grid_id", Long.class),
                rs.getObject("building_id", Long.class), rs.getObject("unit_id", Long.class),
                rs.getDate("start_date").toLocalDate(), end == null ? null : end.toLocalDate());
    }
}
