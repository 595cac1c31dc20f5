package io.gridwork.demo;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import javax.imageio.ImageIO;

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
 * The demo's micro-fund (微基金) in 学府社区: a committee of four (the community secretary, the owners committee, the
 * party branch and a micro-grid worker), two approvals per expense; two donations of 邻里惠民超市 (¥2,000 and
 * ¥1,500) and the Double Ninth banquet for the elderly (¥1,200), proposed by the secretary and approved by the owners
 * committee and the party branch. Runs after the demo's points (the shop must be verified), once (no fund yet).
 */
@Component
class FundDemo {

    private static final Logger log = LoggerFactory.getLogger(FundDemo.class);

    private final GridApi grid;
    private final EconomyApi economy;
    private final UserDetailsService accounts;
    private final boolean enabled;

    FundDemo(GridApi grid, EconomyApi economy, UserDetailsService accounts, @Value("${gridwork.demo.enabled:true}") boolean enabled) {
        this.grid = grid;
        this.economy = economy;
        this.accounts = accounts;
        this.enabled = enabled;
    }

    @EventListener(DemoStart.class)
    @Order(160)
    void seedIfEmpty() {
        if (!enabled) {
            return;
        }
        GridNode xuefu = grid.nodesUnder("/", GridLevel.COMMUNITY, "学府社区", 2).stream().findFirst().orElse(null);
        GridworkUser secretary = user("community");
        GridworkUser merchant = user("merchant");
        GridworkUser owners = user("owners");
        GridworkUser party = user("party");
        if (xuefu == null || secretary == null || merchant == null || owners == null || party == null
                || !economy.hasNoFund(xuefu.id())) {
            return;
        }
        Long shop = economy.shopOf(merchant.accountId()).orElse(null);
        if (shop == null) {
            return;
        }
        economy.setUpFund(xuefu.id(), 2, List.of("community", "owners", "party", "worker"), secretary);
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
        economy.donateToFund(xuefu.id(), shop, 200_000, today.minusDays(20), "开业周年让利捐赠", "demo-fund-donation-1", secretary);
        economy.donateToFund(xuefu.id(), shop, 150_000, today.minusDays(5), "重阳节专项捐赠", "demo-fund-donation-2", secretary);
        long banquet = economy.proposeExpense(xuefu.id(), "ACTIVITY", "重阳节敬老宴", "社区 60 岁以上老人重阳节聚餐，含场地与餐费",
                120_000, receipt(), "demo-fund-expense-1", secretary);
        economy.approveExpense(banquet, owners);
        economy.approveExpense(banquet, party);
        log.info("Demo micro-fund: two donations, the Double Ninth banquet paid, ¥2,300.00 left");
    }

    /** A plain drawing of a paper receipt (lines for the items and a red stamp), as a phone photo of one would be. */
    static byte[] receipt() {
        BufferedImage img = new BufferedImage(360, 480, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setColor(new Color(0xF4F1E8));
            g.fillRect(0, 0, 360, 480);
            g.setColor(new Color(0x555555));
            g.setStroke(new BasicStroke(3));
            g.drawLine(40, 50, 320, 50);
            for (int y = 110; y <= 350; y += 40) {
                g.drawLine(40, y, 260, y);
                g.drawLine(290, y, 320, y);
            }
            g.setColor(new Color(0xC0392B));
            g.drawOval(220, 360, 100, 100);
        } finally {
            g.dispose();
        }
        var out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private GridworkUser user(String username) {
        try {
            return (GridworkUser) accounts.loadUserByUsername(username);
        } catch (UsernameNotFoundException e) {
            return null;
        }
    }
}
