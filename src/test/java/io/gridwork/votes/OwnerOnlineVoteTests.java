package io.gridwork.votes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.gridwork.shared.security.GridworkUser;
import io.gridwork.support.GridworkTest;
import io.gridwork.support.TestPeople;
import tools.jackson.databind.JsonNode;

/**
 * Owners voting on their phone under Art. 278: a resident claims a unit, staff confirm it, and the owner's one ballot
 * counts for all their units once across online and paper; a non-owner, a second ballot on either channel and a vote
 * after closing are refused with nothing written.
 */
@GridworkTest
class OwnerOnlineVoteTests extends VotesApiSupport {

    GridworkUser community() {
        return people.user("community");
    }

    /** Claims building 1, unit 1, the room given, and returns the claim's id. */
    long claim(GridworkUser who, String room) throws Exception {
        return read(call(post("/api/votes/owner-claims"), who, """
                {"building": "1", "unit": "1", "room": "%s"}""".formatted(room)).andExpect(status().isCreated())).get("id").asLong();
    }

    void confirm(long claim) throws Exception {
        call(post("/api/votes/owner-claims/" + claim + "/confirm"), community(), null).andExpect(status().isOk());
    }

    long decision(long compound) throws Exception {
        long d = read(call(post("/api/votes/decisions"), community(), """
                {"compoundId": %d, "title": "线上表决测试", "items": [{"matter": "OTHER", "text": "增设快递柜"}]}""".formatted(compound))
                .andExpect(status().isCreated())).get("id").asLong();
        call(post("/api/votes/decisions/" + d + "/open"), community(), null).andExpect(status().isOk());
        return d;
    }

    long item(long decision) throws Exception {
        return read(call(get("/api/votes/decisions/" + decision), community(), null).andExpect(status().isOk()))
                .get("decision").get("items").get(0).get("id").asLong();
    }

    long ballots(long decision) {
        return count("select count(*) from vote_owner_ballot where decision_id = ?", decision);
    }

    @Test
    void anOwnerVotesOnlineOnceAcrossChannelsWithAllTheirUnitsAndOthersAreRefused() throws Exception {
        // six units of 100.00 m² (rooms 101, 102, 201, 202, 301, 302 of building 1 unit 1)
        VotesFixtures.Compound c = fixtures.compound(VotesFixtures.areas(6, "100.00"));
        List<Long> u = c.units();
        GridworkUser a = people.user(fixtures.resident(u.get(0)));
        GridworkUser b = people.user(fixtures.resident(u.get(1)));
        GridworkUser tenant = people.user(fixtures.resident(u.get(3)));

        // 业主 a owns 101 (lives there) and 201 (let): two claims, confirmed → one registered owner of two units
        long a1 = claim(a, "101");
        long a2 = claim(a, "201");
        assertThat(code(call(post("/api/votes/owner-claims"), a, """
                {"building": "1", "unit": "1", "room": "101"}""").andExpect(status().isConflict()))).isEqualTo("claim-exists");
        assertThat(code(call(post("/api/votes/owner-claims"), a, """
                {"building": "9", "unit": "1", "room": "101"}""").andExpect(status().isBadRequest()))).isEqualTo("claim-unknown-unit");
        confirm(a1);
        confirm(a2);
        assertThat(count("select count(*) from vote_owner o join vote_owner_unit ou on ou.owner_id = o.id where o.compound_id = ?", c.id()))
                .isEqualTo(2);
        // a second claim on a confirmed unit: refused when claimed and again when confirmed
        assertThat(code(call(post("/api/votes/owner-claims"), b, """
                {"building": "1", "unit": "1", "room": "101"}""").andExpect(status().isConflict()))).isEqualTo("unit-claimed");
        long b1 = claim(b, "102");
        // an unconfirmed claim gives no vote
        long d = decision(c.id());
        long item = item(d);
        String agree = "{\"choices\": {\"%d\": \"AGREE\"}}".formatted(item);
        assertThat(code(call(post("/api/votes/decisions/" + d + "/vote"), b, agree).andExpect(status().isForbidden()))).isEqualTo("not-owner");
        assertThat(code(call(post("/api/votes/decisions/" + d + "/vote"), tenant, agree).andExpect(status().isForbidden()))).isEqualTo("not-owner");
        assertThat(ballots(d)).isZero();

        // the register counts a's two units as one owner: 5 owners
        assertThat(read(call(get("/api/votes/decisions/" + d), community(), null)).get("decision").get("totalOwners").asInt()).isEqualTo(5);
        JsonNode mine = read(call(get("/api/votes/decisions/" + d + "/mine"), a, null).andExpect(status().isOk()));
        assertThat(mine.get("area").asLong()).isEqualTo(20_000);
        assertThat(mine.get("units").size()).isEqualTo(2);

        // a votes online; a choice missing is refused first
        assertThat(code(call(post("/api/votes/decisions/" + d + "/vote"), a, "{\"choices\": {}}").andExpect(status().isBadRequest())))
                .isEqualTo("choice-required");
        call(post("/api/votes/decisions/" + d + "/vote"), a, agree).andExpect(status().isCreated());
        // again online, or on paper on either of a's units: refused, nothing written
        assertThat(code(call(post("/api/votes/decisions/" + d + "/vote"), a, agree).andExpect(status().isConflict())))
                .isEqualTo("owner-voted-online");
        for (long unit : List.of(u.get(0), u.get(2))) {
            assertThat(code(call(post("/api/votes/decisions/" + d + "/ballots"), community(), """
                    {"householdId": %d, "choices": {"%d": "OPPOSE"}}""".formatted(unit, item)).andExpect(status().isConflict())))
                    .isEqualTo("owner-voted-online");
        }
        assertThat(ballots(d)).isEqualTo(1);
        assertThat(count("select count(*) from vote_owner_choice c join vote_owner_ballot b on b.id = c.ballot_id "
                + "where b.decision_id = ? and c.choice = 'OPPOSE'", d)).isZero();

        // b is confirmed now (the decision is open: the frozen register still counts 102 as its own owner); a paper
        // ballot for 102 is entered first, then b's online vote is refused
        confirm(b1);
        call(post("/api/votes/decisions/" + d + "/ballots"), community(), """
                {"householdId": %d, "choices": {"%d": "OPPOSE"}}""".formatted(u.get(1), item)).andExpect(status().isCreated());
        assertThat(code(call(post("/api/votes/decisions/" + d + "/vote"), b, agree).andExpect(status().isConflict())))
                .isEqualTo("owner-voted-paper");
        assertThat(ballots(d)).isEqualTo(2);

        // a's ballot carries both units' area: 200 m² agree of 300 m² taking part
        call(post("/api/votes/decisions/" + d + "/close"), community(), null).andExpect(status().isOk());
        JsonNode result = read(call(get("/api/votes/decisions/" + d), community(), null)).get("result");
        assertThat(result.get("partArea").get("value").asLong()).isEqualTo(30_000);
        assertThat(result.get("items").get(0).get("agreeArea").get("value").asLong()).isEqualTo(20_000);
        assertThat(result.get("items").get(0).get("agreeOwners").get("value").asLong()).isEqualTo(1);

        // after closing: refused
        GridworkUser late = people.user(fixtures.resident(u.get(4)));
        confirm(claim(late, "301"));
        assertThat(code(call(post("/api/votes/decisions/" + d + "/vote"), late, agree).andExpect(status().isConflict())))
                .isEqualTo("decision-not-open");
        assertThat(ballots(d)).isEqualTo(2);
    }

