package io.gridwork.votes;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridLevel;
import io.gridwork.grid.GridNode;

/** Compounds made for a test in the demo's 学府社区 (so that the community secretary runs their decisions). */
@Component
public class VotesFixtures {

    private final GridApi grid;
    private final JdbcClient jdbc;
    private final io.gridwork.people.PeopleApi people;
    private final io.gridwork.access.AccountApi accounts;
    private final io.gridwork.support.TestPeople testPeople;

    VotesFixtures(GridApi grid, JdbcClient jdbc, io.gridwork.people.PeopleApi people, io.gridwork.access.AccountApi accounts,
            io.gridwork.support.TestPeople testPeople) {
        this.grid = grid;
        this.jdbc = jdbc;
        this.people = people;
        this.accounts = accounts;
        this.testPeople = testPeople;
    }

    /** A new resident with an account (password "password-" + tag), living in the household given; the username. */
    public String resident(long householdId) {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        long person = people.register(householdId, new io.gridwork.people.PeopleApi.NewPerson("业主" + tag, testPeople.unusedIdCard(),
                "13600000000", null), "OTHER");
        String username = "o-" + tag;
        accounts.createAccount(username, "password-" + tag, "业主" + tag, person, java.util.Set.of(io.gridwork.shared.security.Role.RESIDENT),
                java.util.Set.of(), List.of());
        return username;
    }

    public record Compound(long id, List<Long> units) {
    }

    public long xuefu() {
        return jdbc.sql("select id from grid_node where name = '学府社区' and level = 'COMMUNITY'").query(Long.class).single();
    }

    public long jingcheng() {
        return jdbc.sql("select id from grid_node where name = '学府憬城' and level = 'COMPOUND'").query(Long.class).single();
    }

    /** A new compound with one unit (room) per area given, 100 rooms to a building, two units to a building. */
    public Compound compound(List<BigDecimal> areas) {
        GridNode c = grid.create(xuefu(), GridLevel.COMPOUND, "测试小区" + UUID.randomUUID().toString().substring(0, 8), null, null);
        List<Long> ids = new ArrayList<>();
        long first = 0;
        long second = 0;
        for (int i = 0; i < areas.size(); i++) {
            if (i % 100 == 0) {
                long building = grid.createBuilding(c.id(), null, String.valueOf(i / 100 + 1), (i / 100 + 1) + "栋", 25, null, null);
                first = grid.createUnit(building, "1");
                second = grid.createUnit(building, "2");
            }
            int inBuilding = i % 100;
            long u = inBuilding < 50 ? first : second;
            int floor = inBuilding % 50 / 2 + 1;
            String room = floor + String.format("%02d", inBuilding % 2 + 1);
            ids.add(grid.createRoom(u, room, floor, areas.get(i), "OCCUPIED"));
        }
        return new Compound(c.id(), ids);
    }

    /** {@code n} units of the same area (m²). */
    public static List<BigDecimal> areas(int n, String each) {
        List<BigDecimal> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new BigDecimal(each));
        }
        return out;
    }
}
