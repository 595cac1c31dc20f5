package io.gridwork.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.StaleElementReferenceException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.gridwork.access.internal.SmsCodeSink;
import io.gridwork.people.PeopleApi;
import io.gridwork.support.Browser;
import io.gridwork.support.BrowserTest;
import io.gridwork.support.TestPeople;

/** 码上办 on a phone: signed out, the poster's link leads to sign-up, the new resident reports, a worker confirms. */
@BrowserTest
class SignupBrowserTests {

    private static final String DEMO = "gridwork-demo";
    private static final String PASSWORD = "plum-blossom-river";

    @Autowired
    JdbcClient jdbc;
    @Autowired
    SmsCodeSink sink;
    @Autowired
    PeopleApi people;
    @Autowired
    TestPeople testPeople;

    @Test
    void aResidentSignsUpFromThePosterReportsAndAWorkerConfirmsTheHousehold(Browser browser) {
        long unit = jdbc.sql("""
                select min(u.id) from unit u join building b on b.id = u.building_id join grid_node g on g.id = b.micro_grid_id
                 where g.name = '学府憬城第1微网格' and b.number = '1' and u.number = '1'""").query(Long.class).single();
        long room = jdbc.sql("select max(id) from household where unit_id = ?").param(unit).query(Long.class).single();
        String roomNumber = jdbc.sql("select room from household where id = ?").param(room).query(String.class).single();
        String name = "扫码居民" + UUID.randomUUID().toString().substring(0, 4);
        String idCard = testPeople.unusedIdCard();
        people.register(room, new PeopleApi.NewPerson(name, idCard, null, null), "OTHER");
        String phone = "137" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));

        // signed out, the poster's link lands on the login page, which offers sign-up for this unit
        browser.phone().open("/report?unit=" + unit);
        assertThat(browser.path()).startsWith("/login");
        assertThat(browser.text("#signup-invite")).contains("码上办");
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("signup-login-invite-phone");
        browser.clickAndWaitForPage("#signup-from-poster");
        assertThat(browser.path()).isEqualTo("/signup?unit=" + unit);
        assertThat(browser.text("#signup-place")).contains("学府憬城").contains("1栋1单元");

        browser.find("input[name=phone]").sendKeys(phone);
        browser.clickAndWaitForPage("#send-code");
        assertThat(browser.text("#form-notice")).contains("验证码已发送至 " + phone.substring(0, 3) + "****");
        assertThat(browser.text("#sms-sink")).contains("服务器日志");
        String code = sink.lastCode(phone).orElseThrow();
        assertThat(browser.pageText()).doesNotContain(code);
        browser.find("input[name=code]").sendKeys(code);
        browser.find("input[name=name]").sendKeys(name);
        browser.select("#householdId", String.valueOf(room));
        browser.find("input[name=password]").sendKeys(PASSWORD);
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("signup-form-phone");
        browser.clickAndWaitForPage("#signup-submit");

        // signed in at once, on the report form at the poster's unit
        assertThat(browser.path()).isEqualTo("/report?unit=" + unit);
        assertThat(browser.text("header .who")).isEqualTo(name);
        assertThat(browser.find("#unitId").getDomProperty("value")).isEqualTo(String.valueOf(unit));
        browser.find("label.chip:has(input[value=WATER_LEAK]) > span").click();
        browser.find("textarea[name=description]").sendKeys("单元门口的水管在漏水");
        browser.find("input[name=locationText]").sendKeys(roomNumber + "室门口");
        browser.clickAndWaitForPage("#report-form button[type=submit]");
        assertThat(browser.path()).matches("/demands/\\d+");
        long demand = Long.parseLong(browser.path().substring("/demands/".length()));
        assertThat(browser.text("#reporter-unverified")).isEqualTo("未核实");
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("signup-reported-phone");
        browser.open("/");
        browser.waitFor("#signup-status");
        assertThat(browser.text("#signup-status")).contains("待核实");
        browser.screenshot("signup-workbench-pending-phone");

        // the worker of the micro-grid sees the sign-up (masked phone, no ID number) and confirms the household
        browser.signOut().signIn("worker", DEMO).open("/demands/" + demand);
        assertThat(browser.text("#reporter-unverified")).isEqualTo("未核实");
        browser.open("/");
        browser.clickAndWaitForPage("#home-signups a");
        assertThat(browser.path()).isEqualTo("/signups");
        long signup = jdbc.sql("select s.id from signup s join account a on a.id = s.account_id where a.username = ?")
                .param(phone).query(Long.class).single();
        assertThat(browser.text("#signup-" + signup)).contains(name).contains(phone.substring(0, 3) + "****")
                .doesNotContain(phone);
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("signup-worker-list-phone");
        browser.clickAndWaitForPage(browser.find("#signup-" + signup + " a"));
        assertThat(browser.find("#householdId").getDomProperty("value")).isEqualTo(String.valueOf(room));
        assertThat(browser.pageText()).doesNotContain(idCard.substring(14)).doesNotContain(idCard);
        browser.find("#confirm-form input[name=idSuffix]").sendKeys(idCard.substring(14));
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("signup-worker-confirm-phone");
        browser.clickAndWaitForPage("#confirm");
        assertThat(browser.path()).isEqualTo("/signups");
        assertThat(browser.text("#notice")).contains(name);

        // the resident now has the household
        browser.signOut().signIn(phone, PASSWORD);
        browser.waiting().ignoring(StaleElementReferenceException.class)
                .until(d -> browser.exists("#signup-status") && browser.text("#signup-status").contains("已核实"));
        assertThat(browser.exists("main a[href='/households/" + room + "']")).isTrue();
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("signup-workbench-confirmed-phone");
    }
}
