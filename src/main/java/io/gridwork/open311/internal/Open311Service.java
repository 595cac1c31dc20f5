package io.gridwork.open311.internal;

import java.net.URI;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.gridwork.demand.CategoryView;
import io.gridwork.demand.Channel;
import io.gridwork.demand.DemandApi;
import io.gridwork.demand.Party;
import io.gridwork.demand.TimelineNotes;
import io.gridwork.grid.BuildingView;
import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridLevel;
import io.gridwork.grid.GridNode;
import io.gridwork.grid.HouseholdView;
import io.gridwork.open311.internal.Doc.Fields;
import io.gridwork.open311.internal.Doc.ListOf;
import io.gridwork.people.PersonalDataCipher;
import io.gridwork.shared.web.ProblemException;

/**
 * GeoReport v2 on top of the demand and grid facades. Services are the demand categories of a community;
 * a request is a demand ({@code service_request_id} is its reference number); its status is open or
 * closed; updates are the steps of its timeline.
 */
@Service
public class Open311Service {

    /** At most this many requests or updates in one answer (the spec suggests 1000). */
    public static final int MAX_RESULTS = 1000;
    /** The default window of GET requests and updates (the spec suggests 90 days). */
    public static final Duration DEFAULT_WINDOW = Duration.ofDays(90);

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final DateTimeFormatter W3C = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");
    /**
     * The zone's last change of offset (Beijing: 1991), after which its offset stays {@link #SETTLED_OFFSET}; null when
     * the rules still change. Looking the offset up by the rules searched their transitions three times a request.
     */
    private static final Instant SETTLED = ZONE.getRules().nextTransition(Instant.now()) != null ? null
            : java.util.Optional.ofNullable(ZONE.getRules().previousTransition(Instant.now()))
                    .map(java.time.zone.ZoneOffsetTransition::getInstant).orElse(Instant.MIN);
    private static final java.time.ZoneOffset SETTLED_OFFSET = ZONE.getRules().getOffset(Instant.now());
    private static final Locale ZH = Locale.SIMPLIFIED_CHINESE;
    private static final Pattern ADDRESS = Pattern.compile(
            "^\\s*(.+?)\\s*([0-9A-Za-z-]+)\\s*(?:栋|号楼|幢)\\s*([0-9A-Za-z]+)\\s*单元\\s*([0-9A-Za-z-]+)\\s*(?:室|号)?\\s*$");
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+$");

    /** A created request: the demand's reference number and the token issued for it. */
    public record Created(String serviceRequestId, String token, String notice) {
    }

    /** Who asks: a client with a valid key, or the public (null). */
    public record Viewer(Open311Keys.Client client) {
    }

    private final DemandApi demands;
    private final GridApi grid;
    private final PersonalDataCipher cipher;
    private final JdbcClient jdbc;
    private final MessageSource messages;
    private final TimelineNotes notes;
    private final Map<String, String> words = new java.util.concurrent.ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    Open311Service(DemandApi demands, GridApi grid, PersonalDataCipher cipher, JdbcClient jdbc, MessageSource messages,
            TimelineNotes notes) {
        this.demands = demands;
        this.grid = grid;
        this.cipher = cipher;
        this.jdbc = jdbc;
        this.messages = messages;
        this.notes = notes;
    }

    // ---- jurisdictions and services ------------------------------------------------------------

    /** A street or community by its CJ/T 349 code; an unknown one is a 404. Null when none was given. */
    public GridNode jurisdiction(String jurisdictionId) {
        if (jurisdictionId == null || jurisdictionId.isBlank()) {
            return null;
        }
        return grid.nodeByCode(jurisdictionId.strip())
                .filter(n -> n.level() == GridLevel.STREET || n.level() == GridLevel.COMMUNITY)
                .orElseThrow(() -> new Open311Exception(HttpStatus.NOT_FOUND,
                        "jurisdiction_id not found: " + jurisdictionId.strip()));
    }

