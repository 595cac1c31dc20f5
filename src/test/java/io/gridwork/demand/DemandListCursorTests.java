package io.gridwork.demand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

import io.gridwork.demand.internal.DemandQueries;
import io.gridwork.demand.internal.DemandService;
import io.gridwork.demand.internal.DemandService.Submission;
import io.gridwork.demand.internal.ListCursor;
import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridLevel;
import io.gridwork.grid.GridNode;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.support.GridworkTest;
import io.gridwork.support.TestPeople;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Demand lists by keyset (issue 19): pages by cursor through the API and the inbox have every demand once and in
 * order (ties on the submission time included), a page read after new demands arrived goes on where it was, bad
 * cursors are 400s, the viewer's scope and the grid filter hold on every page, counts stop at their bound, and the
 * keyset table follows a grid that moves.
 */
@GridworkTest
class DemandListCursorTests {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    MockMvc mvc;
    @Autowired
    DemandService service;
    @Autowired
    DemandQueries queries;
    @Autowired
    ListCursor cursors;
    @Autowired
    TestPeople people;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    GridApi grid;

    private long building() {
        return jdbc.sql("select min(id) from building where micro_grid_id = ?").param(people.firstMicroGrid()).query(Long.class)
                .single();
    }

    private String path(long gridId) {
        return grid.node(gridId).orElseThrow().path();
    }

    private long submit(long building, GridworkUser by, String text) {
        return service.submit(new Submission("GREENERY", text, null, null, building, null, null, null, null, false,
                Channel.VISIT, "居民", null), by, null).id();
    }

    /** Brute force: what the viewer may see since {@code from}, newest first. */
    private List<Long> expected(GridworkUser viewer, String gridPrefix, Instant from) {
        String scope = viewer.scopePaths().stream().map(p -> "d.grid_path like '" + p + "%'").reduce((a, b) -> a + " or " + b)
                .orElse("1 = 0");
        return jdbc.sql("select d.id from demand d where (d.reporter_account_id = ? or " + scope + ") and d.grid_path like ?"
                + " and d.submitted_at >= ? order by d.submitted_at desc, d.id desc")
                .params(viewer.accountId(), gridPrefix + "%", Timestamp.from(from)).query(Long.class).list();
    }

    private JsonNode page(GridworkUser viewer, Instant from, Long gridId, int size, String cursor) throws Exception {
        var request = get("/api/demands").param("from", from.toString()).param("size", String.valueOf(size)).with(user(viewer));
        if (gridId != null) {
            request.param("gridId", String.valueOf(gridId));
        }
        if (cursor != null) {
            request.param("cursor", cursor);
        }
        String body = mvc.perform(request).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        return JSON.readTree(body);
    }

    /** Every page from the first, by cursor. */
    private List<Long> all(GridworkUser viewer, Instant from, Long gridId, int size) throws Exception {
        List<Long> ids = new ArrayList<>();
        String cursor = null;
        for (int guard = 0; guard < 1000; guard++) {
            JsonNode p = page(viewer, from, gridId, size, cursor);
            p.get("items").forEach(i -> ids.add(i.get("id").asLong()));
            assertThat(p.get("items").size()).isLessThanOrEqualTo(size);
            JsonNode next = p.get("next");
            if (next == null || next.isNull()) {
                return ids;
            }
            assertThat(p.get("items").size()).as("a page with a next cursor is full").isEqualTo(size);
            cursor = next.asString();
        }
        throw new AssertionError("no last page");
    }

    @Test
    void pagesByCursorHaveEveryDemandOnceInOrderForEachScopeAndTies() throws Exception {
        GridworkUser worker = people.user("worker");
        GridworkUser community = people.user("community");
        GridworkUser admin = people.user("admin");
        Instant from = Instant.now().minusMillis(1);
        long building = building();
        List<Long> created = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            created.add(submit(building, worker, "分页测试 " + i));
        }
        // ten of them share one submission time (as an import or a generator may write them): the id orders them
        Timestamp tie = jdbc.sql("select submitted_at from demand where id = ?").param(created.get(20)).query(Timestamp.class).single();
        List<Long> tied = created.subList(15, 25);
        jdbc.sql("update demand set submitted_at = :at where id in (:ids)").param("at", tie).param("ids", tied).update();
        jdbc.sql("update demand_reach set submitted_at = :at where demand_id in (:ids)").param("at", tie).param("ids", tied).update();

