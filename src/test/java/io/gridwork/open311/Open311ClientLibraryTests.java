package io.gridwork.open311;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

import io.gridwork.demand.Grade;
import io.gridwork.demand.internal.DemandService;
import io.gridwork.open311.internal.Open311Keys;
import io.gridwork.support.TestDatabaseProfiles;
import io.gridwork.support.TestPeople;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The server on a random port, exercised by clients that share no code with it: codeforamerica's
 * node-open311 library (installed from the npm registry into {@code target/open311-client} from the
 * committed {@code src/test/open311-client/package.json} and lock), and the JDK's HTTP client with a
 * DOM parser for what that library does not cover (XML, the mySociety updates, UTF-8 form bodies). The
 * library test is skipped when node or npm is missing, unless {@code -Dgridwork.open311.client.required=true} or
 * {@code GRIDWORK_OPEN311_CLIENT_REQUIRED=true} (CI).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles(resolver = TestDatabaseProfiles.class)
@Import(TestPeople.class)
class Open311ClientLibraryTests {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;
    @Autowired
    Open311Keys keys;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TestPeople people;
    @Autowired
    DemandService demands;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private String base() {
        return "http://localhost:" + port + "/open311/v2/";
    }

    private String community() {
        return jdbc.sql("select code from grid_node where name = '学府社区'").query(String.class).single();
    }

    @Test
    void codeForAmericasNodeOpen311LibraryTalksToTheServer() throws Exception {
        boolean required = Boolean.getBoolean("gridwork.open311.client.required")
                || "true".equalsIgnoreCase(System.getenv("GRIDWORK_OPEN311_CLIENT_REQUIRED"));
        boolean tools = works("node", "--version") && works(npm(), "--version");
        if (!required) {
            Assumptions.assumeTrue(tools, "node and npm are needed for the Open311 client library test");
        }
        assertThat(tools).as("node and npm (required by -Dgridwork.open311.client.required=true)").isTrue();
        Path dir = install();

        String key = keys.issue("node-open311 " + UUID.randomUUID(), community(), 6000, people.user("admin")).key();
        String text = "客户端库测试：地下车库积水 " + UUID.randomUUID();
        Process p = new ProcessBuilder("node", "drive.js", base(), key, community(), Open311ServerTests.LAT,
                Open311ServerTests.LON, text).directory(dir.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(out, StandardCharsets.UTF_8)).isZero();
        JsonNode r = JSON.readTree(new String(out, StandardCharsets.UTF_8));

        // discovery, service list and definition as the library returns them
        assertThat(r.get("discovery").get("err").isNull()).isTrue();
        assertThat(r.get("discovery").get("data").get("endpoints").get(0).get("url").asString()).isEqualTo(base());
        List<String> codes = r.get("services").get("data").findValuesAsString("service_code");
        assertThat(codes).contains("WATER_LEAK", "NOISE");
        assertThat(r.get("definition").get("data").get("service_code").asString()).isEqualTo("WATER_LEAK");
        assertThat(r.get("definition").get("data").get("attributes").findValuesAsString("code")).contains("location_detail");

        // the library's POST (form-encoded, attribute[…] and api_key) creates a demand
        assertThat(r.get("created").get("err").isNull()).as(r.get("created").toString()).isTrue();
        String id = r.get("created").get("data").get(0).get("service_request_id").asString();
        assertThat(id).startsWith("GW");
        Map<String, Object> d = lower(jdbc.sql("select * from demand where ref_no = ?").param(id).query().singleRow());
        assertThat(d.get("description")).isEqualTo(text);
        assertThat(d.get("channel")).isEqualTo("OPEN311");
        assertThat(d.get("location_text")).isEqualTo("5栋地下车库");
        assertThat(d.get("reporter_name")).isEqualTo("李四");
        assertThat(d.get("contact_phone_mask")).isEqualTo("139****5678");

        // token, one request, a list, several by id; Chinese text intact, no personal data
        assertThat(r.get("token").get("data").get(0).get("service_request_id").asString()).isEqualTo(id);
        JsonNode one = r.get("one").get("data").get(0);
        assertThat(one.get("service_request_id").asString()).isEqualTo(id);
        assertThat(one.get("description").asString()).isEqualTo(text);
        assertThat(one.get("status").asString()).isEqualTo("open");
        assertThat(r.get("one").toString()).doesNotContain("139", "li.si", "李四");
        assertThat(r.get("list").get("data").findValuesAsString("service_request_id")).contains(id);
        assertThat(r.get("several").get("data").findValuesAsString("service_request_id")).containsExactly(id);
        // the library reports non-200 answers as errors
        assertThat(r.get("unknown").get("err").asBoolean()).isTrue();
        assertThat(r.get("unknown").get("data").asString()).contains("404");
        assertThat(r.get("wrongKey").get("err").asInt()).isEqualTo(403);
        assertThat(r.get("wrongKey").get("data").asString()).contains("Invalid api_key");
    }

