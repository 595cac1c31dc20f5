package io.gridwork.open311.web;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.TransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import io.gridwork.grid.GridNode;
import io.gridwork.open311.internal.Doc;
import io.gridwork.open311.internal.Doc.Fields;
import io.gridwork.open311.internal.Doc.ListOf;
import io.gridwork.open311.internal.Open311Exception;
import io.gridwork.open311.internal.Open311Keys;
import io.gridwork.open311.internal.Open311Service;
import io.gridwork.open311.internal.Open311Service.Viewer;
import io.gridwork.shared.persistence.DatabaseOutage;
import io.gridwork.shared.web.ApiProblemHandler;
import io.gridwork.shared.web.ProblemException;
import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.databind.json.JsonMapper;

/**
 * Open311 GeoReport v2 under {@code /open311/v2/}: XML or JSON by the extension, UTF-8, W3C date-times
 * with a zone, and the specification's error list on every refusal. Writes need an {@code api_key};
 * reads are public (requests created through Open311 only) or, with a key, cover its jurisdiction.
 * No session, no personal data in any answer.
 */
@RestController
class Open311Controller {

    static final String BASE = "/open311/v2/";
    private static final MediaType XML = new MediaType("text", "xml", StandardCharsets.UTF_8);
    private static final MediaType JSON = new MediaType("application", "json", StandardCharsets.UTF_8);

    private final Open311Service open311;
    private final Open311Keys keys;
    private final JsonMapper json;

    Open311Controller(Open311Service open311, Open311Keys keys, JsonMapper json) {
        this.open311 = open311;
        this.keys = keys;
        this.json = json;
    }

    @GetMapping(BASE + "discovery.{format}")
    ResponseEntity<byte[]> discovery(@PathVariable String format) {
        String base = ServletUriComponentsBuilder.fromCurrentContextPath().path(BASE).build().toUriString();
        Fields endpoint = Doc.fields().put("specification", "http://wiki.open311.org/GeoReport_v2")
                .put("url", base).put("changeset", "2026-11-23T00:00:00Z").put("type", "production")
                .put("formats", new ListOf("format", List.of("text/xml", "application/json")));
        Fields d = Doc.fields().put("changeset", "2026-11-23T00:00:00Z")
                .put("contact", "Gridwork Open311 — 请联系街道或区 12345 平台管理员申请 api_key")
                .put("key_service", "API keys are issued by street staff or administrators in Gridwork (/open311/keys)")
                .put("endpoints", new ListOf("endpoint", List.of(endpoint)));
        return write(format, Doc.single("discovery", d));
    }

    @GetMapping(BASE + "services.{format}")
    ResponseEntity<byte[]> services(@PathVariable String format, HttpServletRequest request) {
        checkFormat(format);
        Map<String, String> p = params(request);
        viewer(p, request);
        return write(format, Doc.list("services", "service", open311.services(open311.jurisdiction(p.get("jurisdiction_id")))));
    }

    @GetMapping(BASE + "services/{code}.{format}")
    ResponseEntity<byte[]> definition(@PathVariable String code, @PathVariable String format, HttpServletRequest request) {
        checkFormat(format);
        Map<String, String> p = params(request);
        viewer(p, request);
        return write(format, Doc.single("service_definition",
                open311.definition(open311.jurisdiction(p.get("jurisdiction_id")), code)));
    }

    @PostMapping(BASE + "requests.{format}")
    ResponseEntity<byte[]> create(@PathVariable String format, HttpServletRequest request) {
        checkFormat(format);
        Map<String, String> p = params(request);
        String key = p.get("api_key");
        if (key == null || key.isBlank()) {
            throw new Open311Exception(HttpStatus.BAD_REQUEST, "api_key is required to create a service request");
        }
        Open311Keys.Client client = keys.authenticate(key.strip());
        Open311Service.Created c = open311.create(p, client);
        Fields f = Doc.fields().put("service_request_id", c.serviceRequestId()).put("token", c.token())
                .put("service_notice", c.notice()).put("account_id", null);
        return write(format, Doc.list("service_requests", "request", List.of(f)));
    }

    @GetMapping(BASE + "requests.{format}")
    ResponseEntity<byte[]> requests(@PathVariable String format, HttpServletRequest request) {
        checkFormat(format);
        Map<String, String> p = params(request);
        Open311Service.Listed listed = open311.requests(p, viewer(p, request));
        ResponseEntity<byte[]> page = write(format, Doc.list("service_requests", "request", listed.items()));
        if (listed.next() == null) {
            return page;
        }
        // the next page (issue 19): the same query with the cursor, as an RFC 8288 link (without api_key: a key is not
        // echoed; a client adds its own); the body stays GeoReport v2
        StringBuilder next = new StringBuilder(ServletUriComponentsBuilder.fromRequestUri(request).build().toUriString());
        char sep = '?';
        for (Map.Entry<String, String> e : p.entrySet()) {
            if (!e.getKey().equals("api_key") && !e.getKey().equals("cursor")) {
                next.append(sep).append(query(e.getKey())).append('=').append(query(e.getValue()));
                sep = '&';
            }
        }
        next.append(sep).append("cursor=").append(query(listed.next()));
        return ResponseEntity.status(page.getStatusCode()).headers(page.getHeaders())
                .header(HttpHeaders.LINK, "<" + next + ">; rel=\"next\"").body(page.getBody());
    }