        for (GridworkUser viewer : List.of(worker, community, admin)) {
            List<Long> want = expected(viewer, "/", from);
            assertThat(want).containsAll(created);
            for (int size : List.of(1, 7, 40, 500)) {
                List<Long> got = all(viewer, from, null, size);
                assertThat(got).as(viewer.getUsername() + " size " + size).doesNotHaveDuplicates().isEqualTo(want);
            }
        }
        // the grid filter narrows the community's pages to the micro-grid, and the worker's to theirs
        String micro = path(people.firstMicroGrid());
        assertThat(all(community, from, people.firstMicroGrid(), 6)).isEqualTo(expected(community, micro, from));
        assertThat(all(worker, from, people.firstMicroGrid(), 6)).isEqualTo(expected(worker, micro, from));
        // the total is exact below the bound
        page(admin, from, null, 5, null);
        mvc.perform(get("/api/demands").param("from", from.toString()).param("size", "5").with(user(admin)))
                .andExpect(jsonPath("$.total").value(expected(admin, "/", from).size()))
                .andExpect(jsonPath("$.totalCapped").value(false));
        // page numbers still work (the first 10,000 rows) and agree with the cursor pages
        List<Long> want = expected(community, "/", from);
        String second = mvc.perform(get("/api/demands").param("from", from.toString()).param("size", "7").param("page", "1")
                .with(user(community))).andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        List<Long> byNumber = new ArrayList<>();
        JSON.readTree(second).get("items").forEach(i -> byNumber.add(i.get("id").asLong()));
        assertThat(byNumber).isEqualTo(want.subList(7, 14));
    }

    @Test
    void aRareStateIsPagedAndCountedFromTheStateIndexLikeTheBruteForce() throws Exception {
        // issue 19: a filter of rare states only (here SUBMITTED, and SUBMITTED with ON_HOLD) reads the grid's demands in
        // those states by demand_status_time_ix instead of walking demand_reach; pages, order and totals stay the same
        GridworkUser worker = people.user("worker");
        GridworkUser community = people.user("community");
        Instant from = Instant.now().minusMillis(1);
        long building = building();
        List<Long> created = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            created.add(submit(building, worker, "状态分页测试 " + i));
        }
        for (int i = 0; i < 30; i += 3) {
            service.accept(created.get(i), io.gridwork.demand.Grade.MEDIUM, null, "已核实", worker);
        }
        Timestamp tie = jdbc.sql("select submitted_at from demand where id = ?").param(created.get(10)).query(Timestamp.class).single();
        List<Long> tied = created.subList(8, 14);
        jdbc.sql("update demand set submitted_at = :at where id in (:ids)").param("at", tie).param("ids", tied).update();
        jdbc.sql("update demand_reach set submitted_at = :at where demand_id in (:ids)").param("at", tie).param("ids", tied).update();
        for (GridworkUser viewer : List.of(worker, community)) {
            for (String states : List.of("SUBMITTED", "SUBMITTED,ON_HOLD")) {
                List<Long> want = new ArrayList<>(expected(viewer, "/", from));
                want.retainAll(jdbc.sql("select id from demand where status in (:s)").param("s", List.of(states.split(",")))
                        .query(Long.class).list());
                assertThat(want).hasSize(20);
                for (int size : List.of(1, 7, 50)) {
                    List<Long> got = new ArrayList<>();
                    String cursor = null;
                    for (int guard = 0; guard < 100; guard++) {
                        var request = get("/api/demands").param("from", from.toString()).param("status", states.split(","))
                                .param("size", String.valueOf(size)).with(user(viewer));
                        if (cursor != null) {
                            request.param("cursor", cursor);
                        }
                        JsonNode p = JSON.readTree(mvc.perform(request).andExpect(status().isOk()).andReturn().getResponse()
                                .getContentAsString(StandardCharsets.UTF_8));
                        p.get("items").forEach(i -> got.add(i.get("id").asLong()));
                        assertThat(p.get("total").asLong()).isEqualTo(want.size());
                        if (p.get("next") == null || p.get("next").isNull()) {
                            break;
                        }
                        cursor = p.get("next").asString();
                    }
                    assertThat(got).as(viewer.getUsername() + " " + states + " size " + size).isEqualTo(want);
                }
            }
        }
    }

    @Test
    void aListReadWhileDemandsArriveGoesOnWhereItWas() throws Exception {
        GridworkUser worker = people.user("worker");
        Instant from = Instant.now().minusMillis(1);
        long building = building();
        for (int i = 0; i < 12; i++) {
            submit(building, worker, "翻页时新增 " + i);
        }
        List<Long> before = expected(worker, "/", from);
        JsonNode first = page(worker, from, null, 5, null);
        List<Long> got = new ArrayList<>();
        first.get("items").forEach(i -> got.add(i.get("id").asLong()));
        // new demands arrive between the pages: they are newer than the cursor, so the next pages do not shift
        Set<Long> arrived = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            arrived.add(submit(building, worker, "翻页中新到 " + i));
        }
        String cursor = first.get("next").asString();
        while (cursor != null) {
            JsonNode p = page(worker, from, null, 5, cursor);
            p.get("items").forEach(i -> got.add(i.get("id").asLong()));
            cursor = p.get("next") == null || p.get("next").isNull() ? null : p.get("next").asString();
        }
        assertThat(got).doesNotHaveDuplicates().isEqualTo(before).doesNotContainAnyElementsOf(arrived);
        // a fresh first page shows them first
        List<Long> fresh = new ArrayList<>();
        page(worker, from, null, 4, null).get("items").forEach(i -> fresh.add(i.get("id").asLong()));
        assertThat(fresh).containsExactlyInAnyOrderElementsOf(arrived);
    }

    @Test
    void scopeHoldsOnEveryPageWhateverTheCursor() throws Exception {
        GridworkUser worker = people.user("worker");
        GridworkUser admin = people.user("admin");
        Instant from = Instant.now().minusMillis(1);
        long mine = submit(building(), worker, "我的网格");
        String jincheng = jdbc.sql("select path from grid_node where name = '锦城社区'").query(String.class).single();
        long elsewhere = jdbc.sql("""
                select min(b.id) from building b join grid_node g on g.id = b.compound_id where g.path like ?""")
                .param(jincheng + "%").query(Long.class).single();
        long theirs = submit(elsewhere, admin, "别的社区");
        long newest = submit(building(), worker, "我的网格 最新");
        assertThat(all(admin, from, null, 1)).containsExactly(newest, theirs, mine);
        // a cursor the admin's list gave, just before the other community's demand: the worker still sees only theirs
        String cursor = page(admin, from, null, 1, null).get("next").asString();
        JsonNode p = page(worker, from, null, 10, cursor);
        List<Long> ids = new ArrayList<>();
        p.get("items").forEach(i -> ids.add(i.get("id").asLong()));
        assertThat(ids).containsExactly(mine);
        assertThat(all(worker, from, null, 1)).containsExactly(newest, mine);
        // the community of 学府 never sees 锦城's, by page or by grid filter (a grid outside the scope lists nothing)
        GridworkUser community = people.user("community");
        assertThat(all(community, from, null, 2)).containsExactly(newest, mine);
        long jinchengId = jdbc.sql("select id from grid_node where name = '锦城社区'").query(Long.class).single();
        assertThat(all(community, from, jinchengId, 2)).isEmpty();
        // and a resident sees only what they reported
        GridworkUser resident = people.freshResident();
        assertThat(all(resident, from, null, 3)).isEmpty();
    }

    @Test
    void badCursorsAreRefusedWith400() throws Exception {
        GridworkUser worker = people.user("worker");
        Instant from = Instant.now().minusMillis(1);
        for (int i = 0; i < 3; i++) {
            submit(building(), worker, "游标测试 " + i);
        }
        String good = page(worker, from, null, 1, null).get("next").asString();
        String payload = new String(Base64.getUrlDecoder().decode(good.substring(0, good.indexOf('.'))), StandardCharsets.UTF_8);
        String[] parts = payload.split("\\|");
        String changed = Base64.getUrlEncoder().withoutPadding().encodeToString(
                (parts[0] + "|" + parts[1] + "|" + parts[2] + "|" + (Long.parseLong(parts[3]) + 1)).getBytes(StandardCharsets.UTF_8))
                + good.substring(good.indexOf('.'));
        String otherList = cursors.encode("digests", new ListCursor.Key(Instant.now(), 5));
        for (String bad : List.of("nonsense", "a.b", good + "x", changed, otherList, "%%%", "x".repeat(300))) {
            mvc.perform(get("/api/demands").param("cursor", bad).with(user(worker))).andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.code").value("invalid-cursor"));
        }
        mvc.perform(get("/demands").param("after", "nonsense").with(user(worker))).andExpect(status().isBadRequest())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("翻页位置无效")));
        mvc.perform(get("/api/demands").param("cursor", good).param("page", "1").with(user(worker)))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("invalid-page"));
        mvc.perform(get("/api/demands").param("page", "300").param("size", "50").with(user(worker)))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("invalid-page"));
        // the good one still works
        mvc.perform(get("/api/demands").param("cursor", good).param("from", from.toString()).with(user(worker)))
                .andExpect(status().isOk()).andExpect(jsonPath("$.items.length()").value(2));
    }

    @Test
    void theInboxPagesByCursorAndShowsABoundedTotal() throws Exception {
        GridworkUser worker = people.user("worker");
        long building = building();
        for (int i = 0; i < 3; i++) {
            submit(building, worker, "收件箱分页 " + i);
        }
        String micro = path(people.firstMicroGrid());
        long inScope = jdbc.sql("select count(*) from demand where grid_path like ?").param(micro + "%").query(Long.class).single();
        String first = mvc.perform(get("/demands").with(user(worker))).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        // written with the page's grouping (1,152) once the shared database holds a thousand demands in the grid
        assertThat(first).contains("共 " + java.text.NumberFormat.getIntegerInstance(java.util.Locale.SIMPLIFIED_CHINESE)
                .format(Math.min(inScope, DemandQueries.COUNT_CAP)) + " 条");
        if (inScope > 20) {
            assertThat(first).contains("rel=\"next\"").doesNotContain("page=");
            String next = first.substring(first.indexOf("after=") + "after=".length());
            next = next.substring(0, next.indexOf('"'));
            String second = mvc.perform(get("/demands").param("after", next).with(user(worker))).andExpect(status().isOk())
                    .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
            assertThat(second).contains("rel=\"first\"");
            Set<String> firstIds = ids(first);
            assertThat(ids(second)).isNotEmpty().doesNotContainAnyElementsOf(firstIds);
        }
    }

    private static Set<String> ids(String html) {
        Set<String> out = new HashSet<>();
        var m = java.util.regex.Pattern.compile("id=\"demand-(\\d+)\"").matcher(html);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    @Test
    void aCategoryOfAPeriodIsCountedFromItsRangeLikeTheBruteForce() {
        // issue 19: under a street or wider, a category of a bounded period is counted from the category's index in one
        // read (admin, street staff), narrower scopes from their grids' ranges (community staff); the totals agree
        GridworkUser worker = people.user("worker");
        Instant from = Instant.now().minusMillis(1);
        long building = building();
        for (int i = 0; i < 7; i++) {
            submit(building, worker, "类别计数测试 " + i);
        }
        Instant to = Instant.now().plusSeconds(60);
        List<Long> greenery = jdbc.sql("select id from demand where category_code = 'GREENERY'").query(Long.class).list();
        for (String who : List.of("admin", "street", "community")) {
            GridworkUser viewer = people.user(who);
            for (Long gridId : java.util.Arrays.asList(null, people.firstMicroGrid())) {
                var filter = new DemandQueries.Filter(null, "GREENERY", null, null, from, to, gridId, null, 0, 1);
                List<Long> want = new ArrayList<>(expected(viewer, gridId == null ? "/" : path(gridId), from));
                want.retainAll(greenery);
                assertThat(want).as(who).hasSizeGreaterThanOrEqualTo(7);
                assertThat(queries.count(filter, viewer, 10_000)).as(who + " " + gridId)
                        .isEqualTo(new DemandQueries.Count(want.size(), false));
                assertThat(queries.count(filter, viewer, 3)).isEqualTo(new DemandQueries.Count(3, true));
            }
        }
    }

    @Test
    void countsStopAtTheirBound() {
        GridworkUser worker = people.user("worker");
        Instant from = Instant.now().minusMillis(1);
        for (int i = 0; i < 6; i++) {
            submit(building(), worker, "计数上限 " + i);
        }
        var filter = new DemandQueries.Filter(null, null, null, null, from, null, null, null, 0, 20);
        assertThat(queries.count(filter, worker, 100)).isEqualTo(new DemandQueries.Count(6, false));
        assertThat(queries.count(filter, worker, 6)).isEqualTo(new DemandQueries.Count(6, false));
        assertThat(queries.count(filter, worker, 5)).isEqualTo(new DemandQueries.Count(5, true));
        assertThat(queries.count(filter, people.user("admin"), 3)).isEqualTo(new DemandQueries.Count(3, true));
    }

    @Test
    void theKeysetTableFollowsAGridThatMoves() {
        GridworkUser staff = people.user("community");
        GridNode community = grid.nodeByCode("510108001001").orElseThrow();
        GridNode compound = grid.create(community.id(), GridLevel.COMPOUND, "翻页小区" + UUID.randomUUID(), null, null);
        GridNode micro = grid.create(compound.id(), GridLevel.MICRO, "翻页微网格", null, null);
        long building = grid.createBuilding(compound.id(), micro.id(), "1", "1栋", 6, null, null);
        List<Long> ids = List.of(submit(building, staff, "移动前一"), submit(building, staff, "移动前二"));
        assertReachMatchesPaths(ids);
        GridNode other = grid.create(community.parentId(), GridLevel.COMMUNITY, "翻页社区" + UUID.randomUUID(), null, null);
        grid.move(compound.id(), other.id());
        assertReachMatchesPaths(ids);
        assertThat(jdbc.sql("select count(*) from demand_reach where grid_id = :grid and demand_id in (:ids)")
                .param("grid", community.id()).param("ids", ids).query(Long.class).single()).isZero();
        Instant from = Instant.now().minusSeconds(60);
        var filter = new DemandQueries.Filter(null, null, null, null, from, null, other.id(), null, 0, 20);
        assertThat(queries.slice(filter, null, people.user("admin")).items()).extracting(DemandQueries.Summary::id)
                .containsExactlyInAnyOrderElementsOf(ids);
    }

    private void assertReachMatchesPaths(List<Long> ids) {
        for (long id : ids) {
            String path = jdbc.sql("select grid_path from demand where id = ?").param(id).query(String.class).single();
            List<Long> want = java.util.Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).map(Long::valueOf).sorted().toList();
            assertThat(jdbc.sql("select grid_id from demand_reach where demand_id = ? order by grid_id").param(id).query(Long.class)
                    .list()).isEqualTo(want);
            assertThat(jdbc.sql("select count(*) from demand_reach r join demand d on d.id = r.demand_id"
                    + " where r.demand_id = ? and r.submitted_at <> d.submitted_at").param(id).query(Long.class).single()).isZero();
        }
    }
}