    @Test
    void aPlainHttpClientPostsUtf8FormsAndPullsUpdatesLikeFixMyStreet() throws Exception {
        String key = keys.issue("FixMyStreet 风格 " + UUID.randomUUID(), community(), 6000, people.user("admin")).key();
        String start = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(OffsetDateTime.now().minusMinutes(1));
        String text = "楼道灯坏了，老人夜里看不见 " + UUID.randomUUID();
        Map<String, String> form = new LinkedHashMap<>();
        form.put("api_key", key);
        form.put("jurisdiction_id", community());
        form.put("service_code", "WATER_LEAK");
        form.put("address_string", "学府憬城 2栋 1单元 302室");
        form.put("description", text);
        form.put("attribute[anonymous]", "false");
        HttpResponse<byte[]> created = http.send(HttpRequest.newBuilder(URI.create(base() + "requests.xml"))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(encode(form), StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(created.statusCode()).as(new String(created.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        assertThat(created.headers().firstValue("Content-Type").orElseThrow()).containsIgnoringCase("charset=utf-8");
        assertThat(created.headers().firstValue("Set-Cookie")).as("no session").isEmpty();
        String id = Open311Xml.parse(created.body()).text("/service_requests/request/service_request_id");

        long demand = jdbc.sql("select id from demand where ref_no = ?").param(id).query(Long.class).single();
        var worker = people.user("worker");
        demands.accept(demand, Grade.MEDIUM, null, "收到", worker);
        demands.resolveOnSpot(demand, "已修复楼道灯", worker);
        demands.verify(demand, "回访满意", worker);

        HttpResponse<byte[]> pulled = http.send(HttpRequest.newBuilder(URI.create(base() + "servicerequestupdates.xml?"
                + encode(Map.of("start_date", start, "jurisdiction_id", community())))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(pulled.statusCode()).isEqualTo(200);
        Open311Xml x = Open311Xml.parse(pulled.body());
        String mine = "/service_request_updates/request_update[service_request_id='" + id + "']";
        assertThat(x.texts(mine + "/status")).containsExactly("open", "open", "closed", "closed");
        assertThat(x.texts(mine + "/description").get(2)).isEqualTo("自办自结：已修复楼道灯");

        HttpResponse<String> one = http.send(HttpRequest.newBuilder(URI.create(base() + "requests/" + id + ".json")).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        JsonNode r = JSON.readTree(one.body()).get(0);
        assertThat(r.get("description").asString()).isEqualTo(text);
        assertThat(r.get("status").asString()).isEqualTo("closed");
        assertThat(r.get("address").asString()).isEqualTo("学府憬城 2栋");

        // a POST without CSRF token or session from outside, with a bad key: the spec's 403, not Spring's
        HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(base() + "requests.json"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("api_key=o311_wrong&service_code=WATER_LEAK")).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(refused.body()).get(0).get("code").asInt()).isEqualTo(403);
    }

    /** Installs the committed package.json and lock into target/open311-client with {@code npm ci} (once per build). */
    private Path install() throws IOException, InterruptedException {
        Path source = Path.of("src/test/open311-client");
        Path dir = Path.of("target/open311-client");
        Files.createDirectories(dir);
        for (String f : List.of("package.json", "package-lock.json", "drive.js")) {
            Files.copy(source.resolve(f), dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.exists(dir.resolve("node_modules/open311/open311.js"))) {
            Process p = new ProcessBuilder(npm(), "ci", "--ignore-scripts", "--no-audit", "--no-fund")
                    .directory(dir.toFile()).redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("npm ci finished").isTrue();
            assertThat(p.exitValue()).as("npm ci: " + log).isZero();
        }
        return dir;
    }

    private static String npm() {
        return System.getProperty("os.name").toLowerCase().contains("win") ? "npm.cmd" : "npm";
    }

    private static boolean works(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static String encode(Map<String, String> form) {
        return form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    private static Map<String, Object> lower(Map<String, Object> row) {
        Map<String, Object> out = new java.util.HashMap<>();
        row.forEach((k, v) -> out.put(k.toLowerCase(java.util.Locale.ROOT), v));
        return out;
    }
}
