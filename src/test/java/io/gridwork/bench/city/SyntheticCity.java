package io.gridwork.bench.city;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import io.gridwork.people.IdCardNumber;
import io.gridwork.people.PersonalDataCipher;
import io.gridwork.shared.Masking;

/**
 * A synthetic city, from one compound to eight million households: the grid tree (district > street >
 * community > compound > micro-grid, CJ/T 349-2010 codes, materialised paths), buildings, units,
 * households, residents with encrypted ID card and phone numbers, household membership, micro-grid
 * staff, and years of demands with their assignments, timelines, measure facts and daily rollups.
 *
 * <p>Writes into an empty database that Flyway has migrated, with PostgreSQL {@code COPY FROM STDIN}
 * through the driver's {@link CopyManager}, table by table, streaming (nothing but a few counters is
 * held in memory). Ids are assigned by the generator: the structure is regular, so the id of any
 * node, building, unit or household follows from its position, and the identity sequences are set
 * past them at the end. Deterministic for a seed (except the AES-GCM nonces, which are random as the
 * application's cipher makes them). Kept out of the test run (surefire excludes bench/); run with
 *
 * <pre>
 * ./mvnw -q -B test-compile
 * java -cp target/test-classes:target/classes:$(cat cp.txt) io.gridwork.bench.city.SyntheticCity \
 *     jdbc:postgresql://localhost:5432/gridwork_city_district district [seed]
 * </pre>
 */
public final class SyntheticCity {

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final String FAKE_AREA = "510199";
    private static final String SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢";
    private static final String GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红玉梅飞鹏宇浩然欣怡子轩雨涵梓萱俊杰思远晨曦佳琪";
    private static final LocalDate TODAY = LocalDate.of(2026, 7, 1);
    private static final LocalDate BIRTH_BASE = LocalDate.of(1926, 1, 1);

    /** The default categories (V11) with their default party and grade, and a weight (share of demands). */
    record Category(String code, String party, String grade, int weight) {
    }

    static final List<Category> CATEGORIES = List.of(
            new Category("WATER_LEAK", "PROPERTY", "MEDIUM", 10), new Category("NOISE", "GRID", "GENERAL", 12),
            new Category("HYGIENE", "PROPERTY", "GENERAL", 14), new Category("GREENERY", "PROPERTY", "GENERAL", 5),
            new Category("PARKING", "PROPERTY", "GENERAL", 12), new Category("FACILITIES", "PROPERTY", "MEDIUM", 10),
            new Category("LIFT", "PROPERTY", "MEDIUM", 6), new Category("SAFETY_HAZARD", "PROPERTY", "MEDIUM", 4),
            new Category("NEIGHBOUR_DISPUTE", "GRID", "MEDIUM", 5), new Category("DOGS", "GRID", "GENERAL", 4),
            new Category("THROWN_OBJECTS", "COMMUNITY", "DIFFICULT", 1), new Category("EBIKE_IN_LIFT", "PROPERTY", "MEDIUM", 3),
            new Category("PUBLIC_ORDER", "POLICE", "MEDIUM", 3), new Category("HEALTH", "DOCTOR", "GENERAL", 3),
            new Category("OTHER", "GRID", "GENERAL", 8));
    private static final String[] CHANNELS = {"APP", "APP", "APP", "QR", "QR", "HOTLINE_12345", "WECHAT_GROUP", "VISIT", "STATION"};

    /**
     * How big a city. Households per micro-grid are buildings x units x floors x rooms; demands per day
     * are for the whole generated city, ending the day before {@code until}.
     */
    public record Scale(String name, int districts, int streets, int communities, int compounds, int microGrids,
            int buildings, int units, int floors, int rooms, double peoplePerHousehold, int years, double demandsPerDay,
            LocalDate until) {

        public static Scale preset(String name) {
            LocalDate until = LocalDate.of(2026, 11, 1);
            return switch (name) {
                // for tests: 2 communities x 2 compounds x 2 micro-grids x 12 households
                case "tiny" -> new Scale(name, 1, 1, 2, 2, 2, 1, 2, 3, 2, 2.5, 1, 3, until);
                // one compound like the demo's 学府憬城: 23 micro-grids of 80 households = 1,840
                case "compound" -> new Scale(name, 1, 1, 1, 1, 23, 2, 2, 10, 2, 2.5, 1, 566.0 * 1_840 / 400_000, until);
                // one community of 5 compounds: 4,000 households
                case "community" -> new Scale(name, 1, 1, 1, 5, 10, 2, 2, 10, 2, 2.5, 1, 566.0 * 4_000 / 400_000, until);
                // one district: 10 streets x 10 communities x 5 compounds x 10 micro-grids = 5,000 micro-grids, 400,000 households
                case "district" -> new Scale(name, 1, 10, 10, 5, 10, 2, 2, 10, 2, 2.5, 1, 566, until);
                // 20 districts: 100,000 micro-grids, 8 million households, 20 million people
                case "city" -> new Scale(name, 20, 10, 10, 5, 10, 2, 2, 10, 2, 2.5, 1, 20 * 566, until);
                default -> throw new IllegalArgumentException("no preset " + name + " (tiny, compound, community, district, city)");
            };
        }

        /** A preset with any field overridden by a system property {@code city.<field>} (e.g. -Dcity.years=3). */
        public static Scale fromProperties(String preset) {
            Scale s = preset(preset);
            return new Scale(s.name, i("districts", s.districts), i("streets", s.streets), i("communities", s.communities),
                    i("compounds", s.compounds), i("microGrids", s.microGrids), i("buildings", s.buildings), i("units", s.units),
                    i("floors", s.floors), i("rooms", s.rooms), d("peoplePerHousehold", s.peoplePerHousehold),
                    i("years", s.years), d("demandsPerDay", s.demandsPerDay),
                    LocalDate.parse(System.getProperty("city.until", s.until.toString())));
        }

        private static int i(String k, int v) {
            return Integer.getInteger("city." + k, v);
        }

        private static double d(String k, double v) {
            String p = System.getProperty("city." + k);
            return p == null ? v : Double.parseDouble(p);
        }

        long nDistricts() { return districts; }
        long nStreets() { return nDistricts() * streets; }
        long nCommunities() { return nStreets() * communities; }
        long nCompounds() { return nCommunities() * compounds; }
        long nMicro() { return nCompounds() * microGrids; }
        long nBuildings() { return nMicro() * buildings; }
        long nUnits() { return nBuildings() * units; }
        long householdsPerUnit() { return (long) floors * rooms; }
        long nHouseholds() { return nUnits() * householdsPerUnit(); }
        int days() { return years * 365; }
        LocalDate firstDay() { return until.minusDays(days()); }

        void check() {
            if (streets > 999 || communities > 999 || compounds > 99 || microGrids > 999 || districts > 99) {
                throw new IllegalArgumentException("codes allow at most 99 districts, 999 streets, 999 communities, 99 compounds, 999 micro-grids per parent");
            }
        }
    }

