package io.gridwork.notify;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.gridwork.access.AccountApi;
import io.gridwork.grid.GridApi;
import io.gridwork.people.PeopleApi;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.security.Role;
import io.gridwork.support.TestPeople;

/**
 * A building of its own in the demo's 学府憬城第1微网格 (so tests never share members): two units with two
 * households each, and resident accounts living there.
 */
@Component
public class GroupFixture {

    record Building(long id, List<Long> households, List<GridworkUser> residents) {
    }

    private final GridApi grid;
    private final PeopleApi people;
    private final AccountApi accounts;
    private final TestPeople testPeople;
    private final JdbcClient jdbc;

    GroupFixture(GridApi grid, PeopleApi people, AccountApi accounts, TestPeople testPeople, JdbcClient jdbc) {
        this.grid = grid;
        this.people = people;
        this.accounts = accounts;
        this.testPeople = testPeople;
        this.jdbc = jdbc;
    }

    /** A building with four households; {@code perHousehold} residents with accounts in each of the first {@code occupied}. */
    Building building(int occupied, int perHousehold) {
        long micro = testPeople.firstMicroGrid();
        long compound = jdbc.sql("select parent_id from grid_node where id = ?").param(micro).query(Long.class).single();
        String tag = UUID.randomUUID().toString().substring(0, 6);
        long building = grid.createBuilding(compound, micro, "T" + tag, "测试楼" + tag, 2, null, null);
        List<Long> households = new ArrayList<>();
        for (int u = 1; u <= 2; u++) {
            long unit = grid.createUnit(building, String.valueOf(u));
            for (int r = 1; r <= 2; r++) {
                households.add(grid.createHousehold(unit, "10" + r, "OCCUPIED"));
            }
        }
        List<GridworkUser> residents = new ArrayList<>();
        for (int h = 0; h < occupied; h++) {
            for (int p = 0; p < perHousehold; p++) {
                String t = UUID.randomUUID().toString().substring(0, 8);
                long person = people.register(households.get(h),
                        new PeopleApi.NewPerson("楼栋居民" + t, testPeople.unusedIdCard(), "13700000000", null), p == 0 ? "HEAD" : "SPOUSE");
                String username = "g-" + t;
                accounts.createAccount(username, "password-" + t, "楼栋居民" + t, person, Set.of(Role.RESIDENT), Set.of(), List.of());
                residents.add(testPeople.user(username));
            }
        }
        return new Building(building, households, residents);
    }
}
