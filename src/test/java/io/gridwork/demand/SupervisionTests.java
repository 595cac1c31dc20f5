package io.gridwork.demand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import org.springframework.test.util.ReflectionTestUtils;
import org.springframework.test.web.servlet.MockMvc;

import io.gridwork.demand.internal.DemandQueries;
import io.gridwork.demand.internal.DemandService;
import io.gridwork.demand.internal.DemandService.Submission;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.support.GridworkTest;
import io.gridwork.support.TestPeople;

@GridworkTest
@RecordApplicationEvents
class SupervisionTests {

    @Autowired
    DemandService service;
    @Autowired
    DemandQueries queries;
    @Autowired
    TestPeople testPeople;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MockMvc mvc;
    @Autowired
    ApplicationEvents events;
    @Autowired
    org.springframework.context.ApplicationContext context;

    /** A medium demand accepted and dispatched to the property company, then moved back in time by {@code hours}. */
    private long overdueBy(int hours) {
        GridworkUser resident = testPeople.freshResident();
        GridworkUser worker = testPeople.user("worker");
        long id = service.submit(new Submission("FACILITIES", "健身器材损坏", null, null, null, null, null, null, null, null,
                null, null, null), resident, null).id();
        service.accept(id, Grade.MEDIUM, null, null, worker);
        service.dispatch(id, Set.of(Party.PROPERTY), null, worker);
        Instant shift = Instant.now().minus(24 + hours, ChronoUnit.HOURS);
        // accepted as MEDIUM, the response is done: the resolution's yellow deadline is the next, then its red one
        assertThat(jdbc.sql("select next_due_kind from demand where id = ?").param(id).query(String.class).single())
                .isEqualTo("RESOLVE_YELLOW");
        jdbc.sql("""
                update demand set submitted_at = ?, resolve_yellow_at = ?, resolve_due_at = ?, respond_yellow_at = ?, respond_due_at = ?,
                       next_due_at = ?, escalate_at = ?
                 where id = ?""")
                .params(Timestamp.from(shift), Timestamp.from(shift.plus(1152, ChronoUnit.MINUTES)),
                        Timestamp.from(shift.plus(24, ChronoUnit.HOURS)), Timestamp.from(shift.plus(192, ChronoUnit.MINUTES)),
                        Timestamp.from(shift.plus(4, ChronoUnit.HOURS)), Timestamp.from(shift.plus(1152, ChronoUnit.MINUTES)),
                        Timestamp.from(shift.plus(48, ChronoUnit.HOURS)), id)
                .update();
        // the list index carries the submission time too (issue 19)
        jdbc.sql("update demand_reach set submitted_at = ? where demand_id = ?").params(Timestamp.from(shift), id).update();
        return id;
    }

    private int fireDue() {
        Object deadlines = context.getBean("deadlines");
        return (Integer) ReflectionTestUtils.invokeMethod(deadlines, "fireDue");
    }

    @Test
    void eachDeadlineFiresOnceEvenWhenScannersRace() throws Exception {
        long id = overdueBy(1);
        var pool = Executors.newFixedThreadPool(4);
        List<Future<Integer>> runs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            runs.add(pool.submit((Callable<Integer>) this::fireDue));
        }
        for (Future<Integer> r : runs) {
            r.get();
        }
        pool.shutdown();
        assertThat(jdbc.sql("select count(*) from demand_event_log where demand_id = ? and action in ('DUE_SOON', 'OVERDUE')")
                .param(id).query(Long.class).single()).isEqualTo(2);
        assertThat(jdbc.sql("select count(*) from demand where id = ? and next_due_at is null and next_due_kind is null").param(id)
                .query(Long.class).single()).as("no deadline is left once both fired").isEqualTo(1);
        assertThat(events.stream(DemandEvents.DeadlineReached.class).filter(e -> e.audience().demandId() == id))
                .extracting(DemandEvents.DeadlineReached::colour).containsExactlyInAnyOrder("YELLOW", "RED");
        assertThat(queries.view(id, testPeople.user("admin")).colour()).isEqualTo(DemandView.Colour.RED);
    }

    @Test
    void theBoardListsRedDemandsByPartyAndSupervisionIsRecorded() throws Exception {
        long id = overdueBy(2);
        String ref = queries.view(id, testPeople.user("admin")).refNo();
        mvc.perform(get("/api/supervision").with(user(testPeople.user("community"))))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.byParty.PROPERTY[?(@.refNo == '" + ref + "')].colour").value(org.hamcrest.Matchers.contains("RED")));
        mvc.perform(post("/api/demands/" + id + "/supervise").with(csrf()).with(user(testPeople.user("community")))
                .contentType("application/json").content("{\"note\":\"请物业今日内处理\"}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.supervisedCount").value(1));
        assertThat(events.stream(DemandEvents.DemandSupervised.class).filter(e -> e.audience().demandId() == id)).hasSize(1);
        mvc.perform(post("/api/demands/" + id + "/supervise").with(csrf()).with(user(testPeople.user("worker")))
                .contentType("application/json").content("{}")).andExpect(status().isForbidden());
    }

    @Test
    void closedDemandsLeftUnratedGetOneReminder() {
        GridworkUser resident = testPeople.freshResident();
        long id = service.submit(new Submission("GREENERY", "草坪枯死", null, null, null, null, null, null, null, null, null,
                null, null), resident, null).id();
        service.resolveOnSpot(id, "已补种", testPeople.user("worker"));
        service.confirm(id, null, resident);
        jdbc.sql("update demand set closed_at = ? where id = ?").params(Timestamp.from(Instant.now().minus(25, ChronoUnit.HOURS)), id).update();
        Object deadlines = context.getBean("deadlines");
        ReflectionTestUtils.invokeMethod(deadlines, "remindUnrated");
        ReflectionTestUtils.invokeMethod(deadlines, "remindUnrated");
        assertThat(events.stream(DemandEvents.RatingReminder.class).filter(e -> e.audience().demandId() == id)).hasSize(1);
    }

    @Test
    void aDemandRedTooLongEscalatesToTheNextGridLevel() {
        long id = overdueBy(30);
        fireDue();
        var d = queries.view(id, testPeople.user("admin"));
        assertThat(d.escalationLevel()).isEqualTo(1);
        long compound = jdbc.sql("select id from grid_node where name = '学府憬城'").query(Long.class).single();
        assertThat(jdbc.sql("select escalated_grid_id from demand where id = ?").param(id).query(Long.class).single()).isEqualTo(compound);
        assertThat(events.stream(DemandEvents.DemandEscalated.class).filter(e -> e.audience().demandId() == id && e.toGridId() == compound))
                .hasSize(1);
        assertThat(jdbc.sql("select escalate_at from demand where id = ?").param(id).query(Timestamp.class).single())
                .as("the next level is scheduled").isAfter(Timestamp.from(Instant.now()));
    }
}
