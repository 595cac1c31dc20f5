package io.gridwork.insight;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import io.gridwork.demand.Channel;
import io.gridwork.demand.internal.DemandService;
import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridLevel;
import io.gridwork.grid.GridNode;
import io.gridwork.lists.ListsApi;
import io.gridwork.measures.MeasureRecount;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.support.Browser;
import io.gridwork.support.BrowserTest;
import io.gridwork.support.PageChecks;

/**
 * On a phone: the community secretary opens the map from the dashboard, switches between the layers, and follows a
 * popup's figure to the list behind it (the inbox filtered to a building; a micro-grid's demands). The tile source is
 * configured but unreachable (nothing listens on port 9), so the map falls back to its vector base and says so.
 */
@BrowserTest
@org.springframework.test.context.TestPropertySource(properties = "gridwork.map.tile-url=http://127.0.0.1:9/tiles/{z}/{x}/{y}.png")
class InsightMapBrowserTests {

    private static final String DEMO = "gridwork-demo";

    @Autowired
    GridApi grid;
    @Autowired
    DemandService service;
    @Autowired
    ListsApi lists;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    org.springframework.security.core.userdetails.UserDetailsService users;
    @Autowired
    io.gridwork.measures.internal.MeasureFolder folder;

    /**
     * A compound of the test's own beside 学府憬城 (south of its micro-grids): two micro-grids, four buildings, open
     * demands (one overdue) and problems on the rectification list (one past its deadline). Returns the compound.
     */
    GridNode compoundWithWork() {
        GridworkUser community = (GridworkUser) users.loadUserByUsername("community");
        GridNode demo = grid.nodeByCode("510108001001").orElseThrow();
        GridNode compound = grid.create(demo.id(), GridLevel.COMPOUND, "地图小区" + UUID.randomUUID().toString().substring(0, 4),
                null, null);
        double lat = 30.6715;
        double lon = 104.1060;
        List<Long> buildings = new ArrayList<>();
        for (int m = 0; m < 2; m++) {
            GridNode micro = grid.create(compound.id(), GridLevel.MICRO, compound.name() + "第" + (m + 1) + "微网格", null, null);
            double x = lon + m * 0.0025;
            grid.setBoundary(micro.id(), String.format(Locale.ROOT,
                    "{\"type\":\"Polygon\",\"coordinates\":[[[%f,%f],[%f,%f],[%f,%f],[%f,%f],[%f,%f]]]}", x - 0.001, lat - 0.001,
                    x + 0.001, lat - 0.001, x + 0.001, lat + 0.001, x - 0.001, lat + 0.001, x - 0.001, lat - 0.001));
            for (int b = 0; b < 2; b++) {
                int n = m * 2 + b + 1;
                buildings.add(grid.createBuilding(compound.id(), micro.id(), String.valueOf(n), n + "栋", 11,
                        lat + (b == 0 ? 0.0004 : -0.0004), x + (b == 0 ? -0.0003 : 0.0003)));
            }
        }
        for (int i = 0; i < 7; i++) {
            long id = service.submit(new DemandService.Submission(MeasureRecount.CATEGORIES.get(i % 3), "楼道灯不亮" + i, null, null,
                    buildings.get(i % 3), null, null, null, null, null, Channel.STATION, "测试", null), community, null).id();
            if (i == 0) {
                // past its response limit: red
                jdbc.sql("update demand set respond_due_at = ? where id = ?")
                        .params(java.sql.Timestamp.from(Instant.now().minusSeconds(3600)), id).update();
            }
        }
        GridNode first = grid.children(compound.id()).getFirst();
        for (int i = 0; i < 3; i++) {
            long item = lists.addProblem(first.id(), "WORKER", "消防通道堆物" + i, null, null, null, null, null, community);
            jdbc.sql("update rectification_item set building_id = ?, deadline = ? where id = ?")
                    .params(buildings.get(i % 2), java.sql.Date.valueOf(java.time.LocalDate.now().plusDays(i == 0 ? -3 : 5)), item)
                    .update();
        }
        folder.catchUp(Duration.ofSeconds(30)); // the measures of the new demands, for the heat layer
        return compound;
    }

    private static void shown(Browser browser, String layer) {
        browser.waiting().withTimeout(Duration.ofSeconds(20))
                .until(ExpectedConditions.attributeToBe(By.id("insight-map"), "data-shown", layer));
    }

    /** A tap at the middle of a marker or an area, where a finger would touch it. */
    private static void tap(Browser browser, WebElement shape) {
        browser.driver().executeScript("var r = arguments[0].getBoundingClientRect();"
                + "arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true, clientX: r.left + r.width / 2,"
                + " clientY: r.top + r.height / 2}))", shape);
    }

