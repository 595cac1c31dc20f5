/**
 * Residents' demands (诉求): intake from the resident's form, the unit QR code and staff entry;
 * grading and time limits on natural or working hours; routing to the micro-grid and dispatch to
 * the responsible parties; a timeline of every step; daily supervision with yellow and red, 督办 and
 * escalation; and closing the loop with the resident's confirmation and rating.
 * {@link io.gridwork.demand.DemandApi} is the facade; the events in this package say who must hear what.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Demand")
package io.gridwork.demand;
