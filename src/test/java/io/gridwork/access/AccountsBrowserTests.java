package io.gridwork.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.gridwork.support.Browser;
import io.gridwork.support.BrowserTest;
import io.gridwork.support.SignedIn;

@BrowserTest
class AccountsBrowserTests {

    @Autowired
    JdbcClient jdbc;

    @Test
    void anAdminCreatesAnAccountOnAPhoneAndTheNewUserMustChooseTheirOwnPassword(Browser browser) {
        String username = "phone-" + UUID.randomUUID().toString().substring(0, 8);
        long micro = jdbc.sql("select id from grid_node where name = '学府憬城第1微网格'").query(Long.class).single();

        browser.phone().signIn("admin", SignedIn.DEMO_PASSWORD);
        assertThat(browser.text("#home-me")).contains("系统管理员").doesNotContain("ADMIN");
        browser.clickAndWaitForPage("#home-account-admin");
        assertThat(browser.path()).startsWith("/accounts");
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("accounts-list-phone");

        browser.clickAndWaitForPage("#account-new");
        browser.find("input[name=username]").sendKeys(username);
        browser.find("input[name=displayName]").sendKeys("手机新建网格员");
        browser.find("input[name=roles][value=GRID_WORKER]").click();
        browser.select("#grid-picker", String.valueOf(micro));
        browser.find("input[name=phone]").sendKeys("13800009999");
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("account-new-phone");
        browser.clickAndWaitForPage("#account-form button[type=submit]");

        assertThat(browser.path()).matches("/accounts/\\d+");
        String temporary = browser.text("#temporary-password-value");
        assertThat(temporary).hasSizeGreaterThanOrEqualTo(10);
        assertThat(browser.pageText()).contains("微网格员").contains("学府憬城第1微网格").contains("138****9999").contains("创建账号");
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("account-created-phone");

        browser.signOut().signIn(username, temporary);
        assertThat(browser.path()).isEqualTo("/me/password");
        assertThat(browser.text("#password-forced")).contains("请先设置");
        browser.open("/grid");
        assertThat(browser.path()).as("every page leads to the password change").isEqualTo("/me/password");
        browser.find("input[name=currentPassword]").sendKeys(temporary);
        browser.find("input[name=newPassword]").sendKeys("1234567890");
        browser.find("input[name=repeatPassword]").sendKeys("1234567890");
        browser.clickAndWaitForPage("main form button[type=submit]");
        assertThat(browser.text("#password-error")).isEqualTo("密码不能全是数字。");
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("password-forced-phone");

        browser.find("input[name=currentPassword]").sendKeys(temporary);
        browser.find("input[name=newPassword]").sendKeys("My-own-grid-2026");
        browser.find("input[name=repeatPassword]").sendKeys("My-own-grid-2026");
        browser.clickAndWaitForPage("main form button[type=submit]");
        assertThat(browser.path()).isEqualTo("/");
        assertThat(browser.text("#password-changed")).isEqualTo("密码已修改。");
        assertThat(browser.text("#home-me")).contains("微网格员");
        browser.open("/grid");
        assertThat(browser.path()).isEqualTo("/grid");
        browser.open("/no-such-page");
        assertThat(browser.pageText()).contains("404").contains("页面不存在");
        browser.screenshot("not-found-phone");
    }
}
