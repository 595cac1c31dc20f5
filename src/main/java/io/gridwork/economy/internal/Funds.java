package io.gridwork.economy.internal;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.gridwork.grid.GridNode;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.security.Role;
import io.gridwork.shared.web.ProblemException;

/**
 * The micro-fund of a community (微基金) and its committee: the community's staff (and those above them) set how many
 * approvals an expense needs (N) and the rate at which merchants' points are bought back, and designate the
 * committee's M members among existing accounts of the community (its staff, the owners committee, the party branch,
 * its grid workers and leaders). Who may read the fund's public statement is decided here too.
 */
@Service
public class Funds {

    /** The roles a committee member may hold (one of them), with a grid inside the community. */
    public static final Set<Role> COMMITTEE_ROLES = EnumSet.of(Role.COMMUNITY_STAFF, Role.OWNERS_COMMITTEE, Role.PARTY_BRANCH,
            Role.GRID_WORKER, Role.GRID_LEADER, Role.COMPOUND_LEADER);
    static final int DEFAULT_APPROVALS = 2;
    static final int MAX_APPROVALS = 9;

    public record Member(long accountId, String name, Role role, String designatedByName, Instant designatedAt) {
    }

    public record Fund(long id, long communityId, String communityName, int approvalsNeeded, int buybackFenPerPoint,
            long balanceFen, List<Member> members, String updatedByName, Instant updatedAt) {

        public boolean hasMember(long accountId) {
            return members.stream().anyMatch(m -> m.accountId() == accountId);
        }
    }

    public record Settings(Integer approvalsNeeded, Integer buybackFenPerPoint) {
    }

    private final JdbcClient jdbc;
    private final Communities communities;
    private final FundLedger ledger;
    private final Rules rules;
    private final Merchants merchants;
    private final UserDetailsService accounts;

    Funds(JdbcClient jdbc, Communities communities, FundLedger ledger, Rules rules, Merchants merchants,
            UserDetailsService accounts) {
        this.jdbc = jdbc;
        this.communities = communities;
        this.ledger = ledger;
        this.rules = rules;
        this.merchants = merchants;
        this.accounts = accounts;
    }

    /** The community's fund (made on first use: N = 2, a point bought back at what it is worth in a payment). */
    @Transactional
    public Fund ensure(long communityId, GridworkUser user) {
        requireStaffRole(user);
        GridNode c = communities.forStaff(communityId, user);
        if (fundId(c.id()).isEmpty()) {
            jdbc.sql("""
                    insert into economy_fund (community_id, approvals_needed, buyback_fen_per_point, updated_by_name, updated_at)
                    values (?, ?, ?, ?, ?) on conflict do nothing""")
                    .params(c.id(), DEFAULT_APPROVALS, rules.redeemRule(c.id()).fenPerPoint(), user.displayName(),
                            Checks.timestamp(Instant.now()))
                    .update();
        }
        return get(c.id());
    }

    /** The fund for the community's staff (made when missing). */
    public Fund forStaff(long communityId, GridworkUser user) {
        requireStaffRole(user);
        communities.forStaff(communityId, user);
        return fundId(communityId).isPresent() ? get(communityId) : ensure(communityId, user);
    }

    @Transactional
    public Fund settings(long communityId, Settings in, GridworkUser user) {
        Fund f = forStaff(communityId, user);
        int n = Checks.require(in == null ? null : in.approvalsNeeded(), "approvalsNeeded");
        int rate = Checks.require(in.buybackFenPerPoint(), "buybackFenPerPoint");
        if (n < 1 || n > MAX_APPROVALS) {
            throw ProblemException.badRequest("invalid-approvals", "an expense needs 1 to " + MAX_APPROVALS + " approvals",
                    Map.of("field", "approvalsNeeded"));
        }
        if (rate < 1 || rate > 100_000) {
            throw ProblemException.badRequest("invalid-rate", "a point is bought back at ¥0.01 to ¥1,000",
                    Map.of("field", "buybackFenPerPoint"));
        }
        jdbc.sql("update economy_fund set approvals_needed = ?, buyback_fen_per_point = ?, updated_by_name = ?, updated_at = ? where id = ?")
                .params(n, rate, user.displayName(), Checks.timestamp(Instant.now()), f.id()).update();
        return get(communityId);
    }

    /** Designates an existing account of the community as a committee member (by its user name). */
    @Transactional
    public Fund designate(long communityId, String username, GridworkUser user) {
        Fund f = forStaff(communityId, user);
        String name = Checks.text(username, "username", 100, true);
        GridworkUser candidate;
        try {
            candidate = (GridworkUser) accounts.loadUserByUsername(name);
        } catch (UsernameNotFoundException e) {
            throw ProblemException.badRequest("unknown-account", "there is no account " + name, Map.of("field", "username"));
        }
        Role role = candidate.roles().stream().filter(COMMITTEE_ROLES::contains).findFirst().orElseThrow(
                () -> ProblemException.badRequest("not-eligible", "a committee member is community staff, owners committee, "
                        + "party branch or a grid worker of the community", Map.of("field", "username")));
        String path = communities.community(communityId).path();
        if (!candidate.enabled() || candidate.scopePaths().stream().noneMatch(s -> s.startsWith(path))) {
            throw ProblemException.badRequest("not-eligible", name + " does not work in this community",
                    Map.of("field", "username"));
        }
        ledger.lockFund(f.id());
        if (isMember(f.id(), candidate.accountId())) {
            throw ProblemException.conflict("member-exists", name + " is a member already");
        }
        jdbc.sql("""
                insert into economy_fund_member (fund_id, account_id, name, role, designated_by_name, designated_at)
                values (?, ?, ?, ?, ?, ?)""")
                .params(f.id(), candidate.accountId(), candidate.displayName(), role.name(), user.displayName(),
                        Checks.timestamp(Instant.now()))
                .update();
        return get(communityId);
    }

