package io.gridwork.insight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.servlet.ModelAndView;

import io.gridwork.campaign.CampaignApi;
import io.gridwork.demand.Channel;
import io.gridwork.demand.internal.DemandService;
import io.gridwork.grid.BaseMap;
import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridLevel;
import io.gridwork.grid.GridNode;
import io.gridwork.insight.internal.MapLayers;
import io.gridwork.lists.ListsApi;
import io.gridwork.measures.MeasureRecount;
import io.gridwork.measures.Measures;
import io.gridwork.measures.internal.MeasureFolder;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.support.GridworkTest;
import io.gridwork.support.TestPeople;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The map's layers against brute-force counts over random data the test creates in a compound of its own: open and
 * overdue demands per building, the rectification list per building, a measure per micro-grid, a sweep's coverage per
 * micro-grid; each figure's link opens a list of exactly that many rows; the grid's scope; GCJ-02 on request.
 */
@GridworkTest
class InsightMapTests {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    MockMvc mvc;
    @Autowired
    TestPeople people;
    @Autowired
    GridApi grid;
    @Autowired
    DemandService service;
    @Autowired
    ListsApi lists;
    @Autowired
    CampaignApi campaigns;
    @Autowired
    MapLayers maps;
    @Autowired
    MeasureFolder folder;
    @Autowired
    JdbcClient jdbc;

    GridNode compound;
    List<GridNode> micros;
    List<Long> buildings;
    long unplacedBuilding;
    GridworkUser community;

    /**
     * A compound of two square micro-grids just south of 学府憬城 (clear of every demo boundary, so that no point the other
     * tests locate falls in them, and near enough that the community's map stays at street scale), three buildings with
     * points and one without.
     */
    @BeforeEach
    void compound() {
        community = people.user("community");
        GridNode demo = grid.nodeByCode("510108001001").orElseThrow();
        compound = grid.create(demo.id(), GridLevel.COMPOUND, "地图小区" + UUID.randomUUID().toString().substring(0, 6), null, null);
        double lat = 30.6680;
        double lon = 104.1060;
        micros = new ArrayList<>();
        buildings = new ArrayList<>();
        for (int m = 0; m < 2; m++) {
            GridNode micro = grid.create(compound.id(), GridLevel.MICRO, compound.name() + "第" + (m + 1) + "微网格", null, null);
            double x = lon + m * 0.003;
            grid.setBoundary(micro.id(), String.format(Locale.ROOT,
                    "{\"type\":\"Polygon\",\"coordinates\":[[[%f,%f],[%f,%f],[%f,%f],[%f,%f],[%f,%f]]]}", x - 0.001, lat - 0.001,
                    x + 0.001, lat - 0.001, x + 0.001, lat + 0.001, x - 0.001, lat + 0.001, x - 0.001, lat - 0.001));
            micros.add(micro);
        }
        buildings.add(grid.createBuilding(compound.id(), micros.get(0).id(), "1", "1栋", 6, lat + 0.0003, lon - 0.0003));
        buildings.add(grid.createBuilding(compound.id(), micros.get(0).id(), "2", "2栋", 6, lat - 0.0003, lon + 0.0003));
        buildings.add(grid.createBuilding(compound.id(), micros.get(1).id(), "3", "3栋", 6, lat, lon + 0.003));
        unplacedBuilding = grid.createBuilding(compound.id(), micros.get(1).id(), "4", "4栋", 6, null, null);
    }

