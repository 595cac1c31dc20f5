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
 * The demo's 民生微实事 in 学府社区 this year: a budget of ¥200,000 set by the community secretary, two proposals of the
 * demo resident, the resident's choice, the choosing closed, the chosen project selected with ¥45,000 and its first
 * spending booked with a receipt. Runs once (no round yet).
 */
@Component
class MicroProjectDemo {

    private static final Logger log = LoggerFactory.getLogger(MicroProjectDemo.class);

    private final GridApi grid;
    private final TransparencyApi transparency;
    private final UserDetailsService accounts;
    private final TransactionTemplate tx;
    private final boolean enabled;

    MicroProjectDemo(GridApi grid, TransparencyApi transparency, UserDetailsService accounts, TransactionTemplate tx,
            @Value("${gridwork.demo.enabled:true}") boolean enabled) {
        this.grid = grid;
        this.transparency = transparency;
        this.accounts = accounts;
        this.tx = tx;
        this.enabled = enabled;
    }

    @EventListener(DemoStart.class)
    @Order(173)
    void seedIfEmpty() {
        if (!enabled || !transparency.hasNoMicroRounds()) {
            return;
        }
        tx.executeWithoutResult(s -> seed());
    }

    private void seed() {
        GridNode xuefu = grid.nodesUnder("/", GridLevel.COMMUNITY, "学府社区", 2).stream().findFirst().orElse(null);
        GridworkUser secretary = user("community");
        GridworkUser resident = user("resident");
        if (xuefu == null || secretary == null || resident == null) {
            return;
        }
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
        int year = today.getYear();
        transparency.openMicroRound(xuefu.id(), year, 20_000_000L, secretary);
        long handrails = transparency.proposeMicroProject(xuefu.id(), year, "老旧楼栋楼道加装扶手",
                "3、5、7 栋没有电梯，老人上下楼吃力，建议每层楼道加装不锈钢扶手。", 4_800_000L, resident);
        transparency.proposeMicroProject(xuefu.id(), year, "中心花园休闲座椅更换",
                "花园 12 张木座椅已开裂，建议更换为防腐木座椅。", 2_600_000L, resident);
        transparency.moveMicroPhase(xuefu.id(), year, "CHOOSING", secretary);
        transparency.chooseMicroProject(handrails, resident);
        transparency.moveMicroPhase(xuefu.id(), year, "DECIDED", secretary);
        transparency.selectMicroProject(handrails, 4_500_000L, secretary);
        transparency.spendOnMicroProject(handrails, 1_680_000L, today, "不锈钢扶手材料（首批）", "MS-" + year + "-001", secretary);
        log.info("Demo 民生微实事: 学府社区 {} with a project under way", year);
    }

    private GridworkUser user(String username) {
        try {
            return (GridworkUser) accounts.loadUserByUsername(username);
        } catch (UsernameNotFoundException e) {
            return null;
        }
    }
}
