package io.gridwork.shared.persistence;

import java.sql.Connection;
import java.time.Duration;

import javax.sql.DataSource;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The {@code db} health component, in place of Spring Boot's (whose {@code Connection.isValid(0)} waits without
 * limit): a pooled connection (at most the pool's connection timeout, a few seconds) checked with
 * {@code isValid(gridwork.database.health-timeout)}. With the database stopped, {@code /actuator/health} is
 * DOWN (503) within the connection timeout, and UP again with the first good connection.
 */
@Component("dbHealthIndicator")
class DatabaseHealthIndicator implements HealthIndicator {

    private final DataSource dataSource;
    private final int timeoutSeconds;

    DatabaseHealthIndicator(DataSource dataSource, @Value("${gridwork.database.health-timeout:2s}") Duration timeout) {
        this.dataSource = dataSource;
        this.timeoutSeconds = (int) Math.max(1, timeout.toSeconds());
    }

    @Override
    public Health health() {
        try (Connection c = dataSource.getConnection()) {
            return c.isValid(timeoutSeconds) ? Health.up().build() : Health.down().withDetail("reason", "connection not valid").build();
        } catch (Exception e) {
            return Health.down(e).build();
        }
    }
}
