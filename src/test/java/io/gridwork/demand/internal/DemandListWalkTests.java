package io.gridwork.demand.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.gridwork.demand.Channel;
import io.gridwork.demand.DemandApi;
import io.gridwork.demand.DemandStatus;
import io.gridwork.demand.internal.DemandService.Submission;
import io.gridwork.grid.GridApi;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.support.GridworkTest;
import io.gridwork.support.TestPeople;

/**
 * Pages by cursor walk a bounded stretch of their index (issue 19): a rare filter (here: the 3 closed demands among 30
 * others) gives short or empty pages whose cursor goes on, and reading every page gives exactly the matching
 * demands, once each and newest first, in the inbox's lists (several branches: the worker's own reports and their
 * grid) and in Open311's pages under a grid; a page without such a filter is still full.
 */
@GridworkTest
class DemandListWalkTests {

    @Autowired
    DemandService service;
    @Autowired
    DemandQueries queries;
    @Autowired
    DemandIntegrationQueries integration;
    @Autowired
    TestPeople people;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    GridApi grid;

    private record Made(Instant from, List<Long> rare, List<Long> all) {
    }

    /** 30 demands in the worker's micro-grid, 3 of them (spread out) closed: the rare value. */
    private Made make() {
        GridworkUser worker = people.user("worker");
        long building = jdbc.sql("select min(id) from building where micro_grid_id = ?").param(people.firstMicroGrid())
                .query(Long.class).single();
        Instant from = Instant.now().minusMillis(1);
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            ids.add(service.submit(new Submission("GREENERY", "走查测试 " + i, null, null, building, null, null, null, null, false,
                    Channel.VISIT, "居民", null), worker, null).id());
        }
        List<Long> rare = List.of(ids.get(27), ids.get(14), ids.get(2)); // newest first
        jdbc.sql("update demand set status = 'CLOSED' where id in (:ids)").param("ids", rare).update();
        return new Made(from, rare, ids.reversed());
    }

    private DemandQueries.Filter filter(Made m, DemandStatus status, int size) {
        return new DemandQueries.Filter(status == null ? null : EnumSet.of(status), null, null, null, m.from(), null,
                people.firstMicroGrid(), null, 0, size);
    }

    @Test
    void aRareStatusGivesShortPagesThatGoOnAndTogetherHoldEveryMatchOnce() {
        Made m = make();
        GridworkUser worker = people.user("worker");
        List<Long> got = new ArrayList<>();
        int pages = 0;
        boolean shortPageWithNext = false;
        String cursor = null;
        do {
            DemandQueries.Slice s = queries.slice(filter(m, DemandStatus.CLOSED, 2), cursor, worker, 5);
            s.items().forEach(i -> got.add(i.id()));
            assertThat(s.items()).hasSizeLessThanOrEqualTo(2);
            if (s.next() != null && s.items().size() < 2) {
                shortPageWithNext = true;
                assertThat(s.partial()).isTrue();
            }
            cursor = s.next();
            assertThat(++pages).as("pages").isLessThan(20);
        } while (cursor != null);
        assertThat(got).isEqualTo(m.rare());
        assertThat(shortPageWithNext).as("a page ended where its walk stopped").isTrue();

        // with the usual bound the same filter fills its pages
        DemandQueries.Slice first = queries.slice(filter(m, DemandStatus.CLOSED, 2), null, worker);
        assertThat(first.items()).extracting(DemandQueries.Summary::id).isEqualTo(m.rare().subList(0, 2));
        assertThat(first.partial()).isFalse();
        // without a filter the index does not carry, every page is full under the small bound too
        List<Long> open = new ArrayList<>();
        cursor = null;
        do {
            DemandQueries.Slice s = queries.slice(filter(m, null, 4), cursor, worker, 5);
            if (s.next() != null) {
                assertThat(s.items()).hasSize(4);
            }
            s.items().forEach(i -> open.add(i.id()));
            cursor = s.next();
        } while (cursor != null);
        assertThat(open).isEqualTo(m.all());
    }

    @Test
    void open311PagesUnderAGridWalkBoundedAndTogetherHoldEveryMatchOnce() {
        Made m = make();
        String path = grid.node(people.firstMicroGrid()).orElseThrow().path();
        var closed = new DemandApi.DigestQuery(path, List.of(), null, m.from(), Instant.now().plusSeconds(60), false, null, 1);
        List<Long> got = new ArrayList<>();
        boolean emptyWithNext = false;
        String cursor = null;
        int pages = 0;
        do {
            DemandApi.DigestPage p = integration.digestPage(closed, cursor, 3);
            p.items().forEach(d -> got.add(d.id()));
            emptyWithNext |= p.items().isEmpty() && p.next() != null;
            cursor = p.next();
            assertThat(++pages).isLessThan(40);
        } while (cursor != null);
        assertThat(got).isEqualTo(m.rare());
        assertThat(emptyWithNext).as("a page ended where its walk stopped").isTrue();
        // no filter on the demand: pages of 7 by cursor hold all 30 in order, each full but the last
        var every = new DemandApi.DigestQuery(path, List.of(), null, m.from(), Instant.now().plusSeconds(60), null, null, 7);
        List<Long> all = new ArrayList<>();
        cursor = null;
        do {
            DemandApi.DigestPage p = integration.digestPage(every, cursor, 3);
            if (p.next() != null) {
                assertThat(p.items()).hasSize(7);
            }
            p.items().forEach(d -> all.add(d.id()));
            cursor = p.next();
        } while (cursor != null);
        assertThat(all).isEqualTo(m.all());
    }
}
