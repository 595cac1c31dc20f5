package io.gridwork.shared.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Locale;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.servlet.ModelAndView;

import io.gridwork.support.GridworkTest;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;

/** While the database is unreachable requests are answered 503 in the format of their path, not 500. */
@GridworkTest
class DatabaseOutageAnswersTests {

    @Autowired
    ApiProblemHandler api;

    @Autowired
    PageErrorHandler pages;

    @Autowired
    FilterRegistrationBean<DatabaseOutageFilter> outageFilter;

    @AfterEach
    void resetLocale() {
        LocaleContextHolder.resetLocaleContext();
    }

    private static CannotGetJdbcConnectionException noConnection() {
        return new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection",
                new SQLTransientConnectionException("HikariPool-1 - Connection is not available, request timed out after 3000ms"));
    }

    @Test
    void anApiRequestWithoutAConnectionIsAnswered503WithAProblemAndRetryAfter() {
        ResponseEntity<ProblemDetail> r = api.database(noConnection());

        assertThat(r.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(r.getHeaders().getFirst("Retry-After")).isEqualTo("5");
        assertThat(r.getBody().getProperties()).containsEntry("code", "database-unavailable");
        assertThat(r.getBody().getType().toString()).isEqualTo("urn:gridwork:problem:database-unavailable");
    }

    @Test
    void aTransactionThatCouldNotOpenAConnectionIsAnOutageToo() {
        var refused = new CannotCreateTransactionException("Could not open JDBC Connection for transaction",
                new SQLException("Connection to 127.0.0.1:5432 refused", "08001"));

        assertThat(api.database(refused).getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
    }

    @Test
    void otherDataAccessFailuresAreNotTurnedInto503() {
        DuplicateKeyException duplicate = new DuplicateKeyException("duplicate key");

        assertThatThrownBy(() -> api.database(duplicate)).isSameAs(duplicate);
        assertThatThrownBy(() -> pages.database(duplicate)).isSameAs(duplicate);
    }

    @Test
    void aPageSays503InTheViewersLanguage() {
        LocaleContextHolder.setLocale(Locale.SIMPLIFIED_CHINESE);
        ModelAndView zh = pages.database(noConnection());
        LocaleContextHolder.setLocale(Locale.ENGLISH);
        ModelAndView en = pages.database(noConnection());

        assertThat(zh.getStatus()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(zh.getModel().get("message")).isEqualTo("系统暂时无法访问数据库，请稍后再试。");
        assertThat((String) en.getModel().get("message")).startsWith("The database cannot be reached");
    }

    private MockHttpServletResponse filtered(MockHttpServletRequest request, Exception failure) throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        outageFilter.getFilter().doFilter(request, response, (req, res) -> {
            res.getWriter().write("partial output that is discarded");
            if (failure instanceof RuntimeException rt) {
                throw rt;
            }
            throw (ServletException) failure;
        });
        return response;
    }

    @Test
    void theFilterAnswersAnOutageInAFilterAsAProblemForTheApi() throws Exception {
        MockHttpServletResponse r = filtered(new MockHttpServletRequest("POST", "/api/demands"),
                new ServletException("session", noConnection()));

        assertThat(r.getStatus()).isEqualTo(503);
        assertThat(r.getContentType()).isEqualTo("application/problem+json");
        assertThat(r.getHeader("Retry-After")).isEqualTo("5");
        assertThat(r.getContentAsString()).contains("\"code\":\"database-unavailable\"", "\"status\":503", "\"instance\":\"/api/demands\"")
                .doesNotContain("partial output");
    }

    @Test
    void theFilterAnswersOpen311InItsOwnErrorFormat() throws Exception {
        MockHttpServletResponse xml = filtered(new MockHttpServletRequest("GET", "/open311/v2/requests.xml"), noConnection());
        MockHttpServletResponse json = filtered(new MockHttpServletRequest("POST", "/open311/v2/requests.json"), noConnection());

        assertThat(xml.getStatus()).isEqualTo(503);
        assertThat(xml.getContentType()).startsWith("text/xml");
        assertThat(xml.getContentAsString(StandardCharsets.UTF_8)).contains("<errors><error><code>503</code><description>");
        assertThat(json.getStatus()).isEqualTo(503);
        assertThat(json.getContentAsString(StandardCharsets.UTF_8)).startsWith("[{").contains("\"code\":503", "\"description\":");
    }

    @Test
    void theFilterAnswersAPageInChineseOrInTheChosenLanguage() throws Exception {
        MockHttpServletRequest zhRequest = new MockHttpServletRequest("GET", "/login");
        zhRequest.addHeader("Accept", "text/html");
        MockHttpServletRequest enRequest = new MockHttpServletRequest("GET", "/demands");
        enRequest.addHeader("Accept", "text/html");
        enRequest.setCookies(new Cookie("gridwork-lang", "en"));

        MockHttpServletResponse zh = filtered(zhRequest, new ServletException(noConnection()));
        MockHttpServletResponse en = filtered(enRequest, new ServletException(noConnection()));

        assertThat(zh.getStatus()).isEqualTo(503);
        assertThat(zh.getContentType()).startsWith("text/html");
        assertThat(zh.getContentAsString(StandardCharsets.UTF_8)).contains("系统暂时无法访问数据库", "lang=\"zh-CN\"");
        assertThat(en.getContentAsString(StandardCharsets.UTF_8)).contains("The database cannot be reached", "lang=\"en\"");
    }

    @Test
    void theFilterLetsOtherFailuresThrough() {
        IllegalStateException bug = new IllegalStateException("a bug");

        assertThatThrownBy(() -> filtered(new MockHttpServletRequest("GET", "/api/me"), bug)).isSameAs(bug);
    }
}
