package io.gridwork.open311.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.mock.web.MockHttpServletRequest;

import io.gridwork.support.GridworkTest;

/** Open311 answers an unreachable database with 503 in the GeoReport error list, as JSON or XML by the extension. */
@GridworkTest
class Open311OutageTests {

    @Autowired
    Open311Controller controller;

    @Test
    void anUnreachableDatabaseIs503InTheSpecificationsErrorList() {
        var outage = new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection", new SQLTransientConnectionException("timeout"));

        var json = controller.database(outage, new MockHttpServletRequest("POST", "/open311/v2/requests.json"));
        var xml = controller.database(outage, new MockHttpServletRequest("GET", "/open311/v2/services.xml"));

        assertThat(json.getStatusCode().value()).isEqualTo(503);
        assertThat(json.getHeaders().getFirst("Retry-After")).isEqualTo("5");
        assertThat(new String(json.getBody(), StandardCharsets.UTF_8)).startsWith("[{\"code\":503,\"description\":");
        assertThat(xml.getStatusCode().value()).isEqualTo(503);
        assertThat(new String(xml.getBody(), StandardCharsets.UTF_8)).contains("<errors><error><code>503</code>");
    }

    @Test
    void otherDataAccessFailuresAreNotAnOutage() {
        var duplicate = new DuplicateKeyException("duplicate");

        assertThatThrownBy(() -> controller.database(duplicate, new MockHttpServletRequest("GET", "/open311/v2/services.json")))
                .isSameAs(duplicate);
    }
}
