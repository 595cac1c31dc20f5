package io.gridwork.grid;

/**
 * Published synchronously, inside the changing transaction, when a street's or district's micro-grid
 * rule was set or cleared: the rule warnings of every micro-grid below it may change.
 */
public record GridRuleChanged(long gridId) {
}
