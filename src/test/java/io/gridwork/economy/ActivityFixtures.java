package io.gridwork.economy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.gridwork.access.AccountApi;
import io.gridwork.economy.internal.Activities;
import io.gridwork.economy.internal.Rules;
import io.gridwork.people.PeopleApi;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.security.Role;
import io.gridwork.support.TestPeople;

/** Activities in the demo's 学府憬城第1微网格 and residents elsewhere, for the activity and recognition tests. */
@Component
public class ActivityFixtures {

    private final JdbcClient jdbc;
    private final TestPeople people;
    private final PeopleApi persons;
    private final AccountApi accounts;
    private final Activities activities;
    private final Rules rules;
    private final EconomyFixtures economy;

    ActivityFixtures(JdbcClient jdbc, TestPeople people, PeopleApi persons, AccountApi accounts, Activities activities, Rules rules,
            EconomyFixtures economy) {
        this.jdbc = jdbc;
        this.people = people;
        this.persons = persons;
        this.accounts = accounts;
        this.activities = activities;
        this.rules = rules;
        this.economy = economy;
    }

    /** A rule of 学府社区 giving {@code points} an hour. */
    public long hourlyRule(int points) {
        return rules.publish(economy.xuefu(), new Rules.NewEarnRule("活动测试规则 " + UUID.randomUUID(), Rules.Unit.HOUR, points),
                economy.staff()).id();
    }

    /** An activity of the first micro-grid starting tomorrow, published by its grid worker. */
    public Activities.Activity activity(int capacity, Activities.Unit signup, Activities.Unit counted, Long ruleId) {
        Instant start = Instant.now().plus(Duration.ofDays(1));
        return activities.create(economy.xuefu(), new Activities.NewActivity(people.firstMicroGrid(),
                Activities.Kind.GARBAGE_SORTING, "测试督导 " + UUID.randomUUID().toString().substring(0, 6), "北门投放点", null, start,
                start.plus(Duration.ofHours(2)), capacity, signup, counted, ruleId), economy.user("worker"));
    }

    /** Moves an activity so that it started {@code ago} and ends {@code left} from now. */
    public void startedAgo(long activityId, Duration ago, Duration left) {
        Instant now = Instant.now();
        jdbc.sql("update economy_activity set starts_at = ?, ends_at = ? where id = ?")
                .params(java.sql.Timestamp.from(now.minus(ago)), java.sql.Timestamp.from(now.plus(left)), activityId).update();
    }

    /** A new resident with an account in a household of the named grid's buildings (a micro-grid or compound). */
    public GridworkUser residentOf(String gridName) {
        long household = jdbc.sql("""
                select min(h.id) from household h join unit u on u.id = h.unit_id join building b on b.id = u.building_id
                  join grid_node g on g.id = b.micro_grid_id or g.id = b.compound_id
                 where g.name = ? and h.status <> 'VACANT'""").param(gridName).query(Long.class).single();
        String tag = UUID.randomUUID().toString().substring(0, 8);
        long person = persons.register(household, new PeopleApi.NewPerson("外网格居民" + tag, people.unusedIdCard(), "13600000000",
                null), "OTHER");
        accounts.createAccount("o-" + tag, "password-" + tag, "外网格居民" + tag, person, Set.of(Role.RESIDENT), Set.of(), List.of());
        return people.user("o-" + tag);
    }

    /** A second adult of the resident's household, registered for the test. */
    public long addMember(GridworkUser resident) {
        return persons.register(resident.householdId(), new PeopleApi.NewPerson("家人" + UUID.randomUUID().toString().substring(0, 6),
                people.unusedIdCard(), "13600000001", null), "SPOUSE");
    }

    public long count(String sql, Object... params) {
        return jdbc.sql(sql).params(params).query(Long.class).single();
    }
}
