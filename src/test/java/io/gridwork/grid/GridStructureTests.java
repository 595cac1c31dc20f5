package io.gridwork.grid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import io.gridwork.people.GridStats;
import io.gridwork.people.internal.GridStatsQuery;
import io.gridwork.support.GridworkTest;

/**
 * Keeping the grid's structure from pages and the API: creating, renaming, moving and retiring grids
 * (with general grids between compound and micro-grid), buildings in bulk, boundaries and the
 * micro-grid rule, each with its refusals. Work is done in a community of its own under 学府街道
 * (the street account's scope), and in one compound of 学府社区 for the community account.
 */
@GridworkTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GridStructureTests {

    @Autowired
    GridApi grid;
    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    UserDetailsService users;
    @Autowired
    GridStatsQuery stats;
    @Autowired
    io.gridwork.lists.internal.RoutineService routine;

    GridNode street;
    GridNode community;
    String tag;

    @BeforeAll
    void setUp() {
        tag = Long.toString(System.nanoTime() % 100_000_000L, 36);
        street = grid.nodeByCode("510108001").orElseThrow();
        community = grid.create(street.id(), GridLevel.COMMUNITY, "结构测试社区" + tag, null, null);
    }

    RequestPostProcessor as(String account) {
        return user(users.loadUserByUsername(account));
    }

    GridNode xuefu() {
        return grid.nodeByCode("510108001001").orElseThrow();
    }

    @Test
    void generalGridsShareTheCompoundsCodeSequenceAndCodesAreNeverReused() {
        GridNode compound = grid.create(community.id(), GridLevel.COMPOUND, "一般网格小区", null, null);
        GridNode m1 = grid.create(compound.id(), GridLevel.MICRO, "第1微网格", null, null);
        GridNode general = grid.create(compound.id(), GridLevel.GENERAL, "第一一般网格", null, null);
        GridNode inGeneral = grid.create(general.id(), GridLevel.MICRO, "一般网格下微网格", null, null);
        assertThat(m1.code()).isEqualTo(compound.code() + "001");
        assertThat(general.code()).isEqualTo(compound.code() + "002").hasSize(17);
        assertThat(inGeneral.code()).isEqualTo(general.code() + "001").hasSize(20);
        assertThat(grid.lineage(inGeneral.id())).extracting(GridNode::level).containsExactly(GridLevel.DISTRICT,
                GridLevel.STREET, GridLevel.COMMUNITY, GridLevel.COMPOUND, GridLevel.GENERAL, GridLevel.MICRO);
        assertThat(grid.compoundOf(inGeneral.id())).map(GridNode::id).contains(compound.id());
        assertThat(grid.microGridsUnder(compound.id())).extracting(GridNode::id).containsExactlyInAnyOrder(m1.id(), inGeneral.id());

        // a micro-grid moved into the general grid keeps its code, and the code is not given again
        grid.move(m1.id(), general.id());
        assertThat(grid.node(m1.id()).orElseThrow().code()).isEqualTo(compound.code() + "001");
        assertThat(grid.create(compound.id(), GridLevel.MICRO, "第3微网格", null, null).code()).isEqualTo(compound.code() + "003");

        // a building can go to a micro-grid of a general grid, and a general grid lists its buildings
        long b = grid.createBuilding(compound.id(), inGeneral.id(), "1", null, 6, null, null);
        assertThat(grid.buildingsOf(general.id())).extracting(BuildingView::id).containsExactly(b);
        assertThat(grid.building(b).orElseThrow().name()).isEqualTo("1栋");
        grid.moveBuilding(b, m1.id(), "按单元重新划分", "test");
        assertThat(grid.building(b).orElseThrow().microGridId()).isEqualTo(m1.id());
    }

    @Test
    void communityStaffCreateRenameMoveAndRetireGridsInTheirCommunity() throws Exception {
        String name = "社区自建小区" + tag;
        mvc.perform(post("/grid/" + xuefu().id() + "/children").param("level", "COMPOUND").param("name", name)
                .with(as("community")).with(csrf())).andExpect(status().is3xxRedirection())
                .andExpect(flash().attribute("notice", org.hamcrest.Matchers.containsString(name)));
        GridNode compound = grid.children(xuefu().id()).stream().filter(n -> n.name().equals(name)).findFirst().orElseThrow();
        assertThat(compound.code()).startsWith(xuefu().code()).hasSize(14);

        String created = mvc.perform(post("/api/grid").with(as("community")).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"parentId\":" + compound.id() + ",\"level\":\"GENERAL\",\"name\":\"一般网格甲\"}"))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        long general = com.jayway.jsonpath.JsonPath.<Integer>read(created, "$.id");
        GridNode micro = grid.create(compound.id(), GridLevel.MICRO, "待移微网格", null, null);

        mvc.perform(post("/api/grid/" + micro.id() + "/rename").with(as("community")).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"  已改名微网格 \"}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.name").value("已改名微网格"))
                .andExpect(jsonPath("$.code").value(micro.code()));
        mvc.perform(post("/api/grid/" + micro.id() + "/rename").with(as("community")).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\" \"}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("name-required"));
        assertThat(grid.node(micro.id()).orElseThrow().name()).isEqualTo("已改名微网格");

        // move under the general grid: the path follows, the code stays
        mvc.perform(post("/grid/" + micro.id() + "/move").param("parentId", String.valueOf(general))
                .with(as("community")).with(csrf())).andExpect(status().is3xxRedirection())
                .andExpect(flash().attributeExists("notice"));
        GridNode moved = grid.node(micro.id()).orElseThrow();
        assertThat(moved.parentId()).isEqualTo(general);
        assertThat(moved.path()).isEqualTo(grid.node(general).orElseThrow().path() + micro.id() + "/");
        assertThat(moved.code()).isEqualTo(micro.code());

        // retire: refused while it has buildings, then allowed; hidden from the tree, row kept
        long building = grid.createBuilding(compound.id(), micro.id(), "1", null, null, null, null);
        mvc.perform(post("/api/grid/" + micro.id() + "/retire").with(as("community")).with(csrf()))
                .andExpect(status().isConflict()).andExpect(jsonPath("$.code").value("has-buildings"));
        mvc.perform(post("/api/grid/" + general + "/retire").with(as("community")).with(csrf()))
                .andExpect(status().isConflict()).andExpect(jsonPath("$.code").value("has-children"));
        GridNode other = grid.create(compound.id(), GridLevel.MICRO, "另一微网格", null, null);
        grid.moveBuilding(building, other.id(), "撤销前调整", "test");
        mvc.perform(post("/grid/" + micro.id() + "/retire").with(as("community")).with(csrf()))
                .andExpect(status().is3xxRedirection()).andExpect(flash().attributeExists("error"));
        assertThat(grid.node(micro.id()).orElseThrow().retired()).isFalse();
        mvc.perform(post("/grid/" + micro.id() + "/retire").param("confirm", "1").with(as("community")).with(csrf()))
                .andExpect(status().is3xxRedirection()).andExpect(redirectedUrl("/grid/" + general));
        assertThat(grid.node(micro.id()).orElseThrow().retired()).isTrue();
        assertThat(grid.children(general)).extracting(GridNode::id).doesNotContain(micro.id());
        assertThat(grid.microGridsUnder(compound.id())).extracting(GridNode::id).doesNotContain(micro.id());
        mvc.perform(post("/api/grid/" + micro.id() + "/rename").with(as("community")).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"复活\"}"))
                .andExpect(status().isConflict()).andExpect(jsonPath("$.code").value("grid-retired"));
    }

    @Test
    void retiringIsRefusedWhileStaffServeTheGrid() throws Exception {
        GridNode compound = grid.create(community.id(), GridLevel.COMPOUND, "在岗小区", null, null);
        GridNode micro = grid.create(compound.id(), GridLevel.MICRO, "在岗微网格", null, null);
        long person = jdbc.sql("select min(id) from person").query(Long.class).single();
        jdbc.sql("insert into staff_assignment (person_id, role, grid_id, start_date) values (?, 'MICRO_GRID_WORKER', ?, ?)")
                .params(person, micro.id(), java.sql.Date.valueOf(LocalDate.now().minusDays(3))).update();
        mvc.perform(post("/api/grid/" + micro.id() + "/retire").with(as("street")).with(csrf()))
                .andExpect(status().isConflict()).andExpect(jsonPath("$.code").value("has-staff"));
        jdbc.sql("update staff_assignment set end_date = ? where grid_id = ?")
                .params(java.sql.Date.valueOf(LocalDate.now().minusDays(1)), micro.id()).update();
        mvc.perform(post("/api/grid/" + micro.id() + "/retire").with(as("street")).with(csrf()))
                .andExpect(status().isOk()).andExpect(jsonPath("$.retired").value(true));
    }

    @Test
    void refusesWrongLevelsOutOfScopeAndRolesAboveTheirOwn() throws Exception {
        GridNode compound = grid.create(community.id(), GridLevel.COMPOUND, "拒绝小区", null, null);
        GridNode micro = grid.create(compound.id(), GridLevel.MICRO, "拒绝微网格", null, null);
        // a micro-grid cannot move directly under a community, nor a general grid under a special grid
        mvc.perform(post("/api/grid/" + micro.id() + "/move").with(as("street")).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content("{\"parentId\":" + community.id() + "}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("invalid-level"));
        mvc.perform(post("/api/grid").with(as("street")).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"parentId\":" + community.id() + ",\"level\":\"GENERAL\",\"name\":\"错层\"}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("invalid-level"));
        // the community account does not cover this community (it is in 学府街道, not 学府社区)
        mvc.perform(post("/api/grid/" + micro.id() + "/rename").with(as("community")).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"越权\"}"))
                .andExpect(status().isNotFound());
        mvc.perform(post("/grid/" + community.id() + "/children").param("level", "COMPOUND").param("name", "越权小区")
                .with(as("community")).with(csrf())).andExpect(status().isNotFound());
        // community staff do not rename, move or retire their own community (the street does)
        mvc.perform(post("/api/grid/" + xuefu().id() + "/rename").with(as("community")).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"改名\"}"))
                .andExpect(status().isForbidden());
        assertThat(xuefu().name()).isEqualTo("学府社区");
        // street staff create communities in their street, but streets only administrators
        mvc.perform(post("/api/grid").with(as("street")).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"parentId\":" + street.parentId() + ",\"level\":\"STREET\",\"name\":\"越权街道\"}"))
                .andExpect(status().isNotFound());
        mvc.perform(post("/grid/districts").param("name", "越权区").param("code", "510199").with(as("street")).with(csrf()))
                .andExpect(status().isForbidden());
        // a worker may not change the grid at all
        mvc.perform(post("/api/grid/" + micro.id() + "/rename").with(as("worker")).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"越权\"}"))
                .andExpect(status().isForbidden());
        assertThat(grid.node(micro.id()).orElseThrow().name()).isEqualTo("拒绝微网格");
        // moving a community (with its compounds) to a street the street account does not cover
        long otherStreet = grid.create(street.parentId(), GridLevel.STREET, "他处街道" + tag, null, null).id();
        mvc.perform(post("/api/grid/" + community.id() + "/move").with(as("street")).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content("{\"parentId\":" + otherStreet + "}"))
                .andExpect(status().isNotFound());
        assertThat(grid.node(community.id()).orElseThrow().parentId()).isEqualTo(street.id());
    }

    @Test
    void movingACompoundUpdatesTheWholeSubtreeButBuildingsNeverLeaveTheirCompound() throws Exception {
        GridNode second = grid.create(street.id(), GridLevel.COMMUNITY, "结构测试社区乙" + tag, null, null);
        GridNode compound = grid.create(community.id(), GridLevel.COMPOUND, "搬家小区", null, null);
        GridNode general = grid.create(compound.id(), GridLevel.GENERAL, "搬家一般网格", null, null);
        GridNode micro = grid.create(general.id(), GridLevel.MICRO, "搬家微网格", null, null);
        long building = grid.createBuilding(compound.id(), micro.id(), "8", null, null, null, null);
        // another module's copy of the micro-grid's path: a routine work entry
        long entry = routine.log(new io.gridwork.lists.internal.RoutineService.NewEntry(
                io.gridwork.lists.internal.RoutineKind.OPINION_COLLECTION, micro.id(), List.of(), null, "搬家前收集意见", null,
                null, null, null), (io.gridwork.shared.security.GridworkUser) users.loadUserByUsername("street")).id();

        mvc.perform(post("/api/grid/" + compound.id() + "/move").with(as("street")).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content("{\"parentId\":" + second.id() + "}"))
                .andExpect(status().isOk());
        assertThat(grid.node(micro.id()).orElseThrow().path())
                .isEqualTo(second.path() + compound.id() + "/" + general.id() + "/" + micro.id() + "/");
        assertThat(grid.node(micro.id()).orElseThrow().code()).isEqualTo(micro.code());
        assertThat(jdbc.sql("select grid_path from routine_entry where id = ?").param(entry).query(String.class).single())
                .isEqualTo(grid.node(micro.id()).orElseThrow().path());
        assertThat(grid.household(grid.createHousehold(grid.createUnit(building, "1"), "101", "OCCUPIED")).orElseThrow()
                .microGridPath()).startsWith(second.path());

        // the general grid with a building inside cannot move to another compound
        GridNode other = grid.create(second.id(), GridLevel.COMPOUND, "别的小区", null, null);
        mvc.perform(post("/api/grid/" + general.id() + "/move").with(as("street")).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content("{\"parentId\":" + other.id() + "}"))
                .andExpect(status().isConflict()).andExpect(jsonPath("$.code").value("move-has-buildings"));
        assertThat(grid.node(general.id()).orElseThrow().parentId()).isEqualTo(compound.id());
    }

    @Test
    void ticksBuildingsIntoAMicroGridKeepingEachMoveInTheHistory() throws Exception {
        GridNode compound = grid.create(community.id(), GridLevel.COMPOUND, "批量小区", null, null);
        GridNode a = grid.create(compound.id(), GridLevel.MICRO, "批量甲", null, null);
        GridNode b = grid.create(compound.id(), GridLevel.MICRO, "批量乙", null, null);
        long b1 = grid.createBuilding(compound.id(), a.id(), "1", null, null, null, null);
        long b2 = grid.createBuilding(compound.id(), a.id(), "2", null, null, null, null);
        long b3 = grid.createBuilding(compound.id(), null, "3", null, null, null, null);
        long elsewhere = grid.createBuilding(grid.create(community.id(), GridLevel.COMPOUND, "批量别处", null, null).id(),
                null, "1", null, null, null, null);

        // a building of another compound in the batch: nothing moves
        mvc.perform(post("/grid/" + compound.id() + "/buildings/assign").param("buildingIds", String.valueOf(b1), String.valueOf(elsewhere))
                .param("microGridId", String.valueOf(b.id())).param("reason", "重新划分").with(as("street")).with(csrf()))
                .andExpect(status().is3xxRedirection()).andExpect(flash().attributeExists("error"));
        assertThat(grid.building(b1).orElseThrow().microGridId()).isEqualTo(a.id());
        // no reason: nothing moves
        mvc.perform(post("/api/grid/" + compound.id() + "/buildings/assign").with(as("street")).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content("{\"buildingIds\":[" + b1 + "],\"microGridId\":" + b.id() + "}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("reason-required"));

        mvc.perform(post("/grid/" + compound.id() + "/buildings/assign")
                .param("buildingIds", String.valueOf(b1), String.valueOf(b2), String.valueOf(b3))
                .param("microGridId", String.valueOf(b.id())).param("reason", "按楼栋重新划分").with(as("street")).with(csrf()))
                .andExpect(status().is3xxRedirection()).andExpect(flash().attributeExists("notice"));
        for (long id : List.of(b1, b2, b3)) {
            assertThat(grid.building(id).orElseThrow().microGridId()).isEqualTo(b.id());
            var history = grid.buildingHistory(id);
            assertThat(history.get(history.size() - 1).reason()).isEqualTo("按楼栋重新划分");
            assertThat(history.get(history.size() - 1).changedBy()).isEqualTo("street");
            assertThat(history.get(history.size() - 1).to()).isNull();
        }
        assertThat(grid.buildingHistory(b1)).hasSize(2);
        assertThat(grid.buildingHistory(b1).get(0).to()).isNotNull();
    }

    @Test
    void uploadsAGeoJsonBoundaryAndRefusesABadOne() throws Exception {
        GridNode compound = grid.create(community.id(), GridLevel.COMPOUND, "边界小区", null, null);
        String square = """
                {"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":
                {"type":"Polygon","coordinates":[[[104.2,30.8],[104.201,30.8],[104.201,30.801],[104.2,30.801],[104.2,30.8]]]}}]}""";
        mvc.perform(multipart("/grid/" + compound.id() + "/boundary")
                .file(new MockMultipartFile("file", "b.geojson", "application/geo+json", square.getBytes(StandardCharsets.UTF_8)))
                .with(as("street")).with(csrf())).andExpect(status().is3xxRedirection())
                .andExpect(flash().attributeExists("notice"));
        assertThat(grid.node(compound.id()).orElseThrow().hasBoundary()).isTrue();
        String before = grid.boundaries(List.of(compound.id())).get(compound.id());

        String bowtie = """
                {"type":"Polygon","coordinates":[[[104.2,30.8],[104.201,30.801],[104.201,30.8],[104.2,30.801],[104.2,30.8]]]}""";
        for (String bad : List.of(bowtie, "{\"type\":\"LineString\",\"coordinates\":[[104.2,30.8],[104.3,30.9]]}", "not json")) {
            mvc.perform(multipart("/grid/" + compound.id() + "/boundary")
                    .file(new MockMultipartFile("file", "b.geojson", "application/geo+json", bad.getBytes(StandardCharsets.UTF_8)))
                    .with(as("street")).with(csrf())).andExpect(status().is3xxRedirection())
                    .andExpect(flash().attributeExists("error"));
        }
        assertThat(grid.boundaries(List.of(compound.id())).get(compound.id())).isEqualTo(before);

        // drawn on the map (no base map configured: WGS-84), three corners become a closed polygon
        mvc.perform(post("/grid/" + compound.id() + "/boundary").param("points", "30.81,104.21;30.811,104.21;30.811,104.211")
                .with(as("street")).with(csrf())).andExpect(status().is3xxRedirection())
                .andExpect(flash().attributeExists("notice"));
        assertThat(grid.boundaries(List.of(compound.id())).get(compound.id())).contains("104.21").contains("30.811");
        mvc.perform(post("/grid/" + compound.id() + "/boundary").param("points", "30.81,104.21;30.811,104.21")
                .with(as("street")).with(csrf())).andExpect(flash().attributeExists("error"));
        mvc.perform(get("/grid/" + compound.id() + "/map").with(as("street"))).andExpect(status().isOk())
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.content()
                        .string(org.hamcrest.Matchers.containsString("leaflet.js")));
        // a worker sees the map but may not draw
        mvc.perform(post("/grid/" + compound.id() + "/boundary").param("clear", "1").with(as("worker")).with(csrf()))
                .andExpect(status().isForbidden());
    }

    @Test
    void theStreetsRuleDecidesTheWarningsOfItsMicroGrids() throws Exception {
        GridNode ruleStreet = grid.create(street.parentId(), GridLevel.STREET, "规则街道" + tag, null, null);
        GridNode c = grid.create(ruleStreet.id(), GridLevel.COMMUNITY, "规则社区", null, null);
        GridNode compound = grid.create(c.id(), GridLevel.COMPOUND, "规则小区", null, null);
        GridNode micro = grid.create(compound.id(), GridLevel.MICRO, "规则微网格", null, null);
        long unit = grid.createUnit(grid.createBuilding(compound.id(), micro.id(), "1", null, 10, null, null), "1");
        for (int i = 1; i <= 40; i++) {
            grid.createRoom(unit, String.valueOf(100 + i), 1 + i / 4, new java.math.BigDecimal("88.50"), null);
        }
        assertThat(kinds(stats.statsOf(micro))).containsExactlyInAnyOrder("size", "leader", "workers");

        // Jinjiang's rule: 30–100 households; and no workers required
        mvc.perform(put("/api/grid/" + ruleStreet.id() + "/rule").with(as("admin")).with(csrf())
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"minHouseholds\":30,\"maxHouseholds\":100,\"leaders\":1,\"minWorkers\":0,\"maxWorkers\":3}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.effective.minHouseholds").value(30));
        GridStats s = stats.statsOf(micro);
        assertThat(kinds(s)).containsExactly("leader");
        assertThat(grid.ruleFor(micro.id()).minHouseholds()).isEqualTo(30);
        mvc.perform(get("/grid/" + micro.id()).with(as("admin"))).andExpect(status().isOk())
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.content()
                        .string(org.hamcrest.Matchers.containsString("微网格长应为 1 人，现有 0 人")));

        // a nearer setting wins over the district's
        long district = street.parentId();
        grid.setRule(district, new GridRule(60, 100, 1, 2, 3), "test");
        try {
            assertThat(grid.ruleFor(micro.id()).minHouseholds()).isEqualTo(30);
        } finally {
            grid.clearRule(district);
        }

        // a rule that does not add up is refused and changes nothing
        mvc.perform(put("/api/grid/" + ruleStreet.id() + "/rule").with(as("admin")).with(csrf())
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"minHouseholds\":120,\"maxHouseholds\":100,\"leaders\":1,\"minWorkers\":2,\"maxWorkers\":3}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("invalid-rule"));
        assertThat(grid.ownRule(ruleStreet.id()).orElseThrow().minHouseholds()).isEqualTo(30);
        // only on streets and districts; street staff only their own street; community staff not at all
        mvc.perform(put("/api/grid/" + c.id() + "/rule").with(as("admin")).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"minHouseholds\":30,\"maxHouseholds\":100,\"leaders\":1,\"minWorkers\":2,\"maxWorkers\":3}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("invalid-level"));
        mvc.perform(put("/api/grid/" + ruleStreet.id() + "/rule").with(as("street")).with(csrf())
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"minHouseholds\":10,\"maxHouseholds\":100,\"leaders\":1,\"minWorkers\":2,\"maxWorkers\":3}"))
                .andExpect(status().isNotFound());
        mvc.perform(post("/grid/" + street.id() + "/rule").param("minHouseholds", "30").param("maxHouseholds", "100")
                .param("leaders", "1").param("minWorkers", "2").param("maxWorkers", "3").with(as("community")).with(csrf()))
                .andExpect(status().isForbidden());
        // the street account on its own street, through the page, then back to the default
        try {
            mvc.perform(post("/grid/" + street.id() + "/rule").param("minHouseholds", "30").param("maxHouseholds", "100")
                    .param("leaders", "1").param("minWorkers", "2").param("maxWorkers", "3").with(as("street")).with(csrf()))
                    .andExpect(status().is3xxRedirection()).andExpect(flash().attributeExists("notice"));
            assertThat(grid.ruleFor(xuefu().id()).minHouseholds()).isEqualTo(30);
        } finally {
            mvc.perform(delete("/api/grid/" + street.id() + "/rule").with(as("street")).with(csrf()))
                    .andExpect(status().isNoContent());
        }
        assertThat(grid.ruleFor(xuefu().id())).isEqualTo(GridRule.DEFAULT);
        mvc.perform(delete("/api/grid/" + ruleStreet.id() + "/rule").with(as("admin")).with(csrf())).andExpect(status().isNoContent());
        assertThat(kinds(stats.statsOf(micro))).contains("size");
    }

    @Test
    void buildingPagesAddUnitsAndRoomsAndEditAreaAndStatus() throws Exception {
        GridNode compound = grid.create(community.id(), GridLevel.COMPOUND, "房间小区", null, null);
        GridNode micro = grid.create(compound.id(), GridLevel.MICRO, "房间微网格", null, null);
        mvc.perform(post("/grid/" + compound.id() + "/buildings").param("number", "5").param("floors", "18")
                .param("microGridId", String.valueOf(micro.id())).with(as("street")).with(csrf()))
                .andExpect(flash().attributeExists("notice"));
        mvc.perform(post("/grid/" + compound.id() + "/buildings").param("number", "5").with(as("street")).with(csrf()))
                .andExpect(flash().attribute("error", "本小区已有这个楼栋号。"));
        long building = grid.buildingsOf(compound.id()).get(0).id();
        mvc.perform(post("/buildings/" + building + "/units").param("number", "1").with(as("street")).with(csrf()))
                .andExpect(flash().attributeExists("notice"));
        long unit = grid.unitsOf(building).get(0).id();
        mvc.perform(post("/buildings/" + building + "/rooms").param("unitId", String.valueOf(unit)).param("room", "1801")
                .param("floor", "18").param("area", "96.35").param("status", "VACANT").with(as("street")).with(csrf()))
                .andExpect(flash().attributeExists("notice"));
        mvc.perform(post("/buildings/" + building + "/rooms").param("unitId", String.valueOf(unit)).param("room", "1802")
                .param("area", "-3").with(as("street")).with(csrf()))
                .andExpect(flash().attribute("error", "面积应为大于 0 的平方米数，最多两位小数。"));
        RoomView room = grid.roomsOfBuilding(building).get(0);
        assertThat(grid.roomsOfBuilding(building)).hasSize(1);
        assertThat(room.area()).isEqualByComparingTo("96.35");
        assertThat(room.floor()).isEqualTo(18);
        assertThat(room.status()).isEqualTo("VACANT");

        mvc.perform(put("/api/rooms/" + room.id()).with(as("street")).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"area\":101.2,\"status\":\"RENTED\"}")).andExpect(status().isOk())
                .andExpect(jsonPath("$.area").value(101.2)).andExpect(jsonPath("$.status").value("RENTED"));
        mvc.perform(put("/api/rooms/" + room.id()).with(as("street")).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"area\":1.234,\"status\":\"RENTED\"}")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("invalid-area"));
        mvc.perform(put("/api/rooms/" + room.id()).with(as("community")).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"area\":50,\"status\":\"RENTED\"}")).andExpect(status().isNotFound());
        assertThat(grid.roomsOfBuilding(building).get(0).area()).isEqualByComparingTo("101.2");
        mvc.perform(get("/buildings/" + building).with(as("street"))).andExpect(status().isOk())
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.content()
                        .string(org.hamcrest.Matchers.containsString("1801")));
    }

    private static List<String> kinds(GridStats s) {
        return s.warnings().stream().map(GridStats.Warning::kind).toList();
    }
}
