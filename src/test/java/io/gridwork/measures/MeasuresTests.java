package io.gridwork.measures;

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
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

import io.gridwork.demand.DemandApi;
import io.gridwork.demand.DemandView;
import io.gridwork.demand.Party;
import io.gridwork.demand.internal.DemandService;
import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridLevel;
import io.gridwork.grid.GridNode;
import io.gridwork.measures.internal.MeasureFolder;
import io.gridwork.measures.internal.MeasureQueries;
import io.gridwork.support.GridworkTest;
import io.gridwork.support.TestPeople;

/** The measures, folded from the demands' timeline, agree with a brute-force count over the demands themselves. */
@GridworkTest
class MeasuresTests {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final List<String> CATEGORIES = MeasureRecount.CATEGORIES;
    private static final List<Party> PARTIES = MeasureRecount.PARTIES;

    @Autowired
    DemandService service;
    @Autowired
    MeasureFolder folder;
    @Autowired
    MeasureQueries measures;
    @Autowired
    GridApi grid;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TestPeople people;
    @Autowired
    MockMvc mvc;
    @Autowired
    DemandApi demands;

    @Test
    void incrementalMeasuresMatchABruteForceCountOverRandomDemands() {
        Random random = new Random(42);
        GridNode community = grid.nodeByCode("510108001001").orElseThrow();
        GridNode compound = grid.create(community.id(), GridLevel.COMPOUND, "指标小区" + UUID.randomUUID(), null, null);
        List<Long> buildings = new ArrayList<>();
        List<GridNode> grids = new ArrayList<>(List.of(compound));
        for (int m = 0; m < 2; m++) {
            GridNode micro = grid.create(compound.id(), GridLevel.MICRO, "指标微网格" + m, null, null);
            grids.add(micro);
            buildings.add(grid.createBuilding(compound.id(), micro.id(), String.valueOf(m + 1), (m + 1) + "栋", 6, null, null));
        }
        var community1 = people.user("community");
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            ids.add(service.submit(new DemandService.Submission(CATEGORIES.get(random.nextInt(3)), "随机诉求" + i, null, null,
                    buildings.get(random.nextInt(2)), null, null, null, null, null, io.gridwork.demand.Channel.STATION, "测试",
                    null), community1, null).id());
        }
        for (long id : ids) {
            MeasureRecount.randomise(jdbc, service, id, random);
        }
        // change a third of them again, so that old contributions must be taken back
        for (long id : ids) {
            if (random.nextInt(3) == 0) {
                MeasureRecount.randomise(jdbc, service, id, random);
            }
        }
        // some past their warning time (yellow unless past the limit too: half of them get limits two hours ahead), far
        // from any time the test could cross
        Instant warned = Instant.now().minus(10, ChronoUnit.MINUTES);
        Instant ahead = Instant.now().plus(2, ChronoUnit.HOURS);
        for (int i = 0; i < ids.size(); i += 4) {
            jdbc.sql("update demand set respond_yellow_at = ?, resolve_yellow_at = ? where id = ?")
                    .params(ts(warned), ts(warned), ids.get(i)).update();
            if (i % 8 == 0) {
                jdbc.sql("update demand set respond_due_at = ?, resolve_due_at = ? where id = ?")
                        .params(ts(ahead), ts(ahead), ids.get(i)).update();
            }
            service.noteFromDevice(ids.get(i), "TEST", "warned");
        }

