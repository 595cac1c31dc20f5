package io.gridwork.people;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.gridwork.people.internal.PartyNetworkService;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.support.GridworkTest;
import io.gridwork.support.TestPeople;

/** The party network pages and API: the five levels, members, 双报到, report-ins of mobile members, service hours. */
@GridworkTest
class PartyNetworkPagesTests {

    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TestPeople testPeople;
    @Autowired
    PartyNetworkService party;

    private final JsonMapper json = JsonMapper.builder().build();

    private long grid(String name) {
        return jdbc.sql("select id from grid_node where name = ?").param(name).query(Long.class).single();
    }

    private long org(String name) {
        return jdbc.sql("select id from party_org where name = ?").param(name).query(Long.class).single();
    }

    private long count(String table) {
        return jdbc.sql("select count(*) from " + table).query(Long.class).single();
    }

    private ResultActions postJson(String path, String username, String body) throws Exception {
        return mvc.perform(post(path).with(user(testPeople.user(username))).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private ResultActions putJson(String path, String username, String body) throws Exception {
        return mvc.perform(put(path).with(user(testPeople.user(username))).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private long created(ResultActions result) throws Exception {
        return json.readTree(result.andExpect(status().isCreated()).andReturn().getResponse().getContentAsString()).get("id").asLong();
    }

    /** The last four characters of a person's ID number, read from its mask (as a worker would ask the resident). */
    private String last4(long personId) {
        String mask = jdbc.sql("select id_card_mask from person where id = ?").param(personId).query(String.class).single();
        return mask.substring(mask.length() - 4);
    }

    private String name(long personId) {
        return jdbc.sql("select name from person where id = ?").param(personId).query(String.class).single();
    }

    private static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 6);
    }

    // ---- the five levels --------------------------------------------------------------------------

    @Test
    void theTreeShowsTheFiveLevelsWithinScope() throws Exception {
        JsonNode community = json.readTree(mvc.perform(get("/api/party/tree").with(user(testPeople.user("community"))))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        // the street committee lies outside 学府社区: the community's organisation is the root
        assertThat(community.findValuesAsString("name")).contains("学府社区党委", "学府憬城网格党支部")
                .doesNotContain("学府街道党工委", "锦城社区党委");
        JsonNode root = community.get(0);
        assertThat(root.get("level").asString()).isEqualTo("COMMUNITY_ORG");
        JsonNode branch = root.get("children").get(0);
        assertThat(branch.get("level").asString()).isEqualTo("GRID_BRANCH");
        assertThat(branch.get("children").get(0).get("level").asString()).isEqualTo("BUILDING_GROUP");

        JsonNode street = json.readTree(mvc.perform(get("/api/party/tree").with(user(testPeople.user("street"))))
                .andReturn().getResponse().getContentAsString());
        assertThat(street).hasSize(1);
        assertThat(street.get(0).get("name").asString()).isEqualTo("学府街道党工委");
        assertThat(street.get(0).get("children")).hasSizeGreaterThanOrEqualTo(2);

        // a party branch sees its own branch and the groups below, not the community
        JsonNode branchView = json.readTree(mvc.perform(get("/api/party/tree").with(user(testPeople.user("party"))))
                .andReturn().getResponse().getContentAsString());
        assertThat(branchView.get(0).get("name").asString()).isEqualTo("学府憬城网格党支部");
        assertThat(branchView.findValuesAsString("name")).doesNotContain("学府社区党委");

        mvc.perform(get("/party").with(user(testPeople.user("party")))).andExpect(status().isOk());
        mvc.perform(get("/party").with(user(testPeople.user("worker")))).andExpect(status().isForbidden());
        mvc.perform(get("/api/party/tree").with(user(testPeople.user("police")))).andExpect(status().isForbidden());
    }

    @Test
    void communityStaffCreateAndRenameOrganisationsAtEachLevelWithinScope() throws Exception {
        String branchName = unique("农贸市场党支部");
        long branch = created(postJson("/api/party/orgs", "community",
                "{\"level\":\"GRID_BRANCH\",\"name\":\"" + branchName + "\",\"gridId\":" + grid("学府农贸市场") + "}"));
        assertThat(jdbc.sql("select parent_id from party_org where id = ?").param(branch).query(Long.class).single())
                .as("the parent is the community's organisation").isEqualTo(org("学府社区党委"));

        String groupName = unique("第2微网格党小组");
        long group = created(postJson("/api/party/orgs", "community", "{\"level\":\"BUILDING_GROUP\",\"name\":\"" + groupName
                + "\",\"gridId\":" + grid("学府憬城第2微网格") + ",\"parentId\":" + org("学府憬城网格党支部") + "}"));
        assertThat(jdbc.sql("select parent_id from party_org where id = ?").param(group).query(Long.class).single())
                .isEqualTo(org("学府憬城网格党支部"));

        String renamed = unique("学府农贸市场联合党支部");
        putJson("/api/party/orgs/" + branch, "community", "{\"name\":\"" + renamed + "\"}").andExpect(status().isOk());
        assertThat(jdbc.sql("select name from party_org where id = ?").param(branch).query(String.class).single()).isEqualTo(renamed);

        // the page form does the same, and says so
        String pageName = unique("页面党小组");
        mvc.perform(post("/party/orgs").with(user(testPeople.user("community"))).with(csrf())
                .param("level", "BUILDING_GROUP").param("name", pageName).param("gridId", String.valueOf(grid("学府憬城第3微网格"))))
                .andExpect(status().is3xxRedirection()).andExpect(flash().attribute("saved", "partynet.saved.created"));
        assertThat(org(pageName)).isPositive();
    }

    @Test
    void badOrganisationsAreRefusedAndNothingIsCreated() throws Exception {
        long before = count("party_org");
        // a community organisation must sit on a community, not on a compound
        postJson("/api/party/orgs", "community", "{\"level\":\"COMMUNITY_ORG\",\"name\":\"错误层级\",\"gridId\":"
                + grid("学府憬城") + "}").andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("party-grid-level"));
        postJson("/api/party/orgs", "community", "{\"level\":\"GRID_BRANCH\",\"name\":\" \",\"gridId\":" + grid("学府农贸市场") + "}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("party-name-required"));
        postJson("/api/party/orgs", "community", "{\"name\":\"无级别\",\"gridId\":" + grid("学府农贸市场") + "}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("party-level-required"));
        // a parent that is not over the grid
        postJson("/api/party/orgs", "community", "{\"level\":\"BUILDING_GROUP\",\"name\":\"错误上级\",\"gridId\":"
                + grid("学府憬城第2微网格") + ",\"parentId\":" + org("学府社区党委") + "}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("party-parent-invalid"));
        // 锦城社区 lies outside the community secretary's scope
        postJson("/api/party/orgs", "community", "{\"level\":\"GRID_BRANCH\",\"name\":\"越权支部\",\"gridId\":"
                + grid("碧鸡桥小区") + "}").andExpect(status().isBadRequest());
        // a party branch may look but not create
        postJson("/api/party/orgs", "party", "{\"level\":\"BUILDING_GROUP\",\"name\":\"党支部自建\",\"gridId\":"
                + grid("学府憬城第2微网格") + "}").andExpect(status().isForbidden());
        // the same name twice under one parent
        String name = unique("重名党小组");
        created(postJson("/api/party/orgs", "community", "{\"level\":\"BUILDING_GROUP\",\"name\":\"" + name + "\",\"gridId\":"
                + grid("学府憬城第4微网格") + ",\"parentId\":" + org("学府憬城网格党支部") + "}"));
        postJson("/api/party/orgs", "community", "{\"level\":\"BUILDING_GROUP\",\"name\":\"" + name + "\",\"gridId\":"
                + grid("学府憬城第5微网格") + ",\"parentId\":" + org("学府憬城网格党支部") + "}")
                .andExpect(status().isConflict()).andExpect(jsonPath("$.code").value("party-name-taken"));
        assertThat(count("party_org")).isEqualTo(before + 1);

        // renaming: out of scope, blank, or to a sibling's name
        putJson("/api/party/orgs/" + org("锦城社区党委"), "community", "{\"name\":\"改名\"}").andExpect(status().isNotFound());
        putJson("/api/party/orgs/" + org("学府憬城网格党支部"), "community", "{\"name\":\"\"}").andExpect(status().isBadRequest());
        String sibling = jdbc.sql("select min(name) from party_org where parent_id = ? and name <> ?")
                .params(org("学府憬城网格党支部"), name).query(String.class).single();
        putJson("/api/party/orgs/" + org(name), "community", "{\"name\":\"" + sibling + "\"}").andExpect(status().isConflict());
        assertThat(org(name)).isPositive();
        // the page tells the refusal in the viewer's language
        mvc.perform(post("/party/orgs").with(user(testPeople.user("community"))).with(csrf()).param("level", "COMMUNITY_ORG")
                .param("name", "错误层级").param("gridId", String.valueOf(grid("学府憬城"))))
                .andExpect(flash().attribute("error", org.hamcrest.Matchers.startsWith("所选网格与党组织级别不符")));
    }

    @Test
    void membersAreFoundByNameAndTheLastDigitsOfTheirIdNumber() throws Exception {
        GridworkUser resident = testPeople.freshResident();
        long group = created(postJson("/api/party/orgs", "community", "{\"level\":\"BUILDING_GROUP\",\"name\":\""
                + unique("成员测试党小组") + "\",\"gridId\":" + testPeople.firstMicroGrid() + ",\"parentId\":"
                + org("学府憬城网格党支部") + "}"));
        postJson("/api/party/orgs/" + group + "/members", "community", "{\"name\":\"" + name(resident.personId())
                + "\",\"idLast4\":\"0000x\"}").andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("party-id-last4"));
        postJson("/api/party/orgs/" + group + "/members", "community", "{\"name\":\"没有这个人\",\"idLast4\":\""
                + last4(resident.personId()) + "\"}").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("party-person-not-found"));
        long member = created(postJson("/api/party/orgs/" + group + "/members", "community", "{\"name\":\""
                + name(resident.personId()) + "\",\"idLast4\":\"" + last4(resident.personId()) + "\",\"joinedOn\":\"2010-07-01\"}"));
        assertThat(jdbc.sql("select person_id from party_member where id = ?").param(member).query(Long.class).single())
                .isEqualTo(resident.personId());
        postJson("/api/party/orgs/" + group + "/members", "community", "{\"personId\":" + resident.personId() + "}")
                .andExpect(status().isConflict()).andExpect(jsonPath("$.code").value("party-member-exists"));
        putJson("/api/party/members/" + member + "/mobile", "community", "{\"mobile\":true}").andExpect(status().isOk());
        assertThat(jdbc.sql("select mobile from party_member where id = ?").param(member).query(Boolean.class).single()).isTrue();
        putJson("/api/party/members/" + member + "/mobile", "community", "{}").andExpect(status().isBadRequest());
        // the tree page lists the new member by name
        assertThat(mvc.perform(get("/party").with(user(testPeople.user("community")))).andReturn().getResponse()
                .getContentAsString()).contains(name(resident.personId()));
    }

    // ---- 双报到 --------------------------------------------------------------------------------

    @Test
    void inServiceMembersRegisterWithTheirHomeCommunity() throws Exception {
        GridworkUser resident = testPeople.freshResident();
        long xuefu = grid("学府社区");
        long countBefore = party.dual(null, testPeople.user("community")).counts().stream()
                .filter(c -> c.communityId() == xuefu).findFirst().orElseThrow().registered();
        long before = count("party_dual_registration");

        String body = "{\"name\":\"" + name(resident.personId()) + "\",\"idLast4\":\"" + last4(resident.personId())
                + "\",\"communityId\":" + xuefu + ",\"employerOrg\":\"成华区教育局机关党委\",\"registeredOn\":\"2026-03-01\"}";
        // bad input first: no employer, a future date, a community that is not one, another community
        postJson("/api/party/dual-registrations", "community", body.replace("成华区教育局机关党委", ""))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("party-employer-required"));
        postJson("/api/party/dual-registrations", "community", body.replace("2026-03-01",
                LocalDate.now(CHINA).plusDays(2).toString())).andExpect(jsonPath("$.code").value("party-date-in-future"));
        postJson("/api/party/dual-registrations", "community", body.replace("\"communityId\":" + xuefu,
                "\"communityId\":" + grid("学府憬城"))).andExpect(jsonPath("$.code").value("party-community-required"));
        postJson("/api/party/dual-registrations", "street", body.replace("\"communityId\":" + xuefu,
                "\"communityId\":" + grid("锦城社区"))).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("party-person-not-found"));
        postJson("/api/party/dual-registrations", "community", body.replace("\"communityId\":" + xuefu,
                "\"communityId\":" + grid("锦城社区"))).andExpect(status().isBadRequest());
        postJson("/api/party/dual-registrations", "party", body).andExpect(status().isForbidden());
        assertThat(count("party_dual_registration")).isEqualTo(before);

        long id = created(postJson("/api/party/dual-registrations", "community", body));
        postJson("/api/party/dual-registrations", "community", body).andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("party-dual-exists"));

        var list = party.dual(xuefu, testPeople.user("community"));
        assertThat(list.registrations()).extracting(PartyNetworkService.DualRegistration::id).contains(id);
        assertThat(list.counts()).filteredOn(c -> c.communityId() == xuefu).singleElement()
                .extracting(PartyNetworkService.CommunityCount::registered).isEqualTo(countBefore + 1);
        // the street sees the counts of both its communities
        assertThat(party.dual(null, testPeople.user("street")).counts()).extracting(PartyNetworkService.CommunityCount::communityName)
                .contains("学府社区", "锦城社区");
        assertThat(mvc.perform(get("/party/dual").with(user(testPeople.user("community")))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString()).contains("成华区教育局机关党委").contains("dual-" + id);
    }

    // ---- mobile members ---------------------------------------------------------------------------

    private long mobileMember(GridworkUser resident) throws Exception {
        long member = created(postJson("/api/party/orgs/" + org("学府憬城网格党支部") + "/members", "community",
                "{\"personId\":" + resident.personId() + ",\"mobile\":true}"));
        return member;
    }

    @Test
    void aMobileMemberReportsInAndStaffSeeWhoIsOverdue() throws Exception {
        GridworkUser reporting = testPeople.freshResident();
        GridworkUser silent = testPeople.freshResident();
        GridworkUser longAgo = testPeople.freshResident();
        long reportingMember = mobileMember(reporting);
        long silentMember = mobileMember(silent);
        long longAgoMember = mobileMember(longAgo);
        long before = count("party_report_in");

        // bad input changes nothing
        mvc.perform(post("/api/party/report-ins").with(user(reporting)).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"whereabouts\":\"\"}")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("party-whereabouts-required"));
        mvc.perform(post("/api/party/report-ins").with(user(reporting)).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"whereabouts\":\"广东省深圳市南山区\",\"contactPhone\":\"12345\"}")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("invalid-phone"));
        mvc.perform(post("/api/party/report-ins").with(user(reporting)).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"whereabouts\":\"广东省深圳市南山区\",\"reportedOn\":\"" + LocalDate.now(CHINA).plusDays(1) + "\"}"))
                .andExpect(jsonPath("$.code").value("party-report-date"));
        // a resident who is not a mobile member cannot report in; staff cannot report for them
        mvc.perform(post("/api/party/report-ins").with(user(testPeople.freshResident())).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content("{\"whereabouts\":\"成都市\"}")).andExpect(status().isForbidden())
                .andExpect(jsonPath("$.code").value("party-not-mobile-member"));
        postJson("/api/party/report-ins", "community", "{\"whereabouts\":\"成都市\"}").andExpect(status().isForbidden());
        assertThat(count("party_report_in")).isEqualTo(before);

        mvc.perform(post("/api/party/report-ins").with(user(reporting)).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"whereabouts\":\"广东省深圳市南山区科技园\",\"contactPhone\":\"13912345678\",\"note\":\"在深圳务工\"}"))
                .andExpect(status().isCreated());
        assertThat(jdbc.sql("select contact_mask from party_report_in where member_id = ?").param(reportingMember)
                .query(String.class).single()).isEqualTo("139****5678");
        assertThat(jdbc.sql("select contact_enc from party_report_in where member_id = ?").param(reportingMember)
                .query(String.class).single()).doesNotContain("13912345678");
        // one reported four months ago (as if then)
        jdbc.sql("insert into party_report_in (member_id, reported_on, whereabouts, account_id) values (?, ?, '重庆市', ?)")
                .params(longAgoMember, Date.valueOf(LocalDate.now(CHINA).minusMonths(4)), longAgo.accountId()).update();

        List<PartyNetworkService.MobileMember> three = party.mobileMembers(3, false, testPeople.user("community"));
        assertThat(three).filteredOn(m -> m.memberId() == reportingMember).singleElement().satisfies(m -> {
            assertThat(m.overdue()).isFalse();
            assertThat(m.whereabouts()).isEqualTo("广东省深圳市南山区科技园");
            assertThat(m.contactMask()).isEqualTo("139****5678");
        });
        assertThat(three).filteredOn(m -> m.memberId() == silentMember).singleElement()
                .satisfies(m -> assertThat(m.overdue()).as("never reported").isTrue());
        assertThat(three).filteredOn(m -> m.memberId() == longAgoMember).singleElement()
                .satisfies(m -> assertThat(m.overdue()).isTrue());
        assertThat(party.mobileMembers(6, true, testPeople.user("community")))
                .extracting(PartyNetworkService.MobileMember::memberId).contains(silentMember)
                .doesNotContain(longAgoMember, reportingMember);
        mvc.perform(get("/api/party/mobile-members").param("months", "0").with(user(testPeople.user("community"))))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("party-invalid-months"));
        String page = mvc.perform(get("/party/mobile").param("overdueOnly", "true").with(user(testPeople.user("community"))))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("mobile-" + silentMember).doesNotContain("mobile-" + reportingMember + "\"");
        // the party branch of 学府憬城 sees its mobile members too
        assertThat(party.mobileMembers(3, false, testPeople.user("party")))
                .extracting(PartyNetworkService.MobileMember::memberId).contains(silentMember);

        // the member's own page
        String own = mvc.perform(get("/party/report-in").with(user(reporting))).andExpect(status().isOk()).andReturn()
                .getResponse().getContentAsString();
        assertThat(own).contains("report-in-form").contains("广东省深圳市南山区科技园");
        assertThat(mvc.perform(get("/party/report-in").with(user(testPeople.freshResident()))).andReturn().getResponse()
                .getContentAsString()).contains("not-member").doesNotContain("report-in-form");
    }

    // ---- service hours ----------------------------------------------------------------------------

    @Test
    void serviceHoursAddUpPerMemberAndPerOrganisation() throws Exception {
        GridworkUser resident = testPeople.freshResident();
        long groupId = created(postJson("/api/party/orgs", "community", "{\"level\":\"BUILDING_GROUP\",\"name\":\""
                + unique("时长测试党小组") + "\",\"gridId\":" + testPeople.firstMicroGrid() + ",\"parentId\":"
                + org("学府憬城网格党支部") + "}"));
        created(postJson("/api/party/orgs/" + groupId + "/members", "community", "{\"personId\":" + resident.personId() + "}"));
        LocalDate from = LocalDate.now(CHINA).minusDays(10);
        var before = party.hours(from, null, testPeople.user("community"));
        BigDecimal branchBefore = before.orgs().stream().filter(o -> o.orgId() == org("学府憬城网格党支部")).findFirst()
                .orElseThrow().within();
        long rows = count("party_service_hours");

        String ok = "{\"personId\":" + resident.personId() + ",\"gridId\":" + testPeople.firstMicroGrid() + ",\"servedOn\":\""
                + LocalDate.now(CHINA).minusDays(1) + "\",\"hours\":2.5,\"activity\":\"楼道清理志愿服务\"}";
        for (String bad : List.of(ok.replace("2.5", "0"), ok.replace("2.5", "25"), ok.replace("2.5", "1.25"),
                ok.replace("楼道清理志愿服务", ""), ok.replace(LocalDate.now(CHINA).minusDays(1).toString(),
                        LocalDate.now(CHINA).plusDays(1).toString()),
                ok.replace("\"personId\":" + resident.personId(), "\"personId\":" + testPeople.freshResident().personId()))) {
            postJson("/api/party/service-hours", "community", bad).andExpect(status().isBadRequest());
        }
        postJson("/api/party/service-hours", "community", ok.replace("\"gridId\":" + testPeople.firstMicroGrid(),
                "\"gridId\":" + grid("碧鸡桥小区"))).andExpect(status().isBadRequest());
        postJson("/api/party/service-hours", "party", ok).andExpect(status().isForbidden());
        assertThat(count("party_service_hours")).isEqualTo(rows);

        created(postJson("/api/party/service-hours", "community", ok));
        created(postJson("/api/party/service-hours", "community", ok.replace("2.5", "1.5").replace("楼道清理", "关爱独居老人")));
        mvc.perform(post("/party/hours").with(user(testPeople.user("community"))).with(csrf())
                .param("personId", String.valueOf(resident.personId())).param("gridId", String.valueOf(testPeople.firstMicroGrid()))
                .param("servedOn", LocalDate.now(CHINA).toString()).param("hours", "一小时").param("activity", "宣讲"))
                .andExpect(flash().attributeExists("error"));

        var after = party.hours(from, null, testPeople.user("community"));
        assertThat(after.members()).filteredOn(m -> m.personId() == resident.personId()).singleElement().satisfies(m -> {
            assertThat(m.hours()).isEqualByComparingTo("4.0");
            assertThat(m.entries()).isEqualTo(2);
        });
        assertThat(after.orgs()).filteredOn(o -> o.orgId() == groupId).singleElement()
                .satisfies(o -> assertThat(o.own()).isEqualByComparingTo("4.0"));
        assertThat(after.orgs()).filteredOn(o -> o.orgId() == org("学府憬城网格党支部")).singleElement()
                .satisfies(o -> assertThat(o.within()).isEqualByComparingTo(branchBefore.add(new BigDecimal("4.0"))));
        assertThat(after.total()).isEqualByComparingTo(before.total().add(new BigDecimal("4.0")));
        // the period leaves them out; a period that ends before it starts is refused
        assertThat(party.hours(LocalDate.now(CHINA).minusDays(60), LocalDate.now(CHINA).minusDays(30), testPeople.user("community"))
                .members()).noneMatch(m -> m.personId() == resident.personId());
        mvc.perform(get("/api/party/service-hours").param("from", "2026-05-01").param("to", "2026-04-01")
                .with(user(testPeople.user("community")))).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("party-invalid-period"));
        // the party branch of 学府憬城 sees the hours of its members
        assertThat(party.hours(from, null, testPeople.user("party")).members())
                .anyMatch(m -> m.personId() == resident.personId());
        assertThat(mvc.perform(get("/party/hours").with(user(testPeople.user("community")))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString()).contains("member-total-" + resident.personId());
    }
}
