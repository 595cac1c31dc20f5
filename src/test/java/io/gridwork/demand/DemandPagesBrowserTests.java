package io.gridwork.demand;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.gridwork.demand.internal.DemandService;
import io.gridwork.demand.internal.DemandService.Submission;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.support.Browser;
import io.gridwork.support.BrowserTest;
import io.gridwork.support.TestPeople;

/** The demand loop on a phone: a resident scans a unit's QR code, the worker, the property company and the supervisor act. */
@BrowserTest
class DemandPagesBrowserTests {

    private static final String DEMO = "gridwork-demo";

    @Autowired
    TestPeople testPeople;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    DemandService service;

    @Test
    void aWaterLeakGoesFromTheQrCodeToAFiveStarRating(Browser browser) {
        GridworkUser resident = testPeople.freshResident();
        String password = "password-" + resident.username().substring(2);
        long unit = jdbc.sql("""
                select u.id from unit u join building b on b.id = u.building_id
                 where b.micro_grid_id = ? order by b.id, u.id limit 1""").param(testPeople.firstMicroGrid()).query(Long.class).single();
        String building = jdbc.sql("select b.name from unit u join building b on b.id = u.building_id where u.id = ?")
                .param(unit).query(String.class).single();

        long buildingId = jdbc.sql("select building_id from unit where id = ?").param(unit).query(Long.class).single();
        long earlier = service.submit(new Submission("WATER_LEAK", "楼上漏水到我家天花板", null, null, buildingId, null, null,
                null, null, false, null, null, null), testPeople.freshResident(), null).id();
        String earlierRef = jdbc.sql("select ref_no from demand where id = ?").param(earlier).query(String.class).single();

        // 码上办: the poster's link goes through the login page and comes back with the place filled in
        browser.phone().open("/report?unit=" + unit);
        assertThat(browser.path()).startsWith("/login");
        browser.find("input[name=username]").sendKeys(resident.username());
        browser.find("input[name=password]").sendKeys(password);
        browser.clickAndWaitForPage("main form button[type=submit]");
        assertThat(browser.path()).startsWith("/report?unit=" + unit);
        assertThat(browser.text("#qr-place")).contains(building);
        assertThat(browser.find("input[name=where][value=PLACE]").isSelected()).isTrue();
        assertThat(browser.find("#unitId").getDomProperty("value")).isEqualTo(String.valueOf(unit));
        assertThat(browser.findAll(".chip.focus")).as("the three city-wide problems are highlighted").hasSize(3);
        assertThat(browser.scrollsSideways()).isFalse();

        browser.find("label.chip:has(input[value=WATER_LEAK]) > span").click();
        // while choosing category and building, open demands of the same kind there show up (without their words)
        browser.waiting().ignoring(StaleElementReferenceException.class)
                .until(d -> browser.exists("#duplicates .hint") && browser.text("#duplicates").contains(earlierRef));
        assertThat(browser.text("#duplicates")).doesNotContain("天花板");
        browser.find("textarea[name=description]").sendKeys("车位旁边的水管一直在漏水，地面很滑");
        browser.find("input[name=locationText]").sendKeys("单元门口左侧车位");
        browser.screenshot("demand-report-qr-phone");
        browser.clickAndWaitForPage("#report-form button[type=submit]");

        assertThat(browser.path()).matches("/demands/\\d+");
        long id = Long.parseLong(browser.path().substring("/demands/".length()));
        assertThat(browser.text("#notice")).contains(browser.text("#ref-no"));
        assertThat(browser.text("#status")).isEqualTo("待受理");
        assertThat(browser.text("#place")).contains(building).contains("单元门口左侧车位");
        assertThat(browser.exists("#actions")).as("nothing for the resident to do yet").isFalse();
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("demand-submitted-phone");

        // the worker accepts it as medium and dispatches it to the property company (the category's default)
        browser.signOut().signIn("worker", DEMO).open("/demands/" + id);
        browser.select("#accept select[name=grade]", "MEDIUM");
        browser.screenshot("demand-worker-triage-phone");
        browser.clickAndWaitForPage("#accept button[type=submit]");
        assertThat(browser.text("#status")).isEqualTo("已受理");
        assertThat(browser.text("#grade")).isEqualTo("中等");
        assertThat(browser.find("#dispatch input[value=PROPERTY]").isSelected()).isTrue();
        browser.clickAndWaitForPage("#dispatch button[type=submit]");
        assertThat(browser.text("#status")).isEqualTo("已派发");
        assertThat(browser.text("#parties")).contains("物业公司").contains("待处理");
        assertThat(browser.scrollsSideways()).isFalse();

        // the property company finds it in its inbox, starts and completes its assignment
        browser.signOut().signIn("property", DEMO).open("/demands");
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("demand-inbox-property-phone");
        browser.clickAndWaitForPage(browser.find("#demand-" + id + " a.ref"));
        browser.clickAndWaitForPage(".start-form button");
        assertThat(browser.text("#status")).isEqualTo("办理中");
        browser.find(".complete-form input[name=note]").sendKeys("已更换破裂水管");
        browser.screenshot("demand-property-phone");
        browser.clickAndWaitForPage(".complete-form button");
        assertThat(browser.text("#status")).isEqualTo("已办结");
        assertThat(browser.text("#parties")).contains("已完成");

        // the resident confirms and gives five stars
        browser.signOut().signIn(resident.username(), password).open("/my/demands");
        browser.clickAndWaitForPage(browser.find("#demand-" + id + " a.ref"));
        browser.screenshot("demand-resident-confirm-phone");
        browser.clickAndWaitForPage("#confirm-form button");
        assertThat(browser.text("#status")).isEqualTo("已关闭");
        browser.find("label[for=star-5]").click();
        browser.find("#rate-form input[name=comment]").sendKeys("处理及时，谢谢！");
        browser.clickAndWaitForPage("#rate-form button");
        assertThat(browser.text("#status")).isEqualTo("已评价");
        assertThat(browser.text("#rating")).contains("★★★★★").contains("处理及时");

        List<String> steps = browser.findAll("#timeline li").stream().map(li -> li.getDomAttribute("data-action")).toList();
        assertThat(browser.text("#timeline")).contains("★★★★★ 处理及时");
        assertThat(steps).containsSubsequence("SUBMITTED", "ACCEPTED", "DISPATCHED", "STARTED", "RESOLVED", "CONFIRMED", "RATED");
        String timeline = browser.text("#timeline");
        assertThat(timeline).contains("提交诉求", "受理", "派发", "开始办理", "办结", "居民确认解决", "居民评价")
                .contains("物业楼栋管家", "微网格员", resident.displayName()).contains("【物业公司】 已更换破裂水管");
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("demand-rated-phone");

        // the print view of the whole loop fits the phone too: open() fails on a page wider than the screen
        browser.open("/demands/" + id + "/print");
        assertThat(browser.text("#timeline")).contains("★★★★★ 处理及时").contains("【物业公司】 已更换破裂水管");
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("demand-print-phone");
    }

