package io.gridwork.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.authenticated;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import io.gridwork.people.PeopleApi;
import io.gridwork.people.StaffRole;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.support.GridworkTest;
import io.gridwork.support.TestPeople;
import jakarta.servlet.http.Cookie;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

@GridworkTest
class AccountAdministrationTests {

    @Autowired
    io.gridwork.grid.GridApi gridApi;
    @Autowired
    MockMvc mvc;
    @Autowired
    UserDetailsService users;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TestPeople testPeople;
    @Autowired
    PeopleApi people;

    private final ObjectMapper json = new ObjectMapper();

    private GridworkUser as(String username) {
        return (GridworkUser) users.loadUserByUsername(username);
    }

    private static String name() {
        return "a-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private long grid(String name) {
        return jdbc.sql("select id from grid_node where name = ?").param(name).query(Long.class).single();
    }

    private long micro() {
        return grid("学府憬城第1微网格");
    }

    private int count(String username) {
        return jdbc.sql("select count(*) from account where username = ?").param(username).query(Integer.class).single();
    }

    /** Creates an account through the API as {@code creator}; returns the response body. */
    private JsonNode create(String creator, String username, String roles, long grid, String password) throws Exception {
        String body = "{\"username\":\"" + username + "\",\"displayName\":\"测试账号\",\"roles\":[" + roles + "],\"gridIds\":[" + grid + "]"
                + (password == null ? "" : ",\"temporaryPassword\":\"" + password + "\"") + "}";
        String out = mvc.perform(post("/api/accounts").with(csrf()).with(user(as(creator))).contentType(MediaType.APPLICATION_JSON)
                .content(body)).andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        return json.readTree(out);
    }

    private Cookie signIn(String username, String password) throws Exception {
        MvcResult r = mvc.perform(formLogin().user(username).password(password)).andExpect(authenticated()).andReturn();
        return r.getResponse().getCookie("SESSION");
    }

    /** An account that has already chosen its own password, signed in: its session cookie. */
    private Cookie signedInFresh(String username, String roles) throws Exception {
        create("community", username, roles, micro(), "Temporary-pass-1");
        long id = jdbc.sql("select id from account where username = ?").param(username).query(Long.class).single();
        jdbc.sql("update account set must_change_password = false where id = ?").param(id).update();
        return signIn(username, "Temporary-pass-1");
    }

    // ---- creating and the forced password change --------------------------------------------------------

