package io.gridwork.deliberation;

import java.time.Instant;
import java.util.List;

/** Events of the deliberation module. */
public final class DeliberationEvents {

    private DeliberationEvents() {
    }

    /** Accounts were invited to a meeting (published in the invitation's transaction). */
    public record MeetingInvited(long meetingId, String title, Instant startsAt, String place, List<Long> accountIds) {
    }
}
