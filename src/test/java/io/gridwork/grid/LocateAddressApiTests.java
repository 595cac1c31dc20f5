package io.gridwork.grid;

import static io.gridwork.support.SignedIn.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import io.gridwork.shared.security.GridworkUser;
import io.gridwork.support.GridworkTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Locating an address (compound, building, unit, room) in the demo community: household and micro-grid. */
@GridworkTest
class LocateAddressApiTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    UserDetailsService accounts;

    @Test
    void locatesAnAddressToItsHouseholdAndMicroGrid() throws Exception {
        long microGrid = microGridOfBuilding("学府憬城", "3");

        mvc.perform(get("/api/locate/address").param("compound", "学府憬城").param("building", "3").param("unit", "2")
                        .param("room", "1102").with(as(accounts, "community")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.compoundName").value("学府憬城"))
                .andExpect(jsonPath("$.buildingNumber").value("3"))
                .andExpect(jsonPath("$.unitNumber").value("2"))
                .andExpect(jsonPath("$.room").value("1102"))
                .andExpect(jsonPath("$.microGridId").value(microGrid))
                .andExpect(jsonPath("$.microGridPath").value(org.hamcrest.Matchers.endsWith("/" + microGrid + "/")));
    }

    @Test
    void acceptsTheSuffixesResidentsWriteAndTheCompoundCode() throws Exception {
        long plain = householdId(mvc.perform(get("/api/locate/address").param("compound", "学府憬城").param("building", "3")
                .param("unit", "2").param("room", "1102").with(as(accounts, "community"))));
        String code = jdbc.sql("select code from grid_node where name = '学府憬城'").query(String.class).single();

        long suffixed = householdId(mvc.perform(get("/api/locate/address").param("compound", " 学府憬城 ")
                .param("building", "3栋").param("unit", "2单元").param("room", "1102室").with(as(accounts, "community"))));
        long byCode = householdId(mvc.perform(get("/api/locate/address").param("compound", code)
                .param("building", "3号楼").param("unit", "2").param("room", "1102").with(as(accounts, "community"))));

        assertThat(suffixed).isEqualTo(plain);
        assertThat(byCode).isEqualTo(plain);
    }

    @Test
    void anUnknownAddressIsA404Problem() throws Exception {
        mvc.perform(get("/api/locate/address").param("compound", "学府憬城").param("building", "3").param("unit", "2")
                        .param("room", "4401").with(as(accounts, "community")))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("unknown-address"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("学府憬城")))
                .andExpect(jsonPath("$.room").value("4401"));
        mvc.perform(get("/api/locate/address").param("compound", "没有这个小区").param("building", "1").param("unit", "1")
                        .param("room", "101").with(as(accounts, "community")))
                .andExpect(status().isNotFound());
    }

    @Test
    void anAddressWithoutAllItsPartsIsA400Problem() throws Exception {
        mvc.perform(get("/api/locate/address").param("compound", "学府憬城").param("building", "3").param("unit", "2")
                        .with(as(accounts, "community")))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("missing-parameter"))
                .andExpect(jsonPath("$.field").value("room"));
        mvc.perform(get("/api/locate/address").with(as(accounts, "community")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("missing-parameter"));
    }

    @Test
    void aWorkerLocatesAddressesInTheirMicroGridButNotBeyond() throws Exception {
        GridworkUser worker = (GridworkUser) accounts.loadUserByUsername("worker");
        String scope = worker.scopePaths().getFirst();
        String inside = buildingOf("学府憬城", "m.path like ?", scope + "%");
        String outside = buildingOf("学府憬城", "m.path not like ?", scope + "%");

        mvc.perform(get("/api/locate/address").param("compound", "学府憬城").param("building", inside).param("unit", "1")
                        .param("room", "101").with(as(accounts, "worker")))
                .andExpect(status().isOk());
        mvc.perform(get("/api/locate/address").param("compound", "学府憬城").param("building", outside).param("unit", "1")
                        .param("room", "101").with(as(accounts, "worker")))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("not-found"));
    }

    @Test
    void rolesWithoutTheRegisterCannotLocateAddresses() throws Exception {
        mvc.perform(get("/api/locate/address").param("compound", "学府憬城").param("building", "3").param("unit", "2")
                        .param("room", "1102").with(as(accounts, "property")))
                .andExpect(status().isForbidden());
        mvc.perform(get("/api/locate/address").param("compound", "学府憬城").param("building", "3").param("unit", "2")
                        .param("room", "1102"))
                .andExpect(status().isUnauthorized());
    }

    // ---- helpers -------------------------------------------------------------------------------

    private long householdId(ResultActions result) throws Exception {
        JsonNode body = JSON.readTree(result.andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        return body.get("id").asLong();
    }

    private long microGridOfBuilding(String compound, String number) {
        return jdbc.sql("""
                select b.micro_grid_id from building b join grid_node c on c.id = b.compound_id
                 where c.name = ? and b.number = ?""").params(compound, number).query(Long.class).single();
    }

    private String buildingOf(String compound, String condition, String value) {
        return jdbc.sql("""
                select b.number from building b join grid_node c on c.id = b.compound_id
                  join grid_node m on m.id = b.micro_grid_id
                 where c.name = ? and\s""" + condition + " order by b.id")
                .params(compound, value).query(String.class).list().getFirst();
    }
}
