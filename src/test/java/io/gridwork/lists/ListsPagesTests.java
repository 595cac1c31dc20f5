package io.gridwork.lists;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.MockMvc;

import io.gridwork.demand.Party;
import io.gridwork.lists.internal.RectificationService;
import io.gridwork.lists.internal.ResourceService;
import io.gridwork.support.GridworkTest;
import io.gridwork.support.SignedIn;
import io.gridwork.support.TestPeople;

/** The pages of routine work and the lists, and their refusals in the viewer's words. */
@GridworkTest
class ListsPagesTests {

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    UserDetailsService accounts;
    @Autowired
    TestPeople people;
    @Autowired
    RectificationService rectification;
    @Autowired
    ResourceService resources;

    long entries() {
        return jdbc.sql("select count(*) from routine_entry").query(Long.class).single();
    }

    @Test
    void theRoutinePageLogsWorkAndSaysWhatIsMissing() throws Exception {
        long micro = people.firstMicroGrid();
        mvc.perform(get("/routine").with(SignedIn.as(accounts, "worker"))).andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("记录五寻常工作")))
                .andExpect(content().string(Matchers.containsString("value=\"" + micro + "\" selected")));
        long before = entries();
        mvc.perform(post("/routine").with(csrf()).with(SignedIn.as(accounts, "worker")).param("kind", "MEDIATION")
                .param("gridId", String.valueOf(micro)).param("mediationParties", "甲乙").param("mediationIssue", "噪音"))
                .andExpect(redirectedUrl("/routine")).andExpect(flash().attribute("error", "请填写：调解结果"));
        mvc.perform(post("/routine").with(csrf()).with(SignedIn.as(accounts, "worker")).param("kind", "POLICY_PUBLICITY")
                .param("gridId", String.valueOf(micro)).param("summary", "宣传").param("households", "abc"))
                .andExpect(redirectedUrl("/routine")).andExpect(flash().attribute("error", "住户编号不存在。"));
        assertThat(entries()).isEqualTo(before);
        String summary = "宣传垃圾分类 " + UUID.randomUUID();
        mvc.perform(post("/routine").with(csrf()).with(SignedIn.as(accounts, "worker")).param("kind", "POLICY_PUBLICITY")
                .param("gridId", String.valueOf(micro)).param("summary", summary).param("workedOn", ""))
                .andExpect(redirectedUrl("/routine")).andExpect(flash().attributeExists("saved"));
        assertThat(entries()).isEqualTo(before + 1);
        mvc.perform(get("/routine").with(SignedIn.as(accounts, "worker"))).andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString(summary)));
        mvc.perform(get("/routine/counts?gridId=" + micro).with(SignedIn.as(accounts, "worker"))).andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("微网格员")))
                .andExpect(content().string(Matchers.containsString("政策法规宣传")));
        mvc.perform(get("/routine/info?staleOnly=true").with(SignedIn.as(accounts, "worker"))).andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("信息采集清单")));
        mvc.perform(get("/routine").with(SignedIn.as(accounts, "resident"))).andExpect(status().isForbidden());
        mvc.perform(get("/routine/counts?lang=en").with(SignedIn.as(accounts, "compound"))).andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("Routine work counts")));
    }

    @Test
    void theRectificationListShowsTwentyItemsAPageAndGoesOnByPosition() throws Exception {
        long micro = people.firstMicroGrid();
        var community = people.user("community");
        String tag = "分页" + UUID.randomUUID().toString().substring(0, 8);
        java.util.List<Long> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 23; i++) {
            ids.add(rectification.create(new RectificationService.NewItem(micro, null, null, tag + " 第" + i + "项", null,
                    Party.PROPERTY, null, null, null), community).id());
        }
        // several items found in the same instant: the id breaks the tie, so no item is shown twice or skipped
        jdbc.sql("update rectification_item set found_at = (select found_at from rectification_item where id = :one) where id in (:ids)")
                .param("one", ids.get(10)).param("ids", ids.subList(5, 15)).update();
        String first = mvc.perform(get("/lists/rectification").param("q", tag).with(SignedIn.as(accounts, "worker")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        java.util.List<Long> shown = new java.util.ArrayList<>(itemIds(first));
        assertThat(shown).hasSize(20);
        assertThat(first).contains("本页 20 条").doesNotContain("rel=\"first\"");
        java.util.regex.Matcher next = java.util.regex.Pattern.compile("href=\"([^\"]*after=[^\"]*)\" rel=\"next\"").matcher(first);
        assertThat(next.find()).isTrue();
        String link = next.group(1).replace("&amp;", "&");
        assertThat(link).contains("q=");
        String second = mvc.perform(get(java.net.URI.create(link)).with(SignedIn.as(accounts, "worker")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        shown.addAll(itemIds(second));
        assertThat(second).contains("本页 3 条").contains("rel=\"first\"").doesNotContain("rel=\"next\"");
        assertThat(shown).containsExactlyInAnyOrderElementsOf(ids);
        mvc.perform(get("/lists/rectification").param("q", tag).param("after", "abc").with(SignedIn.as(accounts, "worker")))
                .andExpect(status().isBadRequest());
        // the form of a new item has its own page, for those who register items
        mvc.perform(get("/lists/rectification/new").with(SignedIn.as(accounts, "worker"))).andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("id=\"item-form\"")))
                .andExpect(content().string(Matchers.containsString("pick-building")));
        mvc.perform(post("/lists/rectification").with(csrf()).with(SignedIn.as(accounts, "worker"))
                .param("gridId", String.valueOf(micro))).andExpect(redirectedUrl("/lists/rectification/new"))
                .andExpect(flash().attributeExists("error"));
    }

    private static java.util.List<Long> itemIds(String html) {
        java.util.List<Long> out = new java.util.ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("id=\"item-(\\d+)\"").matcher(html);
        while (m.find()) {
            out.add(Long.parseLong(m.group(1)));
        }
        return out;
    }

    @Test
    void theListPagesShowTheirItemsAndRefuseWhatIsOutOfReach() throws Exception {
        long micro = people.firstMicroGrid();
        long compound = jdbc.sql("select id from grid_node where name = '学府憬城'").query(Long.class).single();
        long other = jdbc.sql("select id from grid_node where name = '碧鸡桥小区第1微网格'").query(Long.class).single();
        var community = people.user("community");
        var admin = people.user("admin");
        String name = "活动室 " + UUID.randomUUID().toString().substring(0, 6);
        resources.create(new ResourceService.NewResource(compound, ResourceService.Kind.SPACE, name, null, null, null, "刘阿姨",
                "13711112222"), community);
        mvc.perform(get("/lists/resources?q=" + name).with(SignedIn.as(accounts, "property"))).andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("137****2222")))
                .andExpect(content().string(Matchers.not(Matchers.containsString("13711112222"))))
                .andExpect(content().string(Matchers.not(Matchers.containsString("resource-form"))));

        String title = "楼道堆物 " + UUID.randomUUID().toString().substring(0, 6);
        long id = rectification.create(new RectificationService.NewItem(micro, null, null, title, null, Party.PROPERTY, null, null,
                null), community).id();
        mvc.perform(get("/lists/rectification").with(SignedIn.as(accounts, "worker"))).andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString(title)))
                .andExpect(content().string(Matchers.containsString("整改率")));
        // the owners committee is not the responsible party: the item is out of its reach (need-to-know, issue 12)
        mvc.perform(get("/lists/rectification/" + id).with(SignedIn.as(accounts, "owners"))).andExpect(status().isNotFound())
                .andExpect(content().string(Matchers.not(Matchers.containsString(title))));
        mvc.perform(get("/lists/rectification/" + id).with(SignedIn.as(accounts, "property"))).andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("rectify-form")));
        mvc.perform(post("/lists/rectification/" + id + "/status").with(csrf()).with(SignedIn.as(accounts, "property"))
                .param("status", "IN_PROGRESS")).andExpect(redirectedUrl("/lists/rectification/" + id))
                .andExpect(flash().attribute("error", "开始整改前请填写整改措施和时限。"));
        mvc.perform(post("/lists/rectification/" + id + "/status").with(csrf()).with(SignedIn.as(accounts, "owners"))
                .param("status", "IN_PROGRESS").param("measures", "清理")
                .param("deadline", LocalDate.now(ZoneId.of("Asia/Shanghai")).plusDays(2).toString()))
                .andExpect(flash().attribute("error", "找不到要访问的对象。"));
        mvc.perform(post("/lists/rectification/" + id + "/status").with(csrf()).with(SignedIn.as(accounts, "property"))
                .param("status", "IN_PROGRESS").param("measures", "通知清理")
                .param("deadline", LocalDate.now(ZoneId.of("Asia/Shanghai")).plusDays(2).toString()))
                .andExpect(redirectedUrl("/lists/rectification/" + id)).andExpect(flash().attributeCount(0));
        assertThat(rectification.find(id).orElseThrow().status()).isEqualTo(RectificationService.Status.IN_PROGRESS);

        long foreign = rectification.create(new RectificationService.NewItem(other, null, null, "别处的问题", null, null, null, null,
                null), admin).id();
        mvc.perform(get("/lists/rectification/" + foreign).with(SignedIn.as(accounts, "worker"))).andExpect(status().isNotFound());
        mvc.perform(get("/lists/needs?gridId=" + other).with(SignedIn.as(accounts, "worker"))).andExpect(status().isNotFound());
        mvc.perform(post("/lists/needs").with(csrf()).with(SignedIn.as(accounts, "worker")).param("gridId", String.valueOf(micro))
                .param("category", "OTHER")).andExpect(redirectedUrl("/lists/needs"))
                .andExpect(flash().attribute("error", "请填写：事项"));
        mvc.perform(get("/lists/needs?lang=en").with(SignedIn.as(accounts, "worker"))).andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("Needs list")));
    }
}
