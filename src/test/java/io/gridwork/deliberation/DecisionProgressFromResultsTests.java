package io.gridwork.deliberation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.LocalDateTime;

import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Import;

import io.gridwork.support.GridworkTest;
import io.gridwork.support.TestPeople;
import tools.jackson.databind.JsonNode;

/**
 * A decision with results takes its progress from them: a manual update (API, bulk, page) adds a dated note but never
 * sets the figure, and closes the decision only once the results reach 100%; without results the old form stays.
 */
@GridworkTest
@Import({TestPeople.class, DeliberationFixtures.class})
class DecisionProgressFromResultsTests extends DeliberationApiSupport {

    long addResult(long decision, String title) throws Exception {
        JsonNode tree = read(call(post("/api/deliberation/decisions/" + decision + "/results"), "property",
                "{\"title\":\"%s\",\"weight\":1}".formatted(title)).andExpect(status().isCreated()));
        return DecisionResultsTests.find(tree, title).path("id").asLong();
    }

    JsonNode decisionJson(long d) throws Exception {
        return read(call(get("/api/deliberation/decisions/" + d), "community", null).andExpect(status().isOk()));
    }

    String page(long d) throws Exception {
        return mvc.perform(get("/deliberation/decisions/" + d).with(user(people.user("property")))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
    }

    @Test
    void aManualUpdateAddsANoteButNeverSetsTheComputedProgress() throws Exception {
        fixtures.at(LocalDateTime.of(2026, 12, 9, 10, 0));
        long item = agenda(meeting("2026-11-21T11:00:00Z"), "楼道照明");
        long d = decision(item, "PROPERTY", "property", "2026-12-31");
        long plain = decision(item, "PROPERTY", "property", "2026-12-31");
        long a = addResult(d, "更换灯具");
        addResult(d, "检修线路");
        call(post("/api/deliberation/results/" + a + "/progress"), "property", "{\"progress\":50}").andExpect(status().isOk());
        assertThat(decisionJson(d).path("progress").asInt()).isEqualTo(25);
        long updates = count("select count(*) from delib_decision_update where decision_id = ?", d);

        // a progress figure is refused, nothing changed
        assertThat(code(call(post("/api/deliberation/decisions/" + d + "/updates"), "property",
                "{\"status\":\"IN_PROGRESS\",\"progress\":90,\"note\":\"手填进度\"}").andExpect(status().isConflict())))
                .isEqualTo("delib-progress-from-results");
        assertThat(code(call(post("/api/deliberation/decisions/bulk"), "property",
                "{\"ids\":[%d,%d],\"progress\":90,\"note\":\"批量手填\"}".formatted(plain, d)).andExpect(status().is4xxClientError())))
                .isEqualTo("delib-progress-from-results");
        // closing before the results are all done is refused too
        assertThat(code(call(post("/api/deliberation/decisions/" + d + "/updates"), "property",
                "{\"status\":\"DONE\",\"note\":\"提前办结\"}").andExpect(status().isConflict()))).isEqualTo("delib-results-unfinished");
        assertThat(decisionJson(d).path("progress").asInt()).isEqualTo(25);
        assertThat(decisionJson(plain).path("progress").asInt()).isZero();
        assertThat(count("select count(*) from delib_decision_update where decision_id = ?", d)).isEqualTo(updates);

        // a note alone is a dated update at the computed figure
        JsonNode noted = read(call(post("/api/deliberation/decisions/" + d + "/updates"), "property",
                "{\"note\":\"已采购灯具\"}").andExpect(status().isCreated()));
        assertThat(noted.path("progress").asInt()).isEqualTo(25);
        assertThat(noted.path("updates").findValuesAsString("note")).contains("已采购灯具");

        // the page hides the figure and says where it comes from; a decision without results keeps it
        String withResults = page(d);
        assertThat(withResults).contains("进度由分项结果加权计算").doesNotContain("id=\"update-progress\"");
        assertThat(page(plain)).contains("id=\"update-progress\"").doesNotContain("进度由分项结果加权计算");
        // a figure posted from an old form is refused with a message, nothing changed
        Object error = mvc.perform(post("/deliberation/decisions/" + d + "/update").param("status", "IN_PROGRESS").param("progress", "80")
                .param("note", "旧表单").with(csrf()).with(user(people.user("property")))).andExpect(status().is3xxRedirection())
                .andReturn().getFlashMap().get("error");
        assertThat(String.valueOf(error)).contains("不能直接填写进度");
        assertThat(decisionJson(d).path("progress").asInt()).isEqualTo(25);
        assertThat(page(d)).doesNotContain("旧表单");

        // once the results are done the decision may close at 100%
        for (JsonNode r : read(call(get("/api/deliberation/decisions/" + d + "/results"), "property", null))) {
            call(post("/api/deliberation/results/" + r.path("id").asLong() + "/progress"), "property", "{\"progress\":100}")
                    .andExpect(status().isOk());
        }
        JsonNode done = read(call(post("/api/deliberation/decisions/" + d + "/updates"), "property",
                "{\"status\":\"DONE\",\"note\":\"全部完成\"}").andExpect(status().isCreated()));
        assertThat(done.path("status").asString()).isEqualTo("DONE");
        assertThat(done.path("progress").asInt()).isEqualTo(100);
    }
}
