package io.gridwork.station;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.gridwork.access.AccountApi;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.security.Role;
import io.gridwork.support.Browser;
import io.gridwork.support.BrowserTest;
import io.gridwork.support.TestPeople;

/**
 * On a phone, the station's staff work as they would: grid staff book the meeting room (an overlap refused in words,
 * nobody offered to cancel another's booking), the worker on duty logs a visitor with their home picked and turns the
 * visit into a demand, and a micro-grid leader exchanges a shift: the colleague asked accepts, the community approves.
 */
@BrowserTest
class StationDutyBrowserTests {

    private static final String DEMO = "gridwork-demo";
    /** A Monday in a month without public holidays: the station is open and every later November day lies ahead. */
    private static final LocalDateTime MONDAY = LocalDateTime.of(2026, 11, 2, 8, 0);

    @Autowired
    StationFixtures fixtures;
    @Autowired
    StationApi stations;
    @Autowired
    TestPeople people;
    @Autowired
    AccountApi accounts;
    @Autowired
    JdbcClient jdbc;

    @AfterEach
    void realTime() {
        fixtures.resetClock();
    }

    private static void set(Browser browser, String css, String value) {
        browser.driver().executeScript("arguments[0].value = arguments[1]", browser.find(css), value);
    }

    private static void type(Browser browser, String css, String value) {
        browser.find(css).clear();
        browser.find(css).sendKeys(value);
    }

    private long roomOf(long station) {
        return jdbc.sql("select id from station_room where station_id = ?").param(station).query(Long.class).single();
    }

    private void book(Browser browser, long room, String day, String starts, String ends, String purpose) {
        browser.find("#book-room-" + room + " summary").click();
        String form = "#book-room-" + room + " form ";
        set(browser, form + "input[name=day]", day);
        set(browser, form + "input[name=starts]", starts);
        set(browser, form + "input[name=ends]", ends);
        type(browser, form + "input[name=purpose]", purpose);
        browser.clickAndWaitForPage(form + "button[type=submit]");
    }

    @Test
    void gridStaffBookTheMeetingRoomAndAnOverlapIsRefusedInWords(Browser browser) {
        fixtures.at(MONDAY);
        long station = fixtures.station();
        stations.addRoom(station, "议事室", 20, fixtures.staff());
        long room = roomOf(station);

        browser.phone().signIn("leader", DEMO).open("/station/" + station);
        browser.clickAndWaitForPage("#rooms-link");
        assertThat(browser.exists("#no-room-bookings")).isTrue();
        book(browser, room, "2026-11-03", "14:00", "16:00", "1+1+N 楼栋代表议事会");
        assertThat(browser.text("#done")).isEqualTo("房间已预约。");
        long mine = jdbc.sql("select id from station_room_booking where room_id = ?").param(room).query(Long.class).single();
        assertThat(browser.text("#room-booking-" + mine)).contains("议事室").contains("11月3日").contains("14:00–16:00")
                .contains("1+1+N 楼栋代表议事会");
        assertThat(browser.exists("#room-booking-" + mine + " form")).as("the booker may cancel").isTrue();
        browser.screenshot("station-room-booked-phone");

        // the worker wants the same room for part of that time: refused in words, nothing booked
        browser.signOut().signIn("worker", DEMO).open("/station/" + station + "/rooms");
        assertThat(browser.exists("#room-booking-" + mine + " form")).as("nobody else's booking to cancel").isFalse();
        book(browser, room, "2026-11-03", "15:00", "17:00", "志愿者培训");
        assertThat(browser.text("#error")).isEqualTo("这个房间在这段时间已被预约。");
        // outside the station's hours, and a Sunday
        book(browser, room, "2026-11-03", "16:00", "18:00", "志愿者培训");
        assertThat(browser.text("#error")).isEqualTo("服务站那时不开放。");
        book(browser, room, "2026-11-08", "10:00", "11:00", "志愿者培训");
        assertThat(browser.text("#error")).isEqualTo("服务站那时不开放。");
        assertThat(jdbc.sql("select count(*) from station_room_booking where room_id = ?").param(room).query(Long.class).single())
                .isEqualTo(1);
        // right after it is free
        book(browser, room, "2026-11-03", "16:00", "17:00", "志愿者培训");
        assertThat(browser.text("#done")).isEqualTo("房间已预约。");
        assertThat(browser.findAll("#room-bookings li")).hasSize(2);
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("station-room-two-bookings-phone");

        // the leader cancels theirs
        browser.signOut().signIn("leader", DEMO).open("/station/" + station + "/rooms");
        browser.clickAndWaitForPage("#room-booking-" + mine + " form button");
        assertThat(browser.text("#done")).isEqualTo("房间预约已取消。");
        assertThat(browser.exists("#room-booking-" + mine)).isFalse();
        assertThat(browser.findAll("#room-bookings li")).hasSize(1);
    }

