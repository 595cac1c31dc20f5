package io.gridwork.deliberation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.ByteArrayOutputStream;
import java.time.LocalDateTime;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockMultipartFile;

import io.gridwork.support.GridworkTest;
import io.gridwork.support.TestPeople;
import tools.jackson.databind.JsonNode;

/** Renovation: residents propose, staff make a project of chosen proposals, spending and stage photos, followed to completion. */
@GridworkTest
class DeliberationRenovationTests extends DeliberationApiSupport {

    private static byte[] jpeg() throws Exception {
        var img = new java.awt.image.BufferedImage(64, 48, java.awt.image.BufferedImage.TYPE_INT_RGB);
        var out = new ByteArrayOutputStream();
        ImageIO.write(img, "jpeg", out);
        return out.toByteArray();
    }

    private long proposal(String title) throws Exception {
        return read(call(post("/api/deliberation/proposals"), "resident", "{\"title\":\"" + title + "\",\"detail\":\"说明\"}")
                .andExpect(status().isCreated())).path("id").asLong();
    }

    private String project(long compound, long proposal, long budgetFen, String due) {
        return """
                {"compoundId":%d,"proposalIds":[%d],"title":"%s","budgetFen":%d,"party":"PROPERTY","ownerAccountId":%d,"due":"%s"}"""
                .formatted(compound, proposal, fixtures.unique("改造"), budgetFen, account("property"), due);
    }

