package io.gridwork.people.internal;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.gridwork.grid.GridCountsChanged;
import io.gridwork.grid.GridMoved;
import io.gridwork.grid.GridRepathed;
import io.gridwork.grid.GridRuleChanged;

/**
 * Keeps the grid tree's rollup exact when the grid module changes what it counts: synchronous
 * listeners, so the rollup changes in the same transaction as the grids, buildings and households.
 */
@Component
class GridRollupListener {

    private final GridRollup rollup;

    GridRollupListener(GridRollup rollup) {
        this.rollup = rollup;
    }

    @EventListener
    void on(GridCountsChanged e) {
        rollup.refresh(e.gridIds());
    }

    @EventListener
    void on(GridMoved e) {
        rollup.refresh(e.fromMicroGridId() == null ? java.util.Set.of(e.toMicroGridId())
                : java.util.Set.of(e.fromMicroGridId(), e.toMicroGridId()));
    }

    @EventListener
    void on(GridRepathed e) {
        rollup.repath(e.gridId(), e.oldPath(), e.newPath());
    }

    @EventListener
    void on(GridRuleChanged e) {
        rollup.refreshBelow(e.gridId());
    }
}
