package io.gridwork.economy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.gridwork.economy.internal.FundExpenses;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.support.Browser;
import io.gridwork.support.BrowserTest;
import io.gridwork.support.TestPeople;

/** On a phone: committee members approve an expense of 学府社区's micro-fund; a resident reads the public statement. */
@BrowserTest
class FundBrowserTests {

    private static final String DEMO = "gridwork-demo";

    @Autowired
    FundFixtures fixtures;
    @Autowired
    EconomyFixtures economy;
    @Autowired
    FundExpenses expenses;
    @Autowired
    JdbcClient jdbc;

    @Test
    void theCommitteeApprovesAnExpenseAndAResidentReadsTheStatement(Browser browser) {
        long xuefu = economy.xuefu();
        GridworkUser secretary = fixtures.user("community");
        String title = "楼道堆物清理 " + UUID.randomUUID().toString().substring(0, 6);
        long id = expenses.propose(xuefu, new FundExpenses.NewExpense(FundExpenses.Purpose.CLEANUP, title, "3 栋 1 单元楼道杂物清运",
                4_500L, null, null), FundFixtures.receipt(), "browser-" + UUID.randomUUID(), secretary).id();

        browser.phone().signIn("owners", DEMO).open("/economy/fund");
        assertThat(browser.text("#waiting")).contains(title);
        browser.clickAndWaitForPage(browser.find("#expense-" + id + " a"));
        assertThat(browser.path()).isEqualTo("/economy/fund/expenses/" + id);
        assertThat(browser.text("#expense-" + id)).contains("待审批").contains("已同意 0/2").contains("¥45.00");
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("fund-approval-phone");
        browser.clickAndWaitForPage("#approve-form button");
        assertThat(browser.text("#done")).contains("等待其他委员");
        assertThat(browser.text("#expense-" + id)).contains("已同意 1/2").contains("业委会委员 同意");

        browser.signOut().signIn("party", DEMO).open("/economy/fund/expenses/" + id);
        browser.clickAndWaitForPage("#approve-form button");
        assertThat(browser.text("#done")).contains("已支付");
        assertThat(browser.text("#expense-" + id)).contains("已支付");
        assertThat(browser.exists("#approve-form")).isFalse();
        browser.screenshot("fund-approved-phone");

        browser.signOut().signIn("resident", DEMO).open("/economy/fund");
        browser.clickAndWaitForPage("#place-" + xuefu + " a");
        assertThat(browser.path()).isEqualTo("/economy/communities/" + xuefu + "/fund/statement");
        assertThat(browser.text("#balance")).startsWith("¥");
        assertThat(browser.text("#expenses")).contains(title).contains("环境整治").contains("小区党支部 同意");
        assertThat(browser.text("#donations")).contains("邻里惠民超市");
        assertThat((Boolean) browser.driver().executeScript(
                "const i = document.querySelector('#expense-" + id + " img'); return i.complete && i.naturalWidth > 0")).isTrue();
        assertThat(browser.exists("#excel")).isFalse();
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("fund-statement-phone");
        String month = browser.find("#months a:nth-child(2)").getText();
        browser.clickAndWaitForPage("#months a:nth-child(2)");
        assertThat(browser.text("#out")).startsWith("¥");
        assertThat(browser.path()).endsWith("month=" + month);
    }
}
