package io.gridwork.economy.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.web.ProblemException;

/**
 * The community's published rules: how points are earned (points per hour or per task; a published rule never
 * changes, it is retired and another published) and how they are redeemed (so many points per full step of a
 * purchase, each point worth so many fen; the latest setting applies, without one 3 points per full ¥30 at ¥1 a point).
 */
@Service
public class Rules {

    public enum Unit { HOUR, TASK }

    public record NewEarnRule(String name, Unit unit, Integer points) {
    }

    public record EarnRule(long id, long communityId, String name, Unit unit, int points, String publishedByName,
            Instant publishedAt, String retiredByName, Instant retiredAt) {

        public boolean retired() {
            return retiredAt != null;
        }
    }

    public record NewRedeemRule(Integer stepFen, Integer stepPoints, Integer fenPerPoint) {
    }

    /** stepPoints off per full stepFen of a purchase, a point worth fenPerPoint; {@code setAt} null: the default. */
    public record RedeemRule(int stepFen, int stepPoints, int fenPerPoint, String setByName, Instant setAt) {

        /** The points a purchase takes: stepPoints for every full step. */
        public long pointsFor(long purchaseFen) {
            return purchaseFen / stepFen * stepPoints;
        }
    }

    public static final RedeemRule DEFAULT_REDEEM = new RedeemRule(3000, 3, 100, null, null);

    private final JdbcClient jdbc;
    private final Communities communities;

    Rules(JdbcClient jdbc, Communities communities) {
        this.jdbc = jdbc;
        this.communities = communities;
    }

    @Transactional
    public EarnRule publish(long communityId, NewEarnRule in, GridworkUser user) {
        communities.forStaff(communityId, user);
        if (in == null) {
            throw ProblemException.badRequest("body-required", "send the rule as JSON");
        }
        String name = Checks.text(in.name(), "name", 100, true);
        Unit unit = Checks.require(in.unit(), "unit");
        int points = Checks.require(in.points(), "points");
        if (points < 1 || points > 1000) {
            throw ProblemException.badRequest("invalid-points", "a rule gives 1 to 1000 points per hour or task",
                    Map.of("field", "points"));
        }
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                insert into economy_earn_rule (community_id, name, unit, points, published_by_id, published_by_name, published_at)
                values (?, ?, ?, ?, ?, ?, ?)""")
                .params(communityId, name, unit.name(), points, user.accountId(), user.displayName(),
                        Checks.timestamp(Instant.now()))
                .update(keys, "id");
        return earnRule(keys.getKey().longValue()).orElseThrow();
    }

    @Transactional
    public EarnRule retire(long ruleId, GridworkUser user) {
        EarnRule rule = earnRule(ruleId).orElseThrow(() -> ProblemException.notFound("rule", ruleId));
        communities.forStaff(rule.communityId(), user);
        int changed = jdbc.sql("update economy_earn_rule set retired_at = ?, retired_by_name = ? where id = ? and retired_at is null")
                .params(Checks.timestamp(Instant.now()), user.displayName(), ruleId).update();
        if (changed == 0) {
            throw ProblemException.conflict("illegal-transition", "the rule is retired already");
        }
        return earnRule(ruleId).orElseThrow();
    }

    /** A community's earning rules: those in force by name, then the retired ones (when asked for). */
    public List<EarnRule> earnRules(long communityId, boolean withRetired) {
        return jdbc.sql(SELECT + " where community_id = ?" + (withRetired ? "" : " and retired_at is null")
                + " order by case when retired_at is null then 0 else 1 end, name, id").param(communityId)
                .query(Rules::earnRule).list();
    }

    public Optional<EarnRule> earnRule(long id) {
        return jdbc.sql(SELECT + " where id = ?").param(id).query(Rules::earnRule).optional();
    }

    private static final String SELECT = """
            select id, community_id, name, unit, points, published_by_name, published_at, retired_by_name, retired_at
              from economy_earn_rule""";

    private static EarnRule earnRule(ResultSet rs, int i) throws SQLException {
        return new EarnRule(rs.getLong("id"), rs.getLong("community_id"), rs.getString("name"), Unit.valueOf(rs.getString("unit")),
                rs.getInt("points"), rs.getString("published_by_name"), Checks.instant(rs.getTimestamp("published_at")),
                rs.getString("retired_by_name"), Checks.instant(rs.getTimestamp("retired_at")));
    }

    /** Sets the community's redemption rule from now on (earlier postings keep the rule stored with them). */
    @Transactional
    public RedeemRule setRedeemRule(long communityId, NewRedeemRule in, GridworkUser user) {
        communities.forStaff(communityId, user);
        if (in == null) {
            throw ProblemException.badRequest("body-required", "send the rule as JSON");
        }
        int stepFen = Checks.require(in.stepFen(), "stepFen");
        int stepPoints = Checks.require(in.stepPoints(), "stepPoints");
        int fenPerPoint = in.fenPerPoint() == null ? 100 : in.fenPerPoint();
        if (stepFen < 100 || stepFen > 10_000_000) {
            throw ProblemException.badRequest("invalid-redeem-rule", "the step is ¥1 to ¥100,000", Map.of("field", "stepFen"));
        }
        if (stepPoints < 1 || fenPerPoint < 1 || (long) stepPoints * fenPerPoint > stepFen) {
            throw ProblemException.badRequest("invalid-redeem-rule",
                    "the points of a step may take off at most the step itself (stepPoints × fenPerPoint ≤ stepFen)",
                    Map.of("field", "stepPoints"));
        }
        jdbc.sql("""
                insert into economy_redeem_rule (community_id, step_fen, step_points, fen_per_point, set_by_id, set_by_name, set_at)
                values (?, ?, ?, ?, ?, ?, ?)""")
                .params(communityId, stepFen, stepPoints, fenPerPoint, user.accountId(), user.displayName(),
                        Checks.timestamp(Instant.now()))
                .update();
        return redeemRule(communityId);
    }

    /** The redemption rule in force in a community. */
    public RedeemRule redeemRule(long communityId) {
        return jdbc.sql("""
                select step_fen, step_points, fen_per_point, set_by_name, set_at from economy_redeem_rule
                 where community_id = ? order by id desc limit 1""").param(communityId)
                .query((rs, i) -> new RedeemRule(rs.getInt("step_fen"), rs.getInt("step_points"), rs.getInt("fen_per_point"),
                        rs.getString("set_by_name"), Checks.instant(rs.getTimestamp("set_at"))))
                .optional().orElse(DEFAULT_REDEEM);
    }
}
