package io.gridwork.lists;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

import io.gridwork.demand.internal.DemandService;
import io.gridwork.support.GridworkTest;
import io.gridwork.support.TestPeople;

/** The needs form names a demand by its reference number, found within the worker's grids only. */
@GridworkTest
class NeedDemandRefTests {

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TestPeople people;
    @Autowired
    DemandService demands;

    private long needs(String title) {
        return jdbc.sql("select count(*) from need_item where title = ?").param(title).query(Long.class).single();
    }

    private void add(String username, String title, String demandRef) throws Exception {
        mvc.perform(post("/lists/needs").with(csrf()).with(user(people.user(username)))
                .param("gridId", String.valueOf(people.firstMicroGrid())).param("category", "OTHER").param("title", title)
                .param("demandRef", demandRef)).andReturn();
    }

    private String demandOf(io.gridwork.shared.security.GridworkUser reporter) {
        var demand = demands.submit(new DemandService.Submission("WATER_LEAK", "楼道水管渗水，希望列入需求清单", null, null, null,
                null, null, null, null, false, null, null, null), reporter, null);
        return jdbc.sql("select ref_no from demand where id = ?").param(demand.id()).query(String.class).single();
    }

    @Test
    void aDemandOfTheWorkersGridIsFoundByItsNumberAndNoOtherIs() throws Exception {
        String ours = demandOf(people.freshResident()); // lives in 学府憬城第1微网格, the worker's
        String theirs = demandOf(residentOf("学府憬城第2微网格"));
        String tag = UUID.randomUUID().toString().substring(0, 6);

        add("worker", "别处的诉求 " + tag, theirs);
        assertThat(needs("别处的诉求 " + tag)).as("a demand of another micro-grid names nothing").isZero();

        add("worker", "楼道水管 " + tag, " " + ours.toLowerCase(java.util.Locale.ROOT) + " ");
        assertThat(jdbc.sql("select demand_ref from need_item where title = ?").param("楼道水管 " + tag).query(String.class)
                .single()).isEqualTo(ours);
    }

    @Autowired
    io.gridwork.people.PeopleApi peopleApi;
    @Autowired
    io.gridwork.access.AccountApi accounts;

    private io.gridwork.shared.security.GridworkUser residentOf(String micro) {
        long household = jdbc.sql("""
                select min(h.id) from household h join unit u on u.id = h.unit_id join building b on b.id = u.building_id
                  join grid_node g on g.id = b.micro_grid_id where g.name = ?""").param(micro).query(Long.class).single();
        String tag = UUID.randomUUID().toString().substring(0, 8);
        long person = peopleApi.register(household,
                new io.gridwork.people.PeopleApi.NewPerson("邻居" + tag, people.unusedIdCard(), "13500000000", null), "OTHER");
        accounts.createAccount("n-" + tag, "password-" + tag, "邻居" + tag, person,
                java.util.Set.of(io.gridwork.shared.security.Role.RESIDENT), java.util.Set.of(), java.util.List.of());
        return people.user("n-" + tag);
    }
}
