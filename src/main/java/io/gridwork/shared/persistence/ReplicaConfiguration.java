package io.gridwork.shared.persistence;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy;
import org.springframework.util.StringUtils;

import com.zaxxer.hikari.HikariDataSource;

/**
 * A PostgreSQL streaming replica for reads that may be a little stale, off unless
 * {@code gridwork.datasource.replica.url} is set (H2 and a single PostgreSQL are unchanged: none of these beans
 * exist then). The application's data source becomes a {@link LazyConnectionDataSourceProxy} over the primary's
 * pool whose read-only data source is chosen by {@link ReplicaRouting}: a connection is taken when a transaction's first
 * statement runs, from the replica when that transaction is read-only ({@code @Transactional(readOnly = true)}) and
 * the request allows it ({@link ReplicaReadFilter}), from the primary for everything else: writes, reads in writing
 * transactions and statements outside a transaction. Modules only declare their reads read-only.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(ReplicaConfiguration.Configured.class)
public class ReplicaConfiguration {

    static final String PREFIX = "gridwork.datasource.replica";

    /** The replica's settings ({@code gridwork.datasource.replica.*}). */
    public record Settings(String url, String username, String password, int maxPoolSize, Duration maxLag,
            Duration checkInterval, Duration readYourWrites, List<String> readPaths) {

        static Settings of(Environment env) {
            Binder b = Binder.get(env);
            Duration maxLag = b.bind(PREFIX + ".max-lag", Duration.class).orElse(Duration.ofSeconds(3));
            Duration interval = b.bind(PREFIX + ".check-interval", Duration.class).orElse(Duration.ofSeconds(1));
            Duration window = b.bind(PREFIX + ".read-your-writes", Duration.class).orElse(Duration.ofSeconds(5));
            // a user's own write must be on the replica when their window ends: at most max-lag behind, checked
            // every check-interval
            Duration least = maxLag.plus(interval);
            return new Settings(env.getProperty(PREFIX + ".url"),
                    env.getProperty(PREFIX + ".username", env.getProperty("spring.datasource.username", "")),
                    env.getProperty(PREFIX + ".password", env.getProperty("spring.datasource.password", "")),
                    b.bind(PREFIX + ".max-pool-size", Integer.class).orElse(10), maxLag, interval,
                    window.compareTo(least) < 0 ? least : window,
                    b.bind(PREFIX + ".read-paths", org.springframework.boot.context.properties.bind.Bindable.listOf(String.class))
                            .orElse(List.of()));
        }
    }

    static final class Configured implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return StringUtils.hasText(context.getEnvironment().getProperty(PREFIX + ".url"));
        }
    }

    @Bean
    static ReplicaDataSourceWrapper replicaDataSourceWrapper(Environment env) {
        return new ReplicaDataSourceWrapper(Settings.of(env));
    }

    /** The routing, once the application's data source has been wrapped (depending on it makes sure it is). */
    @Bean
    ReplicaRouting replicaRouting(ReplicaDataSourceWrapper wrapper, DataSource dataSource) {
        if (wrapper.routing == null) {
            throw new IllegalStateException(PREFIX + ".url is set but no data source named dataSource was wrapped");
        }
        return wrapper.routing;
    }

    @Bean
    ReplicaReadFilter replicaReadFilter(ReplicaDataSourceWrapper wrapper) {
        return new ReplicaReadFilter(wrapper.settings.readPaths(), wrapper.settings.readYourWrites());
    }

    @Bean
    ReplicaMonitor replicaMonitor(ReplicaRouting routing, ReplicaDataSourceWrapper wrapper) {
        return new ReplicaMonitor(routing, wrapper.settings.checkInterval());
    }

    /** The {@code replica} health component: UP while reads are served (by the replica or the primary), with details. */
    @Bean("replicaHealthIndicator")
    HealthIndicator replicaHealthIndicator(ReplicaRouting routing) {
        return () -> {
            ReplicaRouting.State s = routing.state();
            Health.Builder h = Health.up().withDetail("state", s.state()).withDetail("readsToReplica", s.usable());
            if (s.lagMillis() != null) {
                h.withDetail("lagMillis", s.lagMillis());
            }
            if (s.bytesBehind() != null) {
                h.withDetail("bytesBehind", s.bytesBehind());
            }
            if (s.reason() != null) {
                h.withDetail("reason", s.reason());
            }
            if (s.checkedAt() != null) {
                h.withDetail("checkedAt", s.checkedAt().toString());
            }
            return h.build();
        };
    }

    /**
     * Wraps the bean {@code dataSource} (the primary's pool) as described on the class, and owns the replica's pool:
     * read-only, started without a connection (a replica that is down at start-up only sends reads to the primary).
     */
    static final class ReplicaDataSourceWrapper implements BeanPostProcessor, DisposableBean {

        final Settings settings;
        volatile ReplicaRouting routing;

        ReplicaDataSourceWrapper(Settings settings) {
            this.settings = settings;
        }

        @Override
        public Object postProcessAfterInitialization(Object bean, String beanName) {
            if (!"dataSource".equals(beanName) || !(bean instanceof DataSource primary) || routing != null) {
                return bean;
            }
            HikariDataSource replica = new HikariDataSource();
            replica.setPoolName("replica");
            replica.setJdbcUrl(settings.url());
            replica.setUsername(settings.username());
            replica.setPassword(settings.password());
            replica.setReadOnly(true);
            replica.setMaximumPoolSize(settings.maxPoolSize());
            replica.setMinimumIdle(Math.min(2, settings.maxPoolSize()));
            // a replica that is away costs a read at most this long before it goes to the primary
            replica.setConnectionTimeout(1000);
            replica.setValidationTimeout(500);
            replica.setInitializationFailTimeout(-1);
            routing = new ReplicaRouting(primary, replica, settings.maxLag());
            LazyConnectionDataSourceProxy proxy = new LazyConnectionDataSourceProxy(primary);
            proxy.setReadOnlyDataSource(routing.readOnlyDataSource());
            return proxy;
        }

        @Override
        public void destroy() {
            if (routing != null) {
                routing.close();
            }
        }
    }

    /** Checks the replica every {@code check-interval} on a thread of its own, from start-up to shut-down. */
    static final class ReplicaMonitor implements SmartLifecycle {

        private static final Logger log = LoggerFactory.getLogger(ReplicaMonitor.class);

        private final ReplicaRouting routing;
        private final Duration interval;
        private volatile ScheduledExecutorService executor;

        ReplicaMonitor(ReplicaRouting routing, Duration interval) {
            this.routing = routing;
            this.interval = interval;
        }

        @Override
        public void start() {
            executor = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("replica-monitor").daemon().factory());
            executor.scheduleWithFixedDelay(() -> {
                try {
                    routing.check();
                } catch (RuntimeException e) {
                    log.warn("Checking the read replica failed", e);
                }
            }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public void stop() {
            ScheduledExecutorService e = executor;
            executor = null;
            if (e != null) {
                e.shutdownNow();
            }
        }

        @Override
        public boolean isRunning() {
            return executor != null;
        }
    }
}
