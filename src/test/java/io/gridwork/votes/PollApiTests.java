package io.gridwork.votes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;

import io.gridwork.shared.security.GridworkUser;
import io.gridwork.support.GridworkTest;
import io.gridwork.support.TestPeople;
import tools.jackson.databind.JsonNode;

/**
 * Polls and elections through the API: the census fixed at opening, one ballot per voter across channels, no ballot
 * after the close or from outside the census, results sealed until the close unless live, the choices allowed, and
 * reach by grid (a poll elsewhere is answered as absent).
 */
@GridworkTest
class PollApiTests extends VotesApiSupport {

    GridworkUser leader() {
        return people.user("leader");
    }

    long poll(String unit, String results, int max, String... options) throws Exception {
        StringBuilder o = new StringBuilder();
        for (String s : options) {
            o.append(o.isEmpty() ? "" : ",").append("{\"label\":\"").append(s).append("\"}");
        }
        return read(call(post("/api/votes/polls"), leader(), """
                {"gridId": %d, "title": "测试投票", "voterUnit": "%s", "results": "%s", "maxChoices": %d, "options": [%s]}"""
                .formatted(people.firstMicroGrid(), unit, results, max, o)).andExpect(status().isCreated())).get("id").asLong();
    }

    long option(long poll, int position) {
        return count("select id from vote_option where poll_id = ? and position = ?", poll, position);
    }

    long ballots(long poll) {
        return count("select count(*) from vote_ballot where poll_id = ?", poll);
    }

    @Test
    void aVoterIsCountedOnceAcrossChannelsAndNotAfterTheClose() throws Exception {
        GridworkUser resident = people.freshResident();
        long p = poll("RESIDENT", "AFTER_CLOSE", 1, "保留", "整改后保留", "关停");
        // not open yet: no ballot, and the draft is not shown to residents
        call(get("/api/votes/polls/" + p), resident, null).andExpect(status().isNotFound());
        JsonNode opened = read(call(post("/api/votes/polls/" + p + "/open"), leader(), null).andExpect(status().isOk()));
        assertThat(opened.get("poll").get("censusSize").asInt()).isPositive();

        JsonNode mine = read(call(get("/api/votes/polls/" + p), resident, null).andExpect(status().isOk()));
        assertThat(mine.get("mayVote").asBoolean()).isTrue();
        call(post("/api/votes/polls/" + p + "/ballots"), resident, "{\"optionIds\": [%d]}".formatted(option(p, 2)))
                .andExpect(status().isCreated());
        // again online, and on paper by the worker: the same voter, refused, nothing written
        assertThat(code(call(post("/api/votes/polls/" + p + "/ballots"), resident, "{\"optionIds\": [%d]}".formatted(option(p, 1)))
                .andExpect(status().isConflict()))).isEqualTo("already-voted");
        assertThat(code(call(post("/api/votes/polls/" + p + "/ballots"), people.user("worker"), """
                {"householdId": %d, "personId": %d, "optionIds": [%d]}""".formatted(resident.householdId(), resident.personId(), option(p, 3)))
                .andExpect(status().isConflict()))).isEqualTo("already-voted");
        assertThat(ballots(p)).isEqualTo(1);
        assertThat(count("select ballots from vote_poll where id = ?", p)).isEqualTo(1);

        // sealed until the close: turnout yes, counts no
        JsonNode sealed = read(call(get("/api/votes/polls/" + p), resident, null));
        assertThat(sealed.get("resultsShown").asBoolean()).isFalse();
        assertThat(sealed.get("tally").get("ballots").asInt()).isEqualTo(1);
        assertThat(sealed.get("tally").get("rows").size()).isZero();

        call(post("/api/votes/polls/" + p + "/close"), leader(), null).andExpect(status().isOk());
        GridworkUser late = people.freshResident();
        assertThat(code(call(post("/api/votes/polls/" + p + "/ballots"), late, "{\"optionIds\": [%d]}".formatted(option(p, 1)))
                .andExpect(status().isConflict()))).isEqualTo("poll-not-open");
        assertThat(ballots(p)).isEqualTo(1);
        JsonNode result = read(call(get("/api/votes/polls/" + p), resident, null));
        assertThat(result.get("resultsShown").asBoolean()).isTrue();
        assertThat(result.get("tally").get("rows").get(0).get("label").asString()).isEqualTo("整改后保留");
        assertThat(result.get("tally").get("rows").get(0).get("votes").asInt()).isEqualTo(1);
        assertThat(result.get("tally").get("online").asInt()).isEqualTo(1);
        assertThat(code(call(post("/api/votes/polls/" + p + "/close"), leader(), null).andExpect(status().isConflict()))).isEqualTo("poll-not-open");
    }