    @Transactional
    public Fund remove(long communityId, long accountId, GridworkUser user) {
        Fund f = forStaff(communityId, user);
        int changed = jdbc.sql("""
                update economy_fund_member set removed_by_name = ?, removed_at = ?
                 where fund_id = ? and account_id = ? and removed_at is null""")
                .params(user.displayName(), Checks.timestamp(Instant.now()), f.id(), accountId).update();
        if (changed == 0) {
            throw ProblemException.notFound("member", accountId);
        }
        return get(communityId);
    }

    public boolean isMember(long fundId, long accountId) {
        return jdbc.sql("select count(*) from economy_fund_member where fund_id = ? and account_id = ? and removed_at is null")
                .params(fundId, accountId).query(Long.class).single() > 0;
    }

    /** The funds the account sits on the committee of. */
    public List<Fund> ofMember(long accountId) {
        return jdbc.sql("""
                select f.community_id from economy_fund f where exists (select 1 from economy_fund_member m
                 where m.fund_id = f.id and m.account_id = ? and m.removed_at is null) order by f.id""")
                .param(accountId).query(Long.class).list().stream().map(this::get).toList();
    }

    public Optional<Long> fundId(long communityId) {
        return jdbc.sql("select id from economy_fund where community_id = ?").param(communityId).query(Long.class).optional();
    }

    public Optional<Long> communityOfFund(long fundId) {
        return jdbc.sql("select community_id from economy_fund where id = ?").param(fundId).query(Long.class).optional();
    }

    /** The fund of a community (404 when it has none yet). */
    public Fund get(long communityId) {
        record Row(long id, int n, int rate, String by, Instant at) {
        }
        Row r = jdbc.sql("select id, approvals_needed, buyback_fen_per_point, updated_by_name, updated_at from economy_fund where community_id = ?")
                .param(communityId)
                .query((rs, i) -> new Row(rs.getLong(1), rs.getInt(2), rs.getInt(3), rs.getString(4), Checks.instant(rs.getTimestamp(5))))
                .optional().orElseThrow(() -> ProblemException.notFound("fund", communityId));
        List<Member> members = jdbc.sql("""
                select account_id, name, role, designated_by_name, designated_at from economy_fund_member
                 where fund_id = ? and removed_at is null order by id""").param(r.id())
                .query((rs, i) -> new Member(rs.getLong(1), rs.getString(2), Role.valueOf(rs.getString(3)), rs.getString(4),
                        Checks.instant(rs.getTimestamp(5))))
                .list();
        return new Fund(r.id(), communityId, communities.name(communityId), r.n(), r.rate(), ledger.balance(r.id()), members,
                r.by(), r.at());
    }

    private static void requireStaffRole(GridworkUser user) {
        if (!(user.has(Role.COMMUNITY_STAFF) || user.has(Role.STREET_STAFF) || user.isAdmin())) {
            throw ProblemException.forbidden("the fund is kept by the community's staff");
        }
    }

    /** The community's staff (whose grids cover it) may manage its fund. */
    public boolean isStaff(long communityId, GridworkUser user) {
        return (user.has(Role.COMMUNITY_STAFF) || user.has(Role.STREET_STAFF) || user.isAdmin())
                && communities.covers(communityId, user);
    }

    /**
     * Who may read a community's fund statement: its residents (living there now), its merchants, committee members,
     * and staff whose grids cover it or lie inside it. Everyone else: 403.
     */
    public GridNode forReader(long communityId, GridworkUser user) {
        GridNode c = communities.community(communityId);
        if (mayRead(c, user)) {
            return c;
        }
        throw ProblemException.forbidden("the fund of " + c.name() + " is read by its residents, merchants and staff");
    }

    boolean mayRead(GridNode c, GridworkUser user) {
        if (user.isStaff() && (user.covers(c.path()) || user.scopePaths().stream().anyMatch(s -> s.startsWith(c.path())))) {
            return true;
        }
        if (user.personId() != null && communities.ofPerson(user.personId()).map(GridNode::id).orElse(-1L) == c.id()) {
            return true;
        }
        if (user.has(Role.MERCHANT) && merchants.ofAccount(user.accountId()).map(m -> m.communityId() == c.id()).orElse(false)) {
            return true;
        }
        return fundId(c.id()).map(f -> isMember(f, user.accountId())).orElse(false);
    }

    /** The community whose statement the account reads first: where the resident lives, the merchant's shop is. */
    public Optional<GridNode> homeOf(GridworkUser user) {
        if (user.personId() != null) {
            Optional<GridNode> home = communities.ofPerson(user.personId());
            if (home.isPresent()) {
                return home;
            }
        }
        return merchants.ofAccount(user.accountId()).map(m -> communities.community(m.communityId()));
    }
}
