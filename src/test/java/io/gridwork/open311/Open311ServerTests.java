package io.gridwork.open311;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import io.gridwork.demand.Channel;
import io.gridwork.demand.Grade;
import io.gridwork.demand.internal.DemandService;
import io.gridwork.open311.internal.Open311Keys;
import io.gridwork.support.GridworkTest;
import io.gridwork.support.TestPeople;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The GeoReport v2 server against the specification's examples, field by field in XML (JDK DOM and
 * XPath) and JSON (a Jackson tree): discovery, service list and definition, POST and GET requests,
 * tokens, mySociety's service request updates, the error format and status codes, Chinese text, and
 * that personal data never comes back.
 */
@GridworkTest
class Open311ServerTests {

    static final JsonMapper JSON = JsonMapper.builder().build();
    /** The centre of 学府憬城第1微网格 in the demo community (学府社区). */
    static final String LAT = "30.6765";
    static final String LON = "104.1060";
    static final List<String> REQUEST_FIELDS = List.of("service_request_id", "status", "status_notes", "service_name",
            "service_code", "description", "agency_responsible", "service_notice", "requested_datetime", "updated_datetime",
            "expected_datetime", "address", "address_id", "zipcode", "lat", "long", "media_url");

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Open311Keys keys;
    @Autowired
    DemandService demands;
    @Autowired
    TestPeople people;
    @Autowired
    io.gridwork.grid.GridApi grid;

    String xuefu;
    String jincheng;
    String street;
    String key;

    @BeforeEach
    void fixtures() {
        xuefu = code("学府社区");
        jincheng = code("锦城社区");
        street = code("学府街道");
        key = keys.issue("12345 平台测试 " + UUID.randomUUID(), xuefu, 6000, people.user("admin")).key();
    }

    private String code(String name) {
        return jdbc.sql("select code from grid_node where name = ?").param(name).query(String.class).single();
    }

    // ---- discovery, services, definitions ----------------------------------------------------------

    @Test
    void discoveryNamesTheGeoReportEndpointAndItsFormats() throws Exception {
        Open311Xml x = xml(get("/open311/v2/discovery.xml"), 200);
        assertThat(x.root()).isEqualTo("discovery");
        assertThat(x.childNames("/discovery")).containsExactly("changeset", "contact", "key_service", "endpoints");
        assertThat(x.text("/discovery/endpoints/endpoint/specification")).isEqualTo("http://wiki.open311.org/GeoReport_v2");
        assertThat(x.text("/discovery/endpoints/endpoint/url")).endsWith("/open311/v2/");
        assertThat(x.text("/discovery/endpoints/endpoint/type")).isEqualTo("production");
        assertThat(x.texts("/discovery/endpoints/endpoint/formats/format")).containsExactly("text/xml", "application/json");

        JsonNode j = json(get("/open311/v2/discovery.json"), 200);
        assertThat(j.isObject()).isTrue();
        assertThat(j.get("endpoints").get(0).get("formats").get(1).asString()).isEqualTo("application/json");
    }

    @Test
    void servicesAreTheCommunitysCategoriesInTheSpecsFields() throws Exception {
        MvcResult r = mvc.perform(get("/open311/v2/services.xml").param("jurisdiction_id", xuefu)).andReturn();
        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        assertThat(r.getResponse().getContentType()).startsWith("text/xml").containsIgnoringCase("charset=utf-8");
        byte[] body = r.getResponse().getContentAsByteArray();
        assertThat(new String(body, StandardCharsets.UTF_8)).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
        Open311Xml x = Open311Xml.parse(body);
        assertThat(x.root()).isEqualTo("services");
        assertThat(x.count("/services/service")).isGreaterThan(3);
        assertThat(x.childNames("/services/service[1]")).containsExactly("service_code", "service_name", "description",
                "metadata", "type", "keywords", "group");
        assertThat(x.text("/services/service[service_code='WATER_LEAK']/metadata")).isEqualTo("true");
        assertThat(x.text("/services/service[service_code='WATER_LEAK']/type")).isEqualTo("realtime");
        String name = jdbc.sql("select name_zh from demand_category where code = 'WATER_LEAK' and community_id is null")
                .query(String.class).single();
        assertThat(x.text("/services/service[service_code='WATER_LEAK']/service_name")).isEqualTo(name);

        JsonNode j = json(get("/open311/v2/services.json").param("jurisdiction_id", xuefu), 200);
        assertThat(j.isArray()).isTrue();
        JsonNode leak = find(j, "service_code", "WATER_LEAK");
        assertThat(names(leak)).containsExactly("service_code", "service_name", "description", "metadata", "type", "keywords",
                "group");
        assertThat(leak.get("metadata").isBoolean()).isTrue();
        assertThat(leak.get("service_name").asString()).isEqualTo(name);

        // a street offers the default set; no jurisdiction too
        assertThat(json(get("/open311/v2/services.json").param("jurisdiction_id", street), 200).size()).isGreaterThan(3);
        assertThat(json(get("/open311/v2/services.json"), 200).size()).isGreaterThan(3);
    }