    /** Rows and time per table. */
    public record Load(String table, long rows, long millis) {
        double rate() {
            return millis == 0 ? rows : rows * 1000.0 / millis;
        }

        @Override
        public String toString() {
            return String.format("%-24s %,12d rows %8.1f s %,10.0f rows/s", table, rows, millis / 1000.0, rate());
        }
    }

    private final Scale s;
    private final long seed;
    private final PersonalDataCipher cipher;
    private final int threads;
    private boolean deferIndexes;
    private final List<Load> loads = new ArrayList<>();
    private final Map<String, Long> maxIds = new LinkedHashMap<>();
    private final CityGeometry geometry;

    public SyntheticCity(Scale scale, long seed, PersonalDataCipher cipher, int threads) {
        scale.check();
        this.s = scale;
        this.seed = seed;
        this.cipher = cipher;
        this.threads = Math.max(1, threads);
        this.geometry = new CityGeometry(scale, seed);
    }

    /** Drop the bulk tables' secondary indexes and unique constraints before the load and recreate them after. */
    public SyntheticCity deferIndexes(boolean defer) {
        this.deferIndexes = defer;
        return this;
    }

    public List<Load> loads() {
        return loads;
    }

    // ---- ids: level blocks of grid_node ids, then positions ----

    long districtId(long i) { return 1 + i; }
    long streetId(long i) { return 1 + s.nDistricts() + i; }
    long communityId(long i) { return 1 + s.nDistricts() + s.nStreets() + i; }
    long compoundId(long i) { return 1 + s.nDistricts() + s.nStreets() + s.nCommunities() + i; }
    long microId(long i) { return 1 + s.nDistricts() + s.nStreets() + s.nCommunities() + s.nCompounds() + i; }

    String districtCode(long d) { return "5199" + String.format("%02d", d + 1); }
    String streetCode(long st) { return districtCode(st / s.streets) + String.format("%03d", st % s.streets + 1); }
    String communityCode(long c) { return streetCode(c / s.communities) + String.format("%03d", c % s.communities + 1); }
    String compoundCode(long k) { return communityCode(k / s.compounds) + String.format("%02d", k % s.compounds + 1); }
    String microCode(long m) { return compoundCode(m / s.microGrids) + String.format("%03d", m % s.microGrids + 1); }

    String districtPath(long d) { return "/" + districtId(d) + "/"; }
    String streetPath(long st) { return districtPath(st / s.streets) + streetId(st) + "/"; }
    String communityPath(long c) { return streetPath(c / s.communities) + communityId(c) + "/"; }
    String compoundPath(long k) { return communityPath(k / s.compounds) + compoundId(k) + "/"; }
    String microPath(long m) { return compoundPath(m / s.microGrids) + microId(m) + "/"; }

    /** Where household index h lies: unit, building, micro-grid, compound, community (indexes, 0-based). */
    record Place(long household, long unit, long building, long micro, long compound, long community) {
    }

    Place place(long h) {
        long unit = h / s.householdsPerUnit();
        long building = unit / s.units;
        long micro = building / s.buildings;
        long compound = micro / s.microGrids;
        return new Place(h, unit, building, micro, compound, compound / s.compounds);
    }