    @Test
    void theWorkerOnDutyLogsAVisitorWithTheirHomeAndTurnsTheVisitIntoADemand(Browser browser) {
        long station = fixtures.station();
        record Room(long id, long buildingId, long unitId, String address) {
        }
        Room home = jdbc.sql("""
                select h.id, b.id, u.id, b.number || '栋' || u.number || '单元' || h.room from household h
                  join unit u on u.id = h.unit_id join building b on b.id = u.building_id
                 where b.micro_grid_id = ? and b.number not like 'T%' order by b.id, u.id, h.id fetch first 1 rows only""")
                .param(people.firstMicroGrid())
                .query((rs, i) -> new Room(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4))).single();
        String purpose = "反映44栋旁车位渗水 " + UUID.randomUUID().toString().substring(0, 6);

        browser.phone().signIn("worker", DEMO).open("/station/" + station);
        browser.clickAndWaitForPage("#visits-link");
        assertThat(browser.exists("#visit-form input[name=householdId]")).as("no household number to type").isFalse();
        type(browser, "#visit-form input[name=visitorName]", "林先生");
        browser.select("#pick-building", String.valueOf(home.buildingId()));
        browser.waiting().until(d -> !browser.findAll("#pick-unit option[value='" + home.unitId() + "']").isEmpty());
        browser.select("#pick-unit", String.valueOf(home.unitId()));
        browser.waiting().until(d -> !browser.findAll("#pick-room option[value='" + home.id() + "']").isEmpty());
        browser.select("#pick-room", String.valueOf(home.id()));
        type(browser, "#visit-form textarea[name=purpose]", purpose);
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("station-visit-form-phone");
        browser.clickAndWaitForPage("#visit-form button[type=submit]");
        assertThat(browser.text("#done")).isEqualTo("来访已登记。");
        long visit = jdbc.sql("select id from station_visit where station_id = ?").param(station).query(Long.class).single();
        assertThat(browser.text("#visit-" + visit)).contains("林先生").contains(purpose);
        assertThat(jdbc.sql("select household_id from station_visit where id = ?").param(visit).query(Long.class).single())
                .isEqualTo(home.id());

        // a visit without a home is logged too, and offers no demand
        type(browser, "#visit-form textarea[name=purpose]", "咨询社保打印");
        browser.clickAndWaitForPage("#visit-form button[type=submit]");
        long anonymous = jdbc.sql("select max(id) from station_visit where station_id = ?").param(station).query(Long.class).single();
        assertThat(browser.exists("#visit-" + anonymous + " form")).isFalse();
        // an empty purpose is refused in words (the browser's own check bypassed), nothing logged
        browser.driver().executeScript("document.querySelector('#visit-form textarea[name=purpose]').removeAttribute('required')");
        browser.clickAndWaitForPage("#visit-form button[type=submit]");
        assertThat(browser.exists("#error")).isTrue();
        assertThat(jdbc.sql("select count(*) from station_visit where station_id = ?").param(station).query(Long.class).single())
                .isEqualTo(2);

