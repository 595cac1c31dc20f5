package io.gridwork.golive;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import io.gridwork.access.internal.SmsCodeSink;
import io.gridwork.people.IdCardNumber;
import io.gridwork.support.Browser;
import io.gridwork.support.BrowserTest;

/**
 * 建档上线: Gridwork started without its demo, on an empty database of its own, takes a new community live
 * through pages only — the first administrator changes the printed password, draws the grid, loads the
 * structure sheet and imports 20 residents, appoints a micro-grid leader and three workers with accounts,
 * prints a building's posters; a resident signs up from a poster's link and reports, and the new worker takes it
 * up. The going-live checklist follows along. The README's "Going live" tells the same journey.
 */
@BrowserTest
@TestPropertySource(properties = {
    "gridwork.demo.enabled=false",
    "spring.datasource.url=jdbc:h2:mem:going-live;DB_CLOSE_DELAY=-1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH",
    "gridwork.admin.password=" + GoingLiveBrowserTests.FIRST_PASSWORD,
    "gridwork.public-base-url=https://grid.example.gov.cn"})
class GoingLiveBrowserTests {

    static final String FIRST_PASSWORD = "first-start-Pw-2026";
    private static final String ADMIN_PASSWORD = "admin-own-secret-77";
    private static final String WORKER_PASSWORD = "worker-own-secret-88";
    private static final String RESIDENT_PASSWORD = "resident-own-secret-99";
    private static final String COMPOUND = "锦绣苑";
    private static final String MICRO = "锦绣苑第1微网格";

    @Autowired
    SmsCodeSink sms;

