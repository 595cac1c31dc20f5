package io.gridwork.people;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.MockMvc;

import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridLevel;
import io.gridwork.grid.GridNode;
import io.gridwork.support.GridworkTest;

@GridworkTest
class HouseholdMembersTests {

    @Autowired
    MockMvc mvc;
    @Autowired
    GridApi grid;
    @Autowired
    PeopleApi people;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    UserDetailsService users;

    private long[] twoHouseholds() {
        GridNode community = grid.nodeByCode("510108001001").orElseThrow();
        GridNode compound = grid.create(community.id(), GridLevel.COMPOUND, "登记小区" + UUID.randomUUID(), null, null);
        GridNode micro = grid.create(compound.id(), GridLevel.MICRO, "登记微网格", null, null);
        long unit = grid.createUnit(grid.createBuilding(compound.id(), micro.id(), "1", "1栋", 6, null, null), "1");
        return new long[] {grid.createHousehold(unit, "101", "OCCUPIED"), grid.createHousehold(unit, "102", "OCCUPIED")};
    }

    private String json(String name, String idCard, String relation) {
        return "{\"name\":\"" + name + "\",\"idCard\":\"" + idCard + "\",\"phone\":\"13700001111\",\"relation\":\"" + relation
                + "\",\"tags\":[\"ELDERLY_ALONE\"]}";
    }

    @Test
    void registersAResidentAndMovesThemWithHistory() throws Exception {
        long[] h = twoHouseholds();
        String idCard = PersonalDataTests.unusedIdCard(people);
        var community = users.loadUserByUsername("community");
        mvc.perform(post("/api/households/" + h[0] + "/members").with(csrf()).with(user(community))
                .contentType(MediaType.APPLICATION_JSON).content(json("新住户", idCard, "HEAD")))
                .andExpect(status().isCreated()).andExpect(jsonPath("$.householdId").value(h[0]))
                .andExpect(jsonPath("$.tags[0]").value("ELDERLY_ALONE"))
                .andExpect(jsonPath("$.phoneMasked").value("137****1111"));
        long person = people.findByIdCard(idCard).orElseThrow();

        mvc.perform(post("/api/households/" + h[0] + "/members").with(csrf()).with(user(community))
                .contentType(MediaType.APPLICATION_JSON).content(json("新住户", idCard, "HEAD")))
                .andExpect(status().isConflict()).andExpect(jsonPath("$.code").value("already-member"));

        mvc.perform(post("/api/households/" + h[1] + "/members").with(csrf()).with(user(community))
                .contentType(MediaType.APPLICATION_JSON).content(json("新住户", idCard, "TENANT")))
                .andExpect(status().isCreated()).andExpect(jsonPath("$.id").value(person));
        assertThat(people.currentHouseholdOf(person)).contains(h[1]);
        assertThat(jdbc.sql("select count(*) from household_member where person_id = ?").param(person).query(Long.class).single())
                .as("the old membership is kept, closed").isEqualTo(2);

        mvc.perform(post("/api/households/" + h[1] + "/members/" + person + "/leave").with(csrf()).with(user(community)))
                .andExpect(status().isNoContent());
        assertThat(people.currentHouseholdOf(person)).isEmpty();
    }

    @Test
    void refusesBadInputAndChangesNothing() throws Exception {
        long[] h = twoHouseholds();
        var community = users.loadUserByUsername("community");
        long before = jdbc.sql("select count(*) from person").query(Long.class).single();
        mvc.perform(post("/api/households/" + h[0] + "/members").with(csrf()).with(user(community))
                .contentType(MediaType.APPLICATION_JSON).content(json("错号", "110105194912310021", "HEAD")))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("invalid-id-card"))
                .andExpect(jsonPath("$.field").value("idCard"));
        mvc.perform(post("/api/households/" + h[0] + "/members").with(csrf()).with(user(community))
                .contentType(MediaType.APPLICATION_JSON).content(json("关系错", PersonalDataTests.unusedIdCard(people), "COUSIN")))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("invalid-relation"));
        mvc.perform(put("/api/people/1/tags").with(csrf()).with(user(users.loadUserByUsername("admin")))
                .contentType(MediaType.APPLICATION_JSON).content("[\"NOT_A_TAG\"]"))
                .andExpect(status().isBadRequest());
        assertThat(jdbc.sql("select count(*) from person").query(Long.class).single()).isEqualTo(before);
    }

    @Test
    void workersCannotRegisterOutsideTheirMicroGrid() throws Exception {
        long[] h = twoHouseholds();
        mvc.perform(post("/api/households/" + h[0] + "/members").with(csrf()).with(user(users.loadUserByUsername("worker")))
                .contentType(MediaType.APPLICATION_JSON).content(json("越权", PersonalDataTests.unusedIdCard(people), "HEAD")))
                .andExpect(status().isNotFound());
    }
}
