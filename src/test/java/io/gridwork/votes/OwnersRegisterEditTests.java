package io.gridwork.votes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Import;

import io.gridwork.shared.security.GridworkUser;
import io.gridwork.support.GridworkTest;
import io.gridwork.support.TestPeople;
import tools.jackson.databind.JsonNode;

/**
 * Correcting the owners register: an entry's name, units and developer mark change for decisions opened afterwards
 * while an open decision keeps its frozen register; removal is refused while the owner has a ballot in an open
 * decision; a bad correction (a unit of another owner, one unit only, a unit of another compound) changes nothing.
 */
@GridworkTest
@Import({TestPeople.class, VotesFixtures.class})
class OwnersRegisterEditTests extends VotesApiSupport {

    GridworkUser community() {
        return people.user("community");
    }

    long owner(long compound, String name, boolean developer, Long... units) throws Exception {
        return read(call(post("/api/votes/compounds/" + compound + "/owners"), community(), """
                {"name": "%s", "developer": %s, "householdIds": %s}""".formatted(name, developer, List.of(units)))
                .andExpect(status().isCreated())).get("id").asLong();
    }

    long openDecision(long compound) throws Exception {
        long d = read(call(post("/api/votes/decisions"), community(), """
                {"compoundId": %d, "title": "更正名册后的表决", "items": [{"matter":"PROPERTY_MANAGER","text":"选聘物业"}]}""".formatted(compound))
                .andExpect(status().isCreated())).get("id").asLong();
        call(post("/api/votes/decisions/" + d + "/open"), community(), null).andExpect(status().isOk());
        return d;
    }

    @Test
    void correctionsCountInLaterDecisionsAndRemovalWaitsForTheOpenDecision() throws Exception {
        VotesFixtures.Compound c = fixtures.compound(VotesFixtures.areas(8, "90.00"));
        List<Long> u = c.units();
        long zhang = owner(c.id(), "张三", false, u.get(0), u.get(1));
        long dev = owner(c.id(), "开发商", true, u.get(6), u.get(7));
        long wang = owner(c.id(), "王五", false, u.get(4), u.get(5));

        long first = openDecision(c.id());
        // 8 units: 张三 (2), the developer (2), 王五 (2), units 3 and 4 alone → 5 owners; the frozen register says so
        assertThat(count("select total_owners from vote_decision where id = ?", first)).isEqualTo(5);
        long itemId = read(call(get("/api/votes/decisions/" + first), community(), null)).get("decision").get("items").get(0).get("id").asLong();
        call(post("/api/votes/decisions/" + first + "/ballots"), community(),
                "{\"householdId\": %d, \"choices\": {\"%d\": \"AGREE\"}}".formatted(u.get(0), itemId)).andExpect(status().isCreated());

        // correct 张三: another name, a third unit; take unit 8 off the developer's entry
        JsonNode fixed = read(call(put("/api/votes/owners/" + zhang), community(), """
                {"name": "张三丰", "householdIds": [%d, %d, %d]}""".formatted(u.get(0), u.get(1), u.get(2))).andExpect(status().isOk()));
        assertThat(fixed.get("name").asString()).isEqualTo("张三丰");
        assertThat(fixed.get("householdIds")).hasSize(3);
        call(put("/api/votes/owners/" + dev), community(), """
                {"name": "开发商", "developer": true, "householdIds": [%d]}""".formatted(u.get(6))).andExpect(status().isOk());

        // refusals change nothing: a unit of another owner, one unit only (not the developer), a unit elsewhere, no body
        assertThat(code(call(put("/api/votes/owners/" + zhang), community(), """
                {"name": "张三丰", "householdIds": [%d, %d]}""".formatted(u.get(0), u.get(4))).andExpect(status().isConflict())))
                .isEqualTo("unit-owned");
        assertThat(code(call(put("/api/votes/owners/" + zhang), community(), """
                {"name": "张三丰", "householdIds": [%d]}""".formatted(u.get(0))).andExpect(status().isBadRequest()))).isEqualTo("owner-one-unit");
        assertThat(code(call(put("/api/votes/owners/" + zhang), community(), """
                {"name": "张三丰", "householdIds": [%d, 999999999]}""".formatted(u.get(0))).andExpect(status().isBadRequest())))
                .isEqualTo("unknown-household");
        call(put("/api/votes/owners/" + zhang), community(), null).andExpect(status().isBadRequest());
        call(put("/api/votes/owners/999999999"), community(), "{\"name\":\"x\",\"householdIds\":[1,2]}").andExpect(status().isNotFound());
        call(put("/api/votes/owners/" + zhang), people.user("resident"), "{\"name\":\"x\",\"householdIds\":[1,2]}").andExpect(status().isForbidden());
        assertThat(count("select count(*) from vote_owner_unit where owner_id = ?", zhang)).isEqualTo(3);
        assertThat(count("select count(*) from vote_owner where id = ? and name = '张三丰'", zhang)).isEqualTo(1);

        // the open decision keeps its frozen register
        assertThat(count("select total_owners from vote_decision where id = ?", first)).isEqualTo(5);
        assertThat(count("select count(*) from vote_register where decision_id = ? and owner_name = '张三'", first)).isEqualTo(2);
        assertThat(count("select count(*) from vote_register where decision_id = ? and developer", first)).isEqualTo(2);

        // 张三丰 voted in the open decision: removal refused; 王五 has not: removed
        assertThat(code(call(delete("/api/votes/owners/" + zhang), community(), null).andExpect(status().isConflict())))
                .isEqualTo("owner-has-ballots");
        assertThat(count("select count(*) from vote_owner where id = ?", zhang)).isEqualTo(1);
        call(delete("/api/votes/owners/" + wang), community(), null).andExpect(status().isNoContent());
        assertThat(count("select count(*) from vote_owner where id = ?", wang)).isZero();
        call(get("/api/votes/owners/" + wang), community(), null).andExpect(status().isNotFound());

        // a decision opened afterwards counts the corrected register: 张三丰 (3), developer (1), units 4, 5, 6, 8 → 6 owners
        call(post("/api/votes/decisions/" + first + "/close"), community(), null).andExpect(status().isOk());
        long second = openDecision(c.id());
        assertThat(count("select total_owners from vote_decision where id = ?", second)).isEqualTo(6);
        assertThat(count("select total_owners from vote_decision where id = ?", first)).isEqualTo(5);
        // with the first decision closed, 张三丰's ballot no longer holds the entry
        call(delete("/api/votes/owners/" + zhang), community(), null).andExpect(status().isNoContent());
    }

