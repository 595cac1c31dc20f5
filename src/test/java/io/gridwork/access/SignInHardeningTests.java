package io.gridwork.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.authenticated;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.unauthenticated;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import io.gridwork.shared.security.Role;
import io.gridwork.support.GridworkTest;
import jakarta.servlet.http.Cookie;

/** Sign-in and sessions, as probing found them (issue 12): throttle, locks and tokens, anonymous sessions, headers. */
@GridworkTest
class SignInHardeningTests {

    @Autowired
    MockMvc mvc;
    @Autowired
    AccountApi accounts;
    @Autowired
    JdbcClient jdbc;

    private String newAccount() {
        String name = "h-" + UUID.randomUUID().toString().substring(0, 8);
        accounts.createAccount(name, "correct-horse", "加固测试", null, Set.of(Role.MERCHANT), Set.of(), List.of());
        return name;
    }

    /** A client address of its own (TEST-NET-2), so that no other test's failures count against it. */
    private static RequestPostProcessor from(String address) {
        return r -> {
            r.setRemoteAddr(address);
            return r;
        };
    }

    private static String someAddress() {
        return "198.51.100." + ThreadLocalRandom.current().nextInt(1, 255);
    }

    private MvcResult signIn(String address, String user, String password) throws Exception {
        return mvc.perform(post("/login").param("username", user).param("password", password).with(csrf()).with(from(address)))
                .andReturn();
    }

    @Test
    void manyFailedSignInsFromOneAddressAreThrottledWithAMessage() throws Exception {
        String address = "203.0.113." + ThreadLocalRandom.current().nextInt(1, 255);
        String name = newAccount();
        // the test profile allows 30 failures a minute per address (production: 10)
        for (int i = 0; i < 30; i++) {
            assertThat(signIn(address, "nobody-" + UUID.randomUUID(), "guess-" + i).getResponse().getRedirectedUrl())
                    .isEqualTo("/login?error");
        }
        // now even the right password from this address is not tried
        MvcResult refused = signIn(address, name, "correct-horse");
        assertThat(refused.getResponse().getRedirectedUrl()).isEqualTo("/login?throttled");
        mvc.perform(post("/login").param("username", name).param("password", "correct-horse").with(csrf()).with(from(address)))
                .andExpect(unauthenticated());
        assertThat(jdbc.sql("select failed_logins from account where username = ?").param(name).query(Integer.class).single())
                .as("a throttled attempt does not count against the account").isZero();
        mvc.perform(get("/login").param("throttled", "").with(from(address)))
                .andExpect(status().isOk())
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.content()
                        .string(org.hamcrest.Matchers.containsString("id=\"login-throttled\"")));
        // another address signs in as usual
        mvc.perform(post("/login").param("username", name).param("password", "correct-horse").with(csrf())
                .with(from(someAddress()))).andExpect(authenticated().withUsername(name));
    }

    @Test
    void aLockedPasswordSignInLeavesTheAccountsApiTokensWorking() throws Exception {
        String name = newAccount();
        long id = jdbc.sql("select id from account where username = ?").param(name).query(Long.class).single();
        var token = accounts.issueToken(id, "收银机", null);
        String address = someAddress();
        for (int i = 0; i < 5; i++) {
            signIn(address, name, "wrong-" + i);
        }
        assertThat(jdbc.sql("select locked_until from account where username = ?").param(name).query(java.time.Instant.class)
                .single()).isAfter(java.time.Instant.now());
        mvc.perform(post("/login").param("username", name).param("password", "correct-horse").with(csrf())
                .with(from(someAddress()))).andExpect(unauthenticated());
        mvc.perform(get("/api/me").header("Authorization", "Bearer " + token.token()))
                .andExpect(status().isOk()).andExpect(jsonPath("$.username").value(name));
        // disabling the account still ends its tokens
        jdbc.sql("update account set enabled = false, authz_version = authz_version + 1 where id = ?").param(id).update();
        // (tokens are cached per instance for 30 s: a token not yet seen shows the disabled state at once)
        var second = accounts.issueToken(id, "第二台", null);
        mvc.perform(get("/api/me").header("Authorization", "Bearer " + second.token())).andExpect(status().isUnauthorized());
    }

    @Test
    void pagesSayWhatTheyShareAndWhichFeaturesTheyUse() throws Exception {
        mvc.perform(get("/login"))
                .andExpect(header().string("Referrer-Policy", "strict-origin-when-cross-origin"))
                .andExpect(header().string("Permissions-Policy", org.hamcrest.Matchers.allOf(
                        org.hamcrest.Matchers.containsString("geolocation=(self)"),
                        org.hamcrest.Matchers.containsString("camera=(self)"),
                        org.hamcrest.Matchers.containsString("microphone=()"))))
                // the rest as before
                .andExpect(header().string("Content-Security-Policy", org.hamcrest.Matchers.containsString("frame-ancestors 'none'")))
                .andExpect(header().string("X-Content-Type-Options", "nosniff"))
                .andExpect(header().string("X-Frame-Options", "DENY"));
        mvc.perform(get("/api/grid/tree")).andExpect(header().exists("Referrer-Policy")).andExpect(header().exists("Permissions-Policy"));
    }
}
