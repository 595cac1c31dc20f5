package io.gridwork.lists;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.gridwork.demand.Party;
import io.gridwork.lists.internal.RectificationService;
import io.gridwork.support.Browser;
import io.gridwork.support.BrowserTest;
import io.gridwork.support.TestPeople;

/** On a phone: a worker logs a mediation and sees it counted; the property company rectifies an item with a photo. */
@BrowserTest
class ListsPagesBrowserTests {

    private static final String DEMO = "gridwork-demo";

    @Autowired
    TestPeople people;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    RectificationService rectification;

    private long mediationsOnPage(Browser browser, long workerId) {
        String css = "#worker-" + workerId + " td[data-kind=MEDIATION]";
        return browser.exists(css) ? Long.parseLong(browser.text(css)) : 0;
    }

    @Test
    void aWorkerLogsAMediationAndSeesItCounted(Browser browser) {
        long micro = people.firstMicroGrid();
        long workerId = jdbc.sql("select id from account where username = 'worker'").query(Long.class).single();
        String parties = "3栋1201与1301住户 " + UUID.randomUUID().toString().substring(0, 6);

        browser.phone().signIn("worker", DEMO).open("/routine/counts?gridId=" + micro);
        long before = mediationsOnPage(browser, workerId);

        browser.open("/routine");
        assertThat(browser.text("h1")).isEqualTo("记录五寻常工作");
        browser.select("#routine-form select[name=kind]", "MEDIATION");
        browser.select("#routine-form select[name=gridId]", String.valueOf(micro));
        browser.find("#routine-form details.mediation > summary").click();
        browser.find("input[name=mediationParties]").sendKeys(parties);
        browser.find("textarea[name=mediationIssue]").sendKeys("楼上卫生间漏水到楼下");
        browser.find("textarea[name=mediationOutcome]").sendKeys("楼上请物业维修防水，赔偿楼下吊顶");
        browser.find("input[name=agreementReached][value=true]").click();
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("lists-routine-mediation-phone");
        browser.clickAndWaitForPage("#routine-form button[type=submit]");
        assertThat(browser.text("#saved")).contains("矛盾纠纷调解");
        assertThat(browser.text("#entries")).contains(parties).contains("达成协议");

        browser.open("/routine/counts?gridId=" + micro);
        assertThat(mediationsOnPage(browser, workerId)).isEqualTo(before + 1);
        assertThat(browser.text("#worker-" + workerId)).contains("微网格员");
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("lists-routine-counts-phone");
    }

    @Test
    void thePropertyCompanyMarksAnItemRectifiedWithAPhoto(Browser browser) throws Exception {
        long micro = people.firstMicroGrid();
        String title = "单元门禁损坏 " + UUID.randomUUID().toString().substring(0, 6);
        var community = people.user("community");
        long id = rectification.create(new RectificationService.NewItem(micro, null, RectificationService.Source.RESIDENTS,
                title, "门禁无法关闭，外来人员随意进出", Party.PROPERTY, "物业楼栋管家", "更换门禁电磁锁",
                java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).plusDays(3)), community).id();
        Path photo = Files.createTempFile("evidence", ".png");
        var img = new java.awt.image.BufferedImage(320, 240, java.awt.image.BufferedImage.TYPE_INT_RGB);
        ImageIO.write(img, "png", photo.toFile());

        browser.phone().signIn("property", DEMO).open("/lists/rectification?q=" + title.substring(title.indexOf(' ') + 1));
        assertThat(browser.text("#item-" + id)).contains(title).contains("待整改");
        assertThat(browser.scrollsSideways()).isFalse();
        browser.clickAndWaitForPage(browser.find("#item-" + id + " a"));
        assertThat(browser.path()).isEqualTo("/lists/rectification/" + id);

        // without a photo the page says what is missing and nothing changes
        browser.find("#rectify-form textarea[name=note]").sendKeys("已更换电磁锁，门禁恢复正常");
        browser.clickAndWaitForPage("#rectify-form button[type=submit]");
        assertThat(browser.text("#error")).contains("照片");
        assertThat(browser.text("#item-status")).isEqualTo("待整改");

        browser.find("#rectify-form input[type=file]").sendKeys(photo.toAbsolutePath().toString());
        browser.find("#rectify-form textarea[name=note]").sendKeys("已更换电磁锁，门禁恢复正常");
        browser.screenshot("lists-rectify-phone");
        browser.clickAndWaitForPage("#rectify-form button[type=submit]");
        assertThat(browser.text("#item-status")).isEqualTo("已整改");
        assertThat(browser.text("#item-result")).isEqualTo("已更换电磁锁，门禁恢复正常");
        assertThat(browser.findAll("#evidence img")).hasSize(1);
        assertThat((Boolean) browser.driver().executeScript(
                "const i = document.querySelector('#evidence img'); return i.complete && i.naturalWidth > 0")).isTrue();
        assertThat(browser.exists("#rectify-form")).isFalse();
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("lists-rectified-phone");
        assertThat(jdbc.sql("select status from rectification_item where id = ?").param(id).query(String.class).single())
                .isEqualTo("RECTIFIED");
        Files.deleteIfExists(photo);
    }
}
