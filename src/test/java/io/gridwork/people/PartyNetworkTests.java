package io.gridwork.people;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.MockMvc;

import io.gridwork.support.GridworkTest;

@GridworkTest
class PartyNetworkTests {

    @Autowired
    MockMvc mvc;
    @Autowired
    UserDetailsService users;

    @Test
    void showsTheFourOrganisationLevelsWithMembersToTheStreet() throws Exception {
        mvc.perform(get("/api/party/orgs").with(user(users.loadUserByUsername("street"))))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[?(@.level == 'STREET_COMMITTEE')].name").value(Matchers.hasItem("学府街道党工委")))
                .andExpect(jsonPath("$[?(@.level == 'COMMUNITY_ORG')]", Matchers.hasSize(2)))
                // other tests of the shared database may add branches (PartyNetworkPagesTests): the demo's three are there
                .andExpect(jsonPath("$[?(@.level == 'GRID_BRANCH')].name", Matchers.hasItems("学府憬城网格党支部",
                        "城市花园三期网格党支部", "碧鸡桥小区网格党支部")))
                .andExpect(jsonPath("$[?(@.level == 'BUILDING_GROUP')].members", Matchers.hasItem(Matchers.greaterThan(0))));
    }

    @Test
    void aCompoundSeesOnlyItsOwnBranch() throws Exception {
        mvc.perform(get("/api/party/orgs").with(user(users.loadUserByUsername("compound"))))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[*].name", Matchers.hasItem("学府憬城网格党支部")))
                .andExpect(jsonPath("$[*].name", Matchers.not(Matchers.hasItem("城市花园三期网格党支部"))))
                .andExpect(jsonPath("$[*].name", Matchers.not(Matchers.hasItem("学府街道党工委"))));
    }
}
