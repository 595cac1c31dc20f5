package io.gridwork.lists.web;

import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

import io.gridwork.demand.DemandApi;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.web.ProblemException;

/** A demand named on a page by its reference number (GW…), found within the viewer's grids. */
@Component
class DemandRefs {

    private final DemandApi demands;

    DemandRefs(DemandApi demands) {
        this.demands = demands;
    }

    /** The demand's id, null for a blank reference; an unknown one or one out of reach is an unknown demand (400). */
    Long idOf(String refNo, GridworkUser user) {
        if (refNo == null || refNo.isBlank()) {
            return null;
        }
        String ref = refNo.strip().toUpperCase(java.util.Locale.ROOT);
        List<String> paths = user.isAdmin() ? List.of("/") : user.scopePaths();
        for (String path : paths) {
            var found = demands.digests(new DemandApi.DigestQuery(path, List.of(ref), null, null, null, null, null, 1));
            if (!found.isEmpty()) {
                return found.get(0).id();
            }
        }
        throw ProblemException.badRequest("unknown-demand", "demand " + ref + " not found", Map.of("field", "demandId"));
    }
}