    /** A community's categories; a street (or no jurisdiction) offers the default set. */
    public List<CategoryView> categories(GridNode jurisdiction) {
        long community = jurisdiction != null && jurisdiction.level() == GridLevel.COMMUNITY ? jurisdiction.id() : -1;
        return demands.categories(community);
    }

    public List<Fields> services(GridNode jurisdiction) {
        List<Fields> out = new ArrayList<>();
        for (CategoryView c : categories(jurisdiction)) {
            out.add(Doc.fields().put("service_code", c.code()).put("service_name", c.nameZh())
                    .put("description", c.nameZh() + "（" + c.nameEn() + "）").put("metadata", true).put("type", "realtime")
                    .put("keywords", c.nameEn()).put("group", party(c.defaultParty())));
        }
        return out;
    }

    /** The attributes of every service: a note on the required description, and two optional inputs. */
    public Fields definition(GridNode jurisdiction, String serviceCode) {
        CategoryView c = categories(jurisdiction).stream().filter(x -> x.code().equals(serviceCode)).findFirst()
                .orElseThrow(() -> new Open311Exception(HttpStatus.NOT_FOUND, "service_code not found: " + serviceCode));
        List<Fields> attributes = List.of(
                Doc.fields().put("variable", false).put("code", "DESCRIPTION_REQUIRED").put("datatype", "text")
                        .put("required", false).put("datatype_description", null).put("order", 1)
                        .put("description", msg("open311.attr.description"))
                        .put("values", new ListOf("value", List.of())),
                Doc.fields().put("variable", true).put("code", "location_detail").put("datatype", "string")
                        .put("required", false).put("datatype_description", msg("open311.attr.locationDetail.hint"))
                        .put("order", 2).put("description", msg("open311.attr.locationDetail"))
                        .put("values", new ListOf("value", List.of())),
                Doc.fields().put("variable", true).put("code", "anonymous").put("datatype", "singlevaluelist")
                        .put("required", false).put("datatype_description", null).put("order", 3)
                        .put("description", msg("open311.attr.anonymous"))
                        .put("values", new ListOf("value", List.of(
                                Doc.fields().put("key", "false").put("name", msg("open311.attr.anonymous.no")),
                                Doc.fields().put("key", "true").put("name", msg("open311.attr.anonymous.yes"))))));
        return Doc.fields().put("service_code", c.code()).put("attributes", new ListOf("attribute", attributes));
    }

    // ---- POST requests ------------------------------------------------------------------------------

