package io.gridwork.transparency;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Date;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.gridwork.shared.security.GridworkUser;
import io.gridwork.support.Browser;
import io.gridwork.support.BrowserTest;
import io.gridwork.support.TestPeople;

/**
 * On a phone: the street's staff try weights that do not add up to 100 (refused, nothing saved), compute a quarter's
 * red/black list, review the draft and publish it; a resident of the street reads the published list with the
 * figures behind each score.
 */
@BrowserTest
class RankingBrowserTests {

    static final String PASSWORD = "gridwork-demo";

    @Autowired JdbcClient jdbc;
    @Autowired TestPeople people;
    @Autowired TransparencyApi transparency;

    long id(String name) {
        return jdbc.sql("select id from grid_node where name = ?").param(name).query(Long.class).single();
    }

    @Test
    void theStreetPublishesAListThatAResidentReadsOnAPhone(Browser browser) {
        long street = id("学府街道");
        long jingcheng = id("学府憬城");
        long garden = id("城市花园三期");
        int year = 2019;
        while (jdbc.sql("""
                select count(*) from transparency_contract where compound_id in (?, ?) and starts_on <= ? and ends_on >= ?""")
                .params(jingcheng, garden, Date.valueOf(year + "-12-31"), Date.valueOf(year + "-01-01")).query(Integer.class).single() > 0
                || jdbc.sql("select count(*) from transparency_rank_list where rank_year = ?").param(year).query(Integer.class).single() > 0) {
            year--;
        }
        GridworkUser staff = people.user("street");
        transparency.contract(jingcheng, "榜单浏览器甲物业" + year, LocalDate.of(year, 1, 1), LocalDate.of(year, 12, 31), 150, staff);
        transparency.contract(garden, "榜单浏览器乙物业" + year, LocalDate.of(year, 1, 1), LocalDate.of(year, 12, 31), 150, staff);
        // the quarter's rollup of the property company's demands: 学府憬城 closes 2 of 8 on time, 城市花园三期 all 5
        jdbc.sql("""
                insert into demand_measure_daily (stat_day, grid_id, category_code, party, found, rectified, respond_due,
                    respond_on_time, resolve_due, resolve_on_time, ratings, satisfied) values (?, ?, 'HYGIENE', 'PROPERTY', ?, 0, 0, 0, ?, ?, ?, ?)""")
                .params(Date.valueOf(year + "-08-10"), jingcheng, 8, 8, 2, 4, 1).update();
        jdbc.sql("""
                insert into demand_measure_daily (stat_day, grid_id, category_code, party, found, rectified, respond_due,
                    respond_on_time, resolve_due, resolve_on_time, ratings, satisfied) values (?, ?, 'HYGIENE', 'PROPERTY', ?, 0, 0, 0, ?, ?, ?, ?)""")
                .params(Date.valueOf(year + "-08-10"), garden, 5, 5, 5, 3, 3).update();

        browser.phone().signIn("street", PASSWORD);
        browser.clickAndWaitForPage("#home-rankings");
        // street staff choose their street
        browser.clickAndWaitForPage(browser.driver().findElement(org.openqa.selenium.By.xpath("//ul[@id='areas']//a[.='学府街道']")));
        assertThat(browser.path()).isEqualTo("/transparency/rankings/areas/" + street);
        Integer before = jdbc.sql("select weight_complaints from transparency_rank_setting where grid_id = ?").param(street)
                .query(Integer.class).optional().orElse(null);
        browser.find("#settings-form input[name=weightComplaints]").clear();
        browser.find("#settings-form input[name=weightComplaints]").sendKeys("50");
        browser.clickAndWaitForPage("#settings-form button[type=submit]");
        assertThat(browser.text("#error")).contains("五项权重合计须为 100");
        assertThat(jdbc.sql("select weight_complaints from transparency_rank_setting where grid_id = ?").param(street)
                .query(Integer.class).optional().orElse(null)).as("nothing saved").isEqualTo(before);
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("ranking-weights-refused-phone");
        // weights that add up, a red line of 70 and a black one of 60
        String[][] values = {{"weightOnTime", "30"}, {"weightSatisfaction", "25"}, {"weightDisclosure", "20"},
                {"weightRectification", "15"}, {"weightComplaints", "10"}, {"redMin", "70"}, {"blackBelow", "60"}, {"disclosureDays", "15"}};
        for (String[] v : values) {
            browser.find("#settings-form input[name=" + v[0] + "]").clear();
            browser.find("#settings-form input[name=" + v[0] + "]").sendKeys(v[1]);
        }
        browser.clickAndWaitForPage("#settings-form button[type=submit]");
        assertThat(browser.text("#done")).isEqualTo("权重与门槛已保存。");

        browser.find("#compute-form input[name=year]").clear();
        browser.find("#compute-form input[name=year]").sendKeys(String.valueOf(year));
        browser.select("#compute-form select[name=quarter]", "3");
        browser.clickAndWaitForPage("#compute-form button[type=submit]");
        assertThat(browser.path()).startsWith("/transparency/rankings/");
        long list = Long.parseLong(browser.path().replaceAll("\\D+", ""));
        assertThat(browser.text("#status")).isEqualTo("草稿（待审核）");
        browser.clickAndWaitForPage("#publish-form button");
        assertThat(browser.text("#status")).isEqualTo("已公布");

        browser.signOut().signIn("resident", PASSWORD);
        browser.clickAndWaitForPage("#home-rankings");
        browser.clickAndWaitForPage("#list-" + list + " a");
        assertThat(browser.path()).isEqualTo("/transparency/rankings/" + list);
        assertThat(browser.text("#red-list")).contains("榜单浏览器乙物业" + year);
        assertThat(browser.text("#black-list")).contains("榜单浏览器甲物业" + year);
        assertThat(browser.pageText()).contains("到期 8 件，按时办结 2 件").contains("评价 4 件，满意 1 件").doesNotContain("null")
                .doesNotContain("true").doesNotContain("false");
        assertThat(browser.exists("#publish-form")).isFalse();
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("ranking-published-phone");
    }
}
