package io.gridwork.demand;

import java.util.List;
import java.util.Optional;

/** What other modules may ask of the demand module. */
public interface DemandApi {

    /** A demand without the viewer checks of the web layer (for notifications and integrations). */
    Optional<DemandView> find(long id);

    List<CategoryView> categories(long communityId);
}