    @Test
    void thePropertyCompanyCallsTheReporterAndTheWorkerSeesThatItLooked(Browser browser) {
        GridworkUser worker = testPeople.user("worker");
        long id = service.submit(new Submission("PUBLIC_ORDER", "地下车库入口的道闸抬不起来", null, null, null, null, null,
                "地下车库入口", "13987654321", false, null, null, null), testPeople.freshResident(), null).id();
        service.accept(id, Grade.GENERAL, null, null, worker);
        service.dispatch(id, Set.of(Party.PROPERTY), null, worker);

        browser.phone().signIn("property", DEMO).open("/demands/" + id);
        assertThat(browser.pageText()).contains("139****4321").doesNotContain("13987654321");
        assertThat(browser.text("#reveal-contact")).contains("查看完整号码").contains("记录");
        browser.clickAndWaitForPage("#reveal-contact button");
        assertThat(browser.find("#contact-phone").getDomAttribute("href")).isEqualTo("tel:13987654321");
        assertThat(browser.text("#notice")).contains("已记录");
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("demand-contact-revealed-property-phone");

        browser.signOut().signIn("worker", DEMO).open("/demands/" + id);
        assertThat(browser.exists("#reveal-contact")).as("the assignment is the property company's").isFalse();
        browser.find("#contact-views summary").click();
        assertThat(browser.text("#contact-views")).contains("号码查看记录（1 次）").contains("物业楼栋管家").contains("物业公司")
                .contains("已查看");
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("demand-contact-views-worker-phone");
    }

