package io.gridwork.campaign;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/** Events of the campaign module: what other modules (notifications, the rectification list) need. */
public final class CampaignEvents {

    private CampaignEvents() {
    }

    /**
     * A campaign was dispatched. Every account in {@code recipientAccountIds} (the workers and leaders of
     * the target grids, and volunteers added to it) must hear; {@code emergency} ones at once, even in
     * quiet hours.
     */
    public record CampaignDispatched(long campaignId, String title, String kind, boolean emergency,
            long communityId, List<String> targetGridPaths, Set<Long> recipientAccountIds, Instant startsAt,
            Instant deadline, Instant at) {
    }

    /**
     * A hazard was found during a visit; it becomes an item of the rectification list (整治清单).
     * {@code sourceKey} is unique per hazard ({@code campaign:<id>:visit:<id>:<field>}) so that a listener
     * can absorb a redelivery. {@code photoIds} are visit photos served by the campaign module at
     * {@code /campaigns/photos/{id}} (and {@code /campaigns/photos/{id}/thumb}).
     */
    public record HazardFound(String sourceKey, long campaignId, long visitId, long communityId, Long householdId,
            Long buildingId, Long microGridId, String gridPath, String title, String detail, List<Long> photoIds,
            long recordedByAccountId, Instant at) {
    }
}
