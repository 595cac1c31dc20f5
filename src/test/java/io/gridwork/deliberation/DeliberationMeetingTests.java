package io.gridwork.deliberation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.LocalDateTime;

import org.junit.jupiter.api.Test;

import io.gridwork.support.GridworkTest;
import io.gridwork.support.TestPeople;
import tools.jackson.databind.JsonNode;

/** Meetings: agenda, invitations with an inbox message, attendance, minutes fixed once published, decisions' due dates. */
@GridworkTest
class DeliberationMeetingTests extends DeliberationApiSupport {

    @Test
    void aMeetingGoesFromAgendaToPublishedMinutesAndDecisions() throws Exception {
        fixtures.at(LocalDateTime.of(2026, 12, 8, 10, 0));
        long m = meeting("2026-12-01T11:00:00Z"); // 19:00 Beijing
        long item = agenda(m, "楼道堆物清理");
        agenda(m, "充电桩");

        // invitations: each invitee once, and an inbox message for them
        call(post("/api/deliberation/meetings/" + m + "/invitees"), "community", "{\"accountId\":" + account("owners") + "}")
                .andExpect(status().isCreated());
        call(post("/api/deliberation/meetings/" + m + "/invitees"), "community", "{\"accountId\":" + account("property") + "}")
                .andExpect(status().isCreated());
        var again = call(post("/api/deliberation/meetings/" + m + "/invitees"), "community", "{\"accountId\":" + account("owners") + "}")
                .andExpect(status().isConflict());
        assertThat(code(again)).isEqualTo("delib-already-invited");
        assertThat(code(call(post("/api/deliberation/meetings/" + m + "/invitees"), "community", "{\"accountId\":999999999}")
                .andExpect(status().isBadRequest()))).isEqualTo("unknown-account");
        assertThat(count("select count(*) from delib_invitee where meeting_id = ?", m)).isEqualTo(2);
        long owners = account("owners");
        long waited = 0;
        while (count("select count(*) from notify_message where account_id = ? and link = ?", owners, "/deliberation/meetings/" + m) == 0
                && waited < 10_000) {
            Thread.sleep(100);
            waited += 100;
        }
        assertThat(count("select count(*) from notify_message where account_id = ? and link = ? and kind = 'MEETING'", owners,
                "/deliberation/meetings/" + m)).isEqualTo(1);

        // attendance: for invitees only
        var stranger = call(put("/api/deliberation/meetings/" + m + "/attendance"), "community",
                "{\"accountId\":" + account("merchant") + ",\"attendance\":\"PRESENT\"}").andExpect(status().isBadRequest());
        assertThat(code(stranger)).isEqualTo("delib-not-invited");
        assertThat(count("select count(*) from delib_invitee where meeting_id = ?", m)).isEqualTo(2);
        call(put("/api/deliberation/meetings/" + m + "/attendance"), "community",
                "{\"accountId\":" + owners + ",\"attendance\":\"PRESENT\"}").andExpect(status().isOk());
        call(put("/api/deliberation/meetings/" + m + "/attendance"), "community",
                "{\"accountId\":" + account("property") + ",\"attendance\":\"EXCUSED\"}").andExpect(status().isOk());

        // a decision falls due on or after the meeting's day (Beijing): 11-30 is refused, 12-01 is fine
        var early = call(post("/api/deliberation/agenda-items/" + item + "/decisions"), "community",
                "{\"title\":\"清理\",\"party\":\"GRID_WORKERS\",\"due\":\"2026-11-30\"}").andExpect(status().isBadRequest());
        assertThat(code(early)).isEqualTo("delib-due-before-meeting");
        assertThat(count("select count(*) from delib_decision where meeting_id = ?", m)).isZero();
        long d = decision(item, "GRID_WORKERS", "worker", "2026-12-01");

        // minutes: written, published, then fixed; a correction is an addendum
        assertThat(code(call(post("/api/deliberation/meetings/" + m + "/minutes/publish"), "community", null)
                .andExpect(status().isBadRequest()))).isEqualTo("delib-minutes-empty");
        call(put("/api/deliberation/meetings/" + m + "/minutes"), "community", "{\"minutes\":\"一、楼道堆物两周内清理。\"}")
                .andExpect(status().isOk());
        assertThat(code(call(post("/api/deliberation/meetings/" + m + "/addenda"), "community", "{\"body\":\"更正\"}")
                .andExpect(status().isConflict()))).isEqualTo("delib-minutes-unpublished");
        call(post("/api/deliberation/meetings/" + m + "/minutes/publish"), "community", null).andExpect(status().isOk());
        var edit = call(put("/api/deliberation/meetings/" + m + "/minutes"), "community", "{\"minutes\":\"改过的纪要\"}")
                .andExpect(status().isConflict());
        assertThat(code(edit)).isEqualTo("delib-minutes-published");
        assertThat(code(call(post("/api/deliberation/meetings/" + m + "/minutes/publish"), "community", null)
                .andExpect(status().isConflict()))).isEqualTo("delib-minutes-published");
        assertThat(code(call(post("/api/deliberation/meetings/" + m + "/agenda"), "community", "{\"title\":\"新议题\"}")
                .andExpect(status().isConflict()))).isEqualTo("delib-minutes-published");
        assertThat(code(call(put("/api/deliberation/meetings/" + m + "/attendance"), "community",
                "{\"accountId\":" + owners + ",\"attendance\":\"ABSENT\"}").andExpect(status().isConflict()))).isEqualTo("delib-minutes-published");
        call(post("/api/deliberation/meetings/" + m + "/addenda"), "community", "{\"body\":\"第一条期限更正为三周。\"}")
                .andExpect(status().isCreated());

        JsonNode view = read(call(get("/api/deliberation/meetings/" + m), "owners", null).andExpect(status().isOk()));
        assertThat(view.path("meeting").path("minutes").asString()).isEqualTo("一、楼道堆物两周内清理。");
        assertThat(view.path("meeting").path("minutesPublishedAt").isNull()).isFalse();
        assertThat(view.path("meeting").path("addenda").get(0).path("body").asString()).isEqualTo("第一条期限更正为三周。");
        assertThat(view.path("meeting").path("agenda").size()).isEqualTo(2);
        assertThat(view.path("meeting").path("invitees").findValuesAsString("attendance")).containsExactlyInAnyOrder("PRESENT", "EXCUSED");
        assertThat(view.path("decisions").get(0).path("id").asLong()).isEqualTo(d);
    }

