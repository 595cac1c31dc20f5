package io.gridwork.demo;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;

import io.gridwork.economy.EconomyApi;
import io.gridwork.economy.EconomyApi.ActivityPlan;
import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridLevel;
import io.gridwork.grid.GridNode;
import io.gridwork.shared.security.GridworkUser;

/**
 * The demo's activities in 学府社区, after its points (EconomyDemo): an upcoming garbage-sorting guidance turn at the
 * north gate's drop-off point for 学府憬城第1微网格 (by its grid worker, 10 points an hour, the demo resident signed
 * up), an upcoming Winter Solstice dumpling party for the whole community per family (the resident's household
 * signed up), and a traffic-safety persuasion ten days ago that the resident attended for two hours, verified and
 * credited (20 points). Runs once (no activity yet).
 */
@Component
class ActivitiesDemo {

    private static final Logger log = LoggerFactory.getLogger(ActivitiesDemo.class);
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private final GridApi grid;
    private final EconomyApi economy;
    private final UserDetailsService accounts;
    private final boolean enabled;

    ActivitiesDemo(GridApi grid, EconomyApi economy, UserDetailsService accounts,
            @Value("${gridwork.demo.enabled:true}") boolean enabled) {
        this.grid = grid;
        this.economy = economy;
        this.accounts = accounts;
        this.enabled = enabled;
    }

    @EventListener(DemoStart.class)
    @Order(160)
    void seedIfEmpty() {
        if (!enabled || !economy.hasNoActivities()) {
            return;
        }
        GridNode xuefu = grid.nodesUnder("/", GridLevel.COMMUNITY, "学府社区", 2).stream().findFirst().orElse(null);
        GridNode micro = grid.nodesUnder("/", GridLevel.MICRO, "学府憬城第1微网格", 2).stream().findFirst().orElse(null);
        GridworkUser secretary = user("community");
        GridworkUser worker = user("worker");
        GridworkUser resident = user("resident");
        if (xuefu == null || micro == null || secretary == null || worker == null || resident == null
                || resident.personId() == null || resident.householdId() == null) {
            return;
        }
        Long sorting = economy.earnRule(xuefu.id(), "垃圾分类督导").orElse(null);
        Long traffic = economy.earnRule(xuefu.id(), "交通安全劝导").orElse(null);
        LocalDate today = LocalDate.now(ZONE);
        Instant now = Instant.now();

        long guidance = economy.planActivity(xuefu.id(), new ActivityPlan(micro.id(), "GARBAGE_SORTING", "北门定时定点投放点督导",
                "学府憬城北门垃圾分类投放点", "早晚定时投放时段，引导居民分类投放、破袋投放。", at(today.plusDays(3), 7, 30),
                at(today.plusDays(3), 9, 30), 6, false, false, sorting), now, worker);
        economy.signUp(guidance, List.of(), now, resident);

        long dumplings = economy.planActivity(xuefu.id(), new ActivityPlan(null, "FESTIVAL", "冬至家庭包饺子",
                "学府社区党群服务中心", "以家庭为单位报名，社区准备面粉和馅料。", at(today.plusDays(10), 15, 0),
                at(today.plusDays(10), 17, 0), 30, true, true, null), now, secretary);
        economy.signUp(dumplings, List.of(resident.personId()), now, resident);

        Instant start = at(today.minusDays(10), 7, 30);
        Instant end = at(today.minusDays(10), 9, 30);
        long persuasion = economy.planActivity(xuefu.id(), new ActivityPlan(micro.id(), "TRAFFIC_SAFETY", "学府路口交通安全劝导",
                "学府路与憬城街路口", "早高峰劝导电瓶车佩戴头盔、不闯红灯。", start, end, 8, false, false, traffic),
                start.minus(Duration.ofDays(3)), worker);
        economy.signUp(persuasion, List.of(), start.minus(Duration.ofDays(2)), resident);
        economy.attend(persuasion, resident.personId(), start, end, "demo-activity-traffic", worker);
        log.info("Demo activities: two coming up, one attended and credited");
    }

    private static Instant at(LocalDate day, int hour, int minute) {
        return day.atTime(LocalTime.of(hour, minute)).atZone(ZONE).toInstant();
    }

    private GridworkUser user(String username) {
        try {
            return (GridworkUser) accounts.loadUserByUsername(username);
        } catch (UsernameNotFoundException e) {
            return null;
        }
    }
}
