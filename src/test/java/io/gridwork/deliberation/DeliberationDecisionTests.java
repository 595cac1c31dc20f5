package io.gridwork.deliberation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.gridwork.support.GridworkTest;
import io.gridwork.support.TestPeople;
import tools.jackson.databind.JsonNode;

/** Decisions: each party sees its own, updates are dated and checked, bulk updates are all or none, overdue comes first. */
@GridworkTest
class DeliberationDecisionTests extends DeliberationApiSupport {

    private static List<Long> ids(JsonNode list) {
        List<Long> out = new ArrayList<>();
        list.forEach(n -> out.add(n.path("id").asLong()));
        return out;
    }

    @Test
    void eachPartySeesItsDecisionsAndOverdueOnesComeFirst() throws Exception {
        fixtures.at(LocalDateTime.of(2026, 12, 8, 10, 0));
        long m = meeting("2026-11-20T11:00:00Z");
        long item = agenda(m, "三件事");
        long late = decision(item, "PROPERTY", null, "2026-12-07");      // overdue on 12-08
        long dueToday = decision(item, "PROPERTY", "property", "2026-12-08"); // not overdue: due today
        long owners = decision(item, "OWNERS_COMMITTEE", "owners", "2026-12-31");

        List<Long> property = ids(read(call(get("/api/deliberation/decisions"), "property", null).andExpect(status().isOk())));
        assertThat(property).contains(late, dueToday).doesNotContain(owners);
        assertThat(property.indexOf(late)).isLessThan(property.indexOf(dueToday));
        List<Long> ownersSee = ids(read(call(get("/api/deliberation/decisions"), "owners", null).andExpect(status().isOk())));
        assertThat(ownersSee).contains(owners).doesNotContain(late, dueToday);
        List<Long> community = ids(read(call(get("/api/deliberation/decisions"), "community", null).andExpect(status().isOk())));
        assertThat(community).contains(late, dueToday, owners);
        assertThat(community.indexOf(late)).isLessThan(community.indexOf(owners));

        JsonNode overdue = read(call(get("/api/deliberation/overdue"), "community", null).andExpect(status().isOk()));
        assertThat(ids(overdue.path("decisions"))).contains(late).doesNotContain(dueToday, owners);
        // the community's supervision board loads the same list as its own section
        String board = call(get("/deliberation/overdue"), "community", null).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString();
        assertThat(board).contains("逾期决议与改造项目").contains("data-decision=\"" + late + "\"")
                .doesNotContain("data-decision=\"" + dueToday + "\"").contains("应于 2026-12-07 完成");
        assertThat(call(get("/supervision"), "community", null).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString()).contains("hx-get=\"/deliberation/overdue\"");
        call(get("/deliberation/overdue"), "property", null).andExpect(status().isForbidden());
        call(get("/api/deliberation/overdue"), "property", null).andExpect(status().isForbidden());
        call(get("/api/deliberation/overdue"), "worker", null).andExpect(status().isForbidden());
        assertThat(read(call(get("/api/deliberation/decisions/" + late), "community", null)).path("overdue").asBoolean()).isTrue();

        // the day after, the one due today is overdue too
        fixtures.at(LocalDateTime.of(2026, 12, 9, 0, 30));
        assertThat(ids(read(call(get("/api/deliberation/overdue"), "community", null)).path("decisions"))).contains(late, dueToday);

        // reach: a resident who was not invited and a merchant find nothing; the owner reads theirs
        call(get("/api/deliberation/decisions/" + owners), "resident", null).andExpect(status().isNotFound());
        call(get("/api/deliberation/decisions/" + owners), "merchant", null).andExpect(status().isNotFound());
        call(get("/api/deliberation/decisions/" + owners), "owners", null).andExpect(status().isOk());
    }

