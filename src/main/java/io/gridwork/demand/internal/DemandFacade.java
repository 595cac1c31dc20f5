package io.gridwork.demand.internal;

import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Service;

import io.gridwork.demand.CategoryView;
import io.gridwork.demand.DemandApi;
import io.gridwork.demand.DemandView;

@Service
class DemandFacade implements DemandApi {

    private final DemandQueries queries;
    private final DemandPolicies policies;

    DemandFacade(DemandQueries queries, DemandPolicies policies) {
        this.queries = queries;
        this.policies = policies;
    }

    @Override
    public Optional<DemandView> find(long id) {
        return queries.find(id);
    }

    @Override
    public List<CategoryView> categories(long communityId) {
        return policies.categories(communityId);
    }
}
