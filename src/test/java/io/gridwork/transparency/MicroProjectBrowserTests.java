package io.gridwork.transparency;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.gridwork.shared.security.GridworkUser;
import io.gridwork.support.Browser;
import io.gridwork.support.BrowserTest;
import io.gridwork.support.TestPeople;
import io.gridwork.transparency.internal.MicroProjects;

/**
 * 民生微实事 on a phone: a resident chooses a project (a second choice is refused), the community's staff select it,
 * are refused spending over its allocation (nothing booked), book within it and complete it with a photo; the
 * resident reads the project with its spending and photo.
 */
@BrowserTest
class MicroProjectBrowserTests {

    static final String PASSWORD = "gridwork-demo";

    @Autowired JdbcClient jdbc;
    @Autowired TestPeople people;
    @Autowired MicroProjects micro;

    @Test
    void aResidentChoosesAndReadsACompletedProjectOnAPhone(Browser browser) throws Exception {
        long xuefu = jdbc.sql("select id from grid_node where name = '学府社区'").query(Long.class).single();
        int year = 2080;
        while (jdbc.sql("select count(*) from transparency_micro_round where community_id = ? and budget_year = ?").params(xuefu, year)
                .query(Integer.class).single() > 0) {
            year--;
        }
        GridworkUser community = people.user("community");
        GridworkUser resident = people.user("resident");
        micro.budget(xuefu, year, 5_000_000L, community);
        long project = micro.propose(new MicroProjects.NewProject(xuefu, year, "单元门口加装雨棚", "下雨天进出单元淋雨，建议加装雨棚。",
                1_200_000L), resident).id();
        long other = micro.propose(new MicroProjects.NewProject(xuefu, year, "快递柜遮阳", "快递柜暴晒。", 300_000L), resident).id();
        micro.phase(xuefu, year, MicroProjects.Phase.CHOOSING, community);

        browser.phone().signIn("resident", PASSWORD);
        browser.open("/transparency/micro/communities/" + xuefu + "?year=" + year);
        assertThat(browser.text("#phase")).isEqualTo("居民选择中");
        browser.clickAndWaitForPage("#project-" + project + " a");
        browser.clickAndWaitForPage("#choose-form button");
        assertThat(browser.text("#done")).isEqualTo("已记录您的选择。");
        assertThat(browser.text("#choices")).isEqualTo("1 人选择");
        browser.open("/transparency/micro/projects/" + other);
        assertThat(browser.exists("#choose-form")).as("chosen once a year").isFalse();

        micro.phase(xuefu, year, MicroProjects.Phase.DECIDED, community);
        browser.signOut().signIn("community", PASSWORD);
        browser.open("/transparency/micro/projects/" + project);
        browser.find("#select-form input[name=allocated]").sendKeys("10000");
        browser.clickAndWaitForPage("#select-form button");
        assertThat(browser.text("#project-allocated")).isEqualTo("10000.00");
        browser.find("#spend-form input[name=amount]").sendKeys("10000.01");
        browser.find("#spend-form input[name=description]").sendKeys("雨棚材料");
        browser.find("#spend-form input[name=receipt]").sendKeys("YP-1");
        browser.clickAndWaitForPage("#spend-form button");
        assertThat(browser.text("#error")).isEqualTo("超出预算，未记录。");
        assertThat(jdbc.sql("select count(*) from transparency_micro_spend where project_id = ?").param(project).query(Integer.class).single())
                .isZero();
        browser.find("#spend-form input[name=amount]").sendKeys("8600");
        browser.find("#spend-form input[name=description]").sendKeys("雨棚材料及安装");
        browser.find("#spend-form input[name=receipt]").sendKeys("YP-1");
        browser.clickAndWaitForPage("#spend-form button");
        assertThat(browser.text("#project-left")).isEqualTo("1400.00");
        Path photo = Files.createTempFile("canopy", ".jpg");
        Files.write(photo, MicroProjectApiTests.jpeg());
        browser.find("#complete-form textarea[name=note]").sendKeys("3 个单元雨棚已装好。");
        browser.find("#complete-form input[name=photos]").sendKeys(photo.toAbsolutePath().toString());
        browser.clickAndWaitForPage("#complete-form button");
        assertThat(browser.text("#status")).isEqualTo("已完工");

        browser.signOut().signIn("resident", PASSWORD);
        browser.open("/transparency/micro/projects/" + project);
        assertThat(browser.text("#spending")).contains("雨棚材料及安装").contains("8600.00");
        assertThat(browser.findAll("#photos img")).hasSize(1);
        assertThat(browser.pageText()).doesNotContain("null").doesNotContain("true").doesNotContain("false");
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("micro-project-phone");
        browser.open("/transparency/micro/communities/" + xuefu + "?year=" + year);
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("micro-round-phone");
    }
}
