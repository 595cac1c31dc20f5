package io.gridwork.demand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

import io.gridwork.access.AccountApi;
import io.gridwork.demand.internal.DemandQueries;
import io.gridwork.demand.internal.DemandService;
import io.gridwork.demand.internal.DemandService.Submission;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.security.Role;
import io.gridwork.support.GridworkTest;
import io.gridwork.support.TestPeople;

/**
 * The service team (police, doctors, lawyers, social workers) and departments: each sees what is
 * dispatched to its party within its grids and acts on its own assignments, not on another party's.
 */
@GridworkTest
class ServiceTeamHandlerTests {

    @Autowired
    DemandService service;
    @Autowired
    DemandQueries queries;
    @Autowired
    TestPeople testPeople;
    @Autowired
    AccountApi accounts;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MockMvc mvc;

    /** A demand in 学府憬城 accepted (at the grade) and dispatched to the parties. */
    private long dispatched(String text, Grade grade, Party... parties) {
        GridworkUser worker = testPeople.user("worker");
        long id = service.submit(new Submission("PUBLIC_ORDER", text + " " + UUID.randomUUID(), null, null, null, null, null,
                "小区东门", null, false, null, null, null), testPeople.freshResident(), null).id();
        service.accept(id, grade, null, null, worker);
        service.dispatch(id, Set.of(parties), null, worker);
        return id;
    }

    private long assignment(long demand, Party party) {
        return jdbc.sql("select id from demand_assignment where demand_id = ? and party = ?").params(demand, party.name())
                .query(Long.class).single();
    }

    private String demandStatus(long demand) {
        return jdbc.sql("select status from demand where id = ?").param(demand).query(String.class).single();
    }

    private String assignmentStatus(long assignment) {
        return jdbc.sql("select status from demand_assignment where id = ?").param(assignment).query(String.class).single();
    }

    private List<Long> inbox(GridworkUser user) {
        return queries.list(new DemandQueries.Filter(null, null, null, null, null, null, null, null, 0, 500), user).stream()
                .map(DemandQueries.Summary::id).toList();
    }

