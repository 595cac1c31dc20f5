package io.gridwork.demand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

import io.gridwork.demand.internal.DemandService;
import io.gridwork.demand.internal.MeasureQueries;
import io.gridwork.demand.internal.MeasureRollup;
import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridLevel;
import io.gridwork.grid.GridNode;
import io.gridwork.support.GridworkTest;
import io.gridwork.support.TestPeople;

/** The incrementally kept measures agree with a brute-force count over the demands themselves. */
@GridworkTest
@Import(TestPeople.class)
class MeasuresTests {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final List<String> CATEGORIES = List.of("WATER_LEAK", "NOISE", "DOGS");
    private static final List<Party> PARTIES = List.of(Party.PROPERTY, Party.OWNERS_COMMITTEE, Party.POLICE);

    @Autowired
    DemandService service;
    @Autowired
    MeasureRollup rollup;
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

    record Row(long id, String status, String category, Instant submitted, Instant respondDue, Instant responded,
            Instant resolveDue, Instant resolved, Integer rating, Instant rated, Set<String> parties) {
    }

    @Test
    void incrementalMeasuresMatchABruteForceCountOverRandomDemands() {
        Random random = new Random(42);
        GridNode community = grid.nodeByCode("510108001001").orElseThrow();
        GridNode compound = grid.create(community.id(), GridLevel.COMPOUND, "指标小区" + UUID.randomUUID(), null, null);
        List<Long> buildings = new ArrayList<>();
        for (int m = 0; m < 2; m++) {
            GridNode micro = grid.create(compound.id(), GridLevel.MICRO, "指标微网格" + m, null, null);
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
            randomise(id, random);
        }
        // change a third of them again, so that old contributions must be taken back
        for (long id : ids) {
            if (random.nextInt(3) == 0) {
                randomise(id, random);
            }
        }

        while (rollup.drain() > 0) {
            // fold everything queued
        }
        List<Row> rows = rows(compound);
        LocalDate today = LocalDate.now(SHANGHAI);
        for (int trial = 0; trial < 12; trial++) {
            LocalDate from = today.minusDays(random.nextInt(40));
            LocalDate to = from.plusDays(random.nextInt(40));
            String category = random.nextBoolean() ? null : CATEGORIES.get(random.nextInt(3));
            Party party = random.nextBoolean() ? null : PARTIES.get(random.nextInt(3));
            Measures fast = measures.of(compound, from, to, category, party);
            Measures slow = bruteForce(rows, from, to, category, party, compound);
            assertThat(fast).as("from %s to %s, %s, %s", from, to, category, party).isEqualTo(slow);
        }
        Measures all = measures.of(compound, today.minusDays(60), today.plusDays(60), null, null);
        assertThat(all.found()).isPositive();
        assertThat(all.onTimeClosureRate()).isBetween(0.0, 1.0);
    }

    /** Puts a demand into a random state with random times in the last 30 days, as if its life had happened. */
    private void randomise(long id, Random r) {
        Instant now = Instant.now();
        int minutesAgo = r.nextInt(30 * 24 * 60);
        // No limit (4 or 24 hours after submission) may fall due while the test runs: the rollup counts a limit
        // that falls due without an event only when the deadline scan fires it, while the brute force looks at
        // the wall clock when it runs; a limit in the next half hour is moved 45 minutes into the past.
        if ((minutesAgo >= 4 * 60 - 30 && minutesAgo <= 4 * 60 + 1) || (minutesAgo >= 24 * 60 - 30 && minutesAgo <= 24 * 60 + 1)) {
            minutesAgo += 45;
        }
        Instant submitted = now.minus(minutesAgo, ChronoUnit.MINUTES);
        Instant respondDue = submitted.plus(4, ChronoUnit.HOURS);
        Instant resolveDue = r.nextInt(5) == 0 ? null : submitted.plus(r.nextBoolean() ? 4 : 24, ChronoUnit.HOURS);
        int stage = r.nextInt(6);
        String status = switch (stage) {
            case 0 -> "SUBMITTED";
            case 1 -> r.nextBoolean() ? "REJECTED" : "ACCEPTED";
            case 2 -> "IN_PROGRESS";
            case 3 -> "RESOLVED";
            case 4 -> "CLOSED";
            default -> "RATED";
        };
        Instant responded = stage == 0 ? null : submitted.plus(r.nextInt(8 * 60), ChronoUnit.MINUTES);
        Instant resolved = stage >= 3 ? submitted.plus(r.nextInt(48 * 60), ChronoUnit.MINUTES) : null;
        Integer rating = stage == 5 ? 1 + r.nextInt(5) : null;
        Instant rated = rating == null ? null : resolved.plus(r.nextInt(24 * 60), ChronoUnit.MINUTES);
        jdbc.sql("""
                update demand set status = ?, submitted_at = ?, respond_due_at = ?, responded_at = ?, resolve_due_at = ?,
                       resolved_at = ?, rating = ?, rated_at = ?, category_code = ? where id = ?""")
                .params(status, ts(submitted), ts(respondDue), ts(responded), ts(resolveDue), ts(resolved), rating, ts(rated),
                        CATEGORIES.get(r.nextInt(3)), id)
                .update();
        jdbc.sql("delete from demand_assignment where demand_id = ?").param(id).update();
        for (Party p : PARTIES) {
            if (r.nextInt(3) == 0) {
                jdbc.sql("insert into demand_assignment (demand_id, party, status, created_at) values (?, ?, ?, ?)")
                        .params(id, p.name(), r.nextInt(4) == 0 ? "WITHDRAWN" : "OPEN", ts(submitted)).update();
            }
        }
        rollup.refresh(id);
    }

