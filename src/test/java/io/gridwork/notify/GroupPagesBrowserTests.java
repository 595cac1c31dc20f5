package io.gridwork.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.gridwork.notify.internal.Groups;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.support.Browser;
import io.gridwork.support.BrowserTest;
import io.gridwork.support.TestPeople;

/** On a phone: a resident sees the unread count, reads a notice from the inbox, answers a task and asks a question. */
@BrowserTest
class GroupPagesBrowserTests {

    @Autowired TestPeople testPeople;
    @Autowired GroupFixture fixture;
    @Autowired Groups groups;
    @Autowired JdbcClient jdbc;

    @Test
    void aResidentReadsANoticeAndAnswersATaskOnAPhone(Browser browser) {
        var b = fixture.building(2, 1);
        GridworkUser community = testPeople.user("community");
        long audience = groups.create(null, b.id(), null, community).id();
        Groups.Notice notice = groups.publish(audience, Groups.NoticeType.NOTICE, "小区停水通知",
                "因管道检修，本周六 9:00-12:00 停水，请提前储水。", null, null, community);
        Groups.Notice task = groups.publish(audience, Groups.NoticeType.TASK, "燃气报警器自查",
                "请检查家中燃气报警器，并回复是否正常。", List.of("正常", "不正常"), null, community);
        GridworkUser resident = b.residents().get(0);

        browser.phone().signIn(resident.username(), "password-" + resident.username().substring(2));
        // the header's badge counts the two unread messages
        browser.waiting().until(d -> browser.exists("#notify-unread"));
        assertThat(browser.text("#notify-unread")).isEqualTo("2");

        browser.find("#nav-notify").click();
        browser.waiting().until(d -> browser.path().startsWith("/notify/inbox"));
        assertThat(browser.text("#inbox")).contains("小区停水通知").contains("燃气报警器自查");
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("notify-inbox-phone");
        browser.clickAndWaitForPage(browser.driver().findElement(By.xpath("//li[contains(., '小区停水通知')]//button")));
        assertThat(browser.path()).isEqualTo("/notices/" + notice.id());
        assertThat(browser.text("#notice-body")).contains("请提前储水");
        assertThat(browser.scrollsSideways()).isFalse();

        // a question in the notice's thread
        browser.find("#ask-form input[name=body]").sendKeys("停水期间消防用水有保障吗？");
        browser.clickAndWaitForPage("#ask-form button[type=submit]");
        assertThat(browser.text("#qa")).contains("停水期间消防用水有保障吗？");

        // the task, from the groups page
        browser.open("/groups");
        browser.clickAndWaitForPage(browser.driver().findElement(By.xpath("//ul[@id='received']//a[contains(., '燃气报警器自查')]")));
        assertThat(browser.path()).isEqualTo("/notices/" + task.id());
        browser.find("#answer-form input[value='正常']").click();
        browser.screenshot("notify-task-phone");
        browser.clickAndWaitForPage("#answer-form button[type=submit]");
        assertThat(browser.text("#flash-notice")).contains("回复已提交");
        assertThat(browser.text("#my-answer")).contains("正常");
        assertThat(browser.scrollsSideways()).isFalse();

        Groups.Results results = groups.results(task.id(), community);
        assertThat(results.answered()).isEqualTo(1);
        assertThat(results.households()).isEqualTo(2);
        assertThat(groups.results(notice.id(), community).read()).as("the resident read the notice").isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from notify_message where account_id = ? and read_at is null")
                .param(resident.accountId()).query(Integer.class).single()).as("both messages are read").isZero();
    }
}
