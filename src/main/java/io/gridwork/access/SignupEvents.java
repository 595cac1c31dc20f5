package io.gridwork.access;

import java.time.Instant;

/** Events of residents' sign-ups. */
public final class SignupEvents {

    private SignupEvents() {
    }

    /** A worker confirmed (linked to a household) or rejected a resident's sign-up. */
    public record SignupDecided(long signupId, long accountId, boolean confirmed, String place, String reason, Instant at) {
    }
}