    @Test
    void aWorkerEntersAHotlineCallOnAPhone(Browser browser) {
        browser.phone().signIn("worker", DEMO);
        browser.clickAndWaitForPage("#nav-entry");
        browser.select("select[name=channel]", "WECHAT_GROUP");
        browser.find("input[name=reporterName]").sendKeys("林先生");
        browser.find("input[name=contactPhone]").sendKeys("13900001234");
        browser.find("label.chip:has(input[value=DOGS]) > span").click();
        browser.find("textarea[name=description]").sendKeys("群里反映：有人遛狗不牵绳");
        String building = browser.findAll("#buildingId option").get(1).getDomAttribute("value");
        browser.select("#buildingId", building);
        browser.waiting().ignoring(StaleElementReferenceException.class).until(d -> browser.findAll("#unitId option").size() > 1);
        browser.select("#unitId", browser.findAll("#unitId option").get(1).getDomAttribute("value"));
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("demand-staff-entry-phone");
        browser.clickAndWaitForPage("#entry-form button[type=submit]");
        assertThat(browser.path()).matches("/demands/\\d+");
        assertThat(browser.pageText()).contains("楼栋微信群").contains("林先生").contains("139****1234");
        assertThat(browser.text("#status")).isEqualTo("待受理");
    }

    @Test
    void aRedDemandShowsUnderPropertyOnTheBoardAndOneClickSupervisesIt(Browser browser) {
        GridworkUser resident = testPeople.freshResident();
        GridworkUser worker = testPeople.user("worker");
        long id = service.submit(new Submission("FACILITIES", "小区健身器材坏了一个多星期", null, null, null, null, null, null,
                null, null, null, null, null), resident, null).id();
        service.accept(id, Grade.MEDIUM, null, null, worker);
        service.dispatch(id, Set.of(Party.PROPERTY), null, worker);
        Instant past = Instant.now().minus(30, ChronoUnit.HOURS);
        jdbc.sql("update demand set submitted_at = ?, resolve_yellow_at = ?, resolve_due_at = ? where id = ?")
                .params(Timestamp.from(past), Timestamp.from(past.plus(1152, ChronoUnit.MINUTES)),
                        Timestamp.from(past.plus(24, ChronoUnit.HOURS)), id).update();
        // the list index carries the submission time too (issue 19)
        jdbc.sql("update demand_reach set submitted_at = ? where demand_id = ?").params(Timestamp.from(past), id).update();

        browser.phone().signIn("community", DEMO);
        browser.clickAndWaitForPage("#nav-supervision");
        assertThat(browser.path()).isEqualTo("/supervision");
        WebElement card = browser.find("#party-PROPERTY li[data-demand='" + id + "']");
        assertThat(card.getText()).contains("红牌").contains("已超时").contains("督办 0 次");
        assertThat(Integer.parseInt(browser.text("#count-red"))).isPositive();
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("supervision-board-phone");

        card.findElement(By.cssSelector(".supervise-button")).click();
        // htmx swaps the button's span out: look it up afresh on each poll
        browser.waiting().ignoring(StaleElementReferenceException.class)
                .until(d -> browser.text("#party-PROPERTY li[data-demand='" + id + "'] .supervise").contains("已督办"));
        assertThat(browser.text("#party-PROPERTY li[data-demand='" + id + "'] .supervise")).contains("督办 1 次");
        assertThat(jdbc.sql("select supervised_count from demand where id = ?").param(id).query(Integer.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from demand_event_log where demand_id = ? and action = 'SUPERVISED'").param(id)
                .query(Long.class).single()).isEqualTo(1);
        browser.screenshot("supervision-board-supervised-phone");
    }
}
