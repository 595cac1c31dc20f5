package io.gridwork.votes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.gridwork.shared.security.GridworkUser;
import io.gridwork.support.GridworkTest;
import io.gridwork.support.TestPeople;
import tools.jackson.databind.JsonNode;

/**
 * Owners' decisions under Art. 278 through the API over compounds made for each test: the developer's units and a
 * buyer's several units count as one owner each, one ballot per owner whatever unit it comes on, the quorum failing by
 * one owner, the area exactly at three quarters while the headcount misses it, and the refusals that change nothing.
 */
@GridworkTest
class OwnersDecisionTests extends VotesApiSupport {

    GridworkUser community() {
        return people.user("community");
    }

    long decision(long compound, String... matters) throws Exception {
        StringBuilder items = new StringBuilder();
        for (String m : matters) {
            items.append(items.isEmpty() ? "" : ",").append("{\"matter\":\"").append(m).append("\",\"text\":\"事项 ").append(m).append("\"}");
        }
        return read(call(post("/api/votes/decisions"), community(), """
                {"compoundId": %d, "title": "业主共同决定", "items": [%s]}""".formatted(compound, items))
                .andExpect(status().isCreated())).get("id").asLong();
    }

    JsonNode items(long decision) throws Exception {
        return read(call(get("/api/votes/decisions/" + decision), community(), null).andExpect(status().isOk())).get("decision").get("items");
    }

    String ballot(JsonNode items, long household, String... choices) {
        StringBuilder c = new StringBuilder();
        for (int i = 0; i < choices.length; i++) {
            c.append(i == 0 ? "" : ",").append('"').append(items.get(i).get("id").asLong()).append("\":\"").append(choices[i]).append('"');
        }
        return "{\"householdId\": %d, \"choices\": {%s}}".formatted(household, c);
    }

    long ballots(long decision) {
        return count("select count(*) from vote_owner_ballot where decision_id = ?", decision);
    }

