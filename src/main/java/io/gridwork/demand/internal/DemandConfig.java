package io.gridwork.demand.internal;

import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.gridwork.demand.Grade;
import io.gridwork.demand.Party;
import io.gridwork.shared.web.ProblemException;

/** A community's own categories and time limits, and the holiday calendar. */
@Service
@Transactional
public class DemandConfig {

    public record CategorySetting(String code, String nameZh, String nameEn, Party defaultParty, Grade defaultGrade,
            Boolean cityFocus, Boolean active) {
    }

    public record PolicySetting(Long communityId, String categoryCode, Grade grade, Integer respondMinutes,
            Integer resolveMinutes, String clock, Integer escalateAfterMinutes) {
    }

    public record CalendarDay(LocalDate day, String kind, String name) {
    }

    private final JdbcClient jdbc;
    private final DemandPolicies policies;

    DemandConfig(JdbcClient jdbc, DemandPolicies policies) {
        this.jdbc = jdbc;
        this.policies = policies;
    }

    /** Adds a category to a community or overrides a default one (same code). */
    public void saveCategory(long communityId, CategorySetting c) {
        policies.invalidate();
        if (c.code() == null || !c.code().matches("[A-Z][A-Z0-9_]{1,31}")) {
            throw ProblemException.badRequest("invalid-code", "codes are 2-32 capital letters, digits or _", Map.of("field", "code"));
        }
        if (blank(c.nameZh()) || blank(c.nameEn()) || c.defaultParty() == null || c.defaultGrade() == null) {
            throw ProblemException.badRequest("invalid-category", "a category needs nameZh, nameEn, defaultParty and defaultGrade");
        }
        int n = jdbc.sql("""
                update demand_category set name_zh = ?, name_en = ?, default_party = ?, default_grade = ?, city_focus = ?, active = ?
                 where community_id = ? and code = ?""")
                .params(c.nameZh().strip(), c.nameEn().strip(), c.defaultParty().name(), c.defaultGrade().name(),
                        Boolean.TRUE.equals(c.cityFocus()), !Boolean.FALSE.equals(c.active()), communityId, c.code())
                .update();
        if (n == 0) {
            jdbc.sql("""
                    insert into demand_category (community_id, code, name_zh, name_en, default_party, default_grade, city_focus, active, sort)
                    values (?, ?, ?, ?, ?, ?, ?, ?, 500)""")
                    .params(communityId, c.code(), c.nameZh().strip(), c.nameEn().strip(), c.defaultParty().name(),
                            c.defaultGrade().name(), Boolean.TRUE.equals(c.cityFocus()), !Boolean.FALSE.equals(c.active()))
                    .update();
        }
    }

    /** Sets the limits of a grade for a community (and optionally one category). */
    public void savePolicy(long communityId, PolicySetting p) {
        policies.invalidate();
        if (p.grade() == null || p.respondMinutes() == null || p.respondMinutes() < 1) {
            throw ProblemException.badRequest("invalid-policy", "a policy needs a grade and respondMinutes ≥ 1");
        }
        if (p.grade() != Grade.DIFFICULT && (p.resolveMinutes() == null || p.resolveMinutes() < p.respondMinutes())) {
            throw ProblemException.badRequest("invalid-policy", "resolveMinutes must be at least respondMinutes",
                    Map.of("field", "resolveMinutes"));
        }
        String clock = p.clock() == null ? "NATURAL" : p.clock();
        if (!clock.equals("NATURAL") && !clock.equals("WORKING")) {
            throw ProblemException.badRequest("invalid-clock", "clock is NATURAL or WORKING", Map.of("field", "clock"));
        }
        int escalate = p.escalateAfterMinutes() == null ? 1440 : p.escalateAfterMinutes();
        if (escalate < 1) {
            throw ProblemException.badRequest("invalid-policy", "escalateAfterMinutes ≥ 1", Map.of("field", "escalateAfterMinutes"));
        }
        jdbc.sql("delete from time_policy where community_id = ? and grade = ? and "
                + (p.categoryCode() == null ? "category_code is null" : "category_code = ?"))
                .params(p.categoryCode() == null ? new Object[] {communityId, p.grade().name()}
                        : new Object[] {communityId, p.grade().name(), p.categoryCode()})
                .update();
        jdbc.sql("insert into time_policy (community_id, category_code, grade, respond_minutes, resolve_minutes, clock, escalate_after_minutes) values (?, ?, ?, ?, ?, ?, ?)")
                .params(communityId, p.categoryCode(), p.grade().name(), p.respondMinutes(), p.resolveMinutes(), clock, escalate)
                .update();
    }

    public List<PolicySetting> policies(long communityId) {
        return jdbc.sql("""
                select community_id, category_code, grade, respond_minutes, resolve_minutes, clock, escalate_after_minutes
                  from time_policy where community_id is null or community_id = ? order by community_id nulls first, grade, category_code""")
                .param(communityId)
                .query((rs, i) -> new PolicySetting(rs.getObject(1, Long.class), rs.getString(2), Grade.valueOf(rs.getString(3)),
                        rs.getInt(4), rs.getObject(5, Integer.class), rs.getString(6), rs.getInt(7)))
                .list();
    }

    public List<CalendarDay> calendar(int year) {
        return jdbc.sql("select cal_day, kind, name from work_calendar where cal_day between ? and ? order by cal_day")
                .params(Date.valueOf(LocalDate.of(year, 1, 1)), Date.valueOf(LocalDate.of(year, 12, 31)))
                .query((rs, i) -> new CalendarDay(rs.getDate(1).toLocalDate(), rs.getString(2), rs.getString(3))).list();
    }

    /** Marks a day as a public holiday or a make-up working day; kind null removes the mark. */
    public void saveDay(LocalDate day, String kind, String name) {
        jdbc.sql("delete from work_calendar where cal_day = ?").param(Date.valueOf(day)).update();
        if (kind == null) {
            return;
        }
        if (!kind.equals("HOLIDAY") && !kind.equals("WORKDAY")) {
            throw ProblemException.badRequest("invalid-kind", "kind is HOLIDAY or WORKDAY", Map.of("field", "kind"));
        }
        jdbc.sql("insert into work_calendar (cal_day, kind, name) values (?, ?, ?)").params(Date.valueOf(day), kind, name).update();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
