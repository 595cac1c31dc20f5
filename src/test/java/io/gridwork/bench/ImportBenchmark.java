package io.gridwork.bench;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridLevel;
import io.gridwork.grid.GridNode;
import io.gridwork.people.IdCardNumber;
import io.gridwork.people.importing.ImportJobs;
import io.gridwork.people.importing.ResidentImporter;
import io.gridwork.people.importing.SheetFormat;
import io.gridwork.people.importing.Sql;
import io.gridwork.shared.persistence.DatabaseKind;
import io.gridwork.support.GridworkTest;

/**
 * Imports a generated sheet of a million residents (CSV) into a synthetic community of 100 compounds,
 * 2,000 buildings and 8,000 units created in bulk first, and compares it with a plain bulk INSERT of
 * the same rows (no validation, no hashing, no encryption). Kept out of the test run (surefire
 * excludes bench/); run against PostgreSQL:
 *
 * <pre>
 * GRIDWORK_TEST_PG_URL=jdbc:postgresql://localhost:5432/gridwork_test_import \
 *   ./mvnw -q -B test -Dtest=ImportBenchmark -Dgridwork.test.db=postgres -Dbench.rows=1000000
 * </pre>
 */
@GridworkTest
class ImportBenchmark {

    static final int COMPOUNDS = 100;
    static final int BUILDINGS = 20;
    static final int UNITS = 4;
    static final int FLOORS = 21;
    static final int ROOMS = 2;
    static final String[] RELATIONS = {"户主", "配偶", "子女"};
    static final String[] SURNAMES = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周"};
    static final String[] GIVEN = {"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明"};

    @Autowired
    GridApi grid;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JdbcTemplate template;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    ResidentImporter importer;

    @Autowired
    ImportJobs jobs;

    @Autowired
    DatabaseKind database;

