package io.gridwork.people;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.gridwork.access.AccountApi;
import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridLevel;
import io.gridwork.grid.GridNode;
import io.gridwork.shared.security.Role;
import io.gridwork.support.Browser;
import io.gridwork.support.BrowserTest;

/** On a phone: a resident nominates themselves, the community appoints them, then hands a leaving worker's work to them. */
@BrowserTest
class StaffPagesBrowserTests {

    @Autowired JdbcClient jdbc;
    @Autowired GridApi grid;
    @Autowired PeopleApi people;
    @Autowired AccountApi accounts;

    @Test
    void residentNominatesCommunityAppointsThenHandsOverToThem(Browser browser) {
        String tag = UUID.randomUUID().toString().substring(0, 6);
        long community = jdbc.sql("select id from grid_node where name = '学府社区'").query(Long.class).single();
        long compound = jdbc.sql("select min(id) from grid_node where parent_id = ? and level = 'COMPOUND'").param(community)
                .query(Long.class).single();
        GridNode micro = grid.create(compound, GridLevel.MICRO, "交接演示微网格" + tag, null, null);
        long building = grid.createBuilding(compound, micro.id(), "B" + tag, "演示楼" + tag, 6, null, null);
        long unit = grid.createUnit(building, "1");
        long home = grid.createHousehold(unit, "301", "OCCUPIED");
        long other = grid.createHousehold(unit, "302", "OCCUPIED");
        String residentName = "李秀英" + tag;
        long residentPerson = people.createPerson(new PeopleApi.NewPerson(residentName, null, null, null));
        people.addMember(home, residentPerson, "HEAD", LocalDate.now().minusYears(5));
        String username = "nominee-" + tag;
        accounts.createAccount(username, "password-" + tag, residentName, residentPerson, Set.of(Role.RESIDENT), Set.of(), List.of());
        String leavingName = "王建国" + tag;
        long leavingPerson = people.createPerson(new PeopleApi.NewPerson(leavingName, null, null, null));
        people.addMember(other, leavingPerson, "HEAD", LocalDate.now().minusYears(5));
        long leaving = people.assign(leavingPerson, StaffRole.MICRO_GRID_WORKER, micro.id(), null, null,
                LocalDate.now().minusYears(2), null);

        // the resident nominates themselves from the workbench
        browser.phone().signIn(username, "password-" + tag);
        browser.clickAndWaitForPage("#home-staff-nominate");
        assertThat(browser.text("#rule")).contains(micro.name()).contains("0 名微网格长、1 名微网格员");
        browser.select("#self-form select[name=role]", "MICRO_GRID_WORKER");
        browser.find("#self-form textarea[name=statement]").sendKeys("在小区住了五年，白天有空，愿意为邻居跑腿。");
        browser.screenshot("staff-nominate-phone");
        browser.clickAndWaitForPage("#self-form button[type=submit]");
        assertThat(browser.text("#notice")).contains("自荐已提交");
        assertThat(browser.text("#mine")).contains(residentName).contains("待审核");
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("staff-nominated-phone");

        // the community appoints them for a period; their own account gains the role
        browser.signOut().signIn("community", "gridwork-demo");
        browser.clickAndWaitForPage("#home-staff");
        browser.open("/staff/grids/" + micro.id());
        long nomination = jdbc.sql("select id from staff_nomination where person_id = ?").param(residentPerson).query(Long.class).single();
        assertThat(browser.text("#nomination-" + nomination)).contains("自荐").contains(residentName);
        assertThat(browser.exists("#below-rule")).isTrue();
        browser.find("#nomination-" + nomination + " details.appoint > summary").click();
        browser.waitFor("#nomination-" + nomination + " .appoint-form input[name=startDate]");
        browser.screenshot("staff-grid-appoint-phone");
        assertThat(browser.scrollsSideways()).isFalse();
        browser.clickAndWaitForPage("#nomination-" + nomination + " .appoint-form button[type=submit]");
        assertThat(browser.text("#appointed")).contains(residentName).contains("微网格员");
        assertThat(browser.text("#account-username")).isEqualTo(username);
        assertThat(browser.exists("#account-existing")).isTrue();
        browser.screenshot("staff-appointed-phone");

        // the leaving worker hands over to the new worker
        browser.clickAndWaitForPage("#back");
        browser.clickAndWaitForPage("#assignment-" + leaving + " a.button");
        long successor = jdbc.sql("select assignment_id from staff_nomination where id = ?").param(nomination).query(Long.class).single();
        browser.select("#handover-form select[name=successor]", "a:" + successor);
        browser.find("#handover-form input[name=reason]").sendKeys("搬到外区居住");
        browser.screenshot("staff-handover-form-phone");
        browser.clickAndWaitForPage("#handover-form button[type=submit]");
        browser.waiting().withTimeout(Duration.ofSeconds(20))
                .until(d -> !browser.text("#moved").contains("处理中"));
        assertThat(browser.text("#moved")).contains("承办中的诉求").contains("管理的群组");
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("staff-handed-over-phone");

        browser.open("/staff/grids/" + micro.id());
        assertThat(browser.text("#current")).contains(residentName).doesNotContain(leavingName);
        assertThat(browser.text("#history")).contains(leavingName).contains("搬到外区居住");
        browser.screenshot("staff-grid-history-phone");
    }
}
