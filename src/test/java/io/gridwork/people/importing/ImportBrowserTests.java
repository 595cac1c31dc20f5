package io.gridwork.people.importing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.gridwork.grid.GridApi;
import io.gridwork.support.Browser;
import io.gridwork.support.BrowserTest;

/** Street staff import a resident sheet with errors from a phone and read the errors by line. */
@BrowserTest
class ImportBrowserTests {

    @Autowired
    GridApi grid;
    @Autowired
    JdbcClient jdbc;

    @Test
    void anImportWithErrorsShowsEachBadLineAndImportsTheGoodOnes(Browser browser) throws Exception {
        ImportFixture f = new ImportFixture(grid, ImportFixture.Communities.create(grid, jdbc), "浏览器");
        String good = ImportFixture.newIdCard();
        List<String> lines = List.of(ImportFixture.HEADER,
                f.row("1", "1", "101", "自住", "张建国", "户主", good, ImportFixture.newPhone(), ""),                 // line 2: ok
                f.row("1", "1", "102", "自住", "王五", "户主", ImportFixture.wrongCheckDigit(ImportFixture.newIdCard()), "", ""), // 3
                f.row("9", "1", "101", "自住", "陈三", "户主", ImportFixture.newIdCard(), "", ""));                    // 4: no building 9
        Path file = Files.createTempFile("居民花名册", ".csv");
        Files.write(file, ImportFixture.csv(lines));

        browser.phone().signIn("street", "gridwork-demo");
        browser.clickAndWaitForPage("header nav a[href='/import']");
        browser.find("#upload-form input[type=file]").sendKeys(file.toAbsolutePath().toString());
        browser.clickAndWaitForPage("#upload-form button[type=submit]");
        assertThat(browser.path()).startsWith("/import/");

        browser.waiting().withTimeout(Duration.ofSeconds(30))
                .until(d -> "DONE".equals(d.findElement(By.id("progress")).getAttribute("data-status")));
        browser.waitFor("#errors");
        assertThat(browser.text("#error-count")).isEqualTo("2");
        assertThat(browser.text("#inserted")).isEqualTo("1");
        String errors = browser.text("#errors");
        assertThat(errors).contains("3").contains("身份证号").contains("4").contains("楼栋");
        // in the viewer's language, with the Excel copy of the refused rows a tap away
        assertThat(errors).contains("身份证号校验位不对").contains("没有 9 号楼");
        assertThat(browser.find("#error-copy").isDisplayed()).isTrue();
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("import-errors-phone");
        assertThat(jdbc.sql("select count(*) from person where id_card_mask = ?")
                .param(good.substring(0, 4) + "**********" + good.substring(14)).query(Long.class).single()).isPositive();
    }
}
