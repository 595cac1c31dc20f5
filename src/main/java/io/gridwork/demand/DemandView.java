package io.gridwork.demand;

import java.time.Instant;
import java.util.List;

/** A demand as its viewer may see it (the reporter's name is hidden from other residents when anonymous). */
public record DemandView(long id, String refNo, DemandStatus status, Grade grade, String categoryCode, String description,
        Channel channel, long communityId, Long microGridId, Long buildingId, Long unitId, Long householdId,
        String place, String reporterName, String contactPhoneMasked, boolean anonymous, Instant submittedAt,
        Instant respondDueAt, Instant respondedAt, Instant resolveDueAt, boolean deadlineBinding, String measures,
        String holdReason, Instant resolvedAt, boolean handledOnSpot, Instant closedAt, Integer rating,
        String ratingComment, int reopenCount, Long mergedIntoId, int escalationLevel, int supervisedCount,
        Colour colour, List<PartyAssignment> assignments, List<TimelineEntry> timeline, boolean reporterUnverified) {

    /** Supervision colour of the running time limit. */
    public enum Colour {
        NONE, GREEN, YELLOW, RED;

        /**
         * The colour of a demand's running limit at {@code now}: none when it is finished or on hold; the response limit
         * until it is answered, then the resolution limit; red once past the limit, yellow from its warning time on.
         */
        public static Colour at(DemandStatus status, Instant respondYellow, Instant respondDue, Instant responded,
                Instant resolveYellow, Instant resolveDue, Instant now) {
            if (!status.isOpen() || status == DemandStatus.ON_HOLD) {
                return NONE;
            }
            Instant yellow = responded == null ? respondYellow : resolveYellow;
            Instant due = responded == null ? respondDue : resolveDue;
            if (due == null) {
                return GREEN;
            }
            if (now.isAfter(due)) {
                return RED;
            }
            return yellow != null && !now.isBefore(yellow) ? YELLOW : GREEN;
        }
    }

    /**
     * The demands behind a figure of the measures, as the measures module counts them; a period then bounds the time the
     * figure counts a demand on: RECEIVED (not rejected) and RESOLVED by submission, RESPOND_DUE / RESPOND_LATE by the
     * response limit, RESOLVE_DUE / RESOLVE_LATE by the resolution limit (limits answered or passed), RATED /
     * UNSATISFIED (under 4 stars) by the rating.
     */
    public enum Measure { RECEIVED, RESOLVED, RESPOND_DUE, RESPOND_LATE, RESOLVE_DUE, RESOLVE_LATE, RATED, UNSATISFIED }

    /** One responsible party's share of the work. */
    public record PartyAssignment(long id, Party party, String status, String measures, String note, Instant createdAt,
            Instant startedAt, Instant doneAt, String withdrawnReason) {
    }

    /** One step: who, when, what, note. */
    public record TimelineEntry(Instant at, String actor, String action, DemandStatus from, DemandStatus to, String note) {
    }
}
