package io.gridwork.deliberation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.gridwork.support.Browser;
import io.gridwork.support.BrowserTest;
import io.gridwork.support.TestPeople;

/**
 * On a phone (390 px): the community's secretary holds a joint meeting of 学府憬城 from its agenda to its decisions —
 * invites through the account picker, records attendance, writes and publishes the minutes, records a decision —
 * then follows decisions overdue first and closes two in one bulk update; a resident proposes a renovation.
 */
@BrowserTest
class DeliberationBrowserTests {

    private static final String DEMO = "gridwork-demo";

    @Autowired
    JdbcClient jdbc;
    @Autowired
    DeliberationFixtures fixtures;

    private static void set(Browser browser, String css, String value) {
        WebElement e = browser.find(css);
        browser.driver().executeScript("arguments[0].value = arguments[1]", e, value);
    }

    @Test
    void aJointMeetingFromAgendaToDecisions(Browser browser) {
        LocalDate yesterday = LocalDate.now(ZoneId.of("Asia/Shanghai")).minusDays(1);
        String title = fixtures.unique("联席会议");
        browser.phone().signIn("community", DEMO).open("/");
        browser.clickAndWaitForPage("#home-deliberation");
        assertThat(browser.text("h1")).isEqualTo("议事协商");
        assertThat(browser.pageText()).contains("学府憬城联席会议（第四季度）");
        browser.screenshot("deliberation-list-phone");

        browser.find("#create-card summary").click();
        browser.select("#create-form select[name=gridId]", String.valueOf(fixtures.jingcheng()));
        browser.select("#create-form select[name=kind]", "JOINT");
        browser.find("#create-form input[name=title]").sendKeys(title);
        browser.find("#create-form input[name=place]").sendKeys("服务站议事室");
        set(browser, "#create-form input[name=startsAt]", yesterday + "T19:00");
        browser.clickAndWaitForPage("#create-form button[type=submit]");
        assertThat(browser.text("#done")).isEqualTo("会议已创建。");
        assertThat(browser.text("h1")).isEqualTo(title);

        browser.find("#agenda-title").sendKeys("楼道堆物清理");
        browser.clickAndWaitForPage("#agenda-form button[type=submit]");
        assertThat(browser.text("#agenda-items")).contains("楼道堆物清理");

        browser.find("#pick-account-q").sendKeys("业委会");
        browser.waiting().until(d -> !browser.findAll("#pick-account-results input[type=radio]").isEmpty());
        browser.find("#pick-account-results input[type=radio]").click();
        browser.clickAndWaitForPage("#invite-form button[type=submit]");
        assertThat(browser.text("#done")).contains("已邀请");
        assertThat(browser.text("#invitee-list")).contains("业委会委员").contains("未记录");

        browser.select(".attendance-form select[name=attendance]", "PRESENT");
        browser.clickAndWaitForPage(".attendance-form button[type=submit]");
        assertThat(browser.text("#invitee-list")).contains("出席");

        browser.find("#minutes-input").sendKeys("一、楼道堆物：网格员两周内逐栋清理。");
        browser.clickAndWaitForPage("#minutes-form button[type=submit]");
        assertThat(browser.text("#minutes-text")).contains("网格员两周内逐栋清理");

        browser.find("#decision-card summary").click();
        browser.find("#decision-title").sendKeys("网格员逐栋清理楼道堆物");
        browser.select("#decision-party", "GRID_WORKERS");
        set(browser, "#decision-due", yesterday.plusDays(14).toString());
        browser.clickAndWaitForPage("#decision-form button[type=submit]");
        assertThat(browser.text("#done")).isEqualTo("决议已记录。");
        assertThat(browser.text("#decision-list")).contains("网格员逐栋清理楼道堆物").contains("网格员").contains("未开始");
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("deliberation-meeting-draft-phone");

        browser.clickAndWaitForPage("#publish-form button[type=submit]");
        assertThat(browser.text("#done")).isEqualTo("纪要已发布。");
        assertThat(browser.exists("#minutes-form")).isFalse();
        assertThat(browser.exists("#agenda-form")).isFalse();
        assertThat(browser.text("#minutes-status")).startsWith("纪要发布于");
        browser.screenshot("deliberation-meeting-published-phone");

        // the decisions followed: the demo's overdue one first; two closed in one bulk update
        browser.clickAndWaitForPage("a[href='/deliberation']");
        browser.clickAndWaitForPage("#tab-decisions");
        assertThat(browser.text("#overdue-count")).contains("已逾期");
        assertThat(browser.text("#decision-list li:first-child")).contains("已逾期");
        long mine = jdbc.sql("select d.id from delib_decision d join delib_meeting m on m.id = d.meeting_id where m.title = ?")
                .param(title).query(Long.class).single();
        long demoDone = jdbc.sql("select id from delib_decision where title = '在 2 号、5 号车棚增设电动自行车充电桩 40 个'")
                .query(Long.class).single();
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("deliberation-decisions-phone");
        browser.find("#decision-" + mine + " input[name=ids]").click();
        browser.select("#bulk-status", "IN_PROGRESS");
        browser.find("#bulk-progress").sendKeys("60");
        browser.find("#bulk-note").sendKeys("1–3 栋已清理");
        browser.clickAndWaitForPage("#bulk-form button[type=submit]");
        assertThat(browser.text("#done")).isEqualTo("所选决议已更新。");
        assertThat(browser.text("#decision-" + mine)).contains("60%").contains("进行中");
        assertThat(browser.text("#decision-" + demoDone)).doesNotContain("60%");

        browser.clickAndWaitForPage("#decision-" + mine + " a");
        assertThat(browser.text("#updates")).contains("1–3 栋已清理");
        browser.select("#update-status", "DONE");
        browser.find("#update-note").sendKeys("全部清理完毕");
        browser.clickAndWaitForPage("#update-form button[type=submit]");
        assertThat(browser.text("#closing-note")).contains("全部清理完毕");
        assertThat(browser.exists("#update-form")).isFalse();
        browser.screenshot("deliberation-decision-done-phone");
    }

    @Test
    void aResidentProposesARenovationAndReadsTheProject(Browser browser) {
        browser.phone().signIn("resident", DEMO).open("/deliberation/renovation");
        String title = fixtures.unique("楼道加装扶手");
        browser.find("#proposal-form input[name=title]").sendKeys(title);
        browser.clickAndWaitForPage("#proposal-form button[type=submit]");
        assertThat(browser.text("#done")).isEqualTo("提议已提交。");
        assertThat(browser.text("#proposals")).contains(title);
        assertThat(browser.exists("#project-card")).isFalse();
        browser.screenshot("deliberation-renovation-phone");
        browser.clickAndWaitForPage("#projects a");
        assertThat(browser.text("h1")).isEqualTo("学府憬城雨污管网改造");
        assertThat(browser.text("#budget")).isEqualTo("¥860,000.00");
        assertThat(browser.text("#plan-vote")).contains("尚未发起方案表决").doesNotContain("模块");
        assertThat(browser.text("#stages")).contains("方案").contains("施工").contains("验收");
        assertThat(browser.exists("#spending-form")).isFalse();
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("deliberation-project-phone");
    }
}