        // one step to a demand, in a category named in words
        Select category = new Select(browser.find("#visit-" + visit + " select[name=categoryCode]"));
        assertThat(category.getOptions()).isNotEmpty();
        category.selectByIndex(0);
        browser.screenshot("station-visit-logged-phone");
        browser.clickAndWaitForPage("#visit-" + visit + " form button");
        assertThat(browser.text("#done")).isEqualTo("已转为诉求。");
        assertThat(browser.text("#visit-" + visit)).contains("已转为诉求");
        browser.clickAndWaitForPage(browser.find("#visit-" + visit + " a"));
        assertThat(browser.pageText()).contains(purpose);
        browser.screenshot("station-visit-demand-phone");
    }

    @Test
    void aLeaderExchangesAShiftTheColleagueAcceptsAndTheCommunityApproves(Browser browser) {
        fixtures.at(MONDAY.minusDays(2)); // Saturday 31 October: every November shift lies ahead
        long station = fixtures.station();
        YearMonth month = YearMonth.of(2026, 11);
        stations.publishRota(station, month, fixtures.staff());
        GridworkUser leader = people.user("leader");
        record Shift(long id, long personId, LocalDate day) {
        }
        List<Shift> shifts = jdbc.sql("select id, person_id, duty_day from station_shift where station_id = ? order by duty_day")
                .param(station).query((rs, i) -> new Shift(rs.getLong(1), rs.getLong(2), rs.getDate(3).toLocalDate())).list();
        Shift mine = shifts.stream().filter(s -> s.personId() == leader.personId()).findFirst().orElseThrow();
        Shift theirs = shifts.stream().filter(s -> s.personId() != leader.personId()).findFirst().orElseThrow();
        // the colleague answers on their own account (the demo gives one to the first micro-grid's leader only)
        String colleague = jdbc.sql("select username from account where person_id = ? order by id").param(theirs.personId())
                .query(String.class).list().stream().findFirst().orElse(null);
        String colleaguePassword = DEMO;
        if (colleague == null) {
            colleague = "rota-" + UUID.randomUUID().toString().substring(0, 8);
            colleaguePassword = "Rota-member-2026!";
            long scope = jdbc.sql("select id from grid_node where path = ?").param(leader.scopePaths().get(0)).query(Long.class).single();
            accounts.createAccount(colleague, colleaguePassword, "值班成员", theirs.personId(), Set.of(Role.GRID_LEADER), Set.of(),
                    List.of(scope));
        }
        String rota = "/station/" + station + "/rota?month=" + month;

        browser.phone().signIn("leader", DEMO).open(rota);
        assertThat(browser.text("#rota-status")).isEqualTo("已发布");
        browser.find("#shift-" + mine.id() + " details.swap summary").click();
        String form = "#shift-" + mine.id() + " details.swap form ";
        browser.select(form + "select[name=toPersonId]", String.valueOf(theirs.personId()));
        browser.select(form + "select[name=counterShiftId]", String.valueOf(theirs.id()));
        type(browser, form + "input[name=reason]", "那天要带孩子看病");
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("station-swap-ask-phone");
        browser.clickAndWaitForPage(form + "button[type=submit]");
        assertThat(browser.text("#done")).contains("换班申请已提交");
        long swap = jdbc.sql("select id from station_swap where shift_id = ?").param(mine.id()).query(Long.class).single();
        assertThat(browser.text("#swap-" + swap)).contains("那天要带孩子看病").contains("待对方同意");
        // asking again while it is open is refused in words
        browser.find("#shift-" + mine.id() + " details.swap summary").click();
        browser.select(form + "select[name=toPersonId]", String.valueOf(theirs.personId()));
        browser.clickAndWaitForPage(form + "button[type=submit]");
        assertThat(browser.exists("#error")).isTrue();
        assertThat(jdbc.sql("select count(*) from station_swap where shift_id = ?").param(mine.id()).query(Long.class).single())
                .isEqualTo(1);
        // the community cannot approve before the colleague accepts: no button yet
        browser.signOut().signIn("community", DEMO).open(rota);
        assertThat(browser.exists("#approve-" + swap)).isFalse();

        browser.signOut().signIn(colleague, colleaguePassword).open(rota);
        assertThat(browser.exists("#approve-" + swap)).isFalse();
        browser.screenshot("station-swap-answer-phone");
        browser.clickAndWaitForPage("#accept-" + swap);
        assertThat(browser.text("#done")).isEqualTo("您已同意换班，等待社区审批。");
        assertThat(browser.exists("#accept-" + swap)).isFalse();

        browser.signOut().signIn("community", DEMO).open(rota);
        browser.screenshot("station-swap-approve-phone");
        browser.clickAndWaitForPage("#approve-" + swap);
        assertThat(browser.text("#done")).isEqualTo("已批准换班。");
        assertThat(browser.text("#swap-" + swap)).contains("已批准");
        String leaderName = jdbc.sql("select name from person where id = ?").param(leader.personId()).query(String.class).single();
        String theirName = jdbc.sql("select name from person where id = ?").param(theirs.personId()).query(String.class).single();
        assertThat(browser.text("#shift-" + mine.id() + " .head b")).isEqualTo(theirName);
        assertThat(browser.text("#shift-" + theirs.id() + " .head b")).isEqualTo(leaderName);
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("station-swap-approved-phone");
    }
}
