package io.gridwork.people;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridLevel;
import io.gridwork.grid.GridNode;
import io.gridwork.grid.GridRule;
import io.gridwork.people.internal.GridRollup;
import io.gridwork.people.internal.GridStatsQuery;
import io.gridwork.people.internal.StaffRoster;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.support.GridworkTest;

/**
 * The grid tree's rollup (issue 19) against a brute-force recount: random changes in a district of the
 * test's own (grids created, moved and retired, buildings moved, households added and changing status,
 * residents joining, moving and leaving, staff assigned, ended, starting and ending with the days, rules
 * set and cleared), and after each round every grid of the district must show what a recount of every
 * micro-grid below it shows. Then the paging of a grid with many children, on the page and in the API.
 */
@GridworkTest
class GridRollupTests {

    @Autowired
    GridApi grid;
    @Autowired
    PeopleApi people;
    @Autowired
    StaffRoster roster;
    @Autowired
    GridStatsQuery stats;
    @Autowired
    GridRollup rollup;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MockMvc mvc;
    @Autowired
    UserDetailsService users;

    RequestPostProcessor as(String account) {
        return user(users.loadUserByUsername(account));
    }

    static String districtCode() {
        // a six-digit county code of this run's own (9xxxxx: no real county uses it)
        return String.valueOf(900_000 + (int) (System.nanoTime() % 99_999));
    }

