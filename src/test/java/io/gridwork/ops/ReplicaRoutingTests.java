package io.gridwork.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.util.FileSystemUtils;

import io.gridwork.shared.persistence.ReplicaConfiguration;
import io.gridwork.shared.persistence.ReplicaReadFilter;
import io.gridwork.shared.persistence.ReplicaRouting;
import io.gridwork.support.TestDatabaseProfiles;
import jakarta.servlet.http.Cookie;

/**
 * The read replica's routing on two private PostgreSQL clusters made here ({@link PrivatePostgres}): a primary and a
 * hot standby of it ({@code pg_basebackup -R}), a Spring context with the application's data source set-up
 * ({@link ReplicaConfiguration}, the configured {@code read-paths}) on both, and requests passed through
 * {@link ReplicaReadFilter}. Which server answered is {@code pg_is_in_recovery()}; with the standby's replay paused, a
 * row written on the primary is missing on the standby, so a read that does not see it came from the standby.
 * <p>
 * Runs in the PostgreSQL phase ({@code -Dgridwork.test.db=postgres}) or when {@code GRIDWORK_REPLICA_REQUIRED=true};
 * skipped on H2 otherwise (it needs Debian's PostgreSQL binaries).
 */
@Tag("postgres")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplicaRoutingTests {

    private static final Duration MAX_LAG = Duration.ofSeconds(2);

    private Path work;
    private PrivatePostgres primary;
    private PrivatePostgres standby;
    private ConfigurableApplicationContext context;
    private Probe probe;
    private ReplicaReadFilter filter;
    private ReplicaRouting routing;

    @BeforeAll
    void startPrimaryStandbyAndContext() throws Exception {
        boolean required = "true".equalsIgnoreCase(System.getenv("GRIDWORK_REPLICA_REQUIRED"))
                || Boolean.getBoolean("gridwork.replica.required");
        if (!required && !"postgres".equals(TestDatabaseProfiles.database())) {
            Assumptions.abort("the replica test runs on PostgreSQL (-Dgridwork.test.db=postgres or GRIDWORK_REPLICA_REQUIRED=true)");
        }
        work = Path.of("target", "replica-test-" + ProcessHandle.current().pid()).toAbsolutePath();
        FileSystemUtils.deleteRecursively(work);
        primary = new PrivatePostgres(work.resolve("primary"));
        primary.init();
        primary.start();
        sql(primary, "postgres").sql("create database gridwork").update();
        sql(primary, "gridwork").sql("create table probe (marker text primary key)").update();
        standby = new PrivatePostgres(work.resolve("standby"));
        standby.replicaOf(primary);
        standby.start();
        awaitCaughtUp();

        context = new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
                // as arguments: they come before application.yml (the builder's properties come after it)
                .run("--spring.datasource.url=" + primary.jdbcUrl("gridwork"), "--spring.datasource.username=postgres",
                        "--spring.datasource.password=", "--spring.datasource.hikari.maximum-pool-size=4",
                        "--gridwork.datasource.replica.url=" + standby.jdbcUrl("gridwork"),
                        "--gridwork.datasource.replica.max-lag=" + MAX_LAG.toMillis() + "ms",
                        "--gridwork.datasource.replica.check-interval=300ms",
                        "--gridwork.datasource.replica.read-your-writes=5s", "--spring.main.banner-mode=off",
                        "--logging.level.root=WARN");
        probe = context.getBean(Probe.class);
        filter = context.getBean(ReplicaReadFilter.class);
        routing = context.getBean(ReplicaRouting.class);
        await("the standby in use", () -> routing.check().usable());
    }

    @AfterAll
    void stopAll() throws Exception {
        if (context != null) {
            context.close();
        }
        if (standby != null) {
            standby.close();
        }
        if (primary != null) {
            primary.close();
        }
        if (work != null) {
            FileSystemUtils.deleteRecursively(work);
        }
    }

    @Test
    void listReadsGoToTheStandbyWritesAndOwnWritesToThePrimaryAndReadsFallBack() throws Exception {
        // a list read (GET on a read path, in a read-only transaction) is answered by the standby
        Answer list = get("/api/demands", null, () -> probe.read("nothing"));
        assertThat(list.standby()).as("GET /api/demands answered by the standby").isTrue();
        assertThat(get("/insight", null, () -> probe.read("nothing")).standby()).isTrue();

        // everything else reads the primary: a page not on the read paths, a statement outside a read-only
        // transaction, a read-only transaction outside a request (jobs, listeners)
        assertThat(get("/demands/12", null, () -> probe.read("nothing")).standby()).isFalse();
        assertThat(get("/api/demands", null, probe::plainRead).standby()).isFalse();
        assertThat(probe.read("nothing").standby()).isFalse();

        // the standby's replay paused: a write lands on the primary only
        routing.check();
        sql(standby, "gridwork").sql("select pg_wal_replay_pause()").query((rs, n) -> 1).list();
        String marker = "m-" + UUID.randomUUID();
        MockHttpServletResponse written = new MockHttpServletResponse();
        AtomicReference<Boolean> writerOnStandby = new AtomicReference<>();
        filter.doFilter(new MockHttpServletRequest("POST", "/api/demands"), written,
                (rq, rs) -> writerOnStandby.set(probe.write(marker)));
        assertThat(writerOnStandby.get()).as("the write ran on the primary").isFalse();
        assertThat(count(primary, marker)).isEqualTo(1);
        assertThat(count(standby, marker)).isZero();
        Cookie own = written.getCookie(ReplicaReadFilter.COOKIE);
        assertThat(own).as("the writer is marked for read-your-writes").isNotNull();
        assertThat(own.getMaxAge()).isBetween(5, 6);

        // another user's list read is served by the standby (within max-lag): it does not see the row yet
        routing.check();
        Answer stale = get("/api/demands", null, () -> probe.read(marker));
        assertThat(stale.standby()).isTrue();
        assertThat(stale.seen()).isZero();
        // the writer's next page reads the primary and sees their own write
        Answer mine = get("/api/demands", own, () -> probe.read(marker));
        assertThat(mine.standby()).isFalse();
        assertThat(mine.seen()).isEqualTo(1);
        // once their window has passed, the standby again
        Cookie expired = new Cookie(ReplicaReadFilter.COOKIE, Long.toString(System.currentTimeMillis() - 1));
        assertThat(get("/api/demands", expired, () -> probe.read(marker)).standby()).isTrue();

        // the standby falls behind by more than max-lag: reads go to the primary
        await("the standby lagging", () -> !routing.check().usable());
        assertThat(routing.state().state()).isEqualTo("lagging");
        assertThat(routing.state().lagMillis()).isGreaterThan(MAX_LAG.toMillis());
        Answer fallback = get("/api/demands", null, () -> probe.read(marker));
        assertThat(fallback.standby()).isFalse();
        assertThat(fallback.seen()).isEqualTo(1);

        // replay resumed: the standby catches up and is used again
        sql(standby, "gridwork").sql("select pg_wal_replay_resume()").query((rs, n) -> 1).list();
        await("the standby caught up", () -> count(standby, marker) == 1 && routing.check().usable());
        Answer again = get("/api/demands", null, () -> probe.read(marker));
        assertThat(again.standby()).isTrue();
        assertThat(again.seen()).isEqualTo(1);
        assertThat(health().getDetails()).containsEntry("state", "in use").containsEntry("readsToReplica", true)
                .containsKey("lagMillis");

        // the standby stopped: reads go to the primary, and the health component says why
        standby.stop();
        Answer down = get("/api/demands", null, () -> probe.read(marker));
        assertThat(down.standby()).isFalse();
        assertThat(down.seen()).isEqualTo(1);
        routing.check();
        assertThat(routing.state().state()).isEqualTo("down");
        assertThat(get("/api/demands", null, () -> probe.read(marker)).standby()).isFalse();
        Health h = health();
        assertThat(h.getStatus().getCode()).isEqualTo("UP");
        assertThat(h.getDetails()).containsEntry("state", "down").containsEntry("readsToReplica", false).containsKey("reason");
        assertThat(routing.replicaConnections()).isPositive();
    }

    private Health health() {
        return context.getBean("replicaHealthIndicator", HealthIndicator.class).health();
    }

    private Answer get(String path, Cookie cookie, Supplier<Answer> read) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
        if (cookie != null) {
            request.setCookies(cookie);
        }
        AtomicReference<Answer> answer = new AtomicReference<>();
        filter.doFilter(request, new MockHttpServletResponse(), (rq, rs) -> answer.set(read.get()));
        return answer.get();
    }

    private void awaitCaughtUp() throws InterruptedException {
        await("the standby replaying", () -> {
            try {
                return sql(standby, "gridwork").sql("select pg_is_in_recovery() and to_regclass('probe') is not null")
                        .query(Boolean.class).single();
            } catch (RuntimeException notYet) {
                return false;
            }
        });
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    private long count(PrivatePostgres pg, String marker) {
        return sql(pg, "gridwork").sql("select count(*) from probe where marker = ?").param(marker).query(Long.class).single();
    }

    private static JdbcClient sql(PrivatePostgres pg, String database) {
        return JdbcClient.create(new SimpleDriverDataSource(new org.postgresql.Driver(), pg.jdbcUrl(database), "postgres", ""));
    }

    /** Which server answered a read, and how many rows with the marker it saw. */
    public record Answer(boolean standby, long seen) {
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
            TransactionAutoConfiguration.class, JdbcTemplateAutoConfiguration.class, JdbcClientAutoConfiguration.class})
    @Import({ReplicaConfiguration.class, Probe.class})
    static class App {
    }

    /** Reads and writes as the modules do: JdbcClient, transactions by annotation. */
    public static class Probe {

        private final JdbcClient jdbc;

        public Probe(JdbcClient jdbc) {
            this.jdbc = jdbc;
        }

        @Transactional(readOnly = true)
        public Answer read(String marker) {
            return plainRead(marker);
        }

        public Answer plainRead() {
            return plainRead("nothing");
        }

        private Answer plainRead(String marker) {
            return jdbc.sql("select pg_is_in_recovery() as standby, (select count(*) from probe where marker = ?) as seen")
                    .param(marker).query((rs, n) -> new Answer(rs.getBoolean(1), rs.getLong(2))).single();
        }

        /** Writes the marker; whether the writing server was a standby (it cannot be). */
        @Transactional
        public boolean write(String marker) {
            jdbc.sql("insert into probe (marker) values (?)").param(marker).update();
            return jdbc.sql("select pg_is_in_recovery()").query(Boolean.class).single();
        }
    }
}
