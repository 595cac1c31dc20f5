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
        assertThat(browser.text("#coverage .total .done")).isEqualTo("2");
        assertThat(browser.text("#coverage .total .not-home")).isEqualTo("1");
        assertThat(browser.text("#coverage .total .hazards")).isEqualTo("1");
        long another = jdbc.sql("""
                select household_id from campaign_household where campaign_id = ? and outcome is null order by household_id desc
                 fetch first 1 rows only""").param(id).query(Long.class).single();
        visits.record(id, new CampaignVisits.VisitRequest(UUID.randomUUID().toString(), another, "DONE",
                Map.of("hose_over_two_years", false, "valve", "漏气", "alarm", true), null, null), people.user("leader"));
        browser.waiting().withTimeout(Duration.ofSeconds(15)).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> browser.text("#coverage .total .done").equals("3"));
        assertThat(browser.text("#coverage .total .hazards")).isEqualTo("2");
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

    private long firstHousehold(long campaign, String micro) {
        return jdbc.sql("""
                select min(household_id) from campaign_household h join grid_node g on g.id = h.grid_id
                 where h.campaign_id = ? and g.name = ?""").params(campaign, micro).query(Long.class).single();
    }

    @Test
    void coverageIsACardPerMicroGridWithALabelledMapAndTheWorkersSummaryIsTheirMicroGridOnly(Browser browser) {
        long compound = jdbc.sql("select id from grid_node where name = '学府憬城'").query(Long.class).single();
        long id = campaigns.create("燃气安全排查 " + UUID.randomUUID().toString().substring(0, 8), "EMERGENCY",
                java.util.List.of(compound), "gas-safety", null, null, true, people.user("community"));
        // a hazard in each of the first two micro-grids
        long ours = firstHousehold(id, "学府憬城第1微网格");
        long theirs = firstHousehold(id, "学府憬城第2微网格");
        Map<String, Object> hazard = Map.of("hose_over_two_years", true, "valve", "正常", "alarm", true);
        visits.record(id, new CampaignVisits.VisitRequest(UUID.randomUUID().toString(), ours, "DONE", hazard, null, null),
                people.user("worker"));
        visits.record(id, new CampaignVisits.VisitRequest(UUID.randomUUID().toString(), theirs, "DONE", hazard, null, null),
                people.user("community"));
        String theirAddress = jdbc.sql("""
                select b.number || '栋' || u.number || '单元' || h.room from household h join unit u on u.id = h.unit_id
                  join building b on b.id = u.building_id where h.id = ?""").param(theirs).query(String.class).single();
        long micros = jdbc.sql("select count(distinct grid_id) from campaign_household where campaign_id = ?").param(id)
                .query(Long.class).single();

        // the secretary: the compound, then one card per micro-grid with its figures and bar, and a map with names and a legend
        browser.phone().signIn("community", DEMO).open("/campaigns/" + id);
        assertThat(browser.findAll("#coverage table")).isEmpty();
        assertThat(browser.text("#coverage .total .hazards")).isEqualTo("2");
        assertThat(browser.findAll("#coverage li.cov-card")).hasSize((int) micros);
        String first = browser.text("#coverage li.cov-card[data-grid]");
        assertThat(first).contains("学府憬城第").contains("已走访").contains("隐患");
        assertThat(browser.findAll("#coverage li.cov-card .bar span")).hasSize((int) micros);
        // the demo's micro-grids have boundaries: each is named on the map, and the legend explains the colours
        assertThat(browser.findAll("#coverage svg text.map-label")).hasSize((int) micros);
        assertThat(browser.text("#coverage svg")).contains("第1微网格").contains("%");
        assertThat(browser.text("#map-legend")).contains("未开始").contains("全部走访").contains("进度落后");
        browser.screenshot("campaign-coverage-map-phone", "#coverage figure");
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("campaign-coverage-cards-phone");

        // the worker of 第1微网格: their micro-grid's card, and a summary of their micro-grid only
        browser.signOut().signIn("worker", DEMO).open("/campaigns/" + id);
        assertThat(browser.text("#coverage .total")).contains("学府憬城第1微网格");
        assertThat(browser.text("#coverage .total .hazards")).isEqualTo("1");
        assertThat(browser.pageText()).doesNotContain("学府憬城第2微网格");
        browser.screenshot("campaign-coverage-worker-phone");
        browser.open("/campaigns/" + id + "/summary");
        assertThat(browser.text("#summary-total")).contains("1");
        assertThat(browser.text("#summary-grids")).contains("学府憬城第1微网格").doesNotContain("学府憬城第2微网格");
        assertThat(browser.findAll("#summary-hazards tr")).hasSize(2); // the header and our hazard
        assertThat(browser.text("#summary-hazards")).doesNotContain(theirAddress);
        browser.screenshot("campaign-summary-scoped-worker-phone");
    }

    @Test
    void theVisitFormKeepsRadioButtonsBesideTheirLabelsAndSpeaksOfSendingOnlyAfterASave(Browser browser) {
        long micro = people.firstMicroGrid();
        long id = campaigns.create("入户登记 " + UUID.randomUUID().toString().substring(0, 8), "EMERGENCY",
                java.util.List.of(micro), "gas-safety", null, null, true, people.user("community"));
        browser.phone().signIn("worker", DEMO).open("/campaigns/" + id + "/visit");
        assertThat(browser.find("#sync-status").isDisplayed()).as("nothing saved yet").isFalse();
        WebElement building = browser.find("#building");
        browser.select("#building", building.findElements(By.cssSelector("option")).get(1).getAttribute("value"));
        browser.waitFor("#households button.hh");
        household(browser, 0).click();
        browser.waitFor("#visit-form");
        browser.find("#outcome-DONE").click();
        // each radio button sits on the line of its label, left of it
        for (WebElement label : browser.findAll("#visit-form label.check")) {
            if (!label.isDisplayed()) {
                continue;
            }
            WebElement input = label.findElement(By.cssSelector("input"));
            WebElement text = label.findElement(By.cssSelector("span"));
            assertThat(Math.abs(input.getRect().getY() + input.getRect().getHeight() / 2
                    - (text.getRect().getY() + text.getRect().getHeight() / 2))).as(text.getText()).isLessThan(8);
            assertThat(input.getRect().getX()).isLessThan(text.getRect().getX());
        }
        // the visit's own note and the form's remark are told apart
        String note = browser.driver().findElement(By.xpath("//textarea[@name='note']/preceding-sibling::span")).getText();
        assertThat(note).isNotEqualTo("备注");
        assertThat(browser.findAll("#visit-form legend span, #visit-form label > span").stream().map(WebElement::getText)
                .filter(t -> t.equals(note))).hasSize(1);
        browser.screenshot("campaign-visit-form-phone");
        browser.find("input[name=f_hose_over_two_years][value='false']").click();
        browser.find("input[name=f_valve][value='正常']").click();
        browser.find("input[name=f_alarm][value='true']").click();
        browser.find("#save-visit").click();
        browser.waiting().until(d -> !browser.find("#visit-form").isDisplayed());
        pendingIs(browser, 0);
        assertThat(browser.find("#sync-status").isDisplayed()).isTrue();
        assertThat(browser.text("#sync-status")).isEqualTo("已全部发送");
        assertThat(browser.find("#sync-status").getCssValue("position")).isNotEqualTo("sticky").isNotEqualTo("fixed");
        browser.screenshot("campaign-visit-saved-phone");
    }

    @Autowired
    CampaignApi campaigns;
}
