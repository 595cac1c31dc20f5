package io.gridwork.shared.events;

import java.time.Duration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.modulith.events.CompletedEventPublications;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Completed event publications are kept for {@code gridwork.events.keep-completed} (7 days) for inspection,
 * then deleted every hour, so that the registry does not grow with every event ever published. Incomplete
 * ones are never deleted: they are what a restart republishes.
 */
@Component
class CompletedPublicationsPurge {

    private final Duration keepCompleted;
    private final CompletedEventPublications completed;

    CompletedPublicationsPurge(@Value("${gridwork.events.keep-completed:7d}") Duration keepCompleted,
            CompletedEventPublications completed) {
        this.keepCompleted = keepCompleted;
        this.completed = completed;
    }

    @Scheduled(fixedDelayString = "${gridwork.events.purge-ms:3600000}", initialDelayString = "${gridwork.events.purge-ms:3600000}")
    void purge() {
        completed.deletePublicationsOlderThan(keepCompleted);
    }
}
