package io.gridwork.golive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.UUID;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.MockMvc;

import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridLevel;
import io.gridwork.grid.GridNode;
import io.gridwork.support.GridworkTest;
import io.gridwork.support.SignedIn;

@GridworkTest
class GoLiveChecklistTests {

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    GridApi grid;
    @Autowired
    UserDetailsService accounts;

    private GridNode community(String name) {
        return grid.nodesUnder("/", GridLevel.COMMUNITY, name, 1).get(0);
    }

    private Document page(String path, String account) throws Exception {
        String html = mvc.perform(get(path).with(SignedIn.as(accounts, account))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        return Jsoup.parse(html);
    }

    private static String state(Document page, String step) {
        return page.getElementById("step-" + step).attr("data-state");
    }

    @Test
    void communityStaffGoStraightToTheirCommunitysChecklist() throws Exception {
        GridNode xuefu = community("学府社区");
        mvc.perform(get("/golive").with(SignedIn.as(accounts, "community")))
                .andExpect(status().is3xxRedirection()).andExpect(redirectedUrl("/golive/" + xuefu.id()));
    }

    @Test
    void theDemoCommunityHasItsGridResidentsAndGroupsButNoPublicAddress() throws Exception {
        Document page = page("/golive/" + community("学府社区").id(), "community");

        assertThat(state(page, "structure")).isEqualTo("DONE");
        assertThat(state(page, "residents")).isEqualTo("DONE");
        assertThat(state(page, "groups")).isEqualTo("DONE");
        // the tests set no GRIDWORK_PUBLIC_BASE_URL: posters would point at the test server
        assertThat(state(page, "baseUrl")).isEqualTo("WARN");
        assertThat(page.getElementById("step-baseUrl").text()).contains("GRIDWORK_PUBLIC_BASE_URL");
        assertThat(page.select(".golive-step strong").eachText()).contains("建网格、建楼栋", "导入居民", "打印码上办海报");
        assertThat(page.text()).doesNotContain("DONE", "NOT_STARTED", "PARTIAL", "null");
    }

    @Test
    void aNewCommunityStartsWithNoStepStarted() throws Exception {
        GridNode street = grid.nodesUnder("/", GridLevel.STREET, "学府街道", 1).get(0);
        GridNode fresh = grid.create(street.id(), GridLevel.COMMUNITY, "上线测试社区" + UUID.randomUUID().toString().substring(0, 6),
                null, null);

        Document page = page("/golive/" + fresh.id(), "street");

        for (String step : new String[] {"structure", "residents", "staff", "posters", "groups", "firstDemand"}) {
            assertThat(state(page, step)).as(step).isEqualTo("NOT_STARTED");
        }
        assertThat(page.getElementById("golive-progress").text()).isEqualTo("已完成 0 / 7 项");
        assertThat(page.getElementById("step-structure").select("a.button").attr("href")).isEqualTo("/grid/" + fresh.id() + "/manage");
    }

    @Test
    void downloadingABuildingsPosterCountsItAsPrinted() throws Exception {
        GridNode jincheng = community("锦城社区");
        long building = jdbc.sql("""
                select min(b.id) from building b join grid_node c on c.id = b.compound_id where c.path like ?""")
                .param(jincheng.path() + "%").query(Long.class).single();
        long before = printed(jincheng);

        mvc.perform(get("/qr/buildings/" + building + ".pdf").with(SignedIn.as(accounts, "admin"))).andExpect(status().isOk());
        mvc.perform(get("/qr/buildings/" + building + ".png").with(SignedIn.as(accounts, "admin"))).andExpect(status().isOk());

        Document page = page("/golive/" + jincheng.id(), "admin");
        assertThat(printed(jincheng)).isEqualTo(before == 0 ? 1 : before);
        assertThat(state(page, "posters")).isIn("PARTIAL", "DONE");
        assertThat(page.getElementById("step-posters").select(".golive-count").text()).startsWith(printed(jincheng) + " / ");
    }

    private long printed(GridNode community) {
        return jdbc.sql("select count(*) from qr_poster_print where grid_path like ?").param(community.path() + "%")
                .query(Long.class).single();
    }

    @Test
    void aCommunityOutsideTheViewersGridsIsNotFound() throws Exception {
        mvc.perform(get("/golive/" + community("锦城社区").id()).with(SignedIn.as(accounts, "community")))
                .andExpect(status().isNotFound());
        // and a grid that is not a community
        GridNode street = grid.nodesUnder("/", GridLevel.STREET, "学府街道", 1).get(0);
        mvc.perform(get("/golive/" + street.id()).with(SignedIn.as(accounts, "street"))).andExpect(status().isNotFound());
    }

    @Test
    void gridWorkersHaveNoChecklist() throws Exception {
        mvc.perform(get("/golive").with(SignedIn.as(accounts, "worker"))).andExpect(status().isForbidden());
    }
}
