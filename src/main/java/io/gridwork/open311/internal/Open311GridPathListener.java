package io.gridwork.open311.internal;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.gridwork.grid.GridRepathed;
import io.gridwork.shared.persistence.GridPaths;

/** Keeps this module's copies of grid paths right when a grid moves (inside the moving transaction). */
@Component
class Open311GridPathListener {

    private final JdbcClient jdbc;

    Open311GridPathListener(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventListener
    void on(GridRepathed moved) {
        GridPaths.repath(jdbc, "open311_api_key", "jurisdiction_path", moved.oldPath(), moved.newPath());
    }
}
