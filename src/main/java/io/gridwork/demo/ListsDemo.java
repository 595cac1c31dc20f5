package io.gridwork.demo;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

import javax.imageio.ImageIO;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.stereotype.Component;

import io.gridwork.grid.BuildingView;
import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridNode;
import io.gridwork.grid.HouseholdView;
import io.gridwork.lists.ListsApi;
import io.gridwork.shared.security.GridworkUser;

/**
 * Demo routine work and lists for 学府憬城: a few weeks of the first micro-grid's routine work
 * (information checks, visits, a mediation that reached agreement and one that did not), needs taken
 * from an opinion collection, the compound's resources, and rectification items in every state.
 * Runs after the demo community, only when the lists are still empty.
 */
@Component
class ListsDemo {

    private static final Logger log = LoggerFactory.getLogger(ListsDemo.class);

    private final GridApi grid;
    private final ListsApi lists;
    private final UserDetailsService accounts;
    private final boolean enabled;

    ListsDemo(GridApi grid, ListsApi lists, UserDetailsService accounts, @Value("${gridwork.demo.enabled:true}") boolean enabled) {
        this.grid = grid;
        this.lists = lists;
        this.accounts = accounts;
        this.enabled = enabled;
    }

    @EventListener(DemoStart.class)
    @Order(110)
    void seedIfEmpty() {
        if (!enabled || !lists.isEmpty()) {
            return;
        }
        Optional<GridNode> micro = find("学府憬城第1微网格");
        Optional<GridNode> compound = find("学府憬城");
        if (micro.isEmpty() || compound.isEmpty()) {
            log.info("No demo community: routine work and lists not seeded");
            return;
        }
        try {
            seed(micro.get(), compound.get());
            log.info("Demo routine work and lists seeded");
        } catch (RuntimeException e) {
            log.warn("Demo routine work and lists not (fully) seeded: {}", e.getMessage());
        }
    }

    private void seed(GridNode micro, GridNode compound) {
        GridworkUser worker = user("worker");
        GridworkUser leader = user("leader");
        GridworkUser compoundLeader = user("compound");
        GridworkUser property = user("property");
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
        List<Long> households = new ArrayList<>();
        for (BuildingView b : grid.buildingsOf(micro.id())) {
            grid.householdsOfBuilding(b.id()).stream().map(HouseholdView::id).limit(12).forEach(households::add);
            if (households.size() >= 24) {
                break;
            }
        }
        for (int i = 0; i < 8 && i < households.size(); i++) {
            lists.logWork("INFO_COLLECTION", null, List.of(households.get(i)), today.minusDays(20 - 2L * i),
                    "入户核实家庭成员、联系电话和居住状态", worker);
        }
        lists.logWork("HOUSEHOLD_VISIT", null, households.subList(8, Math.min(11, households.size())), today.minusDays(6),
                "走访独居老人，了解身体状况和生活需求", worker);
        long opinion = lists.logWork("OPINION_COLLECTION", micro.id(), List.of(), today.minusDays(5),
                "楼栋议事：多位居民希望在小区增设电动自行车集中充电桩", worker);
        lists.logWork("POLICY_PUBLICITY", micro.id(), List.of(), today.minusDays(4), "在单元门口宣传防范电信诈骗和文明养犬", leader);
        lists.logWork("MOBILISATION", micro.id(), List.of(), today.minusDays(3), "组织12名志愿者清理楼道堆放杂物", leader);
        lists.logMediation(micro.id(), today.minusDays(2), "3栋1单元1201与1301住户", "楼上卫生间渗水导致楼下吊顶发霉",
                "楼上请物业重做防水，并承担楼下吊顶修复费用", true, worker);
        lists.logMediation(micro.id(), today.minusDays(1), "5栋2单元302住户与楼下商户", "夜间装卸货物噪音扰民",
                "商户同意晚上十点后不装卸，住户仍要求赔偿，未达成一致，转社区人民调解委员会", false, worker);
        lists.logWork("POLICY_PUBLICITY", compound.id(), List.of(), today.minusDays(8), "小区广场宣传燃气安全和高空抛物法律责任",
                compoundLeader);

        lists.addNeed(null, null, "ENVIRONMENT", "增设电动自行车集中充电桩", "居民集中反映楼道充电隐患，希望在地面车棚增设充电桩",
                opinion, worker);
        if (households.size() > 9) {
            lists.addNeed(null, households.get(9), "ELDERLY_CARE", "独居老人希望就近助餐", "82岁独居，行动不便，希望每天送餐上门",
                    null, worker);
        }
        lists.addNeed(compound.id(), null, "CHILD_CARE", "暑期儿童托管", "双职工家庭希望暑期有看护和作业辅导", null, compoundLeader);

        lists.addResource(compound.id(), "PERSON", "王师傅（水电维修）", "退休电工，愿意为老人免费维修水电", "3栋", "周末全天",
                "王师傅", "13800001111", compoundLeader);
        lists.addResource(compound.id(), "SPACE", "小区党群服务站活动室", "70平方米，可容纳40人，适合议事会和志愿者培训",
                "学府憬城 1栋底楼", "周一至周五 9:00–17:00", "值班网格长", null, compoundLeader);
        lists.addResource(compound.id(), "MERCHANT", "邻里惠民超市", "接受社区积分兑换，可代收快递", "小区北门", "每天 8:00–22:00",
                "李老板", "028-84561234", compoundLeader);
        lists.addResource(compound.id(), "ORGANISATION", "心桥志愿服务队", "36名志愿者，擅长助老和环境整治", null, "周末",
                "张队长", "13900002222", compoundLeader);

        long blocked = lists.addProblem(micro.id(), "WORKER", "消防通道堆放杂物", "2栋东侧消防通道堆放废旧家具", "PROPERTY",
                "物业楼栋管家", "通知住户三日内清理，逾期物业统一清运", today.plusDays(3), worker);
        lists.startRectification(blocked, null, null, property);
        lists.rectify(blocked, "杂物已清运，通道畅通", photo(), property);
        long charging = lists.addProblem(micro.id(), "RESIDENTS", "楼道内电动自行车充电", "问题大家找活动中居民发现4栋楼道飞线充电",
                "PROPERTY", null, null, null, worker);
        lists.startRectification(charging, "张贴告知书，劝离楼道车辆，加装楼道烟感", today.plusDays(7), property);
        lists.addProblem(micro.id(), "RESIDENTS", "单元门禁损坏", "1栋2单元门禁无法关闭", "PROPERTY", null, null, today.plusDays(2),
                leader);
        lists.addProblem(micro.id(), "WORKER", "高空抛物隐患", "6栋阳台外侧花盆未固定", "GRID", "微网格长", "入户提醒固定或移入室内",
                today.plusDays(1), leader);
    }

    private GridworkUser user(String username) {
        return (GridworkUser) accounts.loadUserByUsername(username);
    }

    private Optional<GridNode> find(String name) {
        Deque<GridNode> queue = new ArrayDeque<>(grid.roots());
        int visited = 0;
        while (!queue.isEmpty() && visited++ < 500) {
            GridNode n = queue.poll();
            if (n.name().equals(name)) {
                return Optional.of(n);
            }
            queue.addAll(grid.children(n.id()));
        }
        return Optional.empty();
    }

    private static byte[] photo() {
        BufferedImage img = new BufferedImage(480, 360, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(0xDDE6D5));
        g.fillRect(0, 0, 480, 360);
        g.setColor(new Color(0x6B8E5A));
        g.fillRect(60, 200, 360, 120);
        g.dispose();
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(img, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
