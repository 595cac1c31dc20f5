package io.gridwork.economy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Locale;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import io.gridwork.economy.internal.Activities;
import io.gridwork.economy.internal.Recognition;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.support.GridworkTest;
import io.gridwork.support.TestPeople;

/** The pages: a resident signs up and cancels, an organiser publishes and checks in, a round is nominated and voted. */
@GridworkTest
class ActivityPagesTests {

    @Autowired
    MockMvc mvc;
    @Autowired
    EconomyFixtures economy;
    @Autowired
    ActivityFixtures fixtures;
    @Autowired
    TestPeople people;
    @Autowired
    Activities activities;
    @Autowired
    Recognition recognition;
    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    Document page(String url, GridworkUser as) throws Exception {
        return page(get(url), as, Locale.SIMPLIFIED_CHINESE);
    }

    Document page(MockHttpServletRequestBuilder request, GridworkUser as, Locale locale) throws Exception {
        MvcResult r = mvc.perform(request.with(user(as)).locale(locale)).andExpect(status().isOk()).andReturn();
        Document d = Jsoup.parse(r.getResponse().getContentAsString());
        assertThat(d.body().text()).doesNotContainPattern("\\b(true|false|null)\\b").doesNotContain("activity.")
                .doesNotContain("recognition.").doesNotContain("economy.").doesNotContainPattern("\\b[A-Z]+_[A-Z_]+\\b");
        return d;
    }

    Document submit(MockHttpServletRequestBuilder form, GridworkUser as) throws Exception {
        MvcResult r = mvc.perform(form.with(csrf()).with(user(as)).locale(Locale.SIMPLIFIED_CHINESE))
                .andExpect(status().is3xxRedirection()).andReturn();
        return page(get(r.getResponse().getRedirectedUrl())
                .requestAttr(org.springframework.web.servlet.DispatcherServlet.INPUT_FLASH_MAP_ATTRIBUTE, r.getFlashMap()), as,
                Locale.SIMPLIFIED_CHINESE);
    }

    @Test
    void theDemoResidentSeesTheirActivitiesAndThePointsOfTheOneAttended() throws Exception {
        GridworkUser resident = economy.user("resident");
        Document list = page("/economy/activities", resident);
        assertThat(list.select("#activities").text()).contains("北门定时定点投放点督导").contains("已报名").contains("冬至家庭包饺子")
                .contains("以家庭为单位");
        // the one attended ten days ago comes last, ended
        assertThat(list.select("#activities > li").last().text()).contains("学府路口交通安全劝导").contains("已结束");
        Document points = page("/economy/points", resident);
        assertThat(points.text()).contains("学府路口交通安全劝导");
        // in English too, without codes
        Document en = page(get("/economy/activities?lang=en"), resident, Locale.ENGLISH);
        assertThat(en.select("h1").text()).isEqualTo("Community activities");
    }

    @Test
    void aResidentSignsUpNamingTheFamilyAndCancels() throws Exception {
        GridworkUser resident = people.freshResident();
        long child = fixtures.addMember(resident);
        Activities.Activity a = fixtures.activity(1, Activities.Unit.HOUSEHOLD, Activities.Unit.PERSON, null);
        Document detail = page("/economy/activities/" + a.id(), resident);
        assertThat(detail.select("#signup-form input[name=memberIds]")).hasSizeGreaterThanOrEqualTo(2);
        // two persons for one place: refused with a message, nothing changed
        Document refused = submit(post("/economy/activities/" + a.id() + "/signup").param("memberIds",
                String.valueOf(resident.personId()), String.valueOf(child)), resident);
        assertThat(refused.select("#error").text()).contains("名额");
        Document done = submit(post("/economy/activities/" + a.id() + "/signup").param("memberIds", String.valueOf(child)), resident);
        assertThat(done.select("#done").text()).isEqualTo("报名成功。");
        assertThat(done.select("#my-signup").text()).contains("已报名").contains("待签到");
        Document again = submit(post("/economy/activities/" + a.id() + "/signup"), resident);
        assertThat(again.select("#error").text()).contains("已经报过名");
        Document cancelled = submit(post("/economy/activities/" + a.id() + "/signup/cancel"), resident);
        assertThat(cancelled.select("#done").text()).isEqualTo("已取消报名。");
        assertThat(cancelled.select("#signup-form")).hasSize(1);
    }

