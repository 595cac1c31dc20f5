package io.gridwork.campaign;

import static io.gridwork.support.SignedIn.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import io.gridwork.shared.security.GridworkUser;
import io.gridwork.support.GridworkTest;
import io.gridwork.support.TestPeople;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Campaigns through the API: creation and dispatch, visits (idempotent), bad input, volunteers, coverage, report. */
@GridworkTest
@RecordApplicationEvents
class CampaignApiTests {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    MockMvc mvc;
    @Autowired
    UserDetailsService users;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TestPeople people;
    @Autowired
    ApplicationEvents events;

    long gridId(String name) {
        return jdbc.sql("select id from grid_node where name = ?").param(name).query(Long.class).single();
    }

    long accountId(String username) {
        return jdbc.sql("select id from account where username = ?").param(username).query(Long.class).single();
    }

    List<Long> householdsOf(String microGrid) {
        return jdbc.sql("""
                select h.id from household h join unit u on u.id = h.unit_id join building b on b.id = u.building_id
                 where b.micro_grid_id = ? order by h.id""").param(gridId(microGrid)).query(Long.class).list();
    }

    ResultActions send(org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder r, RequestPostProcessor who,
            Object body) throws Exception {
        return mvc.perform(r.with(who).with(csrf()).contentType(MediaType.APPLICATION_JSON).content(JSON.writeValueAsString(body)));
    }

    JsonNode json(ResultActions r) throws Exception {
        return JSON.readTree(r.andReturn().getResponse().getContentAsString());
    }

    /** An emergency gas-safety campaign over one micro-grid, dispatched at once by the community secretary. */
    long emergency(String microGrid) throws Exception {
        var body = Map.of("title", "燃气安全排查 " + UUID.randomUUID(), "kind", "EMERGENCY", "gridIds", List.of(gridId(microGrid)),
                "template", "gas-safety", "dispatch", true);
        return json(send(post("/api/campaigns"), as(users, "community"), body).andExpect(status().isCreated())).get("id").asLong();
    }

    static Map<String, Object> visit(long household, String outcome, Map<String, Object> answers) {
        var m = new java.util.HashMap<String, Object>();
        m.put("clientId", UUID.randomUUID().toString());
        m.put("householdId", household);
        m.put("outcome", outcome);
        if (answers != null) {
            m.put("answers", answers);
        }
        return m;
    }

    static Map<String, Object> safe() {
        return Map.of("hose_over_two_years", false, "valve", "正常", "alarm", true);
    }

    JsonNode coverage(long campaign, long grid) throws Exception {
        return json(mvc.perform(get("/api/campaigns/" + campaign + "/coverage").param("gridId", String.valueOf(grid))
                .with(as(users, "community"))).andExpect(status().isOk())).get("grid").get("counts");
    }

