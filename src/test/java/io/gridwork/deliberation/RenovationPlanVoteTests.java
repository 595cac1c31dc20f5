package io.gridwork.deliberation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.gridwork.support.GridworkTest;
import io.gridwork.support.TestPeople;
import io.gridwork.votes.VotesFixtures;
import tools.jackson.databind.JsonNode;

/**
 * A renovation project's plan put to the residents through the votes module: a poll of the compound's households that
 * passes moves the project to its works stage; an owners' decision under Art. 278 that fails leaves it where it was and
 * lets the organisers put the plan to a new vote; bad input and a second vote while one is open are refused.
 */
@GridworkTest
class RenovationPlanVoteTests extends DeliberationApiSupport {

    @org.springframework.beans.factory.annotation.Autowired
    VotesFixtures votesFixtures;

    long project(long compound, String proposer) throws Exception {
        long proposal = read(call(post("/api/deliberation/proposals"), proposer, "{\"title\":\"加装电梯\",\"detail\":\"老人上下楼难\"}")
                .andExpect(status().isCreated())).path("id").asLong();
        return read(call(post("/api/deliberation/projects"), "community", """
                {"compoundId":%d,"proposalIds":[%d],"title":"%s","budgetFen":120000000,"party":"PROPERTY","due":"%s"}"""
                .formatted(compound, proposal, fixtures.unique("加装电梯"), LocalDate.now().plusMonths(6)))
                .andExpect(status().isCreated())).path("id").asLong();
    }

