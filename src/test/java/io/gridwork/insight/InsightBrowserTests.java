package io.gridwork.insight;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.gridwork.support.Browser;
import io.gridwork.support.BrowserTest;

/** On a phone: the community's dashboard draws its charts and leads from a figure to its list; the workbench. */
@BrowserTest
class InsightBrowserTests {

    private static final String DEMO = "gridwork-demo";

    @Test
    void theDashboardDrawsItsChartsOnAPhoneAndAFigureLeadsToItsList(Browser browser) {
        browser.phone().signIn("community", DEMO).open("/insight");
        assertThat(browser.text("h1")).isEqualTo("数据驾驶舱");
        browser.waitFor("#chart-trend canvas");
        assertThat(browser.exists("#chart-trend canvas")).isTrue();
        assertThat(browser.text("#insight-rates")).contains("按时办结率").contains("整改率").contains("诉求解决率");
        assertThat(browser.text("#insight-lineage")).contains("学府社区");
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("insight-dashboard-phone");
        browser.find("[data-trend=monthly]").click();
        assertThat(browser.find("[data-trend=monthly]").getAttribute("class")).contains("active");
        browser.screenshot("insight-trend-monthly", "#insight-trend");

        // a figure leads to the demands behind it: the inbox with the same grid, period and measure
        browser.clickAndWaitForPage("#fig-late");
        assertThat(browser.path()).startsWith("/demands?").contains("measure=RESOLVE_LATE").contains("grid=");
        assertThat(browser.text("#filter-measure")).contains("未按时办结");
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("insight-drill-late-phone");

        // down a level: a child grid's dashboard
        browser.open("/insight");
        browser.clickAndWaitForPage("#insight-children a");
        browser.waitFor("#chart-trend canvas");
        assertThat(browser.text("#insight-lineage")).contains("学府社区").contains("›");
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("insight-child-phone");
    }

    @Test
    void theWorkerAndTheCommunityFindTheirWorkbenchOnTheHomePage(Browser browser) {
        browser.phone().signIn("worker", DEMO).open("/");
        browser.waitFor("#workbench");
        assertThat(browser.text("#workbench")).contains("今日待办").contains("待受理诉求").contains("已超时（红牌）")
                .contains("未读消息").contains("按时办结率").contains("整改率");
        // the rest of the home page stays as it was
        assertThat(browser.exists("#home-notify")).isTrue();
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("insight-workbench-worker");
        browser.clickAndWaitForPage("#wb-red");
        assertThat(browser.path()).startsWith("/demands?").contains("colour=RED");
        browser.signOut();

        browser.signIn("community", DEMO).open("/");
        browser.waitFor("#workbench");
        assertThat(browser.text("#workbench")).contains("学府社区");
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("insight-workbench-community");
        browser.clickAndWaitForPage("#wb-dashboard");
        browser.waitFor("#chart-trend canvas");
        assertThat(browser.path()).startsWith("/insight");
    }
}
