package io.gridwork.grid;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.gridwork.support.Browser;
import io.gridwork.support.BrowserTest;

/**
 * A community secretary takes a new compound live on a phone through pages only: adds the compound
 * and a micro-grid under 学府社区, uploads its structure sheet (first with a mistake), opens a
 * building's rooms and draws the compound's boundary on the map.
 */
@BrowserTest
class GridStructureBrowserTests {

    @Autowired
    JdbcClient jdbc;

    @Test
    void communityStaffAddACompoundAndAMicroGridAndUploadItsStructureSheetOnAPhone(Browser browser) throws Exception {
        String tag = Long.toString(System.nanoTime() % 1_000_000L, 36);
        String compound = "新建小区" + tag;
        long xuefu = jdbc.sql("select id from grid_node where code = '510108001001'").query(Long.class).single();
        browser.phone().signIn("community", "gridwork-demo").open("/grid/" + xuefu);
        browser.clickAndWaitForPage("#manage-link");
        assertThat(browser.text("main h1")).contains("学府社区");

        browser.select("#child-level", "COMPOUND");
        browser.find("#child-name").sendKeys(compound);
        browser.clickAndWaitForPage("#add-child-submit");
        assertThat(browser.text("#notice")).contains(compound).contains("编码 510108001001");
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("structure-manage-community-phone");

        WebElement link = browser.findAll("#child-list a").stream().filter(a -> a.getText().equals(compound)).findFirst().orElseThrow();
        browser.clickAndWaitForPage(link);
        browser.select("#child-level", "MICRO");
        browser.find("#child-name").sendKeys(compound + "第1微网格");
        browser.clickAndWaitForPage("#add-child-submit");
        assertThat(browser.text("#notice")).contains(compound + "第1微网格");
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("structure-manage-compound-phone");

        // the structure sheet: first with a room twice, which writes nothing and offers the Excel copy
        browser.clickAndWaitForPage("#structure-link");
        Path dir = Files.createTempDirectory("structure");
        StringBuilder sheet = new StringBuilder("楼栋,单元,楼层,房号,面积,微网格\n");
        for (int b = 1; b <= 2; b++) {
            for (int floor = 1; floor <= 6; floor++) {
                for (int room = 1; room <= 2; room++) {
                    sheet.append(b).append(",1,").append(floor).append(',').append(floor * 100 + room).append(',')
                            .append(85 + room * 3).append(".6,").append(compound).append("第1微网格\n");
                }
            }
        }
        Path bad = dir.resolve("结构表-有误.csv");
        Files.writeString(bad, sheet + "1,1,1,101,90,\n", StandardCharsets.UTF_8);
        browser.find("#sheet-file").sendKeys(bad.toString());
        browser.clickAndWaitForPage("#sheet-submit");
        assertThat(browser.text("#sheet-errors h2")).contains("结构表有 1 处错误，未写入任何内容");
        assertThat(browser.text("#sheet-errors")).contains("第 26 行").contains("与第 2 行重复");
        assertThat(browser.exists("#error-copy")).isTrue();
        assertThat(browser.exists(".building-check")).isFalse();
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("structure-sheet-errors-phone");

        Path good = dir.resolve("结构表.csv");
        Files.writeString(good, sheet, StandardCharsets.UTF_8);
        browser.find("#sheet-file").sendKeys(good.toString());
        browser.clickAndWaitForPage("#sheet-submit");
        assertThat(browser.text("#notice")).contains("新建楼栋 2 栋").contains("房间 24 户");
        assertThat(browser.findAll(".building-check")).hasSize(2);
        assertThat(browser.text("#buildings")).contains(compound + "第1微网格").contains("12 户");
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("structure-sheet-loaded-phone");

        // a building's rooms, with their areas
        browser.clickAndWaitForPage(browser.findAll(".building-check a").get(0));
        assertThat(browser.text("main h1")).isEqualTo(compound + " 1栋");
        assertThat(browser.findAll("li.room")).hasSize(12);
        assertThat(browser.find("li.room input.area").getDomProperty("value")).isEqualTo("88.60");
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("structure-building-phone");

        // the map: no tiles configured, so a blank canvas; three taps make a boundary
        long compoundId = jdbc.sql("select id from grid_node where name = ?").param(compound).query(Long.class).single();
        browser.open("/grid/" + compoundId + "/map");
        browser.waiting().until(d -> browser.exists("#grid-map.leaflet-container"));
        WebElement map = browser.find("#grid-map");
        new Actions(browser.driver()).moveToElement(map, -80, -60).click().perform();
        new Actions(browser.driver()).moveToElement(map, 90, -50).click().perform();
        new Actions(browser.driver()).moveToElement(map, 20, 80).click().perform();
        browser.waiting().until(d -> browser.text("#draw-count").equals("3"));
        browser.screenshot("structure-map-drawing-phone");
        browser.clickAndWaitForPage("#draw-save");
        assertThat(browser.text("#notice")).isEqualTo("边界已保存。");
        browser.waiting().until(d -> browser.exists("#grid-map path.leaflet-interactive"));
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("structure-map-phone");
        assertThat(jdbc.sql("select boundary from grid_node where id = ?").param(compoundId).query(String.class).single())
                .contains("Polygon");
    }
}
