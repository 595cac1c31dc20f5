package io.gridwork.demand;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.gridwork.demand.internal.DemandService;
import io.gridwork.demand.internal.DemandService.Submission;
import io.gridwork.support.Browser;
import io.gridwork.support.BrowserTest;
import io.gridwork.support.TestPeople;

/** Issue 19: the inbox pages by cursor on a phone: next, then back to the newest, nothing wider than the screen. */
@BrowserTest
class DemandInboxPagingBrowserTests {

    @Autowired
    TestPeople people;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    DemandService service;

    @Test
    void theWorkerPagesThroughTheInboxOnAPhone(Browser browser) {
        long building = jdbc.sql("select min(id) from building where micro_grid_id = ?").param(people.firstMicroGrid())
                .query(Long.class).single();
        for (int i = 0; i < 25; i++) {
            service.submit(new Submission("GREENERY", "收件箱翻页 " + i, null, null, building, null, null, null, null, false,
                    Channel.VISIT, "居民", null), people.user("worker"), null);
        }
        browser.phone().signIn("worker", "gridwork-demo").open("/demands");
        assertThat(browser.text("#total")).contains("条");
        assertThat(browser.findAll("#demands > li")).hasSize(20);
        assertThat(browser.exists("#inbox-pager a[rel=first]")).isFalse();
        assertThat(browser.scrollsSideways()).isFalse();
        String firstOnFirstPage = browser.findAll("#demands > li").get(0).getText();
        browser.clickAndWaitForPage("#inbox-pager a[rel=next]");
        assertThat(browser.path()).startsWith("/demands?after=");
        assertThat(browser.findAll("#demands > li")).isNotEmpty();
        assertThat(browser.findAll("#demands > li").get(0).getText()).isNotEqualTo(firstOnFirstPage);
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("demand-inbox-next-page-phone");
        browser.clickAndWaitForPage("#inbox-pager a[rel=first]");
        assertThat(browser.findAll("#demands > li").get(0).getText()).isEqualTo(firstOnFirstPage);
    }
}
