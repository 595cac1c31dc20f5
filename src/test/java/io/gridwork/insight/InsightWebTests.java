package io.gridwork.insight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

import io.gridwork.campaign.CampaignApi;
import io.gridwork.demand.DemandApi;
import io.gridwork.demand.DemandStatus;
import io.gridwork.demand.DemandView;
import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridLevel;
import io.gridwork.grid.GridNode;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.support.GridworkTest;
import io.gridwork.support.TestPeople;

/** The dashboard's API, page, export and scope; the sweep coverage; the workbench; the inbox filtered by a figure. */
@GridworkTest
class InsightWebTests {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @Autowired
    MockMvc mvc;
    @Autowired
    TestPeople people;
    @Autowired
    GridApi grid;
    @Autowired
    InsightApi insight;
    @Autowired
    CampaignApi campaigns;
    @Autowired
    DemandApi demands;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    io.gridwork.measures.MeasuresApi measures;

    long gridId(String name) {
        return jdbc.sql("select id from grid_node where name = ?").param(name).query(Long.class).single();
    }

    @Test
    void theApiAnswersWithinScopeAndKeepsOneRectificationRate() throws Exception {
        GridworkUser worker = people.user("worker");
        long micro = people.firstMicroGrid();
        mvc.perform(get("/api/insight/dashboard").param("gridId", String.valueOf(micro)).param("from", "2026-11-01")
                .param("to", "2026-11-30").with(user(worker))).andExpect(status().isOk())
                .andExpect(jsonPath("$.grid.id").value(micro))
                .andExpect(jsonPath("$.measures.resolutionRate").hasJsonPath())
                .andExpect(jsonPath("$.measures.received").isNumber())
                // 整改率 is the rectification list's; the demands' figure is named for what it is
                .andExpect(jsonPath("$.measures.rectificationRate").doesNotHaveJsonPath())
                .andExpect(jsonPath("$.rectification.found").isNumber())
                .andExpect(jsonPath("$.weekly.length()").value(12))
                .andExpect(jsonPath("$.monthly.length()").value(12))
                .andExpect(jsonPath("$.asOf").exists());
        mvc.perform(get("/api/measures").param("gridId", String.valueOf(micro)).param("from", "2026-11-01")
                .param("to", "2026-11-30").with(user(worker))).andExpect(status().isOk())
                .andExpect(jsonPath("$.total.resolutionRate").hasJsonPath())
                .andExpect(jsonPath("$.total.rectificationRate").doesNotHaveJsonPath())
                .andExpect(jsonPath("$.total.found").doesNotHaveJsonPath());
        // another micro-grid, or none at all: the same 404
        long second = gridId("学府憬城第2微网格");
        String outside = mvc.perform(get("/api/insight/dashboard").param("gridId", String.valueOf(second)).param("from", "2026-11-01")
                .param("to", "2026-11-30").with(user(worker))).andExpect(status().isNotFound()).andReturn().getResponse()
                .getContentAsString();
        String missing = mvc.perform(get("/api/insight/dashboard").param("gridId", "999999999").param("from", "2026-11-01")
                .param("to", "2026-11-30").with(user(worker))).andExpect(status().isNotFound()).andReturn().getResponse()
                .getContentAsString();
        assertThat(outside.replace(String.valueOf(second), "X")).isEqualTo(missing.replace("999999999", "X"));
        mvc.perform(get("/insight").param("grid", String.valueOf(second)).with(user(worker))).andExpect(status().isNotFound());
        mvc.perform(get("/api/insight/dashboard").param("gridId", String.valueOf(micro)).param("from", "2026-11-30")
                .param("to", "2026-11-01").with(user(worker))).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("invalid-period"));
        mvc.perform(get("/api/insight/dashboard").param("from", "2026-11-01").param("to", "2026-11-30").with(user(worker)))
                .andExpect(status().isBadRequest());
        mvc.perform(get("/api/insight/dashboard").param("gridId", String.valueOf(micro)).param("from", "2026-11-01")
                .param("to", "2026-11-30").with(user(people.user("resident")))).andExpect(status().isForbidden());
    }

    @Test
    void theExportHoldsWhatIsShownAndNamesNeverRunAsFormulas() throws Exception {
        GridworkUser community = people.user("community");
        GridNode demo = grid.nodeByCode("510108001001").orElseThrow();
        GridNode odd = grid.create(demo.id(), GridLevel.COMPOUND, "=HYPERLINK(\"x\")" + UUID.randomUUID().toString().substring(0, 6),
                null, null);
        byte[] xlsx = mvc.perform(get("/insight/dashboard.xlsx").param("grid", String.valueOf(demo.id()))
                .param("from", "2026-11-01").param("to", "2026-11-30").with(user(community))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsByteArray();
        Dashboard d = insight.dashboard(demo.id(), LocalDate.parse("2026-11-01"), LocalDate.parse("2026-11-30"), community,
                Locale.SIMPLIFIED_CHINESE);
        try (var wb = new ReadableWorkbook(new ByteArrayInputStream(xlsx))) {
            List<String> sheets = wb.getSheets().map(s -> s.getName()).toList();
            assertThat(sheets).containsExactly("指标", "分布", "趋势", "下级网格", "走访覆盖", "五寻常", "三大难题");
            List<Row> figures = wb.getSheets().toList().get(0).read();
            assertThat(figures.get(1).getCellText(0)).isEqualTo("按时办结率");
            assertThat(figures.get(1).getCellText(2)).isEqualTo(String.valueOf(d.measures().resolveDue()));
            assertThat(figures.get(4).getCellText(0)).isEqualTo("整改率");
            assertThat(figures.get(4).getCellText(2)).isEqualTo(String.valueOf(d.rectification().found()));
            assertThat(figures.get(5).getCellText(0)).isEqualTo("诉求解决率");
            List<Row> children = wb.getSheets().toList().get(3).read();
            List<String> names = new ArrayList<>();
            children.forEach(r -> names.add(r.getCellText(0)));
            assertThat(names).contains("'" + odd.name()).doesNotContain(odd.name());
            assertThat(children).hasSize(d.children().size() + 1);
            assertThat(wb.getSheets().toList().get(2).read()).hasSize(25);
        }
    }

    @Test
    void runningSweepsShowTheirCoverageOfTheGrid() {
        GridworkUser community = people.user("community");
        GridNode demo = grid.nodeByCode("510108001001").orElseThrow();
        GridNode compound = grid.create(demo.id(), GridLevel.COMPOUND, "覆盖小区" + UUID.randomUUID(), null, null);
        GridNode micro = grid.create(compound.id(), GridLevel.MICRO, "覆盖微网格", null, null);
        long building = grid.createBuilding(compound.id(), micro.id(), "1", "1栋", 6, null, null);
        long unit = grid.createUnit(building, "1");
        for (int r = 1; r <= 5; r++) {
            grid.createHousehold(unit, "10" + r, "OCCUPIED");
        }
        Instant now = Instant.now();
        long campaign = campaigns.create("燃气安全排查" + UUID.randomUUID().toString().substring(0, 4), "INSPECTION",
                List.of(micro.id()), "gas-safety", now.minus(1, ChronoUnit.HOURS), now.plus(2, ChronoUnit.DAYS), true, community);
        List<Long> households = campaigns.households(campaign);
        campaigns.recordVisit(campaign, UUID.randomUUID().toString(), households.get(0), "DONE",
                Map.of("hose_over_two_years", false, "valve", "正常", "alarm", true), now, community);
        campaigns.recordVisit(campaign, UUID.randomUUID().toString(), households.get(1), "NOT_HOME", Map.of(), now, community);
        LocalDate today = LocalDate.now(SHANGHAI);
        Dashboard d = insight.dashboard(compound.id(), today, today, community, Locale.SIMPLIFIED_CHINESE);
        assertThat(d.campaigns()).singleElement().satisfies(c -> {
            assertThat(c.campaignId()).isEqualTo(campaign);
            assertThat(c.inScope()).isEqualTo(5);
            assertThat(c.reached()).isEqualTo(1);
            assertThat(c.notHome()).isEqualTo(1);
            assertThat(c.percent()).isEqualTo(20);
        });
        campaigns.finish(campaign, community);
        assertThat(insight.dashboard(compound.id(), today, today, community, Locale.SIMPLIFIED_CHINESE).campaigns()).isEmpty();
    }

    @Test
    void theWorkbenchShowsTheCountsOfTheListsItLinksTo() throws Exception {
        GridworkUser worker = people.user("worker");
        long micro = people.firstMicroGrid();
        measures.catchUp(java.time.Duration.ofSeconds(30)); // the open demands are counted by the measures folder
        String html = mvc.perform(get("/insight/workbench").with(user(worker))).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString();
        long fresh = demands.countInbox(new DemandApi.InboxQuery(EnumSet.of(DemandStatus.SUBMITTED), null, null, null, micro, null,
                null, null), worker);
        long red = demands.countInbox(new DemandApi.InboxQuery(null, null, null, DemandView.Colour.RED, micro, null, null, null),
                worker);
        assertThat(html).contains("id=\"workbench\"")
                .contains("/demands?grid=" + micro + "&amp;status=SUBMITTED")
                .contains("/demands?grid=" + micro + "&amp;colour=RED")
                .containsPattern("id=\"wb-new\"[^>]*>\\s*<strong>" + fresh + "</strong>")
                .containsPattern("id=\"wb-red\"[^>]*>\\s*<strong>" + red + "</strong>")
                .contains("/notify/inbox").contains("/lists/rectification?gridId=" + micro);
        mvc.perform(get("/insight/workbench").with(user(people.user("resident")))).andExpect(status().isForbidden());
        mvc.perform(get("/insight/workbench").with(user(people.user("property")))).andExpect(status().isForbidden());
    }

    @Test
    void theDashboardPageReadsInEitherLanguageAndLinksEachFigureToItsList() throws Exception {
        GridworkUser community = people.user("community");
        long demo = grid.nodeByCode("510108001001").orElseThrow().id();
        String zh = mvc.perform(get("/insight").param("grid", String.valueOf(demo)).param("from", "2026-11-01")
                .param("to", "2026-11-30").with(user(community))).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString();
        assertThat(zh).contains("按时办结率").contains("整改率").contains("诉求解决率")
                .contains("/demands?grid=" + demo + "&amp;from=2026-11-01&amp;to=2026-11-30&amp;measure=RESOLVE_DUE")
                .contains("/lists/rectification?gridId=" + demo + "&amp;from=2026-11-01&amp;to=2026-11-30")
                .contains("/webjars/echarts/5.3.1/dist/echarts.min.js").contains("id=\"insight-data\"")
                .doesNotContain("??insight.");
        String en = mvc.perform(get("/insight").param("grid", String.valueOf(demo)).param("from", "2026-11-01")
                .param("to", "2026-11-30").param("lang", "en").with(user(community))).andExpect(status().isOk()).andReturn()
                .getResponse().getContentAsString();
        assertThat(en).contains("On-time closure").contains("Rectification rate").contains("Demands resolved")
                .doesNotContain("??insight.");
        mvc.perform(get("/insight").param("grid", String.valueOf(demo)).param("from", "2026-11-30").param("to", "2026-11-01")
                .with(user(community))).andExpect(status().isBadRequest());
    }

    @Test
    void theInboxListsTheDemandsBehindAFigure() throws Exception {
        GridworkUser community = people.user("community");
        long demo = grid.nodeByCode("510108001001").orElseThrow().id();
        String html = mvc.perform(get("/demands").param("grid", String.valueOf(demo)).param("from", "2026-11-01")
                .param("to", "2026-11-30").param("measure", "RESOLVE_LATE").with(user(community))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(html).contains("id=\"filter-measure\"").contains("未按时办结").contains("value=\"RESOLVE_LATE\"");
        mvc.perform(get("/demands").param("measure", "NOT_A_MEASURE").with(user(community))).andExpect(status().isBadRequest());
    }
}
