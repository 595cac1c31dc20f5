package io.gridwork.deliberation;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import io.gridwork.support.ApiTestSupport;

/** What the deliberation API tests share: a call as an account, its JSON and problem code, a count, meetings made to measure. */
abstract class DeliberationApiSupport extends ApiTestSupport {

    @Autowired
    DeliberationFixtures fixtures;

    @AfterEach
    void clock() {
        fixtures.resetClock();
    }

    ResultActions call(MockHttpServletRequestBuilder request, String as, String body) throws Exception {
        return call(request, people.user(as), body);
    }

    long account(String username) {
        return people.user(username).accountId();
    }

    /** A joint meeting of 学府憬城 by the community's secretary at this ISO instant; returns its id. */
    long meeting(String startsAt) throws Exception {
        return read(call(post("/api/deliberation/meetings"), "community", """
                {"gridId":%d,"kind":"JOINT","title":"%s","place":"议事室","startsAt":"%s"}"""
                .formatted(fixtures.jingcheng(), fixtures.unique("联席会议"), startsAt)).andExpect(status().isCreated())).path("id").asLong();
    }

    long agenda(long meeting, String title) throws Exception {
        return read(call(post("/api/deliberation/meetings/" + meeting + "/agenda"), "community",
                "{\"title\":\"" + title + "\"}").andExpect(status().isCreated())).path("id").asLong();
    }

    long decision(long agendaItem, String party, String owner, String due) throws Exception {
        String ownerField = owner == null ? "null" : String.valueOf(account(owner));
        return read(call(post("/api/deliberation/agenda-items/" + agendaItem + "/decisions"), "community", """
                {"title":"%s","party":"%s","ownerAccountId":%s,"due":"%s"}""".formatted(fixtures.unique("决议"), party, ownerField, due))
                .andExpect(status().isCreated())).path("id").asLong();
    }
}
