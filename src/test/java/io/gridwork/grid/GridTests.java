package io.gridwork.grid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.MockMvc;

import io.gridwork.shared.web.ProblemException;
import io.gridwork.support.GridworkTest;

@GridworkTest
class GridTests {

    @Autowired
    GridApi grid;
    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    UserDetailsService users;

    private GridNode community() {
        return grid.nodeByCode("510108001001").orElseThrow();
    }

    @Test
    void codesFollowCjt349WithAMicroGridSegment() {
        GridNode district = grid.nodeByCode("510108").orElseThrow();
        assertThat(district.level()).isEqualTo(GridLevel.DISTRICT);
        GridNode community = community();
        assertThat(community.code()).hasSize(6 + 3 + 3).startsWith("510108001");
        GridNode compound = grid.create(community.id(), GridLevel.COMPOUND, "测试小区" + UUID.randomUUID(), null, null);
        assertThat(compound.code()).hasSize(14).startsWith(community.code());
        GridNode micro = grid.create(compound.id(), GridLevel.MICRO, "测试微网格", null, null);
        assertThat(micro.code()).isEqualTo(compound.code() + "001");
        assertThat(grid.create(compound.id(), GridLevel.MICRO, "测试微网格2", null, null).code()).isEqualTo(compound.code() + "002");
        assertThat(micro.path()).isEqualTo(compound.path() + micro.id() + "/");
        assertThat(grid.lineage(micro.id())).extracting(GridNode::level)
                .containsExactly(GridLevel.DISTRICT, GridLevel.STREET, GridLevel.COMMUNITY, GridLevel.COMPOUND, GridLevel.MICRO);
    }

    @Test
    void refusesAGridAtTheWrongLevel() {
        assertThatThrownBy(() -> grid.create(community().id(), GridLevel.MICRO, "错层", null, null))
                .isInstanceOf(ProblemException.class).hasMessageContaining("cannot be placed under");
        assertThatThrownBy(() -> grid.create(community().id(), GridLevel.SPECIAL, "市场", null, null))
                .hasMessageContaining("special grid needs its kind");
    }

    @Test
    void movingABuildingKeepsItsHistory() throws Exception {
        GridNode compound = grid.create(community().id(), GridLevel.COMPOUND, "搬迁小区" + UUID.randomUUID(), null, null);
        GridNode a = grid.create(compound.id(), GridLevel.MICRO, "甲", null, null);
        GridNode b = grid.create(compound.id(), GridLevel.MICRO, "乙", null, null);
        long building = grid.createBuilding(compound.id(), a.id(), "9", "9栋", 6, null, null);

        mvc.perform(post("/api/buildings/" + building + "/move").with(csrf()).with(user(users.loadUserByUsername("community")))
                .contentType(MediaType.APPLICATION_JSON).content("{\"microGridId\":" + b.id() + ",\"reason\":\"\"}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("reason-required"));
        mvc.perform(post("/api/buildings/" + building + "/move").with(csrf()).with(user(users.loadUserByUsername("community")))
                .contentType(MediaType.APPLICATION_JSON).content("{\"microGridId\":" + b.id() + ",\"reason\":\"按单元重新划分\"}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.microGridId").value(b.id()));

        var history = grid.buildingHistory(building);
        assertThat(history).hasSize(2);
        assertThat(history.get(0).microGridId()).isEqualTo(a.id());
        assertThat(history.get(0).to()).isNotNull();
        assertThat(history.get(1).microGridId()).isEqualTo(b.id());
        assertThat(history.get(1).to()).isNull();
        assertThat(history.get(1).reason()).isEqualTo("按单元重新划分");
        assertThat(history.get(1).changedBy()).isEqualTo("community");
    }

    @Test
    void refusesMovingABuildingIntoAnotherCompound() {
        GridNode other = grid.nodeByCode("510108001001").flatMap(c -> grid.children(c.id()).stream()
                .filter(n -> n.name().equals("学府憬城")).findFirst()).orElseThrow();
        GridNode foreignMicro = grid.children(other.id()).get(0);
        GridNode compound = grid.create(community().id(), GridLevel.COMPOUND, "孤楼小区" + UUID.randomUUID(), null, null);
        GridNode own = grid.create(compound.id(), GridLevel.MICRO, "丙", null, null);
        long building = grid.createBuilding(compound.id(), own.id(), "1", "1栋", 6, null, null);
        assertThatThrownBy(() -> grid.moveBuilding(building, foreignMicro.id(), "跨小区", "test"))
                .hasMessageContaining("is not a micro-grid of");
        assertThat(grid.buildingHistory(building)).hasSize(1);
    }

    @Test
    void theTreeCountsHouseholdsAndWarnsAboutMicroGridRules() throws Exception {
        GridNode jingcheng = grid.children(community().id()).stream().filter(n -> n.name().equals("学府憬城")).findFirst().orElseThrow();
        long households = jdbc.sql("select count(*) from household h join unit u on u.id = h.unit_id join building b on b.id = u.building_id where b.compound_id = ?")
                .param(jingcheng.id()).query(Long.class).single();
        mvc.perform(get("/api/grid/" + jingcheng.id()).with(user(users.loadUserByUsername("compound"))))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.stats.households").value(households))
                .andExpect(jsonPath("$.stats.microGrids").value(21))
                .andExpect(jsonPath("$.stats.warnings[?(@.kind == 'workers' && @.value == 1)]").exists())
                .andExpect(jsonPath("$.stats.warnings[?(@.kind == 'size' && @.value == 132)]").exists());
    }

    @Test
    void staffSeeOnlyTheirGrids() throws Exception {
        long second = jdbc.sql("select id from grid_node where name = '学府憬城第2微网格'").query(Long.class).single();
        long first = jdbc.sql("select id from grid_node where name = '学府憬城第1微网格'").query(Long.class).single();
        mvc.perform(get("/api/grid/" + first).with(user(users.loadUserByUsername("worker")))).andExpect(status().isOk());
        mvc.perform(get("/api/grid/" + second).with(user(users.loadUserByUsername("worker"))))
                .andExpect(status().isNotFound()).andExpect(jsonPath("$.code").value("not-found"));
        long otherCommunity = jdbc.sql("select id from grid_node where name = '锦城社区'").query(Long.class).single();
        mvc.perform(get("/api/grid/" + otherCommunity).with(user(users.loadUserByUsername("community")))).andExpect(status().isNotFound());
        mvc.perform(get("/grid/" + otherCommunity).with(user(users.loadUserByUsername("community")))).andExpect(status().isNotFound());
        mvc.perform(get("/api/grid/999999999").with(user(users.loadUserByUsername("admin"))))
                .andExpect(status().isNotFound()).andExpect(jsonPath("$.code").value("not-found"));
    }

    @Test
    void residentsSeeTheirOwnHouseholdOnly() throws Exception {
        var resident = (io.gridwork.shared.security.GridworkUser) users.loadUserByUsername("resident");
        mvc.perform(get("/api/households/" + resident.householdId()).with(user(resident))).andExpect(status().isOk());
        mvc.perform(get("/api/households/" + (resident.householdId() + 1)).with(user(resident))).andExpect(status().isNotFound());
    }
}
