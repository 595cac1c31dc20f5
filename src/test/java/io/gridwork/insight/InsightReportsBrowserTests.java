package io.gridwork.insight;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.gridwork.support.Browser;
import io.gridwork.support.BrowserTest;

/**
 * On a phone: the dashboard's routine work and three city-wide problems, the tracking view of the problems with their
 * demands and devices, and the wall display (also on a landscape screen).
 */
@BrowserTest
class InsightReportsBrowserTests {

    private static final String DEMO = "gridwork-demo";

    @Test
    void theCommunityTracksTheThreeProblemsFromTheDashboardOnAPhone(Browser browser) {
        browser.phone().signIn("community", DEMO).open("/insight");
        browser.waitFor("#chart-problems canvas");
        assertThat(browser.text("#insight-city-problems")).contains("三大难题").contains("文明养犬").contains("高空抛物")
                .contains("电瓶车进电梯");
        assertThat(browser.text("#insight-routine")).contains("五寻常").contains("入户走访巡查");
        assertThat(browser.text("#insight-more")).contains("月度报告 PDF").contains("大屏展示");
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("insight-city-problems-dashboard", "#insight-city-problems");
        browser.screenshot("insight-routine-dashboard", "#insight-routine");

        browser.clickAndWaitForPage("#city-track");
        assertThat(browser.path()).startsWith("/insight/city?grid=");
        assertThat(browser.text("h1")).contains("三大难题跟踪");
        assertThat(browser.text("#track-THROWN_OBJECTS")).contains("高空抛物").contains("监测设备");
        assertThat(browser.text("#track-EBIKE_IN_LIFT")).contains("电瓶车进电梯");
        assertThat(browser.exists("#track-DOGS [id^=track-devices]")).isFalse();
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("insight-city-tracking-phone");
        browser.screenshot("insight-city-tracking-ebike", "#track-EBIKE_IN_LIFT");

        // a compound below, then the open demands of a problem in the inbox
        browser.clickAndWaitForPage("#city-children a");
        assertThat(browser.text("#city-lineage")).contains("›");
        assertThat(browser.scrollsSideways()).isFalse();
        browser.clickAndWaitForPage("#track-open-EBIKE_IN_LIFT");
        assertThat(browser.path()).startsWith("/demands?").contains("category=EBIKE_IN_LIFT").contains("status=OPEN");
    }

    @Test
    void theWallDisplayRefreshesItselfAndReadsOnAPhoneAndOnATv(Browser browser) {
        browser.phone().signIn("community", DEMO).open("/insight/wall");
        browser.waitFor("#chart-trend canvas");
        browser.waitFor("#chart-problems canvas");
        assertThat(browser.text("h1")).contains("数据大屏");
        assertThat(browser.text("#wall-refreshed")).contains("更新于").contains("自动刷新");
        assertThat(browser.text("#wall-figures")).contains("按时办结率").contains("文明养犬").contains("五寻常");
        assertThat(browser.find("meta[http-equiv=refresh]").getAttribute("content")).isEqualTo("60");
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("insight-wall-phone");

        browser.desktop().open("/insight/wall");
        browser.waitFor("#chart-routine canvas");
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("insight-wall-landscape");
    }
}
