package io.gridwork.campaign.internal;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.gridwork.grid.GridRepathed;
import io.gridwork.shared.persistence.GridPaths;

/** Keeps this module's copies of grid paths right when a grid moves (inside the moving transaction). */
@Component
class CampaignGridPathListener {

    private final JdbcClient jdbc;

    CampaignGridPathListener(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventListener
    void on(GridRepathed moved) {
        GridPaths.repath(jdbc, "campaign", "anchor_path", moved.oldPath(), moved.newPath());
        GridPaths.repath(jdbc, "campaign_target", "grid_path", moved.oldPath(), moved.newPath());
        GridPaths.repath(jdbc, "campaign_household", "grid_path", moved.oldPath(), moved.newPath());
        GridPaths.repath(jdbc, "campaign_coverage", "grid_path", moved.oldPath(), moved.newPath());
        GridPaths.repath(jdbc, "campaign_volunteer", "grid_path", moved.oldPath(), moved.newPath());
    }
}
