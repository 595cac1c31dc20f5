package io.gridwork.demo;

import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;

import io.gridwork.access.AccountApi;
import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridLevel;
import io.gridwork.grid.GridNode;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.station.StationApi;

/**
 * The demo's service station (issue 13): 学府憬城's 70 m² station, open Monday to Friday 9:00–17:00 with three
 * rooms, the family doctor on Tuesday and Friday mornings (blood pressure, blood sugar, care for special groups) in
 * slots of half an hour for four residents, this month's published rota of the compound's micro-grid leaders, and
 * the supermarket's service point in 学府社区, open every day until 22:00. Called by {@link DemoSeeder}, once.
 */
@Component
class StationDemo {

    private static final Logger log = LoggerFactory.getLogger(StationDemo.class);

    private final GridApi grid;
    private final StationApi stations;
    private final AccountApi accounts;
    private final UserDetailsService users;

    StationDemo(GridApi grid, StationApi stations, AccountApi accounts, UserDetailsService users) {
        this.grid = grid;
        this.stations = stations;
        this.accounts = accounts;
        this.users = users;
    }

    /** One transaction: a start that fails half-way leaves no station, so the next start seeds again. */
    @org.springframework.transaction.annotation.Transactional
    void seedIfEmpty() {
        if (!stations.hasNoStations()) {
            return;
        }
        GridNode xuefu = grid.nodesUnder("/", GridLevel.COMMUNITY, "学府社区", 2).stream().findFirst().orElse(null);
        GridNode jingcheng = grid.nodesUnder("/", GridLevel.COMPOUND, "学府憬城", 2).stream().findFirst().orElse(null);
        GridworkUser secretary = user("community");
        Long doctor = accounts.accountIdOf("doctor").orElse(null);
        if (xuefu == null || jingcheng == null || secretary == null || doctor == null) {
            return;
        }
        List<Integer> weekdays = List.of(1, 2, 3, 4, 5);
        long station = stations.createStation(jingcheng.id(), false, "学府憬城微网实格服务站", "学府憬城 3 栋架空层", 70,
                "微网格长轮流驻点值班，接待到访居民、收集和回应诉求；居民议事、志愿服务队开会；家庭医生每周二、五坐诊。",
                weekdays, LocalTime.of(9, 0), LocalTime.of(17, 0), secretary);
        stations.addRoom(station, "议事室", 12, secretary);
        stations.addRoom(station, "家庭医生诊室", 2, secretary);
        stations.addRoom(station, "微网格长办公区", 4, secretary);
        stations.addService(station, "家庭医生坐诊", "测血压、测血糖、特殊人群关爱（老人、慢病、残疾人）", doctor, List.of(2, 5),
                LocalTime.of(9, 0), LocalTime.of(11, 30), 30, 4, secretary);
        stations.publishRota(station, YearMonth.now(ZoneId.of("Asia/Shanghai")), secretary);
        stations.createStation(xuefu.id(), true, "邻里惠民超市社区服务点", "学府憬城北门商铺 3 号（邻里惠民超市内）", null,
                "流动党员报到、社区活动公示、政策宣讲资料领取、志愿者报名登记、社保医保查询打印。",
                List.of(1, 2, 3, 4, 5, 6, 7), LocalTime.of(9, 0), LocalTime.of(22, 0), secretary);
        log.info("Demo service station {} with the doctor's clinic and this month's rota; the supermarket's service point", station);
    }

    private GridworkUser user(String username) {
        try {
            return (GridworkUser) users.loadUserByUsername(username);
        } catch (UsernameNotFoundException e) {
            return null;
        }
    }
}