    JsonNode layer(String layer, GridworkUser who, String... params) throws Exception {
        var req = get("/api/insight/map/" + layer).param("gridId", String.valueOf(compound.id())).with(user(who));
        for (int i = 0; i < params.length; i += 2) {
            req.param(params[i], params[i + 1]);
        }
        return JSON.readTree(mvc.perform(req).andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
    }

    /** The features by their id (buildings and grids are numbered apart: the base layer is read one kind at a time). */
    static Map<Long, JsonNode> byId(JsonNode fc) {
        return byId(fc, null);
    }

    static Map<Long, JsonNode> byId(JsonNode fc, String kind) {
        Map<Long, JsonNode> out = new HashMap<>();
        fc.path("features").forEach(f -> {
            if (kind == null || kind.equals(f.path("properties").path("kind").asString())) {
                out.put(f.path("properties").path("id").asLong(), f);
            }
        });
        return out;
    }

    /** The figure (the first number) of each line, by the line's link. */
    static Map<String, Long> links(JsonNode feature) {
        Map<String, Long> out = new HashMap<>();
        feature.path("properties").path("lines").forEach(l -> {
            if (l.hasNonNull("href") && l.path("text").asString().matches("^\\D*\\d+.*$")) {
                out.put(l.path("href").asString(), Long.parseLong(l.path("text").asString().replaceAll("^\\D*(\\d+).*$", "$1")));
            }
        });
        return out;
    }

    /** How many rows the list behind a link shows to the viewer. */
    long listed(String href, GridworkUser who) throws Exception {
        ModelAndView mav = mvc.perform(get(href).with(user(who))).andExpect(status().isOk()).andReturn().getModelAndView();
        Object total = mav.getModel().get("total");
        if (total != null) {
            return ((Number) total).longValue();
        }
        return ((List<?>) mav.getModel().get("items")).size();
    }

    @Test
    void demandsByBuildingAgreeWithABruteForceCountAndEachFigureOpensItsList() throws Exception {
        Random random = new Random(1600);
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 45; i++) {
            long building = i % 9 == 8 ? unplacedBuilding : buildings.get(random.nextInt(3));
            ids.add(service.submit(new DemandService.Submission(MeasureRecount.CATEGORIES.get(0), "地图诉求" + i, null, null, building, null, null,
                    null, null, null, Channel.STATION, "测试", null), community, null).id());
        }
        for (long id : ids) {
            MeasureRecount.randomise(jdbc, service, id, random);
        }
        // a few demands on hold, which are open but never red
        for (int i = 0; i < 3; i++) {
            jdbc.sql("update demand set status = 'ON_HOLD' where id = ?").param(ids.get(i)).update();
            service.noteFromDevice(ids.get(i), "TEST", "on hold"); // a change commits with a step
        }
        folder.catchUp(Duration.ofSeconds(30)); // the layer counts what the measures folder has folded

        // the slow way: every demand of the compound, open by state, red when a running limit has passed
        Instant now = Instant.now();
        Map<Long, long[]> expected = new HashMap<>();
        jdbc.sql("select building_id, status, responded_at, respond_due_at, resolve_due_at from demand where grid_path like ?")
                .param(compound.path() + "%").query(rs -> {
                    String s = rs.getString(2);
                    if (Set.of("REJECTED", "RESOLVED", "CLOSED", "RATED").contains(s)) {
                        return;
                    }
                    Timestamp responded = rs.getTimestamp(3);
                    Timestamp due = responded == null ? rs.getTimestamp(4) : rs.getTimestamp(5);
                    boolean red = !s.equals("ON_HOLD") && due != null && due.toInstant().isBefore(now);
                    long[] c = expected.computeIfAbsent(rs.getLong(1), k -> new long[2]);
                    c[0]++;
                    c[1] += red ? 1 : 0;
                });
        assertThat(expected).isNotEmpty();

        JsonNode fc = layer("demands", community);
        assertThat(fc.path("type").asString()).isEqualTo("FeatureCollection");
        assertThat(fc.path("crs").asString()).isEqualTo("wgs84");
        Map<Long, JsonNode> shown = byId(fc);
        long total = 0;
        for (long b : buildings) {
            long[] c = expected.getOrDefault(b, new long[2]);
            total += c[0];
            if (c[0] == 0) {
                assertThat(shown).doesNotContainKey(b);
                continue;
            }
            JsonNode f = shown.get(b);
            assertThat(f.path("properties").path("value").asDouble()).as("building " + b).isEqualTo(c[0]);
            assertThat(f.path("properties").path("colour").asString()).isEqualTo(c[1] > 0 ? "#c62828" : "#ef8f00");
            assertThat(f.path("geometry").path("type").asString()).isEqualTo("Point");
            Map<String, Long> figures = links(f);
            String open = "/demands?grid=" + compound.id() + "&building=" + b + "&status=OPEN";
            assertThat(figures).containsEntry(open, c[0]);
            assertThat(listed(open, community)).isEqualTo(c[0]);
            if (c[1] > 0) {
                String red = "/demands?grid=" + compound.id() + "&building=" + b + "&colour=RED";
                assertThat(figures).containsEntry(red, c[1]);
                assertThat(listed(red, community)).isEqualTo(c[1]);
            }
        }
        // the building without a point is not on the map, but counted in the grid's total, which links to its list
        assertThat(shown).doesNotContainKey(unplacedBuilding);
        long all = total + expected.getOrDefault(unplacedBuilding, new long[2])[0];
        JsonNode note = fc.path("notes").get(0);
        assertThat(note.path("text").asString()).contains(String.valueOf(all));
        assertThat(listed(note.path("href").asString(), community)).isEqualTo(all);
        if (all > total) {
            assertThat(fc.path("notes").toString()).contains("未关联到已标注位置的楼栋");
        }
    }