    static long mix(long a, long b) {
        long z = a * 0x9E3779B97F4A7C15L + b + 0x632BE59BD9B4E019L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    // ---- the load ----

    public void generate(Connection con) throws Exception {
        con.setAutoCommit(true);
        try (Statement st = con.createStatement()) {
            st.execute("set synchronous_commit = off");
            // the rollups are aggregated per district and the deferred indexes built in this session: with the
            // server's defaults (4 MB, 64 MB) the city's aggregations spilled to disk and the rollup took 21 minutes
            st.execute("set work_mem = '512MB'");
            st.execute("set maintenance_work_mem = '1GB'");
            long existing;
            try (var rs = st.executeQuery("select count(*) from grid_node")) {
                rs.next();
                existing = rs.getLong(1);
            }
            if (existing > 0) {
                throw new IllegalStateException("the database already holds a grid; generate into an empty, migrated database");
            }
        }
        CopyManager copy = con.unwrap(PGConnection.class).getCopyAPI();
        monthPartitions(con);
        List<String> recreate = deferIndexes ? dropSecondaryIndexes(con) : List.of();
        gridNodes(copy);
        buildings(copy);
        units(copy);
        households(copy);
        persons(copy);
        members(copy);
        staff(copy);
        demands(copy);
        if (!recreate.isEmpty()) {
            long t0 = System.nanoTime();
            try (Statement st = con.createStatement()) {
                for (String ddl : recreate) {
                    st.execute(ddl);
                }
            }
            Load l = new Load("recreate " + recreate.size() + " indexes", 0, (System.nanoTime() - t0) / 1_000_000);
            loads.add(l);
            System.out.println(l);
        }
        measureDaily(con);
        demandReach(con);
        admin(con);
        finish(con);
        System.out.println("bench accounts: " + benchAccounts(con));
    }

    /**
     * demand_reach (V144), as the application writes it with each demand: one row per grid of the demand's path.
     * One statement per district, like the rollup.
     */
    private void demandReach(Connection con) throws SQLException {
        long t0 = System.nanoTime();
        int rows = 0;
        try (var st = con.prepareStatement("""
                insert into demand_reach (grid_id, submitted_at, demand_id)
                select cast(s.id as bigint), d.submitted_at, d.id
                  from demand d cross join lateral unnest(string_to_array(trim(both '/' from d.grid_path), '/')) as s(id)
                 where d.grid_path like ? || '%'""")) {
            for (long d = 0; d < s.nDistricts(); d++) {
                st.setString(1, districtPath(d));
                rows += st.executeUpdate();
            }
        }
        Load l = new Load("demand_reach (SQL)", rows, (System.nanoTime() - t0) / 1_000_000);
        loads.add(l);
        System.out.println(l);
    }

    /** The password of the one account generated: {@code city-admin}, ADMIN over every district. */
    public static final String ADMIN_PASSWORD = System.getProperty("city.adminPassword", "city-admin");

    private void admin(Connection con) throws SQLException {
        String hash = org.springframework.security.crypto.factory.PasswordEncoderFactories.createDelegatingPasswordEncoder()
                .encode(ADMIN_PASSWORD);
        try (var ps = con.prepareStatement("insert into account (id, username, password_hash, display_name) values (1, 'city-admin', ?, '合成城市管理员')")) {
            ps.setString(1, hash);
            ps.executeUpdate();
        }
        try (Statement st = con.createStatement()) {
            st.execute("insert into account_authority (account_id, authority) values (1, 'ROLE_ADMIN')");
            st.execute("insert into account_scope (account_id, grid_id) select 1, id from grid_node where level = 'DISTRICT'");
        }
        maxIds.put("account", 1L);
    }

    /**
     * The bench accounts of the read phase (issue 19, {@code bench/reads.sh}): per district {@code district-<n>} and per
     * street {@code street-<n>} (n from 1 over the city, in the order of the grids' ids), each STREET_STAFF with that one
     * grid as scope, password {@link #ADMIN_PASSWORD}. Idempotent (an existing username is left as it is), so that it
     * also runs on a database generated before it existed ({@code -Dcity.accountsOnly=true}). Returns the accounts added.
     */
    public static int benchAccounts(Connection con) throws SQLException {
        String hash = org.springframework.security.crypto.factory.PasswordEncoderFactories.createDelegatingPasswordEncoder()
                .encode(ADMIN_PASSWORD);
        try (Statement st = con.createStatement()) { // the generator writes explicit ids: the identity follows them
            st.execute("select setval(pg_get_serial_sequence('account', 'id'), greatest((select max(id) from account), 1))");
        }
        int added = 0;
        for (String level : List.of("DISTRICT", "STREET")) {
            String prefix = level.equals("DISTRICT") ? "district-" : "street-";
            String label = level.equals("DISTRICT") ? "合成区账号 " : "合成街道账号 ";
            List<Long> grids = new ArrayList<>();
            try (var ps = con.prepareStatement("select id from grid_node where level = ? order by id")) {
                ps.setString(1, level);
                try (var rs = ps.executeQuery()) {
                    while (rs.next()) {
                        grids.add(rs.getLong(1));
                    }
                }
            }
            try (var account = con.prepareStatement(
                    "insert into account (username, password_hash, display_name) values (?, ?, ?) on conflict (username) do nothing returning id");
                    var role = con.prepareStatement("insert into account_authority (account_id, authority) values (?, 'ROLE_STREET_STAFF')");
                    var scope = con.prepareStatement("insert into account_scope (account_id, grid_id) values (?, ?)")) {
                for (int i = 0; i < grids.size(); i++) {
                    account.setString(1, prefix + (i + 1));
                    account.setString(2, hash);
                    account.setString(3, label + (i + 1));
                    try (var rs = account.executeQuery()) {
                        if (!rs.next()) {
                            continue;
                        }
                        long id = rs.getLong(1);
                        role.setLong(1, id);
                        role.executeUpdate();
                        scope.setLong(1, id);
                        scope.setLong(2, grids.get(i));
                        scope.executeUpdate();
                        added++;
                    }
                }
            }
        }
        return added;
    }

    /**
     * The timeline and the daily rollup are partitioned by month (V168): the months of the generated years get their
     * partitions before the load, instead of the rows going to the default partitions and being moved at start-up.
     */
    private void monthPartitions(Connection con) throws SQLException {
        try (Statement st = con.createStatement()) {
            try (var rs = st.executeQuery("select to_regproc('gridwork_month_partition') is not null")) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    return;
                }
            }
            for (LocalDate m : months()) {
                st.execute("select gridwork_month_partition('demand_event_log', 'at', date '" + m + "'),"
                        + " gridwork_month_partition('demand_measure_daily', 'stat_day', date '" + m + "'),"
                        + " gridwork_month_partition('demand_state_daily', 'stat_day', date '" + m + "'),"
                        + " gridwork_month_partition('demand_measure_total', 'stat_day', date '" + m + "')");
            }
        }
    }

    /** The first days of the generated months, with one month on either side. */
    private List<LocalDate> months() {
        List<LocalDate> months = new ArrayList<>();
        for (LocalDate m = s.firstDay().withDayOfMonth(1).minusMonths(1); !m.isAfter(s.until.plusMonths(1)); m = m.plusMonths(1)) {
            months.add(m);
        }
        return months;
    }

    /** Tables whose secondary indexes and unique constraints may be dropped during the load. */
    static final List<String> BULK_TABLES = List.of("household", "person", "household_member", "demand", "demand_assignment",
            "demand_event_log");

    /**
     * Drops the secondary indexes and unique constraints (not primary keys, not foreign keys) of the bulk
     * tables; returns the statements that recreate them.
     */
    private static List<String> dropSecondaryIndexes(Connection con) throws SQLException {
        List<String> drop = new ArrayList<>();
        List<String> create = new ArrayList<>();
        String tables = String.join("','", BULK_TABLES);
        try (Statement st = con.createStatement()) {
            try (var rs = st.executeQuery("select conrelid::regclass::text, conname, pg_get_constraintdef(oid) from pg_constraint"
                    + " where contype = 'u' and conrelid::regclass::text in ('" + tables + "')")) {
                while (rs.next()) {
                    drop.add("alter table " + rs.getString(1) + " drop constraint " + rs.getString(2));
                    create.add("alter table " + rs.getString(1) + " add constraint " + rs.getString(2) + " " + rs.getString(3));
                }
            }
            try (var rs = st.executeQuery("select i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) from pg_index i"
                    + " where i.indrelid::regclass::text in ('" + tables + "') and not i.indisprimary"
                    + " and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)")) {
                while (rs.next()) {
                    drop.add("drop index " + rs.getString(1));
                    // a partitioned table's index reads "on only": recreated as such it would cover no partition
                    create.add(rs.getString(2).replace(" ON ONLY ", " ON "));
                }
            }
            for (String ddl : drop) {
                st.execute(ddl);
            }
        }
        return create;
    }

    private interface Body {
        void run(CopyWriter w) throws Exception;
    }

    private void load(CopyManager copy, String table, String columns, Body body) throws Exception {
        long t0 = System.nanoTime();
        long rows;
        try (CopyWriter w = new CopyWriter(copy, table, columns)) {
            body.run(w);
            rows = w.rows();
        }
        Load l = new Load(table, rows, (System.nanoTime() - t0) / 1_000_000);
        loads.add(l);
        System.out.println(l);
    }

    private void gridNodes(CopyManager copy) throws Exception {
        load(copy, "grid_node", "id, parent_id, level, code, name, path, boundary", w -> {
            for (long d = 0; d < s.nDistricts(); d++) {
                w.num(districtId(d)).nul().text("DISTRICT").text(districtCode(d)).text("合成区" + (d + 1)).text(districtPath(d)).nul().end();
            }
            for (long i = 0; i < s.nStreets(); i++) {
                w.num(streetId(i)).num(districtId(i / s.streets)).text("STREET").text(streetCode(i))
                        .text("合成区" + (i / s.streets + 1) + "第" + (i % s.streets + 1) + "街道").text(streetPath(i)).nul().end();
            }
            for (long i = 0; i < s.nCommunities(); i++) {
                w.num(communityId(i)).num(streetId(i / s.communities)).text("COMMUNITY").text(communityCode(i))
                        .text("合成社区" + communityCode(i).substring(6)).text(communityPath(i)).nul().end();
            }
            for (long i = 0; i < s.nCompounds(); i++) {
                w.num(compoundId(i)).num(communityId(i / s.compounds)).text("COMPOUND").text(compoundCode(i))
                        .text("合成小区" + compoundCode(i).substring(6)).text(compoundPath(i)).text(geometry.compoundGeoJson(i)).end();
            }
            for (long i = 0; i < s.nMicro(); i++) {
                w.num(microId(i)).num(compoundId(i / s.microGrids)).text("MICRO").text(microCode(i))
                        .text("合成小区" + compoundCode(i / s.microGrids).substring(6) + "第" + (i % s.microGrids + 1) + "微网格")
                        .text(microPath(i)).text(geometry.microGeoJson(i)).end();
            }
        });
        maxIds.put("grid_node", microId(s.nMicro() - 1));
    }

    double lat(long building) {
        return geometry.buildingLat(building);
    }

    double lon(long building) {
        return geometry.buildingLon(building);
    }

    private void buildings(CopyManager copy) throws Exception {
        long perCompound = (long) s.microGrids * s.buildings;
        load(copy, "building", "id, compound_id, micro_grid_id, number, name, floors, lat, lon", w -> {
            for (long b = 0; b < s.nBuildings(); b++) {
                long micro = b / s.buildings;
                long number = b % perCompound + 1;
                w.num(b + 1).num(compoundId(micro / s.microGrids)).num(microId(micro)).text(String.valueOf(number))
                        .text(number + "栋").num(s.floors).dbl(lat(b)).dbl(lon(b)).end();
            }
        });
        Instant from = s.firstDay().atStartOfDay(ZONE).toInstant();
        load(copy, "building_grid_history", "id, building_id, micro_grid_id, valid_from, changed_by, reason", w -> {
            for (long b = 0; b < s.nBuildings(); b++) {
                w.num(b + 1).num(b + 1).num(microId(b / s.buildings)).time(from).text("synthetic-city").text("generated").end();
            }
        });
        maxIds.put("building", s.nBuildings());
        maxIds.put("building_grid_history", s.nBuildings());
    }

    private void units(CopyManager copy) throws Exception {
        load(copy, "unit", "id, building_id, number", w -> {
            for (long u = 0; u < s.nUnits(); u++) {
                w.num(u + 1).num(u / s.units + 1).text(String.valueOf(u % s.units + 1)).end();
            }
        });
        maxIds.put("unit", s.nUnits());
    }

    static final String[] STATUSES = {"OCCUPIED", "RENTED", "VACANT", "BUSINESS"};

    /** Status and number of residents of household h (a pure function of the seed and h). */
    int status(long h) {
        int r = (int) Math.floorMod(mix(seed, h * 7 + 1), 100);
        return r < 80 ? 0 : r < 92 ? 1 : r < 98 ? 2 : 3;
    }

    int size(long h) {
        int status = status(h);
        if (status == 2) {
            return 0;
        }
        if (status == 3) {
            return 1;
        }
        // mean about peoplePerHousehold / 0.92 among the occupied, so that the average over all is peoplePerHousehold
        double mean = s.peoplePerHousehold / 0.92;
        SplittableRandom r = new SplittableRandom(mix(seed, h * 7 + 2));
        int base = (int) Math.floor(mean);
        return Math.max(1, base + (r.nextDouble() < mean - base ? 1 : 0) + (r.nextInt(3) - 1));
    }

    private void households(CopyManager copy) throws Exception {
        Instant checked = s.firstDay().atStartOfDay(ZONE).toInstant();
        load(copy, "household", "id, unit_id, room, status, area_m2, checked_at", w -> {
            for (long h = 0; h < s.nHouseholds(); h++) {
                long inUnit = h % s.householdsPerUnit();
                long floor = inUnit / s.rooms + 1;
                long room = inUnit % s.rooms + 1;
                w.num(h + 1).num(h / s.householdsPerUnit() + 1).text(floor + String.format("%02d", room))
                        .text(STATUSES[status(h)]).text(String.valueOf(60 + Math.floorMod(mix(seed, h * 7 + 3), 90)) + ".00")
                        .time(checked).end();
            }
        });
        maxIds.put("household", s.nHouseholds());
    }

    // ---- people ----

    /** One resident in plain text, before encryption. */
    private record Plain(long id, String name, String gender, LocalDate birth, String idCard, String phone, String relation) {
    }

    /** One resident as stored. */
    private record Stored(Plain p, String idEnc, String idHash, String phoneEnc, String phoneHash) {
    }

    // ID numbers must be unique: a sequence counter per birth day and gender (500 odd, 500 even per day)
    private final short[][] serials = new short[2][40_000];

    private String idCard(LocalDate birth, String gender) {
        int g = "M".equals(gender) ? 1 : 0;
        // a full day (500 numbers per gender) sends the person to the nearest day with room, never past TODAY
        for (int k = 0; k < 2 * serials[g].length; k++) {
            LocalDate day = birth.plusDays((k % 2 == 0 ? 1 : -1) * ((k + 1) / 2));
            int index = (int) (day.toEpochDay() - BIRTH_BASE.toEpochDay());
            if (day.isAfter(TODAY) || index < 0 || index >= serials[g].length) {
                continue;
            }
            if (serials[g][index] < 500) {
                int seq = serials[g][index]++ * 2 + g;
                String first17 = FAKE_AREA + day.toString().replace("-", "") + String.format("%03d", seq);
                return first17 + IdCardNumber.checkDigit(first17);
            }
        }
        throw new IllegalStateException("no ID numbers left in area " + FAKE_AREA);
    }

    private static String name(SplittableRandom r, char surname) {
        StringBuilder b = new StringBuilder().append(surname);
        int len = r.nextInt(10) < 7 ? 2 : 1;
        for (int i = 0; i < len; i++) {
            b.append(GIVEN.charAt(r.nextInt(GIVEN.length())));
        }
        return b.toString();
    }

    /** The residents of household h, ids from firstId on. */
    private List<Plain> residents(long h, long firstId, boolean withNumbers) {
        int n = size(h);
        List<Plain> out = new ArrayList<>(n);
        SplittableRandom r = new SplittableRandom(mix(seed, h * 7 + 4));
        char surname = SURNAMES.charAt(r.nextInt(SURNAMES.length()));
        int headAge = 25 + r.nextInt(60);
        for (int i = 0; i < n; i++) {
            String relation;
            int age;
            char sn = surname;
            if (i == 0) {
                relation = status(h) == 1 ? "TENANT" : "HEAD";
                age = headAge;
            } else if (i == 1 && headAge >= 22) {
                relation = "SPOUSE";
                age = Math.max(20, headAge - 3 + r.nextInt(7));
                sn = SURNAMES.charAt(r.nextInt(SURNAMES.length()));
            } else if (i == 4 && headAge < 65) {
                relation = "PARENT";
                age = headAge + 22 + r.nextInt(8);
            } else if (headAge >= 40) {
                relation = "CHILD";
                age = r.nextInt(Math.max(1, Math.min(35, headAge - 21)));
            } else if (headAge >= 22) {
                relation = "CHILD";
                age = r.nextInt(Math.max(1, headAge - 21));
            } else {
                relation = "OTHER";
                age = 18 + r.nextInt(20);
            }
            String gender = r.nextBoolean() ? "M" : "F";
            LocalDate birth = TODAY.minusYears(age).minusDays(r.nextInt(365));
            String name = name(r, sn);
            String phone = age >= 16 ? "1380000" + String.format("%04d", r.nextInt(10_000)) : null;
            String id = withNumbers ? idCard(birth, gender) : null;
            out.add(new Plain(firstId + i, name, gender, id == null ? birth : IdCardNumber.birthDate(id), id, phone, relation));
        }
        return out;
    }

    private Stored encrypt(Plain p) {
        return new Stored(p, cipher.encrypt(p.idCard()), cipher.hash(p.idCard()), cipher.encrypt(p.phone()), cipher.hash(p.phone()));
    }

    private static final int BATCH = 20_000;

    private void persons(CopyManager copy) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            load(copy, "person", "id, name, gender, birth_date, id_card_enc, id_card_hash, id_card_mask, phone_enc, phone_hash, phone_mask",
                    w -> {
                        long nextId = 1;
                        long h = 0;
                        List<Future<List<Stored>>> pending = new ArrayList<>();
                        while (h < s.nHouseholds() || !pending.isEmpty()) {
                            // plain residents are made in order (ID serials); encryption runs on the pool while
                            // the previous batch is written
                            if (h < s.nHouseholds()) {
                                List<Plain> batch = new ArrayList<>(BATCH + 8);
                                while (h < s.nHouseholds() && batch.size() < BATCH) {
                                    List<Plain> rs = residents(h++, nextId, true);
                                    nextId += rs.size();
                                    batch.addAll(rs);
                                }
                                int slice = (batch.size() + threads - 1) / threads;
                                for (int t = 0; t < threads; t++) {
                                    List<Plain> part = batch.subList(Math.min(batch.size(), t * slice), Math.min(batch.size(), (t + 1) * slice));
                                    pending.add(pool.submit(() -> part.stream().map(this::encrypt).toList()));
                                }
                            }
                            while (pending.size() > (h < s.nHouseholds() ? threads : 0)) {
                                for (Stored st : pending.remove(0).get()) {
                                    Plain p = st.p();
                                    w.num(p.id()).text(p.name()).text(p.gender()).date(p.birth()).text(st.idEnc()).text(st.idHash())
                                            .text(Masking.idCard(p.idCard())).text(st.phoneEnc()).text(st.phoneHash())
                                            .text(p.phone() == null ? null : Masking.phone(p.phone())).end();
                                }
                            }
                        }
                        maxIds.put("person", nextId - 1);
                    });
        } finally {
            pool.shutdown();
        }
    }

    private void members(CopyManager copy) throws Exception {
        load(copy, "household_member", "id, household_id, person_id, relation, since", w -> {
            long nextId = 1;
            LocalDate since = s.firstDay();
            for (long h = 0; h < s.nHouseholds(); h++) {
                for (Plain p : residents(h, nextId, false)) {
                    w.num(p.id()).num(h + 1).num(p.id()).text(p.relation()).date(since).end();
                    nextId++;
                }
            }
            maxIds.put("household_member", nextId - 1);
        });
    }

    /** The first adult of each micro-grid's first occupied household leads the micro-grid. */
    private void staff(CopyManager copy) throws Exception {
        long perMicro = s.householdsPerUnit() * s.units * s.buildings;
        load(copy, "staff_assignment", "id, person_id, role, grid_id, start_date", w -> {
            long nextPerson = 1;
            long id = 1;
            long leaderOf = -1;
            for (long h = 0; h < s.nHouseholds(); h++) {
                long micro = h / perMicro;
                int n = size(h);
                if (n > 0 && leaderOf != micro) {
                    w.num(id++).num(nextPerson).text("MICRO_GRID_LEADER").num(microId(micro)).date(s.firstDay()).end();
                    leaderOf = micro;
                }
                nextPerson += n;
            }
            maxIds.put("staff_assignment", id - 1);
        });
    }

    // ---- demands ----

    /** One generated demand, a pure function of (seed, day, index). */
    record Demand(long id, String refNo, Place place, Category category, String channel, Instant submitted, boolean rejected,
            Instant responded, Instant respondDue, Instant resolveDue, boolean binding, Instant resolved, Instant closed,
            Integer rating, Instant rated, String reporter, String phone) {

        String status() {
            return rejected ? "REJECTED" : rating != null ? "RATED" : "CLOSED";
        }
    }

    private int demandsOn(int day) {
        double base = s.demandsPerDay;
        SplittableRandom r = new SplittableRandom(mix(seed ^ 0x5EED, day));
        double n = base * (0.85 + 0.3 * r.nextDouble());
        int whole = (int) n;
        return whole + (r.nextDouble() < n - whole ? 1 : 0);
    }

    private static final int TOTAL_WEIGHT = CATEGORIES.stream().mapToInt(Category::weight).sum();

    /** Walks every demand in id order, calling the visitor. */
    private void eachDemand(DemandVisitor v) throws Exception {
        long id = 1;
        LocalDate first = s.firstDay();
        for (int day = 0; day < s.days(); day++) {
            LocalDate date = first.plusDays(day);
            Instant dayStart = date.atStartOfDay(ZONE).toInstant();
            int n = demandsOn(day);
            SplittableRandom r = new SplittableRandom(mix(seed ^ 0xDE3A4D, day));
            // submission times in order within the day, mostly 07:00-22:00
            long[] secs = new long[n];
            for (int i = 0; i < n; i++) {
                secs[i] = r.nextInt(10) == 0 ? r.nextInt(86_400) : 7 * 3600 + r.nextInt(15 * 3600);
            }
            java.util.Arrays.sort(secs);
            for (int i = 0; i < n; i++) {
                v.visit(demand(id++, date, dayStart.plusSeconds(secs[i]), i, r));
            }
        }
    }

    private interface DemandVisitor {
        void visit(Demand d) throws Exception;
    }

    private Demand demand(long id, LocalDate date, Instant submitted, int index, SplittableRandom r) {
        Place place = place(Math.floorMod(r.nextLong(), s.nHouseholds()));
        int pick = r.nextInt(TOTAL_WEIGHT);
        Category category = CATEGORIES.get(0);
        for (Category c : CATEGORIES) {
            if ((pick -= c.weight()) < 0) {
                category = c;
                break;
            }
        }
        String channel = CHANNELS[r.nextInt(CHANNELS.length)];
        boolean rejected = r.nextInt(100) < 3;
        // answered within 4 hours nine times in ten
        Instant responded = submitted.plusSeconds(r.nextInt(10) == 0 ? 4 * 3600 + r.nextInt(20 * 3600) : 300 + r.nextInt(3 * 3600));
        Instant respondDue = submitted.plus(Duration.ofMinutes(240));
        Instant resolveDue = null;
        boolean binding = false;
        Instant resolved = null;
        Instant closed = null;
        Integer rating = null;
        Instant rated = null;
        if (!rejected) {
            switch (category.grade()) {
                case "GENERAL" -> resolveDue = submitted.plus(Duration.ofMinutes(240));
                case "MEDIUM" -> resolveDue = submitted.plus(Duration.ofMinutes(1440));
                default -> {
                    resolveDue = submitted.plus(Duration.ofDays(7));
                    binding = true;
                }
            }
            long window = Duration.between(responded, resolveDue).getSeconds();
            // resolved by the limit in about 88 cases of 100
            resolved = r.nextInt(100) < 88 && window > 60
                    ? responded.plusSeconds(60 + r.nextLong(window - 59))
                    : resolveDue.plusSeconds(60 + r.nextInt(3 * 86_400));
            if (resolved.isBefore(responded)) {
                resolved = responded.plusSeconds(60);
            }
            closed = resolved.plusSeconds(600 + r.nextInt(2 * 86_400));
            if (r.nextInt(100) < 60) {
                int x = r.nextInt(100);
                rating = x < 70 ? 5 : x < 88 ? 4 : x < 95 ? 3 : x < 98 ? 2 : 1;
                rated = closed.plusSeconds(60 + r.nextInt(86_400));
            }
        }
        String refNo = "GW" + date.toString().replace("-", "").substring(2) + "-" + String.format("%06d", index + 1);
        char surname = SURNAMES.charAt(r.nextInt(SURNAMES.length()));
        String reporter = name(r, surname);
        String phone = "1380000" + String.format("%04d", r.nextInt(10_000));
        return new Demand(id, refNo, place, category, channel, submitted, rejected, responded, respondDue, resolveDue, binding,
                resolved, closed, rating, rated, reporter, phone);
    }

    private Instant yellow(Instant from, Instant due) {
        return due == null ? null : from.plusSeconds(Duration.between(from, due).getSeconds() * 3 / 4);
    }

    private long partyGrid(Demand d) {
        return switch (d.category().party()) {
            case "GRID" -> microId(d.place().micro());
            case "PROPERTY" -> compoundId(d.place().compound());
            default -> communityId(d.place().community());
        };
    }

    private void demands(CopyManager copy) throws Exception {
        long[] count = new long[1];
        load(copy, "demand", """
                id, ref_no, community_id, compound_id, micro_grid_id, grid_path, building_id, unit_id, household_id, lat, lon,
                location_text, category_code, grade, description, channel, reporter_name, contact_phone_enc, contact_phone_mask,
                status, clock, submitted_at, respond_yellow_at, respond_due_at, responded_at, resolve_yellow_at, resolve_due_at,
                deadline_binding, measures, resolved_at, closed_at, rating, rated_at, last_step_at""", w -> eachDemand(d -> {
            Place p = d.place();
            w.num(d.id()).text(d.refNo()).num(communityId(p.community())).num(compoundId(p.compound())).num(microId(p.micro()))
                    .text(microPath(p.micro())).num(p.building() + 1).num(p.unit() + 1).num(p.household() + 1)
                    .dbl(lat(p.building())).dbl(lon(p.building()))
                    .text((p.building() % ((long) s.microGrids * s.buildings) + 1) + "栋" + (p.unit() % s.units + 1) + "单元")
                    .text(d.category().code()).text(d.category().grade()).text("合成诉求 " + d.category().code() + " #" + d.id())
                    .text(d.channel()).text(d.reporter()).text(cipher.encrypt(d.phone())).text(Masking.phone(d.phone()))
                    .text(d.status()).text("NATURAL").time(d.submitted()).time(yellow(d.submitted(), d.respondDue()))
                    .time(d.respondDue()).time(d.responded()).time(yellow(d.submitted(), d.resolveDue())).time(d.resolveDue())
                    .bool(d.binding()).text(d.rejected() ? null : "已处理").time(d.resolved()).time(d.closed())
                    .num(d.rating() == null ? null : (long) d.rating()).time(d.rated())
                    // the last of its steps (below; none has a note)
                    .time(d.rejected() ? d.responded() : d.rating() != null ? d.rated() : d.closed()).end();
            count[0] = d.id();
        }));
        maxIds.put("demand", count[0]);
        load(copy, "demand_assignment", "id, demand_id, party, party_grid_id, status, created_at, started_at, done_at", w -> eachDemand(d -> {
            if (!d.rejected()) {
                w.num(d.id()).num(d.id()).text(d.category().party()).num(partyGrid(d)).text("DONE").time(d.responded().plusSeconds(60))
                        .time(d.responded().plusSeconds(120)).time(d.resolved()).end();
            }
        }));
        maxIds.put("demand_assignment", count[0]);
        long[] eventId = {1};
        load(copy, "demand_event_log", "id, demand_id, at, actor_name, action, from_status, to_status", w -> eachDemand(d -> {
            event(w, eventId, d, d.submitted(), "居民", "SUBMITTED", null, "SUBMITTED");
            if (d.rejected()) {
                event(w, eventId, d, d.responded(), "网格员", "REJECTED", "SUBMITTED", "REJECTED");
                return;
            }
            event(w, eventId, d, d.responded(), "网格员", "ACCEPTED", "SUBMITTED", "ACCEPTED");
            event(w, eventId, d, d.responded().plusSeconds(60), "网格员", "DISPATCHED", "ACCEPTED", "DISPATCHED");
            event(w, eventId, d, d.responded().plusSeconds(120), "处理人", "STARTED", "DISPATCHED", "IN_PROGRESS");
            event(w, eventId, d, d.resolved(), "处理人", "RESOLVED", "IN_PROGRESS", "RESOLVED");
            event(w, eventId, d, d.closed(), "居民", "CONFIRMED", "RESOLVED", "CLOSED");
            if (d.rating() != null) {
                event(w, eventId, d, d.rated(), "居民", "RATED", "CLOSED", "RATED");
            }
        }));
        maxIds.put("demand_event_log", eventId[0] - 1);
        load(copy, "demand_measure_fact", """
                demand_id, grid_id, grid_path, category_code, parties, found_day, rectified, respond_day, respond_on_time,
                resolve_day, resolve_on_time, rating_day, satisfied, submitted_day, status""", w -> eachDemand(d -> {
            // as MeasureFact.of: every generated demand is finished, so "now" does not matter
            String parties = d.rejected() ? "*" : String.join(",", new java.util.TreeSet<>(List.of("*", d.category().party())));
            w.num(d.id()).num(microId(d.place().micro())).text(microPath(d.place().micro())).text(d.category().code()).text(parties)
                    .date(d.rejected() ? null : day(d.submitted())).bool(!d.rejected())
                    .date(day(d.respondDue())).bool(!d.responded().isAfter(d.respondDue()))
                    .date(d.rejected() ? null : day(d.resolveDue())).bool(!d.rejected() && !d.resolved().isAfter(d.resolveDue()))
                    .date(day(d.rated())).bool(d.rating() != null && d.rating() >= 4).date(day(d.submitted())).text(d.status()).end();
        }));
    }

    private static void event(CopyWriter w, long[] id, Demand d, Instant at, String actor, String action, String from, String to)
            throws SQLException {
        w.num(id[0]++).num(d.id()).time(at).text(actor).text(action).text(from).text(to).end();
    }

    static LocalDate day(Instant i) {
        return i == null ? null : i.atZone(ZONE).toLocalDate();
    }

    /**
     * The daily rollup from the facts, at the demand's grid and every grid above it, per party and '*'; the
     * facts of grids whose path starts with the given prefix ('/' for all).
     */
    static final String ROLLUP_FROM_FACTS = """
            with f as (
                select f.*, p.party, a.grid
                  from demand_measure_fact f
                  join grid_node g on g.id = f.grid_id and g.path like ? || '%'
                  cross join lateral unnest(string_to_array(f.parties, ',')) as p(party)
                  cross join lateral (select x::bigint as grid from unnest(string_to_array(trim(both '/' from g.path), '/')) x) a
            ), c as (
                select found_day d, grid, category_code, party, 1 found, rectified::int rectified, 0 rd, 0 rot, 0 vd, 0 vot, 0 ra, 0 sa
                  from f where found_day is not null
                union all
                select respond_day, grid, category_code, party, 0, 0, 1, respond_on_time::int, 0, 0, 0, 0 from f where respond_day is not null
                union all
                select resolve_day, grid, category_code, party, 0, 0, 0, 0, 1, resolve_on_time::int, 0, 0 from f where resolve_day is not null
                union all
                select rating_day, grid, category_code, party, 0, 0, 0, 0, 0, 0, 1, satisfied::int from f where rating_day is not null
            )
            select d, grid, category_code, party, sum(found), sum(rectified), sum(rd), sum(rot), sum(vd), sum(vot), sum(ra), sum(sa)
              from c group by d, grid, category_code, party""";

    /**
     * The daily totals (every category, party '*') from the daily rows of one month (its partition), the
     * month's first day and the next month's as the parameters.
     */
    static final String TOTALS_FROM_ROLLUP = """
            select grid_id, stat_day, sum(found), sum(rectified), sum(respond_due), sum(respond_on_time),
                   sum(resolve_due), sum(resolve_on_time), sum(ratings), sum(satisfied)
              from demand_measure_daily
             where party = '*' and stat_day >= ? and stat_day < ?
             group by grid_id, stat_day""";

    /** The state rollup from the facts, at the demand's grid and every grid above it; facts under the given prefix. */
    static final String STATES_FROM_FACTS = """
            select a.grid, f.submitted_day, f.status, count(*)
              from demand_measure_fact f
              join grid_node g on g.id = f.grid_id and g.path like ? || '%'
             cross join lateral (select x::bigint as grid from unnest(string_to_array(trim(both '/' from g.path), '/')) x) a
             group by a.grid, f.submitted_day, f.status""";

    /**
     * One statement per district: the districts' grids are disjoint, and one aggregation over a whole city
     * spills to disk and grows faster than the data (3 districts at once took 4.6x one district).
     */
    private void measureDaily(Connection con) throws SQLException {
        perDistrict(con, "demand_measure_daily", """
                insert into demand_measure_daily (stat_day, grid_id, category_code, party, found, rectified, respond_due,
                       respond_on_time, resolve_due, resolve_on_time, ratings, satisfied)
                """ + ROLLUP_FROM_FACTS);
        perMonth(con, "demand_measure_total", "insert into demand_measure_total (grid_id, stat_day, found, rectified,"
                + " respond_due, respond_on_time, resolve_due, resolve_on_time, ratings, satisfied) " + TOTALS_FROM_ROLLUP);
        perDistrict(con, "demand_state_daily", "insert into demand_state_daily (grid_id, stat_day, status, demands) " + STATES_FROM_FACTS);
    }

    /** Runs {@code sql} once per district (its path as the one parameter) and records the rows it loaded into {@code table}. */
    private void perDistrict(Connection con, String table, String sql) throws SQLException {
        long t0 = System.nanoTime();
        int rows = 0;
        try (var st = con.prepareStatement(sql)) {
            for (long d = 0; d < s.nDistricts(); d++) {
                st.setString(1, districtPath(d));
                rows += st.executeUpdate();
            }
        }
        Load l = new Load(table + " (SQL)", rows, (System.nanoTime() - t0) / 1_000_000);
        loads.add(l);
        System.out.println(l);
    }

    /**
     * Runs {@code sql} once per month of the generated years (its first day and the next month's as the parameters):
     * one partition of the daily rollup each, instead of joining the whole rollup to the grids once per district
     * (twenty scans of 44 million rows for the city).
     */
    private void perMonth(Connection con, String table, String sql) throws SQLException {
        long t0 = System.nanoTime();
        int rows = 0;
        try (var st = con.prepareStatement(sql)) {
            for (LocalDate m : months()) {
                st.setObject(1, m);
                st.setObject(2, m.plusMonths(1));
                rows += st.executeUpdate();
            }
        }
        Load l = new Load(table + " (SQL)", rows, (System.nanoTime() - t0) / 1_000_000);
        loads.add(l);
        System.out.println(l);
    }

    private void finish(Connection con) throws SQLException {
        long t0 = System.nanoTime();
        try (Statement st = con.createStatement()) {
            for (var e : maxIds.entrySet()) {
                if (e.getValue() > 0) {
                    st.execute("select setval(pg_get_serial_sequence('" + e.getKey() + "', 'id'), " + e.getValue() + ")");
                }
            }
            // only the tables written here: an empty table analyzed now would stay "empty" for the planner until
            // the next analyze, and with autovacuum off (as on the benchmark machine) its lookups became
            // sequential scans that grew with every row the benchmarks added (demand_idempotency,
            // event_publication, campaign_visit), while a never-analyzed table is planned from its real size
            // the facts and the rollup are written here: the measures' folder starts after the generated timeline
            // the grid tree's rollup (V164) is built by the application's first read after a bulk load
            st.execute("update grid_rollup_state set as_of = null where id = 1");
            st.execute("update measure_fold set position = " + maxIds.getOrDefault("demand_event_log", 0L) + ", as_of = now()"
                    + " where name = 'demand-measures'");
            // the open demands' counts (demand_open_count, V190) are the folder's: it folds the open demands once more
            // when the application starts, which gives their facts a building and a colour
            st.execute("insert into measure_refold (demand_id) select id from demand"
                    + " where status in ('SUBMITTED', 'ACCEPTED', 'DISPATCHED', 'IN_PROGRESS', 'ON_HOLD', 'REOPENED')");
            List<String> written = new ArrayList<>(maxIds.keySet());
            written.addAll(List.of("demand_measure_fact", "demand_measure_daily", "demand_measure_total", "demand_state_daily", "demand_reach", "account_authority",
                    "account_scope"));
            st.execute("vacuum analyze " + String.join(", ", written));
        }
        Load l = new Load("setval + vacuum analyze", 0, (System.nanoTime() - t0) / 1_000_000);
        loads.add(l);
        System.out.println(l);
    }

    /** Usage: SyntheticCity jdbcUrl preset [seed] [threads]; keys from -Dgridwork.crypto.data-key / hash-key. */
    public static void main(String[] args) throws Exception {
        String url = args[0];
        Scale scale = Scale.fromProperties(args.length > 1 ? args[1] : "compound");
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 42;
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        PersonalDataCipher cipher = new PersonalDataCipher(System.getProperty("gridwork.crypto.data-key", ""),
                System.getProperty("gridwork.crypto.hash-key", ""),
                System.getProperty("gridwork.crypto.key-file", "./target/city-keys.properties"));
        if (Integer.getInteger("city.cipherBench", 0) > 0) {
            cipherBench(cipher, Integer.getInteger("city.cipherBench"));
        }
        String user = System.getProperty("city.user", "postgres");
        String password = System.getProperty("city.password", "");
        System.out.println(scale + ": " + scale.nMicro() + " micro-grids, " + scale.nHouseholds() + " households");
        if (Boolean.getBoolean("city.accountsOnly")) { // only the bench accounts, on an existing generated database
            try (Connection con = DriverManager.getConnection(url, user, password)) {
                System.out.println("bench accounts added: " + benchAccounts(con));
            }
            return;
        }
        if (Boolean.getBoolean("city.create")) {
            createAndMigrate(url, user, password);
        }
        long t0 = System.nanoTime();
        try (Connection con = DriverManager.getConnection(url, user, password)) {
            SyntheticCity city = new SyntheticCity(scale, seed, cipher, threads).deferIndexes(Boolean.getBoolean("city.deferIndexes"));
            city.generate(con);
            double total = (System.nanoTime() - t0) / 1e9;
            System.out.printf("total %.1f s%n", total);
            Map<String, double[]> raw = Boolean.getBoolean("city.raw")
                    ? rawCopy(con, List.of("household", "person", "household_member", "demand", "demand_event_log", "demand_measure_fact"))
                    : Map.of();
            String where = String.format(Locale.ROOT, " (%s: %,d households)", scale.name(), scale.nHouseholds());
            for (Load l : city.loads()) {
                double[] r = raw.get(l.table());
                if (r != null) {
                    io.gridwork.bench.BenchResults.record("Synthetic city", "COPY " + l.table() + where, l.rate(), r[0], "rows/s", true,
                            null, String.format(Locale.ROOT, "%,d rows; raw: plain COPY of the same rows from a file into a copy of the "
                                    + "table with its indexes (without: %,.0f rows/s)", l.rows(), r[1]));
                }
            }
            io.gridwork.bench.BenchResults.record("Synthetic city", "whole generation" + where, total, Double.NaN, "s", false, null,
                    (Boolean.getBoolean("city.deferIndexes") ? "indexes deferred; " : "") + "incl. the daily rollup and vacuum analyze");
        }
    }

    /** Encrypts and hashes n ID numbers (what a person row costs) on 1 and 2 threads. */
    static void cipherBench(PersonalDataCipher cipher, int n) throws Exception {
        String first17 = FAKE_AREA + "19800101" + "123";
        String id = first17 + IdCardNumber.checkDigit(first17);
        for (int round = 0; round < 2; round++) {
            for (int t : new int[] {1, 2}) {
                ExecutorService pool = Executors.newFixedThreadPool(t);
                long t0 = System.nanoTime();
                List<Future<?>> fs = new ArrayList<>();
                for (int k = 0; k < t; k++) {
                    fs.add(pool.submit(() -> {
                        for (int i = 0; i < n / t; i++) {
                            cipher.encrypt(id);
                            cipher.hash(id);
                        }
                    }));
                }
                for (Future<?> f : fs) {
                    f.get();
                }
                pool.shutdown();
                double secs = (System.nanoTime() - t0) / 1e9;
                System.out.printf("cipher %d threads: %,d encrypt+hash in %.2f s, %,.0f/s%n", t, n, secs, n / secs);
            }
        }
    }

    /** Drops and creates the database of the URL (its name must start with gridwork_city_) and runs the migrations. */
    static void createAndMigrate(String url, String user, String password) throws SQLException {
        String db = url.substring(url.lastIndexOf('/') + 1);
        if (!db.startsWith("gridwork_city_")) {
            throw new IllegalArgumentException("refusing to recreate " + db + ": generated databases are named gridwork_city_*");
        }
        try (Connection admin = DriverManager.getConnection(url.substring(0, url.lastIndexOf('/') + 1) + "postgres", user, password);
                Statement st = admin.createStatement()) {
            st.execute("drop database if exists " + db + " with (force)");
            st.execute("create database " + db);
        }
        org.flywaydb.core.Flyway.configure().dataSource(url, user, password)
                .locations("classpath:db/migration", "classpath:db/vendor/postgresql").load().migrate();
    }

    /**
     * The yardstick: the same rows, written out with COPY TO a file and read back with a plain COPY FROM
     * the file into a copy of the table, once with the table's indexes and once without.
     */
    static Map<String, double[]> rawCopy(Connection con, List<String> tables) throws Exception {
        CopyManager copy = con.unwrap(PGConnection.class).getCopyAPI();
        Map<String, double[]> rates = new HashMap<>();
        for (String table : tables) {
            java.nio.file.Path file = java.nio.file.Files.createTempFile("gridwork-city-" + table, ".copy");
            try {
                long rows;
                try (var out = new java.io.BufferedOutputStream(java.nio.file.Files.newOutputStream(file), 1 << 20)) {
                    rows = copy.copyOut("copy (select * from " + table + ") to stdout", out); // partitioned tables too
                }
                for (boolean indexes : new boolean[] {true, false}) {
                    try (Statement st = con.createStatement()) {
                        st.execute("drop table if exists raw_copy");
                        st.execute("create table raw_copy (like " + table + " including defaults" + (indexes ? " including indexes" : "") + ")");
                    }
                    long t0 = System.nanoTime();
                    try (var in = new java.io.BufferedInputStream(java.nio.file.Files.newInputStream(file), 1 << 20)) {
                        copy.copyIn("copy raw_copy from stdin", in);
                    }
                    Load l = new Load("raw " + table + (indexes ? " +idx" : " no idx"), rows, (System.nanoTime() - t0) / 1_000_000);
                    System.out.println(l);
                    rates.computeIfAbsent(table, t -> new double[2])[indexes ? 0 : 1] = l.rate();
                }
                try (Statement st = con.createStatement()) {
                    st.execute("drop table raw_copy");
                }
            } finally {
                java.nio.file.Files.deleteIfExists(file);
            }
        }
        return rates;
    }
}