    @Test
    void aServiceDefinitionListsItsAttributes() throws Exception {
        Open311Xml x = xml(get("/open311/v2/services/WATER_LEAK.xml").param("jurisdiction_id", xuefu), 200);
        assertThat(x.root()).isEqualTo("service_definition");
        assertThat(x.text("/service_definition/service_code")).isEqualTo("WATER_LEAK");
        assertThat(x.count("/service_definition/attributes/attribute")).isEqualTo(3);
        assertThat(x.childNames("/service_definition/attributes/attribute[1]")).containsExactly("variable", "code", "datatype",
                "required", "datatype_description", "order", "description", "values");
        assertThat(x.text("/service_definition/attributes/attribute[code='DESCRIPTION_REQUIRED']/variable")).isEqualTo("false");
        assertThat(x.text("/service_definition/attributes/attribute[code='location_detail']/datatype")).isEqualTo("string");
        assertThat(x.texts("/service_definition/attributes/attribute[code='anonymous']/values/value/key"))
                .containsExactly("false", "true");
        assertThat(x.text("/service_definition/attributes/attribute[code='anonymous']/values/value[key='true']/name"))
                .isEqualTo("是");

        JsonNode j = json(get("/open311/v2/services/WATER_LEAK.json").param("jurisdiction_id", xuefu), 200);
        assertThat(j.get("service_code").asString()).isEqualTo("WATER_LEAK");
        JsonNode anon = find(j.get("attributes"), "code", "anonymous");
        assertThat(anon.get("required").asBoolean()).isFalse();
        assertThat(anon.get("order").asInt()).isEqualTo(3);
        assertThat(anon.get("values").get(1).get("name").asString()).isEqualTo("是");

        errorXml(get("/open311/v2/services/NO_SUCH.xml").param("jurisdiction_id", xuefu), 404, "service_code");
        errorJson(get("/open311/v2/services/NO_SUCH.json"), 404, "service_code");
    }

    // ---- POST and GET requests ------------------------------------------------------------------------

