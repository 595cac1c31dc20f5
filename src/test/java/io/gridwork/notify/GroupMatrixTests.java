package io.gridwork.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import io.gridwork.notify.internal.NotifyTime;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.support.GridworkTest;
import io.gridwork.support.TestPeople;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The group matrix through the API: an audience for a building of its own, notices with read receipts, a
 * task answered per household (a second answer from a household replaces the first) with completeness per
 * building and reminders to the households that have not answered, questions answered by staff, and bad
 * input refused with problem details and no change.
 */
@GridworkTest
class GroupMatrixTests {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired MockMvc mvc;
    @Autowired TestPeople testPeople;
    @Autowired GroupFixture fixture;
    @Autowired JdbcClient jdbc;
    @Autowired NotifyTime time;

    private ResultActions call(MockHttpServletRequestBuilder request, GridworkUser as, String body) throws Exception {
        request.with(user(as)).with(csrf());
        if (body != null) {
            request.contentType(MediaType.APPLICATION_JSON).content(body);
        }
        return mvc.perform(request);
    }

    private JsonNode json(ResultActions r) throws Exception {
        return JSON.readTree(r.andReturn().getResponse().getContentAsString());
    }

    private GridworkUser community() {
        return testPeople.user("community");
    }

    private long audience(long building) throws Exception {
        return json(call(post("/api/audiences"), community(), "{\"buildingId\":" + building + "}").andExpect(status().isCreated()))
                .path("id").asLong();
    }

    private long publish(long audience, String body, GridworkUser as) throws Exception {
        return json(call(post("/api/audiences/" + audience + "/notices"), as, body).andExpect(status().isCreated())).path("id").asLong();
    }

    private int inboxCount(GridworkUser u, String eventKeyLike) {
        return jdbc.sql("select count(*) from notify_message where account_id = ? and event_key like ?")
                .params(u.accountId(), eventKeyLike).query(Integer.class).single();
    }

