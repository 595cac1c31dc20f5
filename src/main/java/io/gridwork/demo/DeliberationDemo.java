package io.gridwork.demo;

import java.time.LocalDate;
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
import org.springframework.transaction.support.TransactionTemplate;

import io.gridwork.deliberation.DeliberationApi;
import io.gridwork.deliberation.DeliberationApi.Attendance;
import io.gridwork.deliberation.DeliberationApi.MeetingKind;
import io.gridwork.deliberation.DeliberationApi.Party;
import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridLevel;
import io.gridwork.grid.GridNode;
import io.gridwork.shared.security.GridworkUser;

/**
 * The demo's deliberation (issue 13): a joint meeting (联席会议) of 学府憬城 forty days ago, convened by the party branch
 * with the owners committee, the property company, the micro-grid's leader and worker and an active resident, its
 * agenda, attendance and published minutes, and three decisions: the corridor clean-up done, the charging points in
 * progress, the wall repair plan overdue. Also residents' renovation proposals and a project made from one of them
 * (the storm and sewage pipes), under way with a first spending entry. Once (no meeting yet), all or nothing.
 */
@Component
class DeliberationDemo {

    private static final Logger log = LoggerFactory.getLogger(DeliberationDemo.class);
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private final GridApi grid;
    private final DeliberationApi deliberation;
    private final UserDetailsService accounts;
    private final TransactionTemplate tx;
    private final boolean enabled;

    DeliberationDemo(GridApi grid, DeliberationApi deliberation, UserDetailsService accounts, TransactionTemplate tx,
            @Value("${gridwork.demo.enabled:true}") boolean enabled) {
        this.grid = grid;
        this.deliberation = deliberation;
        this.accounts = accounts;
        this.tx = tx;
        this.enabled = enabled;
    }

    @EventListener(DemoStart.class)
    @Order(170)
    void seedIfEmpty() {
        if (!enabled || !deliberation.hasNoMeetings()) {
            return;
        }
        tx.executeWithoutResult(s -> seed());
    }

    private void seed() {
        GridNode jingcheng = grid.nodesUnder("/", GridLevel.COMPOUND, "学府憬城", 2).stream().findFirst().orElse(null);
        GridworkUser party = user("party");
        GridworkUser community = user("community");
        GridworkUser owners = user("owners");
        GridworkUser property = user("property");
        GridworkUser worker = user("worker");
        GridworkUser leader = user("leader");
        GridworkUser resident = user("resident");
        if (jingcheng == null || party == null || community == null || owners == null || property == null || worker == null
                || leader == null || resident == null) {
            return;
        }
        LocalDate today = LocalDate.now(ZONE);
        LocalDate day = today.minusDays(40);
        long meeting = deliberation.createMeeting(jingcheng.id(), MeetingKind.JOINT, "学府憬城联席会议（第四季度）", "学府憬城微网实格服务站议事室",
                day.atTime(19, 0).atZone(ZONE).toInstant(), party);
        long clutter = deliberation.addAgendaItem(meeting, "楼道堆物清理", "消防检查发现 1–6 栋楼道堆放杂物、电动车进楼。", party);
        long charging = deliberation.addAgendaItem(meeting, "增设电动自行车充电桩", "居民反映充电难，飞线充电有火灾隐患。", party);
        long wall = deliberation.addAgendaItem(meeting, "3 栋外墙渗水", "3 栋 2 单元多户反映雨季外墙渗水。", party);
        for (GridworkUser u : List.of(owners, property, leader, worker, resident, community)) {
            deliberation.invite(meeting, u.accountId(), party);
        }
        deliberation.recordAttendance(meeting, owners.accountId(), Attendance.PRESENT, party);
        deliberation.recordAttendance(meeting, property.accountId(), Attendance.PRESENT, party);
        deliberation.recordAttendance(meeting, leader.accountId(), Attendance.PRESENT, party);
        deliberation.recordAttendance(meeting, worker.accountId(), Attendance.PRESENT, party);
        deliberation.recordAttendance(meeting, resident.accountId(), Attendance.PRESENT, party);
        deliberation.recordAttendance(meeting, community.accountId(), Attendance.EXCUSED, party);
        deliberation.writeMinutes(meeting, """
                小区党支部召集，业委会、物业公司、第1微网格网格长和网格员、居民代表参加，社区书记请假。
                一、楼道堆物：网格员两周内逐栋清理，物业配合清运，业委会在业主群发布倡议。
                二、充电桩：物业公司在 2 号、5 号车棚增设充电桩 40 个，费用和收费标准先报业委会。
                三、3 栋外墙渗水：业委会委托检测并拿出维修方案，按维修资金使用程序征求业主意见。""", party);
        deliberation.publishMinutes(meeting, party);
        long done = deliberation.decide(clutter, "网格员逐栋清理 1–6 栋楼道堆物，物业清运", Party.GRID_WORKERS, worker.accountId(),
                day.plusDays(14), party);
        deliberation.updateDecision(done, 50, false, "1–3 栋已清理完毕，清运杂物 2 车。", worker);
        deliberation.updateDecision(done, 100, true, "1–6 栋楼道全部清理，复查无新增堆物。", worker);
        long progress = deliberation.decide(charging, "在 2 号、5 号车棚增设电动自行车充电桩 40 个", Party.PROPERTY, property.accountId(),
                today.plusDays(30), party);
        deliberation.updateDecision(progress, 40, false, "2 号车棚 16 个充电桩已安装，5 号车棚线路改造中。", property);
        deliberation.decide(wall, "委托检测 3 栋外墙并报维修方案", Party.OWNERS_COMMITTEE, owners.accountId(), today.minusDays(10), party);

        long pipes = deliberation.propose("更换老化的雨污管网", "每逢大雨 2 栋、3 栋门前积水，化粪池返味。", resident);
        deliberation.propose("增设无障碍坡道", "4 栋、6 栋单元门前台阶高，老人轮椅进出不便。", resident);
        long project = deliberation.createProject(jingcheng.id(), List.of(pipes), "学府憬城雨污管网改造",
                "雨污分流，更换 1–3 栋门前主管网约 420 米，修复化粪池。", 86_000_000L, Party.PROPERTY, property.accountId(),
                today.plusDays(120), List.of("方案", "施工", "验收"), community);
        deliberation.updateProject(project, 15, "施工方案已完成初稿，提交居民表决前公示。", community);
        deliberation.addSpending(project, 1_280_000L, today.minusDays(3), "管网现状检测（CCTV 管道检测）", property);
        log.info("Demo deliberation: joint meeting {} with three decisions, renovation project {}", meeting, project);
    }

    private GridworkUser user(String username) {
        try {
            return (GridworkUser) accounts.loadUserByUsername(username);
        } catch (UsernameNotFoundException e) {
            return null;
        }
    }
}