    @Test
    void anEmergencyCampaignIsDispatchedToEveryWorkerAndLeaderOfItsGrids() throws Exception {
        long id = emergency("学府憬城第1微网格");
        JsonNode c = json(mvc.perform(get("/api/campaigns/" + id).with(as(users, "worker"))).andExpect(status().isOk()));
        assertThat(c.get("status").asString()).isEqualTo("RUNNING");
        assertThat(c.get("households").asInt()).isEqualTo(householdsOf("学府憬城第1微网格").size());
        var dispatched = events.stream(CampaignEvents.CampaignDispatched.class).filter(e -> e.campaignId() == id).toList();
        assertThat(dispatched).hasSize(1);
        assertThat(dispatched.get(0).emergency()).isTrue();
        assertThat(dispatched.get(0).recipientAccountIds()).contains(accountId("worker"), accountId("leader"))
                .doesNotContain(accountId("resident"), accountId("merchant"));
        assertThat(jdbc.sql("select count(*) from campaign_recipient where campaign_id = ?").param(id).query(Long.class).single())
                .isEqualTo(dispatched.get(0).recipientAccountIds().size());
        mvc.perform(get("/api/campaigns/" + id + "/recipients").with(as(users, "community"))).andExpect(status().isOk())
                .andExpect(jsonPath("$[*].accountId", hasItem((int) accountId("worker"))));
        // a second dispatch is refused
        send(post("/api/campaigns/" + id + "/dispatch"), as(users, "community"), Map.of()).andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("already-dispatched"));
    }

    @Test
    void recipientsNamesAreInFullForGridStaffAndMaskedForEveryoneElse() throws Exception {
        long id = emergency("学府憬城第1微网格");
        GridworkUser volunteer = people.freshResident();
        send(post("/api/campaigns/" + id + "/volunteers"), as(users, "community"), Map.of("username", volunteer.getUsername(),
                "gridId", gridId("学府憬城第1微网格"))).andExpect(status().isOk());
        String worker = jdbc.sql("select display_name from account where username = 'worker'").query(String.class).single();
        String masked = io.gridwork.shared.Masking.name(worker);
        assertThat(masked).isNotEqualTo(worker);
        String url = "/api/campaigns/" + id + "/recipients";
        String workerRow = "$[?(@.accountId == " + accountId("worker") + ")].displayName";
        for (String staff : new String[] {"worker", "leader", "community"}) {
            mvc.perform(get(url).with(as(users, staff))).andExpect(status().isOk())
                    .andExpect(jsonPath(workerRow).value(hasItem(worker)));
        }
        for (String other : new String[] {"property", "party"}) {
            String body = mvc.perform(get(url).with(as(users, other))).andExpect(status().isOk())
                    .andExpect(jsonPath(workerRow).value(hasItem(masked))).andReturn().getResponse().getContentAsString();
            assertThat(body).as(other + " reads no full name").doesNotContain(worker);
        }
        var asVolunteer = org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user(volunteer);
        String body = mvc.perform(get(url).with(asVolunteer)).andExpect(status().isOk())
                .andExpect(jsonPath(workerRow).value(hasItem(masked))).andReturn().getResponse().getContentAsString();
        assertThat(body).doesNotContain(worker);
        // a resident who is not the campaign's volunteer sees nothing of it
        mvc.perform(get(url).with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors
                .user(people.freshResident()))).andExpect(status().isNotFound());
    }

    @Test
    void aWorkerReadsTheCoverageOfTheirOwnGridsOnly() throws Exception {
        long id = emergency("学府憬城第1微网格");
        long micro = gridId("学府憬城第1微网格");
        // by default a worker sees their own micro-grid, not the campaign's community
        mvc.perform(get("/api/campaigns/" + id + "/coverage").with(as(users, "worker"))).andExpect(status().isOk())
                .andExpect(jsonPath("$.grid.gridId").value(micro));
        mvc.perform(get("/api/campaigns/" + id + "/coverage").param("gridId", String.valueOf(micro)).with(as(users, "worker")))
                .andExpect(status().isOk());
        // the compound, the community, the district and a grid that does not exist all answer alike
        for (String outside : new String[] {"学府憬城", "学府社区", "成华区（演示）"}) {
            mvc.perform(get("/api/campaigns/" + id + "/coverage").param("gridId", String.valueOf(gridId(outside)))
                    .with(as(users, "worker"))).andExpect(status().isNotFound());
            mvc.perform(get("/campaigns/" + id + "/coverage").param("gridId", String.valueOf(gridId(outside)))
                    .with(as(users, "worker"))).andExpect(status().isNotFound());
        }
        mvc.perform(get("/api/campaigns/" + id + "/coverage").param("gridId", "999999999").with(as(users, "worker")))
                .andExpect(status().isNotFound());
        // the organiser reads the whole area
        mvc.perform(get("/api/campaigns/" + id + "/coverage").param("gridId", String.valueOf(gridId("学府社区")))
                .with(as(users, "community"))).andExpect(status().isOk());
    }

    @Test
    void aVisitSentTwiceCountsOnceAndHazardsArePublished() throws Exception {
        long id = emergency("学府憬城第1微网格");
        long micro = gridId("学府憬城第1微网格");
        long household = householdsOf("学府憬城第1微网格").get(3);
        var body = visit(household, "DONE", Map.of("hose_over_two_years", true, "valve", "漏气", "alarm", true));
        JsonNode first = json(send(post("/api/campaigns/" + id + "/visits"), as(users, "worker"), body).andExpect(status().isCreated()));
        send(post("/api/campaigns/" + id + "/visits"), as(users, "worker"), body).andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value(first.get("id").asLong()));
        JsonNode counts = coverage(id, micro);
        assertThat(counts.get("done").asInt()).isEqualTo(1);
        assertThat(counts.get("hazards").asInt()).isEqualTo(2);
        assertThat(jdbc.sql("select count(*) from campaign_visit where campaign_id = ?").param(id).query(Long.class).single()).isOne();
        var hazards = events.stream(CampaignEvents.HazardFound.class).filter(e -> e.campaignId() == id).toList();
        assertThat(hazards).extracting(CampaignEvents.HazardFound::sourceKey).containsExactlyInAnyOrder(
                "campaign:" + id + ":visit:" + first.get("id").asLong() + ":hose_over_two_years",
                "campaign:" + id + ":visit:" + first.get("id").asLong() + ":valve");
        assertThat(hazards.get(0).householdId()).isEqualTo(household);
        assertThat(hazards.get(0).microGridId()).isEqualTo(micro);
        // the same client id for another household is a conflict, not a second visit
        var reused = visit(household + 1, "VACANT", null);
        reused.put("clientId", body.get("clientId"));
        send(post("/api/campaigns/" + id + "/visits"), as(users, "worker"), reused).andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("client-id-reused"));
    }

    @Test
    void notAtHomeGoesToTheRevisitQueueAndALaterVisitMovesTheCounters() throws Exception {
        long id = emergency("学府憬城第1微网格");
        long micro = gridId("学府憬城第1微网格");
        long household = householdsOf("学府憬城第1微网格").get(5);
        send(post("/api/campaigns/" + id + "/visits"), as(users, "worker"), visit(household, "NOT_HOME", null))
                .andExpect(status().isCreated());
        mvc.perform(get("/api/campaigns/" + id + "/revisits").with(as(users, "leader"))).andExpect(status().isOk())
                .andExpect(jsonPath("$[*].householdId", hasItem((int) household)));
        assertThat(coverage(id, micro).get("notHome").asInt()).isEqualTo(1);
        send(post("/api/campaigns/" + id + "/visits"), as(users, "leader"), visit(household, "DONE", safe()))
                .andExpect(status().isCreated());
        JsonNode counts = coverage(id, micro);
        assertThat(counts.get("notHome").asInt()).isZero();
        assertThat(counts.get("done").asInt()).isEqualTo(1);
        mvc.perform(get("/api/campaigns/" + id + "/revisits").with(as(users, "leader"))).andExpect(status().isOk())
                .andExpect(content().json("[]"));
        // the coverage of the compound and the community include it; the micro-grid is a child of the compound
        JsonNode compound = json(mvc.perform(get("/api/campaigns/" + id + "/coverage").param("gridId",
                String.valueOf(gridId("学府憬城"))).with(as(users, "community"))).andExpect(status().isOk()));
        assertThat(compound.get("grid").get("counts").get("done").asInt()).isEqualTo(1);
        assertThat(compound.get("children").get(0).get("gridId").asLong()).isEqualTo(micro);
    }

    @Test
    void badVisitsAreRefusedAndChangeNothing() throws Exception {
        long id = emergency("学府憬城第1微网格");
        long micro = gridId("学府憬城第1微网格");
        long household = householdsOf("学府憬城第1微网格").get(7);
        long elsewhere = householdsOf("学府憬城第2微网格").get(0);
        String url = "/api/campaigns/" + id + "/visits";
        var worker = as(users, "worker");
        record Case(Map<String, Object> body, int status, String code) {
        }
        var missing = new java.util.HashMap<String, Object>(safe());
        missing.remove("alarm");
        var noClient = visit(household, "DONE", safe());
        noClient.remove("clientId");
        List<Case> cases = List.of(
                new Case(visit(elsewhere, "DONE", safe()), 422, "household-not-in-campaign"),
                new Case(visit(household, "DONE", Map.of("hose_over_two_years", "no", "valve", "正常", "alarm", true)), 400, "answer-wrong-type"),
                new Case(visit(household, "DONE", missing), 400, "answer-missing"),
                new Case(visit(household, "DONE", Map.of("hose_over_two_years", false, "valve", "还行", "alarm", true)), 400, "answer-unknown-option"),
                new Case(visit(household, "DONE", Map.of("hose_over_two_years", false, "valve", "正常", "alarm", true, "colour", "red")), 400, "answer-unknown-field"),
                new Case(visit(household, "DONE", Map.of("hose_over_two_years", false, "valve", "正常", "alarm", true, "photo", List.of(999999999))), 400, "answer-unknown-photo"),
                new Case(visit(household, "MAYBE", null), 400, "invalid-outcome"),
                new Case(visit(household, "NOT_HOME", safe()), 400, "answers-not-expected"),
                new Case(noClient, 400, "client-id-required"));
        for (Case c : cases) {
            send(post(url), worker, c.body()).andExpect(status().is(c.status())).andExpect(jsonPath("$.code").value(c.code()));
        }
        assertThat(jdbc.sql("select count(*) from campaign_visit where campaign_id = ?").param(id).query(Long.class).single()).isZero();
        JsonNode counts = coverage(id, micro);
        assertThat(counts.get("done").asInt() + counts.get("notHome").asInt()).isZero();
    }

    @Test
    void scopeDecidesWhoSeesAndVisitsAndVolunteersAreScopedToTheCampaign() throws Exception {
        long id = emergency("学府憬城第2微网格");
        long household = householdsOf("学府憬城第2微网格").get(0);
        String url = "/api/campaigns/" + id + "/visits";
        // the demo worker serves the first micro-grid: not this campaign
        mvc.perform(get("/api/campaigns/" + id).with(as(users, "worker"))).andExpect(status().isNotFound());
        send(post(url), as(users, "worker"), visit(household, "VACANT", null)).andExpect(status().isNotFound());
        // a resident becomes a volunteer for the campaign, limited to its micro-grid
        GridworkUser resident = people.freshResident();
        send(post(url), org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user(resident),
                visit(household, "VACANT", null)).andExpect(status().isNotFound());
        send(post("/api/campaigns/" + id + "/volunteers"), as(users, "worker"), Map.of("username", resident.getUsername()))
                .andExpect(status().isForbidden());
        send(post("/api/campaigns/" + id + "/volunteers"), as(users, "community"), Map.of("username", resident.getUsername(),
                "gridId", gridId("学府憬城第2微网格"))).andExpect(status().isOk());
        var asResident = org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user(resident);
        send(post(url), asResident, visit(household, "VACANT", null)).andExpect(status().isCreated());
        mvc.perform(get("/api/campaigns/" + id + "/buildings").with(asResident)).andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(2));
        // the volunteer's access ends with the campaign and reaches no other campaign
        long other = emergency("学府憬城第3微网格");
        send(post("/api/campaigns/" + other + "/visits"), asResident, visit(householdsOf("学府憬城第3微网格").get(0), "VACANT", null))
                .andExpect(status().isNotFound());
        mvc.perform(delete("/api/campaigns/" + id + "/volunteers/" + resident.accountId()).with(as(users, "community")).with(csrf()))
                .andExpect(status().isNoContent());
        send(post(url), asResident, visit(household, "DONE", safe())).andExpect(status().isNotFound());
        // only organisers create, and only over their own grids
        var body = Map.of("title", "越权 " + UUID.randomUUID(), "kind", "INSPECTION", "gridIds", List.of(gridId("学府憬城第1微网格")),
                "template", "gas-safety");
        send(post("/api/campaigns"), as(users, "worker"), body).andExpect(status().isForbidden());
        var outside = Map.of("title", "越权 " + UUID.randomUUID(), "kind", "INSPECTION", "gridIds", List.of(gridId("锦城社区")),
                "template", "gas-safety");
        send(post("/api/campaigns"), as(users, "community"), outside).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("unknown-target"));
    }

    @Test
    void badCampaignsAreRefused() throws Exception {
        long micro = gridId("学府憬城第1微网格");
        var community = as(users, "community");
        record Case(Map<String, Object> body, String code) {
        }
        List<Case> cases = List.of(
                new Case(Map.of("kind", "EMERGENCY", "gridIds", List.of(micro), "template", "gas-safety"), "title-required"),
                new Case(Map.of("title", "t", "kind", "PARTY", "gridIds", List.of(micro), "template", "gas-safety"), "invalid-kind"),
                new Case(Map.of("title", "t", "kind", "EMERGENCY", "gridIds", List.of(), "template", "gas-safety"), "target-required"),
                new Case(Map.of("title", "t", "kind", "EMERGENCY", "gridIds", List.of(micro), "template", "nope"), "unknown-template"),
                new Case(Map.of("title", "t", "kind", "EMERGENCY", "gridIds", List.of(micro)), "form-required"),
                new Case(Map.of("title", "t", "kind", "EMERGENCY", "gridIds", List.of(micro), "careTag", "RICH", "template", "gas-safety"), "invalid-care-tag"),
                new Case(Map.of("title", "t", "kind", "INSPECTION", "gridIds", List.of(micro), "template", "gas-safety",
                        "startsAt", "2026-01-02T00:00:00Z", "deadline", "2026-01-01T00:00:00Z"), "invalid-deadline"),
                new Case(Map.of("title", "t", "kind", "INSPECTION", "gridIds", List.of(micro), "form", Map.of("fields", List.of(
                        Map.of("key", "a", "label", "A", "type", "SINGLE")))), "form-invalid"));
        long before = jdbc.sql("select count(*) from campaign").query(Long.class).single();
        for (Case c : cases) {
            send(post("/api/campaigns"), community, c.body()).andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.code").value(c.code()));
        }
        assertThat(jdbc.sql("select count(*) from campaign").query(Long.class).single()).isEqualTo(before);
    }

    @Test
    void aCareTagCampaignReachesOnlyTaggedHouseholds() throws Exception {
        long compound = gridId("学府憬城");
        var body = Map.of("title", "独居老人走访 " + UUID.randomUUID(), "kind", "INSPECTION", "gridIds", List.of(compound),
                "careTag", "ELDERLY_ALONE", "template", "registration");
        JsonNode c = json(send(post("/api/campaigns"), as(users, "community"), body).andExpect(status().isCreated()));
        long expected = jdbc.sql("""
                select count(distinct m.household_id) from household_member m join person_tag t on t.person_id = m.person_id
                  join household h on h.id = m.household_id join unit u on u.id = h.unit_id join building b on b.id = u.building_id
                 where m.until is null and t.tag = 'ELDERLY_ALONE' and b.compound_id = ?""").param(compound).query(Long.class).single();
        assertThat(expected).isPositive();
        assertThat(c.get("households").asLong()).isEqualTo(expected);
        assertThat(c.get("status").asString()).isEqualTo("DRAFT");
        // a draft takes no visits
        long household = jdbc.sql("select min(household_id) from campaign_household where campaign_id = ?")
                .param(c.get("id").asLong()).query(Long.class).single();
        send(post("/api/campaigns/" + c.get("id").asLong() + "/visits"), as(users, "community"), visit(household, "VACANT", null))
                .andExpect(status().isConflict()).andExpect(jsonPath("$.code").value("campaign-not-running"));
    }

    @Test
    void theFormMayGrowButNotBreakRecordedVisits() throws Exception {
        long id = emergency("学府憬城第1微网格");
        var community = as(users, "community");
        send(post("/api/campaigns/" + id + "/visits"), as(users, "worker"),
                visit(householdsOf("学府憬城第1微网格").get(9), "DONE", safe())).andExpect(status().isCreated());
        JsonNode form = json(mvc.perform(get("/api/campaigns/" + id).with(community))).get("form");
        List<Map<String, Object>> fields = JSON.convertValue(form.get("fields"), new tools.jackson.core.type.TypeReference<>() {
        });
        String url = "/api/campaigns/" + id + "/form";
        // removing a field
        send(put(url), community, Map.of("fields", fields.subList(1, fields.size()))).andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("form-incompatible"));
        // retyping a field
        var retyped = new java.util.ArrayList<>(fields);
        var alarm = new java.util.HashMap<>(retyped.get(2));
        alarm.put("type", "TEXT");
        alarm.remove("hazardWhen");
        retyped.set(2, alarm);
        send(put(url), community, Map.of("fields", retyped)).andExpect(status().isConflict());
        // a new required field
        var required = new java.util.ArrayList<>(fields);
        required.add(Map.of("key", "meter", "label", "表号", "type", "TEXT", "required", true));
        send(put(url), community, Map.of("fields", required)).andExpect(status().isConflict());
        assertThat(json(mvc.perform(get("/api/campaigns/" + id).with(community))).get("formVersion").asInt()).isOne();
        // a new optional field is fine
        var optional = new java.util.ArrayList<>(fields);
        optional.add(Map.of("key", "meter", "label", "表号", "type", "TEXT", "required", false));
        send(put(url), community, Map.of("fields", optional)).andExpect(status().isOk())
                .andExpect(jsonPath("$.formVersion").value(2));
        send(put(url), as(users, "worker"), Map.of("fields", optional)).andExpect(status().isForbidden());
    }

    static byte[] jpeg() throws Exception {
        var img = new java.awt.image.BufferedImage(64, 48, java.awt.image.BufferedImage.TYPE_INT_RGB);
        var out = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(img, "jpeg", out);
        return out.toByteArray();
    }

    @Test
    void photosAreCheckedUploadedOnceAndNamedInAnswers() throws Exception {
        long id = emergency("学府憬城第1微网格");
        String clientId = UUID.randomUUID().toString();
        var worker = as(users, "worker");
        var file = new MockMultipartFile("file", "gas.jpg", "image/jpeg", jpeg());
        JsonNode p = json(mvc.perform(multipart("/api/campaigns/" + id + "/photos").file(file).param("clientId", clientId)
                .with(worker).with(csrf())).andExpect(status().isCreated()));
        long photo = p.get("id").asLong();
        mvc.perform(multipart("/api/campaigns/" + id + "/photos").file(file).param("clientId", clientId).with(worker).with(csrf()))
                .andExpect(jsonPath("$.id").value(photo));
        mvc.perform(multipart("/api/campaigns/" + id + "/photos")
                .file(new MockMultipartFile("file", "x.jpg", "image/jpeg", "not an image".getBytes()))
                .param("clientId", UUID.randomUUID().toString()).with(worker).with(csrf()))
                .andExpect(status().isUnsupportedMediaType()).andExpect(jsonPath("$.code").value("not-an-image"));
        var answers = new java.util.HashMap<String, Object>(safe());
        answers.put("alarm", false);
        answers.put("photo", List.of(photo));
        long household = householdsOf("学府憬城第1微网格").get(11);
        JsonNode v = json(send(post("/api/campaigns/" + id + "/visits"), worker, visit(household, "DONE", answers))
                .andExpect(status().isCreated()));
        var hazard = events.stream(CampaignEvents.HazardFound.class).filter(e -> e.visitId() == v.get("id").asLong()).toList();
        assertThat(hazard).hasSize(1);
        assertThat(hazard.get(0).photoIds()).containsExactly(photo);
        byte[] served = mvc.perform(get("/campaigns/photos/" + photo + "/thumb").with(as(users, "leader")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsByteArray();
        assertThat(served[0] & 0xff).isEqualTo(0xFF);
        mvc.perform(get("/campaigns/photos/" + photo).with(as(users, "merchant"))).andExpect(status().isNotFound());
    }

    @Test
    void coverageCountersAgreeWithTheHouseholdsAndTheReportComesOut() throws Exception {
        long id = emergency("学府憬城第1微网格");
        List<Long> hh = householdsOf("学府憬城第1微网格");
        String[] outcomes = {"DONE", "NOT_HOME", "REFUSED", "VACANT", "DONE", "NOT_HOME", "DONE"};
        Map<String, Object> last = null;
        for (int i = 0; i < 14; i++) {
            String o = outcomes[i % outcomes.length];
            last = visit(hh.get(i % 10), o, o.equals("DONE") ? safe() : null);
            send(post("/api/campaigns/" + id + "/visits"), as(users, "leader"), last).andExpect(status().isCreated());
        }
        JsonNode counts = coverage(id, gridId("学府憬城第1微网格"));
        for (String o : List.of("DONE", "NOT_HOME", "REFUSED", "VACANT")) {
            long brute = jdbc.sql("select count(*) from campaign_household where campaign_id = ? and outcome = ?").params(id, o)
                    .query(Long.class).single();
            String field = switch (o) {
                case "DONE" -> "done";
                case "NOT_HOME" -> "notHome";
                case "REFUSED" -> "refused";
                default -> "vacant";
            };
            assertThat(counts.get(field).asLong()).as(o).isEqualTo(brute);
        }
        assertThat(counts.get("inScope").asInt()).isEqualTo(hh.size());
        send(post("/api/campaigns/" + id + "/finish"), as(users, "community"), Map.of()).andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("FINISHED"));
        send(post("/api/campaigns/" + id + "/visits"), as(users, "worker"), visit(hh.get(20), "VACANT", null))
                .andExpect(status().isConflict()).andExpect(jsonPath("$.code").value("campaign-not-running"));
        // a phone that comes back online after the end resends what it had already sent: absorbed, not refused
        send(post("/api/campaigns/" + id + "/visits"), as(users, "leader"), last).andExpect(status().isOk());
        byte[] xlsx = mvc.perform(get("/api/campaigns/" + id + "/report.xlsx").with(as(users, "community")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsByteArray();
        assertThat(new String(xlsx, 0, 2)).isEqualTo("PK");
        try (var wb = new org.dhatim.fastexcel.reader.ReadableWorkbook(new java.io.ByteArrayInputStream(xlsx))) {
            assertThat(wb.getSheets().count()).isEqualTo(3);
            long visitRows = wb.getSheet(2).orElseThrow().read().size() - 1;
            assertThat(visitRows).isEqualTo(14);
        }
    }

    @Autowired
    io.gridwork.campaign.internal.CampaignVisits visits;

    @Test
    void theSameVisitSentConcurrentlyCountsOnceAndRacingVisitsToAHouseholdCountOnce() throws Exception {
        long id = emergency("学府憬城第1微网格");
        long micro = gridId("学府憬城第1微网格");
        List<Long> hh = householdsOf("学府憬城第1微网格");
        GridworkUser worker = people.user("worker");
        String clientId = UUID.randomUUID().toString();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            var start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<?>> futures = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    start.await();
                    // the same visit eight times, and eight different visits to one other household
                    visits.record(id, new io.gridwork.campaign.internal.CampaignVisits.VisitRequest(clientId, hh.get(30), "DONE",
                            safe(), null, null), worker);
                    visits.record(id, new io.gridwork.campaign.internal.CampaignVisits.VisitRequest(UUID.randomUUID().toString(),
                            hh.get(31), n % 2 == 0 ? "NOT_HOME" : "REFUSED", null, null,
                            java.time.Instant.now().minusSeconds(100 - n)), worker);
                    return null;
                }));
            }
            start.countDown();
            for (var f : futures) {
                f.get(30, java.util.concurrent.TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdown();
        }
        assertThat(jdbc.sql("select count(*) from campaign_visit where campaign_id = ? and household_id = ?")
                .params(id, hh.get(30)).query(Long.class).single()).isOne();
        assertThat(jdbc.sql("select count(*) from campaign_visit where campaign_id = ? and household_id = ?")
                .params(id, hh.get(31)).query(Long.class).single()).isEqualTo(8);
        JsonNode counts = coverage(id, micro);
        assertThat(counts.get("done").asInt()).isOne();
        assertThat(counts.get("notHome").asInt() + counts.get("refused").asInt()).isOne();
        // the latest by visiting time wins: n = 7 visited last, an odd n, so REFUSED
        assertThat(counts.get("refused").asInt()).isOne();
    }

    @Test
    void aCampaignOverBuildingsHoldsTheirHouseholdsOnly() throws Exception {
        long building = jdbc.sql("select min(id) from building where micro_grid_id = ?").param(gridId("学府憬城第3微网格"))
                .query(Long.class).single();
        long expected = jdbc.sql("select count(*) from household h join unit u on u.id = h.unit_id where u.building_id = ?")
                .param(building).query(Long.class).single();
        var body = Map.of("title", "单栋宣传 " + UUID.randomUUID(), "kind", "PUBLICITY", "buildingIds", List.of(building),
                "template", "registration", "dispatch", true);
        JsonNode c = json(send(post("/api/campaigns"), as(users, "community"), body).andExpect(status().isCreated()));
        assertThat(c.get("households").asLong()).isEqualTo(expected);
        assertThat(jdbc.sql("select count(distinct building_id) from campaign_household where campaign_id = ?")
                .param(c.get("id").asLong()).query(Long.class).single()).isOne();
        // the compound grid leader covers it; the demo worker (first micro-grid) does not see it
        mvc.perform(get("/api/campaigns/" + c.get("id").asLong() + "/buildings").with(as(users, "compound")))
                .andExpect(status().isOk()).andExpect(jsonPath("$.length()").value(1));
        mvc.perform(get("/api/campaigns/" + c.get("id").asLong()).with(as(users, "worker"))).andExpect(status().isNotFound());
    }
}
