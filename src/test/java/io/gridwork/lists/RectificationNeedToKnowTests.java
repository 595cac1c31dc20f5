package io.gridwork.lists;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import io.gridwork.demand.Party;
import io.gridwork.lists.internal.RectificationService;
import io.gridwork.support.GridworkTest;
import io.gridwork.support.SignedIn;
import io.gridwork.support.TestPeople;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Need-to-know on the rectification list (issue 12): grid staff see every item of their grids with its household;
 * the property company, owners committee, party branch and service team only the items assigned to their own party,
 * with the address to go to but no household id (and the rate, counts per grid, for all of them); anything else is
 * answered as not found, in the list, the item, the Excel export, the pages and the photos.
 */
@GridworkTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RectificationNeedToKnowTests {

    static final JsonMapper JSON = JsonMapper.builder().build();

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

    final String tag = "知情" + UUID.randomUUID().toString().substring(0, 8);
    long micro;
    long household;
    String room;
    long forProperty;
    long forOwners;
    long forGrid;
    long forPolice;
    long sweep;
    long sweepPhoto;

    ResultActions as(String user, org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder r) throws Exception {
        return mvc.perform(r.with(SignedIn.as(accounts, user)));
    }

    JsonNode postJson(String user, String url, Object body) throws Exception {
        return JSON.readTree(mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post(url)
                .with(SignedIn.as(accounts, user)).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                .content(JSON.writeValueAsString(body))).andReturn().getResponse().getContentAsString());
    }

    long item(Long householdId, String title, Party party) {
        return rectification.create(new RectificationService.NewItem(householdId == null ? micro : null, householdId, null,
                title + " " + tag, null, party, null, null, null), people.user("community")).id();
    }

    @BeforeAll
    void items() throws Exception {
        micro = people.firstMicroGrid();
        record Home(long id, String room) {
        }
        Home home = jdbc.sql("""
                select h.id, b.number || '栋' || u.number || '单元' || h.room
                  from household h join unit u on u.id = h.unit_id join building b on b.id = u.building_id
                 where b.micro_grid_id = ? and b.number not like 'T%' order by h.id desc fetch first 1 rows only""")
                .param(micro).query((rs, n) -> new Home(rs.getLong(1), rs.getString(2))).single();
        household = home.id();
        room = home.room();
        forProperty = item(household, "厨房燃气管老化", Party.PROPERTY);
        forOwners = item(null, "小区公共收益公示不全", Party.OWNERS_COMMITTEE);
        forGrid = item(household, "独居老人家中电线裸露", Party.GRID);
        forPolice = item(null, "夜间电动车被盗", Party.POLICE);

        // a sweep: the worker finds a missing gas alarm (with a photo); the item is handed to the property company
        long campaign = postJson("community", "/api/campaigns", Map.of("title", "燃气排查 " + tag, "kind", "EMERGENCY",
                "gridIds", List.of(micro), "template", "gas-safety", "dispatch", true)).get("id").asLong();
        sweepPhoto = JSON.readTree(mvc.perform(multipart("/api/campaigns/" + campaign + "/photos")
                .file(new MockMultipartFile("file", "alarm.jpg", "image/jpeg", ListsApiTests.jpeg()))
                .param("clientId", UUID.randomUUID().toString()).with(SignedIn.as(accounts, "worker")).with(csrf()))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString()).get("id").asLong();
        postJson("worker", "/api/campaigns/" + campaign + "/visits", Map.of("clientId", UUID.randomUUID().toString(),
                "householdId", household, "outcome", "DONE", "answers", Map.of("hose_over_two_years", false, "valve", "正常",
                        "alarm", false, "photo", List.of(sweepPhoto))));
        await().atMost(Duration.ofSeconds(15)).until(() -> jdbc.sql(
                "select count(*) from rectification_item where campaign_id = ?").param(campaign).query(Long.class).single() == 1);
        sweep = jdbc.sql("select id from rectification_item where campaign_id = ?").param(campaign).query(Long.class).single();
        postJson("worker", "/api/rectifications/" + sweep + "/status", Map.of("status", "IN_PROGRESS", "party", "PROPERTY",
                "measures", "通知住户加装燃气报警器", "deadline", LocalDate.now(ZoneId.of("Asia/Shanghai")).plusDays(5).toString()));
    }

    List<Long> listed(String user) throws Exception {
        JsonNode list = JSON.readTree(as(user, get("/api/rectifications?q=" + tag)).andExpect(status().isOk()).andReturn()
                .getResponse().getContentAsString());
        List<Long> ids = new ArrayList<>();
        list.forEach(i -> ids.add(i.get("id").asLong()));
        return ids;
    }

    List<List<String>> exported(String user) throws Exception {
        return ListsApiTests.rows(as(user, get("/api/rectifications.xlsx?q=" + tag)).andExpect(status().isOk()).andReturn()
                .getResponse().getContentAsByteArray());
    }

    String page(String user, String url) throws Exception {
        String html = as(user, get(url)).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        return html.replaceAll("(?s)<head>.*?</head>", " ").replaceAll("(?s)<script.*?</script>", " ")
                .replaceAll("<[^>]+>", " ").replaceAll("\\s+", " ");
    }

    @Test
    void gridStaffSeeEveryItemOfTheirGridsWithItsHousehold() throws Exception {
        assertThat(listed("worker")).containsExactlyInAnyOrder(forProperty, forOwners, forGrid, forPolice, sweep);
        as("worker", get("/api/rectifications/" + forGrid)).andExpect(status().isOk())
                .andExpect(jsonPath("$.householdId").value(household))
                .andExpect(jsonPath("$.address").value(org.hamcrest.Matchers.endsWith(room)));
        as("worker", get("/api/rectifications/" + sweep)).andExpect(status().isOk())
                .andExpect(jsonPath("$.title").value("已安装燃气报警器: 否"))
                .andExpect(jsonPath("$.visitId").isNumber());
        List<List<String>> rows = exported("compound");
        assertThat(rows).hasSize(6);
        assertThat(rows.get(0)).contains("地址");
        assertThat(rows.toString()).contains(room).contains("独居老人家中电线裸露");
        as("worker", get("/api/rectifications/" + sweep + "/sweep-photos/" + sweepPhoto + "?thumb=true"))
                .andExpect(status().isOk()).andExpect(content().contentType(MediaType.IMAGE_JPEG));
        String text = page("worker", "/lists/rectification?q=" + tag);
        assertThat(text).contains("独居老人家中电线裸露").contains("夜间电动车被盗").contains(room).doesNotContain("false");
    }

    @Test
    void thePropertyCompanySeesTheItemsAssignedToItWithTheAddressAndNoHouseholdId() throws Exception {
        assertThat(listed("property")).containsExactlyInAnyOrder(forProperty, sweep);
        String list = as("property", get("/api/rectifications?q=" + tag)).andReturn().getResponse().getContentAsString();
        JsonNode items = JSON.readTree(list);
        for (JsonNode i : items) {
            assertThat(i.get("householdId").isNull()).isTrue();
            assertThat(i.get("visitId").isNull()).isTrue();
            assertThat(i.get("sourceKey").isNull()).isTrue();
            assertThat(i.get("party").asString()).isEqualTo("PROPERTY");
        }
        assertThat(list).contains(room).doesNotContain("\"householdId\":" + household).doesNotContain("独居老人")
                .doesNotContain("公共收益");
        as("property", get("/api/rectifications/" + forProperty)).andExpect(status().isOk())
                .andExpect(jsonPath("$.address").value(org.hamcrest.Matchers.endsWith(room)))
                .andExpect(jsonPath("$.householdId").isEmpty());
        // what is not theirs is not there
        for (long other : List.of(forGrid, forOwners, forPolice)) {
            as("property", get("/api/rectifications/" + other)).andExpect(status().isNotFound())
                    .andExpect(jsonPath("$.code").value("not-found"));
            as("property", get("/lists/rectification/" + other)).andExpect(status().isNotFound());
        }
        List<List<String>> rows = exported("property");
        assertThat(rows).hasSize(3);
        assertThat(rows.toString()).contains("厨房燃气管老化").contains(room).doesNotContain("独居老人")
                .doesNotContain("公共收益").doesNotContain("电动车").doesNotContain("false");

        // the sweep's photos come with the item; a photo that is not the item's is not found
        as("property", get("/api/rectifications/" + sweep + "/sweep-photos/" + sweepPhoto)).andExpect(status().isOk())
                .andExpect(content().contentType(MediaType.IMAGE_JPEG));
        as("property", get("/api/rectifications/" + forProperty + "/sweep-photos/" + sweepPhoto)).andExpect(status().isNotFound());
        as("property", get("/campaigns/photos/" + sweepPhoto)).andExpect(status().isForbidden());

        // pages: the address, the photos, the party's own items only, no raw ids or true/false
        String text = page("property", "/lists/rectification?q=" + tag);
        assertThat(text).contains("厨房燃气管老化").contains(room).contains("只列出分派给本单位")
                .doesNotContain("独居老人").doesNotContain("公共收益").doesNotContain("false").doesNotContain("true");
        String html = as("property", get("/lists/rectification/" + sweep)).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString();
        assertThat(html).contains("/api/rectifications/" + sweep + "/sweep-photos/" + sweepPhoto).contains(room)
                .contains("已安装燃气报警器: 否").doesNotContain("#" + sweepPhoto).doesNotContain("name=\"party\"");
        // it acts on its items but does not hand them to someone else
        postJson("property", "/api/rectifications/" + forProperty + "/status", Map.of("status", "IN_PROGRESS", "party", "GRID",
                "measures", "x", "deadline", LocalDate.now(ZoneId.of("Asia/Shanghai")).plusDays(2).toString()));
        assertThat(rectification.find(forProperty).orElseThrow().party()).isEqualTo(Party.PROPERTY);
        assertThat(rectification.find(forProperty).orElseThrow().status()).isEqualTo(RectificationService.Status.OPEN);
    }

    @Test
    void ownersPartyAndServiceTeamSeeTheirOwnPartysItemsAndTheRateOnly() throws Exception {
        Map<String, List<Long>> expected = Map.of("owners", List.of(forOwners), "party", List.of(), "police", List.of(forPolice),
                "doctor", List.of(), "lawyer", List.of(), "social", List.of(), "department", List.of());
        for (var e : expected.entrySet()) {
            String who = e.getKey();
            assertThat(listed(who)).as(who).containsExactlyInAnyOrderElementsOf(e.getValue());
            for (long other : List.of(forProperty, forGrid, sweep)) {
                as(who, get("/api/rectifications/" + other)).andExpect(status().isNotFound());
                as(who, get("/api/rectifications/" + sweep + "/sweep-photos/" + sweepPhoto)).andExpect(status().isNotFound());
            }
            List<List<String>> rows = exported(who);
            assertThat(rows).as(who).hasSize(1 + e.getValue().size());
            assertThat(rows.toString()).as(who).doesNotContain(room).doesNotContain("燃气");
            String text = page(who, "/lists/rectification?q=" + tag);
            assertThat(text).as(who).doesNotContain(room).doesNotContain("燃气").doesNotContain("独居老人").contains("整改率");
            // counts, no items: the rectification rate of their grids
            String rate = as(who, get("/api/rectifications/rate?gridId=" + micro)).andExpect(status().isOk()).andReturn()
                    .getResponse().getContentAsString();
            assertThat(JSON.readTree(rate).get("total").get("found").asLong()).as(who).isGreaterThanOrEqualTo(5);
            assertThat(rate).doesNotContain(room).doesNotContain("燃气");
        }
        // the owners committee acts on its own item and cannot reach the property company's
        postJson("owners", "/api/rectifications/" + forProperty + "/status", Map.of("status", "RECTIFIED", "note", "x"));
        as("owners", get("/lists/rectification/" + forOwners)).andExpect(status().isOk());
        as("owners", get("/lists/rectification/" + forProperty)).andExpect(status().isNotFound());
        assertThat(rectification.find(forProperty).orElseThrow().status()).isEqualTo(RectificationService.Status.OPEN);
    }
}
