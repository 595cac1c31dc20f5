package io.gridwork.demand.internal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Service;

import io.gridwork.demand.CategoryView;
import io.gridwork.demand.Channel;
import io.gridwork.demand.DemandApi;
import io.gridwork.demand.DemandView;

@Service
class DemandFacade implements DemandApi {

    private final DemandQueries queries;
    private final DemandPolicies policies;
    private final DemandService service;
    private final DemandIntegrationQueries integration;

    DemandFacade(DemandQueries queries, DemandPolicies policies, DemandService service,
            DemandIntegrationQueries integration) {
        this.queries = queries;
        this.policies = policies;
        this.service = service;
        this.integration = integration;
    }

    @Override
    public Optional<DemandView> find(long id) {
        return queries.find(id);
    }

    @Override
    public List<CategoryView> categories(long communityId) {
        return policies.categories(communityId);
    }

    @Override
    public long submitExternal(ExternalSubmission submission) {
        return service.submitExternal(submission);
    }

    @Override
    public List<Digest> digests(DigestQuery query) {
        return integration.digests(query);
    }

    @Override
    public List<Step> steps(String gridPath, Channel onlyChannel, Instant from, Instant to, int limit) {
        return integration.steps(gridPath, onlyChannel, from, to, limit);
    }
}
