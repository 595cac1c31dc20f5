package io.gridwork.demo;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.gridwork.grid.BuildingView;
import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridLevel;
import io.gridwork.grid.GridNode;
import io.gridwork.grid.RoomView;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.votes.VotesApi;

/**
 * The demo's votes in 学府憬城 (issue 13): a finished poll, one vote per household, on how the 38 convenience
 * businesses around the compound are kept after rectification (as 喜树路 did); an open poll the demo resident can vote
 * in (where the e-bike chargers go, one vote per resident, live results); and an owners' decision under Civil Code
 * Art. 278 over the compound's register — every room's exclusive area filled in where the structure sheet left it
 * empty, the developer's 22 unsold flats of 42栋2单元 and a buyer of three flats each counting as one owner — with two
 * items: using the maintenance fund to replace lifts (passes by more than half) and renting common ground-floor space
 * to parcel lockers (a change of use of common parts, which misses three quarters). Runs once (no vote yet).
 */
@Component
class VotesDemo {

    private static final Logger log = LoggerFactory.getLogger(VotesDemo.class);

    private final GridApi grid;
    private final VotesApi votes;
    private final UserDetailsService accounts;
    private final TransactionTemplate tx;
    private final boolean enabled;

    VotesDemo(GridApi grid, VotesApi votes, UserDetailsService accounts, TransactionTemplate tx,
            @Value("${gridwork.demo.enabled:true}") boolean enabled) {
        this.grid = grid;
        this.votes = votes;
        this.accounts = accounts;
        this.tx = tx;
        this.enabled = enabled;
    }

    @EventListener(DemoStart.class)
    @Order(171)
    void seedIfEmpty() {
        if (!enabled || !votes.hasNoVotes()) {
            return;
        }
        GridNode jingcheng = grid.nodesUnder("/", GridLevel.COMPOUND, "学府憬城", 2).stream().findFirst().orElse(null);
        GridworkUser compound = user("compound");
        GridworkUser community = user("community");
        GridworkUser resident = user("resident");
        if (jingcheng == null || compound == null || community == null || resident == null) {
            return;
        }
        long start = System.nanoTime();
        // all or nothing: a start that fails half-way leaves no half-counted vote
        tx.executeWithoutResult(s -> seed(jingcheng, compound, community, resident));
        log.info("Demo votes of 学府憬城 seeded in {} ms", (System.nanoTime() - start) / 1_000_000);
    }

    private void seed(GridNode jingcheng, GridworkUser compound, GridworkUser community, GridworkUser resident) {
        // the finished poll: 38 businesses, one vote per household, results after the close
        long shops = votes.createPoll(jingcheng.id(), null, "周边 38 家便民商户整改后怎么保留？",
                "学府憬城周边住宅底商中有 38 家便民商户（早餐、理发、修补、代收快递等）。经过整改，请每户选择保留方式；结果作为社区与街道处理的依据。",
                true, false, 1, null, List.of("统一招牌、规范经营后全部保留", "保留，但限定营业时间（7:00–21:00）", "迁入小区北门集中便民点"),
                compound);
        votes.openPoll(shops, compound);
        List<long[]> census = votes.census(shops, 420);
        for (int i = 0; i < census.size(); i++) {
            if (i % 3 == 2) {
                continue; // about two in three households answered
            }
            int choice = i % 10 < 6 ? 1 : i % 10 < 9 ? 2 : 3;
            votes.paperBallot(shops, census.get(i)[1], null, List.of(choice), compound);
        }
        votes.closePoll(shops, compound);

        // the open poll: one vote per resident, live; a few paper ballots so far, never the demo resident's
        long chargers = votes.createPoll(jingcheng.id(), null, "电动自行车充电桩装在哪里？",
                "小区计划新增 60 个电动自行车充电端口，请选出你认为合适的位置（最多两处），结果实时公布。",
                false, true, 2, null, List.of("北门非机动车棚", "3 栋架空层", "南门外侧空地", "地下车库入口旁"), compound);
        votes.openPoll(chargers, compound);
        List<long[]> voters = votes.census(chargers, 80);
        for (int i = 0; i < voters.size(); i++) {
            long person = voters.get(i)[0];
            if (resident.personId() != null && person == resident.personId() || voters.get(i)[1] == resident.householdId()) {
                continue;
            }
            votes.paperBallot(chargers, voters.get(i)[1], person, i % 4 == 0 ? List.of(1, 3) : List.of(i % 4), compound);
        }

        // the owners' decision: areas on the register, the developer's flats and a buyer of three
        List<RoomView> rooms = new ArrayList<>();
        List<BuildingView> buildings = grid.buildingsOf(jingcheng.id()).stream()
                .sorted((a, b) -> Integer.compare(number(a.number()), number(b.number()))).toList();
        for (BuildingView b : buildings) {
            for (RoomView r : grid.roomsOfBuilding(b.id())) {
                if (r.area() == null) {
                    BigDecimal area = new BigDecimal(r.room().endsWith("01") ? "89.56" : "126.38");
                    if (number(b.number()) > 30) {
                        area = area.add(new BigDecimal("10.12"));
                    }
                    r = grid.updateRoom(r.id(), area, r.status());
                }
                rooms.add(r);
            }
        }
        BuildingView last = buildings.get(buildings.size() - 1);
        List<Long> developer = grid.roomsOfBuilding(last.id()).stream().filter(r -> r.unitNumber().equals("2")).map(RoomView::id).toList();
        votes.registerOwner(jingcheng.id(), "成都学府置业有限公司（开发商未售房屋）", true, developer, community);
        BuildingView before = buildings.get(buildings.size() - 2);
        List<Long> buyer = grid.roomsOfBuilding(before.id()).stream().filter(r -> r.unitNumber().equals("1")).limit(3).map(RoomView::id).toList();
        votes.registerOwner(jingcheng.id(), "陈建国", false, buyer, community);
        long decision = votes.createDecision(jingcheng.id(), "更换 1–12 栋电梯及架空层设置快递柜",
                "1–12 栋电梯已使用 15 年，年检多次整改。业委会提议使用专项维修资金更换；另提议在 3 栋、8 栋架空层设置快递柜，场地费归全体业主。",
                List.of(new String[] {"USE_MAINTENANCE_FUND", "使用专项维修资金 86 万元，更换 1–12 栋共 24 台电梯"},
                        new String[] {"COMMON_PARTS_USE", "在 3 栋、8 栋架空层设置快递柜，场地费每年 1.2 万元计入业主共有收益"}),
                community);
        votes.openDecision(decision, community);
        Set<Long> skip = new HashSet<>(developer.subList(1, developer.size()));
        skip.addAll(buyer.subList(1, buyer.size()));
        int cast = 0;
        for (int i = 0; i < rooms.size() && cast < 1_300; i++) {
            long h = rooms.get(i).id();
            if (skip.contains(h) || i % 7 == 3) {
                continue;
            }
            String use = cast % 20 < 15 ? "AGREE" : cast % 20 < 18 ? "OPPOSE" : "ABSTAIN";
            String lockers = cast % 10 < 7 ? "AGREE" : cast % 10 < 9 ? "OPPOSE" : "ABSTAIN";
            votes.ownerBallot(decision, h, List.of(use, lockers), community);
            cast++;
        }
        votes.closeDecision(decision, community);
    }

    private static int number(String n) {
        try {
            return Integer.parseInt(n);
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
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