    @Test
    void updatesAreDatedCheckedAndFinalWhenDone() throws Exception {
        fixtures.at(LocalDateTime.of(2026, 12, 8, 10, 0));
        long m = meeting("2026-12-01T11:00:00Z");
        long item = agenda(m, "充电桩");
        long d = decision(item, "PROPERTY", "property", "2026-12-31");

        // another party may read but not update it
        assertThat(code(call(post("/api/deliberation/decisions/" + d + "/updates"), "owners",
                "{\"status\":\"IN_PROGRESS\",\"progress\":10,\"note\":\"x\"}").andExpect(status().isForbidden()))).isEqualTo("forbidden");
        assertThat(code(call(post("/api/deliberation/decisions/" + d + "/updates"), "property",
                "{\"status\":\"IN_PROGRESS\",\"progress\":150,\"note\":\"x\"}").andExpect(status().isBadRequest())))
                .isEqualTo("delib-invalid-progress");
        assertThat(code(call(post("/api/deliberation/decisions/" + d + "/updates"), "property",
                "{\"status\":\"IN_PROGRESS\",\"progress\":10}").andExpect(status().isBadRequest()))).isEqualTo("field-required");
        assertThat(code(call(post("/api/deliberation/decisions/" + d + "/updates"), "property",
                "{\"status\":\"OPEN\",\"note\":\"x\"}").andExpect(status().isBadRequest()))).isEqualTo("delib-invalid-status");
        assertThat(count("select count(*) from delib_decision_update where decision_id = ?", d)).isZero();

        JsonNode after = read(call(post("/api/deliberation/decisions/" + d + "/updates"), "property",
                "{\"status\":\"IN_PROGRESS\",\"progress\":40,\"note\":\"2 号车棚已装 16 个\"}").andExpect(status().isCreated()));
        assertThat(after.path("status").asString()).isEqualTo("IN_PROGRESS");
        assertThat(after.path("progress").asInt()).isEqualTo(40);
        assertThat(after.path("updates").get(0).path("at").asString()).startsWith("2026-12-08T02:00");
        JsonNode done = read(call(post("/api/deliberation/decisions/" + d + "/updates"), "property",
                "{\"status\":\"DONE\",\"note\":\"40 个全部投用\"}").andExpect(status().isCreated()));
        assertThat(done.path("status").asString()).isEqualTo("DONE");
        assertThat(done.path("progress").asInt()).isEqualTo(100);
        assertThat(done.path("closingNote").asString()).isEqualTo("40 个全部投用");
        assertThat(code(call(post("/api/deliberation/decisions/" + d + "/updates"), "community",
                "{\"status\":\"IN_PROGRESS\",\"progress\":50,\"note\":\"重开\"}").andExpect(status().isConflict()))).isEqualTo("delib-already-done");
        assertThat(count("select count(*) from delib_decision_update where decision_id = ?", d)).isEqualTo(2);
    }

    @Test
    void aBulkUpdateIsAllOrNone() throws Exception {
        fixtures.at(LocalDateTime.of(2026, 12, 8, 10, 0));
        long m = meeting("2026-12-01T11:00:00Z");
        long item = agenda(m, "批量");
        long a = decision(item, "GRID_WORKERS", "worker", "2026-12-20");
        long b = decision(item, "GRID_WORKERS", null, "2026-12-21");
        long c = decision(item, "PROPERTY", null, "2026-12-22");

        // one out of reach (no such decision) or one another party's: nothing changes
        call(post("/api/deliberation/decisions/bulk"), "community",
                "{\"ids\":[%d,%d,999999999],\"status\":\"IN_PROGRESS\",\"progress\":30,\"note\":\"推进中\"}".formatted(a, b))
                .andExpect(status().isNotFound());
        call(post("/api/deliberation/decisions/bulk"), "worker",
                "{\"ids\":[%d,%d,%d],\"status\":\"IN_PROGRESS\",\"progress\":30,\"note\":\"推进中\"}".formatted(a, b, c))
                .andExpect(status().isForbidden());
        assertThat(count("select count(*) from delib_decision where id in (?, ?, ?) and status = 'OPEN'", a, b, c)).isEqualTo(3);
        assertThat(count("select count(*) from delib_decision_update where decision_id in (?, ?, ?)", a, b, c)).isZero();
        assertThat(code(call(post("/api/deliberation/decisions/bulk"), "worker", "{\"ids\":[],\"note\":\"x\"}")
                .andExpect(status().isBadRequest()))).isEqualTo("delib-none-chosen");

        JsonNode out = read(call(post("/api/deliberation/decisions/bulk"), "worker",
                "{\"ids\":[%d,%d],\"status\":\"DONE\",\"note\":\"两栋已清理完毕\"}".formatted(a, b)).andExpect(status().isOk()));
        assertThat(out.size()).isEqualTo(2);
        assertThat(count("select count(*) from delib_decision where id in (?, ?) and status = 'DONE' and closing_note = '两栋已清理完毕'", a, b))
                .isEqualTo(2);
        assertThat(count("select count(*) from delib_decision where id = ? and status = 'OPEN'", c)).isEqualTo(1);
    }
}
