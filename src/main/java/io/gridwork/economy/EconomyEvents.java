package io.gridwork.economy;

import java.time.Instant;
import java.util.List;

/** What the community economy publishes for other modules (notify turns these into inbox messages). */
public final class EconomyEvents {

    private EconomyEvents() {
    }

    /** An organiser cancelled an activity; {@code accountIds}: the accounts of everyone its active sign-ups name. */
    public record ActivityCancelled(long activityId, String title, Instant startsAt, String place, String reason,
            List<Long> accountIds) {
    }

    /**
     * An organiser moved an activity (its time or place changed); {@code accountIds} as above. {@code version} tells
     * one change from the next, so that each reaches the inbox once.
     */
    public record ActivityMoved(long activityId, String title, Instant startsAt, Instant endsAt, String place, long version,
            List<Long> accountIds) {
    }
}
