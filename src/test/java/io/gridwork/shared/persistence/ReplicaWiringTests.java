package io.gridwork.shared.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.cookie;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.http.MediaType;
import org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import io.gridwork.support.GridworkTest;
import io.gridwork.support.SignedIn;
import io.gridwork.support.TestDatabaseProfiles;
import jakarta.servlet.http.Cookie;

/**
 * The whole application with a replica configured: here the "replica" is the run's own database (on PostgreSQL a
 * server not in recovery, lag 0, so list reads take connections of the replica's pool; on H2 the lag check cannot run
 * and every read goes to the primary). Migrations, sessions, sign-in and the pages work through the wrapped data
 * source; a list read goes to the replica pool, a write sets the read-your-writes cookie and the writer's next list
 * read stays on the primary. {@code ReplicaRoutingTests} proves the routing on a real standby.
 */
@GridworkTest
@TestPropertySource(properties = "gridwork.datasource.replica.url=${spring.datasource.url}")
class ReplicaWiringTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    UserDetailsService accounts;

    @Autowired
    DataSource dataSource;

    @Autowired
    ReplicaRouting routing;

    @Autowired
    @Qualifier("replicaHealthIndicator")
    HealthIndicator health;

    @Test
    void listReadsUseTheReplicaPoolAndAWriterReadsThePrimary() throws Exception {
        assertThat(dataSource).isInstanceOf(LazyConnectionDataSourceProxy.class);
        boolean postgres = "postgres".equals(TestDatabaseProfiles.database());
        ReplicaRouting.State state = routing.check();
        assertThat(state.usable()).isEqualTo(postgres);
        assertThat(health.health().getDetails()).containsEntry("readsToReplica", postgres).containsKey("state");

        long before = routing.replicaConnections();
        mvc.perform(get("/api/demands").param("size", "5").with(SignedIn.as(accounts, "community"))).andExpect(status().isOk());
        mvc.perform(get("/demands").with(SignedIn.as(accounts, "community"))).andExpect(status().isOk());
        long afterLists = routing.replicaConnections();
        if (postgres) {
            assertThat(afterLists).as("list reads on the replica's pool").isGreaterThan(before);
        } else {
            assertThat(afterLists).isEqualTo(before);
        }

        // a write (here one refused as invalid) marks the client; its next list read stays on the primary
        Cookie own = mvc.perform(post("/api/demands").with(SignedIn.as(accounts, "community")).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().is4xxClientError()).andExpect(cookie().exists(ReplicaReadFilter.COOKIE))
                .andReturn().getResponse().getCookie(ReplicaReadFilter.COOKIE);
        routing.check();
        mvc.perform(get("/api/demands").param("size", "5").with(SignedIn.as(accounts, "community")).cookie(own))
                .andExpect(status().isOk());
        assertThat(routing.replicaConnections()).as("the writer's read on the primary").isEqualTo(afterLists);
    }
}