    @Test
    void hazardsByBuildingAgreeWithTheRectificationList() throws Exception {
        Random random = new Random(1601);
        LocalDate today = LocalDate.now(SHANGHAI);
        Map<Long, long[]> expected = new HashMap<>(); // open, in progress, overdue, rectified
        for (int i = 0; i < 30; i++) {
            long building = buildings.get(random.nextInt(3));
            GridNode micro = building == buildings.get(2) ? micros.get(1) : micros.get(0);
            long item = lists.addProblem(micro.id(), "WORKER", "地图隐患" + i, null, null, null, null, null, community);
            String status = List.of("OPEN", "IN_PROGRESS", "RECTIFIED").get(random.nextInt(3));
            LocalDate deadline = random.nextBoolean() ? null : today.plusDays(random.nextInt(11) - 5);
            jdbc.sql("update rectification_item set building_id = ?, status = ?, deadline = ?, rectified_at = ? where id = ?")
                    .params(building, status, deadline == null ? null : java.sql.Date.valueOf(deadline),
                            status.equals("RECTIFIED") ? Timestamp.from(Instant.now()) : null, item)
                    .update();
            long[] c = expected.computeIfAbsent(building, k -> new long[4]);
            if (status.equals("RECTIFIED")) {
                c[3]++;
            } else if (deadline != null && deadline.isBefore(today)) {
                c[2]++;
            } else if (status.equals("OPEN")) {
                c[0]++;
            } else {
                c[1]++;
            }
        }
        // one problem of the grid itself, at no building
        lists.addProblem(micros.get(0).id(), "WORKER", "地图隐患（网格）", null, null, null, null, null, community);

        JsonNode fc = layer("hazards", community);
        Map<Long, JsonNode> shown = byId(fc);
        long unrectified = 1;
        for (long b : buildings) {
            long[] c = expected.getOrDefault(b, new long[4]);
            unrectified += c[0] + c[1] + c[2];
            if (c[0] + c[1] + c[2] + c[3] == 0) {
                assertThat(shown).doesNotContainKey(b);
                continue;
            }
            JsonNode f = shown.get(b);
            assertThat(f.path("properties").path("value").asDouble()).isEqualTo(c[0] + c[1] + c[2]);
            Map<String, Long> figures = links(f);
            String base = "/lists/rectification?gridId=" + compound.id() + "&buildingId=" + b;
            assertThat(figures).containsEntry(base, c[0] + c[1] + c[2] + c[3]);
            String[] statuses = {"OPEN", "IN_PROGRESS", "OVERDUE", "RECTIFIED"};
            for (int s = 0; s < 4; s++) {
                if (c[s] > 0) {
                    assertThat(figures).containsEntry(base + "&status=" + statuses[s], c[s]);
                }
            }
            for (Map.Entry<String, Long> e : figures.entrySet()) {
                assertThat(listed(e.getKey(), community)).as(e.getKey()).isEqualTo(e.getValue());
            }
        }
        assertThat(fc.path("notes").get(0).path("text").asString()).contains(String.valueOf(unrectified));
    }