    @GetMapping(BASE + "requests/{id}.{format}")
    ResponseEntity<byte[]> request(@PathVariable String id, @PathVariable String format, HttpServletRequest request) {
        checkFormat(format);
        Map<String, String> p = params(request);
        Viewer v = viewer(p, request);
        GridNode j = open311.jurisdiction(p.get("jurisdiction_id"));
        return write(format, Doc.list("service_requests", "request", List.of(open311.request(id, j, v))));
    }

    @GetMapping(BASE + "tokens/{token}.{format}")
    ResponseEntity<byte[]> token(@PathVariable String token, @PathVariable String format, HttpServletRequest request) {
        checkFormat(format);
        Map<String, String> p = params(request);
        viewer(p, request);
        open311.jurisdiction(p.get("jurisdiction_id"));
        return write(format, Doc.list("service_requests", "request", List.of(open311.token(token))));
    }

    @GetMapping(BASE + "servicerequestupdates.{format}")
    ResponseEntity<byte[]> updates(@PathVariable String format, HttpServletRequest request) {
        checkFormat(format);
        Map<String, String> p = params(request);
        return write(format, Doc.list("service_request_updates", "request_update", open311.updates(p, viewer(p, request))));
    }

    // ---- errors -------------------------------------------------------------------------------------

    @ExceptionHandler(Open311Exception.class)
    ResponseEntity<byte[]> refused(Open311Exception e, HttpServletRequest request) {
        return error(e.status(), e.getMessage(), request);
    }

    @ExceptionHandler(ProblemException.class)
    ResponseEntity<byte[]> problem(ProblemException e, HttpServletRequest request) {
        return error(e.status(), e.getMessage(), request);
    }

    /** The database is unreachable: 503 in the specification's error list (other data-access failures pass). */
    @ExceptionHandler({DataAccessException.class, TransactionException.class})
    ResponseEntity<byte[]> database(RuntimeException e, HttpServletRequest request) {
        if (!DatabaseOutage.isCause(e)) {
            throw e;
        }
        ResponseEntity<byte[]> error = error(HttpStatus.SERVICE_UNAVAILABLE,
                "service unavailable: the database is unreachable for the moment, retry later", request);
        return ResponseEntity.status(error.getStatusCode()).headers(error.getHeaders())
                .header(HttpHeaders.RETRY_AFTER, ApiProblemHandler.RETRY_AFTER_SECONDS).body(error.getBody());
    }

    private ResponseEntity<byte[]> error(HttpStatus status, String description, HttpServletRequest request) {
        Fields f = Doc.fields().put("code", status.value()).put("description", description);
        String format = request.getRequestURI().endsWith(".json") ? "json" : "xml";
        Doc doc = Doc.list("errors", "error", List.of(f));
        return ResponseEntity.status(status).contentType(format.equals("json") ? JSON : XML)
                .body(format.equals("json") ? doc.json(json) : doc.xml());
    }

    // ---- helpers ------------------------------------------------------------------------------------

    /** A query string's name or value, form-encoded ('+' in a time zone offset becomes %2B). */
    private static String query(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static void checkFormat(String format) {
        if (!format.equals("xml") && !format.equals("json")) {
            throw new Open311Exception(HttpStatus.NOT_FOUND, "format must be xml or json");
        }
    }

    private ResponseEntity<byte[]> write(String format, Doc doc) {
        checkFormat(format);
        return format.equals("json") ? ResponseEntity.ok().contentType(JSON).body(doc.json(json))
                : ResponseEntity.ok().contentType(XML).body(doc.xml());
    }

    /** A presented key must be valid (403 otherwise); no key is the public, limited per client address. */
    private Viewer viewer(Map<String, String> p, HttpServletRequest request) {
        String key = p.get("api_key");
        if (key == null || key.isBlank()) {
            keys.throttlePublic(request.getRemoteAddr());
            return new Viewer(null);
        }
        return new Viewer(keys.authenticate(key.strip()));
    }

    /** The first value of each parameter, from the query or the form body. */
    private static Map<String, String> params(HttpServletRequest request) {
        Map<String, String> p = new HashMap<>();
        request.getParameterMap().forEach((k, v) -> {
            if (v.length > 0) {
                p.put(k, v[0]);
            }
        });
        return p;
    }
}
