package io.gridwork.demand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import io.gridwork.shared.security.GridworkUser;
import io.gridwork.support.GridworkTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The living demo: a year of demands replayed through the loop's own commands at their times, so that every state,
 * the supervision board and the measures have something true to show (issue 18). A database of its own, since the
 * shared test database's demo has no history.
 */
@GridworkTest
@TestPropertySource(properties = {
    "spring.datasource.url=jdbc:h2:mem:demand-history;DB_CLOSE_DELAY=-1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH",
    "spring.datasource.username=sa", "spring.datasource.password=",
    "gridwork.demo.history=true"})
class DemandHistoryDemoTests {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @Autowired
    JdbcClient jdbc;
    @Autowired
    MockMvc mvc;
    @Autowired
    UserDetailsService users;

    @Test
    void aYearOfDemandsInEveryStateRecordedByTheLoopAtTheirTimes() throws Exception {
        long total = jdbc.sql("select count(*) from demand").query(Long.class).single();
        assertThat(total).isGreaterThan(400);
        Instant oldest = jdbc.sql("select min(submitted_at) from demand").query(java.sql.Timestamp.class).single().toInstant();
        assertThat(oldest).isBefore(Instant.now().minus(360, ChronoUnit.DAYS));

        List<String> states = jdbc.sql("select distinct status from demand").query(String.class).list();
        assertThat(states).contains("SUBMITTED", "DISPATCHED", "IN_PROGRESS", "ON_HOLD", "CLOSED", "RATED", "REJECTED");

        // each demand's reference number carries the day it was reported, and its steps follow one another in time
        List<String[]> refs = jdbc.sql("select ref_no, submitted_at from demand order by id").query((rs, i) -> new String[] {
                rs.getString(1), LocalDate.ofInstant(rs.getTimestamp(2).toInstant(), SHANGHAI).format(DateTimeFormatter.ofPattern("yyMMdd"))})
                .list();
        assertThat(refs).allSatisfy(r -> assertThat(r[0]).startsWith("GW" + r[1]));
        long outOfOrder = jdbc.sql("""
                select count(*) from demand_event_log a join demand_event_log b on b.demand_id = a.demand_id and b.id > a.id
                 where b.at < a.at""").query(Long.class).single();
        assertThat(outOfOrder).as("steps recorded earlier than the one before them").isZero();
        long beforeSubmission = jdbc.sql("""
                select count(*) from demand_event_log t join demand d on d.id = t.demand_id where t.at < d.submitted_at""")
                .query(Long.class).single();
        assertThat(beforeSubmission).isZero();

        // the supervision board has yellow or red demands today, and the measures of the year have figures
        GridworkUser community = (GridworkUser) users.loadUserByUsername("community");
        JsonNode board = JsonMapper.builder().build().readTree(mvc.perform(get("/api/supervision").with(user(community)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        assertThat(board.path("yellow").asInt() + board.path("red").asInt()).isPositive();
        long rated = jdbc.sql("select count(*) from demand where rating is not null").query(Long.class).single();
        assertThat(rated).isGreaterThan(100);

        // the demo's devices have reported: each was seen, and the e-bikes in the lift are one demand counted twice
        assertThat(jdbc.sql("select count(*) from iot_device where last_seen_at is null").query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select count(*) from demand where channel = 'DEVICE' and category_code = 'EBIKE_IN_LIFT'")
                .query(Long.class).single()).isOne();
    }
}
