package io.gridwork.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import io.gridwork.demand.Party;
import io.gridwork.demand.internal.DemandService;
import io.gridwork.lists.internal.RectificationService;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.support.GridworkTest;
import io.gridwork.support.TestPeople;

/**
 * Refusals do not reveal what exists: an object outside the caller's reach is answered exactly as one that does
 * not exist (the same status and the same body but for the id asked for), and the answer names nothing of it.
 */
@GridworkTest
class OutOfReachTests {

    private static final long NO_SUCH_ID = 987_654_321L;

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TestPeople people;

    @Autowired
    DemandService demands;

    @Autowired
    RectificationService rectification;

    @Test
    void anotherResidentsDemandIsAnsweredLikeNoDemand() throws Exception {
        GridworkUser reporter = people.freshResident();
        var demand = demands.submit(new DemandService.Submission("WATER_LEAK", "越权测试：楼道漏水", null, null, null, null, null,
                null, null, false, null, null, null), reporter, null);
        String refNo = jdbc.sql("select ref_no from demand where id = ?").param(demand.id()).query(String.class).single();
        GridworkUser neighbour = people.freshResident();

        for (String path : List.of("/api/demands/%d", "/api/demands/%d/photos")) {
            MvcResult theirs = get(path, demand.id(), neighbour);
            assertAlike(theirs, get(path, NO_SUCH_ID, neighbour), demand.id());
            assertThat(theirs.getResponse().getContentAsString()).doesNotContain(refNo);
        }
        // the page answers alike too, and names nothing of the demand
        MvcResult page = get("/demands/%d", demand.id(), neighbour);
        assertThat(page.getResponse().getStatus()).isEqualTo(404);
        assertThat(page.getResponse().getContentAsString()).doesNotContain(refNo).doesNotContain("越权测试");
    }

    @Test
    void gridsAndHouseholdsOfAnotherMicroGridAreAnsweredLikeNone() throws Exception {
        UserDetails worker = people.user("worker"); // 学府憬城第1微网格
        long otherMicro = jdbc.sql("select id from grid_node where name = '学府憬城第2微网格'").query(Long.class).single();
        long household = jdbc.sql("""
                select min(h.id) from household h join unit u on u.id = h.unit_id join building b on b.id = u.building_id
                 where b.micro_grid_id = ?""").param(otherMicro).query(Long.class).single();

        assertAlike(get("/api/grid/%d", otherMicro, worker), get("/api/grid/%d", NO_SUCH_ID, worker), otherMicro);
        assertAlike(get("/api/households/%d", household, worker), get("/api/households/%d", NO_SUCH_ID, worker), household);
    }

    @Test
    void listItemsAndCampaignsOutOfReachAreAnsweredLikeNone() throws Exception {
        long jincheng = jdbc.sql("select id from grid_node where name = '锦城社区'").query(Long.class).single();
        GridworkUser admin = people.user("admin");
        long item = rectification.create(new RectificationService.NewItem(jincheng, null, null, "越权测试：消防通道堆物", null,
                Party.PROPERTY, null, null, null), admin).id();
        UserDetails worker = people.user("worker");
        assertAlike(get("/api/rectifications/%d", item, worker), get("/api/rectifications/%d", NO_SUCH_ID, worker), item);

        Long campaign = jdbc.sql("select max(id) from campaign").query(Long.class).single();
        UserDetails merchant = people.user("merchant");
        assertAlike(get("/api/campaigns/%d", campaign, merchant), get("/api/campaigns/%d", NO_SUCH_ID, merchant), campaign);
    }

    private MvcResult get(String path, long id, UserDetails as) throws Exception {
        return mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get(path.formatted(id))
                .with(user(as))).andReturn();
    }

    /** Both 404, with bodies that differ only in the id that was asked for. */
    private static void assertAlike(MvcResult outOfReach, MvcResult missing, long id) throws Exception {
        assertThat(outOfReach.getResponse().getStatus()).isEqualTo(404);
        assertThat(missing.getResponse().getStatus()).isEqualTo(404);
        String a = outOfReach.getResponse().getContentAsString().replace(String.valueOf(id), "{id}");
        String b = missing.getResponse().getContentAsString().replace(String.valueOf(NO_SUCH_ID), "{id}");
        assertThat(a).isEqualTo(b);
    }
}
