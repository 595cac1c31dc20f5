package io.gridwork.campaign;

import static io.gridwork.support.SignedIn.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.MockMvc;

import io.gridwork.support.GridworkTest;

/** The campaign pages: create and dispatch from the form, the live coverage, the visit page, the summary, refusals. */
@GridworkTest
class CampaignPagesTests {

    @Autowired
    MockMvc mvc;
    @Autowired
    UserDetailsService users;
    @Autowired
    JdbcClient jdbc;

    long gridId(String name) {
        return jdbc.sql("select id from grid_node where name = ?").param(name).query(Long.class).single();
    }

    long createFromPage(String title, String micro) throws Exception {
        String location = mvc.perform(post("/campaigns").with(as(users, "community")).with(csrf())
                .param("title", title).param("kind", "EMERGENCY").param("template", "gas-safety")
                .param("gridIds", String.valueOf(gridId(micro))).param("startsAt", "2026-11-22T21:00")
                .param("deadline", "2026-11-23T02:00").param("dispatch", "1"))
                .andExpect(status().is3xxRedirection()).andReturn().getResponse().getRedirectedUrl();
        return Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
    }

    @Test
    void theFormCreatesAndDispatchesAndThePagesShowIt() throws Exception {
        String title = "夜间燃气排查 " + UUID.randomUUID();
        mvc.perform(get("/campaigns/new").with(as(users, "community"))).andExpect(status().isOk())
                .andExpect(content().string(containsString("学府憬城第1微网格")))
                .andExpect(content().string(containsString("燃气安全检查表")));
        long id = createFromPage(title, "学府憬城第4微网格");
        assertThat(jdbc.sql("select status from campaign where id = ?").param(id).query(String.class).single()).isEqualTo("RUNNING");
        mvc.perform(get("/campaigns").with(as(users, "community"))).andExpect(status().isOk())
                .andExpect(content().string(containsString(title)));
        mvc.perform(get("/campaigns/" + id).with(as(users, "community"))).andExpect(status().isOk())
                .andExpect(content().string(containsString("实时进度")))
                .andExpect(content().string(containsString("学府憬城第4微网格")))
                .andExpect(content().string(containsString("<polygon")));
        mvc.perform(get("/campaigns/" + id + "/coverage").param("gridId", String.valueOf(gridId("学府憬城第4微网格")))
                .with(as(users, "community"))).andExpect(status().isOk())
                .andExpect(content().string(containsString("hx-trigger=\"every 5s\"")));
        mvc.perform(get("/campaigns/" + id + "/summary").with(as(users, "community"))).andExpect(status().isOk())
                .andExpect(content().string(containsString("任务汇总"))).andExpect(content().string(containsString(title)));
        mvc.perform(get("/campaigns/" + id + "/summary?lang=en").with(as(users, "community"))).andExpect(status().isOk())
                .andExpect(content().string(containsString("Hazards found")));
    }

    @Test
    void theVisitPageOffersTheFormAndTheWorkersBuildings() throws Exception {
        long id = createFromPage("入户页 " + UUID.randomUUID(), "学府憬城第1微网格");
        mvc.perform(get("/campaigns/" + id + "/visit").with(as(users, "worker"))).andExpect(status().isOk())
                .andExpect(content().string(containsString("燃气胶管使用超过两年")))
                .andExpect(content().string(containsString("data-type=\"PHOTO\"")))
                .andExpect(content().string(containsString("1栋")))
                .andExpect(content().string(containsString("campaign-visit.js")));
        // the demo worker serves the first micro-grid only
        mvc.perform(get("/campaigns/" + createFromPage("别处 " + UUID.randomUUID(), "学府憬城第5微网格") + "/visit")
                .with(as(users, "worker"))).andExpect(status().isNotFound());
    }

    @Test
    void refusalsOnPagesAreExplainedInTheViewersLanguage() throws Exception {
        mvc.perform(post("/campaigns").with(as(users, "community")).with(csrf()).param("kind", "EMERGENCY")
                .param("template", "gas-safety").param("gridIds", String.valueOf(gridId("学府憬城第1微网格"))))
                .andExpect(status().isBadRequest()).andExpect(content().string(containsString("请填写标题")));
        long id = createFromPage("重复下发 " + UUID.randomUUID(), "学府憬城第1微网格");
        mvc.perform(post("/campaigns/" + id + "/dispatch").with(as(users, "community")).with(csrf()))
                .andExpect(status().isConflict()).andExpect(content().string(containsString("该任务已经下发")));
        mvc.perform(post("/campaigns/" + id + "/volunteers").with(as(users, "community")).with(csrf()))
                .andExpect(status().isBadRequest()).andExpect(content().string(containsString("请先搜索并选择志愿者的账号")));
        mvc.perform(post("/campaigns/" + id + "/volunteers").with(as(users, "community")).with(csrf()).param("accountId", "999999999"))
                .andExpect(status().isBadRequest()).andExpect(content().string(containsString("找不到该账号")));
        // the form searches accounts by name and posts the one picked
        mvc.perform(get("/campaigns/" + id).with(as(users, "community"))).andExpect(status().isOk())
                .andExpect(content().string(containsString("/pick/accounts?field=accountId")))
                .andExpect(content().string(not(containsString("name=\"username\""))));
        long resident = jdbc.sql("select id from account where username = 'resident'").query(Long.class).single();
        mvc.perform(post("/campaigns/" + id + "/volunteers").with(as(users, "community")).with(csrf())
                        .param("accountId", String.valueOf(resident)))
                .andExpect(status().is3xxRedirection());
        assertThat(jdbc.sql("select count(*) from campaign_volunteer where campaign_id = ? and account_id = ?")
                .params(id, resident).query(Long.class).single()).isEqualTo(1);
        mvc.perform(get("/campaigns/" + id).with(as(users, "resident"))).andExpect(status().isOk())
                .andExpect(content().string(containsString("居民")))
                .andExpect(content().string(not(containsString("id=\"finish\""))));
        mvc.perform(post("/campaigns/" + id + "/finish").with(as(users, "community")).with(csrf()))
                .andExpect(status().is3xxRedirection());
        mvc.perform(post("/campaigns/" + id + "/finish").with(as(users, "community")).with(csrf()))
                .andExpect(status().isConflict());
    }
}
