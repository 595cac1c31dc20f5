package io.gridwork.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.authenticated;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.unauthenticated;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.test.web.support.WebTestUtils;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.web.context.WebApplicationContext;

import io.gridwork.shared.security.GridworkUser;
import io.gridwork.support.GridworkTest;
import io.gridwork.support.TestPeople;
import jakarta.servlet.http.Cookie;

/**
 * Issue 12, item 16: anonymous requests store no session. A session row is written at a successful sign-in only;
 * the page asked for before signing in is kept in a cookie (a local path, never another site), and the CSRF token
 * lives in a cookie too, still checked on every form and htmx request.
 *
 * <p>These tests use the tokens the pages hand out, not spring-security-test's {@code csrf()}: that post-processor
 * swaps the CSRF filter's repository in the shared context for one kept in the session (and leaves it so for the
 * tests that follow), which is the very thing under test here. Each test puts the application's repository back
 * and restores the swapped one afterwards.
 */
@GridworkTest
class AnonymousSessionTests {

    private static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");
    private static final Pattern CSRF_META = Pattern.compile("<meta name=\"_csrf\" content=\"([^\"]+)\"");
    private static final Pattern CSRF_HEADER = Pattern.compile("<meta name=\"_csrf_header\" content=\"([^\"]+)\"");

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TestPeople people;
    @Autowired
    WebApplicationContext context;
    @Autowired
    ObjectProvider<CsrfTokenRepository> csrfTokens;

    private CsrfTokenRepository swapped;

    @BeforeEach
    void useTheApplicationsCsrfTokens() {
        MockHttpServletRequest request = new MockHttpServletRequest(context.getServletContext());
        swapped = WebTestUtils.getCsrfTokenRepository(request);
        WebTestUtils.setCsrfTokenRepository(request, csrfTokens.getIfAvailable(() -> swapped));
    }

    @AfterEach
    void restoreTheSwappedCsrfTokens() {
        WebTestUtils.setCsrfTokenRepository(new MockHttpServletRequest(context.getServletContext()), swapped);
    }

    // ---- anonymous requests -------------------------------------------------------------------------------

    @Test
    void anonymousRequestsStoreNoSessionAndSetNoSessionCookie() throws Exception {
        long unit = unit();
        long building = jdbc.sql("select building_id from unit where id = ?").param(unit).query(Long.class).single();
        Jar form = loginPage(new Jar());
        List<MockHttpServletRequestBuilder> requests = List.of(
                // protected pages (to the login page), an unknown page, a poster's links
                get("/"), get("/demands/123"), get("/demands"), get("/report?unit=" + unit), get("/report?building=" + building),
                get("/report"), get("/no/such/page"),
                // the public pages: sign-in (with its CSRF token), sign-up, forgotten password
                get("/login"), get("/login?error"), get("/signup?unit=" + unit), get("/signup/rooms?unitId=" + unit),
                get("/password/forgot"),
                // the API's 401s and Open311
                get("/api/me"), get("/api/demands").accept(MediaType.APPLICATION_JSON), get("/api/demands/123"),
                get("/open311/v2/services.json"), get("/open311/v2/requests.json"),
                // forms without a token, with a forged one, a wrong password and a code request with the page's token
                post("/signup/code").param("phone", "13800000000"),
                post("/login").param("username", "x").param("password", "y"),
                post("/login").param("username", "x").param("password", "y").param("_csrf", "forged"),
                form.post("/login").param("username", "no-such-user").param("password", "wrong-password"),
                form.post("/password/forgot/code").param("phone", "13800000000"));
        // from an address of its own: the wrong password and the code request count against it
        String address = "10." + ThreadLocalRandom.current().nextInt(256) + "." + ThreadLocalRandom.current().nextInt(256) + ".7";
        requests.forEach(r -> r.with(request -> {
            request.setRemoteAddr(address);
            return request;
        }));
        long before = sessions();
        int sent = 0;
        for (int round = 0; round < 3; round++) {
            for (MockHttpServletRequestBuilder request : requests) {
                MvcResult r = mvc.perform(request).andReturn();
                String what = r.getRequest().getMethod() + " " + r.getRequest().getRequestURI();
                assertNoSessionCookie(r, what);
                assertThat(r.getResponse().getStatus()).as(what).isLessThan(500);
                sent++;
            }
        }
        assertThat(sent).isGreaterThanOrEqualTo(50);
        assertThat(sessions()).as("session rows after %d anonymous requests", sent).isLessThanOrEqualTo(before);
    }

    // ---- back to the page asked for ---------------------------------------------------------------------

