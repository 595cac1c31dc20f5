package io.gridwork.grid;

/**
 * The micro-grid rule (户数与网格员配置) that a street or district sets for the micro-grids below it;
 * the nearest setting up the tree applies, else {@link #DEFAULT}. Shown as warnings, never enforced.
 */
public record GridRule(int minHouseholds, int maxHouseholds, int leaders, int minWorkers, int maxWorkers) {

    /** 50–100 households, one leader, two or three workers (domain.md). */
    public static final GridRule DEFAULT = new GridRule(50, 100, 1, 2, 3);
}