    private static void readsWell(Browser browser) {
        assertThat(PageChecks.problems(browser)).isEmpty();
    }

    @Test
    void theCommunitySwitchesLayersAndFollowsAPopupToItsList(Browser browser) {
        GridNode compound = compoundWithWork();
        // from the dashboard to the community's map: its running sweep's coverage per micro-grid
        browser.phone().signIn("community", DEMO).open("/insight");
        browser.clickAndWaitForPage("#insight-map-link");
        assertThat(browser.path()).startsWith("/insight/map");
        assertThat(browser.text("h1")).contains("学府社区").contains("地图");
        shown(browser, "demands");
        browser.find("#layer-coverage").click();
        shown(browser, "coverage");
        assertThat(browser.text("#map-title")).startsWith("走访覆盖（按微网格）");
        browser.waitFor(".map-area");
        readsWell(browser);
        browser.screenshot("insight-map-coverage-phone");

        // the compound's map: open demands by building
        browser.open("/insight/map?grid=" + compound.id());
        shown(browser, "demands");
        browser.waitFor(".map-marker");
        // the tiles failed: the vector base stands alone, and the map says so
        assertThat(browser.waitFor("#map-fallback").getText()).contains("在线底图无法加载").contains("简易矢量底图");
        assertThat(browser.exists(".leaflet-tile-pane img")).isFalse();
        assertThat(browser.text("#map-title")).isEqualTo("未办结诉求（按楼栋）");
        assertThat(browser.text("#map-notes")).contains("本网格未办结诉求共");
        assertThat(browser.findAll("#map-list .map-item")).isNotEmpty();
        assertThat(browser.scrollsSideways()).isFalse();
        readsWell(browser);
        browser.screenshot("insight-map-demands-phone");

        // hazards by building, then heat by micro-grid with its legend and labels
        browser.find("#layer-hazards").click();
        shown(browser, "hazards");
        assertThat(browser.text("#map-title")).isEqualTo("隐患整改（按楼栋）");
        assertThat(browser.text("#map-notes")).contains("本网格未整改隐患共");
        readsWell(browser);
        browser.screenshot("insight-map-hazards-phone");

        browser.find("#layer-heat").click();
        shown(browser, "heat");
        browser.waitFor(".map-area");
        assertThat(browser.text("#map-legend")).contains("最多");
        assertThat(browser.findAll(".leaflet-tooltip.map-label")).isNotEmpty();
        assertThat(browser.find("#opt-measure").isDisplayed()).isTrue();
        browser.select("#opt-measure", "onTime");
        browser.waiting().withTimeout(Duration.ofSeconds(20))
                .until(d -> browser.text("#map-title").contains("按时办结率"));
        assertThat(browser.path()).contains("layer=heat").contains("measure=onTime");
        readsWell(browser);
        browser.screenshot("insight-map-heat-phone");

        // a micro-grid's popup: its figures in words, each a link to the list behind it
        browser.select("#opt-measure", "received");
        browser.waiting().withTimeout(Duration.ofSeconds(20))
                .until(d -> browser.text("#map-title").contains("受理诉求数"));
        WebElement area = browser.findAll(".map-area").getFirst();
        tap(browser, area);
        browser.waitFor(".leaflet-popup-content a");
        assertThat(browser.text(".leaflet-popup-content")).contains("受理诉求").contains("查看该网格的地图");
        browser.screenshot("insight-map-popup-phone");
        browser.clickAndWaitForPage(".leaflet-popup-content a[href*='measure=RECEIVED']");
        assertThat(browser.path()).startsWith("/demands?").contains("measure=RECEIVED").contains("grid=");
        assertThat(browser.scrollsSideways()).isFalse();

        // back on the demands layer: a building's popup leads to the inbox filtered to that building
        browser.open("/insight/map?layer=demands&grid=" + compound.id());
        shown(browser, "demands");
        WebElement marker = browser.findAll(".map-marker").getFirst();
        tap(browser, marker);
        browser.waitFor(".leaflet-popup-content a");
        String building = browser.text(".leaflet-popup-content strong");
        assertThat(browser.text(".leaflet-popup-content")).contains("未办结诉求");
        browser.clickAndWaitForPage(".leaflet-popup-content a[href*='status=OPEN']");
        assertThat(browser.path()).startsWith("/demands?").contains("building=").contains("status=OPEN");
        assertThat(browser.text("#filter-building")).contains(building);
        assertThat(browser.findAll("#demands li")).isNotEmpty();
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("insight-map-drill-building-phone");
    }
}
