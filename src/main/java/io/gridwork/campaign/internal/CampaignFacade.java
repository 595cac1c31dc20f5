package io.gridwork.campaign.internal;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import io.gridwork.campaign.CampaignApi;
import io.gridwork.shared.security.GridworkUser;

@Service
class CampaignFacade implements CampaignApi {

    private final CampaignService service;
    private final CampaignVisits visits;
    private final JdbcClient jdbc;
    private final CampaignHandOvers handOvers;
    private final CampaignPhotos photos;
    private final CoverageSums running;

    CampaignFacade(CampaignService service, CampaignVisits visits, JdbcClient jdbc, CampaignHandOvers handOvers,
            CampaignPhotos photos, CoverageSums running) {
        this.running = running;
        this.handOvers = handOvers;
        this.photos = photos;
        this.service = service;
        this.visits = visits;
        this.jdbc = jdbc;
    }

    @Override
    public boolean anyCampaigns() {
        return jdbc.sql("select count(*) from campaign").query(Long.class).single() > 0;
    }

    @Override
    public long create(String title, String kind, List<Long> gridIds, String template, Instant startsAt, Instant deadline,
            boolean dispatch, GridworkUser organiser) {
        return service.create(new CampaignService.NewCampaign(title, kind, gridIds, null, null, template, null, startsAt,
                deadline, dispatch), organiser, Locale.SIMPLIFIED_CHINESE).id();
    }

    @Override
    public void recordVisit(long campaignId, String clientId, long householdId, String outcome, Map<String, Object> answers,
            Instant visitedAt, GridworkUser visitor) {
        visits.record(campaignId, new CampaignVisits.VisitRequest(clientId, householdId, outcome, answers, null, visitedAt),
                visitor);
    }

    @Override
    public List<Long> households(long campaignId) {
        return jdbc.sql("select household_id from campaign_household where campaign_id = ? order by household_id")
                .param(campaignId).query(Long.class).list();
    }

    @Override
    public void finish(long campaignId, GridworkUser organiser) {
        service.finish(campaignId, organiser);
    }

    @Override
    public int handOver(java.util.Collection<Long> fromAccountIds, long toAccountId, Long toPersonId, String gridPath) {
        return handOvers.handOver(fromAccountIds, toAccountId, toPersonId, gridPath);
    }

    @Override
    public java.util.Optional<PhotoContent> visitPhoto(long photoId, boolean thumbnail) {
        return photos.openChecked(photoId, thumbnail).map(c -> new PhotoContent(c.stream(), c.etag()));
    }

    @Override
    public List<Long> runningCampaignsOf(long accountId, String gridPath) {
        return handOvers.running(List.of(accountId), gridPath, false);
    }

    @Override
    public List<RunningCoverage> runningCoverage(String gridPath) {
        return running.under(gridPath);
    }

    @Override
    public java.util.Map<Long, Long> visitsRecordedBy(java.util.Collection<Long> accountIds, java.time.Instant from,
            java.time.Instant to) {
        java.util.Map<Long, Long> out = new java.util.HashMap<>();
        if (accountIds.isEmpty()) {
            return out;
        }
        jdbc.sql("""
                select recorded_by, count(*) from campaign_visit
                where recorded_by in (:ids) and visited_at >= :from and visited_at < :to
                group by recorded_by""")
                .param("ids", accountIds).param("from", java.sql.Timestamp.from(from)).param("to", java.sql.Timestamp.from(to))
                .query((rs, n) -> out.put(rs.getLong(1), rs.getLong(2))).list();
        return out;
    }

    @Override
    public List<GridCoverage> coverageByGrid(long campaignId, String gridPath) {
        // the counter rows of the subtree: one per micro-grid (or grid holding households) of the campaign
        return jdbc.sql("""
                select grid_id, grid_path, in_scope, done + refused + vacant, not_home, hazards from campaign_coverage
                 where campaign_id = ? and grid_path >= ? and grid_path < ? order by grid_path""")
                .params(campaignId, gridPath, CampaignQueries.upper(gridPath))
                .query((rs, i) -> new GridCoverage(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                        rs.getLong(6)))
                .list();
    }

    @Override
    public List<StartedCoverage> coverageOfCampaignsStarted(String gridPath, java.time.Instant from, java.time.Instant to) {
        return jdbc.sql("""
                select c.id, c.title, c.starts_at, v.grid_path, v.in_scope, v.done + v.refused + v.vacant
                  from campaign c join campaign_coverage v on v.campaign_id = c.id
                 where c.status <> 'DRAFT' and c.starts_at >= ? and c.starts_at < ? and v.grid_path >= ? and v.grid_path < ?
                 order by c.starts_at, c.id, v.grid_path""")
                .params(java.sql.Timestamp.from(from), java.sql.Timestamp.from(to), gridPath, CampaignQueries.upper(gridPath))
                .query((rs, i) -> new StartedCoverage(rs.getLong(1), rs.getString(2), rs.getTimestamp(3).toInstant(),
                        rs.getString(4), rs.getLong(5), rs.getLong(6)))
                .list();
    }
}
