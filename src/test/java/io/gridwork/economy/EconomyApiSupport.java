package io.gridwork.economy;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import io.gridwork.shared.security.GridworkUser;
import io.gridwork.support.TestPeople;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** What the activity and recognition API tests share: a call as an account, its JSON, its problem code. */
abstract class EconomyApiSupport {

    @Autowired
    MockMvc mvc;
    @Autowired
    ObjectMapper json;
    @Autowired
    EconomyFixtures economy;
    @Autowired
    ActivityFixtures fixtures;
    @Autowired
    TestPeople people;

    ResultActions call(MockHttpServletRequestBuilder request, GridworkUser as, String body) throws Exception {
        request.with(csrf()).with(user(as));
        if (body != null) {
            request.contentType(MediaType.APPLICATION_JSON).content(body);
        }
        return mvc.perform(request);
    }

    JsonNode read(ResultActions r) throws Exception {
        return json.readTree(r.andReturn().getResponse().getContentAsString());
    }

    String code(ResultActions r) throws Exception {
        return read(r).path("code").asString();
    }
}