    @Test
    void aNewCommunityGoesLiveThroughPagesOnly(Browser browser) throws Exception {
        // the first administrator: the password from GRIDWORK_ADMIN_PASSWORD must be changed at once
        browser.phone().signIn("admin", FIRST_PASSWORD);
        assertThat(browser.path()).isEqualTo("/me/password");
        changePassword(browser, FIRST_PASSWORD, ADMIN_PASSWORD);
        assertThat(browser.path()).isEqualTo("/");

        // the grid: district › street › community › compound › micro-grid
        browser.open("/grid");
        browser.find("#add-district summary").click();
        browser.find("#add-district input[name=name]").sendKeys("锦江区");
        browser.find("#add-district input[name=code]").sendKeys("510104");
        browser.clickAndWaitForPage("#add-district button[type=submit]");
        browser.clickAndWaitForPage(link("#grid-tree a", "锦江区", browser));
        browser.clickAndWaitForPage("#manage-link");
        addChild(browser, "STREET", "春熙路街道");
        addChild(browser, "COMMUNITY", "上线社区");
        String community = browser.path(); // /grid/{id}/manage
        long communityId = idIn(community);
        addChild(browser, "COMPOUND", COMPOUND);
        addChild(browser, "MICRO", MICRO);
        browser.screenshot("golive-grid-phone");

        // the going-live checklist of the new community: nothing done yet but the address on the posters
        browser.open("/golive/" + communityId);
        assertThat(state(browser, "structure")).isEqualTo("PARTIAL");
        assertThat(state(browser, "residents")).isEqualTo("NOT_STARTED");
        assertThat(state(browser, "baseUrl")).isEqualTo("DONE");
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("golive-checklist-start-phone");

        // the structure sheet: 2 buildings, one unit each, 5 floors of 2 rooms: 20 households
        Path dir = Files.createTempDirectory("golive");
        StringBuilder structure = new StringBuilder("楼栋,单元,楼层,房号,面积,微网格\n");
        for (int b = 1; b <= 2; b++) {
            for (int floor = 1; floor <= 5; floor++) {
                for (int room = 1; room <= 2; room++) {
                    structure.append(b).append(",1,").append(floor).append(',').append(floor * 100 + room).append(",89.5,")
                            .append(MICRO).append('\n');
                }
            }
        }
        Path structureSheet = dir.resolve("结构表.csv");
        Files.writeString(structureSheet, structure, StandardCharsets.UTF_8);
        browser.open(community);
        browser.clickAndWaitForPage(link("#child-list a", COMPOUND, browser));
        browser.clickAndWaitForPage("#structure-link");
        browser.find("#sheet-file").sendKeys(structureSheet.toString());
        browser.clickAndWaitForPage("#sheet-submit");
        assertThat(browser.text("#notice")).contains("新建楼栋 2 栋").contains("20");
        browser.screenshot("golive-structure-phone");

        // 20 residents from the community's sheet, one per household, each with an ID and a phone number
        StringBuilder residents = new StringBuilder("小区,楼栋,单元,房号,姓名,与户主关系,身份证号,手机号\n");
        List<String> names = new ArrayList<>();
        int n = 0;
        for (int b = 1; b <= 2; b++) {
            for (int floor = 1; floor <= 5; floor++) {
                for (int room = 1; room <= 2; room++) {
                    String name = "居民" + "甲乙丙丁戊己庚辛壬癸".charAt(n % 10) + (n < 10 ? "一" : "二");
                    names.add(name);
                    residents.append(COMPOUND).append(',').append(b).append(",1,").append(floor * 100 + room).append(',')
                            .append(name).append(",户主,").append(idCard(n)).append(",1390000").append(String.format("%04d", n))
                            .append('\n');
                    n++;
                }
            }
        }
        Path residentSheet = dir.resolve("居民表.csv");
        Files.writeString(residentSheet, residents, StandardCharsets.UTF_8);
        browser.open("/import");
        browser.find("#upload-form input[name=file]").sendKeys(residentSheet.toString());
        browser.clickAndWaitForPage("#upload-form button[type=submit]");
        browser.waiting().until(d -> browser.exists("#progress[data-status=DONE]"));
        assertThat(browser.text("#processed")).isEqualTo("20 / 20");
        assertThat(browser.text("#error-count")).isEqualTo("0");
        browser.screenshot("golive-import-phone");

        // staff: the community records a recommendation for a leader and three workers and appoints each with an account
        browser.open("/golive/" + communityId);
        browser.clickAndWaitForPage("#step-staff a.button");
        browser.clickAndWaitForPage(link("#children a", COMPOUND, browser));
        browser.clickAndWaitForPage(link("#children a", MICRO, browser));
        String staffPage = browser.path();
        String[] roles = {"MICRO_GRID_LEADER", "MICRO_GRID_WORKER", "MICRO_GRID_WORKER", "MICRO_GRID_WORKER"};
        String[] usernames = {"jxy-leader", "jxy-worker1", "jxy-worker2", "jxy-worker3"};
        String[] passwords = new String[4];
        for (int i = 0; i < 4; i++) {
            browser.open(staffPage);
            browser.find("#record-recommendation summary").click();
            int k = i * 3; // the k-th household of the sheets: building, unit 1, floor, room
            String room = (k / 10 + 1) + "栋1单元" + (((k % 10) / 2 + 1) * 100 + k % 2 + 1);
            new org.openqa.selenium.support.ui.Select(browser.find("#record-recommendation select[name=householdId]"))
                    .selectByVisibleText(room);
            browser.find("#record-recommendation input[name=nomineeName]").sendKeys(names.get(k));
            browser.select("#record-recommendation select[name=role]", roles[i]);
            browser.find("#record-recommendation textarea[name=statement]").sendKeys("热心公益，熟悉本楼住户");
            browser.clickAndWaitForPage("#record-recommendation button[type=submit]");
            String nominee = names.get(k);
            WebElement nomination = browser.findAll("#nominations li").stream()
                    .filter(li -> li.getText().contains(nominee)).findFirst().orElseThrow();
            nomination.findElement(By.cssSelector("details.appoint > summary")).click();
            nomination.findElement(By.cssSelector(".appoint-form input[name=username]")).sendKeys(usernames[i]);
            browser.clickAndWaitForPage(nomination.findElement(By.cssSelector(".appoint-form button[type=submit]")));
            assertThat(browser.text("#account-username")).isEqualTo(usernames[i]);
            passwords[i] = browser.text("#account-password");
        }
        browser.screenshot("golive-appointed-phone");

        // posters for building 1, printed from the poster page the checklist links to
        browser.open("/golive/" + communityId);
        browser.clickAndWaitForPage("#step-posters a.button");
        browser.clickAndWaitForPage(link("main a", COMPOUND, browser));
        String unitPoster = browser.findAll("#qr-buildings a[href$='.png']").stream().map(a -> a.getDomAttribute("href"))
                .filter(h -> h.startsWith("/qr/units/")).findFirst().orElseThrow();
        long unitId = idIn(unitPoster.replace(".png", ""));
        browser.open(browser.findAll("#qr-buildings a[href^='/qr/buildings/'][href$='.png']").get(0).getDomAttribute("href"));
        browser.open("/golive/" + communityId);
        assertThat(state(browser, "structure")).isEqualTo("DONE");
        assertThat(state(browser, "residents")).isEqualTo("DONE");
        assertThat(state(browser, "staff")).isEqualTo("DONE");
        assertThat(state(browser, "posters")).isEqualTo("PARTIAL");
        assertThat(browser.text("#step-posters .golive-count")).isEqualTo("1 / 2 栋楼已打印海报");
        browser.screenshot("golive-checklist-staffed-phone");

        // a resident scans the unit's poster: signs up with an SMS code, lands on the report form, reports
        browser.signOut().open("/report?unit=" + unitId);
        browser.clickAndWaitForPage("#signup-from-poster");
        String phone = "13912345678";
        browser.find("input[name=phone]").sendKeys(phone);
        browser.clickAndWaitForPage("#send-code");
        browser.find("input[name=code]").sendKeys(sms.lastCode(phone).orElseThrow());
        browser.find("input[name=name]").sendKeys(names.get(1));
        browser.find("input[name=password]").sendKeys(RESIDENT_PASSWORD);
        browser.clickAndWaitForPage("#signup-submit");
        assertThat(browser.path()).isEqualTo("/report?unit=" + unitId);
        browser.find("label.chip:has(input[value=WATER_LEAK]) > span").click();
        browser.find("textarea[name=description]").sendKeys("一单元楼道的水管在漏水");
        browser.clickAndWaitForPage("#report-form button[type=submit]");
        assertThat(browser.path()).matches("/demands/\\d+");
        String demand = browser.path();
        browser.screenshot("golive-reported-phone");

        // the new worker: first sign-in with the temporary password, a new password, then takes the demand up
        browser.signOut().signIn(usernames[1], passwords[1]);
        assertThat(browser.path()).isEqualTo("/me/password");
        changePassword(browser, passwords[1], WORKER_PASSWORD);
        browser.open("/demands");
        assertThat(browser.exists("#demands a[href='" + demand + "']")).isTrue();
        browser.clickAndWaitForPage("#demands a[href='" + demand + "']");
        browser.clickAndWaitForPage("#accept button[type=submit]");
        assertThat(browser.pageText()).contains("已受理");
        browser.screenshot("golive-accepted-phone");

        // the checklist shows the first demand taken up
        browser.signOut().signIn("admin", ADMIN_PASSWORD).open("/golive/" + communityId);
        assertThat(state(browser, "firstDemand")).isEqualTo("DONE");
        assertThat(browser.text("#golive-progress")).isEqualTo("已完成 5 / 7 项");
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("golive-checklist-live-phone");
    }

