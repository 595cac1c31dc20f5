package io.gridwork.access.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;

import io.gridwork.grid.GridApi;
import io.gridwork.people.PeopleApi;

/**
 * The per-request account check reads the account row at most once per account and cache period on an instance
 * (issue 17: one statement less per request); a change made on this instance clears it at once; with a period of
 * zero (the tests' setting) every request reads the row.
 */
class AccountStateCacheTests {

    private final DriverManagerDataSource db = new DriverManagerDataSource("jdbc:h2:mem:account-state-cache;DB_CLOSE_DELAY=-1");
    private final JdbcClient jdbc = JdbcClient.create(db);

    @BeforeEach
    void table() {
        jdbc.sql("create table account (id bigint primary key, authz_version bigint, enabled boolean, must_change_password boolean)")
                .update();
        jdbc.sql("insert into account values (1, 1, true, true)").update();
    }

    @AfterEach
    void drop() {
        jdbc.sql("drop table account").update();
    }

    private AccountService service(Duration cache) {
        return new AccountService(jdbc, PasswordEncoderFactories.createDelegatingPasswordEncoder(), mock(GridApi.class),
                mock(PeopleApi.class), mock(AccountAudit.class), 5, 15, cache);
    }

    private void changeInAnotherInstance() {
        jdbc.sql("update account set authz_version = 2, enabled = false, must_change_password = false where id = 1").update();
    }

    @Test
    void aChangeOnAnotherInstanceAppliesWhenThePeriodEndsOneOnThisInstanceAtOnce() throws Exception {
        AccountService accounts = service(Duration.ofMillis(300));
        assertThat(accounts.state(1).orElseThrow()).isEqualTo(new AccountService.State(1, true, true));
        changeInAnotherInstance();
        assertThat(accounts.state(1).orElseThrow().authzVersion()).as("still the cached row").isEqualTo(1);
        Thread.sleep(350);
        assertThat(accounts.state(1).orElseThrow()).isEqualTo(new AccountService.State(2, false, false));

        jdbc.sql("update account set authz_version = 3 where id = 1").update();
        accounts.forgetCachedAccounts();
        assertThat(accounts.state(1).orElseThrow().authzVersion()).as("cleared by a change on this instance").isEqualTo(3);
        assertThat(accounts.state(2)).as("no such account").isEmpty();
    }

    @Test
    void withoutAPeriodEveryRequestReadsTheRow() {
        AccountService accounts = service(Duration.ZERO);
        assertThat(accounts.state(1).orElseThrow().enabled()).isTrue();
        changeInAnotherInstance();
        assertThat(accounts.state(1).orElseThrow().enabled()).isFalse();
    }
}
