package io.gridwork.transparency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import io.gridwork.demand.internal.DemandService;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.support.GridworkTest;
import io.gridwork.support.TestPeople;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Contracts and the quarterly disclosures through the API: who may do what, the refusals that change nothing (an
 * overlapping contract, a quarter without a contract, negative amounts, totals that do not add up, edits to a
 * published report), the review and publication, a correction as a new version, questions and public answers.
 */
@GridworkTest
class TransparencyApiTests {

    @Autowired MockMvc mvc;
    @Autowired JdbcClient jdbc;
    @Autowired ObjectMapper json;
    @Autowired TestPeople people;
    @Autowired DemandService demands;
    @Autowired io.gridwork.transparency.TransparencyApi transparency;

    GridworkUser community;
    GridworkUser property;
    GridworkUser owners;
    GridworkUser resident;
    long jingcheng;
    long garden;
    /** A year of 学府憬城 without a contract yet (the demo's contract covers recent years). */
    int year;

    @BeforeEach
    void setUp() {
        community = people.user("community");
        property = people.user("property");
        owners = people.user("owners");
        resident = people.user("resident");
        jingcheng = jdbc.sql("select id from grid_node where name = '学府憬城'").query(Long.class).single();
        garden = jdbc.sql("select id from grid_node where name = '城市花园三期'").query(Long.class).single();
        year = freeContractYear(jdbc, jingcheng);
        assertThat(year).isLessThan(2020);
    }