    @Test
    void randomChangesKeepEveryGridsRollupEqualToARecount() {
        Random rnd = new Random(19);
        GridNode district = grid.create(null, GridLevel.DISTRICT, "汇总测试区" + rnd.nextInt(1000), null, districtCode());
        List<GridNode> streets = new ArrayList<>();
        List<GridNode> communities = new ArrayList<>();
        List<GridNode> compounds = new ArrayList<>();
        List<GridNode> micros = new ArrayList<>();
        List<Long> units = new ArrayList<>();
        List<Long> households = new ArrayList<>();
        List<long[]> members = new ArrayList<>(); // person, household
        List<Long> assignments = new ArrayList<>();
        Map<Long, Long> compoundOfMicro = new java.util.HashMap<>();
        for (int s = 0; s < 2; s++) {
            streets.add(grid.create(district.id(), GridLevel.STREET, "汇总街道" + s, null, null));
        }
        for (int c = 0; c < 3; c++) {
            communities.add(grid.create(streets.get(c % 2).id(), GridLevel.COMMUNITY, "汇总社区" + c, null, null));
        }
        Names h = new Names();
        GridworkUser admin = (GridworkUser) users.loadUserByUsername("admin");
        int rounds = 8;
        for (int round = 0; round < rounds; round++) {
            for (int step = 0; step < 40; step++) {
                int op = rnd.nextInt(16);
                try {
                    switch (op) {
                        case 0 -> {
                            GridNode c = communities.get(rnd.nextInt(communities.size()));
                            compounds.add(grid.create(c.id(), GridLevel.COMPOUND, "汇总小区" + compounds.size(), null, null));
                        }
                        case 1, 2 -> {
                            if (compounds.isEmpty()) {
                                continue;
                            }
                            GridNode c = compounds.get(rnd.nextInt(compounds.size()));
                            GridNode m = grid.create(c.id(), GridLevel.MICRO, "汇总微网格" + micros.size(), null, null);
                            micros.add(m);
                            compoundOfMicro.put(m.id(), c.id());
                        }
                        case 3 -> {
                            if (micros.isEmpty()) {
                                continue;
                            }
                            GridNode m = micros.get(rnd.nextInt(micros.size()));
                            long b = grid.createBuilding(compoundOfMicro.get(m.id()), m.id(), "B" + step + "-" + round + rnd.nextInt(1000),
                                    null, 6, null, null);
                            units.add(grid.createUnit(b, "1"));
                        }
                        case 4, 5, 6 -> {
                            if (units.isEmpty()) {
                                continue;
                            }
                            long unit = units.get(rnd.nextInt(units.size()));
                            String status = List.of("OCCUPIED", "RENTED", "VACANT", "BUSINESS").get(rnd.nextInt(4));
                            households.add(rnd.nextBoolean() ? grid.createRoom(unit, "R" + round + "-" + step, 1, new BigDecimal("80.5"), status)
                                    : grid.createHousehold(unit, "H" + round + "-" + step, status));
                        }
                        case 7 -> {
                            if (households.isEmpty()) {
                                continue;
                            }
                            long hh = households.get(rnd.nextInt(households.size()));
                            grid.updateRoom(hh, null, List.of("OCCUPIED", "VACANT").get(rnd.nextInt(2)));
                        }
                        case 8, 9 -> {
                            if (households.isEmpty()) {
                                continue;
                            }
                            long hh = households.get(rnd.nextInt(households.size()));
                            if (!members.isEmpty() && rnd.nextInt(3) == 0) {
                                // someone moves to another household (their old one loses them)
                                long[] m = members.get(rnd.nextInt(members.size()));
                                people.addMember(hh, m[0], "OTHER", LocalDate.now());
                                m[1] = hh;
                            } else {
                                long p = people.createPerson(new PeopleApi.NewPerson("汇总居民" + h.next(), null, null, null));
                                people.addMember(hh, p, "HEAD", LocalDate.now());
                                members.add(new long[] {p, hh});
                            }
                        }
                        case 10 -> {
                            if (members.isEmpty()) {
                                continue;
                            }
                            long[] m = members.remove(rnd.nextInt(members.size()));
                            people.leave(m[1], m[0]);
                        }
                        case 11, 12 -> {
                            if (micros.isEmpty()) {
                                continue;
                            }
                            GridNode m = micros.get(rnd.nextInt(micros.size()));
                            long p = people.createPerson(new PeopleApi.NewPerson("汇总网格员" + h.next(), null, null, null));
                            LocalDate today = LocalDate.now();
                            // some start tomorrow, some end today: the days move them
                            LocalDate start = rnd.nextInt(4) == 0 ? today.plusDays(1) : today.minusDays(30);
                            LocalDate end = rnd.nextInt(4) == 0 ? today : null;
                            assignments.add(people.assign(p, rnd.nextBoolean() ? StaffRole.MICRO_GRID_LEADER : StaffRole.MICRO_GRID_WORKER,
                                    m.id(), null, null, start, end));
                        }
                        case 13 -> {
                            if (assignments.isEmpty()) {
                                continue;
                            }
                            long a = assignments.remove(rnd.nextInt(assignments.size()));
                            roster.end(a, "调整", admin);
                        }
                        case 14 -> {
                            // a building to another micro-grid of its compound, or a micro-grid to another compound
                            if (micros.size() < 2) {
                                continue;
                            }
                            GridNode m = micros.get(rnd.nextInt(micros.size()));
                            List<io.gridwork.grid.BuildingView> bs = grid.buildingsOf(m.id());
                            List<GridNode> same = micros.stream().filter(o -> o.id() != m.id()
                                    && compoundOfMicro.get(o.id()).equals(compoundOfMicro.get(m.id()))).toList();
                            if (!bs.isEmpty() && !same.isEmpty()) {
                                grid.moveBuilding(bs.get(0).id(), same.get(0).id(), "重新划分", "test");
                            } else if (rnd.nextBoolean() && communities.size() > 1) {
                                // a whole community to the other street
                                GridNode c = communities.get(rnd.nextInt(communities.size()));
                                GridNode now = grid.node(c.id()).orElseThrow();
                                GridNode to = streets.stream().filter(s -> s.id() != now.parentId()).findFirst().orElseThrow();
                                grid.move(c.id(), to.id());
                            } else if (bs.isEmpty()) {
                                // refused while staff are assigned (then nothing changes)
                                grid.retire(m.id());
                                micros.remove(m);
                            }
                        }
                        case 15 -> {
                            GridNode s = streets.get(rnd.nextInt(streets.size()));
                            if (rnd.nextBoolean()) {
                                grid.setRule(s.id(), new GridRule(1 + rnd.nextInt(3), 3 + rnd.nextInt(5), rnd.nextInt(2),
                                        rnd.nextInt(2), 2), "test");
                            } else {
                                grid.clearRule(s.id());
                            }
                        }
                        default -> {
                        }
                    }
                } catch (io.gridwork.shared.web.ProblemException refused) {
                    // a refused change (a retired grid in use, an assignment already ended) changes nothing
                }
            }
            if (round == rounds / 2) {
                // a day passes: every assignment of the district one day earlier, and the rollup held for yesterday
                jdbc.sql("""
                        update staff_assignment set start_date = start_date - 1, end_date = end_date - 1
                         where grid_id in (select id from grid_node where path like ?)""").param(district.path() + "%").update();
                jdbc.sql("update grid_rollup_state set as_of = current_date - 1 where id = 1").update();
            }
            assertEqualToRecount(district);
        }
        assertThat(micros).hasSizeGreaterThan(3);
        assertThat(stats.statsOf(district).households()).isPositive();
        // the whole rollup rebuilt from nothing says the same
        rollup.rebuild();
        assertEqualToRecount(district);
    }