    @Test
    void aNoticeReachesEveryResidentOfTheBuildingAndCountsWhoHasNotRead() throws Exception {
        var b = fixture.building(3, 2);
        long audience = audience(b.id());
        call(get("/api/audiences/" + audience), community(), null).andExpect(status().isOk())
                .andExpect(jsonPath("$.members").value(6));
        String title = "垃圾分类新规 " + UUID.randomUUID().toString().substring(0, 6);
        long notice = publish(audience, "{\"type\":\"NOTICE\",\"title\":\"" + title + "\",\"body\":\"自下月起定时定点投放。\"}", community());

        for (GridworkUser r : b.residents()) {
            assertThat(inboxCount(r, "notice:" + notice)).isOne();
        }
        call(get("/api/inbox"), b.residents().get(0), null).andExpect(jsonPath("$[0].title").value("通知：" + title))
                .andExpect(jsonPath("$[0].link").value("/notices/" + notice));
        call(get("/api/notices/" + notice + "/results"), community(), null)
                .andExpect(jsonPath("$.recipients").value(6)).andExpect(jsonPath("$.unread").value(6));

        GridworkUser reader = b.residents().get(0);
        call(post("/api/notices/" + notice + "/read"), reader, null).andExpect(status().isOk())
                .andExpect(jsonPath("$.readAt").isNotEmpty());
        // the page shows the notice and counts as reading it too
        mvc.perform(get("/notices/" + notice).with(user(b.residents().get(1)))).andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString(title)));
        call(get("/api/notices/" + notice + "/results"), community(), null)
                .andExpect(jsonPath("$.read").value(2)).andExpect(jsonPath("$.unread").value(4));
        assertThat(jdbc.sql("select count(*) from notify_message where account_id = ? and event_key = ? and read_at is not null")
                .params(reader.accountId(), "notice:" + notice).query(Integer.class).single())
                .as("reading the notice also reads its inbox entry").isOne();

        // someone else cannot read it, nor see the receipts; a resident of the building cannot either
        GridworkUser outsider = testPeople.freshResident();
        call(get("/api/notices/" + notice), outsider, null).andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("not-found"));
        call(get("/api/notices/" + notice + "/results"), reader, null).andExpect(status().isForbidden());
        mvc.perform(get("/notices/" + notice).with(user(testPeople.user("merchant")))).andExpect(status().isNotFound());
    }

    @Test
    void aTaskCollectsOneAnswerPerHouseholdShowsCompletenessAndRemindsTheMissing() throws Exception {
        var b = fixture.building(3, 2);
        long audience = audience(b.id());
        long task = publish(audience, "{\"type\":\"TASK\",\"title\":\"燃气报警器自查\",\"body\":\"请回复您家燃气报警器是否正常。\","
                + "\"options\":[\"正常\",\"不正常\"]}", community());
        List<GridworkUser> r = b.residents(); // households: r0,r1 → h0; r2,r3 → h1; r4,r5 → h2

        call(post("/api/notices/" + task + "/answer"), r.get(0), "{\"answer\":\"正常\"}").andExpect(status().isOk())
                .andExpect(jsonPath("$.myAnswer").value("正常"));
        // the spouse corrects the household's answer: it replaces the first
        call(post("/api/notices/" + task + "/answer"), r.get(1), "{\"answer\":\"不正常\"}").andExpect(status().isOk());
        call(get("/api/notices/" + task), r.get(0), null).andExpect(jsonPath("$.myAnswer").value("不正常"));
        call(post("/api/notices/" + task + "/answer"), r.get(2), "{\"answer\":\"正常\"}").andExpect(status().isOk());

        // bad answers change nothing
        call(post("/api/notices/" + task + "/answer"), r.get(4), "{\"answer\":\"也许\"}").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("invalid-answer"));
        call(post("/api/notices/" + task + "/answer"), r.get(4), "{\"answer\":\"  \"}").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("answer-required"));
        call(post("/api/notices/" + task + "/answer"), r.get(4), "{\"answer\":").andExpect(status().isBadRequest());
        call(post("/api/notices/" + task + "/answer"), testPeople.freshResident(), "{\"answer\":\"正常\"}")
                .andExpect(status().isNotFound());

        JsonNode results = json(call(get("/api/notices/" + task + "/results"), community(), null).andExpect(status().isOk()));
        assertThat(results.path("households").asInt()).isEqualTo(3);
        assertThat(results.path("answered").asInt()).isEqualTo(2);
        assertThat(results.path("buildings")).hasSize(1);
        JsonNode building = results.path("buildings").get(0);
        assertThat(building.path("buildingId").asLong()).isEqualTo(b.id());
        assertThat(building.path("households").asInt()).isEqualTo(3);
        assertThat(building.path("answered").asInt()).isEqualTo(2);
        assertThat(building.path("missing").asInt()).isEqualTo(1);
        assertThat(results.path("answers")).hasSize(2);
        JsonNode first = results.path("answers").get(0);
        assertThat(first.path("answer").asString()).isEqualTo("不正常");
        assertThat(first.path("revisions").asInt()).isEqualTo(2);
        assertThat(first.path("answeredBy").asString()).contains("*");

        // remind the household that has not answered (both its residents), nobody else; twice in a minute is once.
        // The module's clock stands still for the double click: on the wall clock the two requests could fall
        // on either side of a minute's turn, and then they are two reminders, as the feature intends.
        time.use(java.time.Clock.fixed(java.time.Instant.now(), java.time.ZoneOffset.UTC));
        try {
            call(post("/api/notices/" + task + "/remind"), community(), null).andExpect(status().isOk())
                    .andExpect(jsonPath("$.households").value(1));
            call(post("/api/notices/" + task + "/remind"), community(), null).andExpect(status().isOk());
        } finally {
            time.use(null);
        }
        assertThat(inboxCount(r.get(4), "notice:" + task + ":remind:%")).isOne();
        assertThat(inboxCount(r.get(5), "notice:" + task + ":remind:%")).isOne();
        for (int i = 0; i < 4; i++) {
            assertThat(inboxCount(r.get(i), "notice:" + task + ":remind:%")).as("resident %s answered", i).isZero();
        }

        // an owner of the audience, chosen from its residents, may see the results too
        call(get("/api/notices/" + task + "/results"), r.get(2), null).andExpect(status().isForbidden());
        call(put("/api/audiences/" + audience + "/managers/" + r.get(2).accountId()), community(), "{\"role\":\"ADMIN\"}")
                .andExpect(status().isOk()).andExpect(jsonPath("$.managers[0].role").value("ADMIN"));
        call(get("/api/notices/" + task + "/results"), r.get(2), null).andExpect(status().isOk());
        call(put("/api/audiences/" + audience + "/managers/" + r.get(3).accountId()), r.get(2), "{\"role\":\"OWNER\"}")
                .andExpect(status().isForbidden()); // admins publish and remind; only owners and staff choose managers
        call(delete("/api/audiences/" + audience + "/managers/" + r.get(2).accountId()), community(), null).andExpect(status().isOk());
        call(get("/api/notices/" + task + "/results"), r.get(2), null).andExpect(status().isForbidden());
    }

    @Test
    void aResidentOwnerPicksManagersFromTheGroupsMembersByName() throws Exception {
        var b = fixture.building(2, 1);
        long audience = audience(b.id());
        GridworkUser owner = b.residents().get(0);
        GridworkUser member = b.residents().get(1);
        call(put("/api/audiences/" + audience + "/managers/" + owner.accountId()), community(), "{\"role\":\"OWNER\"}")
                .andExpect(status().isOk());

        // the owner's page searches the group's members, staff search accounts
        call(get("/groups/" + audience), owner, null).andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("/groups/" + audience + "/members?field=accountId")));
        call(get("/groups/" + audience), community(), null).andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("/pick/accounts?field=accountId")));
        String name = member.displayName();
        call(get("/groups/" + audience + "/members?q=" + name.substring(name.length() - 2)), owner, null).andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("value=\"" + member.accountId() + "\"")))
                .andExpect(content().string(org.hamcrest.Matchers.containsString(name)))
                .andExpect(content().string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString(member.username()))));
        // a resident of the building who is no owner learns nothing, not even that the group exists
        call(get("/groups/" + audience + "/members?q=" + name), member, null).andExpect(status().isNotFound());

        call(post("/groups/" + audience + "/managers").param("accountId", String.valueOf(member.accountId())).param("role", "ADMIN"),
                owner, null).andExpect(status().is3xxRedirection());
        assertThat(jdbc.sql("select manager_role from notify_audience_manager where audience_id = ? and account_id = ?")
                .params(audience, member.accountId()).query(String.class).single()).isEqualTo("ADMIN");
    }

    @Test
    void questionsAreAnsweredByStaffAndTheAskerHears() throws Exception {
        var b = fixture.building(2, 1);
        long audience = audience(b.id());
        long notice = publish(audience, "{\"type\":\"NOTICE\",\"title\":\"电梯年检\",\"body\":\"周三上午电梯停运。\"}", community());
        GridworkUser asker = b.residents().get(0);
        GridworkUser neighbour = b.residents().get(1);
        long q = json(call(post("/api/notices/" + notice + "/questions"), asker, "{\"body\":\"停运到几点？\"}")
                .andExpect(status().isCreated())).path("id").asLong();
        call(post("/api/notices/" + notice + "/questions"), asker, "{\"body\":\"\"}").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("question-required"));
        call(post("/api/notices/" + notice + "/questions/" + q + "/reply"), neighbour, "{\"reply\":\"不知道\"}")
                .andExpect(status().isForbidden());
        call(post("/api/notices/" + notice + "/questions/" + q + "/reply"), community(), "{\"reply\":\"\"}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("reply-required"));
        call(post("/api/notices/" + notice + "/questions/" + q + "/reply"), community(), "{\"reply\":\"中午 12 点前恢复。\"}")
                .andExpect(status().isOk()).andExpect(jsonPath("$.reply").value("中午 12 点前恢复。"));
        JsonNode thread = json(call(get("/api/notices/" + notice + "/questions"), neighbour, null).andExpect(status().isOk()));
        assertThat(thread).hasSize(1);
        assertThat(thread.get(0).path("body").asString()).isEqualTo("停运到几点？");
        assertThat(thread.get(0).path("askedBy").asString()).as("residents see each other masked").contains("*");
        assertThat(thread.get(0).path("repliedBy").asString()).isEqualTo(community().displayName());
        assertThat(inboxCount(asker, "notice:" + notice + ":question:" + q + ":reply:%")).isOne();
        assertThat(inboxCount(neighbour, "notice:" + notice + ":question:%")).isZero();
    }

    @Test
    void staffPublishThroughThePagesAndRefusalsComeBackAsMessages() throws Exception {
        var b = fixture.building(1, 1);
        mvc.perform(post("/groups").with(user(community())).with(csrf()).param("buildingId", String.valueOf(b.id())))
                .andExpect(status().is3xxRedirection());
        long audience = jdbc.sql("select id from notify_audience where target_key = ?").param("building:" + b.id())
                .query(Long.class).single();
        mvc.perform(get("/groups/" + audience).with(user(community()))).andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("publish-form")));
        int notices = jdbc.sql("select count(*) from notify_notice where audience_id = ?").param(audience).query(Integer.class).single();
        mvc.perform(post("/groups/" + audience + "/notices").with(user(community())).with(csrf())
                .param("type", "TASK").param("title", "").param("body", "内容"))
                .andExpect(status().is3xxRedirection())
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash()
                        .attribute("error", org.hamcrest.Matchers.containsString("标题")));
        mvc.perform(post("/groups/" + audience + "/notices").with(user(community())).with(csrf())
                .param("type", "TASK").param("title", "楼道堆物清理").param("body", "内容").param("dueAt", "not-a-time"))
                .andExpect(status().is3xxRedirection());
        assertThat(jdbc.sql("select count(*) from notify_notice where audience_id = ?").param(audience).query(Integer.class).single())
                .isEqualTo(notices);
        String location = mvc.perform(post("/groups/" + audience + "/notices").with(user(community())).with(csrf())
                .param("type", "TASK").param("title", "楼道堆物清理").param("body", "请于周五前清理楼道堆物，并回复是否完成。")
                .param("options", "已清理\n需要帮助").param("dueAt", "2099-01-01T18:00"))
                .andExpect(status().is3xxRedirection()).andReturn().getResponse().getRedirectedUrl();
        assertThat(location).matches("/notices/\\d+");
        mvc.perform(get(location).with(user(community()))).andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("楼道堆物清理")))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("id=\"results\"")));
        mvc.perform(get(location).with(user(b.residents().get(0)))).andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("需要帮助")));
        mvc.perform(post("/groups/" + audience + "/notices").with(user(b.residents().get(0))).with(csrf())
                .param("type", "NOTICE").param("title", "t").param("body", "b")).andExpect(status().isNotFound());
    }

    @Test
    void badInputIsRefusedWithProblemDetailsAndChangesNothing() throws Exception {
        var b = fixture.building(1, 1);
        long district = jdbc.sql("select id from grid_node where level = 'DISTRICT' order by id fetch first 1 rows only").query(Long.class).single();
        int audiences = jdbc.sql("select count(*) from notify_audience").query(Integer.class).single();
        call(post("/api/audiences"), community(), "{}").andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("invalid-target"));
        call(post("/api/audiences"), community(), "{\"gridId\":" + district + "}").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("invalid-target"));
        call(post("/api/audiences"), community(), "{\"buildingId\":987654321}").andExpect(status().isBadRequest());
        call(post("/api/audiences"), community(), "{\"gridId\":1,\"buildingId\":" + b.id() + "}").andExpect(status().isBadRequest());
        call(post("/api/audiences"), b.residents().get(0), "{\"buildingId\":" + b.id() + "}").andExpect(status().isForbidden());
        assertThat(jdbc.sql("select count(*) from notify_audience").query(Integer.class).single()).isEqualTo(audiences);

        long audience = audience(b.id());
        call(post("/api/audiences"), community(), "{\"buildingId\":" + b.id() + "}").andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("audience-exists"));

        int notices = jdbc.sql("select count(*) from notify_notice").query(Integer.class).single();
        String url = "/api/audiences/" + audience + "/notices";
        call(post(url), community(), "{\"type\":\"NOTICE\",\"title\":\"\",\"body\":\"x\"}").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("title-required")).andExpect(jsonPath("$.field").value("title"));
        call(post(url), community(), "{\"type\":\"NOTICE\",\"title\":\"t\"}").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("body-required"));
        call(post(url), community(), "{\"title\":\"t\",\"body\":\"b\"}").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("invalid-type"));
        call(post(url), community(), "{\"type\":\"MEMO\",\"title\":\"t\",\"body\":\"b\"}").andExpect(status().isBadRequest());
        call(post(url), community(), "{\"type\":\"NOTICE\",\"title\":\"t\",\"body\":\"b\",\"options\":[\"是\"]}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("invalid-options"));
        call(post(url), community(), "{\"type\":\"TASK\",\"title\":\"t\",\"body\":\"b\",\"dueAt\":\"2020-01-01T00:00:00Z\"}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("invalid-due"));
        call(post(url), b.residents().get(0), "{\"type\":\"NOTICE\",\"title\":\"t\",\"body\":\"b\"}").andExpect(status().isNotFound());
        call(post(url), testPeople.user("merchant"), "{\"type\":\"NOTICE\",\"title\":\"t\",\"body\":\"b\"}").andExpect(status().isNotFound());
        assertThat(jdbc.sql("select count(*) from notify_notice").query(Integer.class).single()).isEqualTo(notices);

        String hook = "/api/audiences/" + audience + "/webhook";
        call(put(hook), community(), "{\"url\":\"ftp://example.org/x\"}").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("invalid-webhook"));
        call(put(hook), community(), "{}").andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("url-required"));
        call(put(hook), community(), "{\"url\":\"http://169.254.169.254/latest/meta-data\"}").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("webhook-host-not-allowed"));
        assertThat(jdbc.sql("select count(*) from notify_audience where id = ? and webhook_enc is null").param(audience)
                .query(Integer.class).single()).as("refused robots change nothing").isOne();
        String key = UUID.randomUUID().toString();
        call(put(hook), community(), "{\"url\":\"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=" + key + "\"}")
                .andExpect(status().isOk()).andExpect(jsonPath("$.webhookMask").value(org.hamcrest.Matchers.not(
                        org.hamcrest.Matchers.containsString(key.substring(0, 8)))));
        assertThat(jdbc.sql("select webhook_enc from notify_audience where id = ?").param(audience).query(String.class).single())
                .doesNotContain(key);
        call(get("/api/audiences/" + audience), community(), null).andExpect(jsonPath("$.audience.webhookMask")
                .value(org.hamcrest.Matchers.startsWith("https://qyapi.weixin.qq.com/")));
        call(put(hook), b.residents().get(0), "{\"url\":\"\"}").andExpect(status().isNotFound());
        call(put("/api/audiences/" + audience + "/managers/" + testPeople.freshResident().accountId()), community(),
                "{\"role\":\"OWNER\"}").andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("not-in-group"));
        call(put("/api/audiences/" + audience + "/managers/" + testPeople.user("worker").accountId()), community(),
                "{\"role\":\"OWNER\"}").andExpect(status().isOk()); // staff over the grid may be chosen
        call(put("/api/audiences/" + audience + "/managers/987654321"), community(), "{\"role\":\"OWNER\"}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("invalid-account"));
        call(put("/api/audiences/" + audience + "/managers/" + b.residents().get(0).accountId()), community(), "{}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("invalid-role"));
        call(get("/api/audiences/987654321"), community(), null).andExpect(status().isNotFound());
        call(get("/api/notices/987654321"), community(), null).andExpect(status().isNotFound());
    }
}
