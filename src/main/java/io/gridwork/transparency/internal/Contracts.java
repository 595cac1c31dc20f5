package io.gridwork.transparency.internal;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.gridwork.grid.GridNode;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.security.Role;
import io.gridwork.shared.web.Fields;
import io.gridwork.shared.web.ProblemException;

/**
 * Property companies and their service contracts with compounds. Community and street staff (and admins) whose
 * grids cover the compound register companies and contracts and tick the handover briefing (入驻交底) checklist; the
 * property company and the owners committee read the contracts of the compounds in their grids, residents their own
 * compound's. Two contracts of one compound never overlap in time.
 */
@Service
public class Contracts {

    /** The handover briefing's checklist, done at the start of a contract. */
    public enum HandoverItem { COMMON_PARTS, DRAWINGS, OWNER_ROSTER, SERVICE_ROOMS, MAINTENANCE_FUND, KEYS_AND_CODES }

    public record Company(long id, String name, String creditCode, String createdByName, Instant createdAt) {
    }

    public record NewContract(Long compoundId, Long companyId, String companyName, String creditCode, LocalDate startsOn,
            LocalDate endsOn, Long feeFenPerM2) {
    }

    public record Tick(HandoverItem item, String doneByName, Instant doneAt) {
    }

    public record Contract(long id, long companyId, String companyName, long compoundId, String compoundName, LocalDate startsOn,
            LocalDate endsOn, long feeFenPerM2, String createdByName, Instant createdAt, List<Tick> handover) {

        /** Every item of the checklist ticked. */
        public boolean handoverDone() {
            return handover.stream().allMatch(t -> t.doneAt() != null);
        }

        public boolean covers(LocalDate from, LocalDate to) {
            return !startsOn.isAfter(to) && !endsOn.isBefore(from);
        }
    }

    private final JdbcClient jdbc;
    private final Compounds compounds;

    Contracts(JdbcClient jdbc, Compounds compounds) {
        this.jdbc = jdbc;
        this.compounds = compounds;
    }

    /** Community and street staff and admins: they make contracts and tick the handover checklist. */
    public static boolean manages(GridworkUser user) {
        return user.has(Role.COMMUNITY_STAFF) || user.has(Role.STREET_STAFF) || user.isAdmin();
    }

    static void requireManager(GridworkUser user) {
        if (!manages(user)) {
            throw ProblemException.forbidden("only community and street staff register property companies and contracts");
        }
    }

    // ---- companies -------------------------------------------------------------------------------

    public List<Company> companies() {
        return jdbc.sql("select id, name, credit_code, created_by_name, created_at from transparency_company order by name limit 500")
                .query(Contracts::company).list();
    }

    public Optional<Company> company(long id) {
        return jdbc.sql("select id, name, credit_code, created_by_name, created_at from transparency_company where id = ?")
                .param(id).query(Contracts::company).optional();
    }

    /** Registers a company by name; 409 when one of that name exists. */
    @Transactional
    public Company registerCompany(String name, String creditCode, GridworkUser user) {
        requireManager(user);
        String n = Fields.text(name, "companyName", 100, true);
        String code = creditCode(creditCode);
        var keys = new GeneratedKeyHolder();
        int inserted = jdbc.sql("""
                insert into transparency_company (name, credit_code, created_by_name, created_at) values (?, ?, ?, ?)
                on conflict do nothing""").params(n, code, user.displayName(), Timestamp.from(Instant.now())).update(keys, "id");
        if (inserted == 0) {
            throw ProblemException.conflict("company-exists", "a property company named " + n + " is registered already");
        }
        return company(keys.getKey().longValue()).orElseThrow();
    }

    private static String creditCode(String value) {
        String code = Fields.text(value, "creditCode", 18, false);
        if (code != null && !code.toUpperCase(java.util.Locale.ROOT).matches("[0-9A-Z]{18}")) {
            throw ProblemException.badRequest("invalid-credit-code", "a unified social credit code has 18 digits or capital letters",
                    Map.of("field", "creditCode"));
        }
        return code == null ? null : code.toUpperCase(java.util.Locale.ROOT);
    }

    // ---- contracts -------------------------------------------------------------------------------

