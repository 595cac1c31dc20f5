package io.gridwork.demo;

import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Starts the demo seeders. By default they run on the main thread once the application is ready, before the web
 * address is printed, so that a test or a first start finds the demo complete. The development run
 * ({@code ./mvnw spring-boot:run}, see the pom) sets {@code gridwork.demo.background=true}: the address is printed as
 * soon as the port is open and the demo is seeded on a thread of its own in the same order, while the sign-in page
 * says that the demo is being prepared; the console says when it is ready.
 */
@Component("demoStatus")
public class DemoLauncher {

    private static final Logger log = LoggerFactory.getLogger(DemoLauncher.class);

    private final ApplicationEventPublisher events;
    private final boolean enabled;
    private final boolean background;
    private final AtomicBoolean preparing = new AtomicBoolean();

    DemoLauncher(ApplicationEventPublisher events, @Value("${gridwork.demo.enabled:true}") boolean enabled,
            @Value("${gridwork.demo.background:false}") boolean background) {
        this.events = events;
        this.enabled = enabled;
        this.background = background;
    }

    /** Whether the demo is still being seeded in the background (the sign-in page says so). */
    public boolean preparing() {
        return preparing.get();
    }

    @EventListener(ApplicationReadyEvent.class)
    @Order(0)
    void ready() {
        if (!enabled) {
            return;
        }
        if (!background) {
            events.publishEvent(new DemoStart());
            return;
        }
        preparing.set(true);
        Thread seeder = new Thread(() -> {
            long start = System.nanoTime();
            try {
                events.publishEvent(new DemoStart());
                log.info("\n=== 演示数据已就绪，可以登录 / demo ready in {} ms ===", (System.nanoTime() - start) / 1_000_000);
            } catch (RuntimeException e) {
                log.error("The demo could not be seeded", e);
            } finally {
                preparing.set(false);
            }
        }, "demo-seeder");
        seeder.start();
        log.info("演示数据正在后台生成，几十秒后即可用演示账号登录 / the demo is being seeded in the background");
    }
}
