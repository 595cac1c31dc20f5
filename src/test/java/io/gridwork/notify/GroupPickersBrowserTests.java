package io.gridwork.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.gridwork.support.Browser;
import io.gridwork.support.BrowserTest;
import io.gridwork.support.TestPeople;

/** On a phone, the community secretary makes a group by choosing its grid and names a manager found by name. */
@BrowserTest
class GroupPickersBrowserTests {

    private static final String DEMO = "gridwork-demo";

    @Autowired
    JdbcClient jdbc;
    @Autowired
    TestPeople people;

    @Test
    void aGroupIsMadeFromTheGridPickerAndAManagerFoundByName(Browser browser) {
        // a micro-grid of 学府憬城 that has no group yet (a grid has one group at most)
        long micro = jdbc.sql("""
                select max(g.id) from grid_node g join grid_node c on c.id = g.parent_id
                 where c.name = '学府憬城' and g.level = 'MICRO'
                   and not exists (select 1 from notify_audience a where a.grid_id = g.id)""").query(Long.class).single();
        String microName = jdbc.sql("select name from grid_node where id = ?").param(micro).query(String.class).single();
        String name = microName + "居民群 " + UUID.randomUUID().toString().substring(0, 6);
        browser.phone().signIn("community", DEMO).open("/groups");
        browser.find("details.card > summary").click();
        assertThat(browser.findAll("input[type=number]")).as("no grid or building numbers typed").isEmpty();
        assertThat(browser.find("select[name=gridId]").getText()).contains(microName);
        browser.select("select[name=gridId]", String.valueOf(micro));
        browser.find("input[name=name]").sendKeys(name);
        browser.screenshot("pickers-group-create-phone");
        browser.clickAndWaitForPage(browser.driver().findElement(By.xpath("//form[@action='/groups']//button[@type='submit']")));
        assertThat(browser.path()).matches("/groups/\\d+");
        assertThat(browser.text("h1")).isEqualTo(name);

        // the manager is found by name (within the secretary's grids), shown with the masked phone, and chosen
        browser.find("#pick-account-q").sendKeys("二级网格长");
        browser.waiting().until(d -> !browser.findAll("#pick-account-results input[type=radio]").isEmpty());
        assertThat(browser.text("#pick-account-results")).contains("学府憬城二级网格长").contains("compound");
        browser.screenshot("pickers-group-manager-phone");
        browser.driver().findElement(By.xpath("//div[@id='pick-account-results']//label[contains(., 'compound')]/input")).click();
        browser.select("#manager-form select[name=role]", "ADMIN");
        browser.clickAndWaitForPage("#manager-form button[type=submit]");
        assertThat(browser.exists("#flash-error")).isFalse();
        assertThat(browser.text("#managers")).contains("学府憬城二级网格长");
        long audience = Long.parseLong(browser.path().substring("/groups/".length()));
        assertThat(jdbc.sql("""
                select m.manager_role from notify_audience_manager m join account a on a.id = m.account_id
                 where m.audience_id = ? and a.username = 'compound'""").param(audience).query(String.class).single()).isEqualTo("ADMIN");
        // someone outside the secretary's grids is not found
        browser.find("#pick-account-q").clear();
        browser.find("#pick-account-q").sendKeys("系统管理员");
        browser.waiting().until(d -> browser.text("#pick-account-results").contains("没有找到"));
    }
}
