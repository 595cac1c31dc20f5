package io.gridwork.transparency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridNode;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.support.GridworkTest;
import io.gridwork.support.TestPeople;
import io.gridwork.transparency.internal.Quarter;
import io.gridwork.transparency.internal.Rankings;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The red/black list through the API: the street's weights (refused unless they add up to 100), a quarter computed
 * from the measures rollup (party PROPERTY only), the disclosures' publication times and the rectification list, with
 * every score reproduced here from the figures the list shows; drafts hidden from everyone but the street's staff,
 * publication, a published list that never changes and a recomputation as a new version with its reason.
 */
@GridworkTest
class RankingApiTests {

    @Autowired MockMvc mvc;
    @Autowired JdbcClient jdbc;
    @Autowired ObjectMapper json;
    @Autowired TestPeople people;
    @Autowired TransparencyApi transparency;
    @Autowired Rankings rankings;
    @Autowired GridApi grid;

    GridworkUser street;
    GridworkUser community;
    GridworkUser resident;
    GridworkUser property;
    GridworkUser owners;
    GridworkUser worker;
    GridNode xuefuStreet;
    GridNode jingcheng;
    GridNode garden;
    GridNode bijiqiao;
    /** A year without contracts of the street's three compounds, and without a list. */
    int year;

    @BeforeEach
    void setUp() {
        street = people.user("street");
        community = people.user("community");
        resident = people.user("resident");
        property = people.user("property");
        owners = people.user("owners");
        worker = people.user("worker");
        xuefuStreet = node("学府街道");
        jingcheng = node("学府憬城");
        garden = node("城市花园三期");
        bijiqiao = node("碧鸡桥小区");
        year = 2019;
        while (jdbc.sql("""
                select count(*) from transparency_contract where compound_id in (?, ?, ?) and starts_on <= ? and ends_on >= ?""")
                .params(jingcheng.id(), garden.id(), bijiqiao.id(), Date.valueOf(year + "-12-31"), Date.valueOf(year + "-01-01"))
                .query(Integer.class).single() > 0
                || jdbc.sql("select count(*) from transparency_rank_list where rank_year = ?").param(year).query(Integer.class).single() > 0) {
            year--;
        }
        assertThat(year).isGreaterThan(2001);
    }

    GridNode node(String name) {
        return grid.node(jdbc.sql("select id from grid_node where name = ?").param(name).query(Long.class).single()).orElseThrow();
    }

    ResultActions call(MockHttpServletRequestBuilder request, GridworkUser as, String body) throws Exception {
        request.with(csrf()).with(user(as));
        if (body != null) {
            request.contentType(MediaType.APPLICATION_JSON).content(body);
        }
        return mvc.perform(request);
    }

    JsonNode body(ResultActions r) throws Exception {
        return json.readTree(r.andReturn().getResponse().getContentAsString());
    }

    String code(ResultActions r) throws Exception {
        return body(r).path("code").asText();
    }

    int lists() {
        return jdbc.sql("select count(*) from transparency_rank_list").query(Integer.class).single();
    }

    void contract(GridNode compound, String company) throws Exception {
        call(post("/api/transparency/contracts"), street, """
                {"compoundId": %d, "companyName": "%s", "startsOn": "%d-01-01", "endsOn": "%d-12-31", "feeFenPerM2": 150}"""
                .formatted(compound.id(), company, year, year)).andExpect(status().isCreated());
    }

    void rollup(GridNode compound, LocalDate day, String party, int found, int resolveDue, int onTime, int ratings, int satisfied) {
        jdbc.sql("""
                insert into demand_measure_daily (stat_day, grid_id, category_code, party, found, rectified, respond_due,
                    respond_on_time, resolve_due, resolve_on_time, ratings, satisfied) values (?, ?, 'WATER_LEAK', ?, ?, 0, 0, 0, ?, ?, ?, ?)""")
                .params(Date.valueOf(day), compound.id(), party, found, resolveDue, onTime, ratings, satisfied).update();
    }

