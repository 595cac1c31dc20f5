package io.gridwork.deliberation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;

import io.gridwork.shared.security.GridworkUser;
import io.gridwork.support.Browser;
import io.gridwork.support.BrowserTest;
import io.gridwork.support.TestPeople;
import io.gridwork.votes.VotesApi;
import io.gridwork.votes.VotesFixtures;

/**
 * On a phone: the community secretary starts the residents' vote on a renovation plan from the project page, a resident
 * follows the link and votes, and once the poll is closed the project shows the plan approved and its works stage started.
 */
@BrowserTest
class PlanVoteBrowserTests {

    @Autowired JdbcClient jdbc;
    @Autowired DeliberationApi deliberation;
    @Autowired VotesApi votes;
    @Autowired UserDetailsService users;
    @Autowired VotesFixtures fixtures;

    @Test
    void theSecretaryStartsThePlanVoteAResidentVotesAndTheProjectMovesOn(Browser browser) {
        VotesFixtures.Compound c = fixtures.compound(VotesFixtures.areas(3, "75.00"));
        String resident = fixtures.resident(c.units().get(0));
        GridworkUser r = (GridworkUser) users.loadUserByUsername(resident);
        GridworkUser community = (GridworkUser) users.loadUserByUsername("community");
        long proposal = deliberation.propose("楼道加装扶手", "老人上楼需要扶手", r);
        long project = deliberation.createProject(c.id(), List.of(proposal), "楼道加装扶手和照明", "每个单元楼道两侧加装扶手。",
                4_500_000, DeliberationApi.Party.PROPERTY, null, LocalDate.now().plusMonths(3), List.of("方案", "施工", "验收"), community);

        browser.phone().signIn("community", "gridwork-demo");
        browser.open("/deliberation/projects/" + project);
        assertThat(browser.text("#plan-vote")).contains("尚未发起");
        browser.screenshot("delib-plan-vote-start-phone", "#plan");
        browser.find("#plan-kind-poll").click();
        browser.clickAndWaitForPage("#plan-vote-start");
        assertThat(browser.text("#done")).contains("方案表决已发起");
        assertThat(browser.text("#plan-vote-state")).isEqualTo("表决中");
        assertThat(browser.text("#plan-vote-turnout")).contains("已有 0 户投票，共 1 户");
        assertThat(browser.exists("#plan-vote-form")).isFalse();
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("delib-plan-vote-open-phone");

        browser.signOut().signIn(resident, "password-" + resident.substring(2));
        browser.open("/deliberation/projects/" + project);
        browser.clickAndWaitForPage("#plan-vote-link");
        assertThat(browser.path()).startsWith("/votes/polls/");
        browser.find("#option-1").click();
        browser.clickAndWaitForPage("#vote-submit");
        assertThat(browser.text("#done")).contains("投票成功");

        long poll = jdbc.sql("select plan_vote_id from delib_project where id = ?").param(project).query(Long.class).single();
        votes.closePoll(poll, community);

        browser.open("/deliberation/projects/" + project);
        assertThat(browser.text("#plan-vote-state")).isEqualTo("方案已通过");
        assertThat(browser.text("#plan-vote-result")).contains("同意 1 票，反对 0 票");
        assertThat(browser.text("#stages")).contains("已完成");
        browser.screenshot("delib-plan-vote-passed-phone");
    }
}
