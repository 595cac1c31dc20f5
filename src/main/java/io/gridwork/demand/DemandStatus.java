package io.gridwork.demand;

/** The life of a demand. */
public enum DemandStatus {
    SUBMITTED, ACCEPTED, REJECTED, DISPATCHED, IN_PROGRESS, ON_HOLD, RESOLVED, REOPENED, CLOSED, RATED;

    /** Still needs someone to act. */
    public boolean isOpen() {
        return this != REJECTED && this != RESOLVED && this != CLOSED && this != RATED;
    }
}
