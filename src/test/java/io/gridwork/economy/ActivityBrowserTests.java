package io.gridwork.economy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.gridwork.economy.internal.Activities;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.support.Browser;
import io.gridwork.support.BrowserTest;
import io.gridwork.support.TestPeople;

/** On a phone: a resident signs the family up for an activity; the organiser checks people in, out and verifies. */
@BrowserTest
class ActivityBrowserTests {

    private static final String DEMO = "gridwork-demo";

    @Autowired
    TestPeople people;
    @Autowired
    ActivityFixtures fixtures;
    @Autowired
    Activities activities;
    @Autowired
    JdbcClient jdbc;

    private static String password(GridworkUser u) {
        return "password-" + u.username().substring(2);
    }

    @Test
    void aResidentSignsTheFamilyUpAndGoesOnTheWaitingListWhenFull(Browser browser) {
        GridworkUser first = people.freshResident();
        Activities.Activity a = fixtures.activity(2, Activities.Unit.HOUSEHOLD, Activities.Unit.PERSON, null);
        GridworkUser mother = people.freshResident();
        long child = fixtures.addMember(mother);

        browser.phone().signIn(mother.username(), password(mother)).open("/economy/activities");
        assertThat(browser.text("#activity-" + a.id())).contains(a.title()).contains("以家庭为单位").contains("已报 0/2 人");
        browser.screenshot("activities-list-phone");
        browser.clickAndWaitForPage("#activity-" + a.id() + " a");
        assertThat(browser.findAll("#signup-form input[name=memberIds]")).hasSizeGreaterThanOrEqualTo(2);
        assertThat(browser.find("#signup-form input[value='" + mother.personId() + "']").isSelected()).isTrue();
        browser.find("#signup-form input[value='" + child + "']").click();
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("activity-signup-phone");
        browser.clickAndWaitForPage("#signup-form button[type=submit]");
        assertThat(browser.text("#done")).isEqualTo("报名成功。");
        assertThat(browser.text("#capacity")).contains("已报 2/2 人");
        assertThat(browser.text("#my-signup")).contains("已报名");
        browser.screenshot("activity-signed-up-phone");

        // the activity is full now: the next resident joins the waiting list
        browser.signOut().signIn(first.username(), password(first)).open("/economy/activities/" + a.id());
        assertThat(browser.text("#full")).contains("候补");
        browser.clickAndWaitForPage("#signup-form button[type=submit]");
        assertThat(browser.text("#done")).contains("候补");
        assertThat(browser.text("#my-signup h2")).isEqualTo("候补第 1 位");
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("activity-waiting-phone");
    }

    @Test
    void theOrganiserChecksPeopleInAndOutAndVerifiesOnThePhone(Browser browser) {
        long rule = fixtures.hourlyRule(10);
        Activities.Activity a = fixtures.activity(5, Activities.Unit.PERSON, Activities.Unit.PERSON, rule);
        GridworkUser one = people.freshResident();
        GridworkUser two = people.freshResident();
        activities.signUp(a.id(), null, one);
        activities.signUp(a.id(), null, two);
        fixtures.startedAgo(a.id(), Duration.ofMinutes(90), Duration.ofMinutes(30));

        browser.phone().signIn("worker", DEMO).open("/economy/organise");
        assertThat(browser.text("#activity-" + a.id())).contains(a.title());
        browser.clickAndWaitForPage("#activity-" + a.id() + " a");
        assertThat(browser.findAll("#signups button.check-in")).hasSize(2);
        browser.screenshot("activity-checkin-phone");
        browser.clickAndWaitForPage("#person-" + one.personId() + " button.check-in");
        assertThat(browser.text("#done")).isEqualTo(one.displayName() + " 已签到。");
        assertThat(browser.text("#person-" + one.personId())).contains("已签到");
        // she came when it started
        jdbc.sql("update economy_activity_attendance set checked_in_at = ? where activity_id = ? and person_id = ?")
                .params(java.sql.Timestamp.from(Instant.now().minus(Duration.ofMinutes(90))), a.id(), one.personId()).update();
        browser.clickAndWaitForPage("#person-" + one.personId() + " button.check-out");
        assertThat(browser.text("#person-" + one.personId())).contains("已签退，待核实").contains("1.5 小时");
        browser.clickAndWaitForPage("#person-" + one.personId() + " button.verify");
        assertThat(browser.text("#person-" + one.personId())).contains("已记分").contains("15 贝");
        assertThat(browser.exists("#person-" + two.personId() + " button.check-in")).isTrue();
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("activity-verified-phone");

        browser.signOut().signIn(one.username(), password(one)).open("/economy/points");
        assertThat(browser.pageText()).contains(a.title()).contains("+15");
    }
}
