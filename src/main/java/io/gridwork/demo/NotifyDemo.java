package io.gridwork.demo;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.gridwork.access.AccountApi;
import io.gridwork.grid.BuildingView;
import io.gridwork.grid.GridApi;
import io.gridwork.grid.HouseholdView;
import io.gridwork.notify.GroupsApi;
import io.gridwork.people.PeopleApi;
import io.gridwork.people.PersonView;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.security.Role;

/**
 * The demo's group matrix: audiences for 学府社区, 学府憬城 and its first micro-grid and building, the demo
 * resident as an admin of the compound's group, two neighbours with accounts ({@code neighbour1},
 * {@code neighbour2}), a notice, and a task with some answers and a question. Runs after the demo community
 * and only while the notification tables are empty.
 */
@Component
class NotifyDemo {

    private static final Logger log = LoggerFactory.getLogger(NotifyDemo.class);

    private final GroupsApi groups;
    private final GridApi grid;
    private final PeopleApi people;
    private final AccountApi accounts;
    private final UserDetailsService users;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final boolean enabled;

    NotifyDemo(GroupsApi groups, GridApi grid, PeopleApi people, AccountApi accounts, UserDetailsService users,
            JdbcClient jdbc, TransactionTemplate tx, @Value("${gridwork.demo.enabled:true}") boolean enabled) {
        this.groups = groups;
        this.grid = grid;
        this.people = people;
        this.accounts = accounts;
        this.users = users;
        this.jdbc = jdbc;
        this.tx = tx;
        this.enabled = enabled;
    }

    @EventListener(DemoStart.class)
    @Order(120)
    void seedIfEmpty() {
        if (!enabled || groups.audiencesUnder("/") > 0) {
            return;
        }
        List<Long> ids = jdbc.sql("select id from v_grid_node where name in ('学府社区', '学府憬城', '学府憬城第1微网格') order by id")
                .query(Long.class).list();
        if (ids.size() < 3 || jdbc.sql("select count(*) from v_access_account where username = 'community'").query(Long.class).single() == 0) {
            return; // not the demo community
        }
        tx.executeWithoutResult(s -> seed(ids.get(0), ids.get(1), ids.get(2)));
        log.info("Demo group matrix seeded (neighbour1, neighbour2 / {})", DemoSeeder.PASSWORD);
    }

    private GridworkUser user(String username) {
        return (GridworkUser) users.loadUserByUsername(username);
    }

    private void seed(long community, long compound, long micro) {
        GridworkUser secretary = user("community");
        GridworkUser resident = user("resident");
        long building = grid.buildingsOf(micro).stream().map(BuildingView::id).min(Long::compare).orElseThrow();

        // two neighbours in the first building, with accounts, so that the task has answers from several households
        List<GridworkUser> neighbours = new ArrayList<>();
        for (HouseholdView h : grid.householdsOfBuilding(building)) {
            if (neighbours.size() == 2) {
                break;
            }
            List<PersonView> members = people.membersOf(h.id());
            if (members.isEmpty() || (resident.householdId() != null && resident.householdId() == h.id())) {
                continue;
            }
            String username = "neighbour" + (neighbours.size() + 1);
            accounts.createAccount(username, DemoSeeder.PASSWORD, members.get(0).name(), members.get(0).id(),
                    Set.of(Role.RESIDENT), Set.of(), List.of());
            neighbours.add(user(username));
        }

        groups.createAudience(community, null, "学府社区居民群", secretary);
        long compoundGroup = groups.createAudience(compound, null, "学府憬城业主群", secretary);
        long microGroup = groups.createAudience(micro, null, "学府憬城第1微网格群", secretary);
        groups.createAudience(null, building, null, secretary);
        groups.addManager(compoundGroup, resident.accountId(), false, secretary);

        groups.publish(compoundGroup, false, "关于开展燃气安全月活动的通知",
                "本月为燃气安全月。社区将联合物业逐户检查燃气管道和报警器，请居民配合入户检查；如有疑问可在下方提问。",
                null, null, secretary);
        long task = groups.publish(microGroup, true, "燃气报警器自查",
                "请检查家中燃气报警器指示灯是否正常，并回复结果。不正常的，网格员将上门协助更换。",
                List.of("正常", "不正常", "家中未安装"), Instant.now().plus(7, ChronoUnit.DAYS), secretary);
        if (!neighbours.isEmpty()) {
            groups.answer(task, "正常", neighbours.get(0));
        }
        if (neighbours.size() > 1) {
            groups.answer(task, "不正常", neighbours.get(1));
            long q = groups.ask(task, "报警器不正常的话需要自己付费更换吗？", neighbours.get(1));
            groups.reply(task, q, "首次更换由社区微基金承担，网格员会联系您预约时间。", secretary);
        }
    }
}
