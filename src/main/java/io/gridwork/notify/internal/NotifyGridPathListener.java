package io.gridwork.notify.internal;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.gridwork.grid.GridRepathed;
import io.gridwork.shared.persistence.GridPaths;

/** Keeps this module's copies of grid paths right when a grid moves (inside the moving transaction). */
@Component
class NotifyGridPathListener {

    private final JdbcClient jdbc;

    NotifyGridPathListener(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventListener
    void on(GridRepathed moved) {
        GridPaths.repath(jdbc, "notify_audience", "grid_path", moved.oldPath(), moved.newPath());
    }
}
