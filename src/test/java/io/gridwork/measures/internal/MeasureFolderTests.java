package io.gridwork.measures.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.gridwork.demand.Channel;
import io.gridwork.demand.DemandTimeline;
import io.gridwork.demand.Party;
import io.gridwork.demand.internal.DemandService;
import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridLevel;
import io.gridwork.grid.GridNode;
import io.gridwork.measures.MeasureRecount;
import io.gridwork.measures.Measures;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.support.GridworkTest;
import io.gridwork.support.TestPeople;

/**
 * The folder: a replay counts nothing twice, a fold that does not commit leaves nothing behind, steps that
 * commit out of id order are folded once, and one instance at a time folds.
 */
@GridworkTest
class MeasureFolderTests {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Autowired
    MeasureFolder folder;
    @Autowired
    MeasureQueries measures;
    @Autowired
    DemandService service;
    @Autowired
    DemandTimeline timeline;
    @Autowired
    GridApi grid;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    JdbcTemplate jdbcTemplate;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    TestPeople people;

    private final List<MeasureFolder> others = new ArrayList<>();

    @AfterEach
    void giveBackClaims() {
        others.forEach(MeasureFolder::release);
        folder.release();
    }

    /** A compound of its own with one micro-grid and a building, so that its figures are this test's alone. */
    private record Place(GridNode compound, GridNode micro, long building) {
    }

    private Place newPlace() {
        GridNode community = grid.nodeByCode("510108001001").orElseThrow();
        GridNode compound = grid.create(community.id(), GridLevel.COMPOUND, "折叠小区" + UUID.randomUUID(), null, null);
        GridNode micro = grid.create(compound.id(), GridLevel.MICRO, "折叠微网格", null, null);
        long building = grid.createBuilding(compound.id(), micro.id(), "1", "1栋", 6, null, null);
        return new Place(compound, micro, building);
    }

    private long submit(Place p, String category, GridworkUser by) {
        return service.submit(new DemandService.Submission(category, "折叠测试", null, null, p.building(), null, null, null, null, null,
                Channel.STATION, "测试", null), by, null).id();
    }

    private Measures today(GridNode g, String category) {
        LocalDate today = LocalDate.now(SHANGHAI);
        return measures.of(g, today.minusDays(2), today.plusDays(2), category, null);
    }

    /** The rollup agrees with a count over the demands, for the place's grids, every category and party. */
    private void assertExact(Place p) {
        LocalDate today = LocalDate.now(SHANGHAI);
        for (GridNode g : List.of(p.compound(), p.micro())) {
            var rows = MeasureRecount.rows(jdbc, g);
            for (String category : new String[] {null, "WATER_LEAK", "NOISE"}) {
                for (Party party : new Party[] {null, Party.PROPERTY, Party.POLICE}) {
                    assertThat(measures.of(g, today.minusDays(30), today.plusDays(30), category, party))
                            .as("%s, %s, %s", g.name(), category, party)
                            .isEqualTo(MeasureRecount.count(rows, today.minusDays(30), today.plusDays(30), category, party, g));
                }
            }
            assertThat(measures.byState(g, today.minusDays(30), today.plusDays(30))).as("%s by state", g.name())
                    .isEqualTo(MeasureRecount.states(rows, today.minusDays(30), today.plusDays(30)));
        }
    }

    private long position() {
        return jdbc.sql("select position from measure_fold where name = 'demand-measures'").query(Long.class).single();
    }

    @Test
    void foldingTheSameChangesAgainCountsNothingTwice() {
        Place p = newPlace();
        GridworkUser staff = people.user("community");
        folder.catchUp(WAIT);
        long start = position();
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ids.add(submit(p, i % 2 == 0 ? "WATER_LEAK" : "NOISE", staff));
        }
        service.resolveOnSpot(ids.get(0), "已处理", staff);
        folder.catchUp(WAIT);
        assertThat(today(p.compound(), null).received()).isEqualTo(6);
        assertThat(today(p.compound(), null).resolved()).isEqualTo(1);
        assertExact(p);

        // the cursor goes back before these changes (as after a crash between the rollup and the cursor, were
        // they not one transaction): the same steps are read again and change nothing
        jdbc.sql("update measure_fold set position = ? where name = 'demand-measures'").param(start).update();
        int again = folder.catchUp(WAIT);
        assertThat(again).isGreaterThanOrEqualTo(7);
        assertThat(today(p.compound(), null).received()).isEqualTo(6);
        assertThat(today(p.micro(), "WATER_LEAK").received()).isEqualTo(3);
        assertExact(p);