    @Test
    void beforeTheMeetingNoAttendanceMinutesOrDecisionsAndOnlyOrganisersRunIt() throws Exception {
        fixtures.at(LocalDateTime.of(2026, 12, 8, 10, 0));
        long m = meeting("2026-12-20T11:00:00Z");
        long item = agenda(m, "议题");
        call(post("/api/deliberation/meetings/" + m + "/invitees"), "community", "{\"accountId\":" + account("owners") + "}")
                .andExpect(status().isCreated());
        assertThat(code(call(put("/api/deliberation/meetings/" + m + "/attendance"), "community",
                "{\"accountId\":" + account("owners") + ",\"attendance\":\"PRESENT\"}").andExpect(status().isConflict())))
                .isEqualTo("delib-meeting-not-begun");
        assertThat(code(call(put("/api/deliberation/meetings/" + m + "/minutes"), "community", "{\"minutes\":\"x\"}")
                .andExpect(status().isConflict()))).isEqualTo("delib-meeting-not-begun");
        assertThat(code(call(post("/api/deliberation/agenda-items/" + item + "/decisions"), "community",
                "{\"title\":\"x\",\"party\":\"PROPERTY\",\"due\":\"2026-12-30\"}").andExpect(status().isConflict())))
                .isEqualTo("delib-meeting-not-begun");
        assertThat(count("select count(*) from delib_meeting where id = ? and minutes is null", m)).isEqualTo(1);

        // the party branch of the compound organises too; the invited owners committee reads but does not run it
        call(post("/api/deliberation/meetings/" + m + "/agenda"), "party", "{\"title\":\"党支部的议题\"}").andExpect(status().isCreated());
        call(get("/api/deliberation/meetings/" + m), "owners", null).andExpect(status().isOk());
        call(post("/api/deliberation/meetings/" + m + "/agenda"), "owners", "{\"title\":\"x\"}").andExpect(status().isForbidden());
        // a micro-grid's worker reaches the compound's meeting; a resident who is not invited and a merchant do not
        call(get("/api/deliberation/meetings/" + m), "worker", null).andExpect(status().isOk());
        call(get("/api/deliberation/meetings/" + m), "resident", null).andExpect(status().isNotFound());
        call(get("/api/deliberation/meetings/" + m), "merchant", null).andExpect(status().isNotFound());
        call(get("/api/deliberation/meetings/999999999"), "community", null).andExpect(status().isNotFound());

        // a meeting needs a community or compound the organiser covers
        var micro = call(post("/api/deliberation/meetings"), "community", """
                {"gridId":%d,"kind":"COUNCIL","title":"x","startsAt":"2026-12-20T11:00:00Z"}""".formatted(people.firstMicroGrid()))
                .andExpect(status().isBadRequest());
        assertThat(code(micro)).isEqualTo("delib-grid-level");
        long others = jdbc.sql("select id from grid_node where name = '锦城社区'").query(Long.class).single();
        assertThat(code(call(post("/api/deliberation/meetings"), "party", """
                {"gridId":%d,"kind":"COUNCIL","title":"x","startsAt":"2026-12-20T11:00:00Z"}""".formatted(others))
                .andExpect(status().isBadRequest()))).isEqualTo("unknown-grid");
        assertThat(code(call(post("/api/deliberation/meetings"), "community", "{\"kind\":\"COUNCIL\",\"title\":\"x\"}")
                .andExpect(status().isBadRequest()))).isEqualTo("field-required");
    }

