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

/**
 * On a phone: the demo resident finds an open poll of their micro-grid and votes (the result stays sealed), the
 * micro-grid leader enters a paper ballot and closes the poll, and the result is shown; the demo's owners' decision
 * shows its four Art. 278 figures in words, and its printable result notice.
 */
@BrowserTest
class VotesBrowserTests {

    static final String PASSWORD = "gridwork-demo";

    @Autowired JdbcClient jdbc;
    @Autowired VotesApi votes;
    @Autowired UserDetailsService users;

    @Test
    void aResidentVotesTheLeaderClosesAndTheResultIsShownOnAPhone(Browser browser) {
        GridworkUser leader = (GridworkUser) users.loadUserByUsername("leader");
        long micro = jdbc.sql("select id from grid_node where name = '学府憬城第1微网格'").query(Long.class).single();
        long poll = votes.createPoll(micro, null, "楼道灯改为声控灯吗？", "一户一票，结束后公布结果。", true, false, 1, null,
                List.of("改为声控灯", "保持现状"), leader);
        votes.openPoll(poll, leader);

        browser.phone().signIn("resident", PASSWORD);
        browser.open("/votes");
        assertThat(browser.text("#poll-" + poll)).contains("楼道灯改为声控灯吗？").contains("待投票");
        browser.clickAndWaitForPage("#poll-" + poll + " a");
        assertThat(browser.path()).isEqualTo("/votes/polls/" + poll);
        browser.screenshot("votes-resident-poll-phone");
        browser.find("#option-1").click();
        browser.clickAndWaitForPage("#vote-submit");
        assertThat(browser.text("#done")).contains("投票成功");
        assertThat(browser.exists("#vote-form")).isFalse();
        assertThat(browser.text("#my-ballot")).contains("在线投票");
        assertThat(browser.text("#sealed")).contains("结束后公布");
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("votes-resident-voted-phone");

        browser.signOut().signIn("leader", PASSWORD);
        browser.open("/votes/polls/" + poll);
        browser.clickAndWaitForPage("#paper-link");
        browser.screenshot("votes-paper-entry-phone");
        browser.clickAndWaitForPage(".crumbs a");
        browser.clickAndWaitForPage("#close-poll");
        assertThat(browser.text("#poll-status")).isEqualTo("已结束");
        assertThat(browser.text("#row-1")).contains("改为声控灯").contains("1 票");
        assertThat(browser.text("#turnout")).contains("已投 1 票");
        browser.screenshot("votes-result-phone");

        browser.signOut().signIn("resident", PASSWORD);
        browser.open("/votes/polls/" + poll);
        assertThat(browser.text("#results")).contains("改为声控灯");

        // the demo's owners' decision: the four figures, each with its threshold, in words
        long decision = jdbc.sql("select min(id) from vote_decision where status = 'CLOSED'").query(Long.class).single();
        browser.open("/votes/decisions/" + decision);
        assertThat(browser.text("#quorum")).contains("参与表决的专有部分面积").contains("参与表决的业主").contains("不少于三分之二");
        assertThat(browser.text("#item-result-1")).contains("同意的专有部分面积").contains("超过一半");
        assertThat(browser.text("#item-verdict-1")).isEqualTo("通过");
        assertThat(browser.text("#item-result-2")).contains("不少于四分之三");
        assertThat(browser.text("#item-verdict-2")).isEqualTo("未通过");
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("votes-decision-result-phone");
        assertThat(browser.find("#notice-link").getAttribute("href")).endsWith("/votes/decisions/" + decision + "/notice");
        // the notice is an A4 page to print and post, read on a desktop like the other print pages
        browser.desktop().open("/votes/decisions/" + decision + "/notice");
        assertThat(browser.text("#notice-title")).contains("电梯");
        browser.screenshot("votes-decision-notice");
    }
}
