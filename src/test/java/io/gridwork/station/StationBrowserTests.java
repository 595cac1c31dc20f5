package io.gridwork.station;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.YearMonth;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.gridwork.shared.security.GridworkUser;
import io.gridwork.support.Browser;
import io.gridwork.support.BrowserTest;
import io.gridwork.support.TestPeople;

/** On a phone: a resident sees today's station and books the family doctor; community staff make and publish a rota. */
@BrowserTest
class StationBrowserTests {

    private static final String DEMO = "gridwork-demo";

    @Autowired
    TestPeople people;
    @Autowired
    StationFixtures fixtures;
    @Autowired
    JdbcClient jdbc;

    @Test
    void aResidentSeesTodaysStationAndBooksASlot(Browser browser) {
        GridworkUser resident = people.freshResident();
        String password = "password-" + resident.username().substring(2);
        browser.phone().signIn(resident.username(), password).open("/");
        browser.clickAndWaitForPage("#home-station");
        long station = jdbc.sql("select id from station where name = '学府憬城微网实格服务站'").query(Long.class).single();
        String card = browser.text("#station-" + station);
        assertThat(card).contains("学府憬城微网实格服务站").containsAnyOf("正在开放", "现在关闭").containsAnyOf("今天 09:00–17:00", "今天不开放");
        assertThat(browser.pageText()).contains("邻里惠民超市社区服务点");
        browser.screenshot("station-list-phone");

        browser.clickAndWaitForPage("#station-" + station + " a.chip-link");
        assertThat(browser.text("h1")).isEqualTo("家庭医生坐诊");
        assertThat(browser.scrollsSideways()).isFalse();
        browser.clickAndWaitForPage(".slot form button.book");
        assertThat(browser.text("#done")).isEqualTo("预约成功。");
        assertThat(browser.pageText()).contains("已预约");
        browser.screenshot("station-booked-phone");

        browser.open("/station");
        assertThat(browser.text("#my-bookings")).contains("家庭医生坐诊");
        browser.open("/station/" + station);
        assertThat(browser.text("#station-status")).contains("学府憬城 3 栋架空层").contains("70 平方米");
        assertThat(browser.text("#week")).contains("周二").contains("09:00–17:00");
        browser.screenshot("station-detail-phone");
    }

    @Test
    void communityStaffGenerateAndPublishARota(Browser browser) {
        long station = fixtures.station();
        String month = YearMonth.now(ZoneId.of("Asia/Shanghai")).plusMonths(1).toString();
        browser.phone().signIn("community", DEMO).open("/station/" + station);
        browser.clickAndWaitForPage("#rota-link");
        browser.clickAndWaitForPage("#next-month");
        assertThat(browser.path()).contains("month=" + month);
        assertThat(browser.exists("#no-rota")).isTrue();
        browser.clickAndWaitForPage("#generate-form button[type=submit]");
        assertThat(browser.text("#done")).contains("值班表已生成");
        assertThat(browser.text("#rota-status")).contains("草稿");
        assertThat(browser.findAll("#shifts li")).hasSizeGreaterThan(15);
        assertThat(browser.text("#members")).contains("微网格长");
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("station-rota-draft-phone");
        browser.clickAndWaitForPage("#publish-form button[type=submit]");
        assertThat(browser.text("#done")).isEqualTo("值班表已发布。");
        assertThat(browser.text("#rota-status")).isEqualTo("已发布");
        assertThat(browser.exists("#generate-form")).isFalse();
        browser.screenshot("station-rota-published-phone");
    }

    @Test
    void aWorkerLogsAVisitorWithTheHouseholdPickedBuildingUnitRoom(Browser browser) {
        long station = jdbc.sql("select id from station where name = '学府憬城微网实格服务站'").query(Long.class).single();
        record Room(long id, long buildingId, long unitId, String address) {
        }
        Room room = jdbc.sql("""
                select h.id, b.id, u.id, b.number, u.number, h.room from household h join unit u on u.id = h.unit_id
                  join building b on b.id = u.building_id
                 where b.micro_grid_id = ? and b.number not like 'T%' order by b.id, u.id, h.id fetch first 1 rows only""")
                .param(people.firstMicroGrid())
                .query((rs, i) -> new Room(rs.getLong(1), rs.getLong(2), rs.getLong(3),
                        rs.getString(4) + "栋" + rs.getString(5) + "单元" + rs.getString(6))).single();
        String purpose = "咨询充电桩安装 " + java.util.UUID.randomUUID().toString().substring(0, 6);

        browser.phone().signIn("worker", DEMO).open("/station/" + station + "/visits");
        assertThat(browser.findAll("#visit-form input[name=householdId]")).as("no household number typed").isEmpty();
        browser.find("#visit-form input[name=visitorName]").sendKeys("林先生");
        browser.select("#pick-building", String.valueOf(room.buildingId()));
        browser.waiting().until(d -> !browser.findAll("#pick-unit option[value='" + room.unitId() + "']").isEmpty());
        browser.select("#pick-unit", String.valueOf(room.unitId()));
        browser.waiting().until(d -> !browser.findAll("#pick-room option[value='" + room.id() + "']").isEmpty());
        browser.select("#pick-room", String.valueOf(room.id()));
        browser.find("#visit-form textarea[name=purpose]").sendKeys(purpose);
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("station-visit-picker-phone");
        browser.clickAndWaitForPage("#visit-form button[type=submit]");

        long visit = jdbc.sql("select id from station_visit where purpose = ?").param(purpose).query(Long.class).single();
        assertThat(jdbc.sql("select household_id from station_visit where id = ?").param(visit).query(Long.class).single())
                .isEqualTo(room.id());
        assertThat(browser.text("#visit-" + visit)).contains("林先生").contains(room.address()).contains(purpose);
        assertThat(browser.exists("#visit-" + visit + " select[name=categoryCode]")).as("with a household it can become a demand")
                .isTrue();
        browser.screenshot("station-visit-recorded-phone");

        // without a household the visit is logged all the same, and cannot become a demand
        String walkIn = "问路 " + java.util.UUID.randomUUID().toString().substring(0, 6);
        browser.find("#visit-form textarea[name=purpose]").sendKeys(walkIn);
        browser.clickAndWaitForPage("#visit-form button[type=submit]");
        long other = jdbc.sql("select id from station_visit where purpose = ?").param(walkIn).query(Long.class).single();
        assertThat(browser.exists("#visit-" + other + " select[name=categoryCode]")).isFalse();
    }
}
