package io.gridwork.people;

import java.time.Instant;
import java.util.List;

/** Events of staff recruitment and hand-over (网格员选聘与交接). */
public final class StaffEvents {

    private StaffEvents() {
    }

    /**
     * A staff member left and handed over to a successor: the leaving assignment has ended. Modules that keep
     * work per account (demands, campaigns, groups) move the open items of {@code fromAccountIds} under
     * {@code gridPath} to {@code toAccountId} in their own listener, idempotently, and answer with a
     * {@link HandOverPartDone}.
     */
    public record StaffHandedOver(long handOverId, long fromPersonId, String fromName, long toPersonId, String toName,
            StaffRole role, long gridId, String gridPath, String gridName, List<Long> fromAccountIds, long toAccountId,
            String reason, String actorName, Instant at) {
    }

    /** A module's answer to a hand-over: how many of its items it moved ({@code part}: demands, campaigns, groups). */
    public record HandOverPartDone(long handOverId, String part, int moved) {
    }
}