    @Test
    void importsAMillionResidents() throws Exception {
        int rows = Integer.getInteger("bench.rows", 1_000_000);
        String run = Long.toString(System.currentTimeMillis() % 10_000);
        List<String> out = new ArrayList<>();
        out.add("rows: " + rows + ", database: " + jdbc.sql("select version()").query(String.class).single());

        long t0 = System.nanoTime();
        List<String> compounds = synthesiseGrid(run);
        out.add(String.format("grid: %d compounds, %d buildings, %d units created in %.1f s", COMPOUNDS, COMPOUNDS * BUILDINGS,
                COMPOUNDS * BUILDINGS * UNITS, secs(t0)));

        Path csv = Files.createTempFile("bench-residents-", ".csv");
        t0 = System.nanoTime();
        generate(csv, compounds, rows, run);
        out.add(String.format("sheet: %,d bytes generated in %.1f s", Files.size(csv), secs(t0)));

        long jobId = jobs.create("bench.csv", SheetFormat.CSV, 0, List.of("/"));
        t0 = System.nanoTime();
        tx.executeWithoutResult(s -> {
            try {
                jobs.storeFile(jobId, csv);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        double store = secs(t0);
        out.add(String.format("upload stored in the database (1 MiB chunks): %.1f s", store));

        t0 = System.nanoTime();
        ResidentImporter.Tally first = importer.run(jobId, csv, SheetFormat.CSV, List.of("/"));
        double firstSecs = secs(t0);
        jobs.finish(jobId, "DONE", null);
        out.add(String.format("first import: %.1f s, %,.0f rows/s (%d inserted, %d households created, %d refused)", firstSecs,
                rows / firstSecs, first.inserted(), first.households(), first.refused()));

        long again = jobs.create("bench-again.csv", SheetFormat.CSV, 0, List.of("/"));
        t0 = System.nanoTime();
        ResidentImporter.Tally second = importer.run(again, csv, SheetFormat.CSV, List.of("/"));
        double secondSecs = secs(t0);
        jobs.finish(again, "DONE", null);
        out.add(String.format("same file again: %.1f s, %,.0f rows/s (%d unchanged, %d inserted)", secondSecs, rows / secondSecs,
                second.unchanged(), second.inserted()));

        t0 = System.nanoTime();
        rawInsert(csv, run);
        double raw = secs(t0);
        out.add(String.format("raw bulk INSERT of the same rows (no validation, hashing or encryption): %.1f s, %,.0f rows/s",
                raw, rows / raw));
        out.add(String.format("ratio import / raw: %.2f", firstSecs / raw));
        BenchResults.record("Resident import", String.format("first import of %,d residents (CSV)", rows), rows / firstSecs, rows / raw,
                "rows/s", true, null, "raw: plain multi-row INSERTs of the same rows, no checks, hashing or encryption");
        BenchResults.record("Resident import", String.format("the same %,d rows again (unchanged)", rows), rows / secondSecs, rows / raw,
                "rows/s", true, null, "");

        cleanUp(run);
        Files.deleteIfExists(csv);
        String report = String.join("\n", out);
        System.out.println("\n=== ImportBenchmark ===\n" + report + "\n");
        Files.writeString(Path.of("target", "bench-import.txt"), report + "\n");
    }

    private static double secs(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    /** A street with one community of 100 compounds, each of 20 buildings of 4 units, made with bulk SQL. */
    private List<String> synthesiseGrid(String run) {
        long street = jdbc.sql("select id from grid_node where level = 'STREET' order by id fetch first 1 rows only")
                .query(Long.class).single();
        List<String> names = new ArrayList<>();
        Sql sql = new Sql(template);
        tx.executeWithoutResult(s -> {
            List<Object[]> buildings = new ArrayList<>();
            GridNode community = null;
            for (int c = 1; c <= COMPOUNDS; c++) {
                if (c % 25 == 1) { // a community holds at most 99 compound codes
                    community = grid.create(street, GridLevel.COMMUNITY, "压测社区" + run + "-" + c, null, null);
                }
                GridNode compound = grid.create(community.id(), GridLevel.COMPOUND, "压测" + run + "小区" + c, null, null);
                GridNode micro = grid.create(compound.id(), GridLevel.MICRO, compound.name() + "第1微网格", null, null);
                names.add(compound.name());
                for (int b = 1; b <= BUILDINGS; b++) {
                    buildings.add(new Object[] {compound.id(), micro.id(), String.valueOf(b), b + "栋", FLOORS});
                }
            }
            List<Object[]> ids = sql.insert("building", new String[] {"compound_id", "micro_grid_id", "number", "name", "floors"},
                    buildings, "id");
            List<Object[]> units = new ArrayList<>();
            for (Object[] id : ids) {
                for (int u = 1; u <= UNITS; u++) {
                    units.add(new Object[] {((Number) id[0]).longValue(), String.valueOf(u)});
                }
            }
            sql.insert("unit", new String[] {"building_id", "number"}, units);
        });
        return names;
    }

    /** One row per resident: households of one to three, walking compounds, buildings, units, floors, rooms. */
    private static void generate(Path file, List<String> compounds, int rows, String run) throws Exception {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("小区,楼栋,单元,房号,户状态,姓名,与户主关系,身份证号,手机号,关怀标签\r\n");
            LocalDate base = LocalDate.of(1950, 1, 1);
            String area = "13" + String.format("%04d", Integer.parseInt(run));
            int written = 0;
            outer:
            for (int round = 0;; round++) {
                for (String compound : compounds) {
                    for (int b = 1; b <= BUILDINGS; b++) {
                        for (int u = 1; u <= UNITS; u++) {
                            for (int f = 1; f <= FLOORS; f++) {
                                for (int r = 1; r <= ROOMS; r++) {
                                    String room = (round == 0 ? "" : "B" + round) + f + String.format("%02d", r);
                                    int size = 1 + (written % 3);
                                    String status = written % 7 == 0 ? "出租" : "自住";
                                    for (int m = 0; m < size; m++) {
                                        int i = written;
                                        String first17 = area + base.plusDays(i / 1000).toString().replace("-", "")
                                                + String.format("%03d", i % 1000);
                                        String id = first17 + IdCardNumber.checkDigit(first17);
                                        String name = SURNAMES[i % SURNAMES.length] + GIVEN[(i / 10) % GIVEN.length]
                                                + GIVEN[(i / 150) % GIVEN.length];
                                        String phone = m == 2 ? "" : "138" + String.format("%08d", i);
                                        String tags = i % 50 == 0 ? "独居老人、残疾人" : i % 10 == 0 ? "老年人" : "";
                                        w.write(compound + "," + b + "," + u + "," + room + "," + status + "," + name + ","
                                                + RELATIONS[m] + "," + id + "," + phone + "," + tags + "\r\n");
                                        if (++written == rows) {
                                            break outer;
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * The floor to compare with: the same rows as plain multi-row INSERTs of households, persons and
     * memberships, chunked the same way (5,000 rows a transaction), without checks, look-ups or crypto.
     */
    private void rawInsert(Path file, String run) throws Exception {
        Sql sql = new Sql(template);
        Map<String, Long> units = new HashMap<>();
        template.query("""
                select c.name, b.number, u.number, u.id from unit u join building b on b.id = u.building_id
                  join grid_node c on c.id = b.compound_id where c.name like ?""",
                rs -> {
                    units.put(rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3), rs.getLong(4));
                }, "压测" + run + "小区%");
        Map<String, Long> households = new HashMap<>();
        Timestamp now = Timestamp.from(Instant.now());
        Date today = Date.valueOf(LocalDate.now());
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            in.readLine();
            List<String[]> chunk = new ArrayList<>(5000);
            String line;
            while (true) {
                line = in.readLine();
                if (line != null) {
                    chunk.add(line.split(",", -1));
                }
                if (chunk.size() == 5000 || (line == null && !chunk.isEmpty())) {
                    List<String[]> rows = chunk;
                    tx.executeWithoutResult(s -> {
                        List<Object[]> newHouseholds = new ArrayList<>();
                        Map<String, Boolean> seen = new HashMap<>();
                        for (String[] r : rows) {
                            String key = r[0] + "|" + r[1] + "|" + r[2] + "|R" + r[3];
                            if (!households.containsKey(key) && seen.put(key, true) == null) {
                                newHouseholds.add(new Object[] {units.get(r[0] + "|" + r[1] + "|" + r[2]), "R" + r[3], "OCCUPIED", now, now});
                            }
                        }
                        for (Object[] k : sql.insert("household", new String[] {"unit_id", "room", "status", "created_at", "updated_at"},
                                newHouseholds, "id", "unit_id", "room")) {
                            households.put(unitKey(units, ((Number) k[1]).longValue()) + "|" + k[2], ((Number) k[0]).longValue());
                        }
                        List<Object[]> persons = new ArrayList<>();
                        for (String[] r : rows) {
                            persons.add(new Object[] {r[5], "M", today, r[7], "raw" + run + ":" + r[7], r[7], r[8], r[8], r[8], now, now});
                        }
                        List<Object[]> ids = sql.insert("person", new String[] {"name", "gender", "birth_date", "id_card_enc",
                            "id_card_hash", "id_card_mask", "phone_enc", "phone_hash", "phone_mask", "created_at", "updated_at"},
                                persons, "id");
                        List<Object[]> members = new ArrayList<>();
                        for (int i = 0; i < rows.size(); i++) {
                            String[] r = rows.get(i);
                            members.add(new Object[] {households.get(r[0] + "|" + r[1] + "|" + r[2] + "|R" + r[3]),
                                ((Number) ids.get(i)[0]).longValue(), "HEAD", today});
                        }
                        sql.insert("household_member", new String[] {"household_id", "person_id", "relation", "since"}, members);
                    });
                    chunk = new ArrayList<>(5000);
                }
                if (line == null) {
                    break;
                }
            }
        }
    }

    private Map<Long, String> unitNames;

    private String unitKey(Map<String, Long> units, long unitId) {
        if (unitNames == null) {
            unitNames = new HashMap<>();
            units.forEach((k, v) -> unitNames.put(v, k));
        }
        return unitNames.get(unitId);
    }

    /**
     * Removes what the run added (imported and raw rows), so that the next run starts from the same
     * database instead of one a million persons larger. Nothing outside the deleted tables refers to rows
     * the run created, so the foreign keys' checks are switched off for this transaction (PostgreSQL's
     * replica role): with them, each of the two million deleted persons ran one look-up per foreign key
     * on person (fifteen), and a round's clean-up took over six minutes on the district.
     */
    private void cleanUp(String run) {
        tx.executeWithoutResult(s -> {
            if (database.postgres()) {
                template.execute("set local session_replication_role = replica");
            }
            String compounds = "select h.id from household h join unit u on u.id = h.unit_id join building b on b.id = u.building_id"
                    + " join grid_node c on c.id = b.compound_id where c.name like '压测" + run + "小区%'";
            template.execute("create temp table bench_h on commit drop as " + compounds);
            template.execute("create temp table bench_p on commit drop as select distinct person_id as id from household_member"
                    + " where household_id in (select id from bench_h)");
            template.update("delete from person_tag t using bench_p p where t.person_id = p.id");
            template.update("delete from household_member m using bench_p p where m.person_id = p.id");
            template.update("delete from household_member m using bench_h h where m.household_id = h.id");
            template.update("delete from person x using bench_p p where x.id = p.id");
            template.update("delete from household x using bench_h h where x.id = h.id");
        });
        template.execute("vacuum analyze person, household, household_member, person_tag");
    }
}
