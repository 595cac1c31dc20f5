package io.gridwork.people;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridLevel;
import io.gridwork.grid.GridNode;
import io.gridwork.support.Browser;
import io.gridwork.support.BrowserTest;

/**
 * Issue 19 on a phone: a street secretary opens a community with 60 compounds; its page shows the
 * community's counts (from the rollup) and the first 50 compounds, with a link to the next page and back.
 */
@BrowserTest
class GridPagingBrowserTests {

    @Autowired
    GridApi grid;

    @Test
    void aCommunityWithManyCompoundsIsReadFiftyAtATimeOnAPhone(Browser browser) {
        GridNode street = grid.nodeByCode("510108001").orElseThrow();
        GridNode community = grid.create(street.id(), GridLevel.COMMUNITY, "翻页社区" + System.nanoTime() % 10_000, null, null);
        for (int i = 1; i <= 60; i++) {
            GridNode compound = grid.create(community.id(), GridLevel.COMPOUND, "翻页小区" + i, null, null);
            if (i == 1 || i == 55) {
                GridNode micro = grid.create(compound.id(), GridLevel.MICRO, "翻页小区" + i + "第1微网格", null, null);
                long unit = grid.createUnit(grid.createBuilding(compound.id(), micro.id(), "1", null, 6, null, null), "1");
                for (int r = 1; r <= 12; r++) {
                    grid.createRoom(unit, String.valueOf(100 + r), 1, new BigDecimal("75.00"), r % 6 == 0 ? "VACANT" : null);
                }
            }
        }
        browser.phone().signIn("street", "gridwork-demo");
        browser.open("/grid/" + community.id());
        assertThat(browser.text("main h1")).startsWith("翻页社区");
        assertThat(browser.text("#stat-households")).isEqualTo("24");
        assertThat(browser.findAll("#children tr")).hasSize(51); // header and 50 compounds
        assertThat(browser.text("#children")).contains("翻页小区1").contains("翻页小区50").doesNotContain("翻页小区51")
                .contains("每页显示 50 个");
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("grid-children-paged-phone");

        browser.clickAndWaitForPage("#children-next");
        assertThat(browser.text("#children")).contains("翻页小区51").contains("翻页小区60");
        assertThat(browser.findAll("#children tr")).hasSize(11);
        assertThat(browser.exists("#children-next")).isFalse();
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("grid-children-paged-last-phone");

        browser.clickAndWaitForPage("#children-first");
        assertThat(browser.text("#children")).contains("翻页小区1");
        assertThat(browser.exists("#children-next")).isTrue();
    }
}
