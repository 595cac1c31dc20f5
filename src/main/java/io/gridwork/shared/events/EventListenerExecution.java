package io.gridwork.shared.events;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Configuration;
import org.springframework.modulith.events.CompletedEventPublications;
import org.springframework.scheduling.annotation.AsyncConfigurer;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * Where the modules' event listeners ({@code @ApplicationModuleListener}, asynchronous after the publishing
 * transaction commits) run: a fixed number of threads ({@code gridwork.events.listener-threads}, default 4)
 * with a queue, instead of a new virtual thread per event. Each listener call takes up to three
 * transactions (marked processing, the listener's own, marked completed); unbounded, a burst of demands
 * started hundreds of them at once, and they and the requests fought over the ten pooled connections, so
 * that a request waited seconds for one. Queued calls are safe: their publications are stored with the
 * publishing transaction and republished when an instance starts, should it stop before they ran.
 *
 * <p>Completed publications are kept for {@code gridwork.events.keep-completed} (7 days) for inspection,
 * then deleted every hour, so that the registry does not grow with every event ever published.
 */
@Configuration(proxyBeanMethods = false)
class EventListenerExecution implements AsyncConfigurer {

    private static final Logger log = LoggerFactory.getLogger(EventListenerExecution.class);

    private final int threads;
    private final Duration keepCompleted;
    private final CompletedEventPublications completed;

    EventListenerExecution(@Value("${gridwork.events.listener-threads:4}") int threads,
            @Value("${gridwork.events.keep-completed:7d}") Duration keepCompleted, CompletedEventPublications completed) {
        this.threads = Math.max(1, threads);
        this.keepCompleted = keepCompleted;
        this.completed = completed;
    }

    @Override
    public Executor getAsyncExecutor() {
        ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
        executor.setCorePoolSize(threads);
        executor.setMaxPoolSize(threads);
        executor.setThreadNamePrefix("event-listener-");
        // on shutdown, calls still queued stay incomplete in the registry and run again after the restart
        executor.setWaitForTasksToCompleteOnShutdown(true);
        executor.setAwaitTerminationSeconds(10);
        executor.initialize();
        return executor;
    }

    @Scheduled(fixedDelayString = "${gridwork.events.purge-ms:3600000}", initialDelayString = "${gridwork.events.purge-ms:3600000}")
    void purgeCompleted() {
        completed.deletePublicationsOlderThan(keepCompleted);
        log.debug("deleted event publications completed before {}", Instant.now().minus(keepCompleted));
    }
}
