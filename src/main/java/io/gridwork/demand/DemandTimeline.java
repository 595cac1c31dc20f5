package io.gridwork.demand;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The demand module's read view for projections (the measures module): the timeline as a feed of changes,
 * and each demand's current state as far as a projection may read it. Every change of a demand that
 * matters to a projection (state, times, rating, category, place, responsible parties) is committed
 * together with at least one timeline step, so a reader that follows the steps and re-reads the states of
 * their demands misses nothing. Step ids come from one sequence, but a transaction commits its steps when
 * it ends: a step may become visible after steps with higher ids, and a reader must allow for that.
 * Nothing here writes.
 */
public interface DemandTimeline {

    /**
     * The first steps with an id above {@code afterId}, in id order: at most {@code limit}, and fewer (but at least one)
     * when the ids that follow are far apart; none only when there is no such step.
     */
    List<Change> after(long afterId, int limit);

    /** Steps with an id in {@code fromId..toId} (inclusive), in id order, at most {@code limit}. */
    List<Change> within(long fromId, long toId, int limit);

    /** The current state of these demands (unknown ids are left out). */
    List<Snapshot> snapshots(Collection<Long> demandIds);

    /** One timeline step: which demand changed and when the step was recorded. */
    record Change(long id, long demandId, Instant at) {
    }

    /**
     * A demand as a projection sees it. {@code gridPath} is the path of the grid the demand lies in (its
     * micro-grid, else the grid of its place); {@code buildingId} its building (null without one); {@code parties}
     * are those with an assignment not withdrawn. A change of colour (yellow, red) commits with a step of its own
     * (the deadline that fired), so {@link #colourAt} of a fresh snapshot is the demand's colour until its next step.
     */
    record Snapshot(long demandId, DemandStatus status, String categoryCode, String gridPath, Long buildingId,
            Instant submittedAt, Instant respondYellowAt, Instant respondDueAt, Instant respondedAt, Instant resolveYellowAt,
            Instant resolveDueAt, Instant resolvedAt, Integer rating, Instant ratedAt, Set<Party> parties) {

        /** The supervision colour of the running limit at {@code now} (as the inbox shows it). */
        public DemandView.Colour colourAt(Instant now) {
            return DemandView.Colour.at(status, respondYellowAt, respondDueAt, respondedAt, resolveYellowAt, resolveDueAt, now);
        }
    }
}
