package io.gridwork.demand.web;

import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import io.gridwork.demand.internal.DemandService;
import io.gridwork.shared.security.GridworkUser;

/**
 * Submissions (the API and the resident's form) write at most {@code gridwork.demand.intake-writers}
 * (default 8) at once on an instance, first come first served. Without it, 32 concurrent submissions and
 * the event listeners they start took the ten pooled connections in no order: the median was fine, but
 * some requests waited seconds for a connection (p99 1.1 s against 0.2–0.3 s with the gate, at the same
 * or better throughput; docs/benchmarks.md). The request body is read before the gate, so a slow upload
 * holds no permit.
 */
@Component
class IntakeGate {

    private final DemandService service;
    private final Semaphore permits;

    IntakeGate(DemandService service, @Value("${gridwork.demand.intake-writers:8}") int writers) {
        this.service = service;
        this.permits = new Semaphore(Math.max(1, writers), true);
    }

    /** Runs the work when a permit is free. */
    private <T> T gated(Supplier<T> work) {
        permits.acquireUninterruptibly();
        try {
            return work.get();
        } finally {
            permits.release();
        }
    }

    /** Submits when a permit is free (once per idempotency key: {@link DemandService#submit}). */
    DemandService.Submitted submit(DemandService.Submission s, GridworkUser user, String key) {
        return gated(() -> service.submit(s, user, key));
    }
}