    @Test
    void aPostedRequestBecomesADemandAndReadsBackWithoutPersonalData() throws Exception {
        String text = "路灯不亮，晚上很黑 " + UUID.randomUUID();
        Open311Xml created = xml(post("/open311/v2/requests.xml").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .param("api_key", key).param("jurisdiction_id", xuefu).param("service_code", "WATER_LEAK")
                .param("lat", LAT).param("long", LON).param("description", text)
                .param("email", "zhang.san@example.cn").param("phone", "13812345678")
                .param("first_name", "三").param("last_name", "张")
                .param("media_url", "https://img.example.cn/a/1.jpg")
                .param("attribute[location_detail]", "3栋门口").param("attribute[anonymous]", "true"), 200);
        assertThat(created.root()).isEqualTo("service_requests");
        assertThat(created.childNames("/service_requests/request")).containsExactly("service_request_id", "token",
                "service_notice", "account_id");
        String id = created.text("/service_requests/request/service_request_id");
        String token = created.text("/service_requests/request/token");
        assertThat(id).matches("GW\\d{6}-[0-9A-Z]{6}");

        // the demand: Open311 channel, the reporter's name, the phone and e-mail only encrypted and masked
        Map<String, Object> row = lower(jdbc.sql("select * from demand where ref_no = ?").param(id).query().singleRow());
        assertThat(row.get("channel")).isEqualTo(Channel.OPEN311.name());
        assertThat(row.get("description")).isEqualTo(text);
        assertThat(row.get("reporter_name")).isEqualTo("张三");
        assertThat(row.get("location_text")).isEqualTo("3栋门口");
        assertThat(row.get("anonymous")).isEqualTo(true);
        assertThat(row.get("contact_phone_mask")).isEqualTo("138****5678");
        assertThat((String) row.get("contact_phone_enc")).doesNotContain("13812345678");
        Map<String, Object> extra = lower(jdbc.sql("select * from open311_request where demand_id = ?").param(row.get("id"))
                .query().singleRow());
        assertThat(extra.get("email_mask")).isEqualTo("z***@example.cn");
        assertThat((String) extra.get("email_enc")).isNotBlank().doesNotContain("zhang.san");

        // GET one, in both formats, field by field
        MvcResult one = mvc.perform(get("/open311/v2/requests/" + id + ".xml").param("jurisdiction_id", xuefu)).andReturn();
        assertThat(one.getResponse().getStatus()).isEqualTo(200);
        String oneXml = one.getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(oneXml).doesNotContain("13812345678", "138****5678", "zhang.san", "z***@", "张三");
        Open311Xml x = Open311Xml.parse(one.getResponse().getContentAsByteArray());
        assertThat(x.childNames("/service_requests/request")).containsExactlyElementsOf(REQUEST_FIELDS);
        assertThat(x.text("/service_requests/request/service_request_id")).isEqualTo(id);
        assertThat(x.text("/service_requests/request/status")).isEqualTo("open");
        assertThat(x.text("/service_requests/request/status_notes")).isEqualTo("待受理");
        assertThat(x.text("/service_requests/request/service_code")).isEqualTo("WATER_LEAK");
        assertThat(x.text("/service_requests/request/description")).isEqualTo(text);
        assertThat(x.text("/service_requests/request/lat")).isEqualTo("30.6765");
        assertThat(x.text("/service_requests/request/long")).isEqualTo("104.106");
        assertThat(x.text("/service_requests/request/media_url")).isEqualTo("https://img.example.cn/a/1.jpg");
        String requested = x.text("/service_requests/request/requested_datetime");
        assertThat(requested).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+08:00");
        assertThat(OffsetDateTime.parse(requested).toInstant()).isBetween(Instant.now().minusSeconds(120), Instant.now());
        // the time limit: the demand's resolve-due time
        Object due = row.get("resolve_due_at");
        String expected = x.text("/service_requests/request/expected_datetime");
        if (due == null) {
            assertThat(expected).isEmpty();
        } else {
            assertThat(OffsetDateTime.parse(expected).toInstant()).isEqualTo(instant(due).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        }

        JsonNode j = json(get("/open311/v2/requests/" + id + ".json"), 200);
        assertThat(j.isArray()).isTrue();
        assertThat(names(j.get(0))).containsExactlyElementsOf(REQUEST_FIELDS);
        assertThat(j.get(0).get("description").asString()).isEqualTo(text);
        assertThat(j.get(0).get("lat").isNumber()).isTrue();
        assertThat(j.get(0).get("service_notice").isNull()).isTrue();
        // no part of the reporter's number or name anywhere; the description is left out of the "138" check only (it
        // carries a random UUID, which may hold those digits), and must not hold the number whole
        assertThat(j.toString()).doesNotContain("13812345678", "zhang", "张三");
        tools.jackson.databind.node.ObjectNode fields = (tools.jackson.databind.node.ObjectNode) j.get(0).deepCopy();
        fields.remove("description");
        assertThat(fields.toString()).doesNotContain("138").contains("service_request_id");

        // the token answers with the request
        Open311Xml t = xml(get("/open311/v2/tokens/" + token + ".xml"), 200);
        assertThat(t.text("/service_requests/request/service_request_id")).isEqualTo(id);
        assertThat(t.text("/service_requests/request/token")).isEqualTo(token);
        JsonNode tj = json(get("/open311/v2/tokens/" + token + ".json"), 200);
        assertThat(tj.get(0).get("service_request_id").asString()).isEqualTo(id);
        errorJson(get("/open311/v2/tokens/nope.json"), 404, "token");
    }

    @Test
    void addressStringAndAddressIdLocateTheHousehold() throws Exception {
        JsonNode byAddress = json(post("/open311/v2/requests.json").param("api_key", key).param("service_code", "WATER_LEAK")
                .param("address_string", "学府憬城3栋2单元501室").param("description", "楼道漏水 " + UUID.randomUUID()), 200);
        String id = byAddress.get(0).get("service_request_id").asString();
        Map<String, Object> d = lower(jdbc.sql("select household_id, building_id from demand where ref_no = ?").param(id).query().singleRow());
        long household = jdbc.sql("""
                select h.id from household h join unit u on u.id = h.unit_id join building b on b.id = u.building_id
                  join grid_node c on c.id = b.compound_id
                 where c.name = '学府憬城' and b.number = '3' and u.number = '2' and h.room = '501'""").query(Long.class).single();
        assertThat(((Number) d.get("household_id")).longValue()).isEqualTo(household);

        JsonNode byId = json(post("/open311/v2/requests.json").param("api_key", key).param("service_code", "WATER_LEAK")
                .param("address_id", String.valueOf(household)).param("description", "门口堆物 " + UUID.randomUUID()), 200);
        String id2 = byId.get(0).get("service_request_id").asString();
        JsonNode read = json(get("/open311/v2/requests/" + id2 + ".json"), 200).get(0);
        // the address goes down to the building only
        assertThat(read.get("address").asString()).isEqualTo("学府憬城 3栋");
        assertThat(read.get("address_id").asString()).isEqualTo("B" + ((Number) d.get("building_id")).longValue());
        // a list reads its addresses together: the same words for each
        JsonNode both = json(get("/open311/v2/requests.json").param("api_key", key).param("service_request_id", id + "," + id2), 200);
        assertThat(both).hasSize(2).allSatisfy(r -> assertThat(r.get("address").asString()).isEqualTo("学府憬城 3栋"));

        JsonNode byBuilding = json(post("/open311/v2/requests.json").param("api_key", key).param("service_code", "WATER_LEAK")
                .param("address_id", read.get("address_id").asString()).param("description", "楼顶漏水"), 200);
        assertThat(byBuilding.get(0).get("service_request_id").asString()).startsWith("GW");
    }

    @Test
    void getRequestsFiltersByIdsCodeStatusAndDates() throws Exception {
        String a = create("WATER_LEAK", "筛选测试甲 " + UUID.randomUUID());
        String b = create("WATER_LEAK", "筛选测试乙 " + UUID.randomUUID());
        // b is handled on the spot and verified: closed
        long bId = jdbc.sql("select id from demand where ref_no = ?").param(b).query(Long.class).single();
        demands.resolveOnSpot(bId, "已现场处理", people.user("worker"));

        Open311Xml both = xml(get("/open311/v2/requests.xml").param("service_request_id", a + "," + b), 200);
        assertThat(both.texts("/service_requests/request/service_request_id")).containsExactlyInAnyOrder(a, b);
        assertThat(both.text("/service_requests/request[service_request_id='" + b + "']/status")).isEqualTo("closed");
        assertThat(both.text("/service_requests/request[service_request_id='" + b + "']/status_notes"))
                .isEqualTo("已办结：已现场处理");
        // the time of its latest step (read for the whole page at once)
        java.time.Instant latest = jdbc.sql("select max(at) from demand_event_log where demand_id = ?").param(bId)
                .query(java.sql.Timestamp.class).single().toInstant();
        assertThat(both.text("/service_requests/request[service_request_id='" + b + "']/updated_datetime")).isEqualTo(
                DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX").format(latest.atZone(java.time.ZoneId.of("Asia/Shanghai"))));

        List<String> open = json(get("/open311/v2/requests.json").param("jurisdiction_id", xuefu).param("status", "open")
                .param("service_code", "WATER_LEAK"), 200).findValuesAsString("service_request_id");
        assertThat(open).contains(a).doesNotContain(b);
        List<String> closed = json(get("/open311/v2/requests.json").param("status", "closed"), 200)
                .findValuesAsString("service_request_id");
        assertThat(closed).contains(b).doesNotContain(a);
        List<String> otherCode = json(get("/open311/v2/requests.json").param("service_code", "NOISE,PARKING"), 200)
                .findValuesAsString("service_request_id");
        assertThat(otherCode).doesNotContain(a, b);

        DateTimeFormatter w3c = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
        String past = w3c.format(OffsetDateTime.now().minusDays(10));
        String yesterday = w3c.format(OffsetDateTime.now().minusDays(1));
        assertThat(json(get("/open311/v2/requests.json").param("start_date", past).param("end_date", yesterday), 200)
                .findValuesAsString("service_request_id")).doesNotContain(a, b);
        assertThat(json(get("/open311/v2/requests.json").param("start_date", yesterday), 200)
                .findValuesAsString("service_request_id")).contains(a, b);
    }

    @Test
    void thePublicSeesOnlyOpen311RequestsAKeySeesItsJurisdiction() throws Exception {
        String mine = create("WATER_LEAK", "公开范围测试 " + UUID.randomUUID());
        long appDemand = demands.submit(new DemandService.Submission("WATER_LEAK", "居民自报，不经 Open311 " + UUID.randomUUID(),
                null, null, null, null, null, null, null, false, null, null, null), people.freshResident(), null).id();
        String app = jdbc.sql("select ref_no from demand where id = ?").param(appDemand).query(String.class).single();

        assertThat(json(get("/open311/v2/requests.json").param("service_request_id", mine + "," + app), 200)
                .findValuesAsString("service_request_id")).containsExactly(mine);
        errorJson(get("/open311/v2/requests/" + app + ".json"), 404, "service_request_id");
        assertThat(json(get("/open311/v2/requests.json").param("api_key", key).param("service_request_id", mine + "," + app), 200)
                .findValuesAsString("service_request_id")).containsExactlyInAnyOrder(mine, app);

        // a key of another community sees neither (both lie in 学府社区)
        String other = keys.issue("锦城 " + UUID.randomUUID(), jincheng, 6000, people.user("admin")).key();
        assertThat(json(get("/open311/v2/requests.json").param("api_key", other).param("service_request_id", mine + "," + app), 200)
                .size()).isZero();
        errorJson(get("/open311/v2/requests.json").param("api_key", other).param("jurisdiction_id", xuefu), 403, "api_key");
    }

    // ---- errors ---------------------------------------------------------------------------------------

    @Test
    void badInputIsRefusedInTheSpecsErrorFormat() throws Exception {
        // missing and bad api_key
        errorXml(post("/open311/v2/requests.xml").param("service_code", "WATER_LEAK").param("lat", LAT).param("long", LON)
                .param("description", "没有密钥"), 400, "api_key");
        errorXml(post("/open311/v2/requests.xml").param("api_key", "o311_wrong").param("service_code", "WATER_LEAK")
                .param("lat", LAT).param("long", LON).param("description", "错误密钥"), 403, "api_key");
        errorJson(post("/open311/v2/requests.json").param("api_key", "o311_wrong").param("service_code", "WATER_LEAK")
                .param("lat", LAT).param("long", LON).param("description", "错误密钥"), 403, "api_key");
        // unknown service_code, no location, no description
        errorXml(newRequest("xml").param("service_code", "NO_SUCH").param("lat", LAT).param("long", LON), 400, "service_code");
        errorJson(newRequest("json").param("service_code", "WATER_LEAK"), 400, "location");
        errorJson(post("/open311/v2/requests.json").param("api_key", key).param("service_code", "WATER_LEAK")
                .param("lat", LAT).param("long", LON), 400, "description");
        errorJson(newRequest("json").param("service_code", "WATER_LEAK").param("lat", "north").param("long", LON), 400, "lat");
        errorJson(newRequest("json").param("service_code", "WATER_LEAK").param("address_string", "学府憬城99栋9单元909室"), 400,
                "address_string");
        errorJson(newRequest("json").param("service_code", "WATER_LEAK").param("address_id", "H999999999"), 400, "address_id");
        errorJson(newRequest("json").param("service_code", "WATER_LEAK").param("lat", LAT).param("long", LON)
                .param("phone", "12"), 400, "phone");
        errorJson(newRequest("json").param("service_code", "WATER_LEAK").param("lat", LAT).param("long", LON)
                .param("email", "not-an-address"), 400, "email");
        // a point in 锦城社区 (城市花园三期) with a key for 学府社区; a point in no grid at all
        errorXml(newRequest("xml").param("service_code", "WATER_LEAK").param("lat", "30.6600").param("long", "104.0900"), 400,
                "outside the jurisdiction");
        errorXml(newRequest("xml").param("service_code", "WATER_LEAK").param("lat", "39.9").param("long", "116.4"), 400,
                "outside the jurisdiction");
        // a jurisdiction the key does not cover, and one that does not exist
        errorXml(newRequest("xml").param("jurisdiction_id", jincheng).param("service_code", "WATER_LEAK").param("lat", LAT)
                .param("long", LON), 403, "jurisdiction");
        errorXml(get("/open311/v2/services.xml").param("jurisdiction_id", "999999999999"), 404, "jurisdiction_id");
        errorJson(get("/open311/v2/requests.json").param("jurisdiction_id", "nowhere"), 404, "jurisdiction_id");
        // bad dates and status
        errorXml(get("/open311/v2/requests.xml").param("start_date", "yesterday"), 400, "start_date");
        errorJson(get("/open311/v2/requests.json").param("start_date", "2026-05-01T00:00:00Z")
                .param("end_date", "2026-04-01T00:00:00Z"), 400, "end_date");
        errorJson(get("/open311/v2/requests.json").param("start_date", "2025-01-01T00:00:00Z")
                .param("end_date", "2026-01-01T00:00:00Z"), 400, "90 days");
        errorJson(get("/open311/v2/requests.json").param("status", "pending"), 400, "status");
        errorJson(get("/open311/v2/servicerequestupdates.json").param("end_date", "soon"), 400, "end_date");
        // unknown request id and format
        errorXml(get("/open311/v2/requests/GW000000-NOSUCH.xml"), 404, "service_request_id");
        errorJson(get("/open311/v2/requests/GW000000-NOSUCH.json"), 404, "service_request_id");
        errorXml(get("/open311/v2/services.html"), 404, "format");
        // a GET with a bad key is refused too
        errorJson(get("/open311/v2/requests.json").param("api_key", "o311_wrong"), 403, "api_key");
    }

    @Test
    void aKeyIsLimitedPerMinuteAndARevokedKeyIsRefused() throws Exception {
        Open311Keys.Issued slow = keys.issue("限速 " + UUID.randomUUID(), xuefu, 2, people.user("street"));
        json(get("/open311/v2/services.json").param("api_key", slow.key()), 200);
        json(get("/open311/v2/services.json").param("api_key", slow.key()), 200);
        errorJson(get("/open311/v2/services.json").param("api_key", slow.key()), 429, "a minute");

        Open311Keys.Issued gone = keys.issue("吊销 " + UUID.randomUUID(), xuefu, 100, people.user("admin"));
        json(get("/open311/v2/services.json").param("api_key", gone.key()), 200);
        keys.revoke(gone.id(), people.user("street"));
        errorJson(post("/open311/v2/requests.json").param("api_key", gone.key()).param("service_code", "WATER_LEAK")
                .param("lat", LAT).param("long", LON).param("description", "吊销后"), 403, "api_key");
    }

    // ---- updates (mySociety's extension) --------------------------------------------------------------

    @Test
    void aFixMyStreetStylePullFollowsTheDemandToClosed() throws Exception {
        String start = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(OffsetDateTime.now().minusMinutes(1));
        String id = create("WATER_LEAK", "更新拉取测试 " + UUID.randomUUID());
        long demand = jdbc.sql("select id from demand where ref_no = ?").param(id).query(Long.class).single();
        var worker = people.user("worker");
        demands.accept(demand, Grade.MEDIUM, null, "已受理，安排人员", worker);
        demands.resolveOnSpot(demand, "已更换水管", worker);
        demands.verify(demand, "网格员回访确认", worker);

        Open311Xml x = xml(get("/open311/v2/servicerequestupdates.xml").param("start_date", start)
                .param("jurisdiction_id", xuefu), 200);
        assertThat(x.root()).isEqualTo("service_request_updates");
        String mine = "/service_request_updates/request_update[service_request_id='" + id + "']";
        assertThat(x.count(mine)).isEqualTo(4);
        assertThat(x.childNames(mine)).containsExactly("update_id", "service_request_id", "status", "updated_datetime",
                "description", "media_url");
        assertThat(x.texts(mine + "/status")).containsExactly("open", "open", "closed", "closed");
        assertThat(x.texts(mine + "/description")).containsExactly("提交诉求", "受理：已受理，安排人员", "自办自结：已更换水管",
                "网格员核实办结：网格员回访确认");
        for (String t : x.texts(mine + "/updated_datetime")) {
            assertThat(t).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+08:00");
        }
        List<String> ids = x.texts(mine + "/update_id");
        assertThat(ids).doesNotHaveDuplicates();

        // a second pull gives the same, stable update ids; JSON carries the same
        JsonNode j = json(get("/open311/v2/servicerequestupdates.json").param("start_date", start), 200);
        List<String> again = new ArrayList<>();
        for (JsonNode u : j) {
            if (u.get("service_request_id").asString().equals(id)) {
                again.add(u.get("update_id").asString());
                assertThat(names(u)).containsExactly("update_id", "service_request_id", "status", "updated_datetime",
                        "description", "media_url");
            }
        }
        assertThat(again).isEqualTo(ids);

        // the request itself is closed, and names the last note
        JsonNode r = json(get("/open311/v2/requests/" + id + ".json"), 200).get(0);
        assertThat(r.get("status").asString()).isEqualTo("closed");
        assertThat(r.get("status_notes").asString()).endsWith("网格员回访确认");
        // an end_date before the demand leaves it out
        JsonNode none = json(get("/open311/v2/servicerequestupdates.json").param("start_date", "2020-01-01T00:00:00Z")
                .param("end_date", "2020-02-01T00:00:00Z"), 200);
        assertThat(none.findValuesAsString("service_request_id")).doesNotContain(id);
    }

    @Test
    void agencyResponsibleNamesTheDispatchedParties() throws Exception {
        String id = create("WATER_LEAK", "派单测试 " + UUID.randomUUID());
        long demand = jdbc.sql("select id from demand where ref_no = ?").param(id).query(Long.class).single();
        var worker = people.user("worker");
        demands.accept(demand, Grade.MEDIUM, null, null, worker);
        demands.dispatch(demand, java.util.Set.of(io.gridwork.demand.Party.PROPERTY), "请物业维修", worker);
        Open311Xml x = xml(get("/open311/v2/requests/" + id + ".xml"), 200);
        assertThat(x.text("/service_requests/request/agency_responsible")).isEqualTo("物业公司");
        assertThat(x.text("/service_requests/request/status_notes")).isEqualTo("已派发：请物业维修");
        // a party's note names the party in words, not its code
        var property = people.user("property");
        long task = jdbc.sql("select id from demand_assignment where demand_id = ?").param(demand).query(Long.class).single();
        demands.startAssignment(demand, task, "明早维修", property);
        assertThat(xml(get("/open311/v2/requests/" + id + ".xml"), 200).text("/service_requests/request/status_notes"))
                .isEqualTo("办理中：【物业公司】 明早维修");
        // and so does its update
        List<String> updates = xml(get("/open311/v2/servicerequestupdates.xml")
                .param("start_date", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(OffsetDateTime.now().minusMinutes(5))), 200)
                .texts("/service_request_updates/request_update[service_request_id='" + id + "']/description");
        assertThat(updates).anyMatch(u -> u.endsWith("：【物业公司】 明早维修")).noneMatch(u -> u.contains("[PROPERTY]"));
    }

    @Test
    void staffSeeTheOpen311ChannelOnTheDemandPage() throws Exception {
        String id = create("WATER_LEAK", "渠道显示测试 " + UUID.randomUUID());
        long demand = jdbc.sql("select id from demand where ref_no = ?").param(id).query(Long.class).single();
        String page = mvc.perform(get("/demands/" + demand).with(io.gridwork.support.SignedIn.as(users(), "worker")))
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(page).contains(id).contains("Open311 接口");
    }

    @Test
    void streetStaffCannotIssueKeysForAnotherStreet() throws Exception {
        long district = jdbc.sql("select parent_id from grid_node where name = '学府街道'").query(Long.class).single();
        io.gridwork.grid.GridNode other = grid.create(district, io.gridwork.grid.GridLevel.STREET,
                "外街道" + UUID.randomUUID().toString().substring(0, 6), null, null);
        MvcResult r = mvc.perform(post("/api/open311/keys").with(io.gridwork.support.SignedIn.as(users(), "street"))
                .with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf())
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"越权\",\"jurisdiction\":\"" + other.code() + "\"}")).andReturn();
        assertThat(r.getResponse().getStatus()).isEqualTo(403);
        // an admin may, and the street's key then cannot place a request in 学府社区
        String k = keys.issue("外街道平台", other.code(), 100, people.user("admin")).key();
        errorJson(post("/open311/v2/requests.json").param("api_key", k).param("service_code", "WATER_LEAK")
                .param("lat", LAT).param("long", LON).param("description", "越界"), 400, "outside the jurisdiction");
        // and its list of keys is not the street staff's to see
        String list = mvc.perform(get("/api/open311/keys").with(io.gridwork.support.SignedIn.as(users(), "street")))
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(list).doesNotContain(other.code());
    }