    private List<Row> rows(GridNode compound) {
        return jdbc.sql("""
                select id, status, category_code, submitted_at, respond_due_at, responded_at, resolve_due_at, resolved_at,
                       rating, rated_at from demand where grid_path like ?""").param(compound.path() + "%")
                .query((rs, i) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), inst(rs.getTimestamp(4)),
                        inst(rs.getTimestamp(5)), inst(rs.getTimestamp(6)), inst(rs.getTimestamp(7)), inst(rs.getTimestamp(8)),
                        rs.getObject(9, Integer.class), inst(rs.getTimestamp(10)),
                        new HashSet<>(jdbc.sql("select party from demand_assignment where demand_id = ? and status <> 'WITHDRAWN'")
                                .param(rs.getLong(1)).query(String.class).list())))
                .list();
    }

    private static Measures bruteForce(List<Row> rows, LocalDate from, LocalDate to, String category, Party party, GridNode g) {
        Instant now = Instant.now();
        long found = 0, rectified = 0, respondDue = 0, respondOnTime = 0, resolveDue = 0, resolveOnTime = 0, ratings = 0, satisfied = 0;
        for (Row d : rows) {
            if ((category != null && !category.equals(d.category())) || (party != null && !d.parties().contains(party.name()))) {
                continue;
            }
            boolean rejected = d.status().equals("REJECTED");
            if (!rejected && in(d.submitted(), from, to)) {
                found++;
                if (d.resolved() != null) {
                    rectified++;
                }
            }
            if (d.respondDue() != null && (d.responded() != null || !d.respondDue().isAfter(now)) && in(d.respondDue(), from, to)) {
                respondDue++;
                if (d.responded() != null && !d.responded().isAfter(d.respondDue())) {
                    respondOnTime++;
                }
            }
            if (!rejected && d.resolveDue() != null && (d.resolved() != null || !d.resolveDue().isAfter(now))
                    && in(d.resolveDue(), from, to)) {
                resolveDue++;
                if (d.resolved() != null && !d.resolved().isAfter(d.resolveDue())) {
                    resolveOnTime++;
                }
            }
            if (d.rating() != null && in(d.rated(), from, to)) {
                ratings++;
                if (d.rating() >= 4) {
                    satisfied++;
                }
            }
        }
        return new Measures(g.id(), g.name(), found, rectified, respondDue, respondOnTime, resolveDue, resolveOnTime, ratings, satisfied);
    }

    private static boolean in(Instant i, LocalDate from, LocalDate to) {
        LocalDate day = i.atZone(SHANGHAI).toLocalDate();
        return !day.isBefore(from) && !day.isAfter(to);
    }

    private static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }

    private static Instant inst(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    @Test
    void theLoopFeedsTheMeasuresApi() throws Exception {
        var resident = people.freshResident();
        var worker = people.user("worker");
        long micro = people.firstMicroGrid();
        LocalDate today = LocalDate.now(SHANGHAI);
        String before = mvc.perform(get("/api/measures").param("gridId", String.valueOf(micro)).param("from", today.toString())
                .param("to", today.plusDays(2).toString()).with(user(worker))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        long id = service.submit(new DemandService.Submission("HYGIENE", "楼道堆放杂物", null, null, null, null, null, null, null,
                null, null, null, null), resident, null).id();
        service.resolveOnSpot(id, "已清理", worker);
        service.confirm(id, null, resident);
        service.rate(id, 5, null, resident);
        while (rollup.drain() > 0) {
            // fold everything queued
        }
        mvc.perform(get("/api/measures").param("gridId", String.valueOf(micro)).param("from", today.toString())
                .param("to", today.plusDays(2).toString()).param("category", "HYGIENE").with(user(worker)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.total.satisfied").value(org.hamcrest.Matchers.greaterThanOrEqualTo(1)))
                .andExpect(jsonPath("$.total.satisfactionRate").exists());
        assertThat(before).contains("\"total\"");
        mvc.perform(get("/api/measures").param("gridId", String.valueOf(micro)).param("from", "2026-02-01")
                .param("to", "2026-01-01").with(user(worker))).andExpect(status().isBadRequest());
        long second = jdbc.sql("select id from grid_node where name = '学府憬城第2微网格'").query(Long.class).single();
        mvc.perform(get("/api/measures").param("gridId", String.valueOf(second)).param("from", "2026-01-01")
                .param("to", "2026-12-31").with(user(worker))).andExpect(status().isNotFound());
    }
}