    void problem(GridNode compound, String party, LocalDate found, LocalDate rectified) {
        jdbc.sql("""
                insert into rectification_item (grid_id, grid_path, source, title, party, status, found_at, rectified_at,
                    created_by_id, created_by_name) values (?, ?, 'WORKER', '榜单测试问题', ?, ?, ?, ?, 0, '测试')""")
                .params(compound.id(), compound.path(), party, rectified == null ? "OPEN" : "RECTIFIED", at(found),
                        rectified == null ? null : at(rectified)).update();
    }

    static Timestamp at(LocalDate day) {
        return Timestamp.from(day.atTime(10, 0).atZone(ZoneId.of("Asia/Shanghai")).toInstant());
    }

    String settings(int onTime, int satisfaction, int disclosure, int rectification, int complaints, int red, int black) {
        return """
                {"weightOnTime": %d, "weightSatisfaction": %d, "weightDisclosure": %d, "weightRectification": %d,
                 "weightComplaints": %d, "redMin": %d, "blackBelow": %d, "disclosureDays": 15}"""
                .formatted(onTime, satisfaction, disclosure, rectification, complaints, red, black);
    }

    @Test
    void theStreetScoresItsCompaniesFromTheRollupsPublishesAndRecomputesAsANewVersion() throws Exception {
        String a = "榜测甲物业" + year;
        String b = "榜测乙物业" + year;
        contract(jingcheng, a);
        contract(bijiqiao, a);
        contract(garden, b);
        Quarter q = Quarter.of(year, 2);
        // the rollup: the property company's demands, and other parties' (not counted), and a day outside the quarter
        rollup(jingcheng, q.first().plusDays(3), "PROPERTY", 10, 8, 6, 5, 4);
        rollup(jingcheng, q.first().plusDays(3), "*", 40, 30, 10, 20, 5);
        rollup(jingcheng, q.last().plusDays(1), "PROPERTY", 9, 9, 0, 9, 0);
        rollup(garden, q.last(), "PROPERTY", 4, 4, 4, 2, 2);
        // the rectification list: 3 of 4 of the property company's problems in 城市花园三期 rectified by the quarter's end
        problem(garden, "PROPERTY", q.first().plusDays(1), q.first().plusDays(5));
        problem(garden, "PROPERTY", q.first().plusDays(1), q.first().plusDays(6));
        problem(garden, "PROPERTY", q.first().plusDays(2), q.last());
        problem(garden, "PROPERTY", q.last(), q.last().plusDays(3));
        problem(garden, "GRID", q.first().plusDays(1), null);
        // 学府憬城's disclosures: the service report published 10 days after the quarter, the finance one 20 days after
        long service = transparency.submitServiceReport(jingcheng.id(), year, 2, "季度服务", Map.of("CLEANING", "每日清扫"), property);
        long finance = transparency.submitFinanceReport(jingcheng.id(), year, 2, "季度收支",
                List.of(new TransparencyApi.Line("PROPERTY_FEES", "物业费", 1000L)), property);
        transparency.approve(service, owners);
        transparency.approve(finance, owners);
        jdbc.sql("update transparency_report set published_at = ? where id = ?").params(at(q.last().plusDays(10)), service).update();
        jdbc.sql("update transparency_report set published_at = ? where id = ?").params(at(q.last().plusDays(20)), finance).update();

        // weights: only the street's staff set them, and they add up to 100
        String url = "/api/transparency/rankings/settings?gridId=" + xuefuStreet.id();
        JsonNode before = body(call(get(url), street, null).andExpect(status().isOk()));
        assertThat(code(call(put(url), street, settings(30, 25, 20, 15, 11, 70, 70)).andExpect(status().isBadRequest())))
                .isEqualTo("rank-weights-sum");
        assertThat(code(call(put(url), street, settings(30, 25, 20, 15, 10, 60, 70)).andExpect(status().isBadRequest())))
                .isEqualTo("rank-thresholds");
        call(put(url), community, settings(30, 25, 20, 15, 10, 70, 70)).andExpect(status().isForbidden());
        assertThat(body(call(get(url), street, null)).get("weightComplaints")).isEqualTo(before.get("weightComplaints"));
        JsonNode set = body(call(put(url), street, settings(30, 25, 20, 15, 10, 70, 70)).andExpect(status().isOk()));
        assertThat(set.get("updatedByName").asText()).isEqualTo(street.displayName());

        // computing: the street's staff only, for a quarter that has ended
        String compute = """
                {"gridId": %d, "year": %d, "quarter": 2}""".formatted(xuefuStreet.id(), year);
        int count = lists();
        call(post("/api/transparency/rankings"), community, compute).andExpect(status().isForbidden());
        assertThat(code(call(post("/api/transparency/rankings"), street, """
                {"gridId": %d, "year": 2099, "quarter": 1}""".formatted(xuefuStreet.id())).andExpect(status().isBadRequest())))
                .isEqualTo("quarter-not-ended");
        assertThat(lists()).isEqualTo(count);
        JsonNode draft = body(call(post("/api/transparency/rankings"), street, compute).andExpect(status().isCreated()));
        long id = draft.get("id").asLong();
        assertThat(draft.get("status").asText()).isEqualTo("DRAFT");
        assertThat(draft.get("version").asInt()).isEqualTo(1);

        Map<String, JsonNode> byName = new HashMap<>();
        draft.get("entries").forEach(e -> byName.put(e.get("companyName").asText(), e));
        JsonNode ea = byName.get(a);
        JsonNode eb = byName.get(b);
        assertThat(ea.get("compounds").asInt()).isEqualTo(2);
        assertThat(List.of(ea.get("resolveDue").asLong(), ea.get("resolveOnTime").asLong(), ea.get("ratings").asLong(),
                ea.get("satisfied").asLong(), ea.get("demandsFound").asLong(), (long) ea.get("reportsDue").asInt(),
                (long) ea.get("reportsOnTime").asInt(), ea.get("problemsFound").asLong()))
                .as("party PROPERTY in the quarter only; one of 学府憬城's reports on time, none of 碧鸡桥小区's")
                .containsExactly(8L, 6L, 5L, 4L, 10L, 4L, 1L, 0L);
        assertThat(ea.get("scoreRectification").isNull()).as("nothing to rectify: left out").isTrue();
        assertThat(List.of(eb.get("problemsFound").asLong(), eb.get("problemsRectified").asLong())).containsExactly(4L, 3L);
        // every score reproduces from the figures shown
        for (JsonNode e : List.of(ea, eb)) {
            assertThat(e.get("total").asInt()).isEqualTo(reproduce(e, set));
        }
        assertThat(ea.get("total").asInt()).isEqualTo(6647);
        assertThat(eb.get("total").asInt()).isEqualTo(7625);
        assertThat(eb.get("rank").asInt()).isLessThan(ea.get("rank").asInt());
        assertThat(eb.get("band").asText()).isEqualTo("RED");
        assertThat(ea.get("band").asText()).isEqualTo("BLACK");
        JsonNode jc = null;
        for (JsonNode f : ea.get("compoundFigures")) {
            if (f.get("compoundId").asLong() == jingcheng.id()) {
                jc = f;
            }
        }
        assertThat(jc).isNotNull();
        assertThat(jc.get("servicePublishedAt").isNull()).isFalse();

        // a draft is the street staff's: everyone else is answered as if it did not exist
        call(get("/api/transparency/rankings/" + id), resident, null).andExpect(status().isNotFound());
        call(get("/api/transparency/rankings/" + id), property, null).andExpect(status().isNotFound());
        assertThat(body(call(get("/api/transparency/rankings?gridId=" + xuefuStreet.id()), resident, null).andExpect(status().isOk()))
                .findValues("id").stream().map(JsonNode::asLong)).doesNotContain(id);

        // recomputing a draft keeps it the same version
        call(post("/api/transparency/rankings"), street, compute).andExpect(status().isCreated());
        assertThat(lists()).isEqualTo(count + 1);

        // published: everyone in the street reads it, nobody changes it
        call(post("/api/transparency/rankings/" + id + "/publish"), resident, null).andExpect(status().isForbidden());
        JsonNode published = body(call(post("/api/transparency/rankings/" + id + "/publish"), street, null).andExpect(status().isOk()));
        assertThat(published.get("status").asText()).isEqualTo("PUBLISHED");
        assertThat(code(call(post("/api/transparency/rankings/" + id + "/publish"), street, null).andExpect(status().isConflict())))
                .isEqualTo("rank-published");
        for (GridworkUser u : List.of(resident, property, owners, worker, community)) {
            call(get("/api/transparency/rankings/" + id), u, null).andExpect(status().isOk());
        }
        JsonNode v1 = body(call(get("/api/transparency/rankings/" + id), resident, null));

        // the figures move; a recomputation needs a reason and is the next version, the published one stays as it was
        rollup(garden, q.first().plusDays(10), "PROPERTY", 6, 6, 0, 0, 0);
        assertThat(code(call(post("/api/transparency/rankings"), street, compute).andExpect(status().isBadRequest())))
                .isEqualTo("reason-required");
        assertThat(lists()).isEqualTo(count + 1);
        JsonNode v2 = body(call(post("/api/transparency/rankings"), street, """
                {"gridId": %d, "year": %d, "quarter": 2, "reason": "补录城市花园三期逾期诉求"}""".formatted(xuefuStreet.id(), year))
                .andExpect(status().isCreated()));
        assertThat(v2.get("version").asInt()).isEqualTo(2);
        assertThat(v2.get("supersedesId").asLong()).isEqualTo(id);
        assertThat(v2.get("reason").asText()).isEqualTo("补录城市花园三期逾期诉求");
        JsonNode v1After = body(call(get("/api/transparency/rankings/" + id), resident, null));
        assertThat(v1After.get("entries")).isEqualTo(v1.get("entries"));
        call(post("/api/transparency/rankings/" + v2.get("id").asLong() + "/publish"), street, null).andExpect(status().isOk());
        assertThat(body(call(get("/api/transparency/rankings/" + id), resident, null)).get("supersededById").asLong())
                .isEqualTo(v2.get("id").asLong());
    }

