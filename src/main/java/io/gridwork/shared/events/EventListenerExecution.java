package io.gridwork.shared.events;

import java.util.concurrent.Executor;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.AsyncConfigurer;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * Where the modules' event listeners ({@code @ApplicationModuleListener}, asynchronous after the publishing
 * transaction commits) run: a fixed number of threads ({@code gridwork.events.listener-threads}, default 4)
 * with a queue, instead of a new virtual thread per event. Each listener call takes up to three
 * transactions (marked processing, the listener's own, marked completed); unbounded, a burst of demands
 * started hundreds of them at once, and they and the requests fought over the ten pooled connections, so
 * that a request waited seconds for one. Queued calls are safe: their publications are stored with the
 * publishing transaction and republished when an instance starts, should it stop before they ran.
 */
@Configuration(proxyBeanMethods = false)
class EventListenerExecution implements AsyncConfigurer {

    private final int threads;

    EventListenerExecution(@Value("${gridwork.events.listener-threads:4}") int threads) {
        this.threads = Math.max(1, threads);
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
}
