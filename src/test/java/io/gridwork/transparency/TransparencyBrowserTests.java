package io.gridwork.transparency;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.gridwork.support.Browser;
import io.gridwork.support.BrowserTest;

/**
 * On a phone: the property company drafts an income-and-expense report (totals that do not add up are refused and
 * nothing is saved) and submits it, the owners committee approves it, and a resident of the compound reads it.
 */
@BrowserTest
class TransparencyBrowserTests {

    static final String PASSWORD = "gridwork-demo";

    @Autowired JdbcClient jdbc;

    @Test
    void propertyDraftsOwnersApproveAndAResidentReadsOnAPhone(Browser browser) {
        long jingcheng = jdbc.sql("select id from grid_node where name = '学府憬城'").query(Long.class).single();
        // the latest quarter the demo's contract covers that has no income-and-expense report yet
        LocalDate q = LocalDate.now(ZoneId.of("Asia/Shanghai")).withDayOfMonth(1);
        q = q.withMonth((q.getMonthValue() - 1) / 3 * 3 + 1);
        while (jdbc.sql("select count(*) from transparency_report where compound_id = ? and kind = 'FINANCE' and report_year = ? and quarter = ?")
                .params(jingcheng, q.getYear(), (q.getMonthValue() - 1) / 3 + 1).query(Integer.class).single() > 0) {
            q = q.minusMonths(3);
        }
        String quarter = String.valueOf((q.getMonthValue() - 1) / 3 + 1);

        browser.phone().signIn("property", PASSWORD);
        browser.open("/transparency");
        assertThat(browser.path()).isEqualTo("/transparency/compounds/" + jingcheng);
        assertThat(browser.text("#current-company")).isEqualTo("成都锦憬物业服务有限公司");
        browser.select("#new-report select[name=kind]", "FINANCE");
        browser.find("#new-report input[name=year]").clear();
        browser.find("#new-report input[name=year]").sendKeys(String.valueOf(q.getYear()));
        browser.select("#new-report select[name=quarter]", quarter);
        browser.clickAndWaitForPage("#new-report button[type=submit]");
        assertThat(browser.path()).endsWith("/edit");
        long report = Long.parseLong(browser.path().replaceAll("\\D+", " ").strip());

        browser.find("textarea[name=summary]").sendKeys("本季度收支");
        browser.select("#line-0 select", "PROPERTY_FEES");
        browser.find("#line-0 input[name=description]").sendKeys("住宅物业费");
        browser.find("#line-0 input[name=amount]").sendKeys("1000.00");
        browser.select("#line-1 select", "STAFF");
        browser.find("#line-1 input[name=amount]").sendKeys("600");
        browser.find("input[name=incomeTotal]").sendKeys("1000");
        browser.find("input[name=expenseTotal]").sendKeys("700");
        browser.clickAndWaitForPage("#save-submit");
        assertThat(browser.text("#error")).contains("合计与明细之和不符");
        assertThat(jdbc.sql("select count(*) from transparency_report_item where report_id = ?").param(report).query(Integer.class).single())
                .as("nothing saved").isZero();
        browser.screenshot("transparency-edit-refused-phone");

        // what was typed comes back with the refusal: only the wrong total is corrected
        assertThat(browser.find("#line-0 input[name=amount]").getAttribute("value")).isEqualTo("1000.00");
        assertThat(browser.find("#line-0 input[name=description]").getAttribute("value")).isEqualTo("住宅物业费");
        assertThat(browser.find("textarea[name=summary]").getAttribute("value")).isEqualTo("本季度收支");
        browser.find("input[name=expenseTotal]").clear();
        browser.find("input[name=expenseTotal]").sendKeys("600");
        browser.clickAndWaitForPage("#save-submit");
        assertThat(browser.path()).isEqualTo("/transparency/reports/" + report);
        assertThat(browser.text("#status")).isEqualTo("待业委会审核");

        browser.signOut().signIn("owners", PASSWORD);
        browser.open("/transparency/reports/" + report);
        assertThat(browser.text("#balance")).isEqualTo("400.00");
        browser.clickAndWaitForPage("#approve-form button");
        assertThat(browser.text("#status")).isEqualTo("已公开");

        browser.signOut().signIn("resident", PASSWORD);
        browser.clickAndWaitForPage("#home-transparency");
        assertThat(browser.path()).isEqualTo("/transparency/compounds/" + jingcheng);
        browser.clickAndWaitForPage(browser.find("#report-" + report + " a"));
        assertThat(browser.text("#lines")).contains("物业费").contains("住宅物业费").contains("人员费用");
        assertThat(browser.text("#income-total")).isEqualTo("1000.00");
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("transparency-report-phone");
        // the resident asks; the demo's published service report shows its sections too
        browser.find("#ask-form input[name=body]").sendKeys("物业费收缴率是多少？");
        browser.clickAndWaitForPage("#ask-form button[type=submit]");
        assertThat(browser.text("#qa")).contains("物业费收缴率是多少？");
        browser.open("/transparency/compounds/" + jingcheng);
        browser.clickAndWaitForPage(browser.driver().findElement(By.xpath("//ul[@id='reports']//a[contains(., '物业服务报告')]")));
        assertThat(browser.text("#section-CLEANING")).contains("保洁");
        browser.screenshot("transparency-service-phone");

        // the trust account: this month's statement with its receipts, and last month's
        browser.open("/transparency/compounds/" + jingcheng);
        browser.clickAndWaitForPage("#trust-link");
        assertThat(browser.text("#statement")).contains("月末余额");
        assertThat(browser.exists("#posting-form")).as("only the trustee books").isFalse();
        browser.clickAndWaitForPage("#previous-month");
        assertThat(browser.text("#statement")).contains("月初余额");
        browser.screenshot("transparency-trust-phone");

        browser.desktop().open("/transparency/reports/" + report + "/print");
        assertThat(browser.text("#print-title")).contains("收支报告");
        browser.screenshot("transparency-print");
    }

