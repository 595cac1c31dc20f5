package io.gridwork.campaign;

import static io.gridwork.support.SignedIn.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import io.gridwork.campaign.internal.CampaignVisits;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.support.GridworkTest;
import io.gridwork.support.TestPeople;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The batch endpoint of visits: per-visit outcomes, resends counted once, counters equal to a count, concurrency. */
@GridworkTest
@RecordApplicationEvents
class CampaignBatchTests {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    MockMvc mvc;
    @Autowired
    UserDetailsService users;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TestPeople people;
    @Autowired
    ApplicationEvents events;
    @Autowired
    CampaignVisits visits;
    @Autowired
    org.springframework.transaction.PlatformTransactionManager transactions;

    long gridId(String name) {
        return jdbc.sql("select id from grid_node where name = ?").param(name).query(Long.class).single();
    }

    List<Long> householdsOf(String microGrid) {
        return jdbc.sql("""
                select h.id from household h join unit u on u.id = h.unit_id join building b on b.id = u.building_id
                 where b.micro_grid_id = ? order by h.id""").param(gridId(microGrid)).query(Long.class).list();
    }

    ResultActions send(String url, RequestPostProcessor who, Object body) throws Exception {
        return mvc.perform(post(url).with(who).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                .content(JSON.writeValueAsString(body)));
    }

    JsonNode json(ResultActions r) throws Exception {
        return JSON.readTree(r.andReturn().getResponse().getContentAsString());
    }

    /** A gas-safety emergency over the given micro-grids, dispatched at once by the community secretary. */
    long emergency(String... microGrids) throws Exception {
        var body = Map.of("title", "批量走访 " + UUID.randomUUID(), "kind", "EMERGENCY",
                "gridIds", java.util.Arrays.stream(microGrids).map(this::gridId).toList(), "template", "gas-safety", "dispatch", true);
        return json(send("/api/campaigns", as(users, "community"), body).andExpect(status().isCreated())).get("id").asLong();
    }

    static Map<String, Object> visit(String clientId, long household, String outcome, Map<String, Object> answers) {
        var m = new HashMap<String, Object>();
        m.put("clientId", clientId);
        m.put("householdId", household);
        m.put("outcome", outcome);
        if (answers != null) {
            m.put("answers", answers);
        }
        return m;
    }

    static String id() {
        return UUID.randomUUID().toString();
    }

    static Map<String, Object> safe() {
        return Map.of("hose_over_two_years", false, "valve", "正常", "alarm", true);
    }

