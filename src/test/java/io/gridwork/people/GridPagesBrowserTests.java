package io.gridwork.people;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.gridwork.support.Browser;
import io.gridwork.support.BrowserTest;

/** A community secretary browses the grid on a phone, down to one household. */
@BrowserTest
class GridPagesBrowserTests {

    private static final String MASKED_ID_CARD = "\\d{4}\\*{10}\\d{3}[\\dX]";
    private static final String MASKED_PHONE = "1\\d{2}\\*{4}\\d{4}";

    @Autowired
    JdbcClient jdbc;

    @Test
    void communityStaffBrowsesTheTreeDownToAMaskedHouseholdOnAPhone(Browser browser) {
        browser.phone().signIn("community", "gridwork-demo");
        browser.clickAndWaitForPage("header nav a[href='/grid']");
        assertThat(browser.path()).isEqualTo("/grid");

        WebElement xuefu = node(browser, "学府社区");
        expand(browser, xuefu);
        WebElement jingcheng = node(browser, "学府憬城");
        expand(browser, jingcheng);
        List<String> microGrids = browser.findAll("#kids-" + id(jingcheng) + " > ul > li > .node > a").stream()
                .map(WebElement::getText).toList();
        assertThat(microGrids).contains("学府憬城第1微网格", "学府憬城第20微网格", "学府憬城第21微网格");
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("grid-tree-phone");
        // the ＋ turned into －, which folds the micro-grids away again, and ＋ brings them back
        WebElement toggle = jingcheng.findElement(By.cssSelector(".node > button.expand"));
        assertThat(toggle.getText()).isEqualTo("－");
        toggle.click();
        assertThat(browser.findAll("#kids-" + id(jingcheng) + " li.grid-node")).isEmpty();
        assertThat(toggle.getText()).isEqualTo("＋");
        expand(browser, jingcheng);
        assertThat(toggle.getText()).isEqualTo("－");

        // 第20微网格 covers three buildings, over the 100-household rule: its page carries the warning.
        browser.clickAndWaitForPage(node(browser, "学府憬城第20微网格").findElement(By.cssSelector(".node > a")));
        assertThat(browser.text("main h1")).isEqualTo("学府憬城第20微网格");
        assertThat(browser.text("#warnings")).contains("学府憬城第20微网格").contains("不在 50–100 户之间");
        assertThat(browser.findAll("#staff li")).isNotEmpty();
        assertThat(browser.text("#staff")).contains("微网格长");
        assertThat(browser.findAll("details.building")).hasSizeGreaterThanOrEqualTo(1);
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("micro-grid-phone");

        WebElement building = browser.find("details.building");
        building.findElement(By.tagName("summary")).click();
        WebElement household = browser.waiting().until(d -> building.findElements(
                By.cssSelector("a.badge")).stream().filter(WebElement::isDisplayed).findFirst().orElse(null));
        browser.screenshot("micro-grid-building-open-phone");
        browser.clickAndWaitForPage(household);

        assertThat(browser.path()).matches("/households/\\d+");
        assertThat(browser.text("main h1")).startsWith("学府憬城");
        List<String> idCards = browser.findAll("#members code.id-card").stream().map(WebElement::getText).toList();
        List<String> phones = browser.findAll("#members code.phone").stream().map(WebElement::getText)
                .filter(p -> !p.isEmpty()).toList();
        assertThat(idCards).isNotEmpty().allMatch(c -> c.matches(MASKED_ID_CARD));
        assertThat(phones).isNotEmpty().allMatch(p -> p.matches(MASKED_PHONE));
        assertThat(browser.scrollsSideways()).isFalse();
        assertThat(browser.overflowsSideways("main .table-wrap")).as("the members table fits a phone").isFalse();
        browser.screenshot("household-phone");
    }

    @Test
    void aMicroGridWithoutWarningsShowsNoWarningsCard(Browser browser) {
        long microGrid = jdbc.sql("select id from grid_node where name = '学府憬城第2微网格'").query(Long.class).single();
        browser.phone().signIn("community", "gridwork-demo").open("/grid/" + microGrid);

        assertThat(browser.text("main h1")).isEqualTo("学府憬城第2微网格");
        assertThat(browser.exists("#warnings")).isFalse();
        assertThat(browser.findAll("#staff li")).hasSizeGreaterThanOrEqualTo(3);
    }

    private static WebElement node(Browser browser, String name) {
        return browser.waiting().until(d -> browser.findAll("li.grid-node").stream()
                .filter(li -> li.findElement(By.cssSelector(".node > a")).getText().equals(name))
                .findFirst().orElse(null));
    }

    /** Presses the ＋ of a tree node and waits for htmx to bring its children. */
    private static void expand(Browser browser, WebElement node) {
        node.findElement(By.cssSelector(".node > button.expand")).click();
        browser.waitFor("#kids-" + id(node) + " li.grid-node");
    }

    private static String id(WebElement node) {
        return node.getDomAttribute("id").substring("grid-".length());
    }
}
