package io.gridwork.demand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.gridwork.demand.internal.DemandAnnouncer;
import io.gridwork.demand.internal.DemandService;
import io.gridwork.demand.internal.DemandService.Submission;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.support.GridworkTest;
import io.gridwork.support.TestPeople;

/** New demands are announced after their commit, in batches: each once, however many arrive together. */
@GridworkTest
class DemandAnnouncerTests {

    @Autowired
    DemandService demands;
    @Autowired
    DemandAnnouncer announcer;
    @Autowired
    TestPeople people;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TransactionTemplate tx;

    @Test
    void manyDemandsCommittedTogetherAreEachAnnouncedOnceToTheirMicroGrid() {
        GridworkUser community = people.user("community");
        long building = jdbc.sql("""
                select min(b.id) from building b join grid_node c on c.id = b.compound_id where c.name = '学府憬城'""")
                .query(Long.class).single();
        // more than a batch (200), all visible at the same moment: the announcer takes them in full batches
        List<Long> ids = tx.execute(s -> {
            List<Long> made = new ArrayList<>();
            for (int i = 0; i < 450; i++) {
                made.add(demands.submit(new Submission("WATER_LEAK", "批量通知测试 " + i, null, null, building, null, null, null,
                        null, false, Channel.STATION, "测试", null), community, null).id());
            }
            return made;
        });
        announcer.announceAll();
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql("select count(distinct event_key) from notify_message"
                + " where event_key in (:keys)").param("keys", ids.stream().map(id -> "demand:" + id + ":submitted").toList())
                .query(Integer.class).single() == ids.size());

        assertThat(jdbc.sql("select count(*) from demand_unannounced where demand_id in (:ids)").param("ids", ids)
                .query(Integer.class).single()).isZero();
        // each demand in exactly one publication, and the worker of the micro-grid told of each once
        String pattern = "\"demandId\":%d,";
        List<String> events = jdbc.sql("select serialized_event from event_publication where event_type like '%DemandsSubmitted'")
                .query(String.class).list();
        for (long id : List.of(ids.getFirst(), ids.get(200), ids.getLast())) {
            assertThat(events.stream().filter(e -> e.contains(pattern.formatted(id))).count()).isEqualTo(1);
        }
        long worker = jdbc.sql("select id from account where username = 'worker'").query(Long.class).single();
        assertThat(jdbc.sql("select count(*) from notify_message where account_id = :account and event_key in (:keys)")
                .param("account", worker).param("keys", ids.stream().map(id -> "demand:" + id + ":submitted").toList())
                .query(Integer.class).single()).isEqualTo(ids.size());
    }
}
