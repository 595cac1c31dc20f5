package io.gridwork.lists.internal;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.gridwork.grid.GridRepathed;
import io.gridwork.shared.persistence.GridPaths;

/**
 * Keeps this module's copies of grid paths right when a grid moves (inside the moving transaction), and the
 * rectification counts of the grids above it.
 */
@Component
class ListsGridPathListener {

    private final JdbcClient jdbc;
    private final RectificationRollup rectifications;

    ListsGridPathListener(JdbcClient jdbc, RectificationRollup rectifications) {
        this.jdbc = jdbc;
        this.rectifications = rectifications;
    }

    @EventListener
    void on(GridRepathed moved) {
        GridPaths.repath(jdbc, "routine_entry", "grid_path", moved.oldPath(), moved.newPath());
        GridPaths.repath(jdbc, "need_item", "grid_path", moved.oldPath(), moved.newPath());
        GridPaths.repath(jdbc, "resource_item", "grid_path", moved.oldPath(), moved.newPath());
        GridPaths.repath(jdbc, "rectification_item", "grid_path", moved.oldPath(), moved.newPath());
        rectifications.moved(moved.gridId(), moved.oldPath(), moved.newPath());
    }
}
