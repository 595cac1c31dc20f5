package io.gridwork.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import java.util.UUID;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

import io.gridwork.notify.internal.Kind;
import io.gridwork.notify.internal.Outbox;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.support.GridworkTest;
import io.gridwork.support.TestPeople;

/** The inbox and preferences through the API and the pages, and their refusals. */
@GridworkTest
class NotifyInboxTests {

    @Autowired MockMvc mvc;
    @Autowired TestPeople testPeople;
    @Autowired Outbox outbox;
    @Autowired JdbcClient jdbc;

    @Test
    void inboxCountsUnreadAndReadingOpensTheLink() throws Exception {
        GridworkUser r = testPeople.freshResident();
        GridworkUser other = testPeople.freshResident();
        String k = "test:" + UUID.randomUUID();
        outbox.post(new Outbox.Message(k + ":1", Kind.DEMAND_FEEDBACK, false, "诉求已办结", "请评价", "/demands/1"), List.of(r.accountId()));
        outbox.post(new Outbox.Message(k + ":2", Kind.NOTICE, true, "紧急通知", "今晚停电", null), List.of(r.accountId(), other.accountId()));

        mvc.perform(get("/api/inbox/unread-count").with(user(r))).andExpect(jsonPath("$.unread").value(2));
        mvc.perform(get("/notify/unread").with(user(r))).andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("id=\"notify-unread\"")));
        mvc.perform(get("/notify/inbox").with(user(r))).andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("紧急通知")))
                .andExpect(content().string(Matchers.containsString("诉求已办结")));
        long first = jdbc.sql("select id from notify_message where event_key = ? and account_id = ?").params(k + ":1", r.accountId())
                .query(Long.class).single();
        long othersEntry = jdbc.sql("select id from notify_message where event_key = ? and account_id = ?").params(k + ":2", other.accountId())
                .query(Long.class).single();

        // someone else's message: 404, and it stays unread
        mvc.perform(post("/api/inbox/" + othersEntry + "/read").with(user(r)).with(csrf())).andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("not-found"));
        mvc.perform(get("/api/inbox/unread-count").with(user(other))).andExpect(jsonPath("$.unread").value(1));

        mvc.perform(post("/notify/inbox/" + first + "/read").with(user(r)).with(csrf())).andExpect(redirectedUrl("/demands/1"));
        mvc.perform(get("/api/inbox?unread=true").with(user(r))).andExpect(jsonPath("$.length()").value(1))
                .andExpect(jsonPath("$[0].title").value("紧急通知")).andExpect(jsonPath("$[0].urgent").value(true));
        mvc.perform(post("/api/inbox/read-all").with(user(r)).with(csrf())).andExpect(jsonPath("$.unread").value(0));
    }

    @Test
    void preferencesKeepContactsEncryptedAndMaskedAndRefuseBadInput() throws Exception {
        GridworkUser r = testPeople.freshResident();
        mvc.perform(put("/api/notify/preferences").with(user(r)).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"email\":\"wang.fang@example.org\",\"phone\":\"+86 138-1234-5678\",\"quietHours\":false,"
                        + "\"channels\":{\"NOTICE\":[\"EMAIL\"],\"CAMPAIGN\":[\"SMS\",\"EMAIL\"]}}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.emailMask").value("wa***@example.org"))
                .andExpect(jsonPath("$.phoneMask").value("138****5678"))
                .andExpect(jsonPath("$.quietHours").value(false))
                .andExpect(jsonPath("$.channels.CAMPAIGN.length()").value(2));
        String stored = jdbc.sql("select email_enc || phone_enc from notify_preference where account_id = ?").param(r.accountId())
                .query(String.class).single();
        assertThat(stored).doesNotContain("wang.fang").doesNotContain("13812345678");

        String before = mvc.perform(get("/api/notify/preferences").with(user(r))).andReturn().getResponse().getContentAsString();
        for (String[] bad : new String[][] {
                {"{\"email\":\"not-an-address\"}", "invalid-email"},
                {"{\"phone\":\"12345\"}", "invalid-phone"},
                {"{\"channels\":{\"NOTICE\":[\"WECOM\"]}}", "invalid-channel"},
                {"{\"email\":\"ok@example.org\",\"channels\":{\"NOTICE\":[\"INBOX\"]}}", "invalid-channel"}}) {
            mvc.perform(put("/api/notify/preferences").with(user(r)).with(csrf()).contentType(MediaType.APPLICATION_JSON).content(bad[0]))
                    .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value(bad[1]));
        }
        mvc.perform(put("/api/notify/preferences").with(user(r)).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"channels\":{\"BOGUS\":[\"EMAIL\"]}}")).andExpect(status().isBadRequest());
        mvc.perform(post("/notify/preferences").with(user(r)).with(csrf()).param("email", "nope").param("save", "1"))
                .andExpect(status().is3xxRedirection()).andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers
                        .flash().attribute("error", Matchers.containsString("邮箱")));
        String after = mvc.perform(get("/api/notify/preferences").with(user(r))).andReturn().getResponse().getContentAsString();
        assertThat(after).as("refused changes change nothing").isEqualTo(before);

        // the page form: blank keeps, a space removes
        mvc.perform(post("/notify/preferences").with(user(r)).with(csrf()).param("email", "").param("phone", " ")
                .param("choice", "NOTICE:EMAIL").param("save", "1")).andExpect(status().is3xxRedirection());
        mvc.perform(get("/api/notify/preferences").with(user(r))).andExpect(jsonPath("$.emailMask").value("wa***@example.org"))
                .andExpect(jsonPath("$.phoneMask").doesNotExist()).andExpect(jsonPath("$.quietHours").value(false))
                .andExpect(jsonPath("$.channels.CAMPAIGN.length()").value(0));
        mvc.perform(get("/notify/preferences").with(user(r))).andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("wa***@example.org")));
    }

    @Test
    void theDeliveryLogIsForAdminsAndRefusesBadFilters() throws Exception {
        mvc.perform(get("/api/notify/deliveries?status=SENT").with(user(testPeople.user("admin")))).andExpect(status().isOk());
        mvc.perform(get("/api/notify/deliveries?status=LOST").with(user(testPeople.user("admin")))).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("invalid-status"));
        mvc.perform(get("/api/notify/deliveries?channel=FAX").with(user(testPeople.user("admin")))).andExpect(status().isBadRequest());
        mvc.perform(get("/notify/deliveries").with(user(testPeople.user("admin")))).andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("id=\"deliveries\"")));
        mvc.perform(get("/notify/inbox").with(user(testPeople.user("admin"))))
                .andExpect(content().string(Matchers.containsString("id=\"delivery-log\"")));
        mvc.perform(get("/notify/inbox").with(user(testPeople.user("community"))))
                .andExpect(content().string(Matchers.not(Matchers.containsString("id=\"delivery-log\""))));
        mvc.perform(get("/api/notify/deliveries").with(user(testPeople.user("community")))).andExpect(status().isForbidden());
    }
}
