package io.gridwork.shared.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;

import io.gridwork.shared.security.GridworkUser;
import io.gridwork.support.GridworkTest;
import io.gridwork.support.TestPeople;

/** Bad input (control characters, over-long text, huge bodies, empty list values) is refused with 4xx, never 500. */
@GridworkTest
class BadInputTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TestPeople testPeople;

    @Autowired
    ApiProblemHandler api;

    @Autowired
    FilterRegistrationBean<RequestInputGuard> guard;

    private long demandsOf(GridworkUser resident) {
        return jdbc.sql("select count(*) from demand where reporter_account_id = ?").param(resident.accountId())
                .query(Long.class).single();
    }

    private long building() {
        return jdbc.sql("select min(id) from building where micro_grid_id = ?").param(testPeople.firstMicroGrid())
                .query(Long.class).single();
    }

    @Test
    void aNulInAJsonStringIsRefusedWithAProblemNamingTheField() throws Exception {
        GridworkUser resident = testPeople.freshResident();
        mvc.perform(post("/api/demands").with(csrf()).with(user(resident)).contentType(MediaType.APPLICATION_JSON)
                .content("{\"categoryCode\":\"HYGIENE\",\"description\":\"垃圾桶\\u0000满了\"}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("invalid-characters"))
                .andExpect(jsonPath("$.field").value("description"));
        assertThat(demandsOf(resident)).isZero();
    }

    @Test
    void aNulInAQueryParameterIsRefusedInTheFormatOfThePath() throws Exception {
        GridworkUser admin = testPeople.user("admin");
        for (String name : new String[] {"q", "refNo", "category", "status"}) {
            mvc.perform(get("/api/demands").param(name, "a\u0000b").with(user(admin)))
                    .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("invalid-characters"));
        }
        mvc.perform(get("/demands").param("q", "a\u0000b").with(user(admin)).accept(MediaType.TEXT_HTML))
                .andExpect(status().isBadRequest()).andExpect(content().string(Matchers.containsString("控制字符")));
        mvc.perform(post("/open311/v2/requests.json").param("description", "x\u0000y").param("service_code", "NOISE"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$[0].code").value(400));
        mvc.perform(get("/open311/v2/requests.xml").param("status", "\u0007"))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(Matchers.containsString("<errors><error><code>400</code>")));
    }

    @Test
    void aNulInTheReportFormIsRefusedAndStoresNothing() throws Exception {
        GridworkUser resident = testPeople.freshResident();
        mvc.perform(post("/report").with(csrf()).with(user(resident)).param("token", UUID.randomUUID().toString())
                .param("categoryCode", "NOISE").param("description", "楼下\u0000唱歌").param("where", "HOUSEHOLD"))
                .andExpect(status().isBadRequest());
        mvc.perform(multipart("/report").with(csrf()).with(user(resident)).param("token", UUID.randomUUID().toString())
                .param("categoryCode", "NOISE").param("description", "楼下\u0000唱歌").param("where", "HOUSEHOLD"))
                .andExpect(status().isBadRequest()).andExpect(content().string(Matchers.containsString("控制字符")));
        assertThat(demandsOf(resident)).isZero();
    }

    @Test
    void tabsAndLineBreaksInMultiLineTextAreKept() throws Exception {
        GridworkUser resident = testPeople.freshResident();
        mvc.perform(post("/api/demands").with(csrf()).with(user(resident)).contentType(MediaType.APPLICATION_JSON)
                .content("{\"categoryCode\":\"HYGIENE\",\"description\":\"垃圾桶满了\\n\\t第二行\"}"))
                .andExpect(status().isCreated());
        assertThat(demandsOf(resident)).isOne();
    }

    @Test
    void overLongReporterNameAndPlaceTextAreRefusedNot500() throws Exception {
        GridworkUser worker = testPeople.user("worker");
        String name = "名" + UUID.randomUUID();
        String body = "{\"categoryCode\":\"DOGS\",\"description\":\"遛狗不牵绳\",\"buildingId\":" + building()
                + ",\"channel\":\"HOTLINE_12345\",\"contactPhone\":\"13900001234\",\"reporterName\":\"%s\",\"locationText\":\"%s\"}";
        mvc.perform(post("/api/demands").with(csrf()).with(user(worker)).contentType(MediaType.APPLICATION_JSON)
                .content(body.formatted(name + "x".repeat(101), "楼下")))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("text-too-long"))
                .andExpect(jsonPath("$.field").value("reporterName"));
        mvc.perform(post("/api/demands").with(csrf()).with(user(worker)).contentType(MediaType.APPLICATION_JSON)
                .content(body.formatted(name, "楼".repeat(301))))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.field").value("locationText"));
        assertThat(jdbc.sql("select count(*) from demand where reporter_name like ?").param(name + "%").query(Long.class).single())
                .isZero();
    }

    @Test
    void emptyStatusValuesChooseNothingInsteadOfFailing() throws Exception {
        mvc.perform(get("/api/demands").param("status", ",,").with(user(testPeople.user("admin"))))
                .andExpect(status().isOk());
        mvc.perform(get("/demands").param("status", ",,").with(user(testPeople.user("admin"))))
                .andExpect(status().isOk());
    }

    @Test
    void aJsonBodyOverTheLimitIsAnswered413AndNothingIsStored() throws Exception {
        GridworkUser resident = testPeople.freshResident();
        String huge = "{\"categoryCode\":\"HYGIENE\",\"description\":\"" + "满".repeat(1_200_000) + "\"}";
        mvc.perform(post("/api/demands").with(csrf()).with(user(resident)).contentType(MediaType.APPLICATION_JSON)
                .content(huge.getBytes(StandardCharsets.UTF_8)))
                .andExpect(status().isPayloadTooLarge()).andExpect(jsonPath("$.code").value("body-too-large"));
        assertThat(demandsOf(resident)).isZero();
    }

    @Test
    void aChunkedBodyWithoutLengthIsMeasuredAsItIsRead() throws Exception {
        MockHttpServletRequest big = chunked("x".repeat(1024 * 1024 + 1));
        MockHttpServletResponse refused = new MockHttpServletResponse();
        guard.getFilter().doFilter(big, refused, (rq, rs) -> {
            throw new AssertionError("a body over the limit must not reach the application");
        });
        assertThat(refused.getStatus()).isEqualTo(413);
        assertThat(refused.getContentAsString()).contains("\"code\":\"body-too-large\"");

        MockHttpServletRequest small = chunked("{\"a\":1}");
        MockHttpServletResponse passed = new MockHttpServletResponse();
        StringBuilder seen = new StringBuilder();
        guard.getFilter().doFilter(small, passed,
                (rq, rs) -> seen.append(new String(rq.getInputStream().readAllBytes(), StandardCharsets.UTF_8)));
        assertThat(seen.toString()).isEqualTo("{\"a\":1}");
        assertThat(passed.getStatus()).isEqualTo(200);
    }

    private static MockHttpServletRequest chunked(String body) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/demands") {
            @Override
            public long getContentLengthLong() {
                return -1;
            }

            @Override
            public int getContentLength() {
                return -1;
            }
        };
        request.setContentType("application/json");
        request.addHeader("Transfer-Encoding", "chunked");
        request.setContent(body.getBytes(StandardCharsets.UTF_8));
        return request;
    }

    @Test
    void aValueTheDatabaseRefusesIs400Not500() {
        var r = api.integrity(new DataIntegrityViolationException("Value too long for column \"REPORTER_NAME\""));
        assertThat(r.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(r.getBody().getProperties()).containsEntry("code", "invalid-value");
    }
}