    @Test
    void anOrganiserPublishesChecksInAndVerifiesOnThePhone() throws Exception {
        GridworkUser worker = economy.user("worker");
        long rule = fixtures.hourlyRule(6);
        Document organise = page("/economy/organise", worker);
        assertThat(organise.select("#activity-form select[name=gridId] option").text()).contains("学府憬城第1微网格");
        Document bad = submit(post("/economy/organise/activities").param("gridId", String.valueOf(people.firstMicroGrid()))
                .param("kind", "GARBAGE_SORTING").param("title", "督导").param("place", "北门").param("startsAt", "2020-01-01T07:30")
                .param("endsAt", "2020-01-01T09:30").param("capacity", "5").param("signupUnit", "PERSON"), worker);
        assertThat(bad.select("#error").text()).contains("开始时间");
        String day = LocalDate.now().plusDays(2).toString();
        Document made = submit(post("/economy/organise/activities").param("gridId", String.valueOf(people.firstMicroGrid()))
                .param("kind", "GARBAGE_SORTING").param("title", "页面测试督导").param("place", "北门投放点")
                .param("startsAt", day + "T07:30").param("endsAt", day + "T09:30").param("capacity", "5")
                .param("signupUnit", "PERSON").param("ruleId", String.valueOf(rule)), worker);
        assertThat(made.select("#done").text()).contains("活动已发布");
        assertThat(made.select("#no-signups")).hasSize(1);
        // the newest by start come first: the demo's own activities later this month may be more than a handful
        long id = activities.inScope(worker, 500).stream().filter(x -> x.title().equals("页面测试督导")).findFirst().orElseThrow().id();

        GridworkUser resident = people.freshResident();
        GridworkUser stranger = people.freshResident();
        activities.signUp(id, null, resident);
        fixtures.startedAgo(id, Duration.ofMinutes(60), Duration.ofMinutes(60));
        String base = "/economy/organise/activities/" + id;
        Document notSigned = submit(post(base + "/check-in").param("personId", String.valueOf(stranger.personId())), worker);
        assertThat(notSigned.select("#error").text()).contains("没有报名");
        Document in = submit(post(base + "/check-in").param("personId", String.valueOf(resident.personId())), worker);
        assertThat(in.select("#done").text()).isEqualTo(resident.displayName() + " 已签到。");
        assertThat(in.select("#person-" + resident.personId() + " button.check-out")).hasSize(1);
        // she came when it started, an hour ago
        jdbc.sql("update economy_activity_attendance set checked_in_at = ? where activity_id = ? and person_id = ?")
                .params(java.sql.Timestamp.from(Instant.now().minus(Duration.ofMinutes(60))), id, resident.personId()).update();
        Document out = submit(post(base + "/check-out").param("personId", String.valueOf(resident.personId())), worker);
        assertThat(out.select("#person-" + resident.personId()).text()).contains("已签退，待核实");
        String key = out.select("#person-" + resident.personId() + " input[name=key]").val();
        Document verified = submit(post(base + "/verify").param("personId", String.valueOf(resident.personId())).param("key", key),
                worker);
        assertThat(verified.select("#person-" + resident.personId()).text()).contains("已记分").contains("1 小时").contains("6 贝");
        assertThat(economy.balance(resident)).isEqualTo(6);
        Document twice = submit(post(base + "/verify").param("personId", String.valueOf(resident.personId())).param("key", key),
                worker);
        assertThat(twice.select("#error").text()).contains("已经核实");
    }

    @Test
    void residentsNominateAndVoteAndTheStaffPublish() throws Exception {
        GridworkUser staff = economy.staff();
        long xuefu = economy.xuefu();
        Document tab = submit(post("/economy/communities/" + xuefu + "/recognition").param("award", "VOLUNTEER")
                .param("title", "页面测试优秀志愿者").param("period", "2026 年")
                .param("nominationsEnd", LocalDate.now().plusDays(3) + "T18:00").param("votingEnd", LocalDate.now().plusDays(6) + "T18:00")
                .param("winners", "1"), staff);
        assertThat(tab.select("#done").text()).contains("评选已发起");
        long id = recognition.rounds(xuefu, staff).get(0).id();
        GridworkUser resident = economy.user("resident");
        Document round = page("/economy/recognition/" + id, resident);
        assertThat(round.select("#phase").text()).isEqualTo("提名中");
        // the demo resident volunteered: they are among the volunteers to nominate
        String residentName = jdbc.sql("select name from person where id = ?").param(resident.personId()).query(String.class).single();
        assertThat(round.select("#nominate-form option").text()).contains(residentName);
        GridworkUser voter = people.freshResident();
        String candidate = round.select("#nominate-form option").first().val();
        Document nominated = submit(post("/economy/recognition/" + id + "/nominations").param("personId", candidate)
                .param("reason", "每次督导都准时到"), voter);
        assertThat(nominated.select("#done").text()).isEqualTo("提名已提交。");
        Document early = submit(post("/economy/recognition/" + id + "/vote").param("nomineeId", "1"), voter);
        assertThat(early.select("#error").text()).contains("投票时间");

        jdbc.sql("update economy_recognition_round set nominations_end = ? where id = ?")
                .params(java.sql.Timestamp.from(Instant.now().minusSeconds(60)), id).update();
        Document voting = page("/economy/recognition/" + id, voter);
        String nominee = voting.select("#vote-form input[name=nomineeId]").first().val();
        Document voted = submit(post("/economy/recognition/" + id + "/vote").param("nomineeId", nominee), voter);
        assertThat(voted.select("#my-vote").text()).startsWith("您已投票给");
        assertThat(voted.select("#vote-form")).isEmpty();

        jdbc.sql("update economy_recognition_round set voting_end = ? where id = ?")
                .params(java.sql.Timestamp.from(Instant.now().minusSeconds(1)), id).update();
        Document counting = page("/economy/communities/" + xuefu + "/recognition", staff);
        assertThat(counting.select("#round-" + id).text()).contains("计票中").contains("1 票");
        Document published = submit(post("/economy/recognition/" + id + "/publish"), staff);
        assertThat(published.select("#round-" + id).text()).contains("已公布").contains("当选");
        assertThat(page("/economy/activities", voter).select("#honours").text()).contains("页面测试优秀志愿者");
    }
}
