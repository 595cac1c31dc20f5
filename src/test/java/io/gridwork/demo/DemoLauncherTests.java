package io.gridwork.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** The demo's seeders run before the address is printed, or, for the development run, on a thread of their own. */
class DemoLauncherTests {

    @Test
    void seedsOnTheCallersThreadByDefault() {
        List<String> threads = new ArrayList<>();
        DemoLauncher launcher = new DemoLauncher(e -> threads.add(Thread.currentThread().getName()), true, false);
        launcher.ready();
        assertThat(threads).containsExactly(Thread.currentThread().getName());
        assertThat(launcher.preparing()).isFalse();
    }

    @Test
    void seedsInTheBackgroundAndSaysSoUntilDone() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        List<String> threads = Collections.synchronizedList(new ArrayList<>());
        DemoLauncher launcher = new DemoLauncher(e -> {
            threads.add(Thread.currentThread().getName());
            try {
                release.await();
            } catch (InterruptedException x) {
                Thread.currentThread().interrupt();
            }
        }, true, true);
        launcher.ready();
        assertThat(launcher.preparing()).as("the sign-in page says the demo is coming").isTrue();
        release.countDown();
        Thread seeder = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("demo-seeder")).findFirst()
                .orElse(null);
        if (seeder != null) { // not found: it has ended
            seeder.join(TimeUnit.SECONDS.toMillis(30));
        }
        assertThat(threads).containsExactly("demo-seeder");
        assertThat(launcher.preparing()).isFalse();
    }

    @Test
    void seedsNothingWhenTheDemoIsOff() {
        List<Object> events = new ArrayList<>();
        DemoLauncher launcher = new DemoLauncher(events::add, false, true);
        launcher.ready();
        assertThat(events).isEmpty();
        assertThat(launcher.preparing()).isFalse();
    }
}
