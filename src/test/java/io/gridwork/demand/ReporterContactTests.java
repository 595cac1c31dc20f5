package io.gridwork.demand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

import io.gridwork.demand.internal.DemandService;
import io.gridwork.demand.internal.DemandService.Submission;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.support.GridworkTest;
import io.gridwork.support.TestPeople;

/**
 * The property company has to call the resident: the handler of an open assignment sees the reporter's number in
 * full, each view recorded; nobody else does, and the refused attempts are recorded too.
 */
@GridworkTest
class ReporterContactTests {

    private static final String PHONE = "13912345678";

    @Autowired
    DemandService service;
    @Autowired
    TestPeople people;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MockMvc mvc;

    private long dispatchedToProperty(boolean anonymous) {
        GridworkUser worker = people.user("worker");
        long id = service.submit(new Submission("PUBLIC_ORDER", "楼道灯坏了 " + UUID.randomUUID(), null, null, null, null, null,
                "3栋2单元楼道", PHONE, anonymous, null, null, null), people.freshResident(), null).id();
        service.accept(id, Grade.GENERAL, null, null, worker);
        service.dispatch(id, Set.of(Party.PROPERTY), null, worker);
        return id;
    }

    private List<String> recorded(long demand) {
        return jdbc.sql("select outcome || ':' || actor_name || ':' || coalesce(party, '-') from demand_contact_view "
                + "where demand_id = ? order by id").param(demand).query(String.class).list();
    }

    @Test
    void thePropertyHandlerSeesTheNumberWhileAssignedAndEveryViewIsRecorded() throws Exception {
        long id = dispatchedToProperty(false);
        GridworkUser property = people.user("property");

        // the page offers it, masked until asked
        mvc.perform(get("/demands/" + id).with(user(property))).andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("id=\"reveal-contact\"")))
                .andExpect(content().string(Matchers.not(Matchers.containsString(PHONE))));
        mvc.perform(post("/api/demands/" + id + "/contact").with(user(property)).with(csrf()))
                .andExpect(status().isOk()).andExpect(jsonPath("$.phone").value(PHONE));
        mvc.perform(post("/demands/" + id + "/contact").with(user(property)).with(csrf()))
                .andExpect(status().is3xxRedirection()).andExpect(flash().attribute("contactPhone", PHONE));
        assertThat(recorded(id)).containsExactly("GRANTED:物业楼栋管家:PROPERTY", "GRANTED:物业楼栋管家:PROPERTY");

        // the grid worker sees the demand but the assignment is the property company's: refused, the attempt recorded
        mvc.perform(post("/api/demands/" + id + "/contact").with(user(people.user("worker"))).with(csrf()))
                .andExpect(status().isForbidden()).andExpect(jsonPath("$.code").value("contact-not-assigned"))
                .andExpect(content().string(Matchers.not(Matchers.containsString(PHONE))));
        assertThat(recorded(id)).hasSize(3).last().isEqualTo("NOT_ASSIGNED:微网格员:-");
        // the owners committee does not see the demand at all: as if it did not exist
        mvc.perform(post("/api/demands/" + id + "/contact").with(user(people.user("owners"))).with(csrf()))
                .andExpect(status().isNotFound());

        // grid staff read the record; the property company does not
        mvc.perform(get("/api/demands/" + id + "/contact-views").with(user(people.user("worker")))).andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(3)).andExpect(jsonPath("$[0].outcome").value("NOT_ASSIGNED"));
        mvc.perform(get("/api/demands/" + id + "/contact-views").with(user(property))).andExpect(status().isForbidden());
        mvc.perform(get("/demands/" + id).with(user(people.user("worker")))).andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("号码查看记录（3 次）")));

        // once the property company has completed its part, the number is closed to it again
        long task = jdbc.sql("select id from demand_assignment where demand_id = ? and party = 'PROPERTY'").param(id)
                .query(Long.class).single();
        mvc.perform(post("/api/demands/" + id + "/assignments/" + task + "/complete").with(user(property)).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content("{\"note\":\"已更换灯泡\"}")).andExpect(status().is2xxSuccessful());
        mvc.perform(post("/api/demands/" + id + "/contact").with(user(property)).with(csrf()))
                .andExpect(status().isForbidden());
        mvc.perform(get("/demands/" + id).with(user(property))).andExpect(status().isOk())
                .andExpect(content().string(Matchers.not(Matchers.containsString("id=\"reveal-contact\""))));
    }

    @Test
    void anAnonymousReportKeepsItsNumberAndADemandOutOfReachIsNotFound() throws Exception {
        long id = dispatchedToProperty(true);
        mvc.perform(post("/api/demands/" + id + "/contact").with(user(people.user("property"))).with(csrf()))
                .andExpect(status().isConflict()).andExpect(jsonPath("$.code").value("contact-anonymous"));
        assertThat(recorded(id)).containsExactly("ANONYMOUS:物业楼栋管家:-");
        mvc.perform(post("/api/demands/999999999/contact").with(user(people.user("property"))).with(csrf()))
                .andExpect(status().isNotFound());
    }
}
