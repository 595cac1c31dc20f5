package io.gridwork.demand.internal;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.gridwork.demand.CategoryView;
import io.gridwork.demand.Grade;
import io.gridwork.demand.Party;
import io.gridwork.shared.web.ProblemException;

/** The category taxonomy, the time-limit policies and the working calendar of each community. */
@Component
public class DemandPolicies {

    /** Time limits in minutes; {@code resolveMinutes} null means the handler sets a binding deadline. */
    public record Policy(int respondMinutes, Integer resolveMinutes, String clock, int escalateAfterMinutes) {
    }

    private final JdbcClient jdbc;
    private final BusinessClock clock;
    private final AtomicReference<Map<LocalDate, String>> calendar = new AtomicReference<>();
    private volatile long calendarLoadedAt;

    DemandPolicies(JdbcClient jdbc, @Value("${gridwork.demand.working-hours.open:09:00}") LocalTime open,
            @Value("${gridwork.demand.working-hours.close:17:00}") LocalTime close) {
        this.jdbc = jdbc;
        this.clock = new BusinessClock(open, close, this::calendar);
    }

    BusinessClock clock() {
        return clock;
    }

    private final io.gridwork.shared.TtlCache<Long, List<CategoryView>> categoryCache =
            new io.gridwork.shared.TtlCache<>(java.time.Duration.ofSeconds(60), 10_000);
    private final io.gridwork.shared.TtlCache<String, Policy> policyCache =
            new io.gridwork.shared.TtlCache<>(java.time.Duration.ofSeconds(60), 100_000);

    /** Forgets cached settings after a change made on this instance (others see it within a minute). */
    void invalidate() {
        categoryCache.clear();
        policyCache.clear();
        if (org.springframework.transaction.support.TransactionSynchronizationManager.isSynchronizationActive()) {
            org.springframework.transaction.support.TransactionSynchronizationManager.registerSynchronization(
                    new org.springframework.transaction.support.TransactionSynchronization() {
                        @Override
                        public void afterCommit() {
                            categoryCache.clear();
                            policyCache.clear();
                        }
                    });
        }
    }

    /** Active categories of a community: the defaults, overridden or extended by its own. */
    public List<CategoryView> categories(long communityId) {
        return categoryCache.get(communityId, this::loadCategories);
    }

    private List<CategoryView> loadCategories(long communityId) {
        Map<String, CategoryView> byCode = new LinkedHashMap<>();
        Map<String, Boolean> active = new LinkedHashMap<>();
        jdbc.sql("""
                select code, name_zh, name_en, default_party, default_grade, city_focus, active, community_id
                  from demand_category where community_id is null or community_id = ?
                 order by case when community_id is null then 0 else 1 end, sort, code""")
                .param(communityId)
                .query(rs -> {
                    String code = rs.getString(1);
                    byCode.put(code, new CategoryView(code, rs.getString(2), rs.getString(3), Party.valueOf(rs.getString(4)),
                            Grade.valueOf(rs.getString(5)), rs.getBoolean(6)));
                    active.put(code, rs.getBoolean(7));
                });
        return byCode.values().stream().filter(c -> active.get(c.code())).toList();
    }

    /** Every category code in use anywhere, for naming codes in lists that span communities (defaults win). */
    public Map<String, CategoryView> catalogue() {
        Map<String, CategoryView> byCode = new LinkedHashMap<>();
        jdbc.sql("""
                select code, name_zh, name_en, default_party, default_grade, city_focus from demand_category
                 order by case when community_id is null then 0 else 1 end, sort, code""")
                .query(rs -> {
                    byCode.putIfAbsent(rs.getString(1), new CategoryView(rs.getString(1), rs.getString(2), rs.getString(3),
                            Party.valueOf(rs.getString(4)), Grade.valueOf(rs.getString(5)), rs.getBoolean(6)));
                });
        return byCode;
    }

    public CategoryView category(long communityId, String code) {
        return categories(communityId).stream().filter(c -> c.code().equals(code)).findFirst()
                .orElseThrow(() -> new ProblemException(HttpStatus.BAD_REQUEST, "unknown-category",
                        "category '" + code + "' is not used in this community", Map.of("field", "categoryCode")));
    }

    /** The most specific policy: community and category, community, category, default. */
    public Policy policy(long communityId, String categoryCode, Grade grade) {
        return policyCache.get(communityId + "/" + categoryCode + "/" + grade, k -> loadPolicy(communityId, categoryCode, grade));
    }

    private Policy loadPolicy(long communityId, String categoryCode, Grade grade) {
        return jdbc.sql("""
                select respond_minutes, resolve_minutes, clock, escalate_after_minutes from time_policy
                 where grade = :grade and (community_id is null or community_id = :community)
                   and (category_code is null or category_code = :category)
                 order by case when community_id is null then 0 else 2 end + case when category_code is null then 0 else 1 end desc
                 limit 1""")
                .param("grade", grade.name()).param("community", communityId).param("category", categoryCode)
                .query((rs, i) -> new Policy(rs.getInt(1), rs.getObject(2, Integer.class), rs.getString(3), rs.getInt(4)))
                .single();
    }

    private Map<LocalDate, String> calendar() {
        Map<LocalDate, String> cached = calendar.get();
        if (cached == null || System.currentTimeMillis() - calendarLoadedAt > 300_000) {
            Map<LocalDate, String> fresh = new java.util.HashMap<>();
            jdbc.sql("select cal_day, kind from work_calendar").query(rs -> {
                fresh.put(rs.getDate(1).toLocalDate(), rs.getString(2));
            });
            calendar.set(fresh);
            calendarLoadedAt = System.currentTimeMillis();
            cached = fresh;
        }
        return cached;
    }

    /** Time limits from submission for the grade; the difficult grade waits for the handler's deadline. */
    void apply(Demand d, Grade grade) {
        Policy p = policy(d.communityId, d.categoryCode, grade);
        BusinessClock clock = clock();
        d.clock = p.clock();
        d.respondDueAt = clock.plus(d.submittedAt, p.respondMinutes(), p.clock());
        d.respondYellowAt = clock.plus(d.submittedAt, Math.round(p.respondMinutes() * 0.8), p.clock());
        if (!d.deadlineBinding) {
            if (p.resolveMinutes() == null) {
                d.resolveDueAt = null;
                d.resolveYellowAt = null;
            } else {
                d.resolveDueAt = clock.plus(d.submittedAt, p.resolveMinutes(), p.clock());
                d.resolveYellowAt = clock.plus(d.submittedAt, Math.round(p.resolveMinutes() * 0.8), p.clock());
            }
        }
    }
}