    @Test
    void aPassedPollMovesTheProjectOnAndAFailedOwnersDecisionLetsTheOrganisersTryAgain() throws Exception {
        VotesFixtures.Compound c = votesFixtures.compound(VotesFixtures.areas(4, "100.00"));
        List<Long> u = c.units();
        List<String> residents = List.of(votesFixtures.resident(u.get(0)), votesFixtures.resident(u.get(1)), votesFixtures.resident(u.get(2)));
        long id = project(c.id(), residents.get(0));

        call(get("/api/deliberation/projects/" + id + "/plan-vote"), "community", null).andExpect(status().isNotFound());
        call(post("/api/deliberation/projects/" + id + "/plan-vote"), "owners", "{\"kind\":\"POLL\"}").andExpect(status().isForbidden());
        call(post("/api/deliberation/projects/" + id + "/plan-vote"), "community", "{}").andExpect(status().isBadRequest());
        assertThat(count("select count(*) from delib_project where id = ? and plan_vote_id is null", id)).isEqualTo(1);

        JsonNode vote = read(call(post("/api/deliberation/projects/" + id + "/plan-vote"), "community", "{\"kind\":\"POLL\"}")
                .andExpect(status().isCreated()));
        assertThat(vote.path("status").asString()).isEqualTo("OPEN");
        assertThat(vote.path("electorate").asInt()).isEqualTo(3);
        long poll = vote.path("id").asLong();
        assertThat(code(call(post("/api/deliberation/projects/" + id + "/plan-vote"), "community", "{\"kind\":\"POLL\"}")
                .andExpect(status().isConflict()))).isEqualTo("delib-vote-linked");

        JsonNode options = read(call(get("/api/votes/polls/" + poll), "community", null)).path("poll").path("options");
        long agree = options.get(0).path("id").asLong();
        long oppose = options.get(1).path("id").asLong();
        for (int i = 0; i < 3; i++) {
            call(post("/api/votes/polls/" + poll + "/ballots"), residents.get(i), "{\"optionIds\":[%d]}".formatted(i < 2 ? agree : oppose))
                    .andExpect(status().isCreated());
        }
        // a resident reads the project's vote while open: turnout, no result yet
        JsonNode open = read(call(get("/api/deliberation/projects/" + id + "/plan-vote"), residents.get(2), null).andExpect(status().isOk()));
        assertThat(open.path("ballots").asInt()).isEqualTo(3);
        assertThat(open.path("passed").isNull()).isTrue();

        call(post("/api/votes/polls/" + poll + "/close"), "community", null).andExpect(status().isOk());
        JsonNode p = read(call(get("/api/deliberation/projects/" + id), "community", null).andExpect(status().isOk()));
        assertThat(p.path("status").asString()).isEqualTo("IN_PROGRESS");
        assertThat(p.path("stages").findValuesAsString("status")).containsExactly("DONE", "ACTIVE", "PENDING");
        assertThat(p.path("updates").findValuesAsString("note")).anyMatch(n -> n.contains("表决通过"));
        JsonNode passed = read(call(get("/api/deliberation/projects/" + id + "/plan-vote"), "community", null));
        assertThat(passed.path("passed").asBoolean()).isTrue();
        assertThat(passed.path("agree").asLong()).isEqualTo(2);
        assertThat(passed.path("oppose").asLong()).isEqualTo(1);
        assertThat(code(call(post("/api/deliberation/projects/" + id + "/plan-vote"), "community", "{\"kind\":\"POLL\"}")
                .andExpect(status().isConflict()))).isEqualTo("delib-plan-decided");

        // a plan touching common parts: an owners' decision (three quarters needed), which fails at two thirds
        long second = project(c.id(), residents.get(1));
        assertThat(code(call(post("/api/deliberation/projects/" + second + "/plan-vote"), "community", "{\"kind\":\"DECISION\",\"matter\":\"NOPE\"}")
                .andExpect(status().isBadRequest()))).isEqualTo("invalid-matter");
        assertThat(count("select count(*) from delib_project where id = ? and plan_vote_id is null", second)).isEqualTo(1);
        long decision = read(call(post("/api/deliberation/projects/" + second + "/plan-vote"), "community",
                "{\"kind\":\"DECISION\",\"matter\":\"COMMON_PARTS_USE\"}").andExpect(status().isCreated())).path("id").asLong();
        long item = read(call(get("/api/votes/decisions/" + decision), "community", null)).path("decision").path("items").get(0).path("id").asLong();
        for (int i = 0; i < 3; i++) {
            call(post("/api/votes/decisions/" + decision + "/ballots"), "community", """
                    {"householdId": %d, "choices": {"%d": "%s"}}""".formatted(u.get(i), item, i < 2 ? "AGREE" : "OPPOSE"))
                    .andExpect(status().isCreated());
        }
        call(post("/api/votes/decisions/" + decision + "/close"), "community", null).andExpect(status().isOk());
        JsonNode failed = read(call(get("/api/deliberation/projects/" + second + "/plan-vote"), "community", null));
        assertThat(failed.path("kind").asString()).isEqualTo("DECISION");
        assertThat(failed.path("quorum").asBoolean()).isTrue();
        assertThat(failed.path("passed").asBoolean()).isFalse();
        JsonNode stays = read(call(get("/api/deliberation/projects/" + second), "community", null));
        assertThat(stays.path("status").asString()).isEqualTo("OPEN");
        assertThat(stays.path("stages").findValuesAsString("status")).containsExactly("ACTIVE", "PENDING", "PENDING");
        assertThat(stays.path("updates").findValuesAsString("note")).anyMatch(n -> n.contains("未获表决通过"));
        // a revised plan may go to a new vote
        call(post("/api/deliberation/projects/" + second + "/plan-vote"), "community", "{\"kind\":\"POLL\"}").andExpect(status().isCreated());
    }

    @Test
    void aMeetingInvitesOnlyThoseWhoWorkOrLiveInItsGrid() throws Exception {
        long m = read(call(post("/api/deliberation/meetings"), "community", """
                {"gridId":%d,"kind":"JOINT","title":"%s","place":"议事室","startsAt":"2027-01-05T11:00:00Z"}"""
                .formatted(fixtures.jingcheng(), fixtures.unique("联席会议"))).andExpect(status().isCreated())).path("id").asLong();
        VotesFixtures.Compound elsewhere = votesFixtures.compound(VotesFixtures.areas(1, "60.00"));
        long outsider = account(votesFixtures.resident(elsewhere.units().get(0)));
        assertThat(code(call(post("/api/deliberation/meetings/" + m + "/invitees"), "community", "{\"accountId\":" + outsider + "}")
                .andExpect(status().isBadRequest()))).isEqualTo("delib-invitee-outside");
        assertThat(count("select count(*) from delib_invitee where meeting_id = ?", m)).isZero();
        // the compound's own resident, its micro-grid worker and the community's staff are invited
        for (String who : List.of("resident", "worker", "community")) {
            call(post("/api/deliberation/meetings/" + m + "/invitees"), "community", "{\"accountId\":" + account(who) + "}")
                    .andExpect(status().isCreated());
        }
    }
}
