package io.gridwork.shared.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.web.util.UriComponentsBuilder;

import io.gridwork.shared.security.GridworkUser;
import io.gridwork.support.GridworkTest;
import io.gridwork.support.TestPeople;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Walks every operation of the OpenAPI document ({@code /api/**}) and the Open311 interface with bad values (NUL and
 * other control characters, over-long text, wrong types, huge and negative numbers, odd Unicode, empty values) in
 * path variables, query parameters and JSON bodies, as several roles, and fails on any 5xx, naming the requests.
 * The values are not real ids, so nothing of the demo community is changed; a bounded number of requests a run.
 */
@GridworkTest
// a database (and demo community) of its own: a few fuzzed requests are valid and store what they ask for, which
// must not change what the other tests count in the shared demo community (H2 on both runs)
@org.springframework.test.context.TestPropertySource(properties =
        "spring.datasource.url=jdbc:h2:mem:fuzz;DB_CLOSE_DELAY=-1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH")
class ApiFuzzTests {

    private static final String LONG = "长".repeat(5000);

    /** Values for path variables and query parameters (encoded into the URI). */
    private static final List<String> TEXT = List.of("\u0000", LONG, "-1", "99999999999999999999", "1e309", "NaN", "",
            "🙂\u202e\u200b", ",,", "%_", "0", "\u0007x", "2026-13-45T99:99", "-9223372036854775808", "' or 1=1 --");

    /** Values for JSON properties. */
    private static final List<String> JSON = List.of("\"\\u0000\"", "\"" + LONG + "\"", "-1", "1e400",
            "99999999999999999999999", "\"🙂\\u202e\\u200b\"", "\"\"", "[]", "{}", "true", "null", "\"\\ud800\"",
            "-9223372036854775809", "\"2026-13-45\"", "[\"\\u0000\",null]");

    /** Whole bodies of the wrong shape. */
    private static final List<String> BODIES = List.of("[]", "\"x\"", "{", "null", "{\"a\":" + "[".repeat(2000) + "]".repeat(2000) + "}");

    private static final Pattern VARIABLE = Pattern.compile("\\{([^}]+)}");

    @Autowired
    MockMvc mvc;

    @Autowired
    TestPeople testPeople;

    record Operation(HttpMethod method, String path, List<String> query, Map<String, String> properties, boolean json,
            boolean multipart) {
    }

    @Test
    void noBadValueInAnyOperationGetsA5xx() throws Exception {
        JsonMapper mapper = JsonMapper.builder().build();
        JsonNode doc = mapper.readTree(mvc.perform(get("/v3/api-docs")).andReturn().getResponse().getContentAsString());
        List<Operation> operations = operations(doc);
        operations.addAll(open311());
        assertThat(operations).hasSizeGreaterThan(50);

        Map<String, GridworkUser> roles = new LinkedHashMap<>();
        roles.put("anonymous", null);
        roles.put("resident", testPeople.freshResident());
        for (String name : List.of("worker", "community", "admin")) {
            roles.put(name, testPeople.user(name));
        }

        List<String> failures = new ArrayList<>();
        Map<Integer, Integer> statuses = new java.util.TreeMap<>();
        int requests = 0;
        int variant = 0;
        long started = System.nanoTime();
        for (Operation op : operations) {
            for (Map.Entry<String, GridworkUser> role : roles.entrySet()) {
                // the administrator (who reaches most handlers) gets every value in every parameter; the others a few
                int rounds = "admin".equals(role.getKey()) ? TEXT.size() : 3;
                for (int round = 0; round < rounds; round++, variant++) {
                    MockHttpServletRequestBuilder rq = build(op, variant);
                    if (role.getValue() != null) {
                        rq = rq.with(user(role.getValue()));
                    }
                    int status;
                    String what = op.method() + " " + describe(rq) + " as " + role.getKey();
                    try {
                        status = mvc.perform(rq).andReturn().getResponse().getStatus();
                    } catch (Exception e) {
                        failures.add(what + " threw " + e);
                        continue;
                    } finally {
                        requests++;
                    }
                    statuses.merge(status, 1, Integer::sum);
                    if (status >= 500) {
                        failures.add(what + " answered " + status);
                    }
                }
            }
        }
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        System.out.printf("ApiFuzzTests: %d operations, %d requests in %d s, statuses %s%n", operations.size(), requests,
                seconds, statuses);
        assertThat(failures).as("requests answered 5xx (or thrown)").isEmpty();
    }

    private MockHttpServletRequestBuilder build(Operation op, int variant) {
        Map<String, String> vars = new LinkedHashMap<>();
        Matcher m = VARIABLE.matcher(op.path());
        int i = 0;
        while (m.find()) {
            // the variable of a format suffix stays valid half of the time so that the handler is reached
            String name = m.group(1);
            vars.put(name, name.equals("format") && variant % 2 == 0 ? "json" : TEXT.get((variant + i++) % TEXT.size()));
        }
        UriComponentsBuilder uri = UriComponentsBuilder.fromPath(op.path());
        int q = 0;
        for (String name : op.query()) {
            uri.queryParam(name, TEXT.get((variant + 3 + q++) % TEXT.size()));
        }
        URI target = uri.buildAndExpand(vars).encode().toUri();
        MockHttpServletRequestBuilder rq = request(op.method(), target);
        if (op.method() != HttpMethod.GET) {
            rq = rq.with(csrf());
        }
        if (op.multipart()) {
            rq = rq.contentType(MediaType.MULTIPART_FORM_DATA);
        } else if (op.json()) {
            String body;
            if (op.properties().isEmpty() || variant % 5 == 4) {
                body = BODIES.get(variant % BODIES.size());
            } else {
                StringBuilder b = new StringBuilder("{");
                int p = 0;
                for (String name : op.properties().keySet()) {
                    if (p > 0) {
                        b.append(',');
                    }
                    b.append('"').append(name).append("\":").append(JSON.get((variant + p++) % JSON.size()));
                }
                body = b.append('}').toString();
            }
            rq = rq.contentType(MediaType.APPLICATION_JSON).content(body);
        }
        return rq;
    }

    private static String describe(MockHttpServletRequestBuilder rq) {
        var r = rq.buildRequest(new org.springframework.mock.web.MockServletContext());
        String uri = r.getRequestURI() + (r.getQueryString() == null ? "" : "?" + r.getQueryString());
        String body = r.getContentAsByteArray() == null ? "" : new String(r.getContentAsByteArray(), java.nio.charset.StandardCharsets.UTF_8);
        return shorten(uri) + (body.isEmpty() ? "" : " body " + shorten(body));
    }

    private static String shorten(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "...(" + s.length() + " chars)";
    }

    private static List<Operation> operations(JsonNode doc) {
        List<Operation> out = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : doc.path("paths").properties()) {
            for (Map.Entry<String, JsonNode> method : path.getValue().properties()) {
                HttpMethod httpMethod;
                try {
                    httpMethod = HttpMethod.valueOf(method.getKey().toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    continue;
                }
                JsonNode op = method.getValue();
                List<String> query = new ArrayList<>();
                for (JsonNode p : op.path("parameters").values()) {
                    if ("query".equals(p.path("in").asString())) {
                        query.add(p.path("name").asString());
                    }
                }
                JsonNode content = op.path("requestBody").path("content");
                boolean multipart = content.has("multipart/form-data");
                boolean json = !multipart && (content.has("application/json") || !content.isMissingNode() && content.size() > 0);
                Map<String, String> properties = new LinkedHashMap<>();
                JsonNode schema = content.path("application/json").path("schema");
                if (schema.has("$ref")) {
                    String ref = schema.path("$ref").asString();
                    schema = doc.path("components").path("schemas").path(ref.substring(ref.lastIndexOf('/') + 1));
                }
                for (String name : schema.path("properties").propertyNames()) {
                    properties.put(name, schema.path("properties").path(name).path("type").asString(""));
                }
                out.add(new Operation(httpMethod, path.getKey(), query, properties, json, multipart));
            }
        }
        return out;
    }

    /** The Open311 (GeoReport v2) interface, which the OpenAPI document does not list. */
    private static List<Operation> open311() {
        String base = "/open311/v2/";
        List<String> requestQuery = List.of("service_request_id", "service_code", "start_date", "end_date", "status",
                "jurisdiction_id", "api_key");
        List<String> post = List.of("api_key", "service_code", "description", "lat", "long", "address_string", "first_name",
                "last_name", "phone", "email", "jurisdiction_id", "address_id", "device_id", "account_id", "media_url");
        return new ArrayList<>(List.of(
                new Operation(HttpMethod.GET, base + "discovery.{format}", List.of(), Map.of(), false, false),
                new Operation(HttpMethod.GET, base + "services.{format}", List.of("jurisdiction_id"), Map.of(), false, false),
                new Operation(HttpMethod.GET, base + "services/{code}.{format}", List.of("jurisdiction_id"), Map.of(), false, false),
                new Operation(HttpMethod.POST, base + "requests.{format}", post, Map.of(), false, false),
                new Operation(HttpMethod.GET, base + "requests.{format}", requestQuery, Map.of(), false, false),
                new Operation(HttpMethod.GET, base + "requests/{id}.{format}", List.of("jurisdiction_id"), Map.of(), false, false),
                new Operation(HttpMethod.GET, base + "tokens/{token}.{format}", List.of("jurisdiction_id"), Map.of(), false, false),
                new Operation(HttpMethod.GET, base + "servicerequestupdates.{format}", List.of("start_date", "end_date", "api_key"),
                        Map.of(), false, false)));
    }
}
