package io.gridwork.people;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.MockMvc;

import io.gridwork.access.AccountApi;
import io.gridwork.campaign.CampaignApi;
import io.gridwork.campaign.internal.CampaignService;
import io.gridwork.demand.DemandApi;
import io.gridwork.demand.Grade;
import io.gridwork.demand.internal.DemandService;
import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridLevel;
import io.gridwork.grid.GridNode;
import io.gridwork.notify.GroupsApi;
import io.gridwork.people.internal.StaffRecruitment;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.security.Role;
import io.gridwork.shared.web.ProblemException;
import io.gridwork.support.GridworkTest;

/** Recruiting micro-grid staff (自荐、居民推荐、任命) and handing over when someone leaves (交接). */
@GridworkTest
class StaffRecruitmentTests {

    @Autowired MockMvc mvc;
    @Autowired JdbcClient jdbc;
    @Autowired GridApi grid;
    @Autowired PeopleApi people;
    @Autowired AccountApi accounts;
    @Autowired UserDetailsService users;
    @Autowired StaffRecruitment recruitment;
    @Autowired DemandService demandService;
    @Autowired DemandApi demandApi;
    @Autowired CampaignService campaignService;
    @Autowired CampaignApi campaignApi;
    @Autowired GroupsApi groups;

    /** A micro-grid of our own with one building of a few rooms, so counts and nominations start empty. */
    record World(GridNode micro, List<Long> households) {
    }

    private World world(String communityName) {
        String tag = UUID.randomUUID().toString().substring(0, 6);
        long community = jdbc.sql("select id from grid_node where name = ?").param(communityName).query(Long.class).single();
        long compound = jdbc.sql("select min(id) from grid_node where parent_id = ? and level = 'COMPOUND'").param(community)
                .query(Long.class).single();
        GridNode micro = grid.create(compound, GridLevel.MICRO, "选聘测试微网格" + tag, null, null);
        long building = grid.createBuilding(compound, micro.id(), "T" + tag, "测试楼" + tag, 6, null, null);
        long unit = grid.createUnit(building, "1");
        List<Long> households = List.of(grid.createHousehold(unit, "101", "OCCUPIED"),
                grid.createHousehold(unit, "102", "OCCUPIED"), grid.createHousehold(unit, "201", "OCCUPIED"));
        return new World(micro, households);
    }

    private long person(long household, String name) {
        long id = people.createPerson(new PeopleApi.NewPerson(name, null, null, null));
        people.addMember(household, id, "HEAD", LocalDate.now().minusYears(3));
        return id;
    }

    private GridworkUser account(long personId, String name, Role role) {
        String username = "st-" + UUID.randomUUID().toString().substring(0, 10);
        accounts.createAccount(username, "password-" + username, name, personId, Set.of(role), Set.of(), List.of());
        return load(username);
    }

    private GridworkUser load(String username) {
        return (GridworkUser) users.loadUserByUsername(username);
    }

