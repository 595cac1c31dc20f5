package io.gridwork.economy.internal;

import java.util.function.Supplier;

import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs a piece of economy work in one transaction, and again (up to five times) when it lost a race that the
 * database reported as a duplicate key (a concurrent request with the same client key committed first) or a
 * lock failure: the next attempt sees what won and answers from it. Refusals ({@code ProblemException}) roll
 * back and are not retried.
 */
@Component
class Atomically {

    static final int ATTEMPTS = 5;

    private final TransactionTemplate tx;

    Atomically(TransactionTemplate tx) {
        this.tx = tx;
    }

    <T> T run(Supplier<T> work) {
        for (int attempt = 1;; attempt++) {
            try {
                return tx.execute(s -> work.get());
            } catch (DuplicateKeyException | ConcurrencyFailureException e) {
                if (attempt >= ATTEMPTS) {
                    throw e;
                }
                try {
                    Thread.sleep(attempt * 5L);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }
}