    /**
     * A contract of a company with a compound. The company is named by id, or by name (registered when new). The period
     * must not overlap another contract of the compound; the fee standard is fen per m² per month, above zero.
     */
    @Transactional
    public Contract create(NewContract in, GridworkUser user) {
        requireManager(user);
        if (in == null) {
            throw ProblemException.badRequest("body-required", "send the contract as JSON");
        }
        GridNode compound = compounds.compound(in.compoundId());
        if (!user.covers(compound.path())) {
            throw ProblemException.badRequest("unknown-compound", "no compound " + in.compoundId() + " within your grids",
                    Map.of("field", "compoundId"));
        }
        LocalDate start = require(in.startsOn(), "startsOn");
        LocalDate end = require(in.endsOn(), "endsOn");
        if (end.isBefore(start)) {
            throw ProblemException.badRequest("invalid-period", "the contract ends before it starts", Map.of("field", "endsOn"));
        }
        long fee = require(in.feeFenPerM2(), "feeFenPerM2");
        if (fee <= 0) {
            throw ProblemException.badRequest("invalid-fee", "the fee standard is an amount above zero",
                    Map.of("field", "feeFenPerM2"));
        }
        long companyId;
        if (in.companyId() != null) {
            companyId = company(in.companyId()).map(Company::id).orElseThrow(() -> ProblemException.badRequest("unknown-company",
                    "no property company " + in.companyId(), Map.of("field", "companyId")));
        } else {
            String name = Fields.text(in.companyName(), "companyName", 100, true);
            companyId = jdbc.sql("select id from transparency_company where name = ?").param(name).query(Long.class).optional()
                    .orElseGet(() -> registerCompany(name, in.creditCode(), user).id());
        }
        // contracts of one compound are created one at a time, so two overlapping ones cannot both pass the check: the
        // compound's named lock orders them (issue 17: no longer the grid's own row)
        io.gridwork.shared.persistence.TransactionLocks.lock(jdbc, "transparency-contract:" + compound.id());
        List<Contract> overlapping = jdbc.sql(SELECT + " where c.compound_id = ? and c.starts_on <= ? and c.ends_on >= ?")
                .params(compound.id(), Date.valueOf(end), Date.valueOf(start)).query(this::contract).list();
        if (!overlapping.isEmpty()) {
            Contract o = overlapping.get(0);
            throw ProblemException.conflict("contract-overlaps", compound.name() + " has a contract with " + o.companyName()
                    + " from " + o.startsOn() + " to " + o.endsOn());
        }
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                insert into transparency_contract (company_id, compound_id, starts_on, ends_on, fee_fen_per_m2, created_by_id,
                    created_by_name, created_at) values (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(companyId, compound.id(), Date.valueOf(start), Date.valueOf(end), fee, user.accountId(), user.displayName(),
                        Timestamp.from(Instant.now()))
                .update(keys, "id");
        return find(keys.getKey().longValue()).orElseThrow();
    }

    /** Ticks an item of the handover checklist (once: ticking it again changes nothing). */
    @Transactional
    public Contract tick(long id, HandoverItem item, GridworkUser user) {
        Contract c = get(id, user);
        requireManager(user);
        if (item == null) {
            throw ProblemException.badRequest("field-required", "name the checklist item", Map.of("field", "item"));
        }
        jdbc.sql("""
                insert into transparency_handover_item (contract_id, item, done_by_name, done_at) values (?, ?, ?, ?)
                on conflict do nothing""").params(c.id(), item.name(), user.displayName(), Timestamp.from(Instant.now())).update();
        return find(id).orElseThrow();
    }

    /** A contract the user reaches (its compound in their grids, or their home), else 404 as if absent. */
    public Contract get(long id, GridworkUser user) {
        Contract c = find(id).orElseThrow(() -> ProblemException.notFound("contract", id));
        if (!compounds.reaches(compounds.compound(c.compoundId()), user)) {
            throw ProblemException.outOfReach("contract", id);
        }
        return c;
    }

    /** The contracts of a compound the user reaches, latest first. */
    public List<Contract> ofCompound(long compoundId, GridworkUser user) {
        compounds.reached(compoundId, user);
        return jdbc.sql(SELECT + " where c.compound_id = ? order by c.starts_on desc, c.id desc").param(compoundId)
                .query(this::contract).list();
    }

    /** The contracts of every compound the user reaches (the property company's own), latest first. */
    public List<Contract> inScope(GridworkUser user) {
        List<Long> ids = compounds.inScope(user).stream().map(GridNode::id).toList();
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql(SELECT + " where c.compound_id in (:ids) order by c.starts_on desc, c.id desc limit 500")
                .param("ids", ids).query(this::contract).list();
    }

    /** The contract of the compound that covers the whole or part of a period, if any (the latest). */
    public Optional<Contract> covering(long compoundId, LocalDate from, LocalDate to) {
        return jdbc.sql(SELECT + " where c.compound_id = ? and c.starts_on <= ? and c.ends_on >= ? order by c.starts_on desc")
                .params(compoundId, Date.valueOf(to), Date.valueOf(from)).query(this::contract).list().stream().findFirst();
    }

    public Optional<Contract> find(long id) {
        return jdbc.sql(SELECT + " where c.id = ?").param(id).query(this::contract).optional();
    }

    private static <T> T require(T value, String field) {
        if (value == null) {
            throw ProblemException.badRequest("field-required", field + " is required", Map.of("field", field));
        }
        return value;
    }

    private static final String SELECT = """
            select c.id, c.company_id, p.name as company_name, c.compound_id, c.starts_on, c.ends_on, c.fee_fen_per_m2,
                   c.created_by_name, c.created_at
              from transparency_contract c join transparency_company p on p.id = c.company_id""";

    private static Company company(ResultSet rs, int i) throws SQLException {
        return new Company(rs.getLong("id"), rs.getString("name"), rs.getString("credit_code"), rs.getString("created_by_name"),
                rs.getTimestamp("created_at").toInstant());
    }

    private Contract contract(ResultSet rs, int i) throws SQLException {
        long id = rs.getLong("id");
        long compound = rs.getLong("compound_id");
        Map<HandoverItem, Tick> ticks = new EnumMap<>(HandoverItem.class);
        jdbc.sql("select item, done_by_name, done_at from transparency_handover_item where contract_id = ?").param(id)
                .query(r -> {
                    HandoverItem item = HandoverItem.valueOf(r.getString(1));
                    ticks.put(item, new Tick(item, r.getString(2), r.getTimestamp(3).toInstant()));
                });
        List<Tick> handover = new ArrayList<>();
        for (HandoverItem item : HandoverItem.values()) {
            handover.add(ticks.getOrDefault(item, new Tick(item, null, null)));
        }
        return new Contract(id, rs.getLong("company_id"), rs.getString("company_name"), compound, compounds.name(compound),
                rs.getDate("starts_on").toLocalDate(), rs.getDate("ends_on").toLocalDate(), rs.getLong("fee_fen_per_m2"),
                rs.getString("created_by_name"), rs.getTimestamp("created_at").toInstant(), List.copyOf(handover));
    }
}
