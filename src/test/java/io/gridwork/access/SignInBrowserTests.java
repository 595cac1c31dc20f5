package io.gridwork.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.gridwork.shared.security.Role;
import io.gridwork.support.Browser;
import io.gridwork.support.BrowserTest;

@BrowserTest
class SignInBrowserTests {

    private static final String PASSWORD = "correct-horse-battery";

    @Autowired
    AccountApi accounts;
    @Autowired
    JdbcClient jdbc;

    /** An account of its own, so that the wrong password here never locks a demo account for others. */
    private String username;

    @BeforeEach
    void createAccount() {
        username = "signin-" + UUID.randomUUID().toString().substring(0, 8);
        accounts.createAccount(username, PASSWORD, "浏览器测试员", null, Set.of(Role.OWNERS_COMMITTEE), Set.of(), List.of());
    }

    @Test
    void wrongPasswordStaysOnTheLoginPageWithTheMessage(Browser browser) {
        browser.phone().signIn(username, "not-the-password");

        assertThat(browser.path()).startsWith("/login");
        assertThat(browser.text("main .error")).isEqualTo("用户名或密码错误，或账号已被暂时锁定");
        assertThat(browser.exists("input[name=password]")).isTrue();
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("login-failed-phone");
    }

    @Test
    void rightPasswordReachesTheWorkbench(Browser browser) {
        browser.phone().signIn(username, PASSWORD);

        assertThat(browser.path()).isEqualTo("/");
        assertThat(browser.text("main h1")).isEqualTo("欢迎，浏览器测试员");
        assertThat(browser.text("header .who")).isEqualTo("浏览器测试员");
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("workbench-phone");
    }

    /** A page the role may not open says so in the page's language, not with the servlet's English reason. */
    @Test
    void aForbiddenPageSaysWhyInWords(Browser browser) {
        browser.phone().signIn(username, PASSWORD).open("/supervision");

        assertThat(browser.text("main h1")).isEqualTo("出错了 403");
        assertThat(browser.text("main .error")).isEqualTo("您的角色没有此项权限。");
        assertThat(browser.pageText()).doesNotContain("Forbidden");
    }

    @Test
    void signInPageSpeaksEnglishOnRequest(Browser browser) {
        browser.open("/login?lang=en");

        assertThat(browser.text("main h1")).isEqualTo("Sign in");
        browser.signIn(username, "not-the-password");
        assertThat(browser.text("main .error")).isEqualTo("Wrong user name or password, or the account is locked for a while");
    }

    /** Issue 12: a visitor who is not signed in has no session; signing in starts one and comes back to the page. */
    @Test
    void aSignedOutVisitorHasNoSessionUntilSigningInAndComesBackToThePage(Browser browser) {
        long before = jdbc.sql("select count(*) from spring_session").query(Long.class).single();
        browser.phone().open("/notify/inbox");
        assertThat(browser.path()).startsWith("/login");
        browser.open("/signup").open("/password/forgot").signIn(username, "not-the-password");
        assertThat(browser.path()).startsWith("/login");
        browser.open("/notify/inbox");
        assertThat(browser.driver().manage().getCookieNamed("SESSION")).isNull();
        assertThat(jdbc.sql("select count(*) from spring_session").query(Long.class).single()).isLessThanOrEqualTo(before);
        var csrf = browser.driver().manage().getCookieNamed("XSRF-TOKEN");
        assertThat(csrf).isNotNull();
        assertThat(csrf.isHttpOnly()).isTrue();

        browser.find("input[name=username]").sendKeys(username);
        browser.find("input[name=password]").sendKeys(PASSWORD);
        browser.clickAndWaitForPage("main form button[type=submit]");
        assertThat(browser.path()).isEqualTo("/notify/inbox");
        assertThat(browser.driver().manage().getCookieNamed("SESSION")).isNotNull();
        assertThat(browser.driver().manage().getCookieNamed("GW_CONTINUE")).as("the kept page is used once").isNull();
        assertThat(jdbc.sql("select count(*) from spring_session where principal_name = ?").param(username).query(Long.class)
                .single()).isOne();
    }
}
