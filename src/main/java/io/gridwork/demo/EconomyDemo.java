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

import io.gridwork.economy.EconomyApi;
import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridLevel;
import io.gridwork.grid.GridNode;
import io.gridwork.shared.security.GridworkUser;

/**
 * The demo's community points (信义贝) in 学府社区: the demo merchant's shop 邻里惠民超市, verified by the
 * community secretary; three published earning rules; the demo resident's verified volunteering credited (25
 * points) and one purchase of ¥65 paid with 6 of them. Runs after the demo community, once (no shop yet).
 */
@Component
class EconomyDemo {

    private static final Logger log = LoggerFactory.getLogger(EconomyDemo.class);

    private final GridApi grid;
    private final EconomyApi economy;
    private final UserDetailsService accounts;
    private final boolean enabled;

    EconomyDemo(GridApi grid, EconomyApi economy, UserDetailsService accounts,
            @Value("${gridwork.demo.enabled:true}") boolean enabled) {
        this.grid = grid;
        this.economy = economy;
        this.accounts = accounts;
        this.enabled = enabled;
    }

    @EventListener(DemoStart.class)
    @Order(150)
    void seedIfEmpty() {
        if (!enabled || !economy.hasNoMerchants()) {
            return;
        }
        GridNode xuefu = grid.nodesUnder("/", GridLevel.COMMUNITY, "学府社区", 2).stream().findFirst().orElse(null);
        GridworkUser merchant = user("merchant");
        GridworkUser secretary = user("community");
        GridworkUser resident = user("resident");
        if (xuefu == null || merchant == null || secretary == null || resident == null || resident.personId() == null) {
            return;
        }
        long shop = economy.registerMerchant(xuefu.id(), "邻里惠民超市", "学府憬城北门商铺 3 号", "王老板", "13800000001", merchant);
        economy.verifyMerchant(shop, secretary);
        long sorting = economy.publishEarnRule(xuefu.id(), "垃圾分类督导", "HOUR", 10, secretary);
        economy.publishEarnRule(xuefu.id(), "交通安全劝导", "HOUR", 10, secretary);
        long patrol = economy.publishEarnRule(xuefu.id(), "雨季巡查", "TASK", 5, secretary);
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
        economy.creditVolunteering(xuefu.id(), resident.personId(), sorting, today.minusDays(3), 120,
                "北门定时定点投放点督导", "demo-sorting", secretary);
        economy.creditVolunteering(xuefu.id(), resident.personId(), patrol, today.minusDays(1), 1, "雨后巡查 1 栋地下车库",
                "demo-patrol", secretary);
        economy.confirmPayment(economy.requestPayment(6500, merchant), "demo-payment", resident);
        log.info("Demo points: shop {} verified, the resident has 19 points", shop);
    }

    private GridworkUser user(String username) {
        try {
            return (GridworkUser) accounts.loadUserByUsername(username);
        } catch (UsernameNotFoundException e) {
            return null;
        }
    }
}
