package io.gridwork.grid.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

import io.gridwork.grid.BuildingView;
import io.gridwork.grid.GridLevel;
import io.gridwork.grid.GridNode;
import io.gridwork.grid.HouseholdView;

/** Row mappers and the select lists they expect. */
final class GridRows {

    static final String NODE_COLUMNS = "id, parent_id, level, code, name, path, special_kind, boundary is not null as has_boundary, "
            + "retired_at is not null as retired";

    static final String BUILDING_SELECT = """
            select b.id, b.compound_id, c.name as compound_name, b.micro_grid_id, m.name as micro_name, b.number, b.name,
                   b.floors, b.lat, b.lon,
                   (select count(*) from unit u where u.building_id = b.id) as units,
                   (select count(*) from household h join unit u on u.id = h.unit_id where u.building_id = b.id) as households
              from building b
              join grid_node c on c.id = b.compound_id
              left join grid_node m on m.id = b.micro_grid_id
            """;

    /** {@link #BUILDING_SELECT} without the unit and household counts (both 0): for lists, pickers and addresses. */
    static final String BUILDING_LIGHT_SELECT = """
            select b.id, b.compound_id, c.name as compound_name, b.micro_grid_id, m.name as micro_name, b.number, b.name,
                   b.floors, b.lat, b.lon, 0 as units, 0 as households
              from building b
              join grid_node c on c.id = b.compound_id
              left join grid_node m on m.id = b.micro_grid_id
            """;

    static final String HOUSEHOLD_SELECT = """
            select h.id, h.unit_id, b.id as building_id, b.compound_id, b.micro_grid_id, c.name as compound_name,
                   b.number as building_number, u.number as unit_number, h.room, h.status, m.path as micro_path, h.checked_at
              from household h
              join unit u on u.id = h.unit_id
              join building b on b.id = u.building_id
              join grid_node c on c.id = b.compound_id
              left join grid_node m on m.id = b.micro_grid_id
            """;

    private GridRows() {
    }

    static GridNode node(ResultSet rs, int row) throws SQLException {
        return new GridNode(rs.getLong("id"), (Long) rs.getObject("parent_id", Long.class),
                GridLevel.valueOf(rs.getString("level")), rs.getString("code"), rs.getString("name"),
                rs.getString("path"), rs.getString("special_kind"), rs.getBoolean("has_boundary"),
                rs.getBoolean("retired"));
    }

    static BuildingView building(ResultSet rs, int row) throws SQLException {
        return new BuildingView(rs.getLong("id"), rs.getLong("compound_id"), rs.getString("compound_name"),
                rs.getObject("micro_grid_id", Long.class), rs.getString("micro_name"), rs.getString("number"),
                rs.getString("name"), rs.getObject("floors", Integer.class), rs.getObject("lat", Double.class),
                rs.getObject("lon", Double.class), rs.getInt("units"), rs.getInt("households"));
    }

    static HouseholdView household(ResultSet rs, int row) throws SQLException {
        return new HouseholdView(rs.getLong("id"), rs.getLong("unit_id"), rs.getLong("building_id"),
                rs.getLong("compound_id"), rs.getObject("micro_grid_id", Long.class), rs.getString("compound_name"),
                rs.getString("building_number"), rs.getString("unit_number"), rs.getString("room"),
                rs.getString("status"), rs.getString("micro_path"), instant(rs.getTimestamp("checked_at")));
    }

    static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }
}
