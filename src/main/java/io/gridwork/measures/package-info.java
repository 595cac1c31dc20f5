/**
 * Measures of the demand loop (按时办结率, 4-hour response, 满意率, and demands resolved / received) as a projection of the demand
 * timeline: a folder reads the demands' changes after its cursor in batches, through the demand module's
 * {@link io.gridwork.demand.DemandTimeline}, and keeps a daily rollup per grid (every level), category and
 * party, off the request path. Every figure carries how current it is ({@link io.gridwork.measures.Freshness}).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Measures")
package io.gridwork.measures;
