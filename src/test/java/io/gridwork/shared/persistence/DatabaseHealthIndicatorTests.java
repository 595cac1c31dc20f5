package io.gridwork.shared.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.net.ServerSocket;
import java.sql.SQLException;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Status;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.TransactionSystemException;

import com.zaxxer.hikari.HikariDataSource;

import io.gridwork.support.GridworkTest;

@GridworkTest
class DatabaseHealthIndicatorTests {

    @Autowired
    MockMvc mvc;

    @Test
    void healthIsUpWithTheDatabase() throws Exception {
        mvc.perform(get("/actuator/health")).andExpect(status().isOk()).andExpect(jsonPath("$.status").value("UP"));
    }

    @Test
    void healthIsDownWithinSecondsWhenNoConnectionCanBeHad() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (HikariDataSource unreachable = new HikariDataSource()) {
            unreachable.setJdbcUrl("jdbc:postgresql://127.0.0.1:" + closedPort + "/none");
            unreachable.setConnectionTimeout(1000);
            unreachable.setInitializationFailTimeout(-1);
            DatabaseHealthIndicator indicator = new DatabaseHealthIndicator(unreachable, Duration.ofSeconds(1));

            long start = System.nanoTime();
            var health = indicator.health();

            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void anOutageIsRecognisedThroughItsCauses() {
        assertThat(DatabaseOutage.isCause(new CannotGetJdbcConnectionException("no connection"))).isTrue();
        assertThat(DatabaseOutage.isCause(new RuntimeException(new SQLException("terminating connection due to administrator command", "57P01"))))
                .isTrue();
        assertThat(DatabaseOutage.isCause(new RuntimeException(new SQLException("I/O error", "08006")))).isTrue();
        // a commit cut off by the shutdown, then a rollback on the connection Hikari closed
        assertThat(DatabaseOutage.isCause(new TransactionSystemException("JDBC rollback failed", new SQLException("Connection is closed"))))
                .isTrue();
        TransactionSystemException overriding = new TransactionSystemException("rollback failed", new IllegalStateException("x"));
        assertThat(DatabaseOutage.isCause(overriding)).isFalse();
        overriding.initApplicationException(new DataAccessResourceFailureException("statement",
                new SQLException("terminating connection due to administrator command", "57P01")));
        assertThat(DatabaseOutage.isCause(overriding)).isTrue();
        assertThat(DatabaseOutage.isCause(new DataIntegrityViolationException("duplicate", new SQLException("dup", "23505")))).isFalse();
        assertThat(DatabaseOutage.isCause(new IllegalStateException("bug"))).isFalse();
    }
}