    @Test
    void concurrentInvitationsOfOneAccountMakeOneInviteeAndPublishingRacesNoEdit() throws Exception {
        fixtures.at(LocalDateTime.of(2026, 12, 8, 10, 0));
        long m = meeting("2026-12-01T11:00:00Z");
        long owners = account("owners");
        int n = 8;
        var start = new java.util.concurrent.CountDownLatch(1);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(n);
        try {
            java.util.List<java.util.concurrent.Future<Integer>> results = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return call(post("/api/deliberation/meetings/" + m + "/invitees"), "community", "{\"accountId\":" + owners + "}")
                            .andReturn().getResponse().getStatus();
                }));
            }
            start.countDown();
            java.util.List<Integer> statuses = new java.util.ArrayList<>();
            for (var f : results) {
                statuses.add(f.get());
            }
            assertThat(statuses).containsOnly(201, 409);
            assertThat(statuses.stream().filter(s -> s == 201).count()).isEqualTo(1);
            assertThat(count("select count(*) from delib_invitee where meeting_id = ?", m)).isEqualTo(1);

            // minutes written while they are published: whatever wins, the published text is the last one accepted
            call(put("/api/deliberation/meetings/" + m + "/minutes"), "community", "{\"minutes\":\"初稿\"}").andExpect(status().isOk());
            var go = new java.util.concurrent.CountDownLatch(1);
            java.util.List<java.util.concurrent.Future<Integer>> edits = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                edits.add(pool.submit(() -> {
                    go.await();
                    return k == 0 ? call(post("/api/deliberation/meetings/" + m + "/minutes/publish"), "community", null)
                            .andReturn().getResponse().getStatus()
                            : call(put("/api/deliberation/meetings/" + m + "/minutes"), "community", "{\"minutes\":\"改稿 " + k + "\"}")
                                    .andReturn().getResponse().getStatus();
                }));
            }
            go.countDown();
            for (var f : edits) {
                assertThat(f.get()).isIn(200, 409);
            }
            String published = jdbc.sql("select minutes from delib_meeting where id = ?").param(m).query(String.class).single();
            call(put("/api/deliberation/meetings/" + m + "/minutes"), "community", "{\"minutes\":\"发布后再改\"}")
                    .andExpect(status().isConflict());
            assertThat(jdbc.sql("select minutes from delib_meeting where id = ?").param(m).query(String.class).single()).isEqualTo(published);
        } finally {
            pool.shutdownNow();
        }
    }
}
