package io.gridwork.deliberation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;

import io.gridwork.shared.security.GridworkUser;
import io.gridwork.support.Browser;
import io.gridwork.support.BrowserTest;

/**
 * On a phone: the property manager breaks a decision into weighted results, then updates them from the spreadsheet
 * template: a sheet with a wrong row is refused with the row named, the corrected sheet updates the decision's progress.
 */
@BrowserTest
class ResultSheetBrowserTests {

    @Autowired JdbcClient jdbc;
    @Autowired DeliberationApi deliberation;
    @Autowired UserDetailsService users;

    @Test
    void thePropertyManagerAddsResultsAndUpdatesThemFromASheet(Browser browser) throws Exception {
        GridworkUser community = (GridworkUser) users.loadUserByUsername("community");
        GridworkUser property = (GridworkUser) users.loadUserByUsername("property");
        long compound = jdbc.sql("select id from grid_node where name = '学府憬城' and level = 'COMPOUND'").query(Long.class).single();
        long meeting = deliberation.createMeeting(compound, DeliberationApi.MeetingKind.JOINT, "联席会议（分项测试）", "议事室",
                Instant.now().minus(1, ChronoUnit.HOURS), community);
        long item = deliberation.addAgendaItem(meeting, "地下车库渗水", null, community);
        String title = "车库渗水整治 " + System.nanoTime();
        long d = deliberation.decide(item, title, DeliberationApi.Party.PROPERTY, property.accountId(), LocalDate.now().plusMonths(1), community);

        browser.phone().signIn("property", "gridwork-demo");
        browser.open("/deliberation/decisions/" + d);
        browser.find("#add-result summary").click();
        browser.find("#result-title").sendKeys("查找渗水点");
        browser.find("#result-weight").clear();
        browser.find("#result-weight").sendKeys("1");
        browser.clickAndWaitForPage("#result-add");
        browser.find("#add-result summary").click();
        browser.find("#result-title").sendKeys("防水施工");
        browser.find("#result-weight").clear();
        browser.find("#result-weight").sendKeys("3");
        browser.clickAndWaitForPage("#result-add");
        assertThat(browser.text("#results")).contains("查找渗水点").contains("防水施工").contains("权重 3");
        browser.screenshot("delib-results-phone", "#results");

        List<Long> ids = jdbc.sql("select id from delib_result where decision_id = ? order by id").param(d).query(Long.class).list();
        browser.clickAndWaitForPage("#result-sheet-link");
        assertThat(browser.find("#sheet-template").getAttribute("href")).endsWith("/deliberation/result-sheet/template");
        browser.screenshot("delib-result-sheet-phone");

        List<Object[]> wrong = new ArrayList<>();
        wrong.add(new Object[] {ids.get(0), title, "查找渗水点", null, 100});
        wrong.add(new Object[] {ids.get(1), title, "防水施工", null, 120});
        Path bad = Files.createTempFile("results-wrong", ".xlsx");
        Files.write(bad, DecisionResultsTests.sheet(wrong));
        browser.find("#sheet-file").sendKeys(bad.toString());
        browser.clickAndWaitForPage("#sheet-upload");
        assertThat(browser.text("#row-errors")).contains("没有更新任何一项").contains("第 3 行：进度“120”须为 0–100 的整数。");
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("delib-result-sheet-refused-phone");
        assertThat(jdbc.sql("select progress from delib_decision where id = ?").param(d).query(Integer.class).single()).isZero();

        List<Object[]> right = new ArrayList<>();
        right.add(new Object[] {ids.get(0), title, "查找渗水点", null, 100, "已找到三处"});
        right.add(new Object[] {ids.get(1), title, "防水施工", null, 20});
        Path good = Files.createTempFile("results-right", ".xlsx");
        Files.write(good, DecisionResultsTests.sheet(right));
        browser.find("#sheet-file").sendKeys(good.toString());
        browser.clickAndWaitForPage("#sheet-upload");
        assertThat(browser.text("#done")).contains("已更新 2 个分项");
        // (1·100 + 3·20) / 4 = 40
        browser.open("/deliberation/decisions/" + d);
        assertThat(browser.text("#facts")).contains("40%");
        assertThat(browser.text("#results")).contains("100%").contains("20%");
        browser.screenshot("delib-results-updated-phone");
    }
}
