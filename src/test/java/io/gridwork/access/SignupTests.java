package io.gridwork.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import io.gridwork.access.internal.SmsCodeSink;
import io.gridwork.people.PeopleApi;
import io.gridwork.people.PersonalDataCipher;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.security.Role;
import io.gridwork.support.GridworkTest;
import io.gridwork.support.TestPeople;
import jakarta.servlet.http.Cookie;

/**
 * Residents sign themselves up from a poster's link with an SMS code (read from the local sink here), report
 * flagged as unverified until a worker of the micro-grid links them to a household member by name and ID-number
 * ending; forgotten passwords by code; codes expire, are single-use, limited and counted in the database.
 */
@GridworkTest
class SignupTests {

    private static final String PASSWORD = "green-tea-lantern";

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    SmsCodeSink sink;

    @Autowired
    PersonalDataCipher cipher;

    @Autowired
    PeopleApi people;

    @Autowired
    AccountApi accounts;

    @Autowired
    UserDetailsService users;

    @Autowired
    TestPeople testPeople;

    // ---- sign-up -----------------------------------------------------------------------------------------

    @Test
    void aResidentSignsUpFromThePosterLinkWithTheTextedCodeAndIsSignedIn() throws Exception {
        long unit = firstUnit();
        long room = roomOf(unit);
        String phone = freshPhone();
        String addr = freshAddress();

        mvc.perform(get("/signup").param("unit", String.valueOf(unit)).with(from(addr))).andExpect(status().isOk())
                .andExpect(content().string(containsString("居民注册")))
                .andExpect(content().string(containsString("1栋1单元")));
        mvc.perform(post("/signup/code").with(csrf()).with(from(addr)).param("phone", phone).param("unitId", String.valueOf(unit)))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("验证码已发送至 " + phone.substring(0, 3) + "****" + phone.substring(7))))
                .andExpect(content().string(containsString("写入服务器日志")));
        String code = sink.lastCode(phone).orElseThrow();
        assertThat(code).matches("\\d{6}");
        assertThat(jdbc.sql("select code_hash from sms_code where phone_hash = ?").param(cipher.hash(phone)).query(String.class)
                .single()).doesNotContain(code);

        MvcResult done = mvc.perform(signUpForm(phone, code, "注册居民甲", unit, room, null, addr))
                .andExpect(redirectedUrl("/report?unit=" + unit)).andReturn();
        Cookie[] session = done.getResponse().getCookies();
        mvc.perform(get("/api/me").cookie(session)).andExpect(status().isOk()).andExpect(jsonPath("$.username").value(phone))
                .andExpect(jsonPath("$.roles[0]").value("RESIDENT")).andExpect(jsonPath("$.householdId").isEmpty());
        long accountId = accountOf(phone);

        var row = jdbc.sql("select name, phone_enc, phone_mask, unit_id, household_id, status from signup where account_id = ?")
                .param(accountId).query((rs, i) -> new Object[] {rs.getString(1), rs.getString(2), rs.getString(3),
                    rs.getLong(4), rs.getLong(5), rs.getString(6)}).single();
        assertThat(row[0]).isEqualTo("注册居民甲");
        assertThat((String) row[1]).doesNotContain(phone);
        assertThat(cipher.decrypt((String) row[1])).isEqualTo(phone);
        assertThat(row[2]).isEqualTo(phone.substring(0, 3) + "****" + phone.substring(7));
        assertThat(row[3]).isEqualTo(unit);
        assertThat(row[4]).isEqualTo(room);
        assertThat(row[5]).isEqualTo("PENDING");
        // the workbench shows the resident that a worker still has to check the sign-up
        mvc.perform(get("/signup/status").cookie(session)).andExpect(status().isOk())
                .andExpect(content().string(containsString("待核实")));
    }

    @Test
    void aWrongCodeIsRefusedAndCountedAndFiveWrongAttemptsVoidTheCode() throws Exception {
        long unit = firstUnit();
        String phone = freshPhone();
        String addr = freshAddress();
        String code = sendCode(phone, addr);
        String wrong = code.equals("000000") ? "111111" : "000000";

        mvc.perform(signUpForm(phone, wrong, "注册居民乙", unit, null, null, addr)).andExpect(status().isOk())
                .andExpect(content().string(containsString("验证码错误")));
        assertThat(accountOf(phone)).isNull();
        assertThat(attempts(phone)).isEqualTo(1);
        for (int i = 0; i < 4; i++) {
            mvc.perform(signUpForm(phone, wrong, "注册居民乙", unit, null, null, addr)).andExpect(status().isOk());
        }
        // the right code no longer works after five wrong ones
        mvc.perform(signUpForm(phone, code, "注册居民乙", unit, null, null, addr)).andExpect(status().isOk())
                .andExpect(content().string(containsString("已失效")));
        assertThat(accountOf(phone)).isNull();
        assertThat(jdbc.sql("select count(*) from signup s join account_phone p on p.account_id = s.account_id where p.phone_hash = ?")
                .param(cipher.hash(phone)).query(Long.class).single()).isZero();
    }

    @Test
    void anExpiredCodeIsRefusedAndNothingIsCreated() throws Exception {
        String phone = freshPhone();
        String addr = freshAddress();
        String code = sendCode(phone, addr);
        jdbc.sql("update sms_code set expires_at = ? where phone_hash = ?")
                .params(Timestamp.from(Instant.now().minusSeconds(1)), cipher.hash(phone)).update();

        mvc.perform(signUpForm(phone, code, "注册居民丙", firstUnit(), null, null, addr)).andExpect(status().isOk())
                .andExpect(content().string(containsString("验证码已过期")));
        assertThat(accountOf(phone)).isNull();
    }

    @Test
    void aCodeWorksOnceAReplayIsRefused() throws Exception {
        String phone = freshPhone();
        String addr = freshAddress();
        signUp(phone, "注册居民丁", firstUnit(), null, null, addr);
        jdbc.sql("update sms_code set created_at = ?, minute_slot = minute_slot - 5 where phone_hash = ?")
                .params(Timestamp.from(Instant.now().minusSeconds(300)), cipher.hash(phone)).update();
        mvc.perform(post("/password/forgot/code").with(csrf()).with(from(addr)).param("phone", phone))
                .andExpect(status().isOk()).andExpect(content().string(containsString("验证码已发送")));
        String code = sink.lastCode(phone).orElseThrow();
        mvc.perform(post("/password/forgot").with(csrf()).with(from(addr)).param("phone", phone).param("code", code)
                .param("password", "first-new-lantern")).andExpect(redirectedUrl("/login?reset=" + phone));
        String hash = passwordHash(phone);

        mvc.perform(post("/password/forgot").with(csrf()).with(from(addr)).param("phone", phone).param("code", code)
                .param("password", "second-new-lantern")).andExpect(status().isOk())
                .andExpect(content().string(containsString("验证码已使用")));
        assertThat(passwordHash(phone)).isEqualTo(hash);
    }

    @Test
    void codesAreLimitedPerNumberAndPerAddress() throws Exception {
        String phone = freshPhone();
        String addr = freshAddress();
        sendCode(phone, addr);
        // a second code within the minute
        mvc.perform(post("/signup/code").with(csrf()).with(from(addr)).param("phone", phone).param("unitId", String.valueOf(firstUnit())))
                .andExpect(status().isOk()).andExpect(content().string(containsString("太频繁")));
        assertThat(codes(phone)).isEqualTo(1);

        // five in the last hour (recorded as earlier requests, as another instance would have)
        String busy = freshPhone();
        for (int i = 1; i <= 5; i++) {
            insertCode(busy, freshAddress(), Instant.now().minusSeconds(i * 300L));
        }
        mvc.perform(post("/signup/code").with(csrf()).with(from(freshAddress())).param("phone", busy))
                .andExpect(status().isOk()).andExpect(content().string(containsString("该手机号 1 小时内获取验证码次数过多")));
        assertThat(codes(busy)).isEqualTo(5);

        // twenty from one address in the last hour, for different numbers
        String crowded = freshAddress();
        for (int i = 1; i <= 20; i++) {
            insertCode(freshPhone(), crowded, Instant.now().minusSeconds(i * 60L));
        }
        String another = freshPhone();
        mvc.perform(post("/signup/code").with(csrf()).with(from(crowded)).param("phone", another))
                .andExpect(status().isOk()).andExpect(content().string(containsString("当前网络 1 小时内获取验证码次数过多")));
        assertThat(codes(another)).isZero();
        assertThat(sink.lastCode(another)).isEmpty();
    }

    @Test
    void aSignUpForAUnitThatDoesNotExistIsRefused() throws Exception {
        String addr = freshAddress();
        mvc.perform(get("/signup").param("unit", "999999999").with(from(addr))).andExpect(status().isOk())
                .andExpect(content().string(containsString("找不到该单元")))
                .andExpect(content().string(not(containsString("id=\"signup-form\""))));
        String phone = freshPhone();
        String code = sendCode(phone, addr);
        mvc.perform(signUpForm(phone, code, "注册居民戊", 999999999L, null, null, addr)).andExpect(status().isOk())
                .andExpect(content().string(containsString("找不到该单元")));
        assertThat(accountOf(phone)).isNull();
        // the code was not used up by the refused sign-up
        mvc.perform(signUpForm(phone, code, "注册居民戊", firstUnit(), null, null, addr)).andExpect(status().is3xxRedirection());
    }

    @Test
    void aNumberThatHasAnAccountCannotSignUpAgain() throws Exception {
        String phone = freshPhone();
        String addr = freshAddress();
        signUp(phone, "注册居民己", firstUnit(), null, null, addr);
        long before = codes(phone);
        jdbc.sql("update sms_code set created_at = ?, minute_slot = minute_slot - 5 where phone_hash = ?")
                .params(Timestamp.from(Instant.now().minusSeconds(300)), cipher.hash(phone)).update();
        mvc.perform(post("/signup/code").with(csrf()).with(from(addr)).param("phone", phone)
                .param("unitId", String.valueOf(firstUnit()))).andExpect(status().isOk())
                .andExpect(content().string(containsString("该手机号已注册")));
        assertThat(codes(phone)).isEqualTo(before);
        mvc.perform(signUpForm(phone, "123456", "别人", firstUnit(), null, "other-" + phone, addr)).andExpect(status().isOk())
                .andExpect(content().string(containsString("该手机号已注册")));
        assertThat(jdbc.sql("select count(*) from account where username = ?").param("other-" + phone).query(Long.class).single())
                .isZero();
    }

    @Test
    void weakPasswordsAndBadNumbersAreRefused() throws Exception {
        String phone = freshPhone();
        String addr = freshAddress();
        mvc.perform(post("/signup/code").with(csrf()).with(from(addr)).param("phone", "12345"))
                .andExpect(status().isOk()).andExpect(content().string(containsString("请输入 11 位手机号")));
        String code = sendCode(phone, addr);
        for (String weak : List.of("short-1", "12345678901234", "password123", "x" + phone)) {
            mvc.perform(signUpForm(phone, code, "注册居民庚", firstUnit(), null, null, addr, weak))
                    .andExpect(status().isOk()).andExpect(content().string(containsString("密码太弱")));
        }
        assertThat(accountOf(phone)).isNull();
    }

    // ---- reporting before and after the check ------------------------------------------------------------------

    @Test
    void anUnverifiedResidentReportsAtTheUnitAndWorkersSeeUnverified() throws Exception {
        long unit = firstUnit();
        long room = roomOf(unit);
        String addr = freshAddress();
        Cookie[] session = signUp(freshPhone(), "注册居民辛", unit, room, null, addr);

        String page = mvc.perform(get("/report").cookie(session)).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString();
        assertThat(page).contains("name=\"unitId\"").contains("value=\"" + unit + "\" selected");
        String token = page.replaceAll("(?s).*name=\"token\" value=\"([^\"]+)\".*", "$1");
        String roomNumber = jdbc.sql("select room from household where id = ?").param(room).query(String.class).single();
        assertThat(page).contains(roomNumber + "室");

        MvcResult sent = mvc.perform(post("/report").cookie(session).with(csrf()).with(from(addr)).param("token", token)
                .param("categoryCode", "WATER_LEAK").param("description", "注册后反映：楼道滴水").param("where", "PLACE")
                .param("unitId", String.valueOf(unit)).param("locationText", roomNumber + "室"))
                .andExpect(redirectedUrlPattern("/demands/*")).andReturn();
        long demand = Long.parseLong(sent.getResponse().getRedirectedUrl().substring("/demands/".length()));
        assertThat(jdbc.sql("select reporter_unverified from demand where id = ?").param(demand).query(Boolean.class).single()).isTrue();

        GridworkUser worker = (GridworkUser) users.loadUserByUsername("worker");
        mvc.perform(get("/demands/" + demand).with(user(worker))).andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"reporter-unverified\"")))
                .andExpect(content().string(containsString("未核实")));
        mvc.perform(get("/demands").param("ref", jdbc.sql("select ref_no from demand where id = ?").param(demand)
                .query(String.class).single()).with(user(worker))).andExpect(status().isOk())
                .andExpect(content().string(containsString("badge warn unverified")));

        // a resident of the register is not flagged
        GridworkUser resident = testPeople.freshResident();
        MvcResult other = mvc.perform(post("/report").with(user(resident)).with(csrf()).with(from(freshAddress()))
                .param("categoryCode", "WATER_LEAK").param("description", "登记居民反映").param("where", "HOUSEHOLD"))
                .andExpect(redirectedUrlPattern("/demands/*")).andReturn();
        long registered = Long.parseLong(other.getResponse().getRedirectedUrl().substring("/demands/".length()));
        assertThat(jdbc.sql("select reporter_unverified from demand where id = ?").param(registered).query(Boolean.class).single())
                .isFalse();
    }

    // ---- the worker's check ---------------------------------------------------------------------------------

    @Test
    void aWorkerOfTheMicroGridConfirmsByNameAndIdNumberEndingNeverSeeingTheNumber() throws Exception {
        long unit = firstUnit();
        long room = roomOf(unit);
        String tag = UUID.randomUUID().toString().substring(0, 6);
        String name = "核实居民" + tag;
        String idCard = testPeople.unusedIdCard();
        long person = people.register(room, new PeopleApi.NewPerson(name, idCard, null, null), "OTHER");
        String phone = freshPhone();
        Cookie[] session = signUp(phone, name, unit, null, null, freshAddress());
        long account = accountOf(phone);
        long signup = jdbc.sql("select id from signup where account_id = ?").param(account).query(Long.class).single();
        GridworkUser worker = (GridworkUser) users.loadUserByUsername("worker");

        String list = mvc.perform(get("/signups").with(user(worker))).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString();
        assertThat(list).contains(name).contains(phone.substring(0, 3) + "****" + phone.substring(7)).doesNotContain(phone);
        String review = mvc.perform(get("/signups/" + signup).with(user(worker))).andExpect(status().isOk()).andReturn()
                .getResponse().getContentAsString();
        assertThat(review).contains(name).doesNotContain(idCard).doesNotContain(idCard.substring(14)).doesNotContain(phone);

        // a wrong ending is refused and changes nothing
        String wrong = idCard.substring(14).equals("0000") ? "1111" : "0000";
        mvc.perform(post("/signups/" + signup + "/confirm").with(csrf()).with(user(worker)).param("householdId", String.valueOf(room))
                .param("name", name).param("idSuffix", wrong)).andExpect(status().isOk())
                .andExpect(content().string(containsString("该户没有与姓名和身份证号后 4 位相符的成员")));
        assertThat(signupStatus(signup)).isEqualTo("PENDING");
        assertThat(personOf(account)).isNull();

        mvc.perform(post("/signups/" + signup + "/confirm").with(csrf()).with(user(worker)).param("householdId", String.valueOf(room))
                .param("name", name).param("idSuffix", idCard.substring(14))).andExpect(redirectedUrl("/signups"));
        assertThat(signupStatus(signup)).isEqualTo("CONFIRMED");
        assertThat(personOf(account)).isEqualTo(person);
        assertThat(inboxTitle(account)).isEqualTo("注册已核实");

        // the resident's session picks up the household at the next request
        mvc.perform(get("/signup/status").cookie(session)).andExpect(status().isOk())
                .andExpect(content().string(containsString("已核实")));
        mvc.perform(get("/api/me").cookie(session)).andExpect(jsonPath("$.householdId").value(room));
        // a decided sign-up cannot be decided again
        mvc.perform(post("/signups/" + signup + "/reject").with(csrf()).with(user(worker)).param("reason", "再次处理"))
                .andExpect(status().isOk()).andExpect(content().string(containsString("该注册已处理")));
        assertThat(signupStatus(signup)).isEqualTo("CONFIRMED");
    }

    @Test
    void theEndingTheResidentGaveIsUsedWhenTheWorkerEntersNone() throws Exception {
        long unit = firstUnit();
        long room = roomOf(unit);
        String name = "自报居民" + UUID.randomUUID().toString().substring(0, 6);
        String idCard = testPeople.unusedIdCard();
        long person = people.register(room, new PeopleApi.NewPerson(name, idCard, null, null), "OTHER");
        String phone = freshPhone();
        signUp(phone, name, unit, room, idCard.substring(14), freshAddress());
        long signup = jdbc.sql("select id from signup where account_id = ?").param(accountOf(phone)).query(Long.class).single();

        mvc.perform(post("/signups/" + signup + "/confirm").with(csrf()).with(user(users.loadUserByUsername("leader")))
                .param("householdId", String.valueOf(room)).param("name", "")).andExpect(redirectedUrl("/signups"));
        assertThat(personOf(accountOf(phone))).isEqualTo(person);
    }

    @Test
    void aWorkerOutsideTheMicroGridCannotSeeOrDecideTheSignUp() throws Exception {
        long unit = firstUnit();
        String phone = freshPhone();
        signUp(phone, "别网格居民", unit, null, null, freshAddress());
        long signup = jdbc.sql("select id from signup where account_id = ?").param(accountOf(phone)).query(Long.class).single();
        long second = jdbc.sql("select id from grid_node where name = '学府憬城第2微网格'").query(Long.class).single();
        String username = "sw-" + UUID.randomUUID().toString().substring(0, 8);
        accounts.createAccount(username, "outside-worker-pass", "第二网格员", null, Set.of(Role.GRID_WORKER), Set.of(), List.of(second));
        GridworkUser outsider = (GridworkUser) users.loadUserByUsername(username);

        mvc.perform(get("/signups").with(user(outsider))).andExpect(status().isOk())
                .andExpect(content().string(not(containsString("别网格居民"))));
        mvc.perform(get("/signups/" + signup).with(user(outsider))).andExpect(status().isNotFound());
        mvc.perform(post("/signups/" + signup + "/confirm").with(csrf()).with(user(outsider)).param("householdId", "1")
                .param("idSuffix", "1234")).andExpect(status().isNotFound());
        mvc.perform(post("/signups/" + signup + "/reject").with(csrf()).with(user(outsider)).param("reason", "不在本网格"))
                .andExpect(status().isNotFound());
        assertThat(signupStatus(signup)).isEqualTo("PENDING");
        // and residents do not review sign-ups at all
        mvc.perform(get("/signups").with(user(users.loadUserByUsername("resident")))).andExpect(status().isForbidden());
    }

    @Test
    void aWorkerRejectsWithAReasonThatTheResidentSees() throws Exception {
        String phone = freshPhone();
        Cookie[] session = signUp(phone, "驳回居民", firstUnit(), null, null, freshAddress());
        long signup = jdbc.sql("select id from signup where account_id = ?").param(accountOf(phone)).query(Long.class).single();
        GridworkUser worker = (GridworkUser) users.loadUserByUsername("worker");

        mvc.perform(post("/signups/" + signup + "/reject").with(csrf()).with(user(worker)).param("reason", " "))
                .andExpect(status().isOk()).andExpect(content().string(containsString("请填写理由")));
        assertThat(signupStatus(signup)).isEqualTo("PENDING");
        mvc.perform(post("/signups/" + signup + "/reject").with(csrf()).with(user(worker)).param("reason", "本单元无此住户"))
                .andExpect(redirectedUrl("/signups"));
        assertThat(signupStatus(signup)).isEqualTo("REJECTED");
        assertThat(inboxTitle(accountOf(phone))).isEqualTo("注册未通过核实");
        mvc.perform(get("/signup/status").cookie(session)).andExpect(status().isOk())
                .andExpect(content().string(containsString("未通过原因：本单元无此住户")));
    }

    // ---- forgotten password -------------------------------------------------------------------------------------

    @Test
    void aForgottenPasswordIsResetWithACodeToTheVerifiedNumber() throws Exception {
        String phone = freshPhone();
        String addr = freshAddress();
        signUp(phone, "忘记密码居民", firstUnit(), null, null, addr);
        jdbc.sql("update sms_code set created_at = ?, minute_slot = minute_slot - 5 where phone_hash = ?")
                .params(Timestamp.from(Instant.now().minusSeconds(300)), cipher.hash(phone)).update();

        mvc.perform(get("/password/forgot")).andExpect(status().isOk()).andExpect(content().string(containsString("找回密码")));
        mvc.perform(post("/password/forgot/code").with(csrf()).with(from(addr)).param("phone", freshPhone()))
                .andExpect(status().isOk()).andExpect(content().string(containsString("没有账号绑定此手机号")));
        mvc.perform(post("/password/forgot/code").with(csrf()).with(from(addr)).param("phone", phone))
                .andExpect(status().isOk()).andExpect(content().string(containsString("验证码已发送")));
        String code = sink.lastCode(phone).orElseThrow();
        String before = passwordHash(phone);
        mvc.perform(post("/password/forgot").with(csrf()).with(from(addr)).param("phone", phone).param("code", code)
                .param("password", "1234567890")).andExpect(status().isOk()).andExpect(content().string(containsString("密码太弱")));
        assertThat(passwordHash(phone)).isEqualTo(before);

        mvc.perform(post("/password/forgot").with(csrf()).with(from(addr)).param("phone", phone).param("code", code)
                .param("password", "brand-new-lantern")).andExpect(redirectedUrl("/login?reset=" + phone));
        mvc.perform(formLogin().user(phone).password("brand-new-lantern")).andExpect(redirectedUrl("/"));
        mvc.perform(formLogin().user(phone).password(PASSWORD)).andExpect(redirectedUrl("/login?error"));
    }

    @Test
    void theLoginPageOffersSignUpKeepingThePostersUnit() throws Exception {
        long unit = firstUnit();
        MvcResult redirected = mvc.perform(get("/report").param("unit", String.valueOf(unit)))
                .andExpect(redirectedUrl("/login")).andReturn();
        Cookie[] session = redirected.getResponse().getCookies();
        mvc.perform(get("/login").cookie(session)).andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"signup-invite\"")))
                .andExpect(content().string(containsString("/signup?unit=" + unit)))
                .andExpect(content().string(containsString("/password/forgot")));
        mvc.perform(get("/login")).andExpect(status().isOk())
                .andExpect(content().string(not(containsString("id=\"signup-invite\""))))
                .andExpect(content().string(containsString("id=\"signup-link\"")));
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private Cookie[] signUp(String phone, String name, long unit, Long room, String idSuffix, String addr) throws Exception {
        String code = sendCode(phone, addr);
        MockHttpServletRequestBuilder form = signUpForm(phone, code, name, unit, room, null, addr);
        if (idSuffix != null) {
            form.param("idSuffix", idSuffix);
        }
        MvcResult done = mvc.perform(form).andExpect(redirectedUrl("/report?unit=" + unit)).andReturn();
        return done.getResponse().getCookies();
    }

    private String sendCode(String phone, String addr) throws Exception {
        mvc.perform(post("/signup/code").with(csrf()).with(from(addr)).param("phone", phone)).andExpect(status().isOk())
                .andExpect(content().string(containsString("验证码已发送")));
        return sink.lastCode(phone).orElseThrow();
    }

    private MockHttpServletRequestBuilder signUpForm(String phone, String code, String name, long unit, Long room, String username,
            String addr) {
        return signUpForm(phone, code, name, unit, room, username, addr, PASSWORD);
    }

    private MockHttpServletRequestBuilder signUpForm(String phone, String code, String name, long unit, Long room, String username,
            String addr, String password) {
        MockHttpServletRequestBuilder b = post("/signup").with(csrf()).with(from(addr)).param("phone", phone).param("code", code)
                .param("name", name).param("unitId", String.valueOf(unit)).param("password", password);
        if (room != null) {
            b.param("householdId", String.valueOf(room));
        }
        if (username != null) {
            b.param("username", username);
        }
        return b;
    }

    private static RequestPostProcessor from(String addr) {
        return r -> {
            r.setRemoteAddr(addr);
            return r;
        };
    }

    private long firstUnit() {
        return jdbc.sql("""
                select min(u.id) from unit u join building b on b.id = u.building_id join grid_node g on g.id = b.micro_grid_id
                 where g.name = '学府憬城第1微网格' and b.number = '1' and u.number = '1'""").query(Long.class).single();
    }

    private long roomOf(long unit) {
        List<Long> rooms = jdbc.sql("select id from household where unit_id = ? order by id").param(unit).query(Long.class).list();
        return rooms.get(ThreadLocalRandom.current().nextInt(rooms.size()));
    }

    private String freshPhone() {
        while (true) {
            String phone = "139" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
            if (jdbc.sql("select count(*) from sms_code where phone_hash = ?").param(cipher.hash(phone)).query(Long.class).single() == 0) {
                return phone;
            }
        }
    }

    private static String freshAddress() {
        var r = ThreadLocalRandom.current();
        return "10." + r.nextInt(256) + "." + r.nextInt(256) + "." + (1 + r.nextInt(254));
    }

    private void insertCode(String phone, String addr, Instant at) {
        jdbc.sql("""
                insert into sms_code (purpose, phone_hash, client_addr, code_hash, minute_slot, created_at, expires_at)
                values ('SIGNUP', ?, ?, 'x', ?, ?, ?)""")
                .params(cipher.hash(phone), addr, at.getEpochSecond() / 60, Timestamp.from(at), Timestamp.from(at.plusSeconds(300)))
                .update();
    }

    private long codes(String phone) {
        return jdbc.sql("select count(*) from sms_code where phone_hash = ?").param(cipher.hash(phone)).query(Long.class).single();
    }

    private int attempts(String phone) {
        return jdbc.sql("select attempts from sms_code where phone_hash = ? order by id desc limit 1").param(cipher.hash(phone))
                .query(Integer.class).single();
    }

    private Long accountOf(String phone) {
        return jdbc.sql("select id from account where username = ?").param(phone).query(Long.class).optional().orElse(null);
    }

    private Long personOf(long account) {
        long person = jdbc.sql("select coalesce(person_id, 0) from account where id = ?").param(account).query(Long.class).single();
        return person == 0 ? null : person;
    }

    /** The first inbox message of an account, waiting for the listener (it runs after the commit). */
    private String inboxTitle(long account) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            var title = jdbc.sql("select title from notify_message where account_id = ? order by id").param(account)
                    .query(String.class).list();
            if (!title.isEmpty()) {
                return title.get(0);
            }
            Thread.sleep(100);
        }
        return null;
    }

    private String signupStatus(long id) {
        return jdbc.sql("select status from signup where id = ?").param(id).query(String.class).single();
    }

    private String passwordHash(String username) {
        return jdbc.sql("select password_hash from account where username = ?").param(username).query(String.class).single();
    }
}
