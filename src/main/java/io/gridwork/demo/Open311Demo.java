package io.gridwork.demo;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.stereotype.Component;

import io.gridwork.open311.Open311Api;
import io.gridwork.shared.security.GridworkUser;

/**
 * Issues one Open311 key for the demo street's 12345 platform when the demo is on and no key exists yet,
 * and prints it once in the log like the demo accounts (it is never stored in clear).
 */
@Component
class Open311Demo {

    private static final Logger log = LoggerFactory.getLogger(Open311Demo.class);

    private final Open311Api open311;
    private final UserDetailsService users;
    private final JdbcClient jdbc;
    private final boolean enabled;
    private final int port;

    Open311Demo(Open311Api open311, UserDetailsService users, JdbcClient jdbc,
            @Value("${gridwork.demo.enabled:true}") boolean enabled, @Value("${server.port:8080}") int port) {
        this.open311 = open311;
        this.users = users;
        this.jdbc = jdbc;
        this.enabled = enabled;
        this.port = port;
    }

    @EventListener(DemoStart.class)
    @Order(140)
    void issueDemoKey() {
        if (!enabled || open311.anyKeys()) {
            return;
        }
        var street = jdbc.sql("select code from v_grid_node where name = '学府街道'").query(String.class).optional();
        if (street.isEmpty()) {
            return;
        }
        GridworkUser admin;
        try {
            admin = (GridworkUser) users.loadUserByUsername("admin");
        } catch (RuntimeException e) {
            return;
        }
        var issued = open311.issueKey("成华区 12345 平台（演示）", street.get(), null, admin);
        log.info("""

                Open311 GeoReport v2 demo key (学府街道 {}), shown this once:
                  {}
                  e.g. curl 'http://localhost:{}/open311/v2/services.json?jurisdiction_id={}'
                """, street.get(), issued.key(), port, street.get());
    }
}