    private static void changePassword(Browser browser, String current, String next) {
        browser.find("input[name=currentPassword]").sendKeys(current);
        browser.find("input[name=newPassword]").sendKeys(next);
        browser.find("input[name=repeatPassword]").sendKeys(next);
        browser.clickAndWaitForPage("main form button[type=submit]");
    }

    /** On a grid's manage page: adds a child grid and opens its manage page. */
    private static void addChild(Browser browser, String level, String name) {
        browser.select("#child-level", level);
        browser.find("#child-name").sendKeys(name);
        browser.clickAndWaitForPage("#add-child-submit");
        assertThat(browser.text("#notice")).contains(name);
        browser.clickAndWaitForPage(link("#child-list a", name, browser));
    }

    private static WebElement link(String css, String text, Browser browser) {
        return browser.findAll(css).stream().filter(a -> a.getText().strip().equals(text)).findFirst()
                .orElseThrow(() -> new AssertionError("no link " + text + " in " + css + " on " + browser.path()));
    }

    private static String state(Browser browser, String step) {
        return browser.find("#step-" + step).getDomAttribute("data-state");
    }

    private static long idIn(String path) {
        Matcher m = Pattern.compile("/(\\d+)(/[a-z]+)?$").matcher(path);
        assertThat(m.find()).as("an id in %s", path).isTrue();
        return Long.parseLong(m.group(1));
    }

    /** A valid (GB 11643) ID number in the unassigned area 510199, the n-th of this test. */
    private static String idCard(int n) {
        String first17 = "510199" + LocalDate.of(1960, 1, 1).plusDays(n * 397L).toString().replace("-", "")
                + String.format("%03d", 100 + n);
        return first17 + IdCardNumber.checkDigit(first17);
    }
}