    @Test
    void heatAndCoverageShadeEachMicroGridWithItsOwnFigures() throws Exception {
        Random random = new Random(1602);
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            ids.add(service.submit(new DemandService.Submission(MeasureRecount.CATEGORIES.get(0), "热力诉求" + i, null, null,
                    buildings.get(random.nextInt(3)), null, null, null, null, null, Channel.STATION, "测试", null), community, null).id());
        }
        for (long id : ids) {
            MeasureRecount.randomise(jdbc, service, id, random);
        }
        folder.catchUp(Duration.ofSeconds(30));
        LocalDate to = LocalDate.now(SHANGHAI);
        LocalDate from = to.minusDays(20);
        for (String measure : List.of("received", "onTime", "satisfaction")) {
            JsonNode fc = layer("heat", community, "measure", measure, "from", from.toString(), "to", to.toString());
            Map<Long, JsonNode> shown = byId(fc);
            assertThat(shown.keySet()).containsExactlyInAnyOrder(micros.get(0).id(), micros.get(1).id());
            for (GridNode m : micros) {
                Measures slow = MeasureRecount.count(MeasureRecount.rows(jdbc, m), from, to, null, null, m);
                JsonNode p = shown.get(m.id()).path("properties");
                Double value = switch (measure) {
                    case "received" -> (double) slow.received();
                    case "onTime" -> slow.onTimeClosureRate();
                    default -> slow.satisfactionRate();
                };
                if (value == null) {
                    assertThat(p.path("value").isMissingNode() || p.path("value").isNull()).as(measure).isTrue();
                } else {
                    assertThat(p.path("value").asDouble()).as(measure + " " + m.name()).isEqualTo(value);
                }
                assertThat(shown.get(m.id()).path("geometry").path("type").asString()).isEqualTo("Polygon");
                String received = "/demands?grid=" + m.id() + "&from=" + from + "&to=" + to + "&measure=RECEIVED";
                assertThat(links(shown.get(m.id()))).containsEntry(received, slow.received());
                assertThat(listed(received, community)).isEqualTo(slow.received());
            }
        }

