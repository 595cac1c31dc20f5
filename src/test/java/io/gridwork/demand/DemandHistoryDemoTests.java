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

    @Test
    void theDemoRedBlackListScoresTheCompanyThatDisclosedOnTimeByItsFigures() {
        long street = jdbc.sql("select id from grid_node where name = '学府街道'").query(Long.class).single();
        long jingcheng = jdbc.sql("select id from grid_node where name = '学府憬城' and level = 'COMPOUND'").query(Long.class).single();
        record Row(int rank, String company, long resolveDue, long resolveOnTime, long ratings, long satisfied, int reportsDue,
                int reportsOnTime, Integer scoreOnTime, Integer scoreSatisfaction, Integer scoreDisclosure, Integer total,
                int year, int quarter) {
        }
        List<Row> rows = jdbc.sql("""
                select e.rank_no, e.company_name, e.resolve_due, e.resolve_on_time, e.ratings, e.satisfied, e.reports_due,
                       e.reports_on_time, e.score_on_time, e.score_satisfaction, e.score_disclosure, e.total, l.rank_year, l.quarter
                  from transparency_rank_entry e join transparency_rank_list l on l.id = e.list_id
                 where l.id = (select min(id) from transparency_rank_list where grid_id = ? and status = 'PUBLISHED')
                 order by e.rank_no, e.company_name""").param(street)
                .query((rs, i) -> new Row(rs.getInt(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6),
                        rs.getInt(7), rs.getInt(8), rs.getObject(9, Integer.class), rs.getObject(10, Integer.class),
                        rs.getObject(11, Integer.class), rs.getObject(12, Integer.class), rs.getInt(13), rs.getInt(14))).list();
        Row jingjing = rows.stream().filter(r -> r.company().equals("成都锦憬物业服务有限公司")).findFirst().orElseThrow();
        // both reports of the quarter were published within the deadline, so disclosure scores in full
        assertThat(jingjing.reportsDue()).isEqualTo(2);
        assertThat(jingjing.reportsOnTime()).isEqualTo(2);
        assertThat(jingjing.scoreDisclosure()).isEqualTo(10000);
        io.gridwork.transparency.internal.Quarter q = io.gridwork.transparency.internal.Quarter.of(jingjing.year(), jingjing.quarter());
        Instant deadline = q.last().plusDays(16).atStartOfDay(SHANGHAI).toInstant();
        for (java.sql.Timestamp at : jdbc.sql("""
                select published_at from transparency_report where compound_id = ? and report_year = ? and quarter = ?
                   and status = 'PUBLISHED'""").params(jingcheng, q.year(), q.quarter()).query(java.sql.Timestamp.class).list()) {
            assertThat(at.toInstant()).isAfter(q.end()).isBefore(deadline);
        }
        // the replayed demand history gives the on-time and satisfaction figures, and the scores are theirs
        assertThat(jingjing.resolveDue()).isPositive();
        assertThat(jingjing.ratings()).isPositive();
        assertThat(jingjing.scoreOnTime()).isEqualTo((int) Math.round(jingjing.resolveOnTime() * 10000.0 / jingjing.resolveDue()));
        assertThat(jingjing.scoreSatisfaction()).isEqualTo((int) Math.round(jingjing.satisfied() * 10000.0 / jingjing.ratings()));
        assertThat(jingjing.total()).isPositive();
        // the companies that disclosed nothing come after it, with a lower score
        assertThat(jingjing.rank()).isEqualTo(1);
        assertThat(rows).filteredOn(r -> r != jingjing).isNotEmpty()
                .allSatisfy(r -> assertThat(r.total() == null ? 0 : r.total()).isLessThan(jingjing.total()));
    }

    @Test
    void thisMonthLivesAcrossTheCompoundNotInOneMicroGrid() {
        LocalDate today = LocalDate.now(SHANGHAI);
        java.sql.Timestamp monthStart = java.sql.Timestamp.from(today.withDayOfMonth(1).atStartOfDay(SHANGHAI).toInstant());
        // demands of this month in many micro-grids of 学府憬城, entered by the compound's grid leader, some still open
        long microGrids = jdbc.sql("""
                select count(distinct micro_grid_id) from demand where submitted_at >= ?""").param(monthStart).query(Long.class).single();
        assertThat(microGrids).isGreaterThanOrEqualTo(8);
        List<String> states = jdbc.sql("select distinct status from demand where submitted_at >= ?").param(monthStart)
                .query(String.class).list();
        assertThat(states).contains("SUBMITTED", "DISPATCHED");
        // their steps went through the loop: each has its timeline from its submission on
        assertThat(jdbc.sql("""
                select count(*) from demand d where d.submitted_at >= ?
                   and not exists (select 1 from demand_event_log t where t.demand_id = d.id)""").param(monthStart)
                .query(Long.class).single()).isZero();
        // the month's household visits and information checks, in several micro-grids
        long visited = jdbc.sql("""
                select count(distinct b.micro_grid_id) from routine_entry e join routine_entry_household eh on eh.entry_id = e.id
                  join household h on h.id = eh.household_id join unit u on u.id = h.unit_id join building b on b.id = u.building_id
                 where e.worked_on >= ? and e.kind = 'HOUSEHOLD_VISIT'""").param(java.sql.Date.valueOf(today.withDayOfMonth(1)))
                .query(Long.class).single();
        assertThat(visited).isGreaterThanOrEqualTo(8);
    }
}