    @Test
    void aNewAccountGetsATemporaryPasswordShownOnceAndMustChangeItBeforeAnythingElse() throws Exception {
        String username = name();
        JsonNode created = create("community", username, "\"GRID_WORKER\"", micro(), null);
        String temporary = created.get("temporaryPassword").asString();
        assertThat(temporary).hasSizeGreaterThanOrEqualTo(10);
        assertThat(jdbc.sql("select password_hash from account where username = ?").param(username).query(String.class).single())
                .doesNotContain(temporary);

        Cookie session = signIn(username, temporary);
        mvc.perform(get("/api/demands").cookie(session)).andExpect(status().isForbidden())
                .andExpect(jsonPath("$.code").value("password-change-required"));
        mvc.perform(get("/grid").cookie(session)).andExpect(redirectedUrl("/me/password"));
        mvc.perform(get("/me/password").cookie(session)).andExpect(status().isOk())
                .andExpect(content().string(containsString("请先设置您自己的新密码")));

        // a weak new password is refused with its reason, and nothing changes
        mvc.perform(post("/api/me/password").with(csrf()).cookie(session).contentType(MediaType.APPLICATION_JSON)
                .content("{\"currentPassword\":\"" + temporary + "\",\"newPassword\":\"1234567890\"}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("weak-password"))
                .andExpect(jsonPath("$.reason").value("digits-only"));
        mvc.perform(post("/me/password").with(csrf()).cookie(session).param("currentPassword", temporary)
                .param("newPassword", username).param("repeatPassword", username))
                .andExpect(status().isOk()).andExpect(content().string(containsString("密码不能与用户名相同")));
        mvc.perform(post("/me/password").with(csrf()).cookie(session).param("currentPassword", "wrong-password-1")
                .param("newPassword", "Grid-worker-2026").param("repeatPassword", "Grid-worker-2026"))
                .andExpect(status().isOk()).andExpect(content().string(containsString("当前密码不正确")));
        mvc.perform(get("/api/grid/tree").cookie(session)).andExpect(status().isForbidden());

        mvc.perform(post("/me/password").with(csrf()).cookie(session).param("currentPassword", temporary)
                .param("newPassword", "Grid-worker-2026").param("repeatPassword", "Grid-worker-2026"))
                .andExpect(redirectedUrl("/"));
        mvc.perform(get("/api/grid/tree").cookie(session)).andExpect(status().isOk());
        assertThat(jdbc.sql("select must_change_password from account where username = ?").param(username)
                .query(Boolean.class).single()).isFalse();
        mvc.perform(formLogin().user(username).password("Grid-worker-2026")).andExpect(authenticated());
        assertThat(jdbc.sql("select last_sign_in_at from account where username = ?").param(username)
                .query(java.time.Instant.class).single()).isNotNull();
    }

    @Test
    void duplicateNamesAndWeakPasswordsAreRefusedAndNothingIsCreated() throws Exception {
        String username = name();
        create("admin", username, "\"GRID_WORKER\"", micro(), null);
        String body = "{\"username\":\"" + username + "\",\"displayName\":\"重复\",\"roles\":[\"GRID_WORKER\"],\"gridIds\":[" + micro() + "]}";
        mvc.perform(post("/api/accounts").with(csrf()).with(user(as("admin"))).contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isConflict()).andExpect(jsonPath("$.code").value("username-taken"));
        assertThat(count(username)).isEqualTo(1);

        for (String[] weak : List.of(new String[] {"short-1", "too-short"}, new String[] {"12345678901", "digits-only"},
                new String[] {"password123", "too-common"}, new String[] {"SAME-NAME-1", "same-as-username"})) {
            String other = weak[1].equals("same-as-username") ? "same-name-1" : name();
            mvc.perform(post("/api/accounts").with(csrf()).with(user(as("admin"))).contentType(MediaType.APPLICATION_JSON)
                    .content("{\"username\":\"" + other + "\",\"displayName\":\"弱\",\"roles\":[\"GRID_WORKER\"],\"gridIds\":["
                            + micro() + "],\"temporaryPassword\":\"" + weak[0] + "\"}"))
                    .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("weak-password"))
                    .andExpect(jsonPath("$.reason").value(weak[1]));
            assertThat(count(other)).isZero();
        }
        // the page says it in the viewer's language
        mvc.perform(post("/accounts").with(csrf()).with(user(as("admin"))).param("username", name()).param("displayName", "弱")
                .param("roles", "GRID_WORKER").param("gridIds", String.valueOf(micro())).param("temporaryPassword", "1234567890")
                .param("lang", "en"))
                .andExpect(status().isOk()).andExpect(content().string(containsString("A password must not be digits only.")));
    }

    // ---- nobody grants above their own -------------------------------------------------------------------

    @Test
    void nobodyGrantsARoleAPermissionOrAGridAboveTheirOwn() throws Exception {
        long jincheng = grid("锦城社区");
        record Attempt(String who, String roles, boolean unmask, long grid, String code) {
        }
        List<Attempt> attempts = List.of(
                new Attempt("community", "\"STREET_STAFF\"", false, micro(), "role-above-own"),
                new Attempt("community", "\"ADMIN\"", false, micro(), "role-above-own"),
                new Attempt("community", "\"GRID_WORKER\"", false, jincheng, "scope-above-own"),
                new Attempt("street", "\"ADMIN\"", false, micro(), "role-above-own"),
                new Attempt("street", "\"GRID_WORKER\"", true, micro(), "role-above-own"));
        for (Attempt a : attempts) {
            String username = name();
            mvc.perform(post("/api/accounts").with(csrf()).with(user(as(a.who()))).contentType(MediaType.APPLICATION_JSON)
                    .content("{\"username\":\"" + username + "\",\"displayName\":\"越权\",\"roles\":[" + a.roles() + "],\"unmask\":"
                            + a.unmask() + ",\"gridIds\":[" + a.grid() + "]}"))
                    .andExpect(status().isForbidden()).andExpect(jsonPath("$.code").value(a.code()));
            assertThat(count(username)).as("%s", a).isZero();
        }
        // what they may do: street staff grants street staff, community staff grants community staff and unmasking
        create("street", name(), "\"STREET_STAFF\"", grid("学府街道"), null);
        create("community", name(), "\"COMMUNITY_STAFF\"", grid("学府社区"), null);
        mvc.perform(post("/api/accounts").with(csrf()).with(user(as("community"))).contentType(MediaType.APPLICATION_JSON)
                .content("{\"username\":\"" + name() + "\",\"displayName\":\"可查看\",\"roles\":[\"GRID_LEADER\"],\"unmask\":true,\"gridIds\":["
                        + micro() + "]}")).andExpect(status().isCreated());

        // a manager cannot edit an account above their own: community staff and the street account, an admin
        long streetAccount = jdbc.sql("select id from account where username = 'street'").query(Long.class).single();
        long admin = jdbc.sql("select id from account where username = 'admin'").query(Long.class).single();
        long before = jdbc.sql("select count(*) from account_audit where account_id = ?").param(streetAccount).query(Long.class).single();
        mvc.perform(post("/api/accounts/" + streetAccount + "/disable").with(csrf()).with(user(as("community"))))
                .andExpect(status().isNotFound());
        mvc.perform(post("/api/accounts/" + admin + "/reset-password").with(csrf()).with(user(as("street"))))
                .andExpect(status().isNotFound());
        mvc.perform(put("/api/accounts/" + streetAccount).with(csrf()).with(user(as("community"))).contentType(MediaType.APPLICATION_JSON)
                .content("{\"roles\":[\"GRID_WORKER\"],\"gridIds\":[" + micro() + "]}"))
                .andExpect(status().isNotFound());
        assertThat(jdbc.sql("select enabled from account where id = ?").param(streetAccount).query(Boolean.class).single()).isTrue();
        assertThat(jdbc.sql("select count(*) from account_audit where account_id = ?").param(streetAccount).query(Long.class).single())
                .isEqualTo(before);
        // an account of another community is neither listed nor editable for 学府社区's staff
        String other = name();
        long otherId = create("street", other, "\"GRID_WORKER\"", jincheng, null).get("id").asLong();
        mvc.perform(get("/api/accounts").param("q", other).with(user(as("community")))).andExpect(status().isOk())
                .andExpect(jsonPath("$.rows").isEmpty());
        mvc.perform(get("/api/accounts/" + otherId).with(user(as("community")))).andExpect(status().isNotFound());
        mvc.perform(get("/api/accounts").param("q", other).with(user(as("street")))).andExpect(status().isOk())
                .andExpect(jsonPath("$.rows[0].username").value(other));
        // and the worker does not manage accounts at all
        mvc.perform(get("/api/accounts").with(user(as("worker")))).andExpect(status().isForbidden());
    }

    // ---- editing, status, reset, audit -------------------------------------------------------------------

    @Test
    void rolesScopeStatusAndPasswordResetsAreChangedAndAuditedWithWhoAndFromWhere() throws Exception {
        String username = name();
        long id = create("community", username, "\"GRID_WORKER\"", micro(), null).get("id").asLong();
        long second = grid("学府憬城第2微网格");
        mvc.perform(put("/api/accounts/" + id).with(csrf()).with(user(as("community"))).contentType(MediaType.APPLICATION_JSON)
                .content("{\"displayName\":\"新名字\",\"roles\":[\"GRID_LEADER\"],\"gridIds\":[" + second + "]}")
                .with(r -> {
                    r.setRemoteAddr("10.1.2.3");
                    return r;
                }))
                .andExpect(status().isOk()).andExpect(jsonPath("$.account.roles[0]").value("GRID_LEADER"))
                .andExpect(jsonPath("$.account.grids[0].name").value("学府憬城第2微网格"));
        mvc.perform(post("/api/accounts/" + id + "/disable").with(csrf()).with(user(as("community")))).andExpect(status().isNoContent());
        mvc.perform(post("/api/accounts/" + id + "/enable").with(csrf()).with(user(as("community")))).andExpect(status().isNoContent());
        String reset = json.readTree(mvc.perform(post("/api/accounts/" + id + "/reset-password").with(csrf()).with(user(as("community"))))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString()).get("temporaryPassword").asString();
        mvc.perform(formLogin().user(username).password(reset)).andExpect(authenticated());
        // a weak temporary password is refused
        mvc.perform(post("/api/accounts/" + id + "/reset-password").with(csrf()).with(user(as("community")))
                .contentType(MediaType.APPLICATION_JSON).content("{\"temporaryPassword\":\"abc\"}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("weak-password"));

        List<String> actions = jdbc.sql("select action from account_audit where account_id = ? order by id").param(id).query(String.class).list();
        assertThat(actions).containsExactly("CREATED", "ROLES_CHANGED", "SCOPE_CHANGED", "NAME_CHANGED", "DISABLED", "ENABLED",
                "PASSWORD_RESET");
        long community = as("community").accountId();
        assertThat(jdbc.sql("select count(*) from account_audit where account_id = ? and actor_id = ?").params(id, community)
                .query(Long.class).single()).isEqualTo(7);
        assertThat(jdbc.sql("select client_address from account_audit where account_id = ? and action = 'ROLES_CHANGED'").param(id)
                .query(String.class).single()).isEqualTo("10.1.2.3");

        // the account page: words, the audit trail in words, who did it
        mvc.perform(get("/accounts/" + id).with(user(as("community")))).andExpect(status().isOk())
                .andExpect(content().string(containsString("微网格长")))
                .andExpect(content().string(containsString("微网格员 → 微网格长")))
                .andExpect(content().string(containsString("学府憬城第1微网格 → 学府憬城第2微网格")))
                .andExpect(content().string(containsString("重置密码")))
                .andExpect(content().string(containsString("学府社区书记")))
                .andExpect(content().string(not(containsString(">GRID_LEADER<"))));
        mvc.perform(get("/accounts").param("q", username).with(user(as("community")))).andExpect(status().isOk())
                .andExpect(content().string(containsString(username)))
                .andExpect(content().string(containsString("微网格长")));
    }

    // ---- changes apply at once ---------------------------------------------------------------------------

    @Test
    void aChangeOfRoleScopeOrStatusAppliesToARunningSessionAtOnce() throws Exception {
        String username = name();
        Cookie session = signedInFresh(username, "\"GRID_WORKER\"");
        long id = jdbc.sql("select id from account where username = ?").param(username).query(Long.class).single();
        mvc.perform(get("/api/me").cookie(session)).andExpect(jsonPath("$.roles[0]").value("GRID_WORKER"));
        mvc.perform(get("/api/supervision").cookie(session)).andExpect(status().isForbidden());

        mvc.perform(put("/api/accounts/" + id).with(csrf()).with(user(as("community"))).contentType(MediaType.APPLICATION_JSON)
                .content("{\"roles\":[\"COMMUNITY_STAFF\"],\"gridIds\":[" + grid("学府社区") + "]}")).andExpect(status().isOk());
        mvc.perform(get("/api/me").cookie(session)).andExpect(jsonPath("$.roles[0]").value("COMMUNITY_STAFF"))
                .andExpect(jsonPath("$.scopePaths[0]").value(jdbc.sql("select path from grid_node where name = '学府社区'")
                        .query(String.class).single()));
        mvc.perform(get("/api/supervision").cookie(session)).andExpect(status().isOk());

        mvc.perform(post("/api/accounts/" + id + "/disable").with(csrf()).with(user(as("community")))).andExpect(status().isNoContent());
        mvc.perform(get("/api/me").cookie(session)).andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.code").value("account-disabled"));
        mvc.perform(get("/").cookie(session)).andExpect(status().is3xxRedirection());
    }

    @Test
    void aNewStaffAssignmentWidensTheScopeOfARunningSession() throws Exception {
        String username = name();
        GridworkUser resident = testPeople.freshResident();
        // a resident who becomes a worker of another micro-grid (in a compound of this test's own, so that the demo's
        // compounds keep their micro-grids and staffing for other tests): an account with their person
        create("community", username, "\"GRID_WORKER\"", micro(), "Temporary-pass-1");
        jdbc.sql("update account set must_change_password = false, person_id = ? where username = ?")
                .params(resident.personId(), username).update();
        Cookie session = signIn(username, "Temporary-pass-1");
        io.gridwork.grid.GridNode compound = gridApi.create(grid("学府社区"), io.gridwork.grid.GridLevel.COMPOUND,
                "范围测试小区" + username, null, null);
        io.gridwork.grid.GridNode other = gridApi.create(compound.id(), io.gridwork.grid.GridLevel.MICRO, "范围测试" + username,
                null, null);
        String second = other.path();
        mvc.perform(get("/api/me").cookie(session)).andExpect(jsonPath("$.scopePaths", not(hasItem(second))));
        people.assign(resident.personId(), StaffRole.MICRO_GRID_WORKER, other.id(), null, null, LocalDate.now().minusDays(1), null);
        mvc.perform(get("/api/me").cookie(session)).andExpect(jsonPath("$.scopePaths", hasItem(second)));
    }

    // ---- the bulk sheet ----------------------------------------------------------------------------------

    private String code(String gridName) {
        return jdbc.sql("select code from grid_node where name = ?").param(gridName).query(String.class).single();
    }

    @Test
    void aSheetWithABadRowCreatesNothingAndTheErrorsComeBackAsAnExcelCopy() throws Exception {
        String good = name();
        String taken = "worker";
        String dup = name();
        String csv = "用户名,姓名,角色,网格编码,手机\n"
                + good + ",张网格,微网格员," + code("学府憬城第1微网格") + ",13800001234\n"
                + taken + ",李重名,微网格员," + code("学府憬城第1微网格") + ",\n"
                + dup + ",王越权,街道工作人员," + code("学府憬城第1微网格") + ",\n"
                + dup + ",赵外区,微网格员、楼长," + code("锦城社区") + ",12345\n";
        var file = new MockMultipartFile("file", "accounts.csv", "text/csv", csv.getBytes(StandardCharsets.UTF_8));
        MvcResult page = mvc.perform(multipart("/accounts/import").file(file).with(csrf()).with(user(as("community"))))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("所有账号都未创建")))
                .andExpect(content().string(containsString("用户名 worker 已被使用")))
                .andExpect(content().string(containsString("您无权授予“街道工作人员”")))
                .andExpect(content().string(containsString("没有名为“楼长”的角色")))
                .andExpect(content().string(containsString("不在您管辖的范围内")))
                .andExpect(content().string(containsString("在表格中重复出现")))
                .andExpect(content().string(containsString("手机号码格式不正确")))
                .andReturn();
        assertThat(count(good)).isZero();
        assertThat(count(dup)).isZero();

        Cookie session = page.getResponse().getCookie("SESSION");
        byte[] xlsx = mvc.perform(get("/accounts/import/errors.xlsx").with(user(as("community"))).cookie(session))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsByteArray();
        List<List<String>> rows = readXlsx(xlsx);
        assertThat(rows.get(0)).containsExactly("用户名", "姓名", "角色", "网格编码", "手机", "错误");
        assertThat(rows.get(1)).hasSize(5); // the good row has no error
        assertThat(rows.get(2).get(5)).contains("已被使用");
        assertThat(rows.get(4).get(5)).contains("楼长").contains("手机号码");

        // the API: 400 with the errors per row, in English for an English viewer; and the error copy
        mvc.perform(multipart("/api/accounts/import").file(file).with(csrf()).with(user(as("community"))).param("lang", "en")
                .header("Accept-Language", "en"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("invalid-rows"))
                .andExpect(jsonPath("$.errors[0].line").value(3));
        mvc.perform(multipart("/api/accounts/import/errors.xlsx").file(file).with(csrf()).with(user(as("community"))))
                .andExpect(status().isOk());
        assertThat(count(good)).isZero();
    }

    @Test
    void aGoodSheetCreatesEveryAccountWithATemporaryPassword() throws Exception {
        String first = name();
        String second = name();
        var out = new ByteArrayOutputStream();
        var wb = new org.dhatim.fastexcel.Workbook(out, "test", "1.0");
        var ws = wb.newWorksheet("Sheet1");
        String[][] cells = {{"用户名", "姓名", "角色", "网格编码"}, {first, "钱网格", "微网格员", code("学府憬城第1微网格")},
            {second, "孙网格长", "Micro-grid leader, GRID_WORKER", code("学府憬城第2微网格") + "，" + code("学府憬城第3微网格")}};
        for (int r = 0; r < cells.length; r++) {
            for (int c = 0; c < cells[r].length; c++) {
                ws.value(r, c, cells[r][c]);
            }
        }
        wb.finish();
        var file = new MockMultipartFile("file", "accounts.xlsx", "application/octet-stream", out.toByteArray());
        mvc.perform(multipart("/api/accounts/import").file(file).with(csrf()).with(user(as("community"))))
                .andExpect(status().isCreated()).andExpect(jsonPath("$[0].username").value(first))
                .andExpect(jsonPath("$[1].temporaryPassword").isString());
        assertThat(jdbc.sql("select count(*) from account where username in (?, ?) and must_change_password").params(first, second)
                .query(Integer.class).single()).isEqualTo(2);
        assertThat(jdbc.sql("select count(*) from account_scope s join account a on a.id = s.account_id where a.username = ?")
                .param(second).query(Integer.class).single()).isEqualTo(2);
        assertThat(as(second).roles()).extracting(Enum::name).containsExactlyInAnyOrder("GRID_LEADER", "GRID_WORKER");
    }

    private static List<List<String>> readXlsx(byte[] bytes) throws Exception {
        List<List<String>> out = new ArrayList<>();
        try (var wb = new ReadableWorkbook(new ByteArrayInputStream(bytes)); var rows = wb.getFirstSheet().openStream()) {
            rows.forEach(r -> {
                List<String> cells = new ArrayList<>();
                for (int i = 0; i < r.getCellCount(); i++) {
                    cells.add(r.getCell(i) == null ? "" : r.getCell(i).getText());
                }
                while (!cells.isEmpty() && cells.get(cells.size() - 1).isEmpty()) {
                    cells.remove(cells.size() - 1);
                }
                out.add(cells);
            });
        }
        return out;
    }

    // ---- unknown paths and the workbench -----------------------------------------------------------------

    @Test
    void unknownPathsAnswer404ToSignedInUsersAndAskAnonymousVisitorsToSignIn() throws Exception {
        mvc.perform(get("/api/no-such-thing").with(user(as("admin")))).andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("not-found"));
        mvc.perform(get("/no-such-page").with(user(as("worker")))).andExpect(status().isNotFound())
                .andExpect(content().string(containsString("页面不存在")));
        mvc.perform(post("/api/no-such-thing").with(csrf()).with(user(as("resident")))).andExpect(status().isNotFound());
        mvc.perform(get("/no-such-page")).andExpect(status().is3xxRedirection());
        mvc.perform(get("/api/no-such-thing")).andExpect(status().isUnauthorized());
        // a mapped endpoint keeps its rule: the worker may not list accounts
        mvc.perform(get("/accounts").with(user(as("worker")))).andExpect(status().isForbidden());
    }

    @Test
    void theWorkbenchShowsRolesAsWordsAndLinksToAccountsAndThePassword() throws Exception {
        mvc.perform(get("/").with(user(as("community")))).andExpect(status().isOk())
                .andExpect(content().string(containsString("社区工作人员")))
                .andExpect(content().string(not(containsString(">COMMUNITY_STAFF<"))))
                .andExpect(content().string(containsString("href=\"/accounts\"")))
                .andExpect(content().string(containsString("href=\"/me/password\"")));
        mvc.perform(get("/").with(user(as("worker")))).andExpect(status().isOk())
                .andExpect(content().string(not(containsString("href=\"/accounts\""))));
    }

    @Test
    void theTemporaryPasswordApiForAppointedWorkersRequiresAChangeAtFirstSignIn() throws Exception {
        String username = name();
        String password = accountsApi.createAccountWithTemporaryPassword(username, "新任网格员", null, java.util.Set.of(io.gridwork.shared.security.Role.GRID_WORKER),
                        List.of(micro()));
        Cookie session = signIn(username, password);
        mvc.perform(get("/").cookie(session)).andExpect(redirectedUrl("/me/password"));
    }

    @Autowired
    AccountApi accountsApi;
}
