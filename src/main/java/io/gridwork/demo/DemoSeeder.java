package io.gridwork.demo;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.gridwork.access.AccountApi;
import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridLevel;
import io.gridwork.grid.GridNode;
import io.gridwork.people.CareTag;
import io.gridwork.people.PeopleApi;
import io.gridwork.people.PeopleApi.NewPerson;
import io.gridwork.people.PeopleApi.PartyOrgLevel;
import io.gridwork.people.StaffRole;
import io.gridwork.shared.security.Permission;
import io.gridwork.shared.security.Role;

/** Seeds the demo community into an empty database and prints the demo accounts. */
@Component
class DemoSeeder {

    static final String PASSWORD = "gridwork-demo";
    private static final Logger log = LoggerFactory.getLogger(DemoSeeder.class);
    private static final LocalDate SINCE = LocalDate.of(2024, 3, 1);

    private final GridApi grid;
    private final PeopleApi people;
    private final AccountApi accounts;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final boolean enabled;
    private final FakeResidents fake = new FakeResidents(20240301L);
    private final org.springframework.context.MessageSource messages;

    /** The demo accounts, in the order they are printed at every start. */
    private static final List<Map.Entry<String, Role>> DEMO_ACCOUNTS = List.of(Map.entry("admin", Role.ADMIN),
            Map.entry("street", Role.STREET_STAFF), Map.entry("community", Role.COMMUNITY_STAFF),
            Map.entry("compound", Role.COMPOUND_LEADER), Map.entry("leader", Role.GRID_LEADER), Map.entry("worker", Role.GRID_WORKER),
            Map.entry("resident", Role.RESIDENT), Map.entry("property", Role.PROPERTY_STAFF), Map.entry("owners", Role.OWNERS_COMMITTEE),
            Map.entry("party", Role.PARTY_BRANCH), Map.entry("merchant", Role.MERCHANT), Map.entry("police", Role.POLICE),
            Map.entry("doctor", Role.DOCTOR), Map.entry("lawyer", Role.LAWYER), Map.entry("social", Role.SOCIAL_WORKER),
            Map.entry("department", Role.DEPARTMENT));

    private final StationDemo station;

    DemoSeeder(GridApi grid, PeopleApi people, AccountApi accounts, JdbcClient jdbc, TransactionTemplate tx,
            org.springframework.context.MessageSource messages, @Value("${gridwork.demo.enabled:true}") boolean enabled,
            StationDemo station) {
        this.station = station;
        this.messages = messages;
        this.grid = grid;
        this.people = people;
        this.accounts = accounts;
        this.jdbc = jdbc;
        this.tx = tx;
        this.enabled = enabled;
    }

    /** Runs first; other modules' demo seeders ({@code @Order} 100 and later) build on this community. */
    @EventListener(DemoStart.class)
    @org.springframework.core.annotation.Order(0)
    void seedIfEmpty() {
        if (!enabled) {
            return;
        }
        if (jdbc.sql("select count(*) from v_grid_node").query(Long.class).single() > 0) {
            // a demo seeded by an earlier version gets the service team's accounts added
            tx.executeWithoutResult(s -> serviceTeam());
            station.seedIfEmpty();
            printAccounts();
            return;
        }
        long start = System.nanoTime();
        tx.executeWithoutResult(s -> seed());
        station.seedIfEmpty();
        log.info("Demo community seeded in {} ms", (System.nanoTime() - start) / 1_000_000);
        printAccounts();
    }

    /**
     * One account for each handler of the micro-grid service team (服务专班) and for a department: the
     * community police officer, a family doctor, a lawyer and a department over 学府社区, a social worker
     * over 学府憬城. Added once, when the demo community is there and they are not.
     */
    void serviceTeam() {
        if (accounts.accountIdOf("police").isPresent()) {
            return;
        }
        var xuefu = jdbc.sql("select id from v_grid_node where name = '学府社区' and level = 'COMMUNITY'").query(Long.class).optional();
        var jingcheng = jdbc.sql("select id from v_grid_node where name = '学府憬城' and level = 'COMPOUND'").query(Long.class).optional();
        if (xuefu.isEmpty() || jingcheng.isEmpty()) {
            return;
        }
        account("police", "社区民警", null, Role.POLICE, Set.of(), List.of(xuefu.get()));
        account("doctor", "家庭医生", null, Role.DOCTOR, Set.of(), List.of(xuefu.get()));
        account("lawyer", "社区律师", null, Role.LAWYER, Set.of(), List.of(xuefu.get()));
        account("social", "社工", null, Role.SOCIAL_WORKER, Set.of(), List.of(jingcheng.get()));
        account("department", "职能部门（住建）", null, Role.DEPARTMENT, Set.of(), List.of(xuefu.get()));
    }

