package io.gridwork.demo;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridLevel;
import io.gridwork.grid.GridNode;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.transparency.TransparencyApi;
import io.gridwork.transparency.TransparencyApi.Line;

/**
 * The demo's property disclosures in 学府憬城: a service contract with 成都锦憬物业服务有限公司 (registered by the
 * community secretary, handover briefing done) and the last finished quarter's service report and income-and-expense
 * report, drafted by the demo property account and approved by the demo owners committee, and a few entries of the
 * trust account (信托制物业) last month and this month, so that the demo resident reads them. The reports are dated as
 * disclosed in the two weeks after the quarter (within the red/black list's deadline), not on the day of the first start. Runs after the other demo
 * data (its demands are counted), once (no report yet).
 */
@Component
class TransparencyDemo {

    private static final Logger log = LoggerFactory.getLogger(TransparencyDemo.class);
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private final GridApi grid;
    private final TransparencyApi transparency;
    private final UserDetailsService accounts;
    private final TransactionTemplate tx;
    private final boolean enabled;

    TransparencyDemo(GridApi grid, TransparencyApi transparency, UserDetailsService accounts, TransactionTemplate tx,
            @Value("${gridwork.demo.enabled:true}") boolean enabled) {
        this.grid = grid;
        this.transparency = transparency;
        this.accounts = accounts;
        this.tx = tx;
        this.enabled = enabled;
    }

    @EventListener(DemoStart.class)
    @Order(160)
    void seedIfEmpty() {
        if (!enabled || !transparency.hasNoReports()) {
            return;
        }
        // all or nothing: a start that fails half-way leaves no contract without its reports
        tx.executeWithoutResult(s -> seed());
    }

    private void seed() {
        GridNode jingcheng = grid.nodesUnder("/", GridLevel.COMPOUND, "学府憬城", 2).stream().findFirst().orElse(null);
        GridworkUser secretary = user("community");
        GridworkUser property = user("property");
        GridworkUser owners = user("owners");
        if (jingcheng == null || secretary == null || property == null || owners == null) {
            return;
        }
        LocalDate today = LocalDate.now(ZONE);
        LocalDate lastQuarter = today.withDayOfMonth(1).minusMonths((today.getMonthValue() - 1) % 3 + 3);
        int year = lastQuarter.getYear();
        int quarter = (lastQuarter.getMonthValue() - 1) / 3 + 1;
        transparency.contract(jingcheng.id(), "成都锦憬物业服务有限公司", LocalDate.of(year - 1, 1, 1), LocalDate.of(year + 2, 12, 31), 180,
                secretary);
        Map<String, String> service = new LinkedHashMap<>();
        service.put("CLEANING", "楼道每日清扫两次，垃圾定时定点投放点每日清运；雨季前疏通雨水管网 1 次。");
        service.put("GREENERY", "修剪乔灌木 3 次，补种中心花园草坪约 120 平方米。");
        service.put("REPAIRS", "更换单元门禁 4 套、楼道灯 36 盏，2 号电梯年检合格。");
        service.put("SECURITY", "24 小时门岗，夜间巡逻每晚 4 次；地下车库消防通道清理 2 次。");
        long serviceReport = transparency.submitServiceReport(jingcheng.id(), year, quarter,
                "本季度按合同完成保洁、绿化、维修和秩序维护，详见各项。", service, property);
        long financeReport = transparency.submitFinanceReport(jingcheng.id(), year, quarter, "本季度收支如下，结余转入下季度。",
                List.of(new Line("PROPERTY_FEES", "住宅物业费（收缴率 91%）", 82_416_000L),
                        new Line("PARKING", "地面临时停车费", 6_350_000L),
                        new Line("ADVERTISING", "电梯轿厢广告", 1_800_000L),
                        new Line("STAFF", "物业服务人员工资及社保", 52_300_000L),
                        new Line("CLEANING", "保洁耗材及垃圾清运", 8_640_000L),
                        new Line("GREENERY", "绿化养护", 3_210_000L),
                        new Line("REPAIRS", "门禁、照明及电梯维修", 6_985_000L),
                        new Line("UTILITIES", "公共区域水电", 9_120_000L)),
                property);
        transparency.approve(serviceReport, owners);
        transparency.approve(financeReport, owners);
        // disclosed in the weeks after the quarter, within the street's default deadline (15 days), as a company that
        // keeps to it would: the red/black list's "published on time" reads these dates
        java.time.Instant quarterEnd = lastQuarter.plusMonths(3).atStartOfDay(ZONE).toInstant();
        datePublished(serviceReport, quarterEnd.plus(java.time.Duration.ofHours(8 * 24 + 10)),
                quarterEnd.plus(java.time.Duration.ofHours(11 * 24 + 15)));
        datePublished(financeReport, quarterEnd.plus(java.time.Duration.ofHours(12 * 24 + 9)),
                quarterEnd.plus(java.time.Duration.ofHours(13 * 24 + 16)));
        // the trust account: last month's and this month's money in and out, each with its receipt
        LocalDate lastMonth = today.withDayOfMonth(1).minusMonths(1);
        transparency.bookTrust(jingcheng.id(), "FEES", 27_480_000L, lastMonth.plusDays(4), "住宅物业费（上月）", "SF-" + lastMonth + "-01",
                property);
        transparency.bookTrust(jingcheng.id(), "PARKING", 2_130_000L, lastMonth.plusDays(9), "地面临时停车费", "TC-" + lastMonth + "-02",
                property);
        transparency.bookTrust(jingcheng.id(), "SERVICES", 17_400_000L, lastMonth.plusDays(14), "物业服务人员工资", "GZ-" + lastMonth + "-03",
                property);
        transparency.bookTrust(jingcheng.id(), "TRUSTEE_FEE", 1_450_000L, lastMonth.plusDays(27), "受托人酬金（按月）", "CJ-" + lastMonth + "-04",
                property);
        transparency.bookTrust(jingcheng.id(), "ADVERTISING", 600_000L, today.withDayOfMonth(1), "电梯轿厢广告（本月）", "GG-" + today + "-01",
                property);
        transparency.bookTrust(jingcheng.id(), "REPAIRS", 386_000L, today.withDayOfMonth(1), "更换 5 栋单元门禁", "WX-" + today + "-02",
                property);
        log.info("Demo disclosures: contract and the reports of {} Q{} published in 学府憬城", year, quarter);
    }

    /** Dates a report as disclosed then; a quarter that ended days ago keeps today's dates, which are on time too. */
    private void datePublished(long report, java.time.Instant submitted, java.time.Instant published) {
        if (published.isBefore(java.time.Instant.now())) {
            transparency.datePublished(report, submitted, published);
        }
    }

    private GridworkUser user(String username) {
        try {
            return (GridworkUser) accounts.loadUserByUsername(username);
        } catch (UsernameNotFoundException e) {
            return null;
        }
    }
}