    private static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 6);
    }

    private long count(String sql, Object... params) {
        return jdbc.sql(sql).params(params).query(Long.class).single();
    }

    // ---- nominating ---------------------------------------------------------------------------------

    @Test
    void residentNominatesThemselvesForTheirOwnMicroGridOnceAtATime() throws Exception {
        World w = world("学府社区");
        String name = unique("自荐人");
        GridworkUser resident = account(person(w.households().get(0), name), name, Role.RESIDENT);

        mvc.perform(get("/staff/nominate").with(user(resident))).andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString(w.micro().name())));
        mvc.perform(post("/staff/nominate").with(user(resident)).with(csrf()).param("microGridId", String.valueOf(w.micro().id()))
                .param("role", "MICRO_GRID_WORKER").param("statement", "退休教师，熟悉楼里每一户"))
                .andExpect(status().is3xxRedirection()).andExpect(flash().attribute("notice", "nominated"));
        assertThat(count("select count(*) from staff_nomination where micro_grid_id = ? and person_id = ? and kind = 'SELF' and status = 'OPEN'",
                w.micro().id(), resident.personId())).isEqualTo(1);

        // a second open nomination for the same position is refused, nothing added
        mvc.perform(post("/staff/nominate").with(user(resident)).with(csrf()).param("microGridId", String.valueOf(w.micro().id()))
                .param("role", "MICRO_GRID_WORKER").param("statement", "再报一次"))
                .andExpect(flash().attributeExists("error"));
        assertThatThrownBy(() -> recruitment.nominateSelf(w.micro().id(), StaffRole.MICRO_GRID_WORKER, "再报一次", resident))
                .isInstanceOf(ProblemException.class).extracting("code").isEqualTo("duplicate-nomination");
        assertThat(count("select count(*) from staff_nomination where person_id = ?", resident.personId())).isEqualTo(1);
        // the other position is a nomination of its own (a person may hold two roles)
        recruitment.nominateSelf(w.micro().id(), StaffRole.MICRO_GRID_LEADER, "也愿意担任网格长", resident);
        assertThat(count("select count(*) from staff_nomination where person_id = ?", resident.personId())).isEqualTo(2);
    }

    @Test
    void residentRecommendsANeighbourOfTheSameMicroGridByNameAndRoom() {
        World w = world("学府社区");
        String name = unique("推荐人");
        GridworkUser resident = account(person(w.households().get(0), name), name, Role.RESIDENT);
        String neighbour = unique("邻居");
        long neighbourId = person(w.households().get(1), neighbour);

        long id = recruitment.recommend(w.households().get(1), neighbour, StaffRole.MICRO_GRID_LEADER, "热心肠，调解过好几次纠纷", resident);

        var n = recruitment.requireNomination(id);
        assertThat(n.kind()).isEqualTo("RECOMMENDED");
        assertThat(n.personId()).isEqualTo(neighbourId);
        assertThat(n.nominatedByName()).isEqualTo(name);
        assertThat(n.open()).isTrue();
        // an unknown name is kept as written, to be matched by the community
        long loose = recruitment.recommend(w.households().get(2), "王阿姨", StaffRole.MICRO_GRID_WORKER, "每天在楼下", resident);
        assertThat(recruitment.requireNomination(loose).personId()).isNull();
        assertThatThrownBy(() -> recruitment.recommend(w.households().get(2), "王阿姨", StaffRole.MICRO_GRID_WORKER, "再推荐", resident))
                .extracting("code").isEqualTo("duplicate-nomination");
    }

    @Test
    void residentsCannotNominateOrRecommendOutsideTheirMicroGrid() throws Exception {
        World mine = world("学府社区");
        World other = world("学府社区");
        String name = unique("外网格");
        GridworkUser resident = account(person(mine.households().get(0), name), name, Role.RESIDENT);
        person(other.households().get(0), "张三");

        assertThatThrownBy(() -> recruitment.recommend(other.households().get(0), "张三", StaffRole.MICRO_GRID_WORKER, "认识他", resident))
                .extracting("code").isEqualTo("outside-micro-grid");
        mvc.perform(post("/staff/nominate").with(user(resident)).with(csrf()).param("microGridId", String.valueOf(other.micro().id()))
                .param("role", "MICRO_GRID_WORKER").param("statement", "我想去隔壁"))
                .andExpect(flash().attributeExists("error"));
        // bad input: no statement, a role a micro-grid does not recruit
        assertThatThrownBy(() -> recruitment.nominateSelf(null, StaffRole.MICRO_GRID_WORKER, " ", resident))
                .extracting("code").isEqualTo("statement-required");
        assertThatThrownBy(() -> recruitment.nominateSelf(null, StaffRole.COMMUNITY_SECRETARY, "我来当书记", resident))
                .extracting("code").isEqualTo("invalid-staff-role");
        assertThat(count("select count(*) from staff_nomination where micro_grid_id in (?, ?)", mine.micro().id(), other.micro().id()))
                .isZero();
    }

    // ---- deciding -----------------------------------------------------------------------------------

    @Test
    void communityAppointsForAPeriodWithANewAccountShownOnce() throws Exception {
        World w = world("学府社区");
        String name = unique("被推荐");
        long nominee = person(w.households().get(1), name);
        long id = recruitment.recommend(w.households().get(1), name, StaffRole.MICRO_GRID_WORKER, "年轻，会用手机", load("community"));
        LocalDate start = LocalDate.now().minusDays(1);
        LocalDate end = LocalDate.now().plusYears(3);

        String page = mvc.perform(post("/staff/nominations/" + id + "/appoint").with(user(load("community"))).with(csrf())
                .param("startDate", start.toString()).param("endDate", end.toString()).param("withAccount", "true"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();

        assertThat(recruitment.requireNomination(id).status()).isEqualTo("APPOINTED");
        var a = people.activeAssignmentsOf(nominee).getFirst();
        assertThat(a.role()).isEqualTo(StaffRole.MICRO_GRID_WORKER);
        assertThat(a.gridId()).isEqualTo(w.micro().id());
        assertThat(a.startDate()).isEqualTo(start);
        assertThat(a.endDate()).isEqualTo(end);
        String username = jdbc.sql("select username from account where person_id = ?").param(nominee).query(String.class).single();
        GridworkUser worker = load(username);
        assertThat(worker.roles()).containsExactly(Role.GRID_WORKER);
        assertThat(worker.covers(w.micro().path())).isTrue();
        assertThat(page).contains(username).contains("id=\"account-password\"");
        // the password is in no session and not repeated on the staff page
        String staffPage = mvc.perform(get("/staff/grids/" + w.micro().id()).with(user(load("community"))))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(staffPage).contains(name).doesNotContain("account-password");
    }

    @Test
    void appointingASelfNominatedResidentGivesTheirOwnAccountTheRole() {
        World w = world("学府社区");
        String name = unique("自荐网格长");
        GridworkUser resident = account(person(w.households().get(0), name), name, Role.RESIDENT);
        long id = recruitment.nominateSelf(null, StaffRole.MICRO_GRID_LEADER, "愿意为邻居服务", resident);

        var appointed = recruitment.appoint(id, LocalDate.now(), null, null, true, null, load("community"));

        assertThat(appointed.account().temporaryPassword()).isNull();
        assertThat(appointed.account().accountId()).isEqualTo(resident.accountId());
        GridworkUser after = load(resident.username());
        assertThat(after.roles()).contains(Role.RESIDENT, Role.GRID_LEADER);
        assertThat(after.covers(w.micro().path())).isTrue();
    }

    @Test
    void declineNeedsAReasonAndKeepsIt() {
        World w = world("学府社区");
        String name = unique("落选");
        GridworkUser resident = account(person(w.households().get(0), name), name, Role.RESIDENT);
        long id = recruitment.nominateSelf(null, StaffRole.MICRO_GRID_WORKER, "我有空", resident);

        assertThatThrownBy(() -> recruitment.decline(id, "", load("community"))).extracting("code").isEqualTo("reason-required");
        assertThat(recruitment.requireNomination(id).open()).isTrue();
        recruitment.decline(id, "本微网格网格员已满三名", load("community"));
        var n = recruitment.requireNomination(id);
        assertThat(n.status()).isEqualTo("DECLINED");
        assertThat(n.decisionReason()).isEqualTo("本微网格网格员已满三名");
        assertThat(recruitment.nominationsBy(resident)).extracting(StaffRecruitment.Nomination::status).containsExactly("DECLINED");
        assertThatThrownBy(() -> recruitment.appoint(id, LocalDate.now(), null, null, false, null, load("community")))
                .extracting("code").isEqualTo("nomination-decided");
        assertThat(people.activeAssignmentsOf(resident.personId())).isEmpty();
    }

    @Test
    void staffOutOfScopeOrBelowTheCommunityCannotDecideButCompoundLeadersComment() throws Exception {
        World elsewhere = world("锦城社区");
        String name = unique("锦城");
        long nominee = person(elsewhere.households().get(0), name);
        long id = recruitment.recommend(elsewhere.households().get(0), name, StaffRole.MICRO_GRID_WORKER, "热心", load("admin"));

        mvc.perform(post("/staff/nominations/" + id + "/appoint").with(user(load("community"))).with(csrf())
                .param("startDate", LocalDate.now().toString())).andExpect(status().isNotFound());
        mvc.perform(get("/staff/grids/" + elsewhere.micro().id()).with(user(load("community")))).andExpect(status().isNotFound());
        assertThat(recruitment.requireNomination(id).open()).isTrue();
        assertThat(people.activeAssignmentsOf(nominee)).isEmpty();

        World here = world("学府社区");
        long mine = recruitment.recommend(here.households().get(0), unique("憬城"), StaffRole.MICRO_GRID_WORKER, "热心", load("community"));
        // the compound leader may not appoint (only comment); a worker may do neither
        mvc.perform(post("/staff/nominations/" + mine + "/appoint").with(user(load("compound"))).with(csrf())
                .param("startDate", LocalDate.now().toString())).andExpect(status().isForbidden());
        mvc.perform(post("/staff/nominations/" + mine + "/comment").with(user(load("worker"))).with(csrf()).param("body", "同意"))
                .andExpect(status().isForbidden());
        recruitment.comment(mine, "此人在小区口碑很好，同意", load("compound"));
        assertThat(recruitment.requireNomination(mine).comments()).extracting(StaffRecruitment.Comment::body)
                .containsExactly("此人在小区口碑很好，同意");
    }

    // ---- hand-over ----------------------------------------------------------------------------------

    @Test
    void handOverMovesOpenDemandsCampaignVisitsAndGroupRolesToTheSuccessorAndKeepsHistory() throws Exception {
        World w = world("学府社区");
        GridworkUser community = load("community");
        String leavingName = unique("离任员");
        long leavingPerson = person(w.households().get(0), leavingName);
        long leavingAssignment = people.assign(leavingPerson, StaffRole.MICRO_GRID_WORKER, w.micro().id(), null, null,
                LocalDate.now().minusYears(1), null);
        GridworkUser leaving = account(leavingPerson, leavingName, Role.GRID_WORKER);
        String successorName = unique("接任员");
        long successorPerson = person(w.households().get(1), successorName);
        long successorAssignment = people.assign(successorPerson, StaffRole.MICRO_GRID_WORKER, w.micro().id(), null, null,
                LocalDate.now().minusMonths(2), null);
        GridworkUser successor = account(successorPerson, successorName, Role.GRID_WORKER);
        String residentName = unique("报事人");
        GridworkUser resident = account(person(w.households().get(2), residentName), residentName, Role.RESIDENT);

        // demands: one open in the leaving worker's charge, one they closed, one another staff member accepted
        long open = submit(resident, "楼道灯坏了");
        demandService.accept(open, Grade.GENERAL, null, null, leaving);
        long closed = submit(resident, "垃圾没清运");
        demandService.accept(closed, Grade.GENERAL, null, null, leaving);
        demandService.resolveOnSpot(closed, "已清运", leaving);
        demandService.verify(closed, "已核实", leaving);
        long others = submit(resident, "路灯不亮");
        demandService.accept(others, Grade.GENERAL, null, null, community);
        // campaigns: a running one (sent to them, and they volunteer), a finished one
        long running = campaignService.create(new CampaignService.NewCampaign(unique("交接测试排查"), "INSPECTION",
                List.of(w.micro().id()), null, null, "gas-safety", null, null, null, true), community, Locale.SIMPLIFIED_CHINESE).id();
        campaignService.addVolunteer(running, leaving.username(), w.micro().id(), community);
        long finished = campaignService.create(new CampaignService.NewCampaign(unique("已结束排查"), "INSPECTION",
                List.of(w.micro().id()), null, null, "gas-safety", null, null, null, true), community, Locale.SIMPLIFIED_CHINESE).id();
        campaignService.addVolunteer(finished, leaving.username(), null, community);
        campaignService.finish(finished, community);
        // groups: the leaving worker owns the micro-grid's group
        long audience = groups.createAudience(w.micro().id(), null, null, community);
        groups.addManager(audience, leaving.accountId(), true, community);

        // bad input first: no reason, no successor: nothing changes
        mvc.perform(post("/staff/assignments/" + leavingAssignment + "/handover").with(user(community)).with(csrf())
                .param("successor", "a:" + successorAssignment)).andExpect(flash().attributeExists("error"));
        mvc.perform(post("/staff/assignments/" + leavingAssignment + "/handover").with(user(community)).with(csrf())
                .param("reason", "搬家")).andExpect(flash().attributeExists("error"));
        assertThat(count("select count(*) from staff_handover where from_assignment_id = ?", leavingAssignment)).isZero();
        // a compound leader may not hand over
        mvc.perform(post("/staff/assignments/" + leavingAssignment + "/handover").with(user(load("compound"))).with(csrf())
                .param("successor", "a:" + successorAssignment).param("reason", "搬家")).andExpect(status().isForbidden());

        String page = mvc.perform(post("/staff/assignments/" + leavingAssignment + "/handover").with(user(community)).with(csrf())
                .param("successor", "a:" + successorAssignment).param("reason", "搬家到外区"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains(leavingName).contains(successorName);
        long handOver = jdbc.sql("select id from staff_handover where from_assignment_id = ?").param(leavingAssignment)
                .query(Long.class).single();

        await().atMost(Duration.ofSeconds(15)).until(() -> count(
                "select count(*) from staff_handover_part where handover_id = ?", handOver) == 3);
        assertThat(jdbc.sql("select part, moved from staff_handover_part where handover_id = ? order by part").param(handOver)
                .query((rs, i) -> rs.getString(1) + "=" + rs.getInt(2)).list())
                .containsExactly("campaigns=1", "demands=1", "groups=1");

        // demands: the open one is the successor's, with a step; the closed one and the other's are untouched
        assertThat(demandApi.openDemandsHandledBy(successor.accountId(), w.micro().path())).containsExactly(open);
        assertThat(demandApi.openDemandsHandledBy(leaving.accountId(), w.micro().path())).isEmpty();
        assertThat(count("select count(*) from demand_event_log where demand_id = ? and action = 'HANDED_OVER'", open)).isEqualTo(1);
        assertThat(count("select count(*) from demand_event_log where demand_id = ? and action = 'ACCEPTED'", open)).isEqualTo(1);
        assertThat(count("select count(*) from demand_event_log where demand_id in (?, ?) and action = 'HANDED_OVER'", closed, others))
                .isZero();
        assertThat(count("select count(*) from demand_handler where demand_id in (?, ?)", closed, others)).isZero();
        // campaigns: the successor volunteers in the running one, the finished one keeps its volunteer
        assertThat(count("select count(*) from campaign_volunteer where campaign_id = ? and account_id = ?", running,
                successor.accountId())).isEqualTo(1);
        assertThat(count("select count(*) from campaign_volunteer where campaign_id = ? and account_id = ?", running,
                leaving.accountId())).isZero();
        assertThat(count("select count(*) from campaign_volunteer where campaign_id = ? and account_id = ?", finished,
                leaving.accountId())).isEqualTo(1);
        assertThat(campaignApi.runningCampaignsOf(successor.accountId(), w.micro().path())).contains(running);
        // groups: the successor owns the group now
        assertThat(groups.managedAudiences(successor.accountId(), w.micro().path())).containsExactly(audience);
        assertThat(jdbc.sql("select manager_role from notify_audience_manager where audience_id = ? and account_id = ?")
                .params(audience, successor.accountId()).query(String.class).single()).isEqualTo("OWNER");
        assertThat(groups.managedAudiences(leaving.accountId(), w.micro().path())).isEmpty();
        // the successor hears of it in the inbox
        await().atMost(Duration.ofSeconds(10)).until(() -> count(
                "select count(*) from notify_message where account_id = ? and kind = 'STAFF'", successor.accountId()) == 1);

        // history: the assignment ended yesterday with the reason; it leaves the scope and the current list
        var ended = jdbc.sql("select end_date, ended_reason from staff_assignment where id = ?").param(leavingAssignment)
                .query((rs, i) -> new Object[] {rs.getDate(1).toLocalDate(), rs.getString(2)}).single();
        assertThat(ended[0]).isEqualTo(LocalDate.now().minusDays(1));
        assertThat((String) ended[1]).contains("搬家到外区").contains(successorName);
        assertThat(people.activeAssignmentsOf(leavingPerson)).isEmpty();
        assertThat(load(leaving.username()).covers(w.micro().path())).isFalse();
        String staffPage = mvc.perform(get("/staff/grids/" + w.micro().id()).with(user(community)))
                .andReturn().getResponse().getContentAsString();
        assertThat(staffPage.substring(staffPage.indexOf("id=\"history\""))).contains(leavingName);
        String result = mvc.perform(get("/staff/handovers/" + handOver).with(user(community)))
                .andReturn().getResponse().getContentAsString();
        String moved = result.substring(result.indexOf("id=\"moved\""));
        assertThat(moved.substring(0, moved.indexOf("</div>"))).doesNotContain("hx-get").doesNotContain("处理中");

        // a second hand-over of the same assignment is refused
        mvc.perform(post("/staff/assignments/" + leavingAssignment + "/handover").with(user(community)).with(csrf())
                .param("successor", "a:" + successorAssignment).param("reason", "再交接"))
                .andExpect(flash().attributeExists("error"));
        // a redelivered event moves nothing more
        assertThat(demandApi.handOver(List.of(leaving.accountId()), successor.accountId(), w.micro().path(), "x", "test")).isZero();
        assertThat(groups.handOverManagers(List.of(leaving.accountId()), successor.accountId(), w.micro().path())).isZero();
    }

    @Test
    void handOverToAnOpenNomineeAppointsThemAndCreatesTheirAccount() throws Exception {
        World w = world("学府社区");
        String leavingName = unique("离任长");
        long leavingPerson = person(w.households().get(0), leavingName);
        long leavingAssignment = people.assign(leavingPerson, StaffRole.MICRO_GRID_LEADER, w.micro().id(), null, null,
                LocalDate.now().minusYears(2), null);
        String nomineeName = unique("新网格长");
        long nomineePerson = person(w.households().get(1), nomineeName);
        long nomination = recruitment.recommend(w.households().get(1), nomineeName, StaffRole.MICRO_GRID_LEADER, "大家推举",
                load("community"));

        String page = mvc.perform(post("/staff/assignments/" + leavingAssignment + "/handover").with(user(load("community")))
                .with(csrf()).param("successor", "n:" + nomination).param("reason", "年事已高"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();

        assertThat(page).contains("id=\"account-password\"");
        assertThat(recruitment.requireNomination(nomination).status()).isEqualTo("APPOINTED");
        assertThat(people.activeAssignmentsOf(nomineePerson)).extracting(AssignmentView::role)
                .containsExactly(StaffRole.MICRO_GRID_LEADER);
        assertThat(count("select count(*) from account where person_id = ?", nomineePerson)).isEqualTo(1);
        assertThat(people.activeAssignmentsOf(leavingPerson)).isEmpty();
    }

    private long submit(GridworkUser resident, String text) {
        return demandService.submit(new DemandService.Submission("WATER_LEAK", text + " " + UUID.randomUUID(), null, null, null,
                null, null, null, null, false, null, null, null), resident, null).id();
    }
}
