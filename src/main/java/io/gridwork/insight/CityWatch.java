package io.gridwork.insight;

import java.time.LocalDate;
import java.util.List;

/**
 * Routine work (五寻常) and the three city-wide problems (文明养犬, 高空抛物, 电瓶车进电梯) of a grid over a period. The
 * problems are the demand categories marked city focus ({@code DOGS}, {@code THROWN_OBJECTS}, {@code EBIKE_IN_LIFT}):
 * {@code received} counts their demands received in the period (the measures rollup, as the dashboard's categories),
 * {@code open} the demands of the category open now (the inbox's own count); the devices that watch two of them
 * (high-altitude cameras, lift e-bike detectors) add their incidents of the period ({@code incidents}, null for a problem
 * no device watches).
 */
public record CityWatch(Dashboard.Grid grid, LocalDate from, LocalDate to, List<Dashboard.Count> routine, long routineTotal,
        List<ChildRoutine> routineByChild, List<Problem> problems) {

    /** A child grid's routine work in the period. */
    public record ChildRoutine(Dashboard.Grid grid, long total) {
    }

    /** One of the three problems: its figures, its monthly trend (six months ending with the period) and per child grid. */
    public record Problem(String category, String label, String deviceType, String eventType, long received, long open,
            Long incidents, List<Point> monthly, List<ChildProblem> children) {
    }

    /** A month of a problem's trend. */
    public record Point(String label, LocalDate from, LocalDate to, long received, Long incidents) {
    }

    /** A child grid's figures of a problem. */
    public record ChildProblem(Dashboard.Grid grid, long received, Long incidents) {
    }
}
