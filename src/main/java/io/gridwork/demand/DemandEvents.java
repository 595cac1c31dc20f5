package io.gridwork.demand;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Events of the demand module. Each carries what a notifier needs: the demand, where it is
 * (grid path, micro-grid, community), the reporter's account, and the parties concerned.
 */
public final class DemandEvents {

    private DemandEvents() {
    }

    /** Where a demand is and whom it concerns. */
    public record Audience(long demandId, String refNo, long communityId, Long microGridId, String gridPath,
            Long reporterAccountId, Set<Party> parties, String categoryCode) {
    }

    /** A new demand: its micro-grid's workers must hear. */
    public record DemandSubmitted(Audience audience, Channel channel, Instant at) {
    }

    /**
     * New demands, announced together shortly after their own transactions committed (in submission order, at
     * most a batch at a time): one publication for many demands, instead of one per request.
     */
    public record DemandsSubmitted(List<DemandSubmitted> demands) {
    }

    public record DemandAccepted(Audience audience, Grade grade, Instant respondDueAt, Instant resolveDueAt) {
    }

    public record DemandRejected(Audience audience, String reason, Long mergedIntoId) {
    }

    /** Dispatched (or re-routed) to parties: the newly added parties must hear. */
    public record DemandDispatched(Audience audience, Set<Party> added, String note) {
    }

    /** The handler told the resident the measures and the (binding) deadline. */
    public record DemandPlanned(Audience audience, String measures, Instant deadline) {
    }

    /** Resolved: the reporter must hear, with a link to confirm and rate. */
    public record DemandResolved(Audience audience, boolean onTheSpot, Instant at) {
    }

    public record DemandClosed(Audience audience, boolean confirmedByResident, Instant at) {
    }

    public record DemandReopened(Audience audience, String comment) {
    }

    public record DemandRated(Audience audience, int rating) {
    }

    /** Yellow (80% of a limit) or red (overdue): the supervisor must hear. */
    public record DeadlineReached(Audience audience, String phase, String colour, Instant dueAt) {
    }

    /** Red too long: raised to the next grid level, then the street. */
    public record DemandEscalated(Audience audience, int level, long toGridId) {
    }

    /** A supervision notice (督办) was sent to the responsible parties. */
    public record DemandSupervised(Audience audience, String by, String note) {
    }

    /** Closed demands left unrated get one reminder. */
    public record RatingReminder(Audience audience) {
    }
}