    /** Every grid of the district (retired ones too): the rollup's row equals a recount. */
    void assertEqualToRecount(GridNode district) {
        List<GridNode> all = jdbc.sql("select id from grid_node where path like ?").param(district.path() + "%").query(Long.class)
                .list().stream().map(id -> grid.node(id).orElseThrow()).toList();
        List<GridStats> fromRollup = stats.statsOf(all);
        List<GridStats> recounted = stats.recount(all);
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            GridStats a = fromRollup.get(i);
            GridStats b = recounted.get(i);
            if (a.households() != b.households() || a.staff() != b.staff() || a.people() != b.people() || a.vacant() != b.vacant()
                    || a.microGrids() != b.microGrids() || a.warningCount() != b.warnings().size()) {
                wrong.add(all.get(i).level() + " " + all.get(i).path() + " retired=" + all.get(i).retired() + " rollup="
                        + List.of(a.households(), a.vacant(), a.people(), a.staff(), a.microGrids(), a.warningCount()) + " recount="
                        + List.of(b.households(), b.vacant(), b.people(), b.staff(), b.microGrids(), (long) b.warnings().size()));
            }
        }
        assertThat(wrong).isEmpty();
        for (int i = 0; i < all.size(); i++) {
            GridStats a = fromRollup.get(i);
            GridStats b = recounted.get(i);
            assertThat(List.of(a.households(), a.vacant(), a.people(), a.staff(), a.microGrids(), a.warningCount()))
                    .as("rollup of %s (%s)", all.get(i).name(), all.get(i).path())
                    .isEqualTo(List.of(b.households(), b.vacant(), b.people(), b.staff(), b.microGrids(), (long) b.warnings().size()));
        }
    }

    @Test
    void aGridWithManyChildrenIsShownFiftyAtATime() throws Exception {
        GridNode street = grid.nodeByCode("510108001").orElseThrow();
        GridNode community = grid.create(street.id(), GridLevel.COMMUNITY, "分页社区" + System.nanoTime() % 10_000, null, null);
        for (int i = 0; i < 75; i++) {
            grid.create(community.id(), GridLevel.COMPOUND, "分页小区" + (i + 1), null, null);
        }
        List<GridNode> children = grid.children(community.id());
        assertThat(children).hasSize(75);

        var first = mvc.perform(get("/grid/" + community.id()).with(as("street"))).andExpect(status().isOk()).andReturn();
        String html = first.getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(html.getBytes(StandardCharsets.UTF_8).length).isLessThan(200_000);
        assertThat(html).contains(">分页小区1<").contains(">分页小区50<").doesNotContain(">分页小区51<")
                .contains("id=\"children-next\"").doesNotContain("id=\"children-first\"");
        String next = children.get(49).code();
        assertThat(html).contains("after=" + next);

        String second = mvc.perform(get("/grid/" + community.id()).param("after", next).with(as("street")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        // the last page: 25, a link back to the first and none further
        assertThat(second).contains(">分页小区51<").contains(">分页小区75<").doesNotContain(">分页小区50<")
                .contains("id=\"children-first\"").doesNotContain("id=\"children-next\"");

        // the tree opens a grid 50 at a time with a button for more
        String tree = mvc.perform(get("/grid/" + community.id()).header("HX-Request", "true").with(as("street")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(tree).contains("class=\"more\"").contains("after=" + next).doesNotContain(">分页小区51<");

        // a cursor that is no grid code: the first page with a message
        String bad = mvc.perform(get("/grid/" + community.id()).param("after", "x'--").with(as("street")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(bad).contains("翻页位置无效").contains(">分页小区1<");

        // the API: pages by the last code, 400 for a bad size or cursor, 404 out of reach
        mvc.perform(get("/api/grid/" + community.id() + "/children").with(as("street"))).andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(50)).andExpect(jsonPath("$[0].node.name").value("分页小区1"));
        mvc.perform(get("/api/grid/" + community.id() + "/children").param("after", children.get(59).code()).param("size", "20")
                .with(as("street"))).andExpect(status().isOk()).andExpect(jsonPath("$.length()").value(15))
                .andExpect(jsonPath("$[0].node.name").value("分页小区61"));
        mvc.perform(get("/api/grid/" + community.id() + "/children").param("size", "0").with(as("street")))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("invalid-size"));
        mvc.perform(get("/api/grid/" + community.id() + "/children").param("after", "abc").with(as("street")))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("invalid-cursor"));
        mvc.perform(get("/api/grid/" + community.id() + "/children").with(as("community"))).andExpect(status().isNotFound());
        // the counts of the new community come from its rollup row: 75 compounds, no micro-grids yet
        mvc.perform(get("/api/grid/" + community.id()).with(as("street"))).andExpect(status().isOk())
                .andExpect(jsonPath("$.stats.microGrids").value(0)).andExpect(jsonPath("$.children.length()").value(50));
    }

    /** Unique names for persons. */
    static final class Names {
        int n;

        int next() {
            return ++n;
        }
    }
}
