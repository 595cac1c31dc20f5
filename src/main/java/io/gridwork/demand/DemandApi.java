package io.gridwork.demand;

import java.util.List;
import java.util.Optional;

/** What other modules may ask of the demand module. */
public interface DemandApi {

    /** A demand without the viewer checks of the web layer (for notifications and integrations). */
    Optional<DemandView> find(long id);

    List<CategoryView> categories(long communityId);

    /**
     * Raises a demand from a device: accepted and dispatched at once, with the report's image (if any)
     * as its report photo. Runs in the caller's transaction.
     */
    long raiseFromDevice(DeviceReport report);

    /** Adds a step to a demand's timeline on behalf of a device (a repeat of the incident it raised). */
    void noteFromDevice(long demandId, String deviceCode, String note);

    /** Checks an image as demand photos are checked (size, pixels, real content); throws a 4xx ProblemException. */
    void checkPhoto(byte[] content, String name);
}
