package io.gridwork.shared.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.servlet.resource.ResourceUrlProvider;

import io.gridwork.support.GridworkTest;
import io.gridwork.support.TestPeople;

/**
 * Issue 19: the static files are served under /css, /js and /webjars only, so that the links a page builds
 * ({@code /grid/5}, {@code /demands?...}) are not looked up as files in the jar on every render.
 */
@GridworkTest
class StaticResourcesTests {

    @Autowired
    MockMvc mvc;
    @Autowired
    ResourceUrlProvider resources;
    @Autowired
    TestPeople people;

    @Test
    void theStylesScriptsAndWebJarsAreServedWithoutSigningIn() throws Exception {
        for (String path : new String[] {"/css/gridwork.css", "/js/gridwork.js", "/webjars/htmx.org/2.0.4/dist/htmx.min.js",
            "/webjars/echarts/5.3.1/dist/echarts.min.js", "/webjars/leaflet/1.9.4/dist/leaflet.css"}) {
            assertThat(mvc.perform(get(path)).andExpect(status().isOk()).andReturn().getResponse().getContentAsByteArray())
                    .as(path).isNotEmpty();
        }
        mvc.perform(get("/css/none.css")).andExpect(status().isNotFound());
    }

    @Test
    void onlyTheStaticPatternsAreResourceMappingsAndAPageStillLinksItsFiles() throws Exception {
        assertThat(resources.getHandlerMap().keySet()).containsAll(WebConfig.STATIC.keySet()).doesNotContain("/**");
        assertThat(resources.getForLookupPath("/grid/5")).isNull();
        assertThat(resources.getForLookupPath("/css/gridwork.css")).isEqualTo("/css/gridwork.css");
        String html = mvc.perform(get("/grid").with(user(people.user("community")))).andExpect(status().isOk()).andReturn()
                .getResponse().getContentAsString();
        assertThat(html).contains("/css/gridwork.css").contains("/webjars/htmx.org/2.0.4/dist/htmx.min.js").contains("/js/gridwork.js");
    }
}
