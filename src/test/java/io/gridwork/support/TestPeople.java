package io.gridwork.support;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.stereotype.Component;

import io.gridwork.access.AccountApi;
import io.gridwork.people.IdCardNumber;
import io.gridwork.people.PeopleApi;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.security.Role;

/** Fresh residents with accounts, living in the demo's 学府憬城第1微网格, for tests that must not share state. */
@Component
public class TestPeople {

    private final PeopleApi people;
    private final AccountApi accounts;
    private final UserDetailsService users;
    private final JdbcClient jdbc;

    TestPeople(PeopleApi people, AccountApi accounts, UserDetailsService users, JdbcClient jdbc) {
        this.people = people;
        this.accounts = accounts;
        this.users = users;
        this.jdbc = jdbc;
    }

    public GridworkUser user(String username) {
        return (GridworkUser) users.loadUserByUsername(username);
    }

    public long firstMicroGrid() {
        return jdbc.sql("select id from grid_node where name = '学府憬城第1微网格'").query(Long.class).single();
    }

    /**
     * A new resident with an account, registered in a random household of the first micro-grid's demo buildings:
     * never in a building a test made for itself there (GroupFixture's, numbered T…), whose members that test
     * counts and whose outsiders it needs (a fresh resident landing there joined the group by chance).
     */
    public GridworkUser freshResident() {
        List<Long> households = jdbc.sql("""
                select h.id from household h join unit u on u.id = h.unit_id join building b on b.id = u.building_id
                 where b.micro_grid_id = ? and h.status <> 'VACANT' and b.number not like 'T%'""")
                .param(firstMicroGrid()).query(Long.class).list();
        long household = households.get(ThreadLocalRandom.current().nextInt(households.size()));
        String tag = UUID.randomUUID().toString().substring(0, 8);
        long person = people.register(household, new PeopleApi.NewPerson("测试居民" + tag, unusedIdCard(), "13600000000", null), "OTHER");
        String username = "r-" + tag;
        accounts.createAccount(username, "password-" + tag, "测试居民" + tag, person, Set.of(Role.RESIDENT), Set.of(), List.of());
        return user(username);
    }

    /** A fake (area 510199) but valid ID number nobody in the database has yet. */
    public String unusedIdCard() {
        var random = ThreadLocalRandom.current();
        while (true) {
            LocalDate birth = LocalDate.of(1950, 1, 1).plusDays(random.nextInt(18000));
            String first17 = "510199" + birth.toString().replace("-", "") + String.format("%03d", random.nextInt(1000));
            String id = first17 + IdCardNumber.checkDigit(first17);
            if (people.findByIdCard(id).isEmpty()) {
                return id;
            }
        }
    }
}
