package io.gridwork.shared.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.gridwork.support.GridworkTest;

@GridworkTest
class CompletedPublicationsPurgeTests {

    @Autowired
    CompletedPublicationsPurge purge;

    @Autowired
    JdbcClient jdbc;

    @Test
    void completedPublicationsAreDeletedAfterAWeekAndIncompleteOnesNever() {
        Instant now = Instant.now();
        UUID oldCompleted = publication(now.minus(Duration.ofDays(9)), now.minus(Duration.ofDays(8)));
        UUID recentCompleted = publication(now.minus(Duration.ofDays(2)), now.minus(Duration.ofDays(1)));
        UUID oldIncomplete = publication(now.minus(Duration.ofDays(30)), null);

        purge.purge();

        List<UUID> left = jdbc.sql("select id from event_publication where id in (?, ?, ?)")
                .params(oldCompleted, recentCompleted, oldIncomplete).query(UUID.class).list();
        assertThat(left).containsExactlyInAnyOrder(recentCompleted, oldIncomplete);
    }

    private UUID publication(Instant published, Instant completed) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                insert into event_publication (id, listener_id, event_type, serialized_event, publication_date, completion_date,
                       status, completion_attempts)
                values (?, 'test.Listener.on(test.Event)', 'test.Event', '{}', ?, ?, ?, 1)""")
                .params(id, Timestamp.from(published), completed == null ? null : Timestamp.from(completed),
                        completed == null ? "PUBLISHED" : "COMPLETED")
                .update();
        return id;
    }
}