    @Test
    void severalUnitsOfOneOwnerAndTheDevelopersUnitsCountOnceAndTheAreaAtThreeQuartersIsNotEnoughWithoutTheHeadcount() throws Exception {
        // ten units of 100.00 m²: 张三 holds units 1–3, the developer 9 and 10, the others one owner each → 7 owners
        VotesFixtures.Compound c = fixtures.compound(VotesFixtures.areas(10, "100.00"));
        List<Long> u = c.units();
        call(post("/api/votes/compounds/" + c.id() + "/owners"), community(), """
                {"name": "张三", "householdIds": [%d, %d, %d]}""".formatted(u.get(0), u.get(1), u.get(2))).andExpect(status().isCreated());
        call(post("/api/votes/compounds/" + c.id() + "/owners"), community(), """
                {"name": "开发商（未售）", "developer": true, "householdIds": [%d, %d]}""".formatted(u.get(8), u.get(9)))
                .andExpect(status().isCreated());
        // a unit registered twice is refused
        var twice = call(post("/api/votes/compounds/" + c.id() + "/owners"), community(), """
                {"name": "李四", "householdIds": [%d, %d]}""".formatted(u.get(2), u.get(3))).andExpect(status().isConflict());
        assertThat(code(twice)).isEqualTo("unit-owned");
        assertThat(count("select count(*) from vote_owner where compound_id = ?", c.id())).isEqualTo(2);

        long d = decision(c.id(), "USE_MAINTENANCE_FUND", "RAISE_MAINTENANCE_FUND");
        JsonNode opened = read(call(post("/api/votes/decisions/" + d + "/open"), community(), null).andExpect(status().isOk()));
        assertThat(opened.get("units").asInt()).isEqualTo(10);
        assertThat(opened.get("totalOwners").asInt()).isEqualTo(7);
        assertThat(opened.get("totalArea").asLong()).isEqualTo(100_000);
        JsonNode items = items(d);

        call(post("/api/votes/decisions/" + d + "/ballots"), community(), ballot(items, u.get(0), "AGREE", "AGREE")).andExpect(status().isCreated());
        // 张三's second unit: the same owner, refused, nothing written
        var again = call(post("/api/votes/decisions/" + d + "/ballots"), community(), ballot(items, u.get(1), "OPPOSE", "OPPOSE"))
                .andExpect(status().isConflict());
        assertThat(code(again)).isEqualTo("already-voted");
        assertThat(ballots(d)).isEqualTo(1);
        call(post("/api/votes/decisions/" + d + "/ballots"), community(), ballot(items, u.get(3), "AGREE", "AGREE")).andExpect(status().isCreated());
        call(post("/api/votes/decisions/" + d + "/ballots"), community(), ballot(items, u.get(4), "OPPOSE", "OPPOSE")).andExpect(status().isCreated());
        call(post("/api/votes/decisions/" + d + "/ballots"), community(), ballot(items, u.get(5), "ABSTAIN", "OPPOSE")).andExpect(status().isCreated());
        call(post("/api/votes/decisions/" + d + "/ballots"), community(), ballot(items, u.get(9), "AGREE", "AGREE")).andExpect(status().isCreated());
        assertThat(code(call(post("/api/votes/decisions/" + d + "/ballots"), community(), ballot(items, u.get(8), "AGREE", "AGREE"))
                .andExpect(status().isConflict()))).isEqualTo("already-voted");
        call(post("/api/votes/decisions/" + d + "/close"), community(), null).andExpect(status().isOk());

        JsonNode r = read(call(get("/api/votes/decisions/" + d), people.user("owners"), null).andExpect(status().isNotFound()));
        assertThat(r.get("code").asString()).isEqualTo("not-found");
        JsonNode result = read(call(get("/api/votes/decisions/" + d), community(), null).andExpect(status().isOk())).get("result");
        // 5 of 7 owners (≥ 2/3 is 5), 800.00 of 1,000.00 m²
        assertThat(result.get("partOwners").get("value").asLong()).isEqualTo(5);
        assertThat(result.get("partOwners").get("of").asLong()).isEqualTo(7);
        assertThat(result.get("partOwners").get("least").asLong()).isEqualTo(5);
        assertThat(result.get("partArea").get("value").asLong()).isEqualTo(80_000);
        assertThat(result.get("quorum").asBoolean()).isTrue();
        // using the fund: 张三 (300), unit 4 (100), the developer (200) = 600.00 of 800.00 m², 3 of 5 owners: more than half
        JsonNode use = result.get("items").get(0);
        assertThat(use.get("agreeArea").get("value").asLong()).isEqualTo(60_000);
        assertThat(use.get("agreeOwners").get("value").asLong()).isEqualTo(3);
        assertThat(use.get("passed").asBoolean()).isTrue();
        // raising the fund: the same 600.00 m² is exactly three quarters of 800.00 (met), but 3 of 5 owners is not
        JsonNode raise = result.get("items").get(1);
        assertThat(raise.get("agreeArea").get("met").asBoolean()).isTrue();
        assertThat(raise.get("agreeOwners").get("met").asBoolean()).isFalse();
        assertThat(raise.get("agreeOwners").get("least").asLong()).isEqualTo(4);
        assertThat(raise.get("passed").asBoolean()).isFalse();
    }

