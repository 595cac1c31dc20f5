package io.gridwork.economy.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.gridwork.grid.GridNode;
import io.gridwork.people.PersonalDataCipher;
import io.gridwork.people.PhoneNumber;
import io.gridwork.shared.Masking;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.security.Role;
import io.gridwork.shared.web.ProblemException;

/**
 * Shops: a merchant account registers one shop in a community (pending), the community's staff verify it or
 * reject it with a reason (a verified shop can be rejected later, which stops its payments); a rejected shop can
 * be registered again. The contact number is stored encrypted with a keyed hash and a mask; only the mask leaves.
 */
@Service
public class Merchants {

    public enum Status { PENDING, VERIFIED, REJECTED }

    public record NewMerchant(Long communityId, String name, String address, String contactName, String phone) {
    }

    public record Merchant(long id, long communityId, String communityName, long accountId, String name, String address,
            String contactName, String phoneMasked, Status status, String decisionNote, String decidedByName, Instant decidedAt,
            Instant createdAt) {
    }

    private final JdbcClient jdbc;
    private final Communities communities;
    private final PersonalDataCipher cipher;
    private final Ledger ledger;

    Merchants(JdbcClient jdbc, Communities communities, PersonalDataCipher cipher, Ledger ledger) {
        this.jdbc = jdbc;
        this.communities = communities;
        this.cipher = cipher;
        this.ledger = ledger;
    }

    /** Registers the signed-in merchant's shop, or registers a rejected one again; 409 when one is pending or verified. */
    @Transactional
    public Merchant register(NewMerchant in, GridworkUser user) {
        if (!user.has(Role.MERCHANT)) {
            throw ProblemException.forbidden("only merchant accounts register shops");
        }
        if (in == null) {
            throw ProblemException.badRequest("body-required", "send the shop as JSON");
        }
        GridNode community = communities.community(in.communityId());
        String name = Checks.text(in.name(), "name", 100, true);
        String address = Checks.text(in.address(), "address", 200, true);
        String contact = Checks.text(in.contactName(), "contactName", 50, true);
        String rawPhone = Checks.text(in.phone(), "phone", 30, true);
        String problem = PhoneNumber.problem(rawPhone);
        if (problem != null) {
            throw ProblemException.badRequest("invalid-phone", problem, Map.of("field", "phone"));
        }
        String phone = PhoneNumber.normalize(rawPhone);
        var now = Checks.timestamp(Instant.now());
        Optional<Merchant> mine = ofAccount(user.accountId());
        if (mine.isPresent()) {
            Merchant m = mine.get();
            if (m.status() != Status.REJECTED) {
                throw ProblemException.conflict("merchant-exists", "this account has a shop already: " + m.name());
            }
            int changed = jdbc.sql("""
                    update economy_merchant set community_id = ?, name = ?, address = ?, contact_name = ?, phone_enc = ?,
                        phone_hash = ?, phone_mask = ?, status = 'PENDING', decision_note = null, decided_by_id = null,
                        decided_by_name = null, decided_at = null, updated_at = ?
                     where id = ? and status = 'REJECTED'""")
                    .params(community.id(), name, address, contact, cipher.encrypt(phone), cipher.hash(phone),
                            Masking.phone(phone), now, m.id()).update();
            if (changed == 0) {
                throw ProblemException.conflict("concurrent-change", "the shop changed meanwhile; reload and try again");
            }
            return find(m.id()).orElseThrow();
        }
        var keys = new GeneratedKeyHolder();
        int inserted = jdbc.sql("""
                insert into economy_merchant (community_id, account_id, name, address, contact_name, phone_enc, phone_hash,
                    phone_mask, status, created_at, updated_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', ?, ?) on conflict do nothing""")
                .params(community.id(), user.accountId(), name, address, contact, cipher.encrypt(phone), cipher.hash(phone),
                        Masking.phone(phone), now, now)
                .update(keys, "id");
        if (inserted == 0) {
            throw ProblemException.conflict("merchant-exists", "this account has a shop already");
        }
        return find(keys.getKey().longValue()).orElseThrow();
    }