    @Test
    void thePageCorrectsAndRefusesWithAMessage() throws Exception {
        VotesFixtures.Compound c = fixtures.compound(VotesFixtures.areas(4, "80.00"));
        List<Long> u = c.units();
        long li = owner(c.id(), "李四", false, u.get(0), u.get(1));
        long other = owner(c.id(), "赵六", false, u.get(2), u.get(3));
        String page = mvc.perform(get("/votes/owners/" + li).with(user(community()))).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString();
        assertThat(page).contains("更正业主登记：李四").contains("已经开始的表决保留开始时固定的名册").contains("id=\"owner-unit-2\"");
        String list = mvc.perform(get("/votes/compounds/" + c.id() + "/owners").with(user(community()))).andReturn().getResponse().getContentAsString();
        assertThat(list).contains("/votes/owners/" + li);

        Object error = mvc.perform(post("/votes/owners/" + li).param("name", "李四").param("householdIds", String.valueOf(u.get(0)),
                String.valueOf(u.get(2))).with(csrf()).with(user(community()))).andExpect(status().is3xxRedirection()).andReturn().getFlashMap()
                .get("error");
        assertThat(String.valueOf(error)).contains("已登记在另一位业主名下");
        mvc.perform(post("/votes/owners/" + li).param("name", "李四（更正）").param("developer", "true").param("householdIds",
                String.valueOf(u.get(0))).with(csrf()).with(user(community()))).andExpect(status().is3xxRedirection());
        assertThat(count("select count(*) from vote_owner where id = ? and developer and name = '李四（更正）'", li)).isEqualTo(1);
        assertThat(count("select count(*) from vote_owner_unit where owner_id = ?", li)).isEqualTo(1);
        mvc.perform(post("/votes/owners/" + other + "/remove").with(csrf()).with(user(community()))).andExpect(status().is3xxRedirection());
        assertThat(count("select count(*) from vote_owner where id = ?", other)).isZero();
    }
}