    /** A compound's micro-grids, each with the buildings it covers. */
    private record MicroGrid(GridNode node, List<Long> buildings, List<Long> households) {
    }

    void seed() {
        GridNode district = grid.create(null, GridLevel.DISTRICT, "成华区（演示）", null, "510108");
        GridNode street = grid.create(district.id(), GridLevel.STREET, "学府街道", null, null);
        GridNode xuefu = grid.create(street.id(), GridLevel.COMMUNITY, "学府社区", null, null);
        GridNode jincheng = grid.create(street.id(), GridLevel.COMMUNITY, "锦城社区", null, null);

        GridNode jingcheng = grid.create(xuefu.id(), GridLevel.COMPOUND, "学府憬城", null, null);
        grid.create(xuefu.id(), GridLevel.SPECIAL, "学府农贸市场", "MARKET", null);
        GridNode garden = grid.create(jincheng.id(), GridLevel.COMPOUND, "城市花园三期", null, null);
        GridNode bijiqiao = grid.create(jincheng.id(), GridLevel.COMPOUND, "碧鸡桥小区", null, null);

        // 学府憬城: 42 buildings x 2 units x 11 floors x 2 rooms = 1,848 households, two buildings a micro-grid
        // (88 households). The last micro-grid takes three buildings, over the 100-household rule, on purpose.
        List<MicroGrid> jingchengGrids = compound(jingcheng, 42, 2, 11, 2, new int[] {2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
            2, 2, 2, 2, 2, 2, 2, 2, 2, 3, 1}, 30.6765, 104.1060);
        List<MicroGrid> gardenGrids = compound(garden, 12, 2, 6, 2, new int[] {3, 3, 3, 3}, 30.6600, 104.0900);
        List<MicroGrid> bijiGrids = compound(bijiqiao, 8, 1, 6, 2, new int[] {8}, 30.6650, 104.0800);

        Map<Long, List<Long>> residentsByHousehold = new LinkedHashMap<>();
        for (List<MicroGrid> grids : List.of(jingchengGrids, gardenGrids, bijiGrids)) {
            for (MicroGrid mg : grids) {
                for (long h : mg.households()) {
                    residentsByHousehold.put(h, populate(h));
                }
            }
        }

        // Staff: one leader and two or three workers per micro-grid, living in it; one micro-grid of
        // 学府憬城 is short of a worker so that the warning shows.
        LocalDate since = SINCE;
        List<Long> staffPeople = new ArrayList<>();
        int n = 0;
        for (List<MicroGrid> grids : List.of(jingchengGrids, gardenGrids, bijiGrids)) {
            for (MicroGrid mg : grids) {
                List<Long> residents = adultsOf(mg, residentsByHousehold);
                int workers = n == 3 ? 1 : 2 + (n % 2);
                for (int i = 0; i <= workers; i++) {
                    long person = residents.get(i * 7 % residents.size());
                    people.assign(person, i == 0 ? StaffRole.MICRO_GRID_LEADER : StaffRole.MICRO_GRID_WORKER, mg.node().id(),
                            null, null, since, null);
                    staffPeople.add(person);
                }
                // building leaders for the micro-grid's buildings
                for (int b = 0; b < mg.buildings().size(); b++) {
                    people.assign(residents.get((b * 11 + 3) % residents.size()), StaffRole.BUILDING_LEADER, null,
                            mg.buildings().get(b), null, since, null);
                }
                n++;
            }
        }
        long compoundLeader = people.createPerson(person("M", 38));
        people.assign(compoundLeader, StaffRole.COMPOUND_GRID_LEADER, jingcheng.id(), null, null, since, null);
        long secretary = people.createPerson(person("F", 45));
        people.assign(secretary, StaffRole.COMMUNITY_SECRETARY, xuefu.id(), null, null, since, null);
        long steward = people.createPerson(person("M", 33));
        people.assign(steward, StaffRole.PROPERTY_STEWARD, jingcheng.id(), null, null, since, null);
        long streetStaff = people.createPerson(person("F", 36));
        people.assign(streetStaff, StaffRole.STREET_STAFF, street.id(), null, null, since, null);

        partyNetwork(street, List.of(xuefu, jincheng), Map.of(jingcheng, jingchengGrids, garden, gardenGrids,
                bijiqiao, bijiGrids), staffPeople, residentsByHousehold);

        MicroGrid first = jingchengGrids.get(0);
        List<Long> firstAdults = adultsOf(first, residentsByHousehold);
        long leaderPerson = people.staffOf(first.node().id()).stream()
                .filter(a -> a.role() == StaffRole.MICRO_GRID_LEADER).findFirst().orElseThrow().personId();
        long workerPerson = people.staffOf(first.node().id()).stream()
                .filter(a -> a.role() == StaffRole.MICRO_GRID_WORKER).findFirst().orElseThrow().personId();
        long residentPerson = firstAdults.get(firstAdults.size() - 1);

        account("admin", "系统管理员", null, Role.ADMIN, Set.of(Permission.PII_UNMASK), List.of());
        account("street", "街道工作人员", streetStaff, Role.STREET_STAFF, Set.of(), List.of(street.id()));
        account("community", "学府社区书记", secretary, Role.COMMUNITY_STAFF, Set.of(Permission.PII_UNMASK), List.of());
        account("compound", "学府憬城二级网格长", compoundLeader, Role.COMPOUND_LEADER, Set.of(), List.of());
        account("leader", "微网格长", leaderPerson, Role.GRID_LEADER, Set.of(), List.of());
        account("worker", "微网格员", workerPerson, Role.GRID_WORKER, Set.of(), List.of());
        account("resident", "居民", residentPerson, Role.RESIDENT, Set.of(), List.of());
        account("property", "物业楼栋管家", steward, Role.PROPERTY_STAFF, Set.of(), List.of(jingcheng.id()));
        account("owners", "业委会委员", firstAdults.get(1), Role.OWNERS_COMMITTEE, Set.of(), List.of(jingcheng.id()));
        account("party", "小区党支部", null, Role.PARTY_BRANCH, Set.of(), List.of(jingcheng.id()));
        account("merchant", "社区商家", null, Role.MERCHANT, Set.of(), List.of());
        serviceTeam();
    }