    /** The total from the figures shown: each indicator's rate in hundredths, the weighted mean of those with figures. */
    static int reproduce(JsonNode e, JsonNode w) {
        Long[] scores = {
                rate(e.get("resolveOnTime").asLong(), e.get("resolveDue").asLong()),
                rate(e.get("satisfied").asLong(), e.get("ratings").asLong()),
                rate(e.get("reportsOnTime").asLong(), e.get("reportsDue").asLong()),
                rate(e.get("problemsRectified").asLong(), e.get("problemsFound").asLong()),
                rate(e.get("demandsFound").asLong() - (e.get("ratings").asLong() - e.get("satisfied").asLong()), e.get("demandsFound").asLong())};
        int[] weights = {w.get("weightOnTime").asInt(), w.get("weightSatisfaction").asInt(), w.get("weightDisclosure").asInt(),
                w.get("weightRectification").asInt(), w.get("weightComplaints").asInt()};
        long sum = 0;
        long weight = 0;
        for (int i = 0; i < 5; i++) {
            if (scores[i] != null) {
                sum += weights[i] * scores[i];
                weight += weights[i];
            }
        }
        return (int) Math.round((double) sum / weight);
    }

    static Long rate(long part, long whole) {
        return whole == 0 ? null : Math.round(part * 10000.0 / whole);
    }

    @Test
    void theDemoStreetsListIsComputedFromRollupsInUnderASecond() {
        GridNode district = node("成华区（演示）");
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
        LocalDate last = today.withDayOfMonth(1).minusMonths((today.getMonthValue() - 1) % 3 + 3);
        Quarter q = Quarter.of(last.getYear(), (last.getMonthValue() - 1) / 3 + 1);
        Rankings.Settings s = rankings.settings(xuefuStreet.id(), street);
        rankings.compute(district, q, s); // warm up
        long started = System.nanoTime();
        Rankings.Computed c = rankings.compute(district, q, s);
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertThat(millis).isLessThan(1000);
        assertThat(c.entries()).extracting(Rankings.Entry::companyName).contains("成都锦憬物业服务有限公司", "成都花城物业管理有限公司",
                "四川桥畔物业服务有限公司");
        // the demo's published list of the street
        assertThat(jdbc.sql("select count(*) from transparency_rank_list where grid_id = ? and status = 'PUBLISHED'")
                .param(xuefuStreet.id()).query(Integer.class).single()).isPositive();
    }
}