        // and once more through the refold queue
        jdbcTemplate.batchUpdate("insert into measure_refold (demand_id) values (?)", ids.stream().map(id -> new Object[] {id}).toList());
        folder.catchUp(WAIT);
        assertThat(jdbc.sql("select count(*) from measure_refold").query(Long.class).single()).isZero();
        assertThat(today(p.compound(), null).received()).isEqualTo(6);
        assertExact(p);
    }

    @Test
    void aFoldThatDoesNotCommitLeavesNothingBehind() {
        Place p = newPlace();
        folder.catchUp(WAIT);
        submit(p, "NOISE", people.user("community"));
        long before = position();
        // the fold's rollup changes, facts and cursor are one transaction: a failure before its end (or the
        // instance dying) takes all of them back
        tx.executeWithoutResult(s -> {
            folder.foldBatch();
            assertThat(today(p.compound(), "NOISE").received()).isEqualTo(1);
            s.setRollbackOnly();
        });
        assertThat(position()).isEqualTo(before);
        assertThat(today(p.compound(), "NOISE").received()).isZero();
        folder.catchUp(WAIT);
        assertThat(today(p.compound(), "NOISE").received()).isEqualTo(1);
        assertExact(p);
    }

    @Test
    void stepsCommittedOutOfIdOrderAreFoldedOnce() throws Exception {
        Place p = newPlace();
        GridworkUser staff = people.user("community");
        long early = submit(p, "WATER_LEAK", staff);
        long late = submit(p, "WATER_LEAK", staff);
        folder.catchUp(WAIT);
        assertThat(today(p.compound(), "WATER_LEAK").received()).isEqualTo(2);

        // transaction A takes a step id first and commits last
        CountDownLatch stepTaken = new CountDownLatch(1);
        CountDownLatch mayCommit = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicLong aStepId = new java.util.concurrent.atomic.AtomicLong();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Future<?> a = pool.submit(() -> tx.executeWithoutResult(s -> {
            jdbc.sql("update demand set category_code = 'NOISE' where id = ?").param(early).update();
            service.noteFromDevice(early, "TEST", "re-categorised");
            aStepId.set(jdbc.sql("select max(id) from demand_event_log where demand_id = ?").param(early).query(Long.class).single());
            stepTaken.countDown();
            await(mayCommit);
        }));
        try {
            assertThat(stepTaken.await(30, TimeUnit.SECONDS)).isTrue();
            long aStep = aStepId.get();
            // transaction B takes a later id and commits first
            jdbc.sql("update demand set category_code = 'NOISE' where id = ?").param(late).update();
            service.noteFromDevice(late, "TEST", "re-categorised");
            long bStep = jdbc.sql("select max(id) from demand_event_log where demand_id = ?").param(late).query(Long.class).single();
            assertThat(bStep).isGreaterThan(aStep);

            folder.catchUp(WAIT);
            assertThat(position()).isGreaterThanOrEqualTo(bStep);
            assertThat(today(p.compound(), "NOISE").received()).isEqualTo(1);
            assertThat(today(p.compound(), "WATER_LEAK").received()).isEqualTo(1);
            // the cursor passed A's id without seeing it: it is kept as a gap
            assertThat(jdbc.sql("select count(*) from measure_fold_gap where from_id <= ? and to_id >= ?")
                    .params(aStep, aStep).query(Long.class).single()).isEqualTo(1);
        } finally {
            mayCommit.countDown();
            a.get(30, TimeUnit.SECONDS);
            pool.shutdown();
        }
        folder.catchUp(WAIT);
        assertThat(today(p.compound(), "NOISE").received()).isEqualTo(2);
        assertThat(today(p.compound(), "WATER_LEAK").received()).isZero();
        // the gap is read again while it is open: still counted once
        folder.catchUp(WAIT);
        folder.catchUp(WAIT);
        assertThat(today(p.compound(), "NOISE").received()).isEqualTo(2);
        assertThat(today(p.compound(), null).received()).isEqualTo(2);
        assertExact(p);
    }

    @Test
    void whenAGridMovesItsDemandsCountUnderItsNewParents() {
        Place p = newPlace();
        GridworkUser staff = people.user("community");
        GridNode community = grid.node(p.compound().parentId()).orElseThrow();
        GridNode other = grid.create(community.parentId(), GridLevel.COMMUNITY, "折叠社区" + UUID.randomUUID(), null, null);
        submit(p, "NOISE", staff);
        submit(p, "NOISE", staff);
        submit(p, "WATER_LEAK", staff);
        folder.catchUp(WAIT);
        long inCommunity = today(community, null).received();
        GridNode street = grid.node(community.parentId()).orElseThrow();
        long inStreet = today(street, "NOISE").received();
        assertThat(today(other, null).received()).isZero();

        grid.move(p.compound().id(), other.id());
        folder.catchUp(WAIT);
        assertThat(today(other, null).received()).isEqualTo(3);
        assertThat(today(other, "NOISE").received()).isEqualTo(2);
        assertThat(today(community, null).received()).isEqualTo(inCommunity - 3);
        Place moved = new Place(grid.node(p.compound().id()).orElseThrow(), grid.node(p.micro().id()).orElseThrow(), p.building());
        assertExact(moved);
        // the street above both counts them once, as before
        assertThat(today(street, "NOISE").received()).isEqualTo(inStreet);
    }

    @Test
    void stepsFarAboveThePositionAreFoldedToo() {
        Place p = newPlace();
        GridworkUser staff = people.user("community");
        folder.catchUp(WAIT);
        long top = position();
        // the timeline's next ids far beyond the folder's window of ids (as after many rolled-back steps)
        long far = top + 1_000_000;
        jdbc.sql("alter table demand_event_log alter column id restart with " + far).update();
        submit(p, "WATER_LEAK", staff);
        folder.catchUp(WAIT);
        assertThat(position()).isGreaterThanOrEqualTo(far);
        assertThat(today(p.compound(), "WATER_LEAK").received()).isEqualTo(1);
        assertExact(p);
        // the ids skipped are no steps anyone will commit: the gap they left is not this test's subject
        jdbc.sql("delete from measure_fold_gap where from_id > ? and to_id < ?").params(top, far).update();
    }

    @Test
    void gapsAreGivenUpAfterTheirTimeout() {
        folder.catchUp(WAIT);
        long top = position();
        // ids no transaction will ever commit (as after a rollback): a gap older than the timeout is dropped
        jdbc.sql("insert into measure_fold_gap (from_id, to_id, seen_at) values (?, ?, ?)")
                .params(top + 1_000_000, top + 1_000_010, java.sql.Timestamp.from(java.time.Instant.now().minus(Duration.ofHours(1))))
                .update();
        folder.catchUp(WAIT);
        assertThat(jdbc.sql("select count(*) from measure_fold_gap where from_id >= ?").param(top + 1_000_000)
                .query(Long.class).single()).isZero();
    }

    @Test
    void oneInstanceAtATimeHoldsTheRound() {
        MeasureFolder a = other("instance-a", Clock.systemUTC());
        MeasureFolder b = other("instance-b", Clock.systemUTC());
        folder.catchUp(WAIT);
        assertThat(a.claim()).isTrue();
        assertThat(b.claim()).isFalse();
        assertThat(b.round()).isFalse();
        assertThat(a.claim()).as("the holder may renew").isTrue();
        a.release();
        assertThat(b.round()).isTrue();
        assertThat(a.round()).as("given back after the round").isTrue();

        // an instance that dies holding the round holds it until its lease ends
        assertThat(a.claim()).isTrue();
        assertThat(b.claim()).isFalse();
        MeasureFolder later = other("instance-b", Clock.offset(Clock.systemUTC(), Duration.ofSeconds(11)));
        assertThat(later.claim()).isTrue();
    }

    @Test
    void foldersRacingEachOtherCountEveryChangeOnce() throws Exception {
        Place p = newPlace();
        GridworkUser staff = people.user("community");
        folder.catchUp(WAIT);
        // two instances fold as fast as they can (without the round's claim: only the cursor's row lock orders
        // them) while demands come in and change
        List<MeasureFolder> racers = List.of(other("racer-1", Clock.systemUTC()), other("racer-2", Clock.systemUTC()));
        AtomicBoolean done = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<Integer>> runs = new ArrayList<>();
        for (MeasureFolder r : racers) {
            runs.add(pool.submit(() -> {
                int folds = 0;
                while (!done.get()) {
                    r.foldBatch();
                    folds++;
                }
                return folds;
            }));
        }
        try {
            for (int i = 0; i < 30; i++) {
                long id = submit(p, i % 3 == 0 ? "NOISE" : "WATER_LEAK", staff);
                if (i % 4 == 0) {
                    service.resolveOnSpot(id, "已处理", staff);
                } else if (i % 5 == 0) {
                    service.accept(id, io.gridwork.demand.Grade.MEDIUM, null, null, staff);
                    service.dispatch(id, Set.of(Party.PROPERTY, Party.POLICE), null, staff);
                }
            }
        } finally {
            done.set(true);
            for (Future<Integer> f : runs) {
                assertThat(f.get(60, TimeUnit.SECONDS)).isPositive();
            }
            pool.shutdown();
        }
        folder.catchUp(WAIT);
        assertThat(today(p.compound(), null).received()).isEqualTo(30);
        assertThat(today(p.compound(), null).resolved()).isEqualTo(8);
        assertThat(measures.of(p.compound(), LocalDate.now(SHANGHAI), LocalDate.now(SHANGHAI), null, Party.POLICE).received())
                .isEqualTo(4);
        assertExact(p);
    }

    private MeasureFolder other(String instance, Clock clock) {
        MeasureFolder f = new MeasureFolder(jdbc, jdbcTemplate, tx, timeline, 2000, Duration.ofMinutes(5), Duration.ofSeconds(10),
                clock, instance);
        others.add(f);
        return f;
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
