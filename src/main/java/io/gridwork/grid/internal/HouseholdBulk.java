package io.gridwork.grid.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import io.gridwork.grid.GridApi;
import io.gridwork.shared.persistence.DatabaseKind;

/**
 * Households written in bulk for the resident import (issue 17: the import is the people module's, the household
 * table the grid's): one multi-row insert per thousand rows in the caller's transaction, the generated keys read
 * back by column name (not by order), and the planner's statistics refreshed on PostgreSQL.
 */
@Component
class HouseholdBulk {

    static final int ROWS_PER_STATEMENT = 1000;

    private final JdbcTemplate jdbc;
    private final DatabaseKind database;

    HouseholdBulk(JdbcTemplate jdbc, DatabaseKind database) {
        this.jdbc = jdbc;
        this.database = database;
    }

    List<GridApi.CreatedHousehold> create(List<GridApi.NewHousehold> households, Instant at) {
        List<GridApi.CreatedHousehold> created = new ArrayList<>(households.size());
        Timestamp ts = Timestamp.from(at);
        for (int from = 0; from < households.size(); from += ROWS_PER_STATEMENT) {
            List<GridApi.NewHousehold> part = households.subList(from, Math.min(households.size(), from + ROWS_PER_STATEMENT));
            String sql = "insert into household (unit_id, room, status, created_at, updated_at) values "
                    + String.join(",", Collections.nCopies(part.size(), "(?,?,?,?,?)"));
            jdbc.execute((Connection con) -> {
                try (PreparedStatement ps = con.prepareStatement(sql, new String[] {"id", "unit_id", "room"})) {
                    int i = 1;
                    for (GridApi.NewHousehold h : part) {
                        ps.setLong(i++, h.unitId());
                        ps.setString(i++, h.room());
                        ps.setString(i++, h.status());
                        ps.setTimestamp(i++, ts);
                        ps.setTimestamp(i++, ts);
                    }
                    ps.executeUpdate();
                    try (ResultSet rs = ps.getGeneratedKeys()) {
                        while (rs.next()) {
                            created.add(new GridApi.CreatedHousehold(((Number) rs.getObject(1)).longValue(),
                                    ((Number) rs.getObject(2)).longValue(), (String) rs.getObject(3)));
                        }
                    }
                }
                return null;
            });
        }
        return created;
    }

    /** PostgreSQL: refreshes the statistics of the household table, which a bulk import grows faster than autovacuum. */
    void analyze() {
        if (database.postgres()) {
            jdbc.execute("analyze household");
        }
    }
}
