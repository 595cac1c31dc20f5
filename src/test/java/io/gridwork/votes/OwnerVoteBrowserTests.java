package io.gridwork.votes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;

import io.gridwork.shared.security.GridworkUser;
import io.gridwork.support.Browser;
import io.gridwork.support.BrowserTest;
import io.gridwork.support.TestPeople;

/**
 * On a phone: a resident claims their home as its owner, the community secretary confirms the claim on the owners
 * register, the owner votes on an owners' decision online, and the secretary's paper ballot for the same owner is
 * refused in words.
 */
@BrowserTest
class OwnerVoteBrowserTests {

    @Autowired JdbcClient jdbc;
    @Autowired VotesApi votes;
    @Autowired UserDetailsService users;
    @Autowired VotesFixtures fixtures;

    @Test
    void anOwnerClaimsTheirHomeIsConfirmedAndVotesOnTheirPhone(Browser browser) {
        VotesFixtures.Compound c = fixtures.compound(VotesFixtures.areas(4, "89.50"));
        String owner = fixtures.resident(c.units().get(0));
        String password = "password-" + owner.substring(2);

        browser.phone().signIn(owner, password);
        browser.open("/votes");
        browser.clickAndWaitForPage("#ownership-link");
        assertThat(browser.find("input[name=room]").getAttribute("value")).isEqualTo("101");
        browser.screenshot("votes-owner-claim-phone");
        browser.clickAndWaitForPage("#claim-submit");
        assertThat(browser.text("#done")).contains("不动产权证书");
        assertThat(browser.text("#my-claims")).contains("1栋1单元101").contains("待核验");
        long claim = jdbc.sql("select id from vote_owner_claim where household_id = ?").param(c.units().get(0)).query(Long.class).single();

        browser.signOut().signIn("community", "gridwork-demo");
        browser.open("/votes/compounds/" + c.id() + "/owners");
        assertThat(browser.text("#claim-" + claim)).contains("1栋1单元101").contains("住在该房屋");
        browser.screenshot("votes-owner-claims-staff-phone");
        browser.clickAndWaitForPage("#confirm-" + claim);
        assertThat(browser.text("#done")).contains("已确认");
        assertThat(browser.text("#claim-" + claim)).contains("已认证");

        GridworkUser community = (GridworkUser) users.loadUserByUsername("community");
        long d = votes.createDecision(c.id(), "是否在架空层增设快递柜", "一位业主一票。", List.<String[]>of(new String[] {"OTHER", "在架空层增设快递柜"}),
                community);
        votes.openDecision(d, community);

        browser.signOut().signIn(owner, password);
        browser.open("/votes");
        browser.clickAndWaitForPage("#decision-" + d + " a");
        assertThat(browser.text("#my-vote")).contains("1 套房屋").contains("89.50");
        browser.screenshot("votes-owner-vote-phone");
        long item = jdbc.sql("select id from vote_item where decision_id = ?").param(d).query(Long.class).single();
        browser.find("#item-" + item + "-AGREE").click();
        browser.clickAndWaitForPage("#owner-vote-submit");
        assertThat(browser.text("#done")).contains("表决票已提交");
        assertThat(browser.text("#my-vote-done")).contains("在线投票");
        assertThat(browser.exists("#owner-vote")).isFalse();
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("votes-owner-voted-phone");

        // the same owner's paper ballot afterwards: refused in words, nothing counted twice
        browser.signOut().signIn("community", "gridwork-demo");
        browser.open("/votes/decisions/" + d + "/paper?householdId=" + c.units().get(0));
        assertThat(browser.text("#owner-ballot")).contains("业主已投票");
        assertThat(jdbc.sql("select count(*) from vote_owner_ballot where decision_id = ?").param(d).query(Long.class).single()).isEqualTo(1);
    }
}