    // ---- keys API -------------------------------------------------------------------------------------

    @Test
    void streetStaffIssueAKeyShownOnceAndListedMasked() throws Exception {
        String name = "区 12345 平台 " + UUID.randomUUID();
        MvcResult r = mvc.perform(post("/api/open311/keys").with(io.gridwork.support.SignedIn.as(users(), "street"))
                .with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf())
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"" + name + "\",\"jurisdiction\":\"" + xuefu + "\"}")).andReturn();
        assertThat(r.getResponse().getStatus()).isEqualTo(201);
        JsonNode issued = JSON.readTree(r.getResponse().getContentAsString(StandardCharsets.UTF_8));
        String k = issued.get("key").asString();
        assertThat(k).startsWith("o311_").hasSize(5 + 64);
        assertThat(jdbc.sql("select count(*) from open311_api_key where key_hash = ?").param(k).query(Long.class).single()).isZero();

        MvcResult list = mvc.perform(get("/api/open311/keys").with(io.gridwork.support.SignedIn.as(users(), "street"))).andReturn();
        String body = list.getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(body).contains(name).contains(k.substring(0, 10)).doesNotContain(k);

        // the key works, then is revoked through the API
        json(get("/open311/v2/services.json").param("api_key", k), 200);
        long id = issued.get("id").asLong();
        assertThat(mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete("/api/open311/keys/" + id)
                .with(io.gridwork.support.SignedIn.as(users(), "street"))
                .with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf()))
                .andReturn().getResponse().getStatus()).isEqualTo(204);
        errorJson(get("/open311/v2/services.json").param("api_key", k), 403, "api_key");

        // a community is not a street: keys go to streets or communities only
        MvcResult micro = mvc.perform(post("/api/open311/keys").with(io.gridwork.support.SignedIn.as(users(), "admin"))
                .with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf())
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"x\",\"jurisdiction\":\"" + code("学府憬城第1微网格") + "\"}")).andReturn();
        assertThat(micro.getResponse().getStatus()).isEqualTo(400);
    }

    @Test
    void theKeyPageShowsANewKeyOnce() throws Exception {
        String name = "页面签发 " + UUID.randomUUID();
        MvcResult r = mvc.perform(post("/open311/keys").with(io.gridwork.support.SignedIn.as(users(), "admin"))
                .with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf())
                .param("name", name).param("jurisdiction", street)).andReturn();
        assertThat(r.getResponse().getRedirectedUrl()).isEqualTo("/open311/keys");
        String k = (String) r.getFlashMap().get("issued");
        assertThat(k).startsWith("o311_");
        String page = mvc.perform(get("/open311/keys").with(io.gridwork.support.SignedIn.as(users(), "admin")))
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(page).contains(name).contains("学府街道").doesNotContain(k);
        String home = mvc.perform(get("/").with(io.gridwork.support.SignedIn.as(users(), "street")))
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(home).contains("/open311/keys");
        String residentHome = mvc.perform(get("/").with(io.gridwork.support.SignedIn.as(users(), "resident")))
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(residentHome).doesNotContain("/open311/keys");
    }

    // ---- helpers --------------------------------------------------------------------------------------

    @Autowired
    org.springframework.security.core.userdetails.UserDetailsService userDetails;

    private org.springframework.security.core.userdetails.UserDetailsService users() {
        return userDetails;
    }

    private MockHttpServletRequestBuilder newRequest(String format) {
        return post("/open311/v2/requests." + format).param("api_key", key).param("description", "测试输入");
    }

    private String create(String code, String description) throws Exception {
        return json(post("/open311/v2/requests.json").param("api_key", key).param("service_code", code).param("lat", LAT)
                .param("long", LON).param("description", description), 200).get(0).get("service_request_id").asString();
    }

    private Open311Xml xml(MockHttpServletRequestBuilder request, int status) throws Exception {
        MvcResult r = mvc.perform(request).andReturn();
        assertThat(r.getResponse().getStatus()).as(r.getResponse().getContentAsString(StandardCharsets.UTF_8)).isEqualTo(status);
        assertThat(r.getResponse().getContentType()).startsWith("text/xml");
        return Open311Xml.parse(r.getResponse().getContentAsByteArray());
    }

    @Test
    void requestListsPageByCursorThroughTheLinkHeader() throws Exception {
        // issue 19: page_size and cursor; the next page's address comes in Link: <…>; rel="next" (without the api_key)
        Instant from = Instant.now().minusMillis(1);
        String start = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(from.atOffset(java.time.ZoneOffset.ofHours(8)));
        long building = jdbc.sql("select min(id) from building where micro_grid_id = ?").param(people.firstMicroGrid())
                .query(Long.class).single();
        for (int i = 0; i < 9; i++) {
            demands.submit(new DemandService.Submission("GREENERY", "分页 " + i, null, null, building, null, null, null, null, false,
                    Channel.VISIT, "居民", null), people.user("worker"), null);
        }
        String path = jdbc.sql("select path from grid_node where code = ?").param(xuefu).query(String.class).single();
        List<String> want = jdbc.sql("select ref_no from demand where grid_path like ? and submitted_at >= ? order by submitted_at desc, id desc")
                .params(path + "%", java.sql.Timestamp.from(from)).query(String.class).list();
        assertThat(want).hasSizeGreaterThanOrEqualTo(9);
        List<String> got = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var request = get("/open311/v2/requests.json").param("api_key", key).param("jurisdiction_id", xuefu)
                    .param("start_date", start).param("page_size", "4");
            if (cursor != null) {
                request.param("cursor", cursor);
            }
            MvcResult r = mvc.perform(request).andReturn();
            assertThat(r.getResponse().getStatus()).isEqualTo(200);
            JSON.readTree(r.getResponse().getContentAsString(StandardCharsets.UTF_8)).forEach(n -> got.add(n.get("service_request_id").asString()));
            String link = r.getResponse().getHeader("Link");
            cursor = null;
            if (link != null) {
                assertThat(link).endsWith("; rel=\"next\"").contains("page_size=4").contains("%2B08%3A00").doesNotContain("api_key");
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("[?&]cursor=([^&>]+)").matcher(link);
                assertThat(m.find()).isTrue();
                cursor = java.net.URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
            }
            pages++;
        } while (cursor != null && pages < 100);
        assertThat(got).doesNotHaveDuplicates().isEqualTo(want);
        assertThat(pages).isEqualTo((want.size() + 3) / 4);
        // a cursor that was not issued, and a page size out of range, are errors in the specification's list
        errorJson(get("/open311/v2/requests.json").param("api_key", key).param("cursor", "forged.0123"), 400, "cursor");
        errorJson(get("/open311/v2/requests.json").param("api_key", key).param("page_size", "0"), 400, "page_size");
        errorJson(get("/open311/v2/requests.json").param("page_size", "1001"), 400, "page_size");
    }

    private JsonNode json(MockHttpServletRequestBuilder request, int status) throws Exception {
        MvcResult r = mvc.perform(request).andReturn();
        String body = r.getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(r.getResponse().getStatus()).as(body).isEqualTo(status);
        assertThat(r.getResponse().getContentType()).startsWith("application/json");
        return JSON.readTree(body);
    }

    /** {@code <errors><error><code>403</code><description>…</description></error></errors>}. */
    private void errorXml(MockHttpServletRequestBuilder request, int status, String mentions) throws Exception {
        Open311Xml x = xml(request, status);
        assertThat(x.root()).isEqualTo("errors");
        assertThat(x.count("/errors/error")).isEqualTo(1);
        assertThat(x.childNames("/errors/error")).containsExactly("code", "description");
        assertThat(x.text("/errors/error/code")).isEqualTo(String.valueOf(status));
        assertThat(x.text("/errors/error/description")).contains(mentions);
    }

    /** {@code [{"code":403,"description":"…"}]}. */
    private void errorJson(MockHttpServletRequestBuilder request, int status, String mentions) throws Exception {
        JsonNode j = json(request, status);
        assertThat(j.isArray()).isTrue();
        assertThat(j.size()).isEqualTo(1);
        assertThat(names(j.get(0))).containsExactly("code", "description");
        assertThat(j.get(0).get("code").asInt()).isEqualTo(status);
        assertThat(j.get(0).get("description").asString()).contains(mentions);
    }

    static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode n : array) {
            if (n.get(field).asString().equals(value)) {
                return n;
            }
        }
        throw new AssertionError("no " + field + "=" + value + " in " + array);
    }

    static List<String> names(JsonNode object) {
        List<String> out = new ArrayList<>();
        object.propertyNames().forEach(out::add);
        return out;
    }

    private static Map<String, Object> lower(Map<String, Object> row) {
        Map<String, Object> out = new java.util.HashMap<>();
        row.forEach((k, v) -> out.put(k.toLowerCase(java.util.Locale.ROOT), v));
        return out;
    }

    private static Instant instant(Object t) {
        if (t instanceof java.sql.Timestamp ts) {
            return ts.toInstant();
        }
        if (t instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        throw new IllegalArgumentException(String.valueOf(t));
    }
}
