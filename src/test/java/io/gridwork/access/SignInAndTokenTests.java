package io.gridwork.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.authenticated;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.unauthenticated;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.MockMvc;

import io.gridwork.shared.security.Role;
import io.gridwork.support.GridworkTest;

@GridworkTest
class SignInAndTokenTests {

    @Autowired
    MockMvc mvc;
    @Autowired
    AccountApi accounts;
    @Autowired
    UserDetailsService users;
    @Autowired
    JdbcClient jdbc;

    private String newAccount() {
        String name = "t-" + UUID.randomUUID().toString().substring(0, 8);
        accounts.createAccount(name, "correct-horse", "测试", null, Set.of(Role.MERCHANT), Set.of(), List.of());
        return name;
    }

    @Test
    void signsInWithTheRightPasswordOnly() throws Exception {
        String name = newAccount();
        mvc.perform(formLogin().user(name).password("wrong-password")).andExpect(unauthenticated());
        mvc.perform(formLogin().user(name).password("correct-horse")).andExpect(authenticated().withUsername(name));
        String hash = jdbc.sql("select password_hash from account where username = ?").param(name).query(String.class).single();
        assertThat(hash).startsWith("{bcrypt}").doesNotContain("correct-horse");
    }

    @Test
    void locksAnAccountAfterFiveFailuresEvenForTheRightPassword() throws Exception {
        String name = newAccount();
        for (int i = 0; i < 5; i++) {
            mvc.perform(formLogin().user(name).password("wrong-" + i)).andExpect(unauthenticated());
        }
        mvc.perform(formLogin().user(name).password("correct-horse")).andExpect(unauthenticated());
        assertThat(jdbc.sql("select locked_until from account where username = ?").param(name).query(Instant.class).single())
                .isAfter(Instant.now().plus(10, ChronoUnit.MINUTES));
    }

    @Test
    void formsWithoutACsrfTokenAreRefused() throws Exception {
        mvc.perform(post("/me/tokens").param("name", "x").with(user(users.loadUserByUsername("merchant"))))
                .andExpect(status().isForbidden());
    }

    @Test
    void apiTokensAuthenticateUntilRevokedOrExpired() throws Exception {
        String name = newAccount();
        long id = jdbc.sql("select id from account where username = ?").param(name).query(Long.class).single();
        var token = accounts.issueToken(id, "集成测试", null);
        mvc.perform(get("/api/me").header("Authorization", "Bearer " + token.token()))
                .andExpect(status().isOk()).andExpect(jsonPath("$.username").value(name));
        assertThat(jdbc.sql("select token_hash from api_token where id = ?").param(token.id()).query(String.class).single())
                .doesNotContain(token.token());

        mvc.perform(delete("/api/tokens/" + token.id()).header("Authorization", "Bearer " + token.token()))
                .andExpect(status().isNoContent());
        mvc.perform(get("/api/me").header("Authorization", "Bearer " + token.token()))
                .andExpect(status().isUnauthorized()).andExpect(jsonPath("$.code").value("invalid-token"));

        var expiring = accounts.issueToken(id, "将过期", Instant.now().plusSeconds(60));
        jdbc.sql("update api_token set expires_at = ? where id = ?")
                .params(java.sql.Timestamp.from(Instant.now().minusSeconds(1)), expiring.id()).update();
        mvc.perform(get("/api/me").header("Authorization", "Bearer " + expiring.token())).andExpect(status().isUnauthorized());
        mvc.perform(get("/api/me").header("Authorization", "Bearer gw_not-a-token")).andExpect(status().isUnauthorized());
    }

    @Test
    void issuesTokensThroughTheApiAndRefusesBadInput() throws Exception {
        var merchant = users.loadUserByUsername("merchant");
        mvc.perform(post("/api/tokens").with(csrf()).with(user(merchant)).contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"收银机\",\"days\":30}"))
                .andExpect(status().isCreated()).andExpect(jsonPath("$.token").value(org.hamcrest.Matchers.startsWith("gw_")));
        mvc.perform(post("/api/tokens").with(csrf()).with(user(merchant)).contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"x\",\"days\":0}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("invalid-days"));
        mvc.perform(get("/api/tokens").with(user(merchant))).andExpect(status().isOk())
                .andExpect(jsonPath("$[0].prefix").exists()).andExpect(jsonPath("$[0].token").doesNotExist());
    }

    @Test
    void unauthenticatedApiCallsGetAProblemAndPagesTheLoginForm() throws Exception {
        mvc.perform(get("/api/grid/tree")).andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.code").value("unauthenticated"));
        mvc.perform(get("/grid")).andExpect(status().is3xxRedirection());
    }
}