    @Test
    void aPostersLinkLeadsThroughSignInBackToTheUnitAndOnlyTheSignInStoresASession() throws Exception {
        GridworkUser resident = people.freshResident();
        long unit = unit();
        long before = sessions();

        MvcResult asked = mvc.perform(get("/report").param("unit", String.valueOf(unit))).andExpect(redirectedUrl("/login"))
                .andReturn();
        String kept = savedPageCookie(asked);
        Jar jar = loginPage(new Jar().add(asked));
        assertThat(sessions()).isLessThanOrEqualTo(before);

        MvcResult signedIn = mvc.perform(jar.post("/login").param("username", resident.username())
                .param("password", password(resident)))
                .andExpect(authenticated()).andExpect(redirectedUrl("/report?unit=" + unit)).andReturn();
        assertThat(signedIn.getResponse().getCookie("SESSION")).as("the sign-in starts a session").isNotNull();
        assertThat(jdbc.sql("select count(*) from spring_session where principal_name = ?").param(resident.username())
                .query(Long.class).single()).isOne();
        jar.add(signedIn);
        assertThat(jar.names()).as("the kept page is forgotten once used").doesNotContain(kept).contains("SESSION");

        mvc.perform(jar.get("/report?unit=" + unit)).andExpect(status().isOk());
    }

    @Test
    void aProtectedPageIsShownAfterSignInWithItsQuery() throws Exception {
        GridworkUser resident = people.freshResident();
        MvcResult asked = mvc.perform(get("/demands/123?tab=history")).andExpect(redirectedUrl("/login")).andReturn();
        Jar jar = loginPage(new Jar().add(asked));
        mvc.perform(jar.post("/login").param("username", resident.username()).param("password", password(resident)))
                .andExpect(authenticated()).andExpect(redirectedUrl("/demands/123?tab=history"));

        // without a kept page: the workbench
        Jar plain = loginPage(new Jar());
        mvc.perform(plain.post("/login").param("username", resident.username()).param("password", password(resident)))
                .andExpect(authenticated()).andExpect(redirectedUrl("/"));

        // API calls, htmx fragments, scripts' requests and static files are not pages to come back to
        for (MockHttpServletRequestBuilder other : List.of(get("/api/demands/123"), get("/notify/unread").header("HX-Request", "true"),
                get("/demands/123").header("X-Requested-With", "XMLHttpRequest"), get("/demands/123").accept(MediaType.IMAGE_PNG),
                post("/demands/123/confirm"), get("/favicon.ico"))) {
            MvcResult r = mvc.perform(other).andReturn();
            assertThat(r.getResponse().getCookies()).as("cookies of %s", r.getRequest().getRequestURI())
                    .allMatch(c -> c.getName().equals("XSRF-TOKEN"));
        }
    }

    @Test
    void aKeptPageOnAnotherSiteIsIgnored() throws Exception {
        GridworkUser resident = people.freshResident();
        String name = savedPageCookie(mvc.perform(get("/demands/1")).andReturn());
        for (String forged : List.of("https://evil.example/login", "//evil.example/x", "/\\evil.example", "/\tevil.example",
                "https:/evil.example", "javascript:alert(1)", "/ok\r\nLocation: https://evil.example", "%%% not base64")) {
            Cookie cookie = new Cookie(name, forged.startsWith("%") ? forged.replace(" ", "")
                    : Base64.getUrlEncoder().withoutPadding().encodeToString(forged.getBytes(StandardCharsets.UTF_8)));
            Jar jar = loginPage(new Jar().add(cookie));
            MvcResult r = mvc.perform(jar.post("/login").param("username", resident.username())
                    .param("password", password(resident))).andExpect(authenticated()).andReturn();
            assertThat(r.getResponse().getRedirectedUrl()).as("after a kept page of %s", forged).isEqualTo("/");
        }
    }

    // ---- CSRF ---------------------------------------------------------------------------------------------------

