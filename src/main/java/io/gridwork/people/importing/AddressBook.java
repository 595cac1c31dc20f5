package io.gridwork.people.importing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The buildings, units and households of the compounds a file names, loaded once per compound (two
 * set-based queries) instead of once per row. This reads the grid module's read views (v_grid_*): bulk
 * work of the people module, which GridApi's one-at-a-time lookups cannot serve at a million rows.
 */
final class AddressBook {

    record Compound(long id, String name, String path, Map<String, Building> buildings) {
    }

    record Building(long id, String number, String scopePath, Map<String, Long> units) {
    }

    record HouseholdKey(long unitId, String room) {
    }

    /** A household known to exist, with its current status. */
    static final class Household {
        final long id;
        String status;

        Household(long id, String status) {
            this.id = id;
            this.status = status;
        }
    }

    private final JdbcTemplate jdbc;
    private final Predicate<String> covers;
    private final List<String> scopePaths;
    /** Compound by the text used in the file: a Compound, or the problem (code, args, reason) that it cannot be used. */
    private final Map<String, Object> compounds = new HashMap<>();
    private final Map<HouseholdKey, Household> households = new HashMap<>();
    /** The micro-grid of each unit of the loaded compounds (0: its building has none). */
    private final Map<Long, Long> microGridOfUnit = new HashMap<>();

    AddressBook(JdbcTemplate jdbc, List<String> scopePaths) {
        this.jdbc = jdbc;
        this.scopePaths = scopePaths;
        this.covers = path -> scopePaths.stream().anyMatch(path::startsWith);
    }

    boolean covers(String path) {
        return covers.test(path);
    }

    /**
     * Finds the building and unit of a row; refuses unknown ones and those outside the importer's
     * grids. Called by the reading thread only.
     */
    void resolve(ImportRow r, ResidentSheet sheet) {
        if (r.compound == null || r.building == null || r.unit == null) {
            return;
        }
        Object c = compounds.computeIfAbsent(r.compound, this::loadCompound);
        if (c instanceof ImportRow.Problem p) {
            r.refuse(sheet.header(Column.COMPOUND), p.code(), p.reason(), p.args().toArray());
            return;
        }
        Compound compound = (Compound) c;
        Building b = compound.buildings().get(r.building);
        if (b == null) {
            r.refuse(sheet.header(Column.BUILDING), "unknown-building", "building " + r.building + " does not exist in " + compound.name(),
                    r.building, compound.name());
            return;
        }
        if (!covers(b.scopePath())) {
            r.refuse(sheet.header(Column.COMPOUND), "outside-scope", "building " + r.building + " of " + compound.name() + " lies outside your grids",
                    r.building, compound.name());
            return;
        }
        Long unit = b.units().get(r.unit);
        if (unit == null) {
            r.refuse(sheet.header(Column.UNIT), "unknown-unit", "unit " + r.unit + " does not exist in building " + r.building,
                    r.unit, r.building);
            return;
        }
        r.unitId = unit;
    }

    private Object loadCompound(String text) {
        record Candidate(long id, String name, String path) {
        }
        List<Candidate> all = jdbc.query("""
                select id, name, path from v_grid_node
                 where level in ('COMPOUND','SPECIAL') and (code = ? or name = ?)""",
                (rs, i) -> new Candidate(rs.getLong(1), rs.getString(2), rs.getString(3)), text, text);
        if (all.isEmpty()) {
            return new ImportRow.Problem(0, null, "unknown-compound", List.of(text), "unknown compound '" + text + "'");
        }
        // Names repeat across a city: prefer the compounds that meet the importer's grids.
        List<Candidate> near = all.stream().filter(c -> overlapsScope(c.path())).toList();
        List<Candidate> pick = near.isEmpty() ? all : near;
        if (pick.size() > 1) {
            return new ImportRow.Problem(0, null, "ambiguous-compound", List.of(text),
                    "several compounds are called '" + text + "': use the grid code instead");
        }
        Candidate c = pick.get(0);
        Map<String, Building> buildings = new HashMap<>();
        Map<Long, Map<String, Long>> units = new HashMap<>();
        jdbc.query("""
                select b.id, b.number, coalesce(m.path, c.path), u.id, u.number, b.micro_grid_id
                  from v_grid_building b join v_grid_node c on c.id = b.compound_id
                  left join v_grid_node m on m.id = b.micro_grid_id
                  left join v_grid_unit u on u.building_id = b.id
                 where b.compound_id = ?""", rs -> {
            long bid = rs.getLong(1);
            String number = rs.getString(2);
            String scope = rs.getString(3);
            Map<String, Long> us = units.computeIfAbsent(bid, k -> new HashMap<>());
            buildings.computeIfAbsent(key(number, "号楼", "栋", "幢", "号"), k -> new Building(bid, number, scope, us));
            long uid = rs.getLong(4);
            if (!rs.wasNull()) {
                us.put(key(rs.getString(5), "单元"), uid);
                long micro = rs.getLong(6);
                synchronized (households) {
                    microGridOfUnit.put(uid, micro);
                }
            }
        }, c.id());
        jdbc.query("""
                select h.id, h.unit_id, h.room, h.status from v_grid_household h
                  join v_grid_unit u on u.id = h.unit_id join v_grid_building b on b.id = u.building_id
                 where b.compound_id = ?""", rs -> {
            Household h = new Household(rs.getLong(1), rs.getString(4));
            synchronized (households) {
                households.put(new HouseholdKey(rs.getLong(2), key(rs.getString(3), "室", "号")), h);
            }
        }, c.id());
        return new Compound(c.id(), c.name(), c.path(), buildings);
    }

    private boolean overlapsScope(String path) {
        return scopePaths.stream().anyMatch(s -> path.startsWith(s) || s.startsWith(path));
    }

    static String key(String number, String... suffixes) {
        return ResidentSheet.stripSuffix(ResidentSheet.narrow(number.strip()), suffixes);
    }

    /** The household at an address, or null. Called by the writing thread. */
    Household household(long unitId, String room) {
        synchronized (households) {
            return households.get(new HouseholdKey(unitId, room));
        }
    }

    /** The micro-grid of a unit of a loaded compound, or 0 (none, or not loaded). Called by the writing thread. */
    long microGridOf(long unitId) {
        synchronized (households) {
            return microGridOfUnit.getOrDefault(unitId, 0L);
        }
    }

    /** Records households created by a committed chunk. */
    void remember(long unitId, String room, Household h) {
        synchronized (households) {
            households.put(new HouseholdKey(unitId, room), h);
        }
    }

    /** Reloads the households of some units (after another instance created some concurrently). */
    void reload(List<Long> unitIds) {
        if (unitIds.isEmpty()) {
            return;
        }
        List<Object[]> rows = new ArrayList<>();
        for (int from = 0; from < unitIds.size(); from += 1000) {
            List<Long> part = unitIds.subList(from, Math.min(unitIds.size(), from + 1000));
            String in = String.join(",", java.util.Collections.nCopies(part.size(), "?"));
            jdbc.query("select id, unit_id, room, status from v_grid_household where unit_id in (" + in + ")",
                    rs -> {
                        rows.add(new Object[] {rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4)});
                    }, part.toArray());
        }
        synchronized (households) {
            for (Object[] r : rows) {
                households.put(new HouseholdKey((Long) r[1], key((String) r[2], "室", "号")), new Household((Long) r[0], (String) r[3]));
            }
        }
    }
}
