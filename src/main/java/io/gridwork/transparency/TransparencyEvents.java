package io.gridwork.transparency;

import java.time.Instant;

/** What the transparency module announces to other modules (the inbox). */
public final class TransparencyEvents {

    private TransparencyEvents() {
    }

    /**
     * A quarterly report (kind SERVICE or FINANCE) was published to the compound's owners: approved by the owners committee.
     * {@code gridPath} is the compound's path, for finding its residents.
     */
    public record ReportPublished(long reportId, long compoundId, String compoundName, String gridPath, String kind, int year,
            int quarter, int version, Instant at) {
    }
}