    @Test
    void aProjectFromProposalsWithStagesSpendingAndPhotos() throws Exception {
        fixtures.at(LocalDateTime.of(2026, 12, 8, 10, 0));
        long p1 = proposal(fixtures.unique("更换雨污管网"));
        long compound = fixtures.jingcheng();
        // staff do not propose (403); residents see their compound's proposals
        call(post("/api/deliberation/proposals"), "community", "{\"title\":\"x\"}").andExpect(status().isForbidden());
        assertThat(read(call(get("/api/deliberation/proposals"), "resident", null)).findValuesAsString("title")).isNotEmpty();

        // bad input changes nothing
        long before = count("select count(*) from delib_project");
        assertThat(code(call(post("/api/deliberation/projects"), "community", project(compound, p1, -1, "2027-03-31"))
                .andExpect(status().isBadRequest()))).isEqualTo("delib-negative-budget");
        assertThat(code(call(post("/api/deliberation/projects"), "community", project(compound, p1, 100, "2026-12-07"))
                .andExpect(status().isBadRequest()))).isEqualTo("delib-due-past");
        assertThat(code(call(post("/api/deliberation/projects"), "community", project(compound, 999999999, 100, "2027-03-31"))
                .andExpect(status().isBadRequest()))).isEqualTo("delib-unknown-proposal");
        call(post("/api/deliberation/projects"), "owners", project(compound, p1, 100, "2027-03-31")).andExpect(status().isForbidden());
        assertThat(count("select count(*) from delib_project")).isEqualTo(before);
        assertThat(count("select count(*) from delib_proposal where id = ? and project_id is null", p1)).isEqualTo(1);

        JsonNode made = read(call(post("/api/deliberation/projects"), "community", project(compound, p1, 86_000_000, "2027-03-31"))
                .andExpect(status().isCreated()));
        long id = made.path("id").asLong();
        assertThat(made.path("stages").findValuesAsString("name")).containsExactly("方案", "施工", "验收");
        assertThat(made.path("planVoteId").isNull()).isTrue();
        assertThat(code(call(post("/api/deliberation/projects"), "community", project(compound, p1, 100, "2027-03-31"))
                .andExpect(status().isConflict()))).isEqualTo("delib-proposal-taken");
        long plan = made.path("stages").get(0).path("id").asLong();
        long works = made.path("stages").get(1).path("id").asLong();

        // spending: above zero, not in the future
        assertThat(code(call(post("/api/deliberation/projects/" + id + "/spending"), "property",
                "{\"amountFen\":-500,\"spentOn\":\"2026-12-08\",\"description\":\"检测\"}").andExpect(status().isBadRequest())))
                .isEqualTo("delib-invalid-amount");
        assertThat(code(call(post("/api/deliberation/projects/" + id + "/spending"), "property",
                "{\"amountFen\":500,\"spentOn\":\"2026-12-09\",\"description\":\"检测\"}").andExpect(status().isBadRequest())))
                .isEqualTo("delib-invalid-spent-on");
        JsonNode spent = read(call(post("/api/deliberation/projects/" + id + "/spending"), "property",
                "{\"stageId\":%d,\"amountFen\":1280000,\"spentOn\":\"2026-12-05\",\"description\":\"管网检测\"}".formatted(plan))
                .andExpect(status().isCreated()));
        assertThat(spent.path("spentFen").asLong()).isEqualTo(1_280_000L);

        // photos: a real image is kept (re-encoded); a file that is no image is refused, whatever it is called
        mvc.perform(multipart("/api/deliberation/projects/" + id + "/stages/" + plan + "/photos")
                .file(new MockMultipartFile("file", "fake.jpg", "image/jpeg", "not an image at all".getBytes())).with(csrf())
                .with(user(people.user("property"))))
                .andExpect(status().is4xxClientError());
        assertThat(count("select count(*) from delib_photo where project_id = ?", id)).isZero();
        JsonNode withPhoto = read(mvc.perform(multipart("/api/deliberation/projects/" + id + "/stages/" + plan + "/photos")
                .file(new MockMultipartFile("file", "plan.png", "image/png", jpeg())).with(csrf()).with(user(people.user("property"))))
                .andExpect(status().isCreated()));
        long photo = withPhoto.path("stages").get(0).path("photos").get(0).path("id").asLong();
        call(get("/api/deliberation/projects/" + id + "/photos/" + photo), "resident", null).andExpect(status().isOk());
        call(get("/api/deliberation/projects/" + id + "/photos/" + photo), "merchant", null).andExpect(status().isNotFound());
        call(get("/api/deliberation/projects/" + id), "merchant", null).andExpect(status().isNotFound());

        // stages move on in order; residents read but do not update
        assertThat(code(call(post("/api/deliberation/projects/" + id + "/stages/" + plan + "/status"), "property", "{\"status\":\"ACTIVE\"}")
                .andExpect(status().isConflict()))).isEqualTo("delib-stage-order");
        call(post("/api/deliberation/projects/" + id + "/stages/" + plan + "/status"), "property", "{\"status\":\"DONE\"}")
                .andExpect(status().isOk());
        call(post("/api/deliberation/projects/" + id + "/stages/" + works + "/status"), "property", "{\"status\":\"ACTIVE\"}")
                .andExpect(status().isOk());
        call(post("/api/deliberation/projects/" + id + "/updates"), "resident", "{\"progress\":50,\"note\":\"x\"}")
                .andExpect(status().isForbidden());

        // followed like a decision: overdue once its day has passed, then done and final
        call(post("/api/deliberation/projects/" + id + "/updates"), "property", "{\"progress\":45,\"note\":\"施工过半\"}")
                .andExpect(status().isCreated());
        fixtures.at(LocalDateTime.of(2027, 4, 1, 9, 0));
        JsonNode late = read(call(get("/api/deliberation/overdue"), "community", null).andExpect(status().isOk()));
        assertThat(late.path("projects").findValuesAsString("title")).contains(made.path("title").asString());
        JsonNode done = read(call(post("/api/deliberation/projects/" + id + "/updates"), "community",
                "{\"status\":\"DONE\",\"note\":\"验收合格\"}").andExpect(status().isCreated()));
        assertThat(done.path("status").asString()).isEqualTo("DONE");
        assertThat(done.path("overdue").asBoolean()).isFalse();
        assertThat(code(call(post("/api/deliberation/projects/" + id + "/spending"), "property",
                "{\"amountFen\":500,\"spentOn\":\"2027-03-30\",\"description\":\"尾款\"}").andExpect(status().isConflict())))
                .isEqualTo("delib-already-done");
        assertThat(count("select count(*) from delib_spending where project_id = ?", id)).isEqualTo(1);
    }
}
