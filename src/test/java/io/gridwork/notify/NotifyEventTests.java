package io.gridwork.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.gridwork.campaign.CampaignEvents;
import io.gridwork.demand.DemandEvents;
import io.gridwork.demand.DemandView;
import io.gridwork.demand.Grade;
import io.gridwork.demand.Party;
import io.gridwork.demand.internal.DemandQueries;
import io.gridwork.demand.internal.DemandService;
import io.gridwork.iot.IotEvents;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.support.GridworkTest;
import io.gridwork.support.TestPeople;

/** Events of the demand, campaign and IoT modules become inbox entries for the people who must hear. */
@GridworkTest
class NotifyEventTests {

    @Autowired TestPeople testPeople;
    @Autowired DemandService demands;
    @Autowired DemandQueries queries;
    @Autowired JdbcClient jdbc;
    @Autowired ApplicationEventPublisher publisher;
    @Autowired TransactionTemplate tx;

    private record Entry(long accountId, String kind, boolean urgent, String title, String link) {
    }

    private List<Entry> entries(String eventKey) {
        return jdbc.sql("select account_id, kind, urgent, title, link from notify_message where event_key = ? order by account_id")
                .param(eventKey)
                .query((rs, i) -> new Entry(rs.getLong(1), rs.getString(2), rs.getBoolean(3), rs.getString(4), rs.getString(5)))
                .list();
    }

    private String body(String eventKey) {
        return jdbc.sql("select body from notify_message where event_key = ? fetch first 1 rows only").param(eventKey)
                .query(String.class).single();
    }

    private List<Long> recipients(String eventKey) {
        return entries(eventKey).stream().map(Entry::accountId).toList();
    }

    private List<Entry> awaitEntries(String eventKey) {
        await().atMost(Duration.ofSeconds(10)).until(() -> !entries(eventKey).isEmpty());
        return entries(eventKey);
    }

    private long id(String username) {
        return testPeople.user(username).accountId();
    }

    @Test
    void aDemandsWayThroughTheLoopReachesWorkersPartiesAndTheReporter() {
        GridworkUser resident = testPeople.freshResident();
        GridworkUser worker = testPeople.user("worker");
        long demand = demands.submit(new DemandService.Submission("WATER_LEAK", "通知测试：楼道水管漏水", null, null, null, null,
                null, null, null, false, null, null, null), resident, null).id();
        String ref = queries.view(demand, testPeople.user("admin")).refNo();

        List<Entry> submitted = awaitEntries("demand:" + demand + ":submitted");
        assertThat(submitted).extracting(Entry::accountId).contains(id("worker"), id("leader"))
                .doesNotContain(id("community"), id("property"), resident.accountId());
        assertThat(submitted).allSatisfy(e -> {
            assertThat(e.kind()).isEqualTo("DEMAND_NEW");
            assertThat(e.title()).contains(ref);
            assertThat(e.link()).isEqualTo("/demands/" + demand);
        });

        demands.accept(demand, Grade.MEDIUM, null, null, worker);
        demands.dispatch(demand, Set.of(Party.PROPERTY, Party.OWNERS_COMMITTEE), "物业维修", worker);
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql("select count(*) from notify_message where event_key like ?")
                .param("demand:" + demand + ":dispatched:%").query(Integer.class).single() > 0);
        String dispatchKey = jdbc.sql("select min(event_key) from notify_message where event_key like ?")
                .param("demand:" + demand + ":dispatched:%").query(String.class).single();
        assertThat(recipients(dispatchKey)).contains(id("property"), id("owners"))
                .doesNotContain(id("worker"), id("party"), resident.accountId());
        assertThat(entries(dispatchKey).get(0).title()).contains("物业").contains("业委会");

