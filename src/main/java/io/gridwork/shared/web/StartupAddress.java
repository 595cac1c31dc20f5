package io.gridwork.shared.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Says where Gridwork answers, last of all at start-up (after the demo's accounts), and warns when no public address
 * is configured: QR posters and links in messages then point at this machine.
 */
@Component
class StartupAddress {

    private static final Logger log = LoggerFactory.getLogger(StartupAddress.class);

    private final String publicBaseUrl;
    private final String contextPath;

    StartupAddress(@Value("${gridwork.public-base-url:}") String publicBaseUrl,
            @Value("${server.servlet.context-path:}") String contextPath) {
        this.publicBaseUrl = publicBaseUrl == null ? "" : publicBaseUrl.strip();
        this.contextPath = contextPath == null ? "" : contextPath;
    }

    @EventListener(ApplicationReadyEvent.class)
    @Order(Ordered.LOWEST_PRECEDENCE)
    void ready(ApplicationReadyEvent event) {
        if (!(event.getApplicationContext() instanceof WebServerApplicationContext web) || web.getWebServer() == null) {
            return;
        }
        String local = "http://localhost:" + web.getWebServer().getPort() + contextPath + "/";
        log.info("\n=== Gridwork 已启动，请在浏览器打开 / ready at: {} ===", local);
        if (publicBaseUrl.isEmpty()) {
            log.warn("未设置公开地址 GRIDWORK_PUBLIC_BASE_URL：二维码海报和消息里的链接将指向 {}，居民的手机打不开。"
                    + " / GRIDWORK_PUBLIC_BASE_URL is not set: posters and links point at this machine.", local);
        } else {
            log.info("公开地址 / public address: {}", publicBaseUrl);
        }
    }
}
