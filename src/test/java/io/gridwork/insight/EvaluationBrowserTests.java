package io.gridwork.insight;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.gridwork.support.Browser;
import io.gridwork.support.BrowserTest;

/** 考核评价 on a phone: the community's ranking, a worker's figures and an adjustment with its reason; the worker's own view. */
@BrowserTest
class EvaluationBrowserTests {

    private static final String DEMO = "gridwork-demo";

    @Test
    void theCommunityRanksItsWorkersAdjustsWithAReasonAndTheWorkerSeesTheirOwn(Browser browser) {
        browser.phone().signIn("community", DEMO).open("/insight/evaluation");
        assertThat(browser.text("h1")).contains("学府社区").contains("考核");
        assertThat(browser.text("#eval-state")).contains("本月实时");
        assertThat(browser.exists(".eval-card")).isTrue();
        assertThat(browser.text(".eval-card")).contains("按时办结").contains("走访").contains("日常工作");
        assertThat(browser.text("#eval-weights-used")).contains("权重");
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("evaluation-ranking-phone");

        // the demo worker's card leads to the figures behind the score and the adjustment form
        browser.clickAndWaitForPage(".eval-card");
        assertThat(browser.text("#eval-parts")).contains("按时办结率").contains("满意率").contains("入户走访");
        String reason = "浏览器测试：暴雨夜值守 " + UUID.randomUUID().toString().substring(0, 4);
        browser.find("#eval-adjust [name=delta]").sendKeys("1.5");
        browser.find("#eval-adjust [name=reason]").sendKeys(reason);
        browser.clickAndWaitForPage("#eval-adjust button");
        assertThat(browser.text("#done")).contains("调整已记录");
        assertThat(browser.text("#eval-adjustments")).contains(reason).contains("+1.50").contains("调整前").contains("调整后");
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("evaluation-worker-staff-phone");

        // a refusal is a message on the page
        browser.find("#eval-adjust [name=delta]").sendKeys("3");
        browser.find("#eval-adjust [name=reason]").sendKeys(" ");
        browser.clickAndWaitForPage("#eval-adjust button");
        assertThat(browser.text("#error")).contains("理由");

        browser.open("/insight/evaluation/weights");
        assertThat(browser.text("#eval-weights-form")).contains("按时办结率").contains("满分目标");
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("evaluation-weights-phone");
        browser.signOut();

        // the street sets the defaults of its communities
        browser.signIn("street", DEMO).open("/insight/evaluation/weights");
        browser.clickAndWaitForPage("#eval-street-weights");
        assertThat(browser.text("h1")).contains("学府街道");
        assertThat(browser.scrollsSideways()).isFalse();
        browser.signOut();

        browser.signIn("worker", DEMO).open("/insight/evaluation");
        assertThat(browser.path()).startsWith("/insight/evaluation/mine");
        assertThat(browser.text("h1")).isEqualTo("我的考核");
        assertThat(browser.scrollsSideways()).isFalse();
        assertThat(browser.exists("#eval-adjust")).isFalse();
        browser.screenshot("evaluation-mine-phone");
    }

    @Test
    void theCommunityNamesThePersonAndTheHourOfTheDailyDigest(Browser browser) {
        browser.phone().signIn("community", DEMO).open("/supervision");
        browser.clickAndWaitForPage("#digest-settings");
        assertThat(browser.text("h1")).isEqualTo("每日督办摘要");
        browser.select("#digest-form [name=accountId]", browser.find("#digest-form [name=accountId] option:nth-child(2)").getAttribute("value"));
        browser.select("#digest-form [name=hour]", "8");
        // saved switched off: the demo community's digest must not reach other tests' inboxes when they make digests
        if (browser.find("#digest-form [name=enabled]").isSelected()) {
            browser.find("#digest-form [name=enabled]").click();
        }
        browser.clickAndWaitForPage("#digest-form button");
        assertThat(browser.text("#done")).contains("设置已保存");
        assertThat(browser.text("#digest-form")).contains("08:00");
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("digest-setting-phone");
    }
}