    @Test
    void csrfIsStillCheckedOnSignInFormsAndHtmx() throws Exception {
        GridworkUser resident = people.freshResident();
        // no token, a forged one, or the page's token without its cookie: refused, nobody signed in
        mvc.perform(post("/login").param("username", resident.username()).param("password", password(resident)))
                .andExpect(status().isForbidden()).andExpect(unauthenticated());
        Jar page = loginPage(new Jar());
        mvc.perform(post("/login").param("username", resident.username()).param("password", password(resident))
                .param("_csrf", page.token)).andExpect(status().isForbidden()).andExpect(unauthenticated());
        mvc.perform(post("/login").cookie(page.cookies()).param("username", resident.username())
                .param("password", password(resident)).param("_csrf", "forged")).andExpect(status().isForbidden())
                .andExpect(unauthenticated());
        mvc.perform(post("/signup/code").param("phone", "13800000000")).andExpect(status().isForbidden());
        mvc.perform(post("/signup/code").cookie(page.cookies()).param("phone", "13800000000")).andExpect(status().isForbidden());

        // with the page's token and cookie: signed in, and the token changes at sign-in
        String before = page.token;
        MvcResult signedIn = mvc.perform(page.post("/login").param("username", resident.username())
                .param("password", password(resident))).andExpect(authenticated()).andReturn();
        Jar jar = page.add(signedIn);

        // a signed-in form post without a token, or with the one from before signing in, is refused; with the page's
        // token (form field, or the header htmx sends from the meta tag) it passes
        mvc.perform(post("/notify/inbox/read-all").cookie(jar.cookies())).andExpect(status().isForbidden());
        mvc.perform(post("/notify/inbox/read-all").cookie(jar.cookies()).param("_csrf", before)).andExpect(status().isForbidden());
        MvcResult inbox = mvc.perform(jar.get("/notify/inbox")).andExpect(status().isOk()).andReturn();
        jar.add(inbox);
        String html = inbox.getResponse().getContentAsString();
        String token = first(CSRF_META, html);
        mvc.perform(post("/notify/inbox/read-all").cookie(jar.cookies()).header(first(CSRF_HEADER, html), token)
                .header("HX-Request", "true")).andExpect(redirectedUrl("/notify/inbox"));
        mvc.perform(post("/notify/inbox/read-all").cookie(jar.cookies()).param("_csrf", token))
                .andExpect(redirectedUrl("/notify/inbox"));
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    /** A browser's cookies (what responses set, dropping what they delete) and the last form's CSRF token. */
    private static final class Jar {

        private final List<Cookie> cookies = new ArrayList<>();
        private String token;

        Jar add(Cookie... set) {
            for (Cookie c : set) {
                cookies.removeIf(k -> k.getName().equals(c.getName()));
                if (c.getMaxAge() != 0) {
                    cookies.add(c);
                }
            }
            return this;
        }

        Jar add(MvcResult r) {
            return add(r.getResponse().getCookies());
        }

        Cookie[] cookies() {
            return cookies.toArray(Cookie[]::new);
        }

        List<String> names() {
            return cookies.stream().map(Cookie::getName).toList();
        }

        MockHttpServletRequestBuilder get(String url) {
            return withCookies(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get(url));
        }

        /** A form post with the cookies and the token of the last page. */
        MockHttpServletRequestBuilder post(String url) {
            return withCookies(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post(url)).param("_csrf", token);
        }

        private MockHttpServletRequestBuilder withCookies(MockHttpServletRequestBuilder b) {
            return cookies.isEmpty() ? b : b.cookie(cookies());
        }
    }

    private Jar loginPage(Jar jar) throws Exception {
        MvcResult page = mvc.perform(jar.get("/login")).andExpect(status().isOk()).andReturn();
        jar.add(page);
        jar.token = first(CSRF_FIELD, page.getResponse().getContentAsString());
        return jar;
    }

    private long sessions() {
        return jdbc.sql("select count(*) from spring_session").query(Long.class).single();
    }

    private long unit() {
        return jdbc.sql("select min(u.id) from unit u join building b on b.id = u.building_id where b.micro_grid_id = ?")
                .param(people.firstMicroGrid()).query(Long.class).single();
    }

    private static String password(GridworkUser resident) {
        return "password-" + resident.username().substring(2);
    }

    private static void assertNoSessionCookie(MvcResult r, String what) {
        MockHttpServletResponse res = r.getResponse();
        assertThat(res.getCookie("SESSION")).as("session cookie for %s", what).isNull();
        assertThat(res.getHeaders(HttpHeaders.SET_COOKIE)).as("Set-Cookie of %s", what)
                .noneMatch(h -> h.startsWith("SESSION="));
    }

    private static String first(Pattern p, String html) {
        Matcher m = p.matcher(html);
        assertThat(m.find()).as("%s in the page", p).isTrue();
        return m.group(1);
    }

    /** The name of the cookie a redirect to the login page set to keep the page asked for. */
    private static String savedPageCookie(MvcResult redirectedToLogin) {
        Cookie[] cookies = redirectedToLogin.getResponse().getCookies();
        return Arrays.stream(cookies).map(Cookie::getName).filter(n -> !n.equals("XSRF-TOKEN") && !n.equals("SESSION"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no cookie keeps the page asked for: " + Arrays.toString(cookies)));
    }
}