    /**
     * An odd year from 2001 on in which the compound has no contract (nor in the year before): each test registers its own
     * contract there, so tests sharing the demo database never meet each other's quarters.
     */
    static int freeContractYear(JdbcClient jdbc, long compound) {
        int year = 2001;
        while (jdbc.sql("""
                select count(*) from transparency_contract where compound_id = ? and starts_on <= ? and ends_on >= ?""")
                .params(compound, java.sql.Date.valueOf(year + "-12-31"), java.sql.Date.valueOf((year - 1) + "-01-01"))
                .query(Integer.class).single() > 0) {
            year += 2;
        }
        return year;
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

    long contract() throws Exception {
        return body(call(post("/api/transparency/contracts"), community, """
                {"compoundId": %d, "companyName": "测试物业%d", "startsOn": "%d-01-01", "endsOn": "%d-12-31", "feeFenPerM2": 150}"""
                .formatted(jingcheng, year, year, year)).andExpect(status().isCreated())).get("id").asLong();
    }

    int reports() {
        return jdbc.sql("select count(*) from transparency_report").query(Integer.class).single();
    }

    @Test
    void contractsAreMadeByStaffWithoutOverlapAndTheHandoverIsTicked() throws Exception {
        String fee = """
                {"compoundId": %d, "companyName": "测试物业", "startsOn": "%d-01-01", "endsOn": "%d-12-31", "feeFenPerM2": %d}""";
        call(post("/api/transparency/contracts"), property, fee.formatted(jingcheng, year, year, 150)).andExpect(status().isForbidden());
        call(post("/api/transparency/contracts"), community, fee.formatted(jingcheng, year, year, -5))
                .andExpect(status().isBadRequest());
        long id = contract();
        int count = jdbc.sql("select count(*) from transparency_contract").query(Integer.class).single();
        call(post("/api/transparency/contracts"), community, """
                {"compoundId": %d, "companyName": "另一家物业", "startsOn": "%d-06-01", "endsOn": "%d-05-31", "feeFenPerM2": 200}"""
                .formatted(jingcheng, year, year + 1)).andExpect(status().isConflict());
        assertThat(jdbc.sql("select count(*) from transparency_contract").query(Integer.class).single()).isEqualTo(count);

        // the property company reads its compound's contracts; a compound outside its grids is answered as absent
        JsonNode mine = body(call(get("/api/transparency/contracts"), property, null).andExpect(status().isOk()));
        assertThat(mine.findValues("id").stream().map(JsonNode::asLong)).contains(id);
        call(get("/api/transparency/contracts?compoundId=" + garden), property, null).andExpect(status().isNotFound());

        JsonNode ticked = body(call(post("/api/transparency/contracts/" + id + "/handover/OWNER_ROSTER"), community, null)
                .andExpect(status().isOk()));
        assertThat(ticked.get("handover").get(0).get("doneAt").isNull()).isTrue();
        assertThat(ticked.get("handover").get(2).get("doneByName").asText()).isEqualTo(community.displayName());
        call(post("/api/transparency/contracts/" + id + "/handover/NO_SUCH"), community, null).andExpect(status().isBadRequest());
        call(post("/api/transparency/contracts/" + id + "/handover/KEYS_AND_CODES"), property, null).andExpect(status().isForbidden());
    }

    @Test
    void aQuarterWithoutAContractHasNoReport() throws Exception {
        contract();
        int before = reports();
        JsonNode refused = body(call(post("/api/transparency/reports"), property, """
                {"compoundId": %d, "kind": "SERVICE", "year": %d, "quarter": 2}""".formatted(jingcheng, year - 1))
                .andExpect(status().isBadRequest()));
        assertThat(refused.get("code").asText()).isEqualTo("no-contract");
        assertThat(reports()).isEqualTo(before);
    }

    @Test
    void aFinanceReportIsCheckedReviewedPublishedAndCorrectedByANewVersion() throws Exception {
        contract();
        long id = body(call(post("/api/transparency/reports"), property, """
                {"compoundId": %d, "kind": "FINANCE", "year": %d, "quarter": 3}""".formatted(jingcheng, year))
                .andExpect(status().isCreated())).get("id").asLong();
        call(post("/api/transparency/reports"), property, """
                {"compoundId": %d, "kind": "FINANCE", "year": %d, "quarter": 3}""".formatted(jingcheng, year))
                .andExpect(status().isConflict());
        String content = """
                {"summary": "三季度收支", "lines": [
                  {"category": "PROPERTY_FEES", "description": "物业费", "amountFen": %d},
                  {"category": "PARKING", "amountFen": 20000},
                  {"category": "STAFF", "description": "工资", "amountFen": 70000}],
                 "incomeTotalFen": %d, "expenseTotalFen": 70000}""";
        // totals that do not add up, and a negative amount: refused, nothing saved
        JsonNode mismatch = body(call(put("/api/transparency/reports/" + id), property, content.formatted(100000, 100000))
                .andExpect(status().isBadRequest()));
        assertThat(mismatch.get("code").asText()).isEqualTo("totals-mismatch");
        JsonNode negative = body(call(put("/api/transparency/reports/" + id), property, content.formatted(-100000, -80000))
                .andExpect(status().isBadRequest()));
        assertThat(negative.get("code").asText()).isEqualTo("negative-amount");
        assertThat(jdbc.sql("select count(*) from transparency_report_item where report_id = ?").param(id).query(Integer.class).single())
                .isZero();

        call(put("/api/transparency/reports/" + id), property, content.formatted(100000, 120000)).andExpect(status().isOk());
        // a draft is the property company's own: the owners committee and the residents do not see it yet
        call(post("/api/transparency/reports/" + id + "/approve"), owners, null).andExpect(status().isNotFound());
        call(get("/api/transparency/reports/" + id), resident, null).andExpect(status().isNotFound());
        call(post("/api/transparency/reports/" + id + "/submit"), property, null).andExpect(status().isOk());
        call(put("/api/transparency/reports/" + id), property, content.formatted(1, 20001)).andExpect(status().isConflict());
        call(post("/api/transparency/reports/" + id + "/return"), owners, "{}").andExpect(status().isBadRequest());
        call(post("/api/transparency/reports/" + id + "/return"), owners, """
                {"comment": "停车费请写明车位数"}""").andExpect(status().isOk());
        call(put("/api/transparency/reports/" + id), property, content.formatted(100000, 120000)).andExpect(status().isOk());
        call(post("/api/transparency/reports/" + id + "/submit"), property, null).andExpect(status().isOk());
        call(post("/api/transparency/reports/" + id + "/approve"), property, null).andExpect(status().isForbidden());
        JsonNode published = body(call(post("/api/transparency/reports/" + id + "/approve"), owners, null).andExpect(status().isOk()));
        assertThat(published.get("status").asText()).isEqualTo("PUBLISHED");
        assertThat(published.get("incomeTotalFen").asLong() - published.get("expenseTotalFen").asLong()).isEqualTo(50000);

        // a published report never changes
        String before = jdbc.sql("select status || ':' || summary || ':' || income_total_fen from transparency_report where id = ?")
                .param(id).query(String.class).single();
        JsonNode refused = body(call(put("/api/transparency/reports/" + id), property, content.formatted(90000, 110000))
                .andExpect(status().isConflict()));
        assertThat(refused.get("code").asText()).isEqualTo("report-published");
        assertThat(jdbc.sql("select status || ':' || summary || ':' || income_total_fen from transparency_report where id = ?")
                .param(id).query(String.class).single()).isEqualTo(before);

        // the correction is the next version, with its reason; the first stays published and visible
        call(post("/api/transparency/reports/" + id + "/corrections"), property, "{}").andExpect(status().isBadRequest());
        JsonNode v2 = body(call(post("/api/transparency/reports/" + id + "/corrections"), property, """
                {"reason": "物业费少记 100 元"}""").andExpect(status().isCreated()));
        long v2id = v2.get("id").asLong();
        assertThat(v2.get("version").asInt()).isEqualTo(2);
        assertThat(v2.get("status").asText()).isEqualTo("DRAFT");
        assertThat(v2.get("items")).hasSize(3);
        call(post("/api/transparency/reports/" + id + "/corrections"), property, """
                {"reason": "again"}""").andExpect(status().isConflict());
        call(put("/api/transparency/reports/" + v2id), property, content.formatted(110000, 130000)).andExpect(status().isOk());
        call(post("/api/transparency/reports/" + v2id + "/submit"), property, null).andExpect(status().isOk());
        call(post("/api/transparency/reports/" + v2id + "/approve"), owners, null).andExpect(status().isOk());
        JsonNode v1 = body(call(get("/api/transparency/reports/" + id), resident, null).andExpect(status().isOk()));
        assertThat(v1.get("incomeTotalFen").asLong()).isEqualTo(120000);
        assertThat(v1.get("correctedById").asLong()).isEqualTo(v2id);
        JsonNode list = body(call(get("/api/transparency/reports?compoundId=" + jingcheng), resident, null).andExpect(status().isOk()));
        assertThat(list.findValues("id").stream().map(JsonNode::asLong)).contains(id, v2id);

        // questions by the compound's residents, answered in public by the property company
        call(post("/api/transparency/reports/" + v2id + "/questions"), resident, "{}").andExpect(status().isBadRequest());
        long q = body(call(post("/api/transparency/reports/" + v2id + "/questions"), resident, """
                {"body": "广告收入为什么是零？"}""").andExpect(status().isCreated())).get("id").asLong();
        call(post("/api/transparency/questions/" + q + "/answer"), property, """
                {"answer": "本季度电梯广告合同尚未续签。"}""").andExpect(status().isOk());
        call(post("/api/transparency/questions/" + q + "/answer"), property, """
                {"answer": "again"}""").andExpect(status().isConflict());
        JsonNode read = body(call(get("/api/transparency/reports/" + v2id), resident, null));
        assertThat(read.get("questions").get(0).get("answer").asText()).isEqualTo("本季度电梯广告合同尚未续签。");
    }

    @Test
    void aServiceReportCountsTheCompoundsDemandsOfTheQuarter() throws Exception {
        contract();
        // two hygiene demands and a lift fault of a resident of the compound, moved into the report's quarter
        GridworkUser reporter = people.freshResident();
        java.util.List<Long> ids = new java.util.ArrayList<>();
        for (String category : java.util.List.of("HYGIENE", "HYGIENE", "LIFT")) {
            ids.add(demands.submit(new DemandService.Submission(category, "双晒测试：" + category, null, null, null, null, null, null,
                    null, false, null, null, null), reporter, null).id());
        }
        jdbc.sql("update demand set submitted_at = :at where id in (:ids)")
                .param("at", java.sql.Timestamp.from(java.time.Instant.parse(year + "-02-10T02:00:00Z"))).param("ids", ids).update();
        // the list index carries the submission time too (issue 19)
        jdbc.sql("update demand_reach set submitted_at = :at where demand_id in (:ids)")
                .param("at", java.sql.Timestamp.from(java.time.Instant.parse(year + "-02-10T02:00:00Z"))).param("ids", ids).update();
        long id = body(call(post("/api/transparency/reports"), property, """
                {"compoundId": %d, "kind": "SERVICE", "year": %d, "quarter": 1}""".formatted(jingcheng, year))
                .andExpect(status().isCreated())).get("id").asLong();
        call(post("/api/transparency/reports/" + id + "/submit"), property, null).andExpect(status().isBadRequest());
        call(put("/api/transparency/reports/" + id), property, """
                {"service": [{"section": "CLEANING", "description": "每日清扫"}, {"section": "CLEANING", "description": "x"}]}""")
                .andExpect(status().isBadRequest());
        JsonNode saved = body(call(put("/api/transparency/reports/" + id), property, """
                {"service": [{"section": "CLEANING", "description": "每日清扫"}]}""").andExpect(status().isOk()));
        assertThat(saved.get("items")).hasSize(4);
        JsonNode submitted = body(call(post("/api/transparency/reports/" + id + "/submit"), property, null).andExpect(status().isOk()));
        JsonNode items = submitted.get("items");
        assertThat(items.get(0).get("section").asText()).isEqualTo("CLEANING");
        assertThat(items.get(0).get("demandsReceived").asInt()).isEqualTo(2);
        assertThat(items.get(0).get("demandsResolved").asInt()).isZero();
        assertThat(items.get(2).get("section").asText()).isEqualTo("REPAIRS");
        assertThat(items.get(2).get("demandsReceived").asInt()).isEqualTo(1);
        assertThat(items.get(1).get("demandsReceived").asInt()).isZero();
    }

    @Test
    void aReplayedReportIsDatedAfterItsQuarterAndOnlyOncePublished() throws Exception {
        contract();
        long id = transparency.submitFinanceReport(jingcheng, year, 3, "三季度收支",
                java.util.List.of(new TransparencyApi.Line("PROPERTY_FEES", "物业费", 100000L)), property);
        java.time.Instant quarterEnd = java.time.LocalDate.of(year, 10, 1).atStartOfDay(java.time.ZoneId.of("Asia/Shanghai")).toInstant();
        java.time.Instant submitted = quarterEnd.plus(java.time.Duration.ofDays(8));
        java.time.Instant published = quarterEnd.plus(java.time.Duration.ofDays(11));
        // submitted, not yet published: nothing to date
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> transparency.datePublished(id, submitted, published))
                .isInstanceOf(io.gridwork.shared.web.ProblemException.class);
        transparency.approve(id, owners);
        // inside the quarter, out of order or in the future: refused
        for (java.time.Instant[] wrong : java.util.List.of(new java.time.Instant[] {quarterEnd.minusSeconds(60), published},
                new java.time.Instant[] {published, submitted},
                new java.time.Instant[] {submitted, java.time.Instant.now().plus(java.time.Duration.ofDays(1))})) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> transparency.datePublished(id, wrong[0], wrong[1]))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        transparency.datePublished(id, submitted, published);
        var row = jdbc.sql("select submitted_at, reviewed_at, published_at from transparency_report where id = ?").param(id)
                .query((rs, i) -> new java.time.Instant[] {rs.getTimestamp(1).toInstant(), rs.getTimestamp(2).toInstant(),
                        rs.getTimestamp(3).toInstant()}).single();
        assertThat(row).containsExactly(submitted, published, published);
    }
}