    @Test
    void thePropertyCompanyAddsPhotosToAServiceReportAndAReceiptImageToAPosting(Browser browser) throws Exception {
        long jingcheng = jdbc.sql("select id from grid_node where name = '学府憬城'").query(Long.class).single();
        LocalDate q = LocalDate.now(ZoneId.of("Asia/Shanghai")).withDayOfMonth(1);
        q = q.withMonth((q.getMonthValue() - 1) / 3 * 3 + 1);
        while (jdbc.sql("select count(*) from transparency_report where compound_id = ? and kind = 'SERVICE' and report_year = ? and quarter = ?")
                .params(jingcheng, q.getYear(), (q.getMonthValue() - 1) / 3 + 1).query(Integer.class).single() > 0) {
            q = q.minusMonths(3);
        }
        java.nio.file.Path photo = java.nio.file.Files.createTempFile("greenery", ".jpg");
        java.nio.file.Files.write(photo, MicroProjectApiTests.jpeg());

        browser.phone().signIn("property", PASSWORD);
        browser.open("/transparency/compounds/" + jingcheng);
        browser.select("#new-report select[name=kind]", "SERVICE");
        browser.find("#new-report input[name=year]").clear();
        browser.find("#new-report input[name=year]").sendKeys(String.valueOf(q.getYear()));
        browser.select("#new-report select[name=quarter]", String.valueOf((q.getMonthValue() - 1) / 3 + 1));
        browser.clickAndWaitForPage("#new-report button[type=submit]");
        long report = Long.parseLong(browser.path().replaceAll("\\D+", " ").strip());
        browser.find("#photos-GREENERY input[type=file]").sendKeys(photo.toAbsolutePath().toString());
        browser.clickAndWaitForPage("#photos-GREENERY button[type=submit]");
        assertThat(browser.text("#done")).isEqualTo("照片已添加。");
        assertThat(browser.findAll("#photos-GREENERY img")).hasSize(1);
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("transparency-report-photos-phone", "#report-photos");
        browser.open("/transparency/reports/" + report);
        assertThat(browser.findAll("#photos-GREENERY img")).hasSize(1);

        // a posting booked with the image of its receipt: owners see it beside the posting
        browser.open("/transparency/compounds/" + jingcheng + "/trust");
        browser.select("#posting-form select[name=account]", "PARKING");
        browser.find("#posting-form input[name=amount]").sendKeys("300");
        browser.find("#posting-form input[name=description]").sendKeys("十一月临时停车费");
        browser.find("#posting-form input[name=receipt]").sendKeys("TC-1101");
        browser.find("#posting-form input[name=photos]").sendKeys(photo.toAbsolutePath().toString());
        browser.clickAndWaitForPage("#posting-form button[type=submit]");
        assertThat(browser.text("#done")).isEqualTo("已记账。");
        long posting = jdbc.sql("select max(id) from transparency_trust_posting where receipt = 'TC-1101'").query(Long.class).single();
        browser.signOut().signIn("resident", PASSWORD);
        browser.open("/transparency/compounds/" + jingcheng + "/trust");
        assertThat(browser.findAll("#posting-" + posting + " .thumbs img")).hasSize(1);
        assertThat(browser.exists("#posting-" + posting + " .add-receipts")).as("only the trustee adds images").isFalse();
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("transparency-trust-receipt-phone");
    }
}
