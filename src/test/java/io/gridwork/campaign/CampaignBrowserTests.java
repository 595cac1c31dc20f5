package io.gridwork.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chromium.ChromiumNetworkConditions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.gridwork.campaign.internal.CampaignVisits;
import io.gridwork.support.Browser;
import io.gridwork.support.BrowserTest;
import io.gridwork.support.TestPeople;

/**
 * The emergency journey on a phone: the community secretary creates and dispatches a gas-safety sweep,
 * a worker records visits (a hazard among them) through a dropped connection, and the coverage tree
 * follows while visits come in.
 */
@BrowserTest
@Import(TestPeople.class)
class CampaignBrowserTests {

    private static final String DEMO = "gridwork-demo";

    @Autowired
    JdbcClient jdbc;
    @Autowired
    CampaignVisits visits;
    @Autowired
    TestPeople people;

    long visitCount(long campaign) {
        return jdbc.sql("select count(*) from campaign_visit where campaign_id = ?").param(campaign).query(Long.class).single();
    }

    private void pendingIs(Browser browser, int n) {
        browser.waiting().withTimeout(Duration.ofSeconds(20))
                .until(d -> String.valueOf(n).equals(browser.find("#sync-status").getAttribute("data-pending")));
    }

    private WebElement household(Browser browser, int index) {
        return browser.findAll("#households button.hh").get(index);
    }

    private void record(Browser browser, int index, String outcome, Map<String, String> answers) {
        household(browser, index).click();
        browser.waitFor("#visit-form");
        browser.find("#outcome-" + outcome).click();
        answers.forEach((field, value) -> browser.find("input[name=f_" + field + "][value='" + value + "']").click());
        browser.find("#save-visit").click();
        browser.waiting().until(d -> !browser.find("#visit-form").isDisplayed());
    }

    @Test
    void anEmergencySweepIsDispatchedVisitedThroughADroppedConnectionAndCovered(Browser browser) {
        String title = "夜间燃气排查 " + UUID.randomUUID().toString().substring(0, 8);
        browser.phone().signIn("community", DEMO);
        browser.open("/campaigns");
        browser.clickAndWaitForPage("#new-campaign");
        browser.find("input[name=title]").sendKeys(title);
        browser.select("select[name=kind]", "EMERGENCY").select("select[name=template]", "gas-safety");
        browser.find("input[data-name='学府憬城第1微网格']").click();
        assertThat(browser.find("#dispatch-now").isSelected()).isTrue();
        browser.clickAndWaitForPage("#campaign-form button[type=submit]");
        assertThat(browser.path()).matches("/campaigns/\\d+");
        long id = Long.parseLong(browser.path().substring("/campaigns/".length()));
        assertThat(browser.text("#campaign-status")).isEqualTo("进行中");
        assertThat(browser.text("#dispatch-info")).startsWith("已下发给");
        assertThat(browser.scrollsSideways()).isFalse();

        // the worker opens the visit page and records a visit with a hazard
        browser.signOut().signIn("worker", DEMO);
        browser.open("/campaigns/" + id + "/visit");
        WebElement building = browser.find("#building");
        String firstBuilding = building.findElements(By.cssSelector("option")).get(1).getAttribute("value");
        browser.select("#building", firstBuilding);
        browser.waitFor("#households button.hh");
        record(browser, 0, "DONE", Map.of("hose_over_two_years", "true", "valve", "正常", "alarm", "true"));
        pendingIs(browser, 0);
        assertThat(visitCount(id)).isOne();

        // the network drops: two more visits wait on the phone, then go when it returns
        var offline = new ChromiumNetworkConditions();
        offline.setOffline(true);
        browser.driver().setNetworkConditions(offline);
        try {
            record(browser, 1, "NOT_HOME", Map.of());
            record(browser, 2, "DONE", Map.of("hose_over_two_years", "false", "valve", "正常", "alarm", "true"));
            pendingIs(browser, 2);
            assertThat(browser.text("#sync-status")).contains("网络已断开");
            assertThat(visitCount(id)).isOne();
        } finally {
            browser.driver().deleteNetworkConditions();
        }
        pendingIs(browser, 0);
        assertThat(visitCount(id)).isEqualTo(3);
        // the two queued visits went together, in one batch (one transaction: the same time of receipt)
        assertThat(jdbc.sql("""
                select count(distinct received_at) from campaign_visit where campaign_id = ? and id > (select min(id)
                  from campaign_visit where campaign_id = ?)""").params(id, id).query(Long.class).single()).isOne();
        assertThat(browser.findAll("#rejected li")).isEmpty();

        // the coverage tree shows them and follows new visits while it is open
        browser.open("/campaigns/" + id);
        assertThat(browser.text("#coverage tr.total td.done")).isEqualTo("2");
        assertThat(browser.text("#coverage tr.total td.not-home")).isEqualTo("1");
        assertThat(browser.text("#coverage tr.total td.hazards")).isEqualTo("1");
        long another = jdbc.sql("""
                select household_id from campaign_household where campaign_id = ? and outcome is null order by household_id desc
                 fetch first 1 rows only""").param(id).query(Long.class).single();
        visits.record(id, new CampaignVisits.VisitRequest(UUID.randomUUID().toString(), another, "DONE",
                Map.of("hose_over_two_years", false, "valve", "漏气", "alarm", true), null, null), people.user("leader"));
        browser.waiting().withTimeout(Duration.ofSeconds(15)).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> browser.text("#coverage tr.total td.done").equals("3"));
        assertThat(browser.text("#coverage tr.total td.hazards")).isEqualTo("2");
        assertThat(browser.scrollsSideways()).isFalse();
    }
    @Test
    void theSummaryFitsAPhoneWithRoomsForTheWorkerAndCountsByBuildingForTheProperty(Browser browser) {
        long compound = jdbc.sql("select id from grid_node where name = '学府憬城'").query(Long.class).single();
        var community = people.user("community");
        long id = campaigns.create("全小区燃气排查 " + UUID.randomUUID().toString().substring(0, 8), "EMERGENCY",
                java.util.List.of(compound), "gas-safety", null, null, true, community);
        long household = jdbc.sql("""
                select min(household_id) from campaign_household h join grid_node g on g.id = h.grid_id
                 where h.campaign_id = ? and g.name = '学府憬城第1微网格'""").param(id).query(Long.class).single();
        visits.record(id, new CampaignVisits.VisitRequest(UUID.randomUUID().toString(), household, "DONE",
                Map.of("hose_over_two_years", false, "valve", "正常", "alarm", false), null, null), people.user("worker"));

        browser.phone().signIn("worker", DEMO).open("/campaigns/" + id + "/summary");
        assertThat(browser.text("#summary-hazards")).contains("已安装燃气报警器: 否").doesNotContain("false");
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("campaign-summary-worker-phone");

        browser.signOut().signIn("property", DEMO).open("/campaigns/" + id + "/summary");
        assertThat(browser.findAll("#summary-buildings li").size()).isGreaterThan(20);
        assertThat(browser.text("#summary-buildings")).contains("学府憬城 1栋：应查").contains("户");
        assertThat(browser.exists("#summary-hazards")).isFalse();
        assertThat(browser.pageText()).doesNotContain("单元").doesNotContain("报警器");
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("campaign-summary-property-phone");
    }

    @Autowired
    CampaignApi campaigns;
}
