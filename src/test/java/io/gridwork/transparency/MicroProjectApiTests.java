package io.gridwork.transparency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.web.ProblemException;
import io.gridwork.support.GridworkTest;
import io.gridwork.support.TestPeople;
import io.gridwork.transparency.internal.MicroProjects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * 民生微实事 through the API: the budget, residents' proposals and choices (once per resident, also when two arrive at
 * once), allocations and spending never over the budget, completion with photos checked by content, and who sees and
 * does what (another community's staff are answered as if the round did not exist).
 */
@GridworkTest
class MicroProjectApiTests {

    @Autowired MockMvc mvc;
    @Autowired JdbcClient jdbc;
    @Autowired ObjectMapper json;
    @Autowired TestPeople people;
    @Autowired MicroProjects micro;

    GridworkUser community;
    GridworkUser resident;
    GridworkUser property;
    long xuefu;
    long jincheng;
    int year;

    @BeforeEach
    void setUp() {
        community = people.user("community");
        resident = people.user("resident");
        property = people.user("property");
        xuefu = jdbc.sql("select id from grid_node where name = '学府社区'").query(Long.class).single();
        jincheng = jdbc.sql("select id from grid_node where name = '锦城社区'").query(Long.class).single();
        year = 2090;
        while (jdbc.sql("select count(*) from transparency_micro_round where community_id = ? and budget_year = ?").params(xuefu, year)
                .query(Integer.class).single() > 0) {
            year--;
        }
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

    String round() {
        return "?communityId=" + xuefu + "&year=" + year;
    }

    long propose(String title, long estimate) throws Exception {
        return body(call(post("/api/transparency/micro/projects"), resident, """
                {"communityId": %d, "year": %d, "title": "%s", "description": "说明", "estimateFen": %d}"""
                .formatted(xuefu, year, title, estimate)).andExpect(status().isCreated())).get("id").asLong();
    }

    void phase(String phase) throws Exception {
        call(post("/api/transparency/micro/phase" + round()), community, "{\"phase\": \"" + phase + "\"}").andExpect(status().isOk());
    }

    long spent() {
        return jdbc.sql("select coalesce(sum(s.amount_fen), 0) from transparency_micro_spend s join transparency_micro_project p on p.id = s.project_id"
                + " where p.community_id = ? and p.budget_year = ?").params(xuefu, year).query(Long.class).single();
    }

    static byte[] jpeg() throws Exception {
        var img = new java.awt.image.BufferedImage(60, 40, java.awt.image.BufferedImage.TYPE_INT_RGB);
        var out = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(img, "jpeg", out);
        return out.toByteArray();
    }

    @Test
    void aRoundFromBudgetToCompletionNeverGoesOverBudget() throws Exception {
        // no round yet: nothing to propose to; the budget is the community staff's
        call(post("/api/transparency/micro/projects"), resident, """
                {"communityId": %d, "year": %d, "title": "扶手", "description": "说明", "estimateFen": 100}"""
                .formatted(xuefu, year)).andExpect(status().isConflict());
        call(put("/api/transparency/micro/budget" + round()), resident, "{\"budgetFen\": 1000000}").andExpect(status().isForbidden());
        assertThat(code(call(put("/api/transparency/micro/budget" + round()), community, "{\"budgetFen\": -5}")
                .andExpect(status().isBadRequest()))).isEqualTo("negative-amount");
        JsonNode opened = body(call(put("/api/transparency/micro/budget" + round()), community, "{\"budgetFen\": 1000000}")
                .andExpect(status().isOk()));
        assertThat(opened.get("phase").asText()).isEqualTo("PROPOSING");
        // another community's staff and other communities: answered as absent
        call(get("/api/transparency/micro?communityId=" + jincheng), community, null).andExpect(status().isNotFound());

        call(post("/api/transparency/micro/projects"), property, """
                {"communityId": %d, "year": %d, "title": "扶手", "description": "说明", "estimateFen": 100}"""
                .formatted(xuefu, year)).andExpect(status().isForbidden());
        long a = propose("楼道扶手", 600000);
        long b = propose("花园座椅", 300000);

        // choosing: only while open, once per resident
        assertThat(code(call(post("/api/transparency/micro/projects/" + a + "/choice"), resident, null).andExpect(status().isConflict())))
                .isEqualTo("micro-not-choosing");
        assertThat(code(call(post("/api/transparency/micro/phase" + round()), community, "{\"phase\": \"DECIDED\"}")
                .andExpect(status().isConflict()))).isEqualTo("micro-phase");
        phase("CHOOSING");
        call(post("/api/transparency/micro/projects"), resident, """
                {"communityId": %d, "year": %d, "title": "迟到", "description": "说明", "estimateFen": 100}"""
                .formatted(xuefu, year)).andExpect(status().isConflict());
        JsonNode chosen = body(call(post("/api/transparency/micro/projects/" + a + "/choice"), resident, null).andExpect(status().isOk()));
        assertThat(chosen.get("choices").asLong()).isEqualTo(1);
        assertThat(code(call(post("/api/transparency/micro/projects/" + b + "/choice"), resident, null).andExpect(status().isConflict())))
                .isEqualTo("micro-chosen-already");
        assertThat(code(call(post("/api/transparency/micro/projects/" + a + "/choice"), resident, null).andExpect(status().isConflict())))
                .isEqualTo("micro-chosen-already");
        JsonNode r = body(call(get("/api/transparency/micro" + round()), resident, null).andExpect(status().isOk()));
        assertThat(r.get("choices").asLong()).isEqualTo(1);
        assertThat(r.get("myChoice").asLong()).isEqualTo(a);

        // selection within the budget only once choosing is closed
        call(post("/api/transparency/micro/projects/" + a + "/selection"), community, "{\"allocatedFen\": 600000}")
                .andExpect(status().isConflict());
        phase("DECIDED");
        call(post("/api/transparency/micro/projects/" + a + "/selection"), community, "{\"allocatedFen\": 700000}").andExpect(status().isOk());
        assertThat(code(call(post("/api/transparency/micro/projects/" + b + "/selection"), community, "{\"allocatedFen\": 300001}")
                .andExpect(status().isConflict()))).isEqualTo("over-budget");
        assertThat(body(call(get("/api/transparency/micro/projects/" + b), resident, null)).get("status").asText()).isEqualTo("PROPOSED");
        assertThat(code(call(put("/api/transparency/micro/budget" + round()), community, "{\"budgetFen\": 699999}")
                .andExpect(status().isConflict()))).isEqualTo("over-budget");

        // spending: never over the project's allocation
        String spend = """
                {"amountFen": %d, "spentOn": "%d-03-01", "description": "扶手材料", "receipt": "MS-1"}""";
        call(post("/api/transparency/micro/projects/" + a + "/spending"), community, spend.formatted(500000, year)).andExpect(status().isOk());
        assertThat(code(call(post("/api/transparency/micro/projects/" + a + "/spending"), community, spend.formatted(200001, year))
                .andExpect(status().isConflict()))).isEqualTo("over-budget");
        assertThat(code(call(post("/api/transparency/micro/projects/" + a + "/spending"), community, spend.formatted(-1, year))
                .andExpect(status().isBadRequest()))).isEqualTo("negative-amount");
        call(post("/api/transparency/micro/projects/" + a + "/spending"), resident, spend.formatted(1, year)).andExpect(status().isForbidden());
        assertThat(spent()).isEqualTo(500000);
        call(post("/api/transparency/micro/projects/" + a + "/spending"), community, spend.formatted(200000, year)).andExpect(status().isOk());
        assertThat(spent()).isEqualTo(700000);

        // completion: photos are checked by their content
        var notImage = new MockMultipartFile("photos", "photo.jpg", "image/jpeg", "not an image at all".getBytes());
        assertThat(code(mvc.perform(multipart("/api/transparency/micro/projects/" + a + "/completion").file(notImage).param("note", "完工")
                .with(csrf()).with(user(community))).andExpect(status().isUnsupportedMediaType()))).isEqualTo("not-an-image");
        assertThat(body(call(get("/api/transparency/micro/projects/" + a), resident, null)).get("status").asText()).isEqualTo("SELECTED");
        var photo = new MockMultipartFile("photos", "done.jpg", "image/jpeg", jpeg());
        JsonNode done = body(mvc.perform(multipart("/api/transparency/micro/projects/" + a + "/completion").file(photo).param("note", "扶手已装好")
                .with(csrf()).with(user(community))).andExpect(status().isOk()));
        assertThat(done.get("status").asText()).isEqualTo("DONE");
        long photoId = done.get("photos").get(0).get("id").asLong();
        call(get("/api/transparency/micro/projects/" + a + "/photos/" + photoId), resident, null).andExpect(status().isOk());
        assertThat(code(call(post("/api/transparency/micro/projects/" + a + "/spending"), community, spend.formatted(1, year))
                .andExpect(status().isConflict()))).isEqualTo("micro-not-selected");
    }

    @Test
    void twoChoicesOfOneResidentArrivingAtOnceCountOnce() throws Exception {
        micro.budget(xuefu, year, 100000L, community);
        long a = micro.propose(new MicroProjects.NewProject(xuefu, year, "甲", "说明", 100L), resident).id();
        long b = micro.propose(new MicroProjects.NewProject(xuefu, year, "乙", "说明", 100L), resident).id();
        micro.phase(xuefu, year, MicroProjects.Phase.CHOOSING, community);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> results = new ArrayList<>();
        for (long project : List.of(a, b, a, b)) {
            Callable<String> task = () -> {
                start.await();
                try {
                    micro.choose(project, resident);
                    return "ok";
                } catch (ProblemException e) {
                    return e.code();
                }
            };
            results.add(pool.submit(task));
        }
        start.countDown();
        List<String> outcomes = new ArrayList<>();
        for (Future<String> f : results) {
            outcomes.add(f.get());
        }
        pool.shutdown();
        assertThat(outcomes).containsOnlyOnce("ok").filteredOn(o -> !o.equals("ok")).containsOnly("micro-chosen-already");
        assertThat(jdbc.sql("select count(*) from transparency_micro_choice where community_id = ? and budget_year = ?").params(xuefu, year)
                .query(Integer.class).single()).isEqualTo(1);
    }
}
