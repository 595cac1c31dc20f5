package io.gridwork.lists;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.gridwork.support.Browser;
import io.gridwork.support.BrowserTest;
import io.gridwork.support.TestPeople;

/**
 * On a phone, households are chosen building › unit › room instead of typed as numbers: a worker records a household
 * visit to two rooms and sees their addresses; an item of the rectification list gets its household picked and shows
 * its address to the worker and to the property company it is assigned to.
 */
@BrowserTest
class PickersBrowserTests {

    private static final String DEMO = "gridwork-demo";

    @Autowired
    JdbcClient jdbc;
    @Autowired
    TestPeople people;

    record Room(long id, long buildingId, long unitId, String building, String unit, String room) {
        String address() {
            return building + "栋" + unit + "单元" + room;
        }
    }

    /** Two rooms of one unit of a demo building of 学府憬城第1微网格. */
    private List<Room> twoRooms() {
        return jdbc.sql("""
                select h.id, b.id, u.id, b.number, u.number, h.room from household h join unit u on u.id = h.unit_id
                  join building b on b.id = u.building_id
                 where b.micro_grid_id = ? and b.number not like 'T%' order by b.id, u.id, h.id fetch first 2 rows only""")
                .param(people.firstMicroGrid())
                .query((rs, i) -> new Room(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4), rs.getString(5),
                        rs.getString(6))).list();
    }

    /** Chooses building and unit in the picker and waits for the unit's rooms. */
    private void pick(Browser browser, Room room) {
        browser.select("#pick-building", String.valueOf(room.buildingId()));
        browser.waiting().until(d -> !browser.findAll("#pick-unit option[value='" + room.unitId() + "']").isEmpty());
        browser.select("#pick-unit", String.valueOf(room.unitId()));
        browser.waiting().until(d -> !browser.findAll("#pick-room option[value='" + room.id() + "']").isEmpty());
    }

    @Test
    void aWorkerPicksTwoRoomsForAHouseholdVisit(Browser browser) {
        List<Room> rooms = twoRooms();
        String summary = "入户走访 " + UUID.randomUUID().toString().substring(0, 6);
        browser.phone().signIn("worker", DEMO).open("/routine");
        assertThat(browser.findAll("#routine-form input[name=households]")).as("no household numbers typed").isEmpty();
        browser.select("#routine-form select[name=kind]", "HOUSEHOLD_VISIT");
        browser.select("#routine-form select[name=gridId]", String.valueOf(people.firstMicroGrid()));
        pick(browser, rooms.get(0));
        Select roomSelect = new Select(browser.find("#pick-room"));
        assertThat(roomSelect.isMultiple()).isTrue();
        roomSelect.selectByValue(String.valueOf(rooms.get(0).id()));
        roomSelect.selectByValue(String.valueOf(rooms.get(1).id()));
        browser.find("#routine-form textarea[name=summary]").sendKeys(summary);
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("pickers-routine-phone");
        browser.clickAndWaitForPage("#routine-form button[type=submit]");
        assertThat(browser.exists("#error")).isFalse();
        WebElement entry = browser.driver().findElement(By.xpath("//ul[@id='entries']/li[contains(., '" + summary + "')]"));
        assertThat(entry.getText()).contains(rooms.get(0).address()).contains(rooms.get(1).address());
        long id = Long.parseLong(entry.getAttribute("id").substring("entry-".length()));
        assertThat(jdbc.sql("select household_id from routine_entry_household where entry_id = ? order by household_id")
                .param(id).query(Long.class).list()).containsExactlyInAnyOrder(rooms.get(0).id(), rooms.get(1).id());

        // the information list's link starts the picker at its household
        browser.open("/routine?kind=INFO_COLLECTION&households=" + rooms.get(1).id());
        assertThat(new Select(browser.find("#pick-building")).getFirstSelectedOption().getAttribute("value"))
                .isEqualTo(String.valueOf(rooms.get(1).buildingId()));
        assertThat(new Select(browser.find("#pick-room")).getAllSelectedOptions()).extracting(o -> o.getAttribute("value"))
                .containsExactly(String.valueOf(rooms.get(1).id()));
        browser.screenshot("pickers-routine-start-phone");
    }

    @Test
    void aRectificationItemGetsItsHouseholdPickedAndShowsItsAddress(Browser browser) {
        Room room = twoRooms().get(0);
        String title = "阳台外挂空调支架锈蚀 " + UUID.randomUUID().toString().substring(0, 6);
        browser.phone().signIn("worker", DEMO).open("/lists/rectification");
        browser.clickAndWaitForPage("#item-new");
        assertThat(browser.path()).isEqualTo("/lists/rectification/new");
        browser.select("#item-form select[name=gridId]", String.valueOf(people.firstMicroGrid()));
        pick(browser, room);
        browser.select("#pick-room", String.valueOf(room.id()));
        browser.find("#item-form input[name=title]").sendKeys(title);
        browser.select("#item-form select[name=party]", "PROPERTY");
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("pickers-rectification-form-phone");
        browser.clickAndWaitForPage("#item-form button[type=submit]");
        assertThat(browser.exists("#error")).isFalse();
        long id = jdbc.sql("select id from rectification_item where title = ?").param(title).query(Long.class).single();
        assertThat(jdbc.sql("select household_id from rectification_item where id = ?").param(id).query(Long.class).single())
                .isEqualTo(room.id());
        assertThat(browser.path()).isEqualTo("/lists/rectification/" + id);
        assertThat(browser.text("#item-address")).contains(room.address());
        browser.open("/lists/rectification?q=" + title.substring(title.indexOf(' ') + 1));
        assertThat(browser.text("#item-" + id + " .address")).contains(room.address());
        browser.screenshot("pickers-rectification-list-phone");

        // the property company it is assigned to sees the address in words, on the list and on the item
        browser.signOut().signIn("property", DEMO).open("/lists/rectification?q=" + title.substring(title.indexOf(' ') + 1));
        assertThat(browser.text("#item-" + id + " .address")).contains(room.address());
        browser.open("/lists/rectification/" + id);
        assertThat(browser.text("#item-address")).contains(room.address());
        browser.screenshot("pickers-rectification-property-phone");
    }

    @Test
    void aNeedFromAnOpinionRecordGetsItsHouseholdPickedAndADemandIsNamedByItsNumber(Browser browser) {
        Room room = twoRooms().get(1);
        String tag = UUID.randomUUID().toString().substring(0, 6);
        var worker = people.user("worker");
        long entry = routine.log(new io.gridwork.lists.internal.RoutineService.NewEntry(
                io.gridwork.lists.internal.RoutineKind.OPINION_COLLECTION, people.firstMicroGrid(), List.of(), null,
                "居民希望加装楼道扶手 " + tag, null, null, null, null), worker).id();

        // from the record's link: the record is named in words, the household picked
        browser.phone().signIn("worker", DEMO).open("/lists/needs?routineEntryId=" + entry);
        assertThat(browser.text("#need-from-entry")).contains("居民希望加装楼道扶手 " + tag);
        assertThat(browser.findAll("#need-form input[name=demandId], #need-form input[name=householdId]")).isEmpty();
        browser.select("#need-form select[name=gridId]", String.valueOf(people.firstMicroGrid()));
        pick(browser, room);
        browser.select("#pick-room", String.valueOf(room.id()));
        browser.find("#need-form input[name=title]").sendKeys("加装楼道扶手 " + tag);
        browser.screenshot("pickers-need-from-entry-phone");
        browser.clickAndWaitForPage("#need-form button[type=submit]");
        assertThat(browser.exists("#error")).isFalse();
        assertThat(jdbc.sql("select household_id from need_item where routine_entry_id = ?").param(entry).query(Long.class)
                .single()).isEqualTo(room.id());

        // a demand is named by its number; an unknown number changes nothing and says so
        browser.open("/lists/needs");
        browser.find("#need-form").findElement(By.xpath("./ancestor::details/summary")).click();
        browser.find("#need-form input[name=title]").sendKeys("不存在的诉求 " + tag);
        browser.find("#need-form input[name=demandRef]").sendKeys("GW19990101-9999");
        browser.clickAndWaitForPage("#need-form button[type=submit]");
        assertThat(browser.text("#error")).contains("找不到这条诉求");
        assertThat(jdbc.sql("select count(*) from need_item where title = ?").param("不存在的诉求 " + tag).query(Long.class)
                .single()).isZero();
    }

    @Autowired
    io.gridwork.lists.internal.RoutineService routine;
}
