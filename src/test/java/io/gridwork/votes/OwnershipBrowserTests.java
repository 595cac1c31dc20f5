package io.gridwork.votes;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.gridwork.support.Browser;
import io.gridwork.support.BrowserTest;

/**
 * On a phone, the owners' entry page (/votes/ownership): a resident claims the home they live in and two more units
 * they own in the compound; a unit that does not exist and a second claim of the same unit are refused in words; the
 * community secretary confirms two claims (registered as one owner holding both) and turns one down with a reason,
 * which the resident reads.
 */
@BrowserTest
class OwnershipBrowserTests {

    @Autowired JdbcClient jdbc;
    @Autowired VotesFixtures fixtures;

    private static void claim(Browser browser, String room) {
        var field = browser.find("#claim-form input[name=room]");
        field.clear();
        field.sendKeys(room);
        browser.clickAndWaitForPage("#claim-submit");
    }

    private long claimOf(long householdId) {
        return jdbc.sql("select id from vote_owner_claim where household_id = ?").param(householdId).query(Long.class).single();
    }

    private long claims(String owner) {
        return jdbc.sql("select count(*) from vote_owner_claim c join account a on a.person_id = c.person_id where a.username = ?")
                .param(owner).query(Long.class).single();
    }

    @Test
    void aResidentClaimsTheUnitsTheyOwnAndTheSecretaryConfirmsAndTurnsOneDown(Browser browser) {
        VotesFixtures.Compound c = fixtures.compound(VotesFixtures.areas(4, "89.50")); // 1栋1单元 101, 102, 201, 202
        String owner = fixtures.resident(c.units().get(0));
        String password = "password-" + owner.substring(2);
        String name = "业主" + owner.substring(2);

        browser.phone().signIn(owner, password).open("/votes");
        browser.clickAndWaitForPage("#ownership-link");
        assertThat(browser.exists("#my-claims li")).isFalse();
        assertThat(browser.find("#claim-form input[name=building]").getAttribute("value")).isEqualTo("1");
        assertThat(browser.find("#claim-form input[name=unit]").getAttribute("value")).isEqualTo("1");
        // a room the compound does not have: refused in words, nothing claimed
        claim(browser, "909");
        assertThat(browser.text("#error")).isEqualTo("您的小区没有这套房屋，请核对楼栋、单元和房号。");
        assertThat(claims(owner)).isZero();
        // the home, then the same again
        claim(browser, "101");
        assertThat(browser.text("#done")).contains("不动产权证书");
        claim(browser, "101");
        assertThat(browser.text("#error")).isEqualTo("您已经申请过这套房屋的认证。");
        // two more units of theirs, where they do not live
        claim(browser, "102");
        claim(browser, "201");
        assertThat(claims(owner)).isEqualTo(3);
        assertThat(browser.findAll("#my-claims li")).hasSize(3);
        assertThat(browser.text("#my-claims")).contains("1栋1单元101").contains("1栋1单元102").contains("1栋1单元201")
                .contains("待核验");
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("votes-ownership-three-claims-phone");

        long home = claimOf(c.units().get(0));
        long second = claimOf(c.units().get(1));
        long third = claimOf(c.units().get(2));
        browser.signOut().signIn("community", "gridwork-demo").open("/votes/compounds/" + c.id() + "/owners");
        assertThat(browser.text("#claim-" + home)).contains(name).contains("住在该房屋");
        assertThat(browser.text("#claim-" + second)).contains("不住在该房屋");
        browser.screenshot("votes-ownership-register-phone");
        browser.clickAndWaitForPage("#confirm-" + home);
        assertThat(browser.text("#done")).contains("已确认");
        browser.clickAndWaitForPage("#confirm-" + second);
        // both units are one owner's, counted once
        long ownerId = jdbc.sql("select owner_id from vote_owner_unit where household_id = ?").param(c.units().get(0))
                .query(Long.class).single();
        assertThat(jdbc.sql("select owner_id from vote_owner_unit where household_id = ?").param(c.units().get(1))
                .query(Long.class).single()).isEqualTo(ownerId);
        assertThat(browser.text("#owner-" + ownerId)).contains(name).contains("101").contains("102");
        // the third is turned down with a reason
        browser.find("#claim-" + third + " details summary").click();
        browser.find("#claim-" + third + " details input[name=reason]").sendKeys("产权证书上的业主不是申请人");
        browser.clickAndWaitForPage("#claim-" + third + " details button[type=submit]");
        assertThat(browser.text("#done")).isEqualTo("已处理该认证申请。");
        assertThat(browser.exists("#claim-" + third)).isFalse();
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("votes-ownership-decided-phone");

        browser.signOut().signIn(owner, password).open("/votes/ownership");
        assertThat(browser.text("#claim-" + home)).contains("已认证");
        assertThat(browser.text("#claim-" + second)).contains("已认证");
        assertThat(browser.text("#claim-" + third)).contains("未通过").contains("产权证书上的业主不是申请人");
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("votes-ownership-answered-phone");
    }
}
