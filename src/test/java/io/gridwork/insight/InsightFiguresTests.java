package io.gridwork.insight;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.gridwork.demand.DemandApi;
import io.gridwork.demand.DemandStatus;
import io.gridwork.demand.DemandView;
import io.gridwork.demand.Party;
import io.gridwork.demand.internal.DemandService;
import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridLevel;
import io.gridwork.grid.GridNode;
import io.gridwork.lists.ListsApi;
import io.gridwork.measures.MeasureRecount;
import io.gridwork.measures.Measures;
import io.gridwork.measures.internal.MeasureFolder;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.support.GridworkTest;
import io.gridwork.support.TestPeople;

/**
 * Every figure of a dashboard, read from the rollups, agrees with a brute-force count over random demands and random
 * rectification items; and the list each figure links to (the inbox with the same filters) counts the same.
 */
@GridworkTest
class InsightFiguresTests {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final List<String> CATEGORIES = MeasureRecount.CATEGORIES;
    static final List<Party> PARTIES = MeasureRecount.PARTIES;

    @Autowired
    DemandService service;
    @Autowired
    DemandApi demands;
    @Autowired
    MeasureFolder folder;
    @Autowired
    InsightApi insight;
    @Autowired
    ListsApi lists;
    @Autowired
    GridApi grid;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TestPeople people;

    record Item(String path, Instant found, Instant rectified) {
    }

    @Test
    void everyFigureAndItsListAgreeWithABruteForceCountOverRandomData() {
        Random random = new Random(1616);
        GridNode community = grid.nodeByCode("510108001001").orElseThrow();
        GridNode compound = grid.create(community.id(), GridLevel.COMPOUND, "驾驶舱小区" + UUID.randomUUID(), null, null);
        List<GridNode> micros = new ArrayList<>();
        List<Long> buildings = new ArrayList<>();
        for (int m = 0; m < 2; m++) {
            GridNode micro = grid.create(compound.id(), GridLevel.MICRO, "驾驶舱微网格" + m, null, null);
            micros.add(micro);
            buildings.add(grid.createBuilding(compound.id(), micro.id(), String.valueOf(m + 1), (m + 1) + "栋", 6, null, null));
        }
        GridworkUser staff = people.user("community");
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 70; i++) {
            ids.add(service.submit(new DemandService.Submission(CATEGORIES.get(random.nextInt(3)), "驾驶舱诉求" + i, null, null,
                    buildings.get(random.nextInt(2)), null, null, null, null, null, io.gridwork.demand.Channel.STATION, "测试",
                    null), staff, null).id());
        }
        for (long id : ids) {
            MeasureRecount.randomise(jdbc, service, id, random);
        }
        List<Item> items = new ArrayList<>();
        Instant now = Instant.now();
        for (int i = 0; i < 40; i++) {
            GridNode micro = micros.get(random.nextInt(2));
            long item = lists.addProblem(micro.id(), "WORKER", "整治问题" + i, null, null, null, null, null, staff);
            Instant found = now.minus(random.nextInt(120 * 24 * 60), ChronoUnit.MINUTES);
            Instant rectified = random.nextInt(3) == 0 ? null : found.plus(random.nextInt(40 * 24 * 60), ChronoUnit.MINUTES);
            if (rectified != null && rectified.isAfter(now)) {
                rectified = now;
            }
            jdbc.sql("update rectification_item set found_at = ?, rectified_at = ?, status = ? where id = ?")
                    .params(Timestamp.from(found), rectified == null ? null : Timestamp.from(rectified),
                            rectified == null ? "OPEN" : "RECTIFIED", item)
                    .update();
            items.add(new Item(micro.path(), found, rectified));
        }
        // moved in time behind the lists module's back: its rollup counted again from the items
        io.gridwork.lists.RectificationRecount.rebuild(jdbc);
        folder.catchUp(Duration.ofSeconds(30));