    @Transactional
    public Created create(Map<String, String> p, Open311Keys.Client client) {
        GridNode j = jurisdiction(p.get("jurisdiction_id"));
        String within = narrow(j, client);
        String code = blank(p.get("service_code"));
        if (code == null) {
            throw bad("service_code is required");
        }
        String description = blank(p.get("description"));
        if (description == null) {
            throw bad("description is required");
        }
        Long householdId = null;
        Long buildingId = null;
        Double lat = null;
        Double lon = null;
        String latText = blank(p.get("lat"));
        String lonText = blank(p.get("long"));
        String addressId = blank(p.get("address_id"));
        String address = blank(p.get("address_string"));
        if (latText != null || lonText != null) {
            if (latText == null || lonText == null) {
                throw bad("lat and long go together");
            }
            try {
                lat = Double.parseDouble(latText);
                lon = Double.parseDouble(lonText);
            } catch (NumberFormatException e) {
                throw bad("lat and long must be decimal degrees (WGS-84)");
            }
            if (!(lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180)) {
                throw bad("lat must lie within ±90 and long within ±180");
            }
        } else if (addressId != null) {
            Matcher m = Pattern.compile("^([BbHh]?)(\\d{1,18})$").matcher(addressId);
            if (!m.matches()) {
                throw bad("address_id is a household id (H123 or 123) or a building id (B45)");
            }
            long id = Long.parseLong(m.group(2));
            if (m.group(1).equalsIgnoreCase("B")) {
                buildingId = grid.building(id).map(BuildingView::id).orElseThrow(() -> bad("address_id not found: " + addressId));
            } else {
                householdId = grid.household(id).map(HouseholdView::id).orElseThrow(() -> bad("address_id not found: " + addressId));
            }
        } else if (address != null) {
            Matcher m = ADDRESS.matcher(address);
            if (!m.matches()) {
                throw bad("address_string must read compound, building (栋), unit (单元) and room (室), e.g. 学府憬城3栋2单元501室");
            }
            householdId = grid.locateAddress(m.group(1), m.group(2), m.group(3), m.group(4)).map(HouseholdView::id)
                    .orElseThrow(() -> bad("address_string not found: " + address));
        } else {
            throw bad("a location is required: lat and long, address_string or address_id");
        }
        String email = blank(p.get("email"));
        if (email != null && (email.length() > 254 || !EMAIL.matcher(email).matches())) {
            throw bad("email is not an e-mail address");
        }
        String media = blank(p.get("media_url"));
        if (media != null) {
            try {
                URI u = URI.create(media);
                if (media.length() > 500 || !("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
                    throw bad("media_url must be an http(s) URL of at most 500 characters");
                }
            } catch (IllegalArgumentException e) {
                throw bad("media_url must be an http(s) URL of at most 500 characters");
            }
        }
        String anonymous = blank(p.get("attribute[anonymous]"));
        if (anonymous != null && !anonymous.equals("true") && !anonymous.equals("false")) {
            throw bad("attribute[anonymous] is true or false");
        }
        String detail = blank(p.get("attribute[location_detail]"));
        if (detail != null && detail.length() > 300) {
            throw bad("attribute[location_detail] is at most 300 characters");
        }
        String name = (nz(p.get("last_name")) + nz(p.get("first_name"))).strip();
        if (name.length() > 100) {
            throw bad("first_name and last_name are at most 100 characters together");
        }
        if (detail == null && address != null) {
            detail = address;
        }
        long id;
        try {
            id = demands.submitExternal(new DemandApi.ExternalSubmission(code, description, householdId, buildingId, lat, lon,
                    detail, blank(p.get("phone")), name.isEmpty() ? null : name, "true".equals(anonymous), Channel.OPEN311,
                    within, "Open311: " + client.name()));
        } catch (ProblemException e) {
            throw translate(e);
        }
        byte[] t = new byte[16];
        random.nextBytes(t);
        String token = HexFormat.of().formatHex(t);
        jdbc.sql("""
                insert into open311_request (demand_id, api_key_id, token, email_enc, email_mask, media_url, created_at)
                values (?, ?, ?, ?, ?, ?, ?)""")
                .params(id, client.id(), token, email == null ? null : cipher.encrypt(email), email == null ? null : maskEmail(email),
                        media, Timestamp.from(Instant.now()))
                .update();
        String ref = demands.find(id).orElseThrow().refNo();
        return new Created(ref, token, msg("open311.notice"));
    }

    /** The deeper of the requested jurisdiction and the key's; 403 when they do not overlap. */
    private static String narrow(GridNode j, Open311Keys.Client client) {
        if (j == null || j.path().startsWith(client.jurisdictionPath())) {
            return j == null ? client.jurisdictionPath() : j.path();
        }
        if (client.jurisdictionPath().startsWith(j.path())) {
            return client.jurisdictionPath();
        }
        throw new Open311Exception(HttpStatus.FORBIDDEN, "the api_key is not valid for jurisdiction_id " + j.code());
    }

    private static Open311Exception translate(ProblemException e) {
        String d = switch (e.code()) {
            case "unknown-category" -> "service_code not found in this jurisdiction";
            case "outside-jurisdiction", "outside-grids" -> "the location lies outside the jurisdiction";
            case "invalid-phone" -> "phone is not a phone number: " + e.getMessage();
            default -> e.getMessage();
        };
        HttpStatus s = e.status().is4xxClientError() && e.status() != HttpStatus.NOT_FOUND ? HttpStatus.BAD_REQUEST : e.status();
        return new Open311Exception(s, d);
    }

    // ---- GET requests, tokens, updates --------------------------------------------------------------

    /**
     * The grid path a viewer may read under: the public sees requests created through Open311 anywhere
     * (or in the jurisdiction asked for); a client sees every demand of its jurisdiction.
     */
    private static String readPath(GridNode j, Viewer v) {
        if (v.client() == null) {
            return j == null ? "/" : j.path();
        }
        return narrow(j, v.client());
    }

    private static Channel readChannel(Viewer v) {
        return v.client() == null ? Channel.OPEN311 : null;
    }

    /** A page of requests and the cursor of the next page (null on the last). */
    public record Listed(List<Fields> items, String next) {
    }

    /**
     * The requests of a list (GET requests): newest first, at most {@code page_size} (default and most
     * {@value #MAX_RESULTS}); {@code cursor} continues after the page that gave it (the controller sends it as a
     * {@code Link: rel="next"} header). A cursor this server did not issue is a 400.
     */
    @Transactional(readOnly = true) // a read replica may answer (ReplicaRouting)
    public Listed requests(Map<String, String> p, Viewer v) {
        GridNode j = jurisdiction(p.get("jurisdiction_id"));
        String path = readPath(j, v);
        String ids = blank(p.get("service_request_id"));
        if (ids != null) {
            List<String> refs = List.of(ids.split(",")).stream().map(String::strip).filter(s -> !s.isEmpty()).distinct().toList();
            if (refs.size() > MAX_RESULTS) {
                throw bad("at most " + MAX_RESULTS + " service_request_id values");
            }
            return new Listed(render(demands.digests(new DemandApi.DigestQuery(path, refs, null, null, null, null, readChannel(v),
                    MAX_RESULTS))), null);
        }
        Instant end = date(p.get("end_date"), "end_date");
        Instant start = date(p.get("start_date"), "start_date");
        if (end == null) {
            end = start == null ? Instant.now() : start.plus(DEFAULT_WINDOW);
        }
        if (start == null) {
            start = end.minus(DEFAULT_WINDOW);
        }
        if (end.isBefore(start)) {
            throw bad("end_date is before start_date");
        }
        if (Duration.between(start, end).compareTo(DEFAULT_WINDOW) > 0) {
            throw bad("start_date and end_date may be at most 90 days apart");
        }
        Set<String> codes = new LinkedHashSet<>();
        String codeParam = blank(p.get("service_code"));
        if (codeParam != null) {
            for (String c : codeParam.split(",")) {
                if (!c.isBlank()) {
                    codes.add(c.strip());
                }
            }
        }
        Boolean open = null;
        String statusParam = blank(p.get("status"));
        if (statusParam != null) {
            Set<String> st = List.of(statusParam.split(",")).stream().map(s -> s.strip().toLowerCase(Locale.ROOT))
                    .collect(Collectors.toSet());
            if (!Set.of("open", "closed").containsAll(st)) {
                throw bad("status is open, closed or both (open,closed)");
            }
            open = st.size() == 2 ? null : st.contains("open");
        }
        int pageSize = MAX_RESULTS;
        String sizeParam = blank(p.get("page_size"));
        if (sizeParam != null) {
            try {
                pageSize = Integer.parseInt(sizeParam);
            } catch (NumberFormatException e) {
                pageSize = 0;
            }
            if (pageSize < 1 || pageSize > MAX_RESULTS) {
                throw bad("page_size is a number from 1 to " + MAX_RESULTS);
            }
        }
        DemandApi.DigestPage page = demands.digestPage(new DemandApi.DigestQuery(path, List.of(), codes, start, end, open,
                readChannel(v), pageSize), blank(p.get("cursor")));
        return new Listed(render(page.items()), page.next());
    }

    @Transactional(readOnly = true) // a read replica may answer (ReplicaRouting)
    public Fields request(String serviceRequestId, GridNode j, Viewer v) {
        List<Fields> one = render(demands.digests(new DemandApi.DigestQuery(readPath(j, v), List.of(serviceRequestId), null,
                null, null, null, readChannel(v), 1)));
        if (one.isEmpty()) {
            throw new Open311Exception(HttpStatus.NOT_FOUND, "service_request_id not found: " + serviceRequestId);
        }
        return one.get(0);
    }

    /** The request a token was issued for (tokens are issued with every request, which is created at once). */
    @Transactional(readOnly = true) // a read replica may answer (ReplicaRouting)
    public Fields token(String token) {
        Optional<Long> demand = jdbc.sql("select demand_id from open311_request where token = ?").param(token)
                .query(Long.class).optional();
        String ref = demand.flatMap(demands::find).map(d -> d.refNo())
                .orElseThrow(() -> new Open311Exception(HttpStatus.NOT_FOUND, "token not found: " + token));
        return Doc.fields().put("service_request_id", ref).put("token", token);
    }

    @Transactional(readOnly = true) // a read replica may answer (ReplicaRouting)
    public List<Fields> updates(Map<String, String> p, Viewer v) {
        GridNode j = jurisdiction(p.get("jurisdiction_id"));
        String path = readPath(j, v);
        Instant end = date(p.get("end_date"), "end_date");
        Instant start = date(p.get("start_date"), "start_date");
        if (end == null) {
            end = Instant.now();
        }
        if (start == null) {
            start = end.minus(DEFAULT_WINDOW);
        }
        if (end.isBefore(start)) {
            throw bad("end_date is before start_date");
        }
        List<Fields> out = new ArrayList<>();
        for (DemandApi.Step s : demands.steps(path, readChannel(v), start, end, MAX_RESULTS)) {
            String label = msg("demand.action." + s.action());
            // a resident's words are not repeated to the client; a handler's note and the system's records in words
            boolean residentsWords = s.action().equals("RATED") || s.action().equals("REOPENED");
            String text = s.note() == null || s.note().isBlank() || residentsWords ? label
                    : label + "：" + notes.inWords(s.action(), s.note(), ZH);
            out.add(Doc.fields().put("update_id", String.valueOf(s.id())).put("service_request_id", s.refNo())
                    .put("status", s.status().isOpen() ? "open" : "closed").put("updated_datetime", w3c(s.at()))
                    .put("description", text).put("media_url", null));
        }
        return out;
    }

    private List<Fields> render(List<DemandApi.Digest> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<Long, String> media = new HashMap<>();
        jdbc.sql("select demand_id, media_url from open311_request where demand_id = any(:ids) and media_url is not null")
                .param("ids", rows.stream().map(DemandApi.Digest::id).toArray(Long[]::new))
                .query(rs -> {
                    media.put(rs.getLong(1), rs.getString(2));
                });
        Map<Long, Map<String, CategoryView>> categories = new HashMap<>();
        // the addresses in one read (issue 19: a page of 1,000 requests made up to 1,000 building reads)
        Map<Long, BuildingView> buildings = grid.buildings(rows.stream().map(DemandApi.Digest::buildingId)
                .filter(java.util.Objects::nonNull).toList());
        List<Fields> out = new ArrayList<>();
        for (DemandApi.Digest d : rows) {
            CategoryView c = categories.computeIfAbsent(d.communityId(), k -> demands.categories(k).stream()
                    .collect(Collectors.toMap(CategoryView::code, x -> x))).get(d.categoryCode());
            Optional<BuildingView> b = d.buildingId() == null ? Optional.empty() : Optional.ofNullable(buildings.get(d.buildingId()));
            String agency = d.parties().isEmpty() ? null
                    : d.parties().stream().map(this::party).collect(Collectors.joining("、"));
            out.add(Doc.fields().put("service_request_id", d.refNo())
                    .put("status", d.status().isOpen() ? "open" : "closed")
                    .put("status_notes", statusNotes(d))
                    .put("service_name", c == null ? d.categoryCode() : c.nameZh())
                    .put("service_code", d.categoryCode())
                    .put("description", d.description())
                    .put("agency_responsible", agency)
                    .put("service_notice", null)
                    .put("requested_datetime", w3c(d.submittedAt()))
                    .put("updated_datetime", w3c(d.updatedAt()))
                    .put("expected_datetime", d.resolveDueAt() == null ? null : w3c(d.resolveDueAt()))
                    .put("address", b.map(x -> x.compoundName() + " " + x.number() + "栋").orElse(null))
                    .put("address_id", b.map(x -> "B" + x.id()).orElse(null))
                    .put("zipcode", null)
                    .put("lat", d.lat())
                    .put("long", d.lon())
                    .put("media_url", media.get(d.id())));
        }
        return out;
    }

    /** The state in words, then the latest handler's note (e.g. why it was not accepted). */
    private String statusNotes(DemandApi.Digest d) {
        String state = msg("demand.status." + d.status().name());
        return d.lastNote() == null || d.lastNote().isBlank() ? state : state + "：" + notes.inWords(d.lastNote(), ZH);
    }

    private String party(Party p) {
        return msg("party." + p.name());
    }

    /**
     * A message in Chinese, looked up once per key: the keys are a few dozen (states, parties, actions, attributes) and
     * a page of 1,000 requests asked for two each (issue 19).
     */
    private String msg(String key) {
        return words.computeIfAbsent(key, k -> messages.getMessage(k, null, k, ZH));
    }

    /**
     * {@link #W3C} in Beijing time, written by hand for the usual case (issue 19: three per request, formatting took a
     * tenth of a page of 1,000): a year of four digits and an offset of whole minutes; otherwise the formatter.
     */
    static String w3c(Instant t) {
        java.time.ZoneOffset offset = SETTLED != null && t.isAfter(SETTLED) ? SETTLED_OFFSET : ZONE.getRules().getOffset(t);
        java.time.LocalDateTime l = java.time.LocalDateTime.ofEpochSecond(t.getEpochSecond(), 0, offset);
        int total = offset.getTotalSeconds();
        if (l.getYear() < 1000 || l.getYear() > 9999 || total % 60 != 0) {
            return W3C.format(t.atZone(ZONE));
        }
        StringBuilder b = new StringBuilder(25).append(l.getYear()).append('-');
        two(b, l.getMonthValue()).append('-');
        two(b, l.getDayOfMonth()).append('T');
        two(b, l.getHour()).append(':');
        two(b, l.getMinute()).append(':');
        two(b, l.getSecond());
        if (total == 0) {
            return b.append('Z').toString();
        }
        int minutes = Math.abs(total) / 60;
        b.append(total < 0 ? '-' : '+');
        two(b, minutes / 60).append(':');
        return two(b, minutes % 60).toString();
    }

    private static StringBuilder two(StringBuilder b, int n) {
        return b.append((char) ('0' + n / 10)).append((char) ('0' + n % 10));
    }

    /** W3C/ISO 8601 with a zone (2026-11-23T08:00:00+08:00 or …Z); a bare date is midnight in Beijing. */
    static Instant date(String value, String field) {
        String v = blank(value);
        if (v == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return java.time.LocalDate.parse(v).atStartOfDay(ZONE).toInstant();
            } catch (DateTimeParseException e2) {
                throw bad(field + " must be an ISO 8601 date-time with a zone, e.g. 2026-11-23T08:00:00+08:00");
            }
        }
    }

    static String maskEmail(String email) {
        int at = email.indexOf('@');
        String local = email.substring(0, at);
        return (local.length() <= 1 ? "*" : local.charAt(0) + "***") + email.substring(at);
    }

    private static Open311Exception bad(String description) {
        return new Open311Exception(HttpStatus.BAD_REQUEST, description);
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static String nz(String s) {
        return s == null ? "" : s.strip();
    }
}
