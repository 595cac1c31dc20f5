package io.gridwork.access;

import java.util.Optional;

/** What other modules may ask about residents who signed themselves up (居民注册). */
public interface SignupApi {

    /**
     * The unit (and room, when they chose one) a resident gave at sign-up, while the sign-up waits for a
     * worker to link the account to a household in the register. Empty for any other account.
     */
    Optional<SignupPlace> pendingPlaceOf(long accountId);

    /** A unit and optionally a room (household) of it, as the resident gave them. */
    record SignupPlace(long unitId, Long householdId, String room) {
    }
}
