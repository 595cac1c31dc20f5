package io.gridwork.grid;

import java.util.Optional;

/**
 * Lets other modules refuse the retirement of a grid they still use (people: running staff
 * assignments). The grid module asks every guard before retiring; the answer is a problem code.
 */
public interface RetireGuard {

    /** A problem code (e.g. "has-staff") when the grid must not be retired, else empty. */
    Optional<String> refusal(GridNode grid);
}