    @Test
    void claimsAreDecidedOnlyByThoseRunningTheCompoundAndADevelopersUnitIsRefused() throws Exception {
        VotesFixtures.Compound c = fixtures.compound(VotesFixtures.areas(4, "80.00"));
        List<Long> u = c.units();
        call(post("/api/votes/compounds/" + c.id() + "/owners"), community(), """
                {"name": "开发商（未售）", "developer": true, "householdIds": [%d]}""".formatted(u.get(3))).andExpect(status().isCreated());
        GridworkUser r = people.user(fixtures.resident(u.get(0)));
        long own = claim(r, "101");
        long dev = claim(r, "202");
        // a resident cannot confirm, nor a community out of reach (the street's police has no role here)
        call(post("/api/votes/owner-claims/" + own + "/confirm"), r, null).andExpect(status().isForbidden());
        assertThat(code(call(post("/api/votes/owner-claims/" + dev + "/confirm"), community(), null).andExpect(status().isConflict())))
                .isEqualTo("unit-developer-held");
        assertThat(count("select count(*) from vote_owner_claim where id = ? and status = 'PENDING'", dev)).isEqualTo(1);
        // a reason is required to reject; the resident reads it
        call(post("/api/votes/owner-claims/" + dev + "/reject"), community(), "{}").andExpect(status().isBadRequest());
        call(post("/api/votes/owner-claims/" + dev + "/reject"), community(), "{\"reason\": \"开发商未售房屋\"}").andExpect(status().isOk());
        confirm(own);
        assertThat(code(call(post("/api/votes/owner-claims/" + own + "/confirm"), community(), null).andExpect(status().isConflict())))
                .isEqualTo("claim-not-pending");
        JsonNode list = read(call(get("/api/votes/owner-claims"), r, null).andExpect(status().isOk()));
        assertThat(list.size()).isEqualTo(2);
        assertThat(list.findValuesAsString("status")).containsExactlyInAnyOrder("CONFIRMED", "REJECTED");
        JsonNode staff = read(call(get("/api/votes/compounds/" + c.id() + "/owner-claims"), community(), null).andExpect(status().isOk()));
        assertThat(staff.size()).isEqualTo(1);
        // revoking a confirmed claim frees the unit
        call(post("/api/votes/owner-claims/" + own + "/reject"), community(), "{\"reason\": \"房屋已出售\"}").andExpect(status().isOk());
        assertThat(count("select count(*) from vote_owner_claim where confirmed_household = ?", u.get(0))).isZero();
    }

    @Test
    void thePollFormLimitsAPollToOneBuilding() throws Exception {
        long building = count("select min(b.id) from building b where b.compound_id = ?", fixtures.jingcheng());
        String title = "楼栋投票 " + System.nanoTime();
        call(post("/votes/polls").param("gridId", String.valueOf(fixtures.jingcheng())).param("buildingId", String.valueOf(building))
                .param("kind", "POLL").param("title", title).param("voterUnit", "HOUSEHOLD").param("results", "AFTER_CLOSE")
                .param("maxChoices", "1").param("options", "同意\n不同意"), community(), null)
                .andExpect(status().is3xxRedirection());
        assertThat(count("select building_id from vote_poll where title = ?", title)).isEqualTo(building);
        // a building outside the grid is refused, nothing made
        VotesFixtures.Compound other = fixtures.compound(VotesFixtures.areas(1, "50.00"));
        long outside = count("select min(b.id) from building b where b.compound_id = ?", other.id());
        call(post("/votes/polls").param("gridId", String.valueOf(fixtures.jingcheng())).param("buildingId", String.valueOf(outside))
                .param("kind", "POLL").param("title", title + "x").param("voterUnit", "HOUSEHOLD").param("results", "AFTER_CLOSE")
                .param("maxChoices", "1").param("options", "同意\n不同意"), community(), null)
                .andExpect(status().is3xxRedirection());
        assertThat(count("select count(*) from vote_poll where title = ?", title + "x")).isZero();
    }
}
