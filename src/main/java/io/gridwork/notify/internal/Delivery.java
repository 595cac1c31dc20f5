package io.gridwork.notify.internal;

import java.time.Instant;

/** One row of the outbox as a channel sees it. */
public record Delivery(long id, String dedupeKey, ChannelType channel, Long accountId, Long audienceId, Kind kind,
        boolean urgent, String title, String body, String link, String status, int attempts, Instant nextAt,
        String lastError, Instant createdAt, Instant sentAt) {
}