    @Test
    void aResidentWhoMovedInAfterTheOpeningIsNotInTheCensus() throws Exception {
        long p = poll("HOUSEHOLD", "LIVE", 2, "A", "B", "C");
        call(post("/api/votes/polls/" + p + "/open"), leader(), null).andExpect(status().isOk());
        long census = count("select census_size from vote_poll where id = ?", p);
        // a new resident of an existing household: that household is in the census, and votes once for all its members
        GridworkUser newcomer = people.freshResident();
        call(post("/api/votes/polls/" + p + "/ballots"), newcomer, "{\"optionIds\": [%d, %d]}".formatted(option(p, 1), option(p, 2)))
                .andExpect(status().isCreated());
        // live results show at once
        JsonNode live = read(call(get("/api/votes/polls/" + p), newcomer, null));
        assertThat(live.get("resultsShown").asBoolean()).isTrue();
        assertThat(live.get("tally").get("rows").get(0).get("votes").asInt()).isEqualTo(1);

        long perResident = poll("RESIDENT", "AFTER_CLOSE", 1, "A", "B");
        call(post("/api/votes/polls/" + perResident + "/open"), leader(), null).andExpect(status().isOk());
        GridworkUser after = people.freshResident();
        assertThat(code(call(post("/api/votes/polls/" + perResident + "/ballots"), after, "{\"optionIds\": [%d]}".formatted(option(perResident, 1)))
                .andExpect(status().isConflict()))).isEqualTo("not-in-census");
        // on paper too
        assertThat(code(call(post("/api/votes/polls/" + perResident + "/ballots"), people.user("worker"), """
                {"householdId": %d, "personId": %d, "optionIds": [%d]}""".formatted(after.householdId(), after.personId(), option(perResident, 1)))
                .andExpect(status().isConflict()))).isEqualTo("not-in-census");
        assertThat(ballots(perResident)).isZero();
        assertThat(count("select census_size from vote_poll where id = ?", p)).isEqualTo(census);
    }

    @Test
    void theChoicesAllowedAndTheReachAreChecked() throws Exception {
        long p = poll("RESIDENT", "AFTER_CLOSE", 2, "A", "B", "C");
        call(post("/api/votes/polls/" + p + "/open"), leader(), null).andExpect(status().isOk());
        GridworkUser resident = people.user("resident");
        String three = "{\"optionIds\": [%d, %d, %d]}".formatted(option(p, 1), option(p, 2), option(p, 3));
        assertThat(code(call(post("/api/votes/polls/" + p + "/ballots"), resident, three).andExpect(status().isBadRequest())))
                .isEqualTo("too-many-choices");
        assertThat(code(call(post("/api/votes/polls/" + p + "/ballots"), resident, "{\"optionIds\": [999999999]}")
                .andExpect(status().isBadRequest()))).isEqualTo("unknown-option");
        assertThat(code(call(post("/api/votes/polls/" + p + "/ballots"), resident, "{\"optionIds\": []}")
                .andExpect(status().isBadRequest()))).isEqualTo("choice-required");
        assertThat(ballots(p)).isZero();
        // residents do not run polls; staff of another community do not see this one
        call(post("/api/votes/polls/" + p + "/close"), resident, null).andExpect(status().isForbidden());
        call(get("/api/votes/polls/" + p), people.user("property"), null).andExpect(status().isOk());
        long garden = count("select id from grid_node where name = '城市花园三期'");
        var elsewhere = call(post("/api/votes/polls"), leader(), """
                {"gridId": %d, "title": "别处", "voterUnit": "RESIDENT", "options": [{"label":"A"},{"label":"B"}]}""".formatted(garden))
                .andExpect(status().isBadRequest());
        assertThat(code(elsewhere)).isEqualTo("unknown-grid");
    }

    @Test
    void anElectionFillsItsSeatsByCount() throws Exception {
        long e = read(call(post("/api/votes/polls"), leader(), """
                {"gridId": %d, "kind": "ELECTION", "title": "楼栋代表选举", "voterUnit": "HOUSEHOLD", "results": "AFTER_CLOSE",
                 "maxChoices": 2, "options": [{"label":"甲"},{"label":"乙"},{"label":"丙"}]}""".formatted(people.firstMicroGrid()))
                .andExpect(status().isCreated())).get("id").asLong();
        call(post("/api/votes/polls/" + e + "/open"), leader(), null).andExpect(status().isOk());
        var households = jdbc.sql("select household_id from vote_census where poll_id = ? order by household_id limit 3").param(e)
                .query(Long.class).list();
        GridworkUser worker = people.user("worker");
        int[][] votes = {{1, 2}, {2, 3}, {2}};
        for (int i = 0; i < 3; i++) {
            StringBuilder ids = new StringBuilder();
            for (int pos : votes[i]) {
                ids.append(ids.isEmpty() ? "" : ",").append(option(e, pos));
            }
            call(post("/api/votes/polls/" + e + "/ballots"), worker, "{\"householdId\": %d, \"optionIds\": [%s]}".formatted(households.get(i), ids))
                    .andExpect(status().isCreated());
        }
        call(post("/api/votes/polls/" + e + "/close"), leader(), null).andExpect(status().isOk());
        JsonNode rows = read(call(get("/api/votes/polls/" + e), leader(), null)).get("tally").get("rows");
        // 乙 3 elected; 甲 and 丙 1 each share the second seat: a tie, shown
        assertThat(rows.get(0).get("label").asString()).isEqualTo("乙");
        assertThat(rows.get(0).get("standing").asString()).isEqualTo("ELECTED");
        assertThat(rows.get(1).get("standing").asString()).isEqualTo("TIED");
        assertThat(rows.get(2).get("standing").asString()).isEqualTo("TIED");
        assertThat(read(call(get("/api/votes/polls/" + e), leader(), null)).get("tally").get("paper").asInt()).isEqualTo(3);
    }
}
