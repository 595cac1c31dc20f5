package io.gridwork.demo;

import java.time.LocalDate;
import java.time.ZoneId;

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

/**
 * The demo's red/black list (红黑榜) of 学府街道: service contracts of the street's two other compounds (城市花园三期 with
 * 成都花城物业管理有限公司, 碧鸡桥小区 with 四川桥畔物业服务有限公司, made by the street's staff), and the last finished
 * quarter's list computed from what the demo holds and published by the street's staff with the default weights. The
 * scores are what the figures give: the companies of the other compounds published no disclosures in the demo. Runs
 * after the disclosures' demo (its reports are counted), once (no list yet).
 */
@Component
class RankingDemo {

    private static final Logger log = LoggerFactory.getLogger(RankingDemo.class);

    private final GridApi grid;
    private final TransparencyApi transparency;
    private final io.gridwork.measures.MeasuresApi measures;
    private final UserDetailsService accounts;
    private final TransactionTemplate tx;
    private final boolean enabled;

    RankingDemo(GridApi grid, TransparencyApi transparency, io.gridwork.measures.MeasuresApi measures,
            UserDetailsService accounts, TransactionTemplate tx,
            @Value("${gridwork.demo.enabled:true}") boolean enabled) {
        this.grid = grid;
        this.transparency = transparency;
        this.measures = measures;
        this.accounts = accounts;
        this.tx = tx;
        this.enabled = enabled;
    }

    @EventListener(DemoStart.class)
    @Order(172)
    void seedIfEmpty() {
        if (!enabled || !transparency.hasNoRankings()) {
            return;
        }
        // the list reads the measures rollup: fold the replayed demand history into it first (outside the list's
        // transaction, which would hold the fold's lock row to its end)
        try {
            measures.catchUp(java.time.Duration.ofSeconds(60));
        } catch (RuntimeException e) {
            log.warn("Demo red/black list computed from the measures as folded so far: {}", e.getMessage());
        }
        tx.executeWithoutResult(s -> seed());
    }

    private void seed() {
        GridNode street = grid.nodesUnder("/", GridLevel.STREET, "学府街道", 2).stream().findFirst().orElse(null);
        GridworkUser staff = user("street");
        if (street == null || staff == null) {
            return;
        }
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
        LocalDate lastQuarter = today.withDayOfMonth(1).minusMonths((today.getMonthValue() - 1) % 3 + 3);
        int year = lastQuarter.getYear();
        int quarter = (lastQuarter.getMonthValue() - 1) / 3 + 1;
        contract(street, "城市花园三期", "成都花城物业管理有限公司", year, staff);
        contract(street, "碧鸡桥小区", "四川桥畔物业服务有限公司", year, staff);
        long id = transparency.computeRanking(street.id(), year, quarter, null, staff);
        transparency.publishRanking(id, staff);
        log.info("Demo red/black list: {} Q{} of 学府街道 published", year, quarter);
    }

    private void contract(GridNode street, String compound, String company, int year, GridworkUser staff) {
        grid.nodesUnder(street.path(), GridLevel.COMPOUND, compound, 2).stream().findFirst().ifPresent(c -> transparency.contract(c.id(),
                company, LocalDate.of(year - 1, 1, 1), LocalDate.of(year + 2, 12, 31), 150, staff));
    }

    private GridworkUser user(String username) {
        try {
            return (GridworkUser) accounts.loadUserByUsername(username);
        } catch (UsernameNotFoundException e) {
            return null;
        }
    }
}
