package io.gridwork.lists;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.gridwork.campaign.CampaignEvents;
import io.gridwork.lists.internal.RectificationService;
import io.gridwork.support.GridworkTest;
import io.gridwork.support.TestPeople;

/** Hazards found on sweeps arrive as events and become rectification items, once each. */
@GridworkTest
class ListsHazardTests {

    @Autowired
    ApplicationEventPublisher events;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TestPeople people;
    @Autowired
    RectificationService rectification;

    long items(String key) {
        return jdbc.sql("select count(*) from rectification_item where source_key = ?").param(key).query(Long.class).single();
    }

    @Test
    void aHazardBecomesOneItemEvenWhenTheEventArrivesTwice() {
        long micro = people.firstMicroGrid();
        String path = jdbc.sql("select path from grid_node where id = ?").param(micro).query(String.class).single();
        long community = jdbc.sql("select id from grid_node where name = '学府社区'").query(Long.class).single();
        long household = jdbc.sql("""
                select min(h.id) from household h join unit u on u.id = h.unit_id join building b on b.id = u.building_id
                 where b.micro_grid_id = ?""").param(micro).query(Long.class).single();
        long campaign = Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000);
        String key = "campaign:" + campaign + ":visit:7:gasHose";
        var hazard = new CampaignEvents.HazardFound(key, campaign, 7, community, household, null, micro, path,
                "燃气软管老化", "厨房燃气软管开裂，已提醒住户关阀", List.of(11L, 12L), 1, Instant.parse("2026-11-20T13:30:00Z"));

        tx.executeWithoutResult(s -> events.publishEvent(hazard));
        await().atMost(Duration.ofSeconds(10)).until(() -> items(key) == 1);
        var item = jdbc.sql("select id from rectification_item where source_key = ?").param(key).query(Long.class).single();
        var view = rectification.find(item).orElseThrow();
        assertThat(view.source()).isEqualTo(RectificationService.Source.SWEEP);
        assertThat(view.title()).isEqualTo("燃气软管老化");
        assertThat(view.gridId()).isEqualTo(micro);
        assertThat(view.householdId()).isEqualTo(household);
        assertThat(view.campaignPhotoIds()).containsExactly(11L, 12L);
        assertThat(view.foundAt()).isEqualTo(Instant.parse("2026-11-20T13:30:00Z"));
        assertThat(view.status()).isEqualTo(RectificationService.Status.OPEN);

        // redelivered (as after a crash): nothing new, and the publication completes
        tx.executeWithoutResult(s -> events.publishEvent(hazard));
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql(
                "select count(*) from event_publication where completion_date is null and serialized_event like ?")
                .param("%" + key + "%").query(Long.class).single() == 0);
        assertThat(items(key)).isEqualTo(1);
        // and directly: the listener's method says it created nothing
        assertThat(rectification.fromHazard(hazard)).isEmpty();
        assertThat(items(key)).isEqualTo(1);
    }

    @Test
    void aHazardInAnUnknownGridIsNotListed() {
        String key = "campaign:999:visit:1:" + UUID.randomUUID();
        var hazard = new CampaignEvents.HazardFound(key, 999, 1, 999_999_998L, null, null, 999_999_999L, "/x/", "x", null,
                List.of(), 1, Instant.now());
        assertThat(rectification.fromHazard(hazard)).isEmpty();
        assertThat(items(key)).isZero();
    }
}
