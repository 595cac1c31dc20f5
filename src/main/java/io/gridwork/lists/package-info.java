/**
 * Routine work (五寻常) and the three lists (三清单). Workers log their routine work (information
 * collection, opinion collection, dispute mediation, policy publicity, organising and mobilisation,
 * household visits) against households or grids; it is counted per worker and per grid at every level,
 * and an information-collection entry marks a household's information checked, so that each grid's
 * information-collection list can flag what has gone stale. The needs list (需求清单), the resources list
 * (资源清单) and the rectification list (整治清单) are kept per grid, filtered and exported to Excel; hazards
 * found on sweeps ({@link io.gridwork.campaign.CampaignEvents.HazardFound}) become rectification items,
 * once each. {@link io.gridwork.lists.ListsApi} is the facade (the demo seeds through it).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Routine work and lists")
package io.gridwork.lists;
