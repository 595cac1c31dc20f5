package io.gridwork.measures.internal;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.gridwork.grid.GridRepathed;

/**
 * When a grid moves, the demands under it count at other grids above it: their facts keep the old path (where
 * their contribution was added) and are queued for the folder, which takes each contribution back there and
 * adds it under the demand's new path. Runs inside the moving transaction, like the other modules' path copies.
 */
@Component
class MeasureGridListener {

    private final JdbcClient jdbc;

    MeasureGridListener(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventListener
    void on(GridRepathed moved) {
        jdbc.sql("""
                insert into measure_refold (demand_id)
                select f.demand_id from demand_measure_fact f
                 where f.grid_path like ? and not exists (select 1 from measure_refold r where r.demand_id = f.demand_id)""")
                .param(moved.oldPath() + "%").update();
    }
}
