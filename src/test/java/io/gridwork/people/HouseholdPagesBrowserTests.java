package io.gridwork.people;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.gridwork.support.Browser;
import io.gridwork.support.BrowserTest;

/** Households on a phone: full numbers only on request and on the record; residents only see their own. */
@BrowserTest
class HouseholdPagesBrowserTests {

    @Autowired
    JdbcClient jdbc;

    @Test
    void communityStaffUnmasksAPhoneWithAReasonAndTheAuditLogKeepsIt(Browser browser) {
        long[] member = jdbc.sql("""
                select hm.household_id, hm.person_id from household_member hm
                  join person p on p.id = hm.person_id
                  join household h on h.id = hm.household_id
                  join unit u on u.id = h.unit_id
                  join building b on b.id = u.building_id
                  join grid_node m on m.id = b.micro_grid_id
                 where m.name = '学府憬城第3微网格' and p.phone_enc is not null and hm.until is null
                 order by hm.household_id, hm.person_id""")
                .query((rs, i) -> new long[] {rs.getLong(1), rs.getLong(2)}).list().getFirst();
        long household = member[0];
        long person = member[1];
        String reason = "燃气安全入户检查，联系户主 " + UUID.randomUUID().toString().substring(0, 8);

        browser.phone().signIn("community", "gridwork-demo").open("/households/" + household);
        String masked = browser.text("#person-" + person + " code.phone");
        assertThat(masked).matches("1\\d{2}\\*{4}\\d{4}");

        browser.find("details#unmask > summary").click();
        browser.waitFor("#unmask-form input[name=reason]");
        browser.select("#unmask-form select[name=person]", String.valueOf(person))
                .select("#unmask-form select[name=field]", "PHONE");
        browser.find("#unmask-form input[name=reason]").sendKeys(reason);
        browser.screenshot("household-unmask-form-phone");
        browser.clickAndWaitForPage("#unmask-form button[type=submit]");

        String full = browser.text("#person-" + person + " code.phone");
        assertThat(full).matches("1\\d{10}").startsWith(masked.substring(0, 3)).endsWith(masked.substring(7));
        assertThat(browser.text("#person-" + person + " code.id-card")).contains("*");
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("household-unmasked-phone");

        // Shown once: the next visit masks it again.
        browser.open("/households/" + household);
        assertThat(browser.text("#person-" + person + " code.phone")).isEqualTo(masked);

        Long logged = jdbc.sql("""
                select count(*) from pii_access_log
                 where actor_name = 'community' and person_id = ? and field = 'PHONE' and reason = ?""")
                .params(person, reason).query(Long.class).single();
        assertThat(logged).isEqualTo(1);
    }

    @Test
    void aResidentSeesTheirOwnHouseholdButNotAnotherAndHasNoGridLink(Browser browser) {
        browser.phone().signIn("resident", "gridwork-demo");
        assertThat(browser.exists("header nav a[href='/grid']")).isFalse();
        String own = browser.find("main a[href^='/households/']").getDomAttribute("href");
        long ownId = Long.parseLong(own.substring("/households/".length()));

        browser.clickAndWaitForPage("main a[href^='/households/']");
        assertThat(browser.text("main h1")).startsWith("学府憬城");
        assertThat(browser.exists("main .crumbs")).isFalse();
        assertThat(browser.exists("#unmask-form")).isFalse();
        browser.screenshot("resident-own-household-phone");

        long other = jdbc.sql("select min(id) from household where id <> ?").param(ownId).query(Long.class).single();
        browser.open("/households/" + other);
        // answered as if there were no such household
        assertThat(browser.text("main h1")).contains("404");
        assertThat(browser.text("main .error")).isEqualTo("找不到要访问的对象。");
        assertThat(browser.exists("#members")).isFalse();
        browser.screenshot("resident-other-household-phone");

        browser.open("/grid");
        assertThat(browser.text("main h1")).contains("403");
    }
}