    /** The community's staff verify a pending shop; its ledger account is opened. */
    @Transactional
    public Merchant verify(long id, GridworkUser user) {
        Merchant m = forStaff(id, user);
        int changed = jdbc.sql("""
                update economy_merchant set status = 'VERIFIED', decision_note = null, decided_by_id = ?, decided_by_name = ?,
                    decided_at = ?, updated_at = ? where id = ? and status = 'PENDING'""")
                .params(user.accountId(), user.displayName(), Checks.timestamp(Instant.now()), Checks.timestamp(Instant.now()), id)
                .update();
        if (changed == 0) {
            throw ProblemException.conflict("illegal-transition", "only a pending shop can be verified (it is " + m.status() + ")");
        }
        ledger.account(m.communityId(), Ledger.AccountKind.MERCHANT, m.id());
        return find(id).orElseThrow();
    }

    /** Rejects a pending shop, or withdraws a verified one's verification, with a reason. */
    @Transactional
    public Merchant reject(long id, String reason, GridworkUser user) {
        Merchant m = forStaff(id, user);
        String note = Checks.text(reason, "reason", 300, false);
        if (note == null) {
            throw ProblemException.badRequest("reason-required", "say why the shop is rejected", Map.of("field", "reason"));
        }
        int changed = jdbc.sql("""
                update economy_merchant set status = 'REJECTED', decision_note = ?, decided_by_id = ?, decided_by_name = ?,
                    decided_at = ?, updated_at = ? where id = ? and status in ('PENDING', 'VERIFIED')""")
                .params(note, user.accountId(), user.displayName(), Checks.timestamp(Instant.now()),
                        Checks.timestamp(Instant.now()), id)
                .update();
        if (changed == 0) {
            throw ProblemException.conflict("illegal-transition", "the shop is rejected already");
        }
        return find(id).orElseThrow();
    }

    /** A shop for the community's staff (within their grids) or for the merchant who registered it. */
    public Merchant get(long id, GridworkUser user) {
        Merchant m = find(id).orElseThrow(() -> ProblemException.notFound("merchant", id));
        if (m.accountId() == user.accountId()) {
            return m;
        }
        if (!user.isStaff() || !communities.covers(m.communityId(), user)) {
            throw ProblemException.forbidden("merchant " + id + " lies outside your grids");
        }
        return m;
    }

    Merchant forStaff(long id, GridworkUser user) {
        Merchant m = find(id).orElseThrow(() -> ProblemException.notFound("merchant", id));
        if (!communities.covers(m.communityId(), user)) {
            throw ProblemException.forbidden("merchant " + id + " lies outside your grids");
        }
        return m;
    }

    /** The shops of a community (pending first), for its staff. */
    public List<Merchant> list(long communityId, Status status, GridworkUser user) {
        communities.forStaff(communityId, user);
        StringBuilder sql = new StringBuilder(SELECT + " where m.community_id = ?");
        List<Object> params = new ArrayList<>(List.of(communityId));
        if (status != null) {
            sql.append(" and m.status = ?");
            params.add(status.name());
        }
        sql.append(" order by case m.status when 'PENDING' then 0 when 'VERIFIED' then 1 else 2 end, m.name, m.id limit 500");
        return jdbc.sql(sql.toString()).params(params).query(this::merchant).list();
    }

    public Optional<Merchant> ofAccount(long accountId) {
        return jdbc.sql(SELECT + " where m.account_id = ?").param(accountId).query(this::merchant).optional();
    }

    public Optional<Merchant> find(long id) {
        return jdbc.sql(SELECT + " where m.id = ?").param(id).query(this::merchant).optional();
    }

    public long count() {
        return jdbc.sql("select count(*) from economy_merchant").query(Long.class).single();
    }

    private static final String SELECT = """
            select m.id, m.community_id, m.account_id, m.name, m.address, m.contact_name, m.phone_mask, m.status, m.decision_note,
                   m.decided_by_name, m.decided_at, m.created_at
              from economy_merchant m""";

    private Merchant merchant(ResultSet rs, int i) throws SQLException {
        long community = rs.getLong("community_id");
        return new Merchant(rs.getLong("id"), community, communities.name(community), rs.getLong("account_id"),
                rs.getString("name"), rs.getString("address"), rs.getString("contact_name"), rs.getString("phone_mask"),
                Status.valueOf(rs.getString("status")), rs.getString("decision_note"), rs.getString("decided_by_name"),
                Checks.instant(rs.getTimestamp("decided_at")), Checks.instant(rs.getTimestamp("created_at")));
    }
}
