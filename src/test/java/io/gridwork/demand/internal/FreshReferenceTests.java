package io.gridwork.demand.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** A new demand whose random reference number was taken is taken in again, but not inside a caller's transaction. */
class FreshReferenceTests {

    @AfterEach
    void clear() {
        TransactionSynchronizationManager.setActualTransactionActive(false);
    }

    @Test
    void aTakenReferenceIsDrawnAgainUpToThreeTimes() {
        AtomicInteger attempts = new AtomicInteger();
        assertThat(DemandService.freshReference(() -> {
            if (attempts.incrementAndGet() < DemandService.REFERENCE_ATTEMPTS) {
                throw new DuplicateKeyException("ref_no taken");
            }
            return "GW261206-ABCDEF";
        })).isEqualTo("GW261206-ABCDEF");
        assertThat(attempts).hasValue(DemandService.REFERENCE_ATTEMPTS);

        AtomicInteger always = new AtomicInteger();
        assertThatThrownBy(() -> DemandService.freshReference(() -> {
            always.incrementAndGet();
            throw new DuplicateKeyException("taken every time");
        })).isInstanceOf(DuplicateKeyException.class);
        assertThat(always).hasValue(DemandService.REFERENCE_ATTEMPTS);
    }

    @Test
    void insideACallersTransactionTheDuplicateIsTheCallers() {
        TransactionSynchronizationManager.setActualTransactionActive(true);
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> DemandService.freshReference(() -> {
            attempts.incrementAndGet();
            throw new DuplicateKeyException("ref_no taken");
        })).isInstanceOf(DuplicateKeyException.class);
        assertThat(attempts).hasValue(1);
    }
}