        // a sweep over the compound: each micro-grid's share of households reached
        long unit = grid.createUnit(buildings.get(0), "1");
        for (int r = 1; r <= 4; r++) {
            grid.createHousehold(unit, "10" + r, "OCCUPIED");
        }
        long unit3 = grid.createUnit(buildings.get(2), "1");
        grid.createHousehold(unit3, "101", "OCCUPIED");
        Instant now = Instant.now();
        long campaign = campaigns.create("地图走访" + UUID.randomUUID().toString().substring(0, 4), "REGISTRATION",
                List.of(compound.id()), "registration", now.minus(1, ChronoUnit.HOURS), now.plus(1, ChronoUnit.DAYS), true, community);
        List<Long> households = campaigns.households(campaign);
        try {
            campaignCoverage(campaign, households);
        } finally {
            campaigns.finish(campaign, community);
        }
    }

    private void campaignCoverage(long campaign, List<Long> households) throws Exception {
        campaigns.recordVisit(campaign, UUID.randomUUID().toString(), households.get(0), "VACANT", Map.of(), Instant.now(), community);
        JsonNode fc = layer("coverage", community, "campaignId", String.valueOf(campaign));
        assertThat(fc.path("campaignId").asLong()).isEqualTo(campaign);
        Map<Long, JsonNode> shown = byId(fc);
        assertThat(shown.get(micros.get(0).id()).path("properties").path("value").asDouble()).isEqualTo(25.0);
        assertThat(shown.get(micros.get(1).id()).path("properties").path("value").asDouble()).isEqualTo(0.0);
        assertThat(links(shown.get(micros.get(0).id())))
                .containsEntry("/campaigns/" + campaign + "/coverage?gridId=" + micros.get(0).id(), 1L);
        // a campaign that does not run here is unknown
        mvc.perform(get("/api/insight/map/coverage").param("gridId", String.valueOf(compound.id())).param("campaignId", "999999999")
                .with(user(community))).andExpect(status().isNotFound());
    }

    @Test
    void theBaseAndTheScopeAndTheDatum() throws Exception {
        JsonNode base = layer("base", community);
        assertThat(byId(base, "grid")).containsOnlyKeys(micros.get(0).id(), micros.get(1).id());
        Map<Long, JsonNode> shown = byId(base, "building");
        assertThat(shown).containsKeys(buildings.get(0), buildings.get(2));
        assertThat(shown.get(unplacedBuilding).path("geometry").isMissingNode() || shown.get(unplacedBuilding).path("geometry").isNull())
                .isTrue();
        JsonNode b1 = shown.get(buildings.get(0)).path("geometry").path("coordinates");
        double lon = b1.get(0).asDouble();
        double lat = b1.get(1).asDouble();

        // GCJ-02 on request: the same point shifted as the reference transform shifts it
        JsonNode gcj = byId(layer("base", community, "crs", "gcj02"), "building").get(buildings.get(0)).path("geometry").path("coordinates");
        double[] expected = BaseMap.toGcj02(lat, lon);
        assertThat(gcj.get(0).asDouble()).isCloseTo(expected[1], org.assertj.core.api.Assertions.within(1e-6));
        assertThat(gcj.get(1).asDouble()).isCloseTo(expected[0], org.assertj.core.api.Assertions.within(1e-6));
        assertThat(Math.abs(gcj.get(0).asDouble() - lon)).isGreaterThan(1e-4);
        mvc.perform(get("/api/insight/map/base").param("gridId", String.valueOf(compound.id())).param("crs", "bd09")
                .with(user(community))).andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("invalid-crs"));
        mvc.perform(get("/api/insight/map/heat").param("gridId", String.valueOf(compound.id())).param("measure", "nonsense")
                .with(user(community))).andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("invalid-measure"));
        mvc.perform(get("/api/insight/map/heat").param("gridId", String.valueOf(compound.id())).param("from", "2026-11-30")
                .param("to", "2026-11-01").with(user(community))).andExpect(status().isBadRequest());
        mvc.perform(get("/api/insight/map/elsewhere").param("gridId", String.valueOf(compound.id())).with(user(community)))
                .andExpect(status().isNotFound());

        // the worker of another micro-grid: this compound is as unknown as a missing grid
        GridworkUser worker = people.user("worker");
        String outside = mvc.perform(get("/api/insight/map/demands").param("gridId", String.valueOf(compound.id())).with(user(worker)))
                .andExpect(status().isNotFound()).andReturn().getResponse().getContentAsString();
        String missing = mvc.perform(get("/api/insight/map/demands").param("gridId", "999999999").with(user(worker)))
                .andExpect(status().isNotFound()).andReturn().getResponse().getContentAsString();
        assertThat(outside.replace(String.valueOf(compound.id()), "X")).isEqualTo(missing.replace("999999999", "X"));
        mvc.perform(get("/insight/map").param("grid", String.valueOf(compound.id())).with(user(worker))).andExpect(status().isNotFound());
        mvc.perform(get("/api/insight/map/demands").param("gridId", String.valueOf(compound.id())).with(user(people.user("resident"))))
                .andExpect(status().isForbidden());
        mvc.perform(get("/api/insight/map/hazards").param("gridId", String.valueOf(compound.id())).with(user(people.user("property"))))
                .andExpect(status().isForbidden());
        // the worker's own micro-grid: its map and its building filter on the lists
        long own = people.firstMicroGrid();
        mvc.perform(get("/api/insight/map/demands").param("gridId", String.valueOf(own)).with(user(worker))).andExpect(status().isOk())
                .andExpect(jsonPath("$.grid.id").value(own));
        String page = mvc.perform(get("/insight/map").param("grid", String.valueOf(own)).with(user(worker))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(page).contains("id=\"insight-map\"").contains("/webjars/leaflet/1.9.4/dist/leaflet.js").contains("data-crs=\"wgs84\"")
                .contains("简易矢量底图").doesNotContain("??map.");
    }
}
