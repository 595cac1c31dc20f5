package io.gridwork.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.gridwork.support.Browser;
import io.gridwork.support.BrowserTest;
import io.gridwork.support.TestPeople;

/** On a phone, the community secretary makes a group by choosing its grid and names a manager found by name. */
@BrowserTest
@Import(TestPeople.class)
class GroupPickersBrowserTests {

    private static final String DEMO = "gridwork-demo";

    @Autowired
    JdbcClient jdbc;
    @Autowired
    TestPeople people;

    @Test
    void aGroupIsMadeFromTheGridPickerAndAManagerFoundByName(Browser browser) {
        String name = "第1微网格居民群 " + UUID.randomUUID().toString().substring(0, 6);
        long micro = people.firstMicroGrid();
        browser.phone().signIn("community", DEMO).open("/groups");
        browser.find("details.card > summary").click();
        assertThat(browser.findAll("input[type=number]")).as("no grid or building numbers typed").isEmpty();
        assertThat(browser.find("select[name=gridId]").getText()).contains("学府憬城第1微网格").doesNotContainPattern("\\b" + micro + "\\b");
        browser.select("select[name=gridId]", String.valueOf(micro));
        browser.find("input[name=name]").sendKeys(name);
        browser.screenshot("pickers-group-create-phone");
        browser.clickAndWaitForPage(browser.driver().findElement(By.xpath("//form[@action='/groups']//button[@type='submit']")));
        assertThat(browser.path()).matches("/groups/\\d+");
        assertThat(browser.text("h1")).isEqualTo(name);

        // the manager is found by name (within the secretary's grids), shown with the masked phone, and chosen
        browser.find("#pick-account-q").sendKeys("微网格长");
        browser.waiting().until(d -> !browser.findAll("#pick-account-results input[type=radio]").isEmpty());
        assertThat(browser.text("#pick-account-results")).contains("微网格长").contains("leader");
        browser.screenshot("pickers-group-manager-phone");
        browser.driver().findElement(By.xpath("//div[@id='pick-account-results']//label[contains(., 'leader')]/input")).click();
        browser.select("#manager-form select[name=role]", "ADMIN");
        browser.clickAndWaitForPage("#manager-form button[type=submit]");
        assertThat(browser.exists("#flash-error")).isFalse();
        assertThat(browser.text("#managers")).contains("微网格长");
        long audience = Long.parseLong(browser.path().substring("/groups/".length()));
        assertThat(jdbc.sql("""
                select m.manager_role from notify_audience_manager m join account a on a.id = m.account_id
                 where m.audience_id = ? and a.username = 'leader'""").param(audience).query(String.class).single()).isEqualTo("ADMIN");
        // someone outside the secretary's grids is not found
        browser.find("#pick-account-q").clear();
        browser.find("#pick-account-q").sendKeys("系统管理员");
        browser.waiting().until(d -> browser.text("#pick-account-results").contains("没有找到"));
    }
}
