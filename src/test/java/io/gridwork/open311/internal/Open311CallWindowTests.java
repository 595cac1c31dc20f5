package io.gridwork.open311.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** The per-minute window behind the key and the public (per address) limits. */
class Open311CallWindowTests {

    @Test
    void aCallerGetsItsLimitPerSlidingMinuteAndOthersAreCountedApart() {
        AtomicLong now = new AtomicLong(1_000_000);
        CallWindow w = new CallWindow(now::get);
        assertThat(w.tryCall("a", 3)).isTrue();
        now.addAndGet(20_000);
        assertThat(w.tryCall("a", 3)).isTrue();
        assertThat(w.tryCall("a", 3)).isTrue();
        assertThat(w.tryCall("a", 3)).isFalse();
        assertThat(w.tryCall("b", 3)).isTrue();
        // a minute after the first call one slot frees; refused calls did not count
        now.addAndGet(40_000);
        assertThat(w.tryCall("a", 3)).isTrue();
        assertThat(w.tryCall("a", 3)).isFalse();
        now.addAndGet(20_000);
        assertThat(w.tryCall("a", 3)).isTrue();
        assertThat(w.tryCall("a", 3)).isTrue();
        assertThat(w.tryCall("a", 3)).isFalse();
    }
}