    /** The counters of every micro-grid of the campaign equal a count of its households' outcomes. */
    void countersEqualACount(long campaign) {
        record Row(long grid, long done, long notHome, long refused, long vacant, long hazards) {
        }
        List<Row> counters = jdbc.sql("""
                select grid_id, done, not_home, refused, vacant, hazards from campaign_coverage where campaign_id = ? order by grid_id""")
                .param(campaign).query((rs, n) -> new Row(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4),
                        rs.getLong(5), rs.getLong(6))).list();
        List<Row> counted = jdbc.sql("""
                select c.grid_id,
                       (select count(*) from campaign_household h where h.campaign_id = c.campaign_id and h.grid_id = c.grid_id and h.outcome = 'DONE'),
                       (select count(*) from campaign_household h where h.campaign_id = c.campaign_id and h.grid_id = c.grid_id and h.outcome = 'NOT_HOME'),
                       (select count(*) from campaign_household h where h.campaign_id = c.campaign_id and h.grid_id = c.grid_id and h.outcome = 'REFUSED'),
                       (select count(*) from campaign_household h where h.campaign_id = c.campaign_id and h.grid_id = c.grid_id and h.outcome = 'VACANT'),
                       (select coalesce(sum(h.hazards), 0) from campaign_household h where h.campaign_id = c.campaign_id and h.grid_id = c.grid_id)
                  from campaign_coverage c where c.campaign_id = ? order by c.grid_id""")
                .param(campaign).query((rs, n) -> new Row(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4),
                        rs.getLong(5), rs.getLong(6))).list();
        assertThat(counters).isEqualTo(counted);
    }

    long visitsTo(long campaign, long household) {
        return jdbc.sql("select count(*) from campaign_visit where campaign_id = ? and household_id = ?").params(campaign, household)
                .query(Long.class).single();
    }

    @Test
    void aBatchAnswersEachVisitAndRefusedVisitsWriteNothing() throws Exception {
        long id = emergency("学府憬城第1微网格", "学府憬城第2微网格");
        List<Long> mine = householdsOf("学府憬城第1微网格");
        long notMine = householdsOf("学府憬城第2微网格").get(0);
        long outside = householdsOf("学府憬城第3微网格").get(0);
        String url = "/api/campaigns/" + id + "/visits/batch";
        var worker = as(users, "worker");
        // recorded before, one visit at a time
        var earlier = visit(id(), mine.get(0), "DONE", safe());
        send("/api/campaigns/" + id + "/visits", worker, earlier).andExpect(status().isCreated());

        String twice = id();
        var noClient = visit(null, mine.get(6), "VACANT", null);
        var older = visit(id(), mine.get(5), "REFUSED", null);
        older.put("visitedAt", Instant.now().minusSeconds(600).toString());
        var newer = visit(id(), mine.get(5), "DONE", safe());
        newer.put("visitedAt", Instant.now().minusSeconds(60).toString());
        List<Map<String, Object>> batch = List.of(
                visit(id(), mine.get(1), "DONE", safe()),                                                   // 0 created
                earlier,                                                                                    // 1 duplicate (across batches)
                visit(twice, mine.get(2), "NOT_HOME", null),                                                // 2 created
                visit(twice, mine.get(2), "NOT_HOME", null),                                                // 3 duplicate (in the batch)
                visit(id(), outside, "DONE", safe()),                                                       // 4 not in the campaign
                visit(id(), notMine, "VACANT", null),                                                       // 5 outside the worker's grids: alike
                visit(id(), mine.get(3), "DONE", Map.of("hose_over_two_years", "no", "valve", "正常", "alarm", true)), // 6 bad answer
                visit(id(), mine.get(4), "DONE", Map.of("hose_over_two_years", true, "valve", "漏气", "alarm", true)), // 7 created, 2 hazards
                noClient,                                                                                   // 8 no client id
                newer,                                                                                      // 9 created, wins
                older,                                                                                      // 10 created, older
                visit(id(), mine.get(7), "MAYBE", null),                                                    // 11 bad outcome
                visit(twice, mine.get(8), "VACANT", null));                                                 // 12 client id reused
        JsonNode r = json(send(url, worker, Map.of("visits", batch)).andExpect(status().isOk()));
        List<String> statuses = new ArrayList<>();
        List<String> codes = new ArrayList<>();
        r.get("results").forEach(item -> {
            statuses.add(item.get("status").asString());
            codes.add(item.get("problem").isNull() ? null : item.get("problem").get("code").asString());
        });
        assertThat(statuses).containsExactly("CREATED", "DUPLICATE", "CREATED", "DUPLICATE", "REFUSED", "REFUSED", "REFUSED",
                "CREATED", "REFUSED", "CREATED", "CREATED", "REFUSED", "REFUSED");
        assertThat(codes).containsExactly(null, null, null, null, "household-not-in-campaign", "household-not-in-campaign",
                "answer-wrong-type",
                null, "client-id-required", null, null, "invalid-outcome", "client-id-reused");
        assertThat(r.get("results").get(4).get("problem").get("status").asInt()).isEqualTo(422);
        assertThat(r.get("results").get(5).get("problem").get("status").asInt()).isEqualTo(422);
        assertThat(r.get("results").get(6).get("problem").get("details").get("field").asString()).isNotEmpty();
        assertThat(r.get("created").asInt()).isEqualTo(5);
        assertThat(r.get("duplicates").asInt()).isEqualTo(2);
        assertThat(r.get("refused").asInt()).isEqualTo(6);
        assertThat(r.get("results").get(3).get("visit").get("id").asLong()).isEqualTo(r.get("results").get(2).get("visit").get("id").asLong());

        // refused visits left nothing; each duplicate counts once; the latest visit of a household wins
        assertThat(visitsTo(id, outside) + visitsTo(id, notMine) + visitsTo(id, mine.get(3)) + visitsTo(id, mine.get(6))
                + visitsTo(id, mine.get(7)) + visitsTo(id, mine.get(8))).isZero();
        assertThat(visitsTo(id, mine.get(0))).isOne();
        assertThat(visitsTo(id, mine.get(2))).isOne();
        assertThat(visitsTo(id, mine.get(5))).isEqualTo(2);
        assertThat(jdbc.sql("select outcome from campaign_household where campaign_id = ? and household_id = ?")
                .params(id, mine.get(5)).query(String.class).single()).isEqualTo("DONE");
        assertThat(events.stream(CampaignEvents.HazardFound.class).filter(e -> e.campaignId() == id).count()).isEqualTo(2);
        countersEqualACount(id);
        JsonNode counts = json(mvc.perform(get("/api/campaigns/" + id + "/coverage").param("gridId",
                String.valueOf(gridId("学府憬城第1微网格"))).with(as(users, "community"))).andExpect(status().isOk()))
                .get("grid").get("counts");
        assertThat(counts.get("done").asInt()).isEqualTo(4);
        assertThat(counts.get("notHome").asInt()).isOne();
        assertThat(counts.get("hazards").asInt()).isEqualTo(2);

        // the whole batch again (a phone that did not hear the answer): nothing new, nothing counted twice
        JsonNode again = json(send(url, worker, Map.of("visits", batch)).andExpect(status().isOk()));
        assertThat(again.get("created").asInt()).isZero();
        assertThat(again.get("duplicates").asInt()).isEqualTo(7);
        assertThat(again.get("results").get(9).get("visit").get("id").asLong())
                .isEqualTo(r.get("results").get(9).get("visit").get("id").asLong());
        assertThat(events.stream(CampaignEvents.HazardFound.class).filter(e -> e.campaignId() == id).count()).isEqualTo(2);
        countersEqualACount(id);
        assertThat(jdbc.sql("select count(*) from campaign_visit where campaign_id = ?").param(id).query(Long.class).single())
                .isEqualTo(6);
    }

    /**
     * On PostgreSQL a batch's statements are planned with their parameters, in its own transaction only (issue 17):
     * with the plans the driver's prepared statements cache per connection, a campaign begun on a small
     * {@code campaign_visit} kept looking its client ids up by reading every visit of the table once it had grown.
     */
    @Test
    void onPostgresABatchPlansItsStatementsWithTheirParameters() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue("postgres".equals(io.gridwork.support.TestDatabaseProfiles.database()),
                "plan_cache_mode is PostgreSQL's (-Dgridwork.test.db=postgres)");
        long id = emergency("学府憬城第1微网格");
        long household = householdsOf("学府憬城第1微网格").get(0);
        GridworkUser worker = people.user("worker");
        String inBatch = new org.springframework.transaction.support.TransactionTemplate(transactions).execute(s -> {
            s.setRollbackOnly();
            var r = visits.recordBatch(id, List.of(new CampaignVisits.VisitRequest(id(), household, "NOT_HOME", null, null, null)),
                    worker);
            assertThat(r.created()).isOne();
            return jdbc.sql("select current_setting('plan_cache_mode')").query(String.class).single();
        });
        assertThat(inBatch).isEqualTo("force_custom_plan");
        assertThat(jdbc.sql("select current_setting('plan_cache_mode')").query(String.class).single()).isEqualTo("auto");
    }

    @Test
    void aBadBatchIsRefusedWhole() throws Exception {
        long id = emergency("学府憬城第1微网格");
        long household = householdsOf("学府憬城第1微网格").get(0);
        String url = "/api/campaigns/" + id + "/visits/batch";
        send(url, as(users, "worker"), Map.of()).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("visits-required"));
        send(url, as(users, "worker"), Map.of("visits", List.of())).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("visits-required"));
        List<Map<String, Object>> tooMany = new ArrayList<>();
        for (int i = 0; i <= CampaignVisits.MAX_BATCH; i++) {
            tooMany.add(visit(id(), household, "VACANT", null));
        }
        send(url, as(users, "worker"), Map.of("visits", tooMany)).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("batch-too-large"));
        send(url, as(users, "merchant"), Map.of("visits", List.of(visit(id(), household, "VACANT", null))))
                .andExpect(status().isNotFound());
        // a finished campaign refuses new visits one by one, and still absorbs resends
        var sent = visit(id(), household, "VACANT", null);
        send(url, as(users, "worker"), Map.of("visits", List.of(sent))).andExpect(status().isOk())
                .andExpect(jsonPath("$.results[0].status").value("CREATED"));
        send("/api/campaigns/" + id + "/finish", as(users, "community"), Map.of()).andExpect(status().isOk());
        send(url, as(users, "worker"), Map.of("visits", List.of(sent, visit(id(), household, "DONE", safe()))))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.results[0].status").value("DUPLICATE"))
                .andExpect(jsonPath("$.results[1].status").value("REFUSED"))
                .andExpect(jsonPath("$.results[1].problem.code").value("campaign-not-running"));
        assertThat(visitsTo(id, household)).isOne();
        countersEqualACount(id);
    }

    @Test
    void concurrentBatchesOverlappingTheSameHouseholdsCountOnce() throws Exception {
        long id = emergency("学府憬城第1微网格");
        List<Long> hh = householdsOf("学府憬城第1微网格").subList(0, 24);
        GridworkUser worker = people.user("worker");
        String[] outcomes = {"DONE", "NOT_HOME", "REFUSED", "VACANT"};
        int threads = 6;
        var pool = Executors.newFixedThreadPool(threads);
        try {
            var start = new CountDownLatch(1);
            List<Future<CampaignVisits.BatchResult>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int n = t;
                futures.add(pool.submit(() -> {
                    // every batch holds the same shared visits (one per household, as if resent by several
                    // phones) and visits of its own, in its own order
                    List<CampaignVisits.VisitRequest> batch = new ArrayList<>();
                    for (int i = 0; i < hh.size(); i++) {
                        batch.add(new CampaignVisits.VisitRequest("shared-" + id + "-" + i, hh.get(i), "VACANT", null, null,
                                Instant.now().minusSeconds(3600)));
                        if (i % 3 == n % 3) {
                            String o = outcomes[(i + n) % 4];
                            batch.add(new CampaignVisits.VisitRequest(id(), hh.get(i), o, o.equals("DONE") ? safe() : null, null,
                                    Instant.now().minusSeconds(100 - n)));
                        }
                    }
                    Collections.shuffle(batch, new Random(n));
                    start.await();
                    return visits.recordBatch(id, batch, worker);
                }));
            }
            start.countDown();
            int created = 0;
            for (var f : futures) {
                CampaignVisits.BatchResult r = f.get(60, TimeUnit.SECONDS);
                assertThat(r.refused()).isZero();
                created += r.created();
            }
            long rows = jdbc.sql("select count(*) from campaign_visit where campaign_id = ?").param(id).query(Long.class).single();
            assertThat(rows).isEqualTo(created);
            assertThat(jdbc.sql("select count(*) from campaign_visit where campaign_id = ? and client_id like 'shared-%'")
                    .param(id).query(Long.class).single()).isEqualTo(hh.size());
        } finally {
            pool.shutdown();
        }
        countersEqualACount(id);
        assertThat(jdbc.sql("select count(outcome) from campaign_household where campaign_id = ?").param(id).query(Long.class)
                .single()).isEqualTo(hh.size());
        // each household ends with its latest visit
        for (long h : hh) {
            Instant latest = jdbc.sql("select max(visited_at) from campaign_visit where campaign_id = ? and household_id = ?")
                    .params(id, h).query(java.sql.Timestamp.class).single().toInstant();
            Instant kept = jdbc.sql("select visited_at from campaign_household where campaign_id = ? and household_id = ?")
                    .params(id, h).query(java.sql.Timestamp.class).single().toInstant();
            assertThat(kept).isEqualTo(latest);
        }
    }
}
