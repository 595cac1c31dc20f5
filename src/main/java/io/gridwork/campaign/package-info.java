/**
 * Sweeps and emergency mode (一战备): campaigns over grids, buildings or tagged households with a
 * configurable form, dispatch to every worker and leader of the target grids, volunteers with access
 * for the campaign's duration, household visits recorded from phones (idempotently, through dropped
 * connections), live coverage per grid and the campaign report. Hazards found on visits are published
 * as {@link io.gridwork.campaign.CampaignEvents.HazardFound} for the rectification list.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Campaign")
package io.gridwork.campaign;
