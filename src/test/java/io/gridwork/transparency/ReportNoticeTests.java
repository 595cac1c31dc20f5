package io.gridwork.transparency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Date;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.gridwork.shared.security.GridworkUser;
import io.gridwork.support.GridworkTest;
import io.gridwork.support.TestPeople;

/**
 * A published quarterly report reaches the compound's residents and owners committee in their inbox, once, with a link
 * to the report; the property company that drafted it and residents of other compounds are not told.
 */
@GridworkTest
class ReportNoticeTests {

    @Autowired JdbcClient jdbc;
    @Autowired TestPeople people;
    @Autowired TransparencyApi transparency;

    record Entry(long accountId, String kind, String title, String link) {
    }

    List<Entry> entries(String key) {
        return jdbc.sql("select account_id, kind, title, link from notify_message where event_key = ?").param(key)
                .query((rs, i) -> new Entry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4))).list();
    }

    @Test
    void theCompoundsOwnersAreToldWhenAReportIsPublished() {
        GridworkUser community = people.user("community");
        GridworkUser property = people.user("property");
        GridworkUser owners = people.user("owners");
        GridworkUser resident = people.user("resident");
        long jingcheng = jdbc.sql("select id from grid_node where name = '学府憬城'").query(Long.class).single();
        int year = 2019;
        while (jdbc.sql("select count(*) from transparency_contract where compound_id = ? and starts_on <= ? and ends_on >= ?")
                .params(jingcheng, Date.valueOf(year + "-12-31"), Date.valueOf(year + "-01-01")).query(Integer.class).single() > 0) {
            year--;
        }
        final int y = year;
        transparency.contract(jingcheng, "通知测试物业" + year, LocalDate.of(year, 1, 1), LocalDate.of(year, 12, 31), 150, community);
        long report = transparency.submitServiceReport(jingcheng, year, 4, "季度服务", Map.of("CLEANING", "每日清扫"), property);
        String key = "report:" + report + ":published";
        assertThat(entries(key)).as("nothing before publication").isEmpty();
        transparency.approve(report, owners);

        await().atMost(Duration.ofSeconds(10)).until(() -> entries(key).stream().anyMatch(e -> e.accountId() == resident.accountId()));
        List<Entry> sent = entries(key);
        assertThat(sent).extracting(Entry::accountId).contains(resident.accountId(), owners.accountId())
                .doesNotContain(property.accountId(), community.accountId()).doesNotHaveDuplicates();
        assertThat(sent).allSatisfy(e -> {
            assertThat(e.kind()).isEqualTo("NOTICE");
            assertThat(e.title()).isEqualTo("学府憬城：" + y + " 年第 4 季度物业服务报告已公开");
            assertThat(e.link()).isEqualTo("/transparency/reports/" + report);
        });
    }
}
