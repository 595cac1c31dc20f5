package io.gridwork.demand.internal;

import java.sql.Timestamp;
import java.time.Instant;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Which buildings' 码上办 posters have been downloaded for printing (one row per building, with a count). */
@Component
public class QrPrintLog {

    private final JdbcClient jdbc;

    QrPrintLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Records a download of a building's posters (or one of its units'); {@code gridPath} is where the building lies. */
    @Transactional
    public void printed(long buildingId, String gridPath, long accountId) {
        Timestamp now = Timestamp.from(Instant.now());
        if (bump(buildingId, now, accountId) > 0) {
            return;
        }
        int inserted = jdbc.sql("""
                insert into qr_poster_print (building_id, grid_path, first_printed_at, last_printed_at, last_printed_by)
                values (?, ?, ?, ?, ?) on conflict do nothing""")
                .params(buildingId, gridPath, now, now, accountId).update();
        if (inserted == 0) {
            // another request inserted the row between our update and insert
            bump(buildingId, now, accountId);
        }
    }

    private int bump(long buildingId, Timestamp now, long accountId) {
        return jdbc.sql("update qr_poster_print set prints = prints + 1, last_printed_at = ?, last_printed_by = ? where building_id = ?")
                .params(now, accountId, buildingId).update();
    }

    long buildingsUnder(String gridPath) {
        return jdbc.sql("select count(*) from qr_poster_print where grid_path like ?").param(gridPath + "%")
                .query(Long.class).single();
    }
}