    @Test
    void thePoliceSeeOnlyWhatIsDispatchedToThePoliceAndCompleteIt() throws Exception {
        long ours = dispatched("楼道里有陌生人撬门", Grade.MEDIUM, Party.POLICE);
        long propertys = dispatched("门禁坏了", Grade.MEDIUM, Party.PROPERTY);
        GridworkUser police = testPeople.user("police");

        assertThat(inbox(police)).contains(ours).doesNotContain(propertys);
        mvc.perform(get("/api/demands").with(user(police))).andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("\"id\":" + ours)));
        mvc.perform(get("/api/demands/" + propertys).with(user(police))).andExpect(status().isNotFound());
        mvc.perform(get("/demands").with(user(police))).andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("demand-" + ours)))
                .andExpect(content().string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("demand-" + propertys + "\""))));
        mvc.perform(get("/api/demands/" + ours + "/photos").with(user(police))).andExpect(status().isOk());

        long task = assignment(ours, Party.POLICE);
        mvc.perform(post("/api/demands/" + ours + "/assignments/" + task + "/start").with(user(police)).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content("{\"note\":\"民警已到场\"}")).andExpect(status().is2xxSuccessful());
        assertThat(demandStatus(ours)).isEqualTo("IN_PROGRESS");
        mvc.perform(post("/api/demands/" + ours + "/assignments/" + task + "/complete").with(user(police)).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content("{\"note\":\"已调解并登记\"}")).andExpect(status().is2xxSuccessful());
        assertThat(demandStatus(ours)).isEqualTo("RESOLVED");
        assertThat(assignmentStatus(task)).isEqualTo("DONE");
    }

    @Test
    void aHandlerCannotActOnAnotherPartysAssignment() throws Exception {
        long id = dispatched("深夜施工噪音并有人受伤", Grade.MEDIUM, Party.POLICE, Party.DOCTOR, Party.PROPERTY);
        long policeTask = assignment(id, Party.POLICE);
        long doctorTask = assignment(id, Party.DOCTOR);
        long propertyTask = assignment(id, Party.PROPERTY);

        mvc.perform(post("/api/demands/" + id + "/assignments/" + propertyTask + "/start").with(user(testPeople.user("police")))
                .with(csrf()).contentType(MediaType.APPLICATION_JSON).content("{}")).andExpect(status().isForbidden());
        mvc.perform(post("/api/demands/" + id + "/assignments/" + policeTask + "/complete").with(user(testPeople.user("doctor")))
                .with(csrf()).contentType(MediaType.APPLICATION_JSON).content("{}")).andExpect(status().isForbidden());
        // property staff cannot act for the police either
        mvc.perform(post("/api/demands/" + id + "/assignments/" + policeTask + "/start").with(user(testPeople.user("property")))
                .with(csrf()).contentType(MediaType.APPLICATION_JSON).content("{}")).andExpect(status().isForbidden());
        assertThat(assignmentStatus(propertyTask)).isEqualTo("OPEN");
        assertThat(assignmentStatus(policeTask)).isEqualTo("OPEN");
        assertThat(demandStatus(id)).isEqualTo("DISPATCHED");

        // the doctor completes the doctor's part; the demand stays open for the others
        service.completeAssignment(id, doctorTask, "已上门处理伤口", testPeople.user("doctor"));
        assertThat(assignmentStatus(doctorTask)).isEqualTo("DONE");
        assertThat(demandStatus(id)).isNotEqualTo("RESOLVED");
    }

    @Test
    void gridStaffStillActForTheServiceTeamWhereItHasNoAccount() {
        long id = dispatched("需要法律咨询：物业合同纠纷", Grade.GENERAL, Party.LAWYER);
        long task = assignment(id, Party.LAWYER);
        service.startAssignment(id, task, "网格员代为联系律师", testPeople.user("worker"));
        assertThat(assignmentStatus(task)).isEqualTo("IN_PROGRESS");
        // the lawyer, whose party it is, completes it
        service.completeAssignment(id, task, "已提供法律意见", testPeople.user("lawyer"));
        assertThat(demandStatus(id)).isEqualTo("RESOLVED");
    }

    @Test
    void aHandlerOutsideTheDemandsGridNeitherSeesNorActs() throws Exception {
        // a police officer of 锦城社区 (another community of the street)
        long jincheng = jdbc.sql("select id from grid_node where name = '锦城社区'").query(Long.class).single();
        String username = "police-" + UUID.randomUUID().toString().substring(0, 8);
        accounts.createAccount(username, "password-" + username, "锦城社区民警", null, Set.of(Role.POLICE), Set.of(),
                List.of(jincheng));
        GridworkUser other = testPeople.user(username);
        long id = dispatched("电动车被盗", Grade.MEDIUM, Party.POLICE);
        long task = assignment(id, Party.POLICE);

        assertThat(inbox(other)).doesNotContain(id);
        mvc.perform(get("/api/demands/" + id).with(user(other))).andExpect(status().isNotFound());
        mvc.perform(post("/api/demands/" + id + "/assignments/" + task + "/start").with(user(other)).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content("{}")).andExpect(status().isForbidden());
        mvc.perform(post("/api/demands/" + id + "/hold").with(user(other)).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content("{\"reason\":\"等待\"}")).andExpect(status().isForbidden());
        assertThat(assignmentStatus(task)).isEqualTo("OPEN");
        // the social worker of 学府憬城 sees neither: it is not dispatched to social workers
        assertThat(inbox(testPeople.user("social"))).doesNotContain(id);
    }

    @Test
    void theServiceTeamPlansHoldsAndResumesItsDifficultDemands() throws Exception {
        long id = dispatched("独居老人长期无人照料", Grade.DIFFICULT, Party.SOCIAL_WORKER, Party.DEPARTMENT);
        GridworkUser social = testPeople.user("social");
        GridworkUser department = testPeople.user("department");
        assertThat(inbox(social)).contains(id);
        assertThat(inbox(department)).contains(id);

        Instant deadline = Instant.now().plus(5, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MINUTES);
        mvc.perform(post("/api/demands/" + id + "/plan").with(user(social)).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"measures\":\"社工每周两次上门，联系民政申请照护\",\"deadline\":\"" + deadline + "\"}"))
                .andExpect(status().is2xxSuccessful());
        assertThat(jdbc.sql("select resolve_due_at from demand where id = ?").param(id).query(java.sql.Timestamp.class).single()
                .toInstant()).isEqualTo(deadline);
        mvc.perform(post("/api/demands/" + id + "/hold").with(user(department)).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content("{\"reason\":\"等待民政审批\"}")).andExpect(status().is2xxSuccessful());
        assertThat(demandStatus(id)).isEqualTo("ON_HOLD");
        mvc.perform(post("/api/demands/" + id + "/resume").with(user(department)).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content("{\"note\":\"审批已通过\"}")).andExpect(status().is2xxSuccessful());
        assertThat(demandStatus(id)).isNotEqualTo("ON_HOLD");

        // a role without a part in it (the doctor) may not hold it
        mvc.perform(post("/api/demands/" + id + "/hold").with(user(testPeople.user("doctor"))).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content("{\"reason\":\"x\"}")).andExpect(status().isForbidden());
    }

    @Test
    void theSupervisionBoardAndTimeLimitsCoverTheServiceTeam() {
        long id = dispatched("有人在小区内聚众赌博", Grade.MEDIUM, Party.POLICE);
        // a day late: red on the board, under the police
        jdbc.sql("update demand set resolve_due_at = ?, resolve_yellow_at = ? where id = ?")
                .params(java.sql.Timestamp.from(Instant.now().minus(1, ChronoUnit.HOURS)),
                        java.sql.Timestamp.from(Instant.now().minus(2, ChronoUnit.HOURS)), id).update();
        var board = queries.board(testPeople.user("community"));
        assertThat(board.byParty().get(Party.POLICE)).extracting(DemandQueries.Summary::id).contains(id);
        service.supervise(id, "请民警今日内处理", testPeople.user("community"));
        assertThat(jdbc.sql("select supervised_count from demand where id = ?").param(id).query(Integer.class).single())
                .isEqualTo(1);
    }
}