    @Test
    void theQuorumFailsByOneOwnerAndABallotAfterTheCloseIsRefused() throws Exception {
        // five units of 150.00 m² and four of 50.00 m²: nine owners, 950.00 m²
        List<BigDecimal> areas = new ArrayList<>(VotesFixtures.areas(5, "150.00"));
        areas.addAll(VotesFixtures.areas(4, "50.00"));
        VotesFixtures.Compound c = fixtures.compound(areas);
        long d = decision(c.id(), "PROPERTY_MANAGER");
        call(post("/api/votes/decisions/" + d + "/open"), community(), null).andExpect(status().isOk());
        JsonNode items = items(d);
        for (int i = 0; i < 5; i++) {
            call(post("/api/votes/decisions/" + d + "/ballots"), community(), ballot(items, c.units().get(i), "AGREE")).andExpect(status().isCreated());
        }
        call(post("/api/votes/decisions/" + d + "/close"), community(), null).andExpect(status().isOk());
        var late = call(post("/api/votes/decisions/" + d + "/ballots"), community(), ballot(items, c.units().get(5), "AGREE"))
                .andExpect(status().isConflict());
        assertThat(code(late)).isEqualTo("decision-not-open");
        assertThat(ballots(d)).isEqualTo(5);

        JsonNode result = read(call(get("/api/votes/decisions/" + d), community(), null)).get("result");
        // 750.00 of 950.00 m² is more than two thirds; 5 of 9 owners is one short of 6
        assertThat(result.get("partArea").get("met").asBoolean()).isTrue();
        assertThat(result.get("partOwners").get("met").asBoolean()).isFalse();
        assertThat(result.get("partOwners").get("shortBy").asLong()).isEqualTo(1);
        assertThat(result.get("quorum").asBoolean()).isFalse();
        // every owner who took part agreed, yet without the quorum nothing is decided
        assertThat(result.get("items").get(0).get("agreeOwners").get("met").asBoolean()).isTrue();
        assertThat(result.get("items").get(0).get("passed").asBoolean()).isFalse();
    }

    @Test
    void refusalsChangeNothing() throws Exception {
        VotesFixtures.Compound c = fixtures.compound(VotesFixtures.areas(3, "80.00"));
        VotesFixtures.Compound other = fixtures.compound(VotesFixtures.areas(1, "80.00"));
        long d = decision(c.id(), "OWNERS_CODE");
        // a unit of another compound, or one without an exclusive area, cannot be registered or counted
        assertThat(code(call(post("/api/votes/compounds/" + c.id() + "/owners"), community(), """
                {"name": "王五", "householdIds": [%d, %d]}""".formatted(c.units().get(0), other.units().get(0)))
                .andExpect(status().isBadRequest()))).isEqualTo("unknown-household");
        // a draft takes no ballot, is not seen by the compound's residents, and is run only by its runners
        JsonNode items = items(d);
        assertThat(code(call(post("/api/votes/decisions/" + d + "/ballots"), community(), ballot(items, c.units().get(0), "AGREE"))
                .andExpect(status().isConflict()))).isEqualTo("decision-not-open");
        call(post("/api/votes/decisions/" + d + "/open"), people.user("resident"), null).andExpect(status().isForbidden());
        call(post("/api/votes/decisions/" + d + "/open"), community(), null).andExpect(status().isOk());
        // every item needs a choice; a unit outside the register is not in the census
        assertThat(code(call(post("/api/votes/decisions/" + d + "/ballots"), community(), "{\"householdId\": %d, \"choices\": {}}"
                .formatted(c.units().get(0))).andExpect(status().isBadRequest()))).isEqualTo("choice-required");
        assertThat(code(call(post("/api/votes/decisions/" + d + "/ballots"), community(), ballot(items, other.units().get(0), "AGREE"))
                .andExpect(status().isConflict()))).isEqualTo("not-in-census");
        assertThat(ballots(d)).isZero();
        call(post("/api/votes/decisions/" + d + "/open"), community(), null).andExpect(status().isConflict());

        // a compound with a unit missing its area cannot open a decision
        VotesFixtures.Compound missing = fixtures.compound(java.util.Arrays.asList(new BigDecimal("90.00"), null));
        long m = decision(missing.id(), "OTHER");
        assertThat(code(call(post("/api/votes/decisions/" + m + "/open"), community(), null).andExpect(status().isConflict())))
                .isEqualTo("register-area-missing");
        assertThat(count("select count(*) from vote_register where decision_id = ?", m)).isZero();
        assertThat(read(call(get("/api/votes/decisions/" + m), community(), null)).get("decision").get("status").asString()).isEqualTo("DRAFT");
    }
}