    private void account(String username, String displayName, Long personId, Role role, Set<String> permissions,
            List<Long> scopes) {
        accounts.createAccount(username, PASSWORD, displayName, personId, Set.of(role), permissions, scopes);
    }

    private List<MicroGrid> compound(GridNode compound, int buildings, int units, int floors, int roomsPerFloor,
            int[] buildingsPerGrid, double lat, double lon) {
        List<MicroGrid> grids = new ArrayList<>();
        int b = 1;
        for (int size : buildingsPerGrid) {
            GridNode micro = grid.create(compound.id(), GridLevel.MICRO, compound.name() + "第" + (grids.size() + 1) + "微网格",
                    null, null);
            List<Long> bIds = new ArrayList<>();
            List<Long> hIds = new ArrayList<>();
            // each building inside its micro-grid's square (below), laid out in rows, so that maps read true
            int cols = (int) Math.ceil(Math.sqrt(size));
            double step = 0.0014 / Math.max(cols, (size + cols - 1) / cols);
            for (int i = 0; i < size && b <= buildings; i++, b++) {
                long building = grid.createBuilding(compound.id(), micro.id(), String.valueOf(b), b + "栋", floors,
                        lat + grids.size() / 5 * 0.0025 + ((size + cols - 1) / cols - 1) / 2.0 * step - i / cols * step,
                        lon + grids.size() % 5 * 0.0025 + (i % cols - (cols - 1) / 2.0) * step);
                bIds.add(building);
                for (int u = 1; u <= units; u++) {
                    long unit = grid.createUnit(building, String.valueOf(u));
                    for (int f = 1; f <= floors; f++) {
                        for (int r = 1; r <= roomsPerFloor; r++) {
                            String room = f + String.format("%02d", r);
                            String status = fake.chance(0.06) ? "VACANT" : fake.chance(0.15) ? "RENTED" : "OCCUPIED";
                            hIds.add(grid.createHousehold(unit, room, status));
                        }
                    }
                }
            }
            // the micro-grids side by side, five to a row, so that the coverage map reads like the compound
            grid.setBoundary(micro.id(), square(lat + grids.size() / 5 * 0.0025, lon + grids.size() % 5 * 0.0025, 0.001));
            grids.add(new MicroGrid(micro, bIds, hIds));
        }
        return grids;
    }

    private static String square(double lat, double lon, double half) {
        return String.format(java.util.Locale.ROOT,
                "{\"type\":\"Polygon\",\"coordinates\":[[[%f,%f],[%f,%f],[%f,%f],[%f,%f],[%f,%f]]]}",
                lon - half, lat - half, lon + half, lat - half, lon + half, lat + half, lon - half, lat + half, lon - half,
                lat - half);
    }

