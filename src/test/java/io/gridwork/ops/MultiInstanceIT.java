package io.gridwork.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.util.FileSystemUtils;

/**
 * Two Gridwork instances as separate processes ({@code java -jar} of the packaged jar) on one PostgreSQL
 * database and one storage directory, as in production behind a load balancer. One pair serves every check:
 * sessions, photos, deadlines, event publications, nginx in front, and a SIGKILL under load.
 * The database is created and dropped here (PostgreSQL on 127.0.0.1:5432, user postgres).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MultiInstanceIT {

    /** The PostgreSQL server (GRIDWORK_IT_PG_SERVER, host:port) and account (as for the suite: GRIDWORK_TEST_PG_USER/_PASSWORD). */
    private static final String PG = "jdbc:postgresql://" + env("GRIDWORK_IT_PG_SERVER", "127.0.0.1:5432") + "/";
    private static final String PG_USER = env("GRIDWORK_TEST_PG_USER", "postgres");
    private static final String PG_PASSWORD = env("GRIDWORK_TEST_PG_PASSWORD", "");
    private static final String PASSWORD = "gridwork-demo";

    private final String db = "gridwork_ops_it_" + ProcessHandle.current().pid();
    private Path work;
    private JdbcClient admin;
    private JdbcClient sql;
    private GridworkInstance a;
    private GridworkInstance b;
    private String token;
    private long building;

    @BeforeAll
    void startTwoInstances() throws Exception {
        admin = JdbcClient.create(new SimpleDriverDataSource(new org.postgresql.Driver(), PG + "postgres", PG_USER, PG_PASSWORD));
        admin.sql("drop database if exists " + db + " with (force)").update();
        admin.sql("create database " + db).update();
        sql = JdbcClient.create(new SimpleDriverDataSource(new org.postgresql.Driver(), PG + db, PG_USER, PG_PASSWORD));
        work = Files.createTempDirectory("gridwork-it-");
        Path storage = Files.createDirectories(work.resolve("shared-files"));
        SecureRandom random = new SecureRandom();
        Map<String, String> env = Map.of(
                "SPRING_DATASOURCE_URL", PG + db, "SPRING_DATASOURCE_USERNAME", PG_USER, "SPRING_DATASOURCE_PASSWORD", PG_PASSWORD,
                "GRIDWORK_CRYPTO_DATA_KEY", key(random), "GRIDWORK_CRYPTO_HASH_KEY", key(random),
                "GRIDWORK_STORAGE_DIR", storage.toString(), "GRIDWORK_DEMO", "true");
        List<String> args = List.of("--management.endpoint.health.probes.enabled=true",
                "--gridwork.demand.deadline-scan-ms=300",
                "--gridwork.demand.per-address-per-minute=1000000", "--gridwork.demand.hourly-limit-per-account=1000000",
                "--logging.level.root=WARN", "--logging.level.io.gridwork=INFO");
        a = new GridworkInstance("instance A", work.resolve("a"), env, args);
        b = new GridworkInstance("instance B", work.resolve("b"), env, args);
        // the first start migrates the schema and seeds the demo; the second finds both done
        a.start();
        a.awaitReady(Duration.ofMinutes(3));
        b.start();
        b.awaitReady(Duration.ofMinutes(2));
        building = sql.sql("select min(b.id) from building b join grid_node c on c.id = b.compound_id where c.name = '学府憬城'")
                .query(Long.class).single();
    }

    @AfterAll
    void stopAll() throws Exception {
        for (GridworkInstance i : new GridworkInstance[] { a, b }) {
            if (i != null) {
                i.stop();
            }
        }
        if (admin != null) {
            admin.sql("drop database if exists " + db + " with (force)").update();
        }
        if (work != null) {
            FileSystemUtils.deleteRecursively(work);
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    private static String key(SecureRandom random) {
        byte[] k = new byte[32];
        random.nextBytes(k);
        return Base64.getEncoder().encodeToString(k);
    }

    @Test
    @Order(1)
    void aSessionStartedOnOneInstanceWorksOnTheOther() throws Exception {
        WebClient browser = new WebClient();
        HttpResponse<String> login = browser.signIn(a.base(), "community", PASSWORD);
        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(login.headers().firstValue("Location").orElseThrow()).doesNotContain("error");

        // the page needs a signed-in session: B knows it only from the shared session store
        HttpResponse<String> onB = browser.get(b.base() + "/me/tokens");
        assertThat(onB.statusCode()).isEqualTo(200);
        // a CSRF token rendered by B is accepted by A (it lives in the session), and the token works on both
        token = browser.issueToken(b.base(), a.base());
        HttpClient plain = HttpClient.newHttpClient();
        for (GridworkInstance i : List.of(a, b)) {
            HttpResponse<String> me = plain.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(i.base() + "/api/me"))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(me.statusCode()).as(i.name).isEqualTo(200);
            assertThat(me.body()).contains("community");
        }
        // a stranger's cookie jar is not signed in
        assertThat(new WebClient().get(b.base() + "/me/tokens").statusCode()).isEqualTo(302);
    }

    @Test
    @Order(2)
    void aPhotoUploadedThroughOneInstanceIsServedByTheOther() throws Exception {
        WebClient client = new WebClient();
        HttpResponse<String> created = client.http.send(WebClient.submitDemand(a.base(), token, "photo-1", building, "照片测试"),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).isEqualTo(201);
        long demand = WebClient.firstId(created.body());

        HttpResponse<String> upload = client.http.send(WebClient.uploadPhoto(b.base(), token, demand, jpeg()),
                HttpResponse.BodyHandlers.ofString());
        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(201);
        long photo = WebClient.firstId(upload.body());

        String path = "/api/demands/" + demand + "/photos/" + photo;
        HttpResponse<byte[]> fromA = client.getBytes(a.base() + path, token);
        HttpResponse<byte[]> fromB = client.getBytes(b.base() + path, token);
        assertThat(fromA.statusCode()).isEqualTo(200);
        assertThat(fromA.headers().firstValue("Content-Type").orElseThrow()).startsWith("image/jpeg");
        assertThat(fromA.body()).isNotEmpty().isEqualTo(fromB.body());
        assertThat(client.getBytes(a.base() + path + "/thumbnail", token).statusCode()).isEqualTo(200);
    }

    private static byte[] jpeg() throws IOException {
        BufferedImage img = new BufferedImage(640, 480, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(40, 90, 160));
        g.fillRect(0, 0, 640, 480);
        g.setColor(Color.ORANGE);
        g.fillOval(200, 120, 240, 240);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "jpg", out);
        return out.toByteArray();
    }

    @Test
    @Order(3)
    void eachDeadlineFiresOnceAcrossBothInstances() throws Exception {
        WebClient client = new WebClient();
        List<Long> demands = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            GridworkInstance to = i % 2 == 0 ? a : b;
            HttpResponse<String> r = client.http.send(WebClient.submitDemand(to.base(), token, "deadline-" + i, building, "时限测试 " + i),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            demands.add(WebClient.firstId(r.body()));
        }
        String in = demands.stream().map(String::valueOf).collect(Collectors.joining(","));
        // the yellow and red response deadlines of these demands fall due now; both instances scan every 300 ms
        int due = sql.sql("update demand set respond_yellow_at = now() - interval '2 second', respond_due_at = now() - interval '1 second',"
                + " next_due_at = now() - interval '2 second' where next_due_kind = 'RESPOND_YELLOW' and id in (" + in + ")").update();
        assertThat(due).isEqualTo(demands.size());

        await(Duration.ofSeconds(30), () -> sql.sql("select count(*) from demand where next_due_kind in ('RESPOND_YELLOW', 'RESPOND_RED')"
                + " and id in (" + in + ")").query(Long.class).single() == 0);
        awaitPublicationsCompleted(Duration.ofSeconds(30));

        // one timeline entry per deadline: one DUE_SOON and one OVERDUE per demand
        List<Map<String, Object>> notes = sql.sql("select demand_id, action, count(*) as n from demand_event_log where demand_id in ("
                + in + ") and action in ('DUE_SOON', 'OVERDUE') group by demand_id, action").query().listOfRows();
        assertThat(notes).hasSize(2 * demands.size());
        assertThat(notes).allSatisfy(row -> assertThat(((Number) row.get("n")).longValue()).isEqualTo(1));

        // one publication per deadline and listener, each completed
        long listeners = sql.sql("select count(distinct listener_id) from event_publication where event_type like '%DeadlineReached'")
                .query(Long.class).single();
        assertThat(listeners).isPositive();
        List<String> events = sql.sql("select serialized_event from event_publication where event_type like '%DeadlineReached'")
                .query(String.class).list();
        long mine = events.stream().filter(e -> demands.stream().anyMatch(d -> e.contains("\"demandId\":" + d + ","))).count();
        assertThat(mine).isEqualTo(2 * demands.size() * listeners);
        assertNoDuplicatePublications();

        // and one inbox message per deadline and recipient (the listener's effect)
        List<Long> perDeadline = sql.sql("select count(*) from notify_message where event_key like 'demand:%:deadline:RESPOND:%'"
                + " and cast(split_part(event_key, ':', 2) as bigint) in (" + in + ") group by event_key").query(Long.class).list();
        assertThat(perDeadline).hasSize(2 * demands.size());
        assertThat(Set.copyOf(perDeadline)).hasSize(1);

    }

    @Test
    @Order(4)
    void nginxBalancesASessionAcrossBothInstances() throws Exception {
        Path nginx = findNginx();
        if (nginx == null) {
            if (Boolean.parseBoolean(System.getenv("GRIDWORK_NGINX_REQUIRED"))) {
                throw new AssertionError("GRIDWORK_NGINX_REQUIRED=true but nginx is not installed");
            }
            Assumptions.abort("nginx is not installed (GRIDWORK_NGINX_REQUIRED=true makes this a failure)");
        }
        try (NginxProcess proxy = NginxProcess.start(nginx, work.resolve("nginx"), Path.of("deploy/nginx/gridwork.conf"),
                List.of(a.port, b.port))) {
            String base = proxy.base();
            WebClient browser = new WebClient();
            HttpResponse<String> login = browser.signIn(base, "community", PASSWORD);
            assertThat(login.statusCode()).isEqualTo(302);
            String location = login.headers().firstValue("Location").orElseThrow();
            assertThat(location).doesNotContain("error");
            if (location.startsWith("http")) {
                // built from X-Forwarded-Host/-Port: the address the browser used, not an instance's
                assertThat(location).startsWith(base);
            }
            for (int i = 0; i < 8; i++) {
                HttpResponse<String> page = browser.get(base + "/me/tokens");
                assertThat(page.statusCode()).as("request %d through nginx", i).isEqualTo(200);
            }
            // a state-changing request with the session's CSRF token, and a photo-sized upload
            String viaNginx = browser.issueToken(base, base);
            assertThat(viaNginx).isNotBlank();
            HttpResponse<String> created = browser.http.send(WebClient.submitDemand(base, token, "nginx-1", building, "经负载均衡"),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).isEqualTo(201);
            byte[] big = bigJpeg();
            assertThat(big.length).isGreaterThan(1_500_000);
            HttpResponse<String> upload = browser.http.send(WebClient.uploadPhoto(base, token, WebClient.firstId(created.body()), big),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(upload.statusCode()).as(upload.body()).isEqualTo(201);

            // the access log names the instance that served each request: both served this one session
            Set<String> upstreams = proxy.upstreamsOf("/me/tokens");
            assertThat(upstreams).containsExactlyInAnyOrder("127.0.0.1:" + a.port, "127.0.0.1:" + b.port);
        }
    }

    private static Path findNginx() {
        for (String p : List.of("/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/local/nginx/sbin/nginx", "/usr/bin/nginx")) {
            if (Files.isExecutable(Path.of(p))) {
                return Path.of(p);
            }
        }
        return null;
    }

    private static byte[] bigJpeg() throws IOException {
        BufferedImage img = new BufferedImage(2400, 1800, BufferedImage.TYPE_INT_RGB);
        java.util.Random r = new java.util.Random(7);
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                img.setRGB(x, y, r.nextInt(0xFFFFFF));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "jpg", out);
        return out.toByteArray();
    }

    @Test
    @Order(5)
    void aKilledInstanceLosesNoAcknowledgedDemandAndNoEvent() throws Exception {
        ConcurrentHashMap<String, Long> acknowledged = new ConcurrentHashMap<>();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger failuresOnB = new AtomicInteger();
        int clients = 12;
        List<Future<?>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < clients; c++) {
                int client = c;
                futures.add(pool.submit(() -> {
                    WebClient http = new WebClient();
                    for (int n = 0; running.get(); n++) {
                        String key = "crash-" + client + "-" + n;
                        // alternate instances; a failed attempt is retried on the other with the same key
                        for (int attempt = 0; ; attempt++) {
                            GridworkInstance to = (n + attempt + client) % 2 == 0 ? a : b;
                            try {
                                HttpResponse<String> r = http.http.send(WebClient.submitDemand(to.base(), token, key, building,
                                        "崩溃测试 " + key), HttpResponse.BodyHandlers.ofString());
                                if (r.statusCode() / 100 == 2) {
                                    acknowledged.put(key, WebClient.firstId(r.body()));
                                    break;
                                }
                            } catch (IOException refusedOrReset) {
                                if (to == b) {
                                    failuresOnB.incrementAndGet();
                                }
                            }
                            if (attempt > 50) {
                                throw new AssertionError("no instance took " + key);
                            }
                            Thread.sleep(50);
                        }
                    }
                    return null;
                }));
            }
            Thread.sleep(3000);
            int beforeKill = acknowledged.size();
            int exit = b.kill();
            assertThat(exit).as("exit code of SIGKILL (128 + 9)").isEqualTo(137);
            Thread.sleep(2000);
            running.set(false);
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
            System.out.printf("[MultiInstanceIT] %d demands acknowledged (%d before SIGKILL), %d attempts failed on the dead B%n",
                    acknowledged.size(), beforeKill, failuresOnB.get());
            assertThat(beforeKill).isPositive();
        }
        long pending = sql.sql("select count(*) from event_publication where completion_date is null").query(Long.class).single();
        System.out.println("[MultiInstanceIT] incomplete event publications while B is down: " + pending);

        b.start();
        b.awaitReady(Duration.ofMinutes(2));
        awaitPublicationsCompleted(Duration.ofSeconds(60));

        // every acknowledged demand is there, once, under its key
        List<Long> ids = List.copyOf(acknowledged.values());
        String in = ids.stream().map(String::valueOf).collect(Collectors.joining(","));
        long present = sql.sql("select count(*) from demand where id in (" + in + ")").query(Long.class).single();
        assertThat(present).isEqualTo(ids.size());
        assertThat(Set.copyOf(ids)).hasSize(ids.size());
        long crashDemands = sql.sql("select count(*) from demand where description like '崩溃测试 %'").query(Long.class).single();
        // no key made two demands (an unacknowledged attempt that did commit was found again by its retry)
        assertThat(crashDemands).isEqualTo(acknowledged.size());

        // every acknowledged demand was announced exactly once per listener (in batch events), and its effect exists once
        long listeners = sql.sql("select count(distinct listener_id) from event_publication where event_type like '%DemandsSubmitted'")
                .query(Long.class).single();
        List<String> submitted = sql.sql("select serialized_event from event_publication where event_type like '%DemandsSubmitted'")
                .query(String.class).list();
        Pattern demandId = Pattern.compile("\"demandId\":(\\d+),");
        Map<Long, Long> perDemand = submitted.stream().flatMap(e -> demandId.matcher(e).results())
                .map(m -> Long.parseLong(m.group(1))).filter(acknowledged.values()::contains)
                .collect(Collectors.groupingBy(id -> id, Collectors.counting()));
        assertThat(perDemand).hasSize(ids.size());
        assertThat(Set.copyOf(perDemand.values())).containsExactly(listeners);
        assertThat(sql.sql("select count(*) from demand_unannounced").query(Long.class).single()).isZero();
        assertNoDuplicatePublications();
        List<Long> inbox = sql.sql("select count(*) from notify_message where event_key like 'demand:%:submitted'"
                + " and cast(split_part(event_key, ':', 2) as bigint) in (" + in + ") group by event_key").query(Long.class).list();
        assertThat(inbox).hasSize(ids.size());
        assertThat(Set.copyOf(inbox)).hasSize(1);

        // and the restarted instance serves again
        HttpResponse<String> after = new WebClient().http.send(WebClient.submitDemand(b.base(), token, "after-restart", building,
                "重启之后"), HttpResponse.BodyHandlers.ofString());
        assertThat(after.statusCode()).isEqualTo(201);
    }

    private void assertNoDuplicatePublications() {
        List<String> duplicates = sql.sql("select listener_id || ' ' || serialized_event from event_publication"
                + " group by listener_id, serialized_event having count(*) > 1").query(String.class).list();
        assertThat(duplicates).isEmpty();
    }

    private void awaitPublicationsCompleted(Duration timeout) throws InterruptedException {
        // new demands are announced in batches after their commits: none left to announce, no publication incomplete
        await(timeout, () -> sql.sql("select count(*) from demand_unannounced").query(Long.class).single() == 0
                && sql.sql("select count(*) from event_publication where completion_date is null").query(Long.class).single() == 0);
    }

    private static void await(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not met within " + timeout);
            }
            Thread.sleep(200);
        }
    }
}
