package io.gridwork.demand.internal;

import java.util.List;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.gridwork.grid.GridRepathed;
import io.gridwork.shared.persistence.GridPaths;

/** Keeps this module's copies of grid paths right when a grid moves (inside the moving transaction). */
@Component
class DemandGridPathListener {

    private final JdbcClient jdbc;

    DemandGridPathListener(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventListener
    void on(GridRepathed moved) {
        GridPaths.repath(jdbc, "demand", "grid_path", moved.oldPath(), moved.newPath());
        // demand_reach (V144): the grids above the moved one change, the moved grid and those below it stay
        List<Long> before = above(moved.oldPath());
        List<Long> after = above(moved.newPath());
        List<Long> gone = before.stream().filter(g -> !after.contains(g)).toList();
        List<Long> added = after.stream().filter(g -> !before.contains(g)).toList();
        String moving = moved.newPath() + "%";
        if (!gone.isEmpty()) {
            jdbc.sql("""
                    delete from demand_reach where grid_id in (:gone)
                       and demand_id in (select d.id from demand d where d.grid_path like :moving)""")
                    .param("gone", gone).param("moving", moving).update();
        }
        for (long g : added) {
            jdbc.sql("""
                    insert into demand_reach (grid_id, submitted_at, demand_id)
                    select :grid, d.submitted_at, d.id from demand d where d.grid_path like :moving""")
                    .param("grid", g).param("moving", moving).update();
        }
    }

    /** The grids above the last one of a path. */
    private static List<Long> above(String path) {
        List<Long> ids = DemandRepository.gridsOf(path);
        return ids.isEmpty() ? ids : ids.subList(0, ids.size() - 1);
    }
}
