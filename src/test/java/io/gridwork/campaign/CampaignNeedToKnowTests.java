package io.gridwork.campaign;

import static io.gridwork.support.SignedIn.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import io.gridwork.shared.security.GridworkUser;
import io.gridwork.support.GridworkTest;
import io.gridwork.support.TestPeople;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Need-to-know of a campaign's results (issue 12): grid staff of the register read rooms, answers and photos of their
 * own grids only; the property company, owners committee, party branch, the service team and volunteers read counts
 * by building, never a room, a household id or an answer; volunteers keep the households of the buildings they visit.
 */
@GridworkTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CampaignNeedToKnowTests {

    static final JsonMapper JSON = JsonMapper.builder().build();
    /** Accounts that see the campaign (their grids overlap it) but read no room. */
    static final List<String> COUNTS_ONLY = List.of("property", "owners", "party", "police", "doctor", "lawyer", "social",
            "department");

    @Autowired
    MockMvc mvc;
    @Autowired
    UserDetailsService users;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TestPeople people;

    /** A household of the test: its id, building and the address fragment that names its room (3栋2单元1201). */
    record Home(long id, long buildingId, String buildingNumber, String room) {
    }

    long campaign;
    Home first;
    Home fifth;
    long photo;
    GridworkUser volunteerFirst;
    GridworkUser volunteerFifth;

    long gridId(String name) {
        return jdbc.sql("select id from grid_node where name = ?").param(name).query(Long.class).single();
    }

    Home home(String microGrid, int index) {
        return jdbc.sql("""
                select h.id, b.id, b.number, b.number || '栋' || u.number || '单元' || h.room
                  from household h join unit u on u.id = h.unit_id join building b on b.id = u.building_id
                 where b.micro_grid_id = ? and b.number not like 'T%' order by h.id""").param(gridId(microGrid))
                .query((rs, n) -> new Home(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4))).list().get(index);
    }

    JsonNode post(String url, RequestPostProcessor who, Object body) throws Exception {
        String answer = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post(url).with(who)
                .with(csrf()).contentType(MediaType.APPLICATION_JSON).content(JSON.writeValueAsString(body)))
                .andReturn().getResponse().getContentAsString();
        return JSON.readTree(answer);
    }

    static Map<String, Object> visit(long household, Map<String, Object> answers) {
        var m = new HashMap<String, Object>();
        m.put("clientId", UUID.randomUUID().toString());
        m.put("householdId", household);
        m.put("outcome", "DONE");
        m.put("answers", answers);
        return m;
    }

    /**
     * A gas-safety sweep over the whole of 学府憬城: the demo worker (第1微网格) finds a missing gas alarm in one
     * household, with a photo; the community secretary a leaking valve in 第5微网格; fresh residents volunteer for
     * each micro-grid.
     */
    @BeforeAll
    void sweep() throws Exception {
        var community = as(users, "community");
        campaign = post("/api/campaigns", community, Map.of("title", "全小区燃气排查 " + UUID.randomUUID(), "kind", "EMERGENCY",
                "gridIds", List.of(gridId("学府憬城")), "template", "gas-safety", "dispatch", true)).get("id").asLong();
        first = home("学府憬城第1微网格", 7);
        fifth = home("学府憬城第5微网格", 3);
        var worker = as(users, "worker");
        photo = JSON.readTree(mvc.perform(multipart("/api/campaigns/" + campaign + "/photos")
                .file(new MockMultipartFile("file", "alarm.jpg", "image/jpeg", CampaignApiTests.jpeg()))
                .param("clientId", UUID.randomUUID().toString()).with(worker).with(csrf()))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString()).get("id").asLong();
        assertThat(post("/api/campaigns/" + campaign + "/visits", worker, visit(first.id(), Map.of("hose_over_two_years", false,
                "valve", "正常", "alarm", false, "photo", List.of(photo)))).get("hazards").asInt()).isEqualTo(1);
        assertThat(post("/api/campaigns/" + campaign + "/visits", community, visit(fifth.id(), Map.of("hose_over_two_years", false,
                "valve", "漏气", "alarm", true))).get("hazards").asInt()).isEqualTo(1);
        volunteerFirst = people.freshResident();
        volunteerFifth = people.freshResident();
        post("/api/campaigns/" + campaign + "/volunteers", community, Map.of("username", volunteerFirst.getUsername(),
                "gridId", gridId("学府憬城第1微网格")));
        post("/api/campaigns/" + campaign + "/volunteers", community, Map.of("username", volunteerFifth.getUsername(),
                "gridId", gridId("学府憬城第5微网格")));
    }

    /** What a page says, tags and the CSRF token left out. */
    String page(String url, RequestPostProcessor who) throws Exception {
        String html = mvc.perform(get(url).with(who)).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString();
        assertThat(html).doesNotContain("/households/").doesNotContain("householdId").doesNotContain("data-household");
        return html.replaceAll("(?s)<head>.*?</head>", " ").replaceAll("(?s)<script.*?</script>", " ")
                .replaceAll("<[^>]+>", " ").replaceAll("\\s+", " ");
    }

    /** Rooms and answers that a counts-only viewer must not read (household ids: see {@link #page}). */
    void noRoomsIn(String text) {
        assertThat(text).doesNotContain(first.room()).doesNotContain(fifth.room())
                .doesNotContain("已安装燃气报警器").doesNotContain("燃气阀门状况").doesNotContain("漏气")
                .doesNotContain("true").doesNotContain("false");
    }

    static List<List<String>> sheet(byte[] xlsx, int index) throws Exception {
        try (var wb = new ReadableWorkbook(new ByteArrayInputStream(xlsx))) {
            List<List<String>> out = new ArrayList<>();
            for (Row row : wb.getSheet(index).orElseThrow().read()) {
                List<String> cells = new ArrayList<>();
                for (int c = 0; c < row.getCellCount(); c++) {
                    cells.add(row.getCell(c) == null ? "" : row.getCellText(c));
                }
                out.add(cells);
            }
            return out;
        }
    }

    byte[] report(RequestPostProcessor who) throws Exception {
        return mvc.perform(get("/api/campaigns/" + campaign + "/report.xlsx").with(who)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsByteArray();
    }

    @Test
    void aMicroGridWorkerReadsTheRoomsAndAnswersOfTheirOwnMicroGridOnly() throws Exception {
        var worker = as(users, "worker");
        String summary = page("/campaigns/" + campaign + "/summary", worker);
        assertThat(summary).contains(first.room()).contains("已安装燃气报警器: 否").contains("学府憬城第1微网格")
                .doesNotContain(fifth.room()).doesNotContain("燃气阀门状况").doesNotContain("学府憬城第5微网格")
                .doesNotContain("false");

        byte[] xlsx = report(worker);
        String visits = String.join("\n", sheet(xlsx, 2).stream().map(r -> String.join("|", r)).toList());
        assertThat(visits).contains(first.room()).doesNotContain(fifth.room()).doesNotContain("漏气");
        List<String> grids = sheet(xlsx, 1).stream().skip(1).map(r -> r.get(1)).toList();
        assertThat(grids).containsExactly("学府憬城第1微网格");
        long inFirst = jdbc.sql("select count(*) from campaign_household where campaign_id = ? and grid_id = ?")
                .params(campaign, gridId("学府憬城第1微网格")).query(Long.class).single();
        List<List<String>> totals = sheet(xlsx, 0);
        assertThat(totals.stream().filter(r -> r.get(0).equals("应查户数")).findFirst().orElseThrow().get(1))
                .isEqualTo(String.valueOf(inFirst));
        // the campaign's figures in the API are the worker's part too
        mvc.perform(get("/api/campaigns/" + campaign).with(worker)).andExpect(status().isOk())
                .andExpect(jsonPath("$.coverage.inScope").value(inFirst)).andExpect(jsonPath("$.coverage.hazards").value(1));

        // another micro-grid's households, and the photos of its visits, are answered as not there
        mvc.perform(get("/api/campaigns/" + campaign + "/buildings/" + fifth.buildingId() + "/households").with(worker))
                .andExpect(status().isNotFound());
        assertThat(mvc.perform(get("/api/campaigns/" + campaign + "/buildings/" + first.buildingId() + "/households").with(worker))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString()).contains("\"householdId\":" + first.id());
        mvc.perform(get("/campaigns/photos/" + photo).with(as(users, "leader"))).andExpect(status().isOk());
    }

    @Test
    void theCompoundLeaderAndCommunityReadEveryRoomOfTheirGrids() throws Exception {
        String summary = page("/campaigns/" + campaign + "/summary", as(users, "compound"));
        assertThat(summary).contains(first.room()).contains(fifth.room()).contains("已安装燃气报警器: 否")
                .contains("燃气阀门状况: 漏气").doesNotContain("false");
        String visits = String.join("\n", sheet(report(as(users, "community")), 2).stream().map(r -> String.join("|", r))
                .toList());
        assertThat(visits).contains(first.room()).contains(fifth.room()).doesNotContain("false").doesNotContain("true");
        mvc.perform(get("/campaigns/photos/" + photo + "/thumb").with(as(users, "community"))).andExpect(status().isOk());
        assertThat(page("/campaigns/" + campaign, as(users, "worker"))).contains("导出 Excel");
    }

    @Test
    void thePropertyOwnersPartyAndServiceTeamReadCountsByBuildingAndNoRoom() throws Exception {
        long inFirstBuilding = jdbc.sql("select count(*) from campaign_household where campaign_id = ? and building_id = ?")
                .params(campaign, first.buildingId()).query(Long.class).single();
        for (String account : COUNTS_ONLY) {
            var who = as(users, account);
            String summary = page("/campaigns/" + campaign + "/summary", who);
            assertThat(summary).as(account).contains("各楼栋情况")
                    .contains("学府憬城 " + first.buildingNumber() + "栋：应查 " + inFirstBuilding + " 户")
                    .contains("学府憬城 " + fifth.buildingNumber() + "栋：应查");
            noRoomsIn(summary);
            String show = page("/campaigns/" + campaign, who);
            assertThat(show).as(account).doesNotContain("导出 Excel").doesNotContain(volunteerFirst.getUsername());
            noRoomsIn(show);
            // nor who the volunteers are (residents)
            mvc.perform(get("/api/campaigns/" + campaign + "/volunteers").with(who)).andExpect(status().isForbidden());

            // the room-level report, households, revisits and visit photos are not theirs
            mvc.perform(get("/api/campaigns/" + campaign + "/report.xlsx").with(who)).andExpect(status().isForbidden());
            mvc.perform(get("/api/campaigns/" + campaign + "/buildings/" + first.buildingId() + "/households").with(who))
                    .andExpect(status().isForbidden()).andExpect(jsonPath("$.code").value("visitors-only"));
            mvc.perform(get("/campaigns/photos/" + photo).with(who)).andExpect(status().isForbidden());
            mvc.perform(get("/campaigns/photos/" + photo + "/thumb").with(who)).andExpect(status().isForbidden());
            for (String url : List.of("/api/campaigns/" + campaign, "/api/campaigns/" + campaign + "/coverage",
                    "/api/campaigns/" + campaign + "/buildings", "/api/campaigns/" + campaign + "/revisits")) {
                String body = mvc.perform(get(url).with(who)).andExpect(status().isOk()).andReturn().getResponse()
                        .getContentAsString();
                assertThat(body).as("%s as %s", url, account).doesNotContain(first.room()).doesNotContain(fifth.room())
                        .doesNotContain("householdId").doesNotContain("\"room\"").doesNotContain("已安装燃气报警器: ");
            }
        }
        // in English too, in words
        assertThat(page("/campaigns/" + campaign + "/summary?lang=en", as(users, "owners")))
                .contains("households in scope").contains("By building");
        // an account that sees nothing of the campaign: answered as if there were none
        mvc.perform(get("/campaigns/" + campaign + "/summary").with(as(users, "merchant"))).andExpect(status().isNotFound());
    }

    @Test
    void volunteersVisitTheirBuildingsButReadCountsOnlyAndNoReport() throws Exception {
        var volunteer = user(volunteerFirst);
        // what the visits need: the households of their buildings, with rooms
        String households = mvc.perform(get("/api/campaigns/" + campaign + "/buildings/" + first.buildingId() + "/households")
                .with(volunteer)).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(households).contains("\"householdId\":" + first.id());
        mvc.perform(get("/api/campaigns/" + campaign + "/buildings/" + fifth.buildingId() + "/households").with(volunteer))
                .andExpect(status().isNotFound());
        mvc.perform(get("/campaigns/photos/" + photo).with(volunteer)).andExpect(status().isOk());
        mvc.perform(get("/campaigns/photos/" + photo).with(user(volunteerFifth))).andExpect(status().isNotFound());

        // but not the room-level report or summary: counts by building of their part
        mvc.perform(get("/api/campaigns/" + campaign + "/report.xlsx").with(volunteer)).andExpect(status().isForbidden());
        String summary = page("/campaigns/" + campaign + "/summary", volunteer);
        assertThat(summary).contains("学府憬城 " + first.buildingNumber() + "栋：应查");
        noRoomsIn(summary);
        String other = page("/campaigns/" + campaign + "/summary", user(volunteerFifth));
        assertThat(other).contains("学府憬城 " + fifth.buildingNumber() + "栋：应查")
                .doesNotContain("学府憬城 " + first.buildingNumber() + "栋：应查");
        noRoomsIn(other);
    }
}
