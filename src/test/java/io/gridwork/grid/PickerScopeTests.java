package io.gridwork.grid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

import io.gridwork.access.AccountApi;
import io.gridwork.people.PeopleApi;
import io.gridwork.shared.security.Role;
import io.gridwork.support.GridworkTest;
import io.gridwork.support.TestPeople;

/**
 * The pickers answer only what lies in the caller's reach: a worker of 学府憬城第1微网格 gets the units and rooms of
 * its buildings and none of the next micro-grid's, and finds the accounts of its own residents by name but not
 * those of the next micro-grid, whom the community secretary finds. The phone shows masked.
 */
@GridworkTest
class PickerScopeTests {

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TestPeople people;
    @Autowired
    PeopleApi peopleApi;
    @Autowired
    AccountApi accounts;

    private long buildingOf(String micro) {
        return jdbc.sql("""
                select min(b.id) from building b join grid_node g on g.id = b.micro_grid_id
                 where g.name = ? and exists (select 1 from unit u join household h on h.unit_id = u.id where u.building_id = b.id)""")
                .param(micro).query(Long.class).single();
    }

    private long unitOf(long building) {
        return jdbc.sql("select min(u.id) from unit u join household h on h.unit_id = u.id where u.building_id = ?")
                .param(building).query(Long.class).single();
    }

    private String page(String path, String username) throws Exception {
        var r = mvc.perform(get(path).with(user(people.user(username)))).andReturn().getResponse();
        assertThat(r.getStatus()).isEqualTo(200);
        return r.getContentAsString();
    }

    private static long options(String html) {
        return html.lines().filter(l -> l.contains("<option") && !l.contains("value=\"\"")).count();
    }

    @Test
    void unitsAndRoomsOfAnotherMicroGridAreNotOffered() throws Exception {
        long own = buildingOf("学府憬城第1微网格");
        long other = buildingOf("学府憬城第2微网格");

        assertThat(options(page("/pick/units?buildingId=" + own, "worker"))).isPositive();
        assertThat(options(page("/pick/rooms?unitId=" + unitOf(own), "worker"))).isPositive();
        assertThat(options(page("/pick/units?buildingId=" + other, "worker"))).isZero();
        assertThat(options(page("/pick/rooms?unitId=" + unitOf(other), "worker"))).isZero();
        assertThat(options(page("/pick/units?buildingId=987654321", "worker"))).isZero();
        // the community secretary reaches both
        assertThat(options(page("/pick/units?buildingId=" + other, "community"))).isPositive();
        assertThat(options(page("/pick/rooms?unitId=" + unitOf(other), "community"))).isPositive();
        // several rooms: no blank choice
        assertThat(page("/pick/rooms?multiple=true&unitId=" + unitOf(own), "worker")).doesNotContain("value=\"\"");
    }

    @Test
    void accountsAreFoundWithinTheCallersGridsOnly() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 6);
        String mine = resident(buildingOf("学府憬城第1微网格"), "近邻" + tag);
        String theirs = resident(buildingOf("学府憬城第2微网格"), "远邻" + tag);

        String found = page("/pick/accounts?q=" + tag, "worker");
        assertThat(found).contains("近邻" + tag).contains(mine).contains("137****0000").doesNotContain("13700000000")
                .doesNotContain("远邻" + tag);
        assertThat(page("/pick/accounts?q=" + tag, "community")).contains("近邻" + tag).contains("远邻" + tag).contains(theirs);
        // a blank search finds nothing, a resident may not search
        assertThat(page("/pick/accounts?q=", "worker")).doesNotContain("type=\"radio\"");
        assertThat(mvc.perform(get("/pick/accounts?q=" + tag).with(user(people.user("resident")))).andReturn().getResponse()
                .getStatus()).isEqualTo(403);
    }

    private String resident(long building, String name) {
        long household = jdbc.sql("select min(h.id) from household h join unit u on u.id = h.unit_id where u.building_id = ?")
                .param(building).query(Long.class).single();
        long person = peopleApi.register(household, new PeopleApi.NewPerson(name, people.unusedIdCard(), "13700000000", null), "OTHER");
        String username = "p-" + UUID.randomUUID().toString().substring(0, 8);
        accounts.createAccount(username, "password-" + username, name, person, Set.of(Role.RESIDENT), Set.of(), List.of());
        return username;
    }
}
