package io.gridwork.city;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.Base64;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.gridwork.bench.city.SyntheticCity;
import io.gridwork.people.IdCardNumber;
import io.gridwork.people.PersonalDataCipher;
import io.gridwork.shared.Masking;
import io.gridwork.support.TestDatabaseProfiles;

/**
 * Generates the {@code tiny} synthetic city into a fresh PostgreSQL database (gridwork_city_test, on the
 * server of the test database) and checks its counts and invariants. Skipped on H2: the generator
 * writes with COPY.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SyntheticCityTests {

    static final String DB = "gridwork_city_test";

    String url;
    String user;
    String password;
    Connection con;
    PersonalDataCipher cipher;
    SyntheticCity.Scale scale = SyntheticCity.Scale.preset("tiny");

    @BeforeAll
    void generate() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue("postgres".equals(TestDatabaseProfiles.database()),
                "the synthetic city is loaded with PostgreSQL COPY");
        String base = System.getenv().getOrDefault("GRIDWORK_TEST_PG_URL", "jdbc:postgresql://localhost:5432/gridwork_test");
        user = System.getenv().getOrDefault("GRIDWORK_TEST_PG_USER", "postgres");
        password = System.getenv().getOrDefault("GRIDWORK_TEST_PG_PASSWORD", "");
        String server = base.substring(0, base.lastIndexOf('/') + 1);
        try (Connection admin = DriverManager.getConnection(server + "postgres", user, password); Statement st = admin.createStatement()) {
            st.execute("drop database if exists " + DB + " with (force)");
            st.execute("create database " + DB);
        }
        url = server + DB;
        Flyway.configure().dataSource(url, user, password).locations("classpath:db/migration", "classpath:db/vendor/postgresql")
                .load().migrate();
        cipher = new PersonalDataCipher(key(), key(), "unused");
        con = DriverManager.getConnection(url, user, password);
        new SyntheticCity(scale, 7, cipher, 2).generate(con);
    }

    static String key() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return Base64.getEncoder().encodeToString(k);
    }

    @AfterAll
    void close() throws Exception {
        if (con != null) {
            con.close();
        }
    }

    long one(String sql) throws Exception {
        try (Statement st = con.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void countsFollowTheScale() throws Exception {
        // tiny: 1 district, 1 street, 2 communities, 2 compounds each, 2 micro-grids each
        assertThat(one("select count(*) from grid_node where level = 'DISTRICT'")).isEqualTo(1);
        assertThat(one("select count(*) from grid_node where level = 'COMMUNITY'")).isEqualTo(2);
        assertThat(one("select count(*) from grid_node where level = 'COMPOUND'")).isEqualTo(4);
        assertThat(one("select count(*) from grid_node where level = 'MICRO'")).isEqualTo(8);
        assertThat(one("select count(*) from building")).isEqualTo(8);
        assertThat(one("select count(*) from unit")).isEqualTo(16);
        assertThat(one("select count(*) from household")).isEqualTo(96);
        long people = one("select count(*) from person");
        assertThat(people).isEqualTo(one("select count(*) from household_member")).isBetween(96L * 2, 96L * 3);
        assertThat(one("select count(*) from household_member m join household h on h.id = m.household_id where h.status = 'VACANT'"))
                .isZero();
        assertThat(one("select count(*) from staff_assignment")).isEqualTo(8);
        long demands = one("select count(*) from demand");
        assertThat(demands).isBetween(365L * 2, 365L * 4);
        assertThat(one("select count(*) from demand_measure_fact")).isEqualTo(demands);
        // the facts and the rollup are generated: the measures' folder starts after the generated timeline
        assertThat(one("select position from measure_fold where name = 'demand-measures'"))
                .isEqualTo(one("select max(id) from demand_event_log"));
    }

    @Test
    void everyHouseholdLiesInABuildingOfAMicroGridOfItsCompound() throws Exception {
        assertThat(one("""
                select count(*) from household h join unit u on u.id = h.unit_id join building b on b.id = u.building_id
                  left join grid_node m on m.id = b.micro_grid_id and m.level = 'MICRO' and m.parent_id = b.compound_id
                 where m.id is null""")).isZero();
        assertThat(one("select count(*) from building_grid_history where valid_to is null")).isEqualTo(8);
    }

    @Test
    void everyBuildingStandsInsideItsMicroGridsBoundaryAndThatInsideItsCompounds() throws Exception {
        java.util.Map<Long, org.locationtech.jts.geom.Polygon> shapes = new java.util.HashMap<>();
        try (Statement st = con.createStatement();
                ResultSet rs = st.executeQuery("select id, boundary from grid_node where level in ('MICRO', 'COMPOUND')")) {
            while (rs.next()) {
                assertThat(rs.getString(2)).as("boundary of grid %d", rs.getLong(1)).isNotNull();
                shapes.put(rs.getLong(1), polygon(rs.getString(2)));
            }
        }
        assertThat(shapes).hasSize(12);
        try (Statement st = con.createStatement();
                ResultSet rs = st.executeQuery("""
                        select b.lat, b.lon, b.micro_grid_id, b.compound_id from building b""")) {
            int buildings = 0;
            while (rs.next()) {
                var point = GEO.createPoint(new org.locationtech.jts.geom.Coordinate(rs.getDouble(2), rs.getDouble(1)));
                long micro = rs.getLong(3);
                long compound = rs.getLong(4);
                assertThat(shapes.get(micro).contains(point)).as("building at %s in its micro-grid", point).isTrue();
                assertThat(shapes.get(compound).covers(shapes.get(micro))).isTrue();
                // and in no other micro-grid or compound
                long others = shapes.entrySet().stream()
                        .filter(e -> e.getKey() != micro && e.getKey() != compound && e.getValue().contains(point)).count();
                assertThat(others).isZero();
                buildings++;
            }
            assertThat(buildings).isEqualTo(8);
        }
    }

    static final org.locationtech.jts.geom.GeometryFactory GEO = new org.locationtech.jts.geom.GeometryFactory();

    static org.locationtech.jts.geom.Polygon polygon(String geoJson) {
        var ring = new tools.jackson.databind.ObjectMapper().readTree(geoJson).get("coordinates").get(0);
        var coordinates = new org.locationtech.jts.geom.Coordinate[ring.size()];
        for (int i = 0; i < ring.size(); i++) {
            coordinates[i] = new org.locationtech.jts.geom.Coordinate(ring.get(i).get(0).asDouble(), ring.get(i).get(1).asDouble());
        }
        return GEO.createPolygon(coordinates);
    }

    @Test
    void pathsAndCodesAreConsistent() throws Exception {
        assertThat(one("""
                select count(*) from grid_node n left join grid_node p on p.id = n.parent_id
                 where n.path <> coalesce(p.path, '/') || n.id || '/'
                    or (p.id is not null and n.code not like p.code || '%')
                    or length(n.code) <> case n.level when 'DISTRICT' then 6 when 'STREET' then 9 when 'COMMUNITY' then 12
                                                       when 'COMPOUND' then 14 else 17 end""")).isZero();
        assertThat(one("""
                select count(*) from demand d join grid_node m on m.id = d.micro_grid_id
                 where d.grid_path <> m.path or m.parent_id <> d.compound_id""")).isZero();
    }

    @Test
    void personalNumbersDecryptToValidFakeNumbers() throws Exception {
        int checked = 0;
        try (Statement st = con.createStatement(); ResultSet rs = st.executeQuery(
                "select id_card_enc, id_card_hash, id_card_mask, birth_date, gender, phone_enc, phone_hash, phone_mask from person")) {
            while (rs.next()) {
                String id = cipher.decrypt(rs.getString(1));
                assertThat(IdCardNumber.problem(id)).isNull();
                assertThat(id).startsWith("510199");
                assertThat(rs.getString(2)).isEqualTo(cipher.hash(id));
                assertThat(rs.getString(3)).isEqualTo(Masking.idCard(id));
                assertThat(rs.getDate(4).toLocalDate()).isEqualTo(IdCardNumber.birthDate(id));
                assertThat(rs.getString(5)).isEqualTo(IdCardNumber.gender(id));
                String phone = cipher.decrypt(rs.getString(6));
                if (phone != null) {
                    assertThat(phone).matches("1380000\\d{4}");
                    assertThat(rs.getString(7)).isEqualTo(cipher.hash(phone));
                    assertThat(rs.getString(8)).isEqualTo(Masking.phone(phone));
                }
                checked++;
            }
        }
        assertThat(checked).isPositive();
        assertThat(one("select count(distinct id_card_hash) from person")).isEqualTo(one("select count(*) from person"));
    }

    @Test
    void measureRollupsEqualARecountOfTheDemands() throws Exception {
        // recount from the demands themselves (not from the facts), at every level and for party '*'
        assertThat(one("""
                with recount as (
                    select (d.submitted_at at time zone 'Asia/Shanghai')::date as day, a.grid, d.category_code,
                           count(*) filter (where d.status <> 'REJECTED') as found,
                           count(*) filter (where d.status <> 'REJECTED' and d.resolved_at is not null) as rectified
                      from demand d join grid_node m on m.id = d.micro_grid_id
                      cross join lateral (select x::bigint as grid from unnest(string_to_array(trim(both '/' from m.path), '/')) x) a
                     group by 1, 2, 3
                    having count(*) filter (where d.status <> 'REJECTED') > 0
                )
                select count(*) from recount r full join
                       (select * from demand_measure_daily where party = '*' and found > 0) m
                    on m.stat_day = r.day and m.grid_id = r.grid and m.category_code = r.category_code
                 where r.found is distinct from m.found or r.rectified is distinct from m.rectified""")).isZero();
        assertThat(one("select sum(respond_due) from demand_measure_daily where party = '*' and grid_id = 1"))
                .isEqualTo(one("select count(*) from demand"));
        assertThat(one("select sum(respond_on_time) from demand_measure_daily where party = '*' and grid_id = 1"))
                .isEqualTo(one("select count(*) from demand where responded_at <= respond_due_at"));
        assertThat(one("select sum(resolve_on_time) from demand_measure_daily where party = '*' and grid_id = 1"))
                .isEqualTo(one("select count(*) from demand where status <> 'REJECTED' and resolved_at <= resolve_due_at"));
        assertThat(one("select sum(satisfied) from demand_measure_daily where party = '*' and grid_id = 1"))
                .isEqualTo(one("select count(*) from demand where rating >= 4"));
        // the daily totals: the categories' rows of party '*' summed per grid and day, every counter
        assertThat(one("""
                select count(*) from demand_measure_total t full join
                       (select grid_id, stat_day, sum(found) as found, sum(rectified) as rectified, sum(respond_due) as respond_due,
                               sum(respond_on_time) as respond_on_time, sum(resolve_due) as resolve_due,
                               sum(resolve_on_time) as resolve_on_time, sum(ratings) as ratings, sum(satisfied) as satisfied
                          from demand_measure_daily where party = '*' group by grid_id, stat_day) r
                    on r.grid_id = t.grid_id and r.stat_day = t.stat_day
                 where (r.found, r.rectified, r.respond_due, r.respond_on_time, r.resolve_due, r.resolve_on_time, r.ratings, r.satisfied)
                       is distinct from
                       (t.found, t.rectified, t.respond_due, t.respond_on_time, t.resolve_due, t.resolve_on_time, t.ratings, t.satisfied)""")).isZero();
        assertThat(one("select count(*) from demand_measure_total")).isPositive();
        // per party: each demand once under its (only) assignment's party
        assertThat(one("select sum(found) from demand_measure_daily where party <> '*' and grid_id = 1"))
                .isEqualTo(one("select count(*) from demand_assignment"));
    }

    @Test
    void everyDemandReachesEachGridOfItsPathOnce() throws Exception {
        // demand_reach (issue 19) as the application writes it: one row per grid of the path, with the submission time
        assertThat(one("""
                select count(*) from (
                    select cast(x as bigint) as grid_id, d.submitted_at, d.id as demand_id
                      from demand d cross join lateral unnest(string_to_array(trim(both '/' from d.grid_path), '/')) x
                    except
                    select grid_id, submitted_at, demand_id from demand_reach) missing""")).isZero();
        assertThat(one("select count(*) from demand_reach")).isEqualTo(one("""
                select sum(array_length(string_to_array(trim(both '/' from grid_path), '/'), 1)) from demand"""));
    }

    @Test
    void timelinesAndSequencesAreInPlace() throws Exception {
        assertThat(one("""
                select count(*) from demand d where not exists
                    (select 1 from demand_event_log e where e.demand_id = d.id and e.to_status = d.status)""")).isZero();
        for (String table : new String[] {"grid_node", "building", "unit", "household", "person", "household_member", "demand",
            "demand_event_log"}) {
            assertThat(one("select nextval(pg_get_serial_sequence('" + table + "', 'id'))"))
                    .as(table).isGreaterThan(one("select max(id) from " + table));
        }
        assertThat(one("select count(*) from account_scope where account_id = 1")).isEqualTo(1);
        assertThat(scale.until()).isEqualTo(LocalDate.of(2026, 11, 1));
    }

    @Test
    void benchAccountsScopeOneDistrictOrStreetEachAndAreAddedOnce() throws Exception {
        // tiny: 1 district, 1 street: district-1 and street-1, STREET_STAFF over their grid, after city-admin
        assertThat(one("""
                select count(*) from account a join account_authority r on r.account_id = a.id and r.authority = 'ROLE_STREET_STAFF'
                  join account_scope s on s.account_id = a.id join grid_node g on g.id = s.grid_id
                 where (a.username = 'district-1' and g.level = 'DISTRICT') or (a.username = 'street-1' and g.level = 'STREET')""")).isEqualTo(2);
        assertThat(one("select count(*) from account_scope s join account a on a.id = s.account_id where a.username like 'street-%'"))
                .isEqualTo(one("select count(*) from grid_node where level = 'STREET'"));
        assertThat(one("select min(id) from account where username <> 'city-admin'")).isGreaterThan(1);
        // the same password as city-admin; run again (an older database): nothing is added
        try (Statement st = con.createStatement(); ResultSet rs = st.executeQuery("select password_hash from account where username = 'street-1'")) {
            rs.next();
            assertThat(org.springframework.security.crypto.factory.PasswordEncoderFactories.createDelegatingPasswordEncoder()
                    .matches(SyntheticCity.ADMIN_PASSWORD, rs.getString(1))).isTrue();
        }
        assertThat(SyntheticCity.benchAccounts(con)).isZero();
        assertThat(one("select count(*) from account")).isEqualTo(3);
    }
}
