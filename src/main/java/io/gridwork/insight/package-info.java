/**
 * Insight (issue 16, first parts): the dashboards per grid level and the workbench of the home page. Every figure is
 * read through the other modules' facades: the demand loop's rates from the measures rollup
 * ({@link io.gridwork.measures.MeasuresApi}), 整改率 from the rectification list ({@link io.gridwork.lists.ListsApi}),
 * the demands per state and the workbench's counts from the demand inbox's own count ({@link io.gridwork.demand.DemandApi}),
 * the coverage of running sweeps from the campaign counters ({@link io.gridwork.campaign.CampaignApi}), routine work from
 * the lists module and the incidents of the devices that watch the three city-wide problems ({@link io.gridwork.iot.IotApi}).
 * It also makes the monthly report (PDF, Excel), the wall display and the three problems' tracking view. The evaluation
 * of grid workers (考核评价) reads the workers' positions ({@link io.gridwork.people.PeopleApi}), their accounts
 * ({@link io.gridwork.access.AccountApi}), the measures and their routine work and sweep visits through the same facades,
 * the coverage of the campaigns of their grids ({@link io.gridwork.campaign.CampaignApi}) and the answers to the group
 * tasks of their grids ({@link io.gridwork.notify.GroupsApi}),
 * and keeps only its weights, published months and adjustments ({@code eval_*}).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Insight")
package io.gridwork.insight;