        List<MeasureRecount.Row> rows = MeasureRecount.rows(jdbc, compound);
        LocalDate today = LocalDate.now(SHANGHAI);
        for (int trial = 0; trial < 4; trial++) {
            LocalDate from = today.minusDays(random.nextInt(45));
            LocalDate to = from.plusDays(random.nextInt(45));
            Dashboard d = insight.dashboard(compound.id(), from, to, staff, Locale.SIMPLIFIED_CHINESE);
            String as = "from " + from + " to " + to;
            Measures slow = MeasureRecount.count(rows, from, to, null, null, compound);
            assertThat(d.measures()).as(as).isEqualTo(slow);
            assertThat(d.rectification()).as(as).isEqualTo(rect(items, compound.path(), from, to));

            // each rate's list: the inbox with the figure's measure counts the demands behind it
            assertThat(inbox(compound, from, to, null, null, DemandView.Measure.RECEIVED, staff)).as(as).isEqualTo(slow.received());
            assertThat(inbox(compound, from, to, null, null, DemandView.Measure.RESOLVED, staff)).as(as).isEqualTo(slow.resolved());
            assertThat(inbox(compound, from, to, null, null, DemandView.Measure.RESOLVE_DUE, staff)).as(as).isEqualTo(slow.resolveDue());
            assertThat(inbox(compound, from, to, null, null, DemandView.Measure.RESOLVE_LATE, staff)).as(as)
                    .isEqualTo(slow.resolveDue() - slow.resolveOnTime());
            assertThat(inbox(compound, from, to, null, null, DemandView.Measure.RESPOND_DUE, staff)).as(as).isEqualTo(slow.respondDue());
            assertThat(inbox(compound, from, to, null, null, DemandView.Measure.RESPOND_LATE, staff)).as(as)
                    .isEqualTo(slow.respondDue() - slow.respondOnTime());
            assertThat(inbox(compound, from, to, null, null, DemandView.Measure.RATED, staff)).as(as).isEqualTo(slow.ratings());
            assertThat(inbox(compound, from, to, null, null, DemandView.Measure.UNSATISFIED, staff)).as(as)
                    .isEqualTo(slow.ratings() - slow.satisfied());

            // demands by state: the period's demands (submitted from..to) by their state now, and the inbox lists as many
            Instant start = from.atStartOfDay(SHANGHAI).toInstant();
            Instant end = to.plusDays(1).atStartOfDay(SHANGHAI).toInstant();
            Map<String, Long> periodStates = new HashMap<>();
            rows.stream().filter(r -> !r.submitted().isBefore(start) && r.submitted().isBefore(end))
                    .forEach(r -> periodStates.merge(r.status(), 1L, Long::sum));
            Map<String, Long> shownStates = new HashMap<>();
            d.byState().forEach(c -> shownStates.put(c.key(), c.count()));
            assertThat(shownStates).as(as).isEqualTo(periodStates);
            for (Dashboard.Count c : d.byState()) {
                assertThat(demands.countInbox(new DemandApi.InboxQuery(EnumSet.of(DemandStatus.valueOf(c.key())), null, null, null,
                        compound.id(), start, end, null), staff)).as(as + " " + c.key()).isEqualTo(c.count());
            }

            Map<String, Long> byCategory = new HashMap<>();
            d.byCategory().forEach(c -> byCategory.put(c.key(), c.count()));
            for (String c : CATEGORIES) {
                long expected = MeasureRecount.count(rows, from, to, c, null, compound).received();
                assertThat(byCategory.getOrDefault(c, 0L)).as(as + " " + c).isEqualTo(expected);
                assertThat(inbox(compound, from, to, c, null, DemandView.Measure.RECEIVED, staff)).as(as + " " + c).isEqualTo(expected);
            }
            Map<String, Long> byParty = new HashMap<>();
            d.byParty().forEach(c -> byParty.put(c.key(), c.count()));
            for (Party p : PARTIES) {
                long expected = MeasureRecount.count(rows, from, to, null, p, compound).received();
                assertThat(byParty.getOrDefault(p.name(), 0L)).as(as + " " + p).isEqualTo(expected);
                assertThat(inbox(compound, from, to, null, p, DemandView.Measure.RECEIVED, staff)).as(as + " " + p).isEqualTo(expected);
            }
            for (Dashboard.Child child : d.children()) {
                GridNode g = grid.node(child.grid().id()).orElseThrow();
                assertThat(child.measures()).as(as + " " + g.name())
                        .isEqualTo(MeasureRecount.count(MeasureRecount.rows(jdbc, g), from, to, null, null, g));
                assertThat(child.rectification()).as(as + " " + g.name()).isEqualTo(rect(items, g.path(), from, to));
            }
            assertThat(d.children()).hasSize(2);

            // the trends: twelve weeks (Monday to Sunday) and twelve months ending with the period's end
            assertThat(d.weekly()).hasSize(12);
            assertThat(d.monthly()).hasSize(12);
            assertThat(d.weekly().getLast().from()).isEqualTo(to.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)));
            assertThat(d.monthly().getLast().from()).isEqualTo(to.withDayOfMonth(1));
            for (Dashboard.Trend t : concat(d.weekly(), d.monthly())) {
                assertThat(t.measures()).as(t.label()).isEqualTo(MeasureRecount.count(rows, t.from(), t.to(), null, null, compound));
                assertThat(t.rectification()).as(t.label()).isEqualTo(rect(items, compound.path(), t.from(), t.to()));
            }
        }

        // demands by state over a period that holds every demand: the states of all the demands themselves
        Dashboard d = insight.dashboard(compound.id(), today.minusYears(1), today, staff, Locale.SIMPLIFIED_CHINESE);
        Map<String, Long> states = new HashMap<>();
        rows.forEach(r -> states.merge(r.status(), 1L, Long::sum));
        Map<String, Long> shown = new HashMap<>();
        d.byState().forEach(c -> shown.put(c.key(), c.count()));
        assertThat(shown).isEqualTo(states);
        for (Dashboard.Count c : d.byState()) {
            assertThat(demands.countInbox(new DemandApi.InboxQuery(EnumSet.of(DemandStatus.valueOf(c.key())), null, null, null,
                    compound.id(), null, null, null), staff)).isEqualTo(c.count());
            assertThat(c.label()).doesNotContain("_");
        }
        assertThat(rows).hasSize(70);
    }

    private long inbox(GridNode g, LocalDate from, LocalDate to, String category, Party party, DemandView.Measure measure,
            GridworkUser viewer) {
        return demands.countInbox(new DemandApi.InboxQuery(null, category, party, null, g.id(), from.atStartOfDay(SHANGHAI).toInstant(),
                to.plusDays(1).atStartOfDay(SHANGHAI).toInstant(), measure), viewer);
    }

    /** 整改率 the slow way: items found on days from..to under the path, and of those the ones rectified before the end. */
    static Dashboard.Rectification rect(List<Item> items, String path, LocalDate from, LocalDate to) {
        Instant end = to.plusDays(1).atStartOfDay(SHANGHAI).toInstant();
        long found = 0;
        long rectified = 0;
        for (Item i : items) {
            LocalDate day = i.found().atZone(SHANGHAI).toLocalDate();
            if (i.path().startsWith(path) && !day.isBefore(from) && !day.isAfter(to)) {
                found++;
                if (i.rectified() != null && i.rectified().isBefore(end)) {
                    rectified++;
                }
            }
        }
        return new Dashboard.Rectification(found, rectified, new ListsApi.RectificationCount(found, rectified).rate());
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

}