        DemandView d = queries.view(demand, testPeople.user("admin"));
        for (DemandView.PartyAssignment a : d.assignments()) {
            GridworkUser actor = testPeople.user(a.party() == Party.PROPERTY ? "property" : "owners");
            demands.completeAssignment(demand, a.id(), "已处理", actor);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql("select count(*) from notify_message where account_id = ? and event_key like ?")
                .params(resident.accountId(), "demand:" + demand + ":resolved:%").query(Integer.class).single() > 0);
        Entry resolved = jdbc.sql("select account_id, kind, urgent, title, link from notify_message where account_id = ? and event_key like ?")
                .params(resident.accountId(), "demand:" + demand + ":resolved:%")
                .query((rs, i) -> new Entry(rs.getLong(1), rs.getString(2), rs.getBoolean(3), rs.getString(4), rs.getString(5))).single();
        assertThat(resolved.kind()).isEqualTo("DEMAND_FEEDBACK");
        assertThat(resolved.title()).contains(ref).contains("办结");
        assertThat(resolved.link()).as("a link to the demand page, to confirm and rate").isEqualTo("/demands/" + demand);
    }

    @Test
    void redIsUrgentForTheCommunitySupervisorAndYellowIsNot() {
        GridworkUser resident = testPeople.freshResident();
        long demand = demands.submit(new DemandService.Submission("WATER_LEAK", "通知测试：超时预警", null, null, null, null,
                null, null, null, false, null, null, null), resident, null).id();
        DemandEvents.Audience audience = jdbc.sql("select ref_no, community_id, micro_grid_id, grid_path from demand where id = ?")
                .param(demand).query((rs, i) -> new DemandEvents.Audience(demand, rs.getString(1), rs.getLong(2),
                        rs.getObject(3, Long.class), rs.getString(4), resident.accountId(), Set.of(), "WATER_LEAK")).single();
        Instant due = Instant.parse("2026-01-05T08:00:00Z");
        tx.executeWithoutResult(s -> {
            publisher.publishEvent(new DemandEvents.DeadlineReached(audience, "RESPOND", "YELLOW", due));
            publisher.publishEvent(new DemandEvents.DeadlineReached(audience, "RESPOND", "RED", due));
            publisher.publishEvent(new DemandEvents.RatingReminder(audience));
        });
        List<Entry> yellow = awaitEntries("demand:" + demand + ":deadline:RESPOND:YELLOW:" + due.getEpochSecond());
        List<Entry> red = awaitEntries("demand:" + demand + ":deadline:RESPOND:RED:" + due.getEpochSecond());
        assertThat(red).extracting(Entry::accountId).contains(id("community")).doesNotContain(id("worker"), resident.accountId());
        assertThat(red).allSatisfy(e -> assertThat(e.urgent()).isTrue());
        assertThat(red.get(0).title()).contains("红灯");
        assertThat(yellow).extracting(Entry::accountId).contains(id("community"));
        assertThat(yellow).allSatisfy(e -> assertThat(e.urgent()).isFalse());
        assertThat(recipients("demand:" + demand + ":rating-reminder")).containsExactly(resident.accountId());
    }

    @Test
    void campaignsAndDeviceEventsReachTheirAccountsOnceEvenWhenRedelivered() {
        long campaign = System.nanoTime();
        long worker = id("worker");
        long leader = id("leader");
        Instant at = Instant.now();
        var dispatched = new CampaignEvents.CampaignDispatched(campaign, "燃气安全紧急排查", "SWEEP", true, 1L, List.of("/1/"),
                Set.of(worker, leader), at, at.plusSeconds(7200), at);
        tx.executeWithoutResult(s -> publisher.publishEvent(dispatched));
        tx.executeWithoutResult(s -> publisher.publishEvent(dispatched));
        String key = "campaign:" + campaign + ":dispatched:" + at.toEpochMilli();
        List<Entry> got = awaitEntries(key);
        assertThat(got).extracting(Entry::accountId).containsExactlyInAnyOrder(worker, leader);
        assertThat(got).allSatisfy(e -> {
            assertThat(e.urgent()).isTrue();
            assertThat(e.title()).contains("紧急").contains("燃气安全紧急排查");
        });

        String communityPath = jdbc.sql("select path from grid_node where name = '学府社区'").query(String.class).single();
        long communityId = jdbc.sql("select id from grid_node where name = '学府社区'").query(Long.class).single();
        long device = System.nanoTime();
        tx.executeWithoutResult(s -> publisher.publishEvent(new IotEvents.DeviceWarning(device, "CHG-" + device, "BIKE_SHED_CHARGER",
                "BATTERY_FAULT", null, communityId, communityPath, null, at)));
        List<Entry> warning = awaitEntries("device:" + device + ":warning:BATTERY_FAULT:" + at.toEpochMilli());
        assertThat(warning).extracting(Entry::accountId).contains(id("community")).doesNotContain(id("resident"), worker);
        assertThat(warning.get(0).title()).contains("CHG-" + device);
        tx.executeWithoutResult(s -> publisher.publishEvent(new IotEvents.DeviceOffline(device, "CHG-" + device, "BIKE_SHED_CHARGER",
                communityId, communityPath, null, at.minusSeconds(600), at)));
        assertThat(awaitEntries("device:" + device + ":offline:" + at.toEpochMilli())).extracting(Entry::accountId)
                .contains(id("community"));
        // the device's type and the event's kind in words, never their codes
        assertThat(body("device:" + device + ":warning:BATTERY_FAULT:" + at.toEpochMilli())).contains("车棚充电桩", "电池故障")
                .doesNotContain("BIKE_SHED_CHARGER", "BATTERY_FAULT");
        assertThat(body("device:" + device + ":offline:" + at.toEpochMilli())).contains("车棚充电桩").doesNotContain("BIKE_SHED_CHARGER");
    }
}
