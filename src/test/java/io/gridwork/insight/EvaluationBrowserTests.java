package io.gridwork.insight;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.gridwork.access.AccountApi;
import io.gridwork.people.PeopleApi;
import io.gridwork.people.StaffRole;
import io.gridwork.shared.security.Role;
import io.gridwork.support.Browser;
import io.gridwork.support.BrowserTest;
import io.gridwork.support.TestPeople;

/** 考核评价 on a phone: the community's ranking, a worker's figures and an adjustment with its reason; the worker's own view. */
@BrowserTest
class EvaluationBrowserTests {

    private static final String DEMO = "gridwork-demo";
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @Autowired
    JdbcClient jdbc;
    @Autowired
    PeopleApi peopleApi;
    @Autowired
    AccountApi accounts;
    @Autowired
    TestPeople people;

    @Test
    void theCommunityRanksItsWorkersAdjustsWithAReasonAndTheWorkerSeesTheirOwn(Browser browser) {
        browser.phone().signIn("community", DEMO).open("/insight/evaluation");
        assertThat(browser.text("h1")).contains("学府社区").contains("考核");
        assertThat(browser.text("#eval-state")).contains("本月实时");
        assertThat(browser.exists(".eval-card")).isTrue();
        assertThat(browser.text(".eval-card")).contains("按时办结").contains("走访").contains("日常工作").contains("排查覆盖率")
                .contains("任务回复率");
        assertThat(browser.text("#eval-weights-used")).contains("权重");
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("evaluation-ranking-phone");

        // the demo worker's card leads to the figures behind the score and the adjustment form
        browser.clickAndWaitForPage(".eval-card");
        assertThat(browser.text("#eval-parts")).contains("按时办结率").contains("满意率").contains("入户走访").contains("排查覆盖率")
                .contains("任务回复率");
        assertThat(browser.text("#eval-served")).contains("在岗");
        assertThat(browser.exists("#eval-campaign-list")).isTrue();
        assertThat(browser.exists("#eval-task-list")).isTrue();
        String reason = "浏览器测试：暴雨夜值守 " + UUID.randomUUID().toString().substring(0, 4);
        browser.find("#eval-adjust [name=delta]").sendKeys("1.5");
        browser.find("#eval-adjust [name=reason]").sendKeys(reason);
        browser.clickAndWaitForPage("#eval-adjust button");
        assertThat(browser.text("#done")).contains("调整已记录");
        assertThat(browser.text("#eval-adjustments")).contains(reason).contains("+1.50").contains("调整前").contains("调整后");
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("evaluation-worker-staff-phone");

        // a refusal is a message on the page
        browser.find("#eval-adjust [name=delta]").sendKeys("3");
        browser.find("#eval-adjust [name=reason]").sendKeys(" ");
        browser.clickAndWaitForPage("#eval-adjust button");
        assertThat(browser.text("#error")).contains("理由");

        browser.open("/insight/evaluation/weights");
        assertThat(browser.text("#eval-weights-form")).contains("按时办结率").contains("满分目标");
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("evaluation-weights-phone");
        browser.signOut();

        // the street sets the defaults of its communities
        browser.signIn("street", DEMO).open("/insight/evaluation/weights");
        browser.clickAndWaitForPage("#eval-street-weights");
        assertThat(browser.text("h1")).contains("学府街道");
        assertThat(browser.scrollsSideways()).isFalse();
        browser.signOut();

        browser.signIn("worker", DEMO).open("/insight/evaluation");
        assertThat(browser.path()).startsWith("/insight/evaluation/mine");
        assertThat(browser.text("h1")).isEqualTo("我的考核");
        assertThat(browser.scrollsSideways()).isFalse();
        assertThat(browser.exists("#eval-adjust")).isFalse();
        browser.screenshot("evaluation-mine-phone");
    }

    @Test
    void theWorkerSeesTheCampaignsAndTasksBehindTheirFiguresAndAFormerWorkerIsScoredOnTheDaysServed(Browser browser) {
        // the demo's gas-safety sweep of 学府憬城 and the first micro-grid's task count for the demo worker in their month
        String sweepMonth = jdbc.sql("select starts_at from campaign where title = '燃气安全夜间排查（演示）'")
                .query(java.sql.Timestamp.class).optional().map(t -> YearMonth.from(t.toInstant().atZone(SHANGHAI)).toString())
                .orElseThrow();
        browser.phone().signIn("worker", DEMO).open("/insight/evaluation/mine?month=" + sweepMonth);
        assertThat(browser.text("#eval-part-CAMPAIGN_COVERAGE")).contains("燃气安全夜间排查（演示）");
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("evaluation-mine-behind-phone");
        browser.clickAndWaitForPage("#eval-campaigns a");
        assertThat(browser.path()).matches("/campaigns/\\d+/coverage");
        browser.signOut();

        // a worker of 第12微网格 who served from the 20th to the 25th of last month: scored on those six days, and not this month
        YearMonth last = YearMonth.now(SHANGHAI).minusMonths(1);
        String tag = UUID.randomUUID().toString().substring(0, 6);
        long grid = jdbc.sql("select id from grid_node where name = '学府憬城第12微网格'").query(Long.class).single();
        long person = peopleApi.createPerson(new PeopleApi.NewPerson("前任网格员" + tag, people.unusedIdCard(), "13700000000", null));
        peopleApi.assign(person, StaffRole.MICRO_GRID_WORKER, grid, null, null, last.atDay(20), last.atDay(25));
        long account = accounts.createAccount("former-" + tag, "password-" + tag + "X9", "前任网格员" + tag, person,
                Set.of(Role.GRID_WORKER), Set.of(), List.of());
        browser.signIn("community", DEMO).open("/insight/evaluation?month=" + last);
        assertThat(browser.text("#eval-worker-" + account)).contains("前任网格员" + tag).contains("在岗 6 天");
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("evaluation-former-worker-phone");
        browser.clickAndWaitForPage("#eval-worker-" + account);
        assertThat(browser.text("#eval-served")).contains("在岗 6 天").contains(last.atDay(20).toString())
                .contains(last.atDay(25).toString());
        assertThat(browser.scrollsSideways()).isFalse();
        browser.open("/insight/evaluation");
        assertThat(browser.exists("#eval-worker-" + account)).isFalse();
    }

    @Test
    void theCommunityNamesThePersonAndTheHourOfTheDailyDigest(Browser browser) {
        browser.phone().signIn("community", DEMO).open("/supervision");
        browser.clickAndWaitForPage("#digest-settings");
        assertThat(browser.text("h1")).isEqualTo("每日督办摘要");
        browser.select("#digest-form [name=accountId]", browser.find("#digest-form [name=accountId] option:nth-child(2)").getAttribute("value"));
        browser.select("#digest-form [name=hour]", "8");
        // saved switched off: the demo community's digest must not reach other tests' inboxes when they make digests
        if (browser.find("#digest-form [name=enabled]").isSelected()) {
            browser.find("#digest-form [name=enabled]").click();
        }
        browser.clickAndWaitForPage("#digest-form button");
        assertThat(browser.text("#done")).contains("设置已保存");
        assertThat(browser.text("#digest-form")).contains("08:00");
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("digest-setting-phone");
    }
}
