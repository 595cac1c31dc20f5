package io.gridwork.people;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.gridwork.demand.Grade;
import io.gridwork.demand.Party;
import io.gridwork.demand.internal.DemandService;
import io.gridwork.demand.internal.DemandService.Submission;
import io.gridwork.support.Browser;
import io.gridwork.support.BrowserTest;
import io.gridwork.support.TestPeople;

/** On a phone: the community police officer completes a demand dispatched to the police; the party network pages. */
@BrowserTest
class ServiceTeamAndPartyBrowserTests {

    private static final String DEMO = "gridwork-demo";

    @Autowired
    TestPeople testPeople;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    DemandService service;

    @Test
    void thePoliceCompleteADispatchedDemandOnAPhone(Browser browser) {
        var worker = testPeople.user("worker");
        long id = service.submit(new Submission("PUBLIC_ORDER", "楼下有人深夜聚集喧哗，还有人撬电动车锁", null, null, null, null, null,
                "3栋楼下车棚", null, false, null, null, null), testPeople.freshResident(), null).id();
        service.accept(id, Grade.MEDIUM, null, null, worker);
        service.dispatch(id, Set.of(Party.POLICE), "请社区民警处理", worker);

        browser.phone().signIn("police", DEMO);
        assertThat(browser.exists("#team-links")).isTrue();
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("team-police-home-phone");
        browser.clickAndWaitForPage("#home-team-inbox");
        assertThat(browser.exists("#demand-" + id)).isTrue();
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("team-police-inbox-phone");

        browser.clickAndWaitForPage(browser.find("#demand-" + id + " a.ref"));
        assertThat(browser.text("#parties")).contains("社区民警");
        browser.clickAndWaitForPage(".start-form button");
        assertThat(browser.text("#status")).isEqualTo("办理中");
        browser.find(".complete-form input[name=note]").sendKeys("民警已到场劝离，车棚加装监控");
        browser.screenshot("team-police-demand-phone");
        browser.clickAndWaitForPage(".complete-form button");
        assertThat(browser.text("#status")).isEqualTo("已办结");
        assertThat(browser.text("#parties")).contains("已完成");
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("team-police-done-phone");
    }

    @Test
    void theCommunityGrowsTheFiveLevelsOnAPhone(Browser browser) {
        long micro = jdbc.sql("select id from grid_node where name = '学府憬城第7微网格'").query(Long.class).single();
        String name = "第7微网格第二党小组" + UUID.randomUUID().toString().substring(0, 4);

        browser.phone().signIn("community", DEMO);
        browser.clickAndWaitForPage("#home-party");
        assertThat(browser.text("#party-tree")).contains("学府社区党委").contains("学府憬城网格党支部");
        // a branch's groups fold away under "下级组织": open the first
        browser.find("#party-tree .party-children details.children summary").click();
        assertThat(browser.text("#party-tree")).contains("楼栋党小组");
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("party-tree-phone");

        browser.find("#create-org summary").click();
        browser.select("#create-org select[name=level]", "BUILDING_GROUP");
        browser.select("#create-org select[name=gridId]", String.valueOf(micro));
        browser.find("#create-org input[name=name]").sendKeys(name);
        browser.screenshot("party-create-phone");
        browser.clickAndWaitForPage("#create-org button[type=submit]");
        assertThat(browser.text("#saved")).isEqualTo("已新建党组织。");
        assertThat(browser.find("#party-tree").getDomProperty("textContent")).contains(name);
        assertThat(browser.scrollsSideways()).isFalse();

        // a bad choice comes back in words: a community organisation on a micro-grid
        browser.find("#create-org summary").click();
        browser.select("#create-org select[name=level]", "COMMUNITY_ORG");
        browser.select("#create-org select[name=gridId]", String.valueOf(micro));
        browser.find("#create-org input[name=name]").sendKeys("错误的社区党委");
        browser.clickAndWaitForPage("#create-org button[type=submit]");
        assertThat(browser.text("#error")).startsWith("所选网格与党组织级别不符");

        for (String page : new String[] {"/party/dual", "/party/mobile", "/party/hours"}) {
            browser.open(page);
            assertThat(browser.scrollsSideways()).as(page).isFalse();
            browser.screenshot("party" + page.replace("/party", "").replace('/', '-') + "-phone");
        }
        browser.open("/party/hours?lang=en");
        assertThat(browser.pageText()).contains("By organisation");
        browser.screenshot("party-hours-en-phone");
    }
}