    /** Fills a household with one to four residents and returns their ids (empty when vacant). */
    private List<Long> populate(long householdId) {
        List<Long> ids = new ArrayList<>();
        String status = jdbc.sql("select status from v_grid_household where id = ?").param(householdId).query(String.class).single();
        if ("VACANT".equals(status)) {
            return ids;
        }
        int kind = fake.nextInt(10);
        if (kind == 0) {
            // an elderly person living alone
            long p = people.createPerson(person(fake.gender(), 72 + fake.nextInt(18)));
            people.addMember(householdId, p, "HEAD", SINCE);
            people.tag(p, CareTag.ELDERLY_ALONE);
            ids.add(p);
            return ids;
        }
        String headGender = fake.gender();
        NewPerson head = person(headGender, 30 + fake.nextInt(40));
        long headId = people.createPerson(head);
        people.addMember(householdId, headId, "HEAD", SINCE);
        ids.add(headId);
        if (kind < 8) {
            long spouse = people.createPerson(person("M".equals(headGender) ? "F" : "M", 30 + fake.nextInt(40)));
            people.addMember(householdId, spouse, "SPOUSE", SINCE);
            ids.add(spouse);
        }
        int children = kind < 3 ? 0 : kind < 8 ? 1 : 2;
        for (int i = 0; i < children; i++) {
            String g = fake.gender();
            LocalDate birth = fake.birth(3, 17);
            long child = people.createPerson(new NewPerson(fake.nameWithSurname(fake.surnameOf(head.name())),
                    fake.idCard(birth, g), null, null));
            people.addMember(householdId, child, "CHILD", SINCE);
            ids.add(child);
        }
        if (fake.chance(0.02)) {
            people.tag(headId, CareTag.DISABLED);
        }
        if (fake.chance(0.03)) {
            people.tag(headId, CareTag.LOW_INCOME);
        }
        return ids;
    }

    private NewPerson person(String gender, int age) {
        LocalDate birth = fake.birth(age, age);
        return new NewPerson(fake.name(), fake.idCard(birth, gender), fake.phone(), null);
    }

    private List<Long> adultsOf(MicroGrid mg, Map<Long, List<Long>> residentsByHousehold) {
        List<Long> adults = new ArrayList<>();
        for (long h : mg.households()) {
            List<Long> rs = residentsByHousehold.getOrDefault(h, List.of());
            if (!rs.isEmpty()) {
                adults.add(rs.get(0));
            }
        }
        return adults;
    }

    private void partyNetwork(GridNode street, List<GridNode> communities, Map<GridNode, List<MicroGrid>> compounds,
            List<Long> staffPeople, Map<Long, List<Long>> residentsByHousehold) {
        long committee = people.createPartyOrg(null, PartyOrgLevel.STREET_COMMITTEE, street.name() + "党工委", street.id(), null);
        Map<Long, Long> communityOrgs = new LinkedHashMap<>();
        for (GridNode c : communities) {
            communityOrgs.put(c.id(), people.createPartyOrg(committee, PartyOrgLevel.COMMUNITY_ORG, c.name() + "党委", c.id(), null));
        }
        java.util.Set<Long> members = new java.util.HashSet<>();
        for (var e : compounds.entrySet()) {
            GridNode compound = e.getKey();
            long branch = people.createPartyOrg(communityOrgs.get(compound.parentId()), PartyOrgLevel.GRID_BRANCH,
                    compound.name() + "网格党支部", compound.id(), null);
            for (MicroGrid mg : e.getValue()) {
                long group = people.createPartyOrg(branch, PartyOrgLevel.BUILDING_GROUP,
                        mg.node().name() + "楼栋党小组", null, mg.buildings().get(0));
                // about half of the micro-grid staff are party members, registered where they live (双报到)
                for (var a : people.staffOf(mg.node().id())) {
                    // the same person may staff two grids; they are a member once
                    if (fake.chance(0.5) && staffPeople.contains(a.personId()) && members.add(a.personId())) {
                        boolean mobile = fake.chance(0.1);
                        people.addPartyMember(a.personId(), group, LocalDate.of(2000 + fake.nextInt(24), 7, 1),
                                LocalDate.of(2024, 4, 1 + fake.nextInt(28)), mobile, mobile ? "外地某县委组织部" : null);
                    }
                }
            }
        }
        log.info("Party network: {} members", members.size());
    }

    /** The demo accounts that are still there, with their roles in words, at every start. */
    private void printAccounts() {
        StringBuilder b = new StringBuilder("\n=== 演示账号 Gridwork demo accounts（密码 password: ").append(PASSWORD).append("）===\n");
        for (var e : DEMO_ACCOUNTS) {
            if (accounts.accountIdOf(e.getKey()).isPresent()) {
                b.append(String.format("  %-10s %s%n", e.getKey(),
                        messages.getMessage("accountRole." + e.getValue().name(), null, java.util.Locale.SIMPLIFIED_CHINESE)));
            }
        }
        log.info(b.toString());
    }
}