        folder.catchUp(Duration.ofSeconds(30));
        assertOpenCountsMatchABruteForceCount(grids, community1);
        List<MeasureRecount.Row> rows = MeasureRecount.rows(jdbc, compound);
        LocalDate today = LocalDate.now(SHANGHAI);
        for (int trial = 0; trial < 12; trial++) {
            LocalDate from = today.minusDays(random.nextInt(40));
            LocalDate to = from.plusDays(random.nextInt(40));
            String category = random.nextBoolean() ? null : CATEGORIES.get(random.nextInt(3));
            Party party = random.nextBoolean() ? null : PARTIES.get(random.nextInt(3));
            Measures fast = measures.of(compound, from, to, category, party);
            Measures slow = MeasureRecount.count(rows, from, to, category, party, compound);
            assertThat(fast).as("from %s to %s, %s, %s", from, to, category, party).isEqualTo(slow);
            assertThat(measures.byState(compound, from, to)).as("by state from %s to %s", from, to)
                    .isEqualTo(MeasureRecount.states(rows, from, to));
            // the daily totals of every category (party *): each day of the period, and the micro-grids in one read
            Map<LocalDate, Measures> days = measures.daily(compound, from, to);
            for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
                assertThat(days.getOrDefault(day, new Measures(compound.id(), compound.name(), 0, 0, 0, 0, 0, 0, 0, 0)))
                        .as("day %s", day).isEqualTo(MeasureRecount.count(rows, day, day, null, null, compound));
            }
            List<GridNode> micros = grids.subList(1, grids.size());
            List<Measures> perMicro = measures.of(micros, from, to, null, null);
            Map<Long, Measures> perId = measures.ofGrids(micros.stream().map(GridNode::id).toList(), from, to, null);
            for (int i = 0; i < micros.size(); i++) {
                Measures slowMicro = MeasureRecount.count(MeasureRecount.rows(jdbc, micros.get(i)), from, to, null, null, micros.get(i));
                assertThat(perMicro.get(i)).as("%s from %s to %s", micros.get(i).name(), from, to).isEqualTo(slowMicro);
                assertThat(perId.get(micros.get(i).id())).isEqualTo(new Measures(slowMicro.gridId(), null, slowMicro.received(),
                        slowMicro.resolved(), slowMicro.respondDue(), slowMicro.respondOnTime(), slowMicro.resolveDue(),
                        slowMicro.resolveOnTime(), slowMicro.ratings(), slowMicro.satisfied()));
            }
            // each micro-grid's demands of each category, in one grouped read
            Map<String, Map<Long, Long>> byGrid = measures.receivedByGrid(micros, CATEGORIES, from, to);
            for (GridNode micro : micros) {
                List<MeasureRecount.Row> under = MeasureRecount.rows(jdbc, micro);
                for (String c : CATEGORIES) {
                    assertThat(byGrid.get(c).get(micro.id())).as("%s in %s from %s to %s", c, micro.name(), from, to)
                            .isEqualTo(MeasureRecount.count(under, from, to, c, null, micro).received());
                }
            }
        }
        assertThat(measures.byState(compound, today.minusDays(60), today.plusDays(60)).size()).as("random states").isGreaterThan(2);
        Measures all = measures.of(compound, today.minusDays(60), today.plusDays(60), null, null);
        assertThat(all.received()).isPositive();
        assertThat(all.onTimeClosureRate()).isBetween(0.0, 1.0);
    }

    /** The open demands now (all, by category, by building) of each grid, as the folder counted them and the slow way. */
    private void assertOpenCountsMatchABruteForceCount(List<GridNode> grids, io.gridwork.shared.security.GridworkUser viewer) {
        Instant now = Instant.now();
        for (GridNode g : grids) {
            Map<Long, Map<String, MeasuresApi.Open>> slow = MeasureRecount.open(jdbc, g, now);
            MeasuresApi.Open all = MeasuresApi.Open.NONE;
            Map<String, Long> byCategory = new HashMap<>();
            CATEGORIES.forEach(c -> byCategory.put(c, 0L));
            Map<Long, MeasuresApi.Open> byBuilding = new HashMap<>();
            for (var b : slow.entrySet()) {
                for (var c : b.getValue().entrySet()) {
                    all = all.plus(c.getValue());
                    byCategory.merge(c.getKey(), c.getValue().demands(), Long::sum);
                    byBuilding.merge(b.getKey(), c.getValue(), MeasuresApi.Open::plus);
                }
            }
            assertThat(measures.open(g)).as("open under %s", g.name()).isEqualTo(all);
            assertThat(measures.openByCategory(g, CATEGORIES)).as("open by category under %s", g.name()).isEqualTo(byCategory);
            assertThat(measures.openByBuilding(g)).as("open by building under %s", g.name()).isEqualTo(byBuilding);
            // the inbox's red and yellow lists (the running limit's columns, V191) hold as many as the slow way finds
            for (var colour : List.of(DemandView.Colour.RED, DemandView.Colour.YELLOW)) {
                long listed = demands.countInbox(new DemandApi.InboxQuery(null, null, null, colour, g.id(), null, null, null), viewer);
                assertThat(listed).as("%s under %s", colour, g.name()).isEqualTo(colour == DemandView.Colour.RED ? all.red() : all.yellow());
            }
            if (g.level() == GridLevel.COMPOUND) {
                assertThat(all.red()).as("red").isPositive();
                assertThat(all.yellow()).as("yellow").isPositive();
                assertThat(all.submitted()).as("submitted").isPositive();
                assertThat(all.demands()).as("open").isGreaterThan(all.red() + all.yellow());
            }
        }
        assertThat(jdbc.sql("select count(*) from demand_open_count where demands <= 0").query(Long.class).single())
                .as("rows back at zero are removed").isZero();
    }

    private static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }

    @Test
    void theLoopFeedsTheMeasuresApiAfterTheFoldWithItsLag() throws Exception {
        var resident = people.freshResident();
        var worker = people.user("worker");
        long micro = people.firstMicroGrid();
        LocalDate today = LocalDate.now(SHANGHAI);
        folder.catchUp(Duration.ofSeconds(30));
        int before = satisfied(micro, today, worker);
        long id = service.submit(new DemandService.Submission("HYGIENE", "楼道堆放杂物", null, null, null, null, null, null, null,
                null, null, null, null), resident, null).id();
        service.resolveOnSpot(id, "已清理", worker);
        service.confirm(id, null, resident);
        service.rate(id, 5, null, resident);
        // a projection: nothing changes inside the demand's transactions, the fold brings it in
        assertThat(satisfied(micro, today, worker)).isEqualTo(before);
        Instant folded = Instant.now();
        folder.catchUp(Duration.ofSeconds(30));
        String body = measuresOf(micro, today, worker);
        assertThat((Integer) JsonPath.read(body, "$.total.satisfied")).isEqualTo(before + 1);
        assertThat((Double) JsonPath.read(body, "$.total.satisfactionRate")).isNotNull();
        // how current the figures are is part of every answer
        assertThat(Instant.parse(JsonPath.read(body, "$.asOf"))).isAfterOrEqualTo(folded.minusMillis(1));
        assertThat(((Number) JsonPath.read(body, "$.lagSeconds")).doubleValue()).isBetween(0.0, 30.0);

        mvc.perform(get("/api/measures").param("gridId", String.valueOf(micro)).param("from", "2026-02-01")
                .param("to", "2026-01-01").with(user(worker))).andExpect(status().isBadRequest());
        long second = jdbc.sql("select id from grid_node where name = '学府憬城第2微网格'").query(Long.class).single();
        mvc.perform(get("/api/measures").param("gridId", String.valueOf(second)).param("from", "2026-01-01")
                .param("to", "2026-12-31").with(user(worker))).andExpect(status().isNotFound());
    }

    private String measuresOf(long grid, LocalDate today, io.gridwork.shared.security.GridworkUser viewer) throws Exception {
        return mvc.perform(get("/api/measures").param("gridId", String.valueOf(grid)).param("from", today.toString())
                .param("to", today.plusDays(2).toString()).param("category", "HYGIENE").with(user(viewer)))
                .andExpect(status().isOk()).andExpect(jsonPath("$.asOf").exists()).andExpect(jsonPath("$.lagSeconds").isNumber())
                .andReturn().getResponse().getContentAsString();
    }

    private int satisfied(long grid, LocalDate today, io.gridwork.shared.security.GridworkUser viewer) throws Exception {
        return JsonPath.read(measuresOf(grid, today, viewer), "$.total.satisfied");
    }
}
