package io.gridwork.economy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.gridwork.economy.internal.Activities;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.support.Browser;
import io.gridwork.support.BrowserTest;
import io.gridwork.support.TestPeople;

/**
 * On a phone: the organiser changes an activity (a capacity below those signed up is refused in words), then cancels
 * it with a reason; the signed-up resident reads the reason on the activity and in the inbox, and cannot sign up or
 * cancel any more.
 */
@BrowserTest
class ActivityEditBrowserTests {

    private static final String DEMO = "gridwork-demo";

    @Autowired
    TestPeople people;
    @Autowired
    ActivityFixtures fixtures;
    @Autowired
    Activities activities;

    private static String password(GridworkUser u) {
        return "password-" + u.username().substring(2);
    }

    private static void type(Browser browser, String css, String value) {
        var field = browser.find(css);
        field.clear();
        field.sendKeys(value);
    }

    @Test
    void theOrganiserEditsAndCancelsAnActivityAndTheSignedUpAreTold(Browser browser) {
        Activities.Activity a = fixtures.activity(3, Activities.Unit.PERSON, Activities.Unit.PERSON, null);
        GridworkUser one = people.freshResident();
        GridworkUser two = people.freshResident();
        activities.signUp(a.id(), null, one);
        activities.signUp(a.id(), null, two);

        browser.phone().signIn("worker", DEMO).open("/economy/organise/activities/" + a.id());
        browser.find("#edit-card summary").click();
        assertThat(browser.text("#edit-card")).contains("已报名 2");
        browser.screenshot("activity-edit-phone");
        // a capacity below the two signed up: refused in words, nothing changed
        type(browser, "#edit-form input[name=capacity]", "1");
        browser.driver().executeScript("document.querySelector('#edit-form input[name=capacity]').removeAttribute('min')");
        browser.clickAndWaitForPage("#edit-form button[type=submit]");
        assertThat(browser.text("#error")).isEqualTo("名额不能少于已报名的数量。");
        assertThat(browser.text("#capacity")).contains("已报 2/3 人");
        // a new name, place and capacity
        browser.find("#edit-card summary").click();
        type(browser, "#edit-form input[name=title]", "周六督导（改到南门）");
        type(browser, "#edit-form input[name=place]", "南门投放点");
        type(browser, "#edit-form input[name=capacity]", "5");
        browser.clickAndWaitForPage("#edit-form button[type=submit]");
        assertThat(browser.text("#done")).isEqualTo("“周六督导（改到南门）”已修改。");
        assertThat(browser.text("h1")).isEqualTo("周六督导（改到南门）");
        assertThat(browser.text("#capacity")).contains("已报 2/5 人");
        assertThat(browser.pageText()).contains("南门投放点");

        // cancelled with a reason: the forms go, the reason shows
        browser.find("#cancel-card summary").click();
        type(browser, "#cancel-activity-form textarea[name=reason]", "暴雨预警，改期另行通知");
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("activity-cancel-phone");
        browser.clickAndWaitForPage("#cancel-activity-form button[type=submit]");
        assertThat(browser.text("#done")).contains("已取消");
        assertThat(browser.text("#cancelled")).contains("暴雨预警，改期另行通知");
        assertThat(browser.exists("#edit-form")).isFalse();
        assertThat(browser.exists("#cancel-activity-form")).isFalse();
        assertThat(browser.exists("#signups button.check-in")).isFalse();
        browser.open("/economy/organise");
        assertThat(browser.text("#activity-" + a.id())).contains("已取消");
        browser.screenshot("activity-cancelled-organiser-phone");

        // the resident: the activity says why, no sign-up or cancel button; the inbox has the notice
        await().atMost(Duration.ofSeconds(10)).until(() -> fixtures.count(
                "select count(*) from notify_message where account_id = ? and kind = 'ACTIVITY' and link = ?", one.accountId(),
                "/economy/activities/" + a.id()) == 2); // moved (new place), then cancelled
        browser.signOut().signIn(one.username(), password(one)).open("/economy/activities");
        assertThat(browser.text("#activity-" + a.id())).contains("周六督导（改到南门）").contains("已取消");
        browser.clickAndWaitForPage("#activity-" + a.id() + " a");
        assertThat(browser.text("#cancelled")).isEqualTo("活动已取消。原因：暴雨预警，改期另行通知");
        assertThat(browser.exists("#cancel-form")).isFalse();
        assertThat(browser.exists("#signup-form")).isFalse();
        browser.screenshot("activity-cancelled-resident-phone");
        browser.open("/notify/inbox");
        assertThat(browser.pageText()).contains("活动取消：周六督导（改到南门）").contains("活动变更：周六督导（改到南门）");
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("activity-cancelled-inbox-phone");
    }
}
