package io.gridwork.deliberation.internal;

import java.time.Instant;
import java.util.Map;

import io.gridwork.shared.web.ProblemException;

/**
 * Following something to completion, as decisions and renovation projects are: {@code OPEN → IN_PROGRESS → DONE}
 * with dated updates, each with a note and the progress in percent; DONE takes a closing note and is final.
 */
public final class Follow {

    public enum Status { OPEN, IN_PROGRESS, DONE }

    /** A dated update as listed. */
    public record Update(Status status, int progress, String note, long by, String byName, Instant at) {
    }

    /** A checked update: the new status, progress and note. */
    record Change(Status status, int progress, String note) {
    }

    private Follow() {
    }

    /**
     * Checks an update: the status is IN_PROGRESS or DONE (null keeps going: IN_PROGRESS), the progress from 0 to 100
     * (null keeps the current one; DONE is 100), a note is required (the closing note when DONE).
     */
    static Change check(String status, Integer progress, String note, Status current, int currentProgress) {
        if (current == Status.DONE) {
            throw ProblemException.conflict("delib-already-done", "this is done; its closing note is final");
        }
        Status s;
        try {
            s = status == null || status.isBlank() ? Status.IN_PROGRESS : Status.valueOf(status.strip());
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("delib-invalid-status", "status is IN_PROGRESS or DONE", Map.of("field", "status"));
        }
        if (s == Status.OPEN) {
            throw ProblemException.badRequest("delib-invalid-status", "status is IN_PROGRESS or DONE", Map.of("field", "status"));
        }
        if (progress != null && (progress < 0 || progress > 100)) {
            throw ProblemException.badRequest("delib-invalid-progress", "progress from 0 to 100", Map.of("field", "progress"));
        }
        String n = Reach.text(note, 2000, "note", true);
        int p = s == Status.DONE ? 100 : progress == null ? currentProgress : progress;
        return new Change(s, p, n);
    }
}
