package io.gridwork.open311;

import io.gridwork.shared.security.GridworkUser;

/** What other modules (the demo) may ask of the Open311 module. */
public interface Open311Api {

    /** True when any key was ever issued. */
    boolean anyKeys();

    /**
     * Issues a key for a client system, scoped to a street or community (its CJ/T 349 code); the key is
     * in clear in the answer only.
     */
    IssuedKey issueKey(String name, String jurisdictionCode, Integer perMinute, GridworkUser by);

    record IssuedKey(long id, String key) {
    }
}
