package io.gridwork.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.util.FileSystemUtils;

/**
 * A PostgreSQL outage under load: the packaged jar on a private PostgreSQL cluster made here ({@link PrivatePostgres},
 * initdb and pg_ctl into {@code target/}), the cluster stopped for 10 s while clients submit demands with
 * {@code Idempotency-Key}s (retrying a failed attempt with the same key), then started again. No acknowledged
 * demand is lost or doubled, nothing is answered 500 (503 is the answer while the database is away), the health
 * endpoint goes DOWN and comes back UP, and every demand's notifications arrive without a restart (the claimed
 * resubmission job takes the publications whose listener failed during the outage).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatabaseOutageIT {

    private static final String PASSWORD = "gridwork-demo";
    private static final Duration OUTAGE = Duration.ofSeconds(10);

    private Path work;
    private PrivatePostgres pg;
    private GridworkInstance app;
    private String token;
    private long building;

    @BeforeAll
    void startOnAPrivateCluster() throws Exception {
        work = Path.of("target", "outage-it-" + ProcessHandle.current().pid()).toAbsolutePath();
        FileSystemUtils.deleteRecursively(work);
        pg = new PrivatePostgres(work.resolve("pg"));
        pg.init();
        pg.start();
        sql("postgres").sql("create database gridwork").update();
        SecureRandom random = new SecureRandom();
        Map<String, String> env = Map.of(
                "SPRING_DATASOURCE_URL", pg.jdbcUrl("gridwork"), "SPRING_DATASOURCE_USERNAME", "postgres",
                "SPRING_DATASOURCE_PASSWORD", "", "GRIDWORK_CRYPTO_DATA_KEY", key(random), "GRIDWORK_CRYPTO_HASH_KEY", key(random),
                "GRIDWORK_STORAGE_DIR", work.resolve("files").toString(), "GRIDWORK_DEMO", "true",
                // the resubmission job every 2 s for publications older than 3 s (defaults: 60 s and 2 min)
                "GRIDWORK_EVENTS_RESUBMIT_INTERVAL", "2s", "GRIDWORK_EVENTS_RESUBMIT_MIN_AGE", "3s");
        List<String> args = List.of("--management.endpoint.health.probes.enabled=true",
                "--gridwork.events.resubmitted-timeout=8s",
                "--gridwork.demand.per-address-per-minute=1000000", "--gridwork.demand.hourly-limit-per-account=1000000",
                "--logging.level.root=WARN", "--logging.level.io.gridwork=INFO");
        app = new GridworkInstance("outage instance", work.resolve("app"), env, args);
        app.start();
        app.awaitReady(Duration.ofMinutes(3));
        WebClient browser = new WebClient();
        assertThat(browser.signIn(app.base(), "community", PASSWORD).statusCode()).isEqualTo(302);
        token = browser.issueToken(app.base(), app.base());
        building = sql("gridwork").sql("select min(b.id) from building b join grid_node c on c.id = b.compound_id where c.name = '学府憬城'")
                .query(Long.class).single();
    }

    @AfterAll
    void stopAll() throws Exception {
        if (app != null) {
            app.stop();
        }
        if (pg != null) {
            pg.close();
        }
        if (work != null) {
            // the instance's log stays for a look after a failure
            Path log = work.resolve("app/app.log");
            if (java.nio.file.Files.exists(log)) {
                java.nio.file.Files.copy(log, Path.of("target", "DatabaseOutageIT-app.log"),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            FileSystemUtils.deleteRecursively(work);
        }
    }

    private JdbcClient sql(String database) {
        return JdbcClient.create(new SimpleDriverDataSource(new org.postgresql.Driver(), pg.jdbcUrl(database), "postgres", ""));
    }

    private static String key(SecureRandom random) {
        byte[] k = new byte[32];
        random.nextBytes(k);
        return Base64.getEncoder().encodeToString(k);
    }

    @Test
    void aStoppedDatabaseIsAnswered503AndLosesNothing() throws Exception {
        ConcurrentHashMap<String, Long> acknowledged = new ConcurrentHashMap<>();
        ConcurrentHashMap<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> health = new ConcurrentLinkedQueue<>();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicBoolean watching = new AtomicBoolean(true);
        AtomicInteger transportFailures = new AtomicInteger();
        int clients = 6;
        List<Future<?>> futures = new ArrayList<>();
        long stoppedAt;
        long restartedAt;
        long incompleteAfterOutage;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < clients; c++) {
                int client = c;
                futures.add(pool.submit(() -> {
                    WebClient http = new WebClient();
                    for (int n = 0; running.get(); n++) {
                        String key = "outage-" + client + "-" + n;
                        for (int attempt = 0; ; attempt++) {
                            try {
                                HttpResponse<String> r = http.http.send(WebClient.submitDemand(app.base(), token, key, building,
                                        "停库测试 " + key), HttpResponse.BodyHandlers.ofString());
                                statuses.computeIfAbsent(r.statusCode(), s -> new AtomicInteger()).incrementAndGet();
                                if (r.statusCode() == 201 || r.statusCode() == 200) {
                                    acknowledged.put(key, WebClient.firstId(r.body()));
                                    break;
                                }
                                if (r.statusCode() != 503) {
                                    unexpected.add(key + ": " + r.statusCode() + " " + r.body());
                                } else {
                                    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
                                    assertThat(r.body()).contains("\"code\":\"database-unavailable\"");
                                }
                            } catch (IOException transport) {
                                transportFailures.incrementAndGet();
                            }
                            if (attempt > 200) {
                                throw new AssertionError("no acknowledgement for " + key);
                            }
                            Thread.sleep(250);
                        }
                    }
                    return null;
                }));
            }
            // the health endpoint, as a load balancer or orchestrator polls it
            futures.add(pool.submit(() -> {
                var plain = java.net.http.HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
                // each sample is stamped with the time its answer came
                while (watching.get()) {
                    try {
                        HttpResponse<String> r = plain.send(HttpRequest.newBuilder(URI.create(app.base() + "/actuator/health"))
                                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                        health.add(System.nanoTime() + " " + r.statusCode());
                    } catch (IOException e) {
                        health.add(System.nanoTime() + " " + e.getClass().getSimpleName());
                    }
                    Thread.sleep(250);
                }
                return null;
            }));

            Thread.sleep(3000);
            int beforeOutage = acknowledged.size();
            stoppedAt = System.nanoTime();
            pg.stop();

            // while the database is away: pages and Open311 answer 503 in their own formats, quickly
            Thread.sleep(1000);
            // the login page needs no database (no session for a visitor, the CSRF token in a cookie); signing in does
            WebClient browser = new WebClient();
            long t = System.nanoTime();
            HttpResponse<String> login = browser.signIn(app.base(), "community", PASSWORD);
            Duration loginTook = Duration.ofNanos(System.nanoTime() - t);
            assertThat(login.statusCode()).isEqualTo(503);
            assertThat(login.body()).contains("系统暂时无法访问数据库");
            assertThat(loginTook).isLessThan(Duration.ofSeconds(10));
            HttpResponse<String> open311 = browser.get(app.base() + "/open311/v2/requests.xml");
            assertThat(open311.statusCode()).isEqualTo(503);
            assertThat(open311.body()).contains("<errors><error><code>503</code>");

            Thread.sleep(Math.max(0, OUTAGE.toMillis() - Duration.ofNanos(System.nanoTime() - stoppedAt).toMillis()));
            pg.start();
            restartedAt = System.nanoTime();
            incompleteAfterOutage = sql("gridwork").sql("select count(*) from event_publication where completion_date is null")
                    .query(Long.class).single();
            Thread.sleep(5000);
            running.set(false);
            for (Future<?> f : futures.subList(0, clients)) {
                f.get(90, TimeUnit.SECONDS);
            }
            awaitTrue(Duration.ofSeconds(20), () -> health.stream().anyMatch(h -> h.endsWith(" 200")
                    && Long.parseLong(h.split(" ")[0]) > restartedAt));
            watching.set(false);
            System.out.printf("[DatabaseOutageIT] %d demands acknowledged (%d before the outage), answers %s, %d transport failures%n",
                    acknowledged.size(), beforeOutage, statuses, transportFailures.get());
            assertThat(beforeOutage).isPositive();
        }

        // nothing but 201/200 and 503 was answered, and the outage was seen by the clients
        assertThat(unexpected).isEmpty();
        assertThat(statuses.keySet()).isSubsetOf(Set.of(200, 201, 503));
        assertThat(statuses.get(503)).as("503 answers during the outage").isNotNull();

        // health: UP before, DOWN within a few seconds of the stop, UP again after the restart
        List<long[]> samples = health.stream().map(h -> h.split(" "))
                .map(p -> new long[] {Long.parseLong(p[0]), p[1].equals("200") ? 1 : p[1].equals("503") ? 0 : -1}).toList();
        assertThat(samples).anyMatch(s -> s[0] < stoppedAt && s[1] == 1);
        long firstDown = samples.stream().filter(s -> s[0] > stoppedAt && s[1] == 0).mapToLong(s -> s[0]).min().orElseThrow(
                () -> new AssertionError("health never went DOWN: " + health));
        assertThat(Duration.ofNanos(firstDown - stoppedAt)).isLessThan(Duration.ofSeconds(5));
        assertThat(samples).anyMatch(s -> s[0] > restartedAt && s[1] == 1);

        // every acknowledged demand is stored once under its key
        JdbcClient sql = sql("gridwork");
        List<Long> ids = List.copyOf(acknowledged.values());
        assertThat(Set.copyOf(ids)).hasSize(ids.size());
        String in = ids.stream().map(String::valueOf).collect(Collectors.joining(","));
        assertThat(sql.sql("select count(*) from demand where id in (" + in + ")").query(Long.class).single()).isEqualTo(ids.size());
        assertThat(sql.sql("select count(*) from demand where description like '停库测试 %'").query(Long.class).single())
                .isEqualTo(acknowledged.size());

        // every new demand is announced (in batches, after its commit) and every publication completes without a
        // restart (the resubmission job), and each demand's inbox messages arrive
        awaitTrue(Duration.ofSeconds(45), () -> sql.sql("select count(*) from demand_unannounced").query(Long.class).single() == 0
                && sql.sql("select count(*) from event_publication where completion_date is null").query(Long.class).single() == 0);
        long resubmitted = sql.sql("select count(*) from event_publication where last_resubmission_date is not null").query(Long.class).single();
        System.out.printf("[DatabaseOutageIT] %d publications incomplete right after the restart of PostgreSQL, %d resubmitted by the job%n",
                incompleteAfterOutage, resubmitted);
        List<Long> inbox = sql.sql("select count(*) from notify_message where event_key like 'demand:%:submitted'"
                + " and cast(split_part(event_key, ':', 2) as bigint) in (" + in + ") group by event_key").query(Long.class).list();
        assertThat(inbox).hasSize(ids.size());
        assertThat(Set.copyOf(inbox)).hasSize(1);
        assertThat(inbox.getFirst()).isPositive();
    }

    private static void awaitTrue(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not met within " + timeout);
            }
            Thread.sleep(250);
        }
    }
}
