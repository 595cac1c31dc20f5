package io.gridwork.lists;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import javax.imageio.ImageIO;

import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import io.gridwork.demand.internal.DemandService;
import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridLevel;
import io.gridwork.grid.GridNode;
import io.gridwork.people.PersonalDataCipher;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.support.GridworkTest;
import io.gridwork.support.SignedIn;
import io.gridwork.support.TestPeople;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

@GridworkTest
class ListsApiTests {

    static final LocalDate TODAY = LocalDate.now(ZoneId.of("Asia/Shanghai"));

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    UserDetailsService accounts;
    @Autowired
    TestPeople people;
    @Autowired
    ObjectMapper json;
    @Autowired
    DemandService demands;
    @Autowired
    PersonalDataCipher cipher;
    @Autowired
    GridApi grid;
    @Autowired
    ListsApi lists;

    long gridNamed(String name) {
        return jdbc.sql("select id from grid_node where name = ?").param(name).query(Long.class).single();
    }

    long householdOf(long microGridId, int n) {
        return jdbc.sql("""
                select h.id from household h join unit u on u.id = h.unit_id join building b on b.id = u.building_id
                 where b.micro_grid_id = ? order by h.id""").param(microGridId).query(Long.class).list().get(n);
    }

    long count(String table) {
        return jdbc.sql("select count(*) from " + table).query(Long.class).single();
    }

    ResultActions post(String user, String path, String body) throws Exception {
        return mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post(path).with(csrf())
                .with(SignedIn.as(accounts, user)).contentType(MediaType.APPLICATION_JSON).content(body));
    }

    JsonNode read(ResultActions r) throws Exception {
        return json.readTree(r.andReturn().getResponse().getContentAsString());
    }

    static byte[] jpeg() throws Exception {
        var img = new java.awt.image.BufferedImage(64, 48, java.awt.image.BufferedImage.TYPE_INT_RGB);
        var out = new ByteArrayOutputStream();
        ImageIO.write(img, "jpeg", out);
        return out.toByteArray();
    }

    // ---- needs ----------------------------------------------------------------------------------

    @Test
    void needsComeByHandFromOpinionsAndFromDemandsOnceEach() throws Exception {
        long micro = people.firstMicroGrid();
        long household = householdOf(micro, 2);
        String tag = UUID.randomUUID().toString().substring(0, 8);
        JsonNode manual = read(post("worker", "/api/needs", """
                {"gridId":%d,"householdId":%d,"category":"ELDERLY_CARE","title":"独居老人需要助餐 %s"}"""
                .formatted(micro, household, tag)).andExpect(status().isCreated()));
        assertThat(manual.path("source").asString()).isEqualTo("MANUAL");
        assertThat(manual.path("status").asString()).isEqualTo("OPEN");

        long opinion = read(post("worker", "/api/routine", """
                {"kind":"OPINION_COLLECTION","householdIds":[%d],"summary":"居民希望增设晾衣架 %s"}""".formatted(household, tag))
                .andExpect(status().isCreated())).path("id").asLong();
        JsonNode fromOpinion = read(post("worker", "/api/needs", """
                {"routineEntryId":%d,"category":"ENVIRONMENT","title":"增设晾衣架 %s"}""".formatted(opinion, tag))
                .andExpect(status().isCreated()));
        assertThat(fromOpinion.path("source").asString()).isEqualTo("OPINION");
        assertThat(fromOpinion.path("gridId").asLong()).isEqualTo(micro);
        assertThat(fromOpinion.path("householdId").asLong()).isEqualTo(household);

        GridworkUser resident = people.freshResident();
        long demand = demands.submit(new DemandService.Submission("OTHER", "希望社区开设老年大学 " + tag, null, null, null, null,
                null, null, null, false, null, null, null), resident, null).id();
        JsonNode fromDemand = read(post("worker", "/api/needs", """
                {"demandId":%d,"category":"CULTURE","title":"老年大学 %s"}""".formatted(demand, tag)).andExpect(status().isCreated()));
        assertThat(fromDemand.path("source").asString()).isEqualTo("DEMAND");
        assertThat(fromDemand.path("demandRef").asString()).isNotBlank();
        long needs = count("need_item");
        post("worker", "/api/needs", "{\"demandId\":%d,\"category\":\"CULTURE\",\"title\":\"again\"}".formatted(demand))
                .andExpect(status().isConflict()).andExpect(jsonPath("$.code").value("duplicate-need"));

        // bad input changes nothing
        long mediation = read(post("worker", "/api/routine", """
                {"kind":"MEDIATION","gridId":%d,"mediationParties":"甲乙","mediationIssue":"噪音","mediationOutcome":"和解",
                 "agreementReached":false}""".formatted(micro)).andExpect(status().isCreated())).path("id").asLong();
        post("worker", "/api/needs", "{\"routineEntryId\":%d,\"category\":\"OTHER\",\"title\":\"x\"}".formatted(mediation))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("not-a-needs-source"));
        post("worker", "/api/needs", "{\"gridId\":%d,\"title\":\"x\"}".formatted(micro)).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("category"));
        post("worker", "/api/needs", "{\"gridId\":%d,\"category\":\"OTHER\"}".formatted(micro)).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("title"));
        post("worker", "/api/needs", "{\"category\":\"OTHER\",\"title\":\"x\"}").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("gridId"));
        post("worker", "/api/needs", "{\"demandId\":999999999,\"category\":\"OTHER\",\"title\":\"x\"}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("unknown-demand"));
        post("worker", "/api/needs", "{\"householdId\":999999999,\"category\":\"OTHER\",\"title\":\"x\"}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("unknown-household"));
        post("worker", "/api/needs", "{\"gridId\":%d,\"category\":\"OTHER\",\"title\":\"x\"}".formatted(gridNamed("碧鸡桥小区")))
                .andExpect(status().isNotFound());
        post("property", "/api/needs", "{\"gridId\":%d,\"category\":\"OTHER\",\"title\":\"x\"}".formatted(micro))
                .andExpect(status().isForbidden());
        assertThat(count("need_item")).isEqualTo(needs);

        // status: OPEN → IN_PROGRESS → MET; MET is final
        long id = manual.path("id").asLong();
        post("worker", "/api/needs/" + id + "/status", "{\"status\":\"IN_PROGRESS\",\"note\":\"联系助餐点\"}").andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("IN_PROGRESS"));
        post("worker", "/api/needs/" + id + "/status", "{\"status\":\"MET\"}").andExpect(status().isOk());
        post("worker", "/api/needs/" + id + "/status", "{\"status\":\"OPEN\"}").andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("illegal-transition")).andExpect(jsonPath("$.status").value("MET"));
        post("worker", "/api/needs/" + id + "/status", "{}").andExpect(status().isBadRequest());

        // filters and scope
        List<String> titles = read(mvc.perform(get("/api/needs?status=MET&q=" + tag).with(SignedIn.as(accounts, "compound")))
                .andExpect(status().isOk())).findValues("title").stream().map(JsonNode::asString).toList();
        assertThat(titles).containsExactly("独居老人需要助餐 " + tag);
        assertThat(read(mvc.perform(get("/api/needs?source=DEMAND&q=" + tag).with(SignedIn.as(accounts, "worker")))
                .andExpect(status().isOk())).size()).isEqualTo(1);
        mvc.perform(get("/api/needs?gridId=" + gridNamed("碧鸡桥小区")).with(SignedIn.as(accounts, "worker")))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/needs/" + id).with(SignedIn.as(accounts, "worker"))).andExpect(status().isOk());

        // export: the rows the filter selects, read back
        byte[] xlsx = mvc.perform(get("/api/needs.xlsx?q=" + tag).with(SignedIn.as(accounts, "worker")))
                .andExpect(status().isOk()).andExpect(header().string("X-Total-Count", "3"))
                .andReturn().getResponse().getContentAsByteArray();
        List<List<String>> rows = rows(xlsx);
        assertThat(rows.get(0)).contains("编号", "类别", "事项", "状态");
        assertThat(rows).hasSize(4);
        assertThat(rows.stream().map(r -> r.get(3)).toList()).contains("独居老人需要助餐 " + tag, "增设晾衣架 " + tag);
        assertThat(rows.stream().map(r -> r.get(7)).toList()).contains("已满足", "待对接");
    }

    @Test
    void searchMatchesPercentAndUnderscoreLiterallyAndExportsNoLiveFormulas() throws Exception {
        long micro = people.firstMicroGrid();
        String tag = UUID.randomUUID().toString().substring(0, 8);
        post("worker", "/api/needs", "{\"gridId\":%d,\"category\":\"OTHER\",\"title\":\"=HYPERLINK(\\\"http://evil.example\\\") 100%% %s\"}"
                .formatted(micro, tag)).andExpect(status().isCreated());
        post("worker", "/api/needs", "{\"gridId\":%d,\"category\":\"OTHER\",\"title\":\"1000 a_b %s\"}".formatted(micro, tag))
                .andExpect(status().isCreated());

        // "%" and "_" are no wildcards: "0%" finds the first only, "a_b" the second only, "a%b" neither
        assertThat(read(mvc.perform(get("/api/needs").param("q", "0% " + tag).with(SignedIn.as(accounts, "worker")))
                .andExpect(status().isOk())).size()).isEqualTo(1);
        assertThat(read(mvc.perform(get("/api/needs").param("q", "a_b " + tag).with(SignedIn.as(accounts, "worker")))
                .andExpect(status().isOk())).size()).isEqualTo(1);
        assertThat(read(mvc.perform(get("/api/needs").param("q", "a%b " + tag).with(SignedIn.as(accounts, "worker")))
                .andExpect(status().isOk())).size()).isZero();

        byte[] xlsx = mvc.perform(get("/api/needs.xlsx").param("q", tag).with(SignedIn.as(accounts, "worker")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsByteArray();
        assertThat(rows(xlsx).stream().map(r -> r.get(3)).toList())
                .contains("'=HYPERLINK(\"http://evil.example\") 100% " + tag, "1000 a_b " + tag);
    }

    static List<List<String>> rows(byte[] xlsx) throws Exception {
        List<List<String>> out = new ArrayList<>();
        try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(xlsx)); var stream = wb.getFirstSheet().openStream()) {
            for (Row row : stream.toList()) {
                List<String> cells = new ArrayList<>();
                for (int c = 0; c < row.getCellCount(); c++) {
                    cells.add(row.getCell(c) == null ? "" : row.getCellText(c));
                }
                out.add(cells);
            }
        }
        return out;
    }

    // ---- resources ------------------------------------------------------------------------------

    @Test
    void resourcesKeepTheirPhoneEncryptedAndShowItMasked() throws Exception {
        long compound = gridNamed("学府憬城");
        String name = "王师傅水电维修 " + UUID.randomUUID().toString().substring(0, 8);
        JsonNode r = read(post("compound", "/api/resources", """
                {"gridId":%d,"kind":"PERSON","name":"%s","description":"水电维修，免费帮助老人","contactName":"王师傅",
                 "phone":"138 1234 5678","availability":"周末"}""".formatted(compound, name)).andExpect(status().isCreated()));
        assertThat(r.path("phoneMasked").asString()).isEqualTo("138****5678");
        assertThat(r.toString()).doesNotContain("13812345678");
        var stored = jdbc.sql("select phone_enc, phone_hash, phone_mask from resource_item where id = ?")
                .param(r.path("id").asLong()).query((rs, i) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)})
                .single();
        assertThat(stored[0]).doesNotContain("13812345678");
        assertThat(cipher.decrypt(stored[0])).isEqualTo("13812345678");
        assertThat(stored[1]).isEqualTo(cipher.hash("13812345678"));

        long before = count("resource_item");
        post("compound", "/api/resources", "{\"gridId\":%d,\"kind\":\"PERSON\",\"name\":\"x\",\"phone\":\"12345\"}".formatted(compound))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("invalid-phone"));
        post("compound", "/api/resources", "{\"gridId\":%d,\"name\":\"x\"}".formatted(compound)).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("kind"));
        post("compound", "/api/resources", "{\"gridId\":%d,\"kind\":\"SPACE\"}".formatted(compound)).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("name"));
        post("worker", "/api/resources", "{\"gridId\":%d,\"kind\":\"SPACE\",\"name\":\"x\"}".formatted(compound))
                .andExpect(status().isNotFound()).andExpect(jsonPath("$.code").value("not-found"));
        post("property", "/api/resources", "{\"gridId\":%d,\"kind\":\"SPACE\",\"name\":\"x\"}".formatted(compound))
                .andExpect(status().isForbidden());
        assertThat(count("resource_item")).isEqualTo(before);

        // the property company sees the compound's resources, and so does the micro-grid's worker (they serve its
        // micro-grids); the other community's staff do not
        mvc.perform(get("/api/resources?kind=PERSON&q=" + name).with(SignedIn.as(accounts, "property"))).andExpect(status().isOk())
                .andExpect(jsonPath("$[0].phoneMasked").value("138****5678"));
        mvc.perform(get("/api/resources?q=" + name).with(SignedIn.as(accounts, "worker"))).andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(1));
        mvc.perform(get("/api/resources?gridId=" + people.firstMicroGrid() + "&q=" + name).with(SignedIn.as(accounts, "worker")))
                .andExpect(status().isOk()).andExpect(jsonPath("$.length()").value(1));
        mvc.perform(get("/api/resources/" + r.path("id").asLong()).with(SignedIn.as(accounts, "worker"))).andExpect(status().isOk());
        long secondMicro = gridNamed("学府憬城第2微网格");
        long local = read(post("compound", "/api/resources", "{\"gridId\":%d,\"kind\":\"SPACE\",\"name\":\"%s 第二网格\"}"
                .formatted(secondMicro, name)).andExpect(status().isCreated())).path("id").asLong();
        mvc.perform(get("/api/resources?q=" + name).with(SignedIn.as(accounts, "worker"))).andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(1));
        mvc.perform(get("/api/resources/" + local).with(SignedIn.as(accounts, "worker"))).andExpect(status().isNotFound());
        byte[] xlsx = mvc.perform(get("/api/resources.xlsx?kind=PERSON&q=" + name).with(SignedIn.as(accounts, "compound")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsByteArray();
        List<List<String>> rows = rows(xlsx);
        assertThat(rows).hasSize(2);
        assertThat(rows.get(1)).contains(name, "138****5678", "能人达人");
        assertThat(rows.toString()).doesNotContain("13812345678");
    }

    // ---- rectification --------------------------------------------------------------------------

    @Test
    void aRectificationItemIsPlannedRectifiedWithEvidenceAndThenFinal() throws Exception {
        long micro = people.firstMicroGrid();
        String title = "消防通道堆放杂物 " + UUID.randomUUID().toString().substring(0, 8);
        JsonNode item = read(post("worker", "/api/rectifications", """
                {"gridId":%d,"source":"RESIDENTS","title":"%s","party":"PROPERTY"}""".formatted(micro, title))
                .andExpect(status().isCreated()));
        long id = item.path("id").asLong();
        assertThat(item.path("status").asString()).isEqualTo("OPEN");

        // the owners committee is not the responsible party: the item is out of its reach; starting needs measures and a deadline
        post("owners", "/api/rectifications/" + id + "/status", "{\"status\":\"IN_PROGRESS\",\"measures\":\"x\",\"deadline\":\"%s\"}"
                .formatted(TODAY.plusDays(3))).andExpect(status().isNotFound()).andExpect(jsonPath("$.code").value("not-found"));
        post("property", "/api/rectifications/" + id + "/status", "{\"status\":\"IN_PROGRESS\"}").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("plan-required"));
        post("property", "/api/rectifications/" + id + "/status", "{\"status\":\"IN_PROGRESS\",\"measures\":\"x\",\"deadline\":\"2020-01-01\"}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("deadline-in-past"));
        post("property", "/api/rectifications/" + id + "/status", "{\"status\":\"DONE\"}").andExpect(status().isBadRequest());
        post("property", "/api/rectifications/" + id + "/status", """
                {"status":"IN_PROGRESS","measures":"通知住户三日内清理，逾期物业清运","responsible":"物业 李经理","deadline":"%s"}"""
                .formatted(TODAY.plusDays(3))).andExpect(status().isOk()).andExpect(jsonPath("$.status").value("IN_PROGRESS"))
                .andExpect(jsonPath("$.responsible").value("物业 李经理"));
        post("property", "/api/rectifications/" + id + "/status", "{\"status\":\"IN_PROGRESS\"}").andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("illegal-transition"));

        // rectified needs evidence and a note
        post("property", "/api/rectifications/" + id + "/status", "{\"status\":\"RECTIFIED\",\"note\":\"已清理\"}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("evidence-required"));
        mvc.perform(multipart("/api/rectifications/" + id + "/photos")
                .file(new MockMultipartFile("file", "x.jpg", "image/jpeg", "not an image".getBytes()))
                .with(csrf()).with(SignedIn.as(accounts, "property"))).andExpect(status().isUnsupportedMediaType());
        assertThat(jdbc.sql("select count(*) from rectification_photo where item_id = ?").param(id).query(Long.class).single()).isZero();
        JsonNode withPhoto = read(mvc.perform(multipart("/api/rectifications/" + id + "/photos")
                .file(new MockMultipartFile("file", "after.jpg", "image/jpeg", jpeg()))
                .with(csrf()).with(SignedIn.as(accounts, "property"))).andExpect(status().isCreated()));
        long photo = withPhoto.path("photos").get(0).path("id").asLong();
        mvc.perform(get("/api/rectifications/" + id + "/photos/" + photo).with(SignedIn.as(accounts, "worker")))
                .andExpect(status().isOk()).andExpect(content().contentType(MediaType.IMAGE_JPEG));
        post("property", "/api/rectifications/" + id + "/status", "{\"status\":\"RECTIFIED\"}").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("note"));
        post("property", "/api/rectifications/" + id + "/status", "{\"status\":\"RECTIFIED\",\"note\":\"已清理，通道畅通\"}")
                .andExpect(status().isOk()).andExpect(jsonPath("$.status").value("RECTIFIED"))
                .andExpect(jsonPath("$.rectifiedAt").isNotEmpty());
        post("worker", "/api/rectifications/" + id + "/status", "{\"status\":\"IN_PROGRESS\"}").andExpect(status().isConflict())
                .andExpect(jsonPath("$.status").value("RECTIFIED"));
        mvc.perform(multipart("/api/rectifications/" + id + "/photos").file(new MockMultipartFile("file", "late.jpg", "image/jpeg", jpeg()))
                .with(csrf()).with(SignedIn.as(accounts, "property"))).andExpect(status().isConflict());

        // out of scope and unknown
        long other = gridNamed("碧鸡桥小区第1微网格");
        long items = count("rectification_item");
        post("worker", "/api/rectifications", "{\"gridId\":%d,\"title\":\"x\"}".formatted(other)).andExpect(status().isNotFound());
        post("worker", "/api/rectifications", "{\"gridId\":%d}".formatted(micro)).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("title"));
        post("worker", "/api/rectifications", "{\"gridId\":%d,\"title\":\"x\",\"source\":\"SWEEP\"}".formatted(micro))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("invalid-source"));
        post("worker", "/api/rectifications", "{\"householdId\":999999999,\"title\":\"x\"}").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("unknown-household"));
        assertThat(count("rectification_item")).isEqualTo(items);
        mvc.perform(get("/api/rectifications/999999999").with(SignedIn.as(accounts, "worker"))).andExpect(status().isNotFound());
        mvc.perform(get("/api/rectifications/" + id).with(SignedIn.as(accounts, "merchant"))).andExpect(status().isForbidden());
    }

    @Test
    void overdueItemsAreShownAndFilteredAndExported() throws Exception {
        long micro = people.firstMicroGrid();
        String tag = UUID.randomUUID().toString().substring(0, 8);
        long late = read(post("worker", "/api/rectifications", "{\"gridId\":%d,\"title\":\"电瓶车楼道充电 %s\",\"measures\":\"劝离\",\"deadline\":\"%s\"}"
                .formatted(micro, tag, TODAY.plusDays(1))).andExpect(status().isCreated())).path("id").asLong();
        long onTime = read(post("worker", "/api/rectifications", "{\"gridId\":%d,\"title\":\"井盖松动 %s\",\"deadline\":\"%s\"}"
                .formatted(micro, tag, TODAY.plusDays(5))).andExpect(status().isCreated())).path("id").asLong();
        // the deadline passes
        jdbc.sql("update rectification_item set deadline = ? where id = ?").params(java.sql.Date.valueOf(TODAY.minusDays(2)), late)
                .update();
        mvc.perform(get("/api/rectifications/" + late).with(SignedIn.as(accounts, "worker"))).andExpect(status().isOk())
                .andExpect(jsonPath("$.overdue").value(true)).andExpect(jsonPath("$.shown").value("OVERDUE"))
                .andExpect(jsonPath("$.status").value("OPEN"));
        List<Long> overdue = read(mvc.perform(get("/api/rectifications?status=OVERDUE&q=" + tag).with(SignedIn.as(accounts, "worker")))
                .andExpect(status().isOk())).findValues("id").stream().map(JsonNode::asLong).toList();
        assertThat(overdue).containsExactly(late);
        List<Long> open = read(mvc.perform(get("/api/rectifications?status=OPEN&q=" + tag).with(SignedIn.as(accounts, "worker")))
                .andExpect(status().isOk())).findValues("id").stream().map(JsonNode::asLong).toList();
        assertThat(open).containsExactly(onTime);
        List<List<String>> rows = rows(mvc.perform(get("/api/rectifications.xlsx?q=" + tag).with(SignedIn.as(accounts, "compound")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsByteArray());
        assertThat(rows).hasSize(3);
        assertThat(rows.stream().filter(r -> r.get(2).startsWith("电瓶车")).findFirst().orElseThrow()).contains("已超期");
        assertThat(rows.stream().filter(r -> r.get(2).startsWith("井盖")).findFirst().orElseThrow()).contains("待整改");
        mvc.perform(get("/api/rectifications?status=LATE").with(SignedIn.as(accounts, "worker"))).andExpect(status().isBadRequest());
    }

    @Test
    void theRollupCountsWhatTheItemsSayThroughFindingRectifyingAndMovingAGrid() throws Exception {
        GridNode community = grid.nodeByCode("510108001001").orElseThrow();
        GridNode a = grid.create(community.id(), GridLevel.COMPOUND, "整改甲小区" + UUID.randomUUID(), null, null);
        GridNode b = grid.create(community.id(), GridLevel.COMPOUND, "整改乙小区" + UUID.randomUUID(), null, null);
        List<GridNode> micros = new ArrayList<>();
        for (int m = 0; m < 3; m++) {
            micros.add(grid.create((m < 2 ? a : b).id(), GridLevel.MICRO, "整改微网格" + m, null, null));
        }
        GridworkUser staff = people.user("community");
        var random = new java.util.Random(196);
        List<Long> items = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            items.add(lists.addProblem(micros.get(random.nextInt(3)).id(), "WORKER", "卷积隐患" + i, null, null, null, null, null, staff));
        }
        // compounds and micro-grids hold their own items too
        items.add(lists.addProblem(a.id(), "WORKER", "小区隐患", null, null, null, null, null, staff));
        for (long item : items) {
            if (random.nextBoolean()) {
                lists.rectify(item, "已整改", jpeg(), staff);
            }
        }
        assertThat(rollup(a, b)).isEqualTo(expected(a, b)).isNotEmpty();
        assertThat(rollup(a, b).get(a.id() + "")).isNotNull();

        // a micro-grid moves from a to b: its items count under b now, at a no more
        long before = rollup(a, b).get(a.id() + "");
        long moving = jdbc.sql("select count(*) from rectification_item where grid_id = ?").param(micros.get(0).id())
                .query(Long.class).single();
        grid.move(micros.get(0).id(), b.id());
        assertThat(rollup(a, b)).isEqualTo(expected(a, b));
        assertThat(rollup(a, b).get(a.id() + "")).isEqualTo(before - moving);
        // and the rate says so
        JsonNode rate = read(mvc.perform(get("/api/rectifications/rate?gridId=" + b.id()).with(SignedIn.as(accounts, "community")))
                .andExpect(status().isOk()));
        assertThat(rate.path("total").path("found").asLong()).isEqualTo(rollup(a, b).get(b.id() + ""));
    }

    /** The stored rows of the grids under {@code a} and {@code b} (theirs and their micro-grids'), and each grid's items. */
    private Map<String, Long> rollup(GridNode a, GridNode b) {
        return subtree(RectificationRecount.stored(jdbc), a, b);
    }

    private Map<String, Long> expected(GridNode a, GridNode b) {
        return subtree(RectificationRecount.expected(jdbc), a, b);
    }

    private Map<String, Long> subtree(Map<String, Long> rows, GridNode a, GridNode b) {
        Set<String> ids = new java.util.HashSet<>(jdbc.sql("select id from grid_node where path like ? or path like ?")
                .params(a.path() + "%", b.path() + "%").query(Long.class).list().stream().map(String::valueOf).toList());
        Map<String, Long> out = new java.util.TreeMap<>();
        rows.forEach((k, n) -> {
            String id = k.substring(0, k.indexOf(' '));
            if (ids.contains(id)) {
                out.put(k, n);
                out.merge(id, n, Long::sum);
            }
        });
        return out;
    }

    @Test
    void theRateMatchesABruteForceCount() throws Exception {
        long community = gridNamed("学府社区");
        List<Long> micros = jdbc.sql("select id from grid_node where level = 'MICRO' and path like ? order by id")
                .param(jdbc.sql("select path from grid_node where id = ?").param(community).query(String.class).single() + "%")
                .query(Long.class).list();
        var random = new java.util.Random(42);
        for (int i = 0; i < 40; i++) {
            long micro = micros.get(random.nextInt(micros.size()));
            long id = read(post("community", "/api/rectifications", "{\"gridId\":%d,\"title\":\"随机隐患 %d\"}".formatted(micro, i))
                    .andExpect(status().isCreated())).path("id").asLong();
            // found some days ago; some rectified, some after the period
            java.time.Instant found = TODAY.minusDays(random.nextInt(60)).atStartOfDay(ZoneId.of("Asia/Shanghai")).toInstant()
                    .plusSeconds(random.nextInt(86_400));
            java.time.Instant rectified = random.nextBoolean() ? found.plusSeconds(random.nextInt(30 * 86_400)) : null;
            jdbc.sql("update rectification_item set found_at = ?, rectified_at = ?, status = ? where id = ?")
                    .params(java.sql.Timestamp.from(found), rectified == null ? null : java.sql.Timestamp.from(rectified),
                            rectified == null ? "OPEN" : "RECTIFIED", id).update();
        }
        // moved in time behind the module's back: counted again from the items
        RectificationRecount.rebuild(jdbc);
        LocalDate from = TODAY.minusDays(45);
        LocalDate to = TODAY.minusDays(10);
        JsonNode rates = read(mvc.perform(get("/api/rectifications/rate?gridId=%d&from=%s&to=%s".formatted(community, from, to))
                .with(SignedIn.as(accounts, "community"))).andExpect(status().isOk()));
        java.time.Instant start = from.atStartOfDay(ZoneId.of("Asia/Shanghai")).toInstant();
        java.time.Instant end = to.plusDays(1).atStartOfDay(ZoneId.of("Asia/Shanghai")).toInstant();
        record Row(String path, java.time.Instant found, java.time.Instant rectified) {
        }
        List<Row> all = jdbc.sql("select grid_path, found_at, rectified_at from rectification_item")
                .query((rs, i) -> new Row(rs.getString(1), rs.getTimestamp(2).toInstant(),
                        rs.getTimestamp(3) == null ? null : rs.getTimestamp(3).toInstant())).list();
        checkRate(rates.path("total"), all.stream().map(r -> new Object[] {r.path(), r.found(), r.rectified()}).toList(), start, end,
                community);
        assertThat(rates.path("grids").size()).isGreaterThan(1);
        for (JsonNode g : rates.path("grids")) {
            checkRate(g, all.stream().map(r -> new Object[] {r.path(), r.found(), r.rectified()}).toList(), start, end,
                    g.path("gridId").asLong());
        }
        assertThat(rates.path("total").path("found").asLong()).isGreaterThan(0);
        mvc.perform(get("/api/rectifications/rate?gridId=" + gridNamed("碧鸡桥小区")).with(SignedIn.as(accounts, "community")))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/rectifications/rate").with(SignedIn.as(accounts, "community"))).andExpect(status().isBadRequest());
    }

    private void checkRate(JsonNode rate, List<Object[]> rows, java.time.Instant start, java.time.Instant end, long gridId) {
        String path = jdbc.sql("select path from grid_node where id = ?").param(gridId).query(String.class).single();
        long found = 0;
        long rectified = 0;
        for (Object[] r : rows) {
            java.time.Instant f = (java.time.Instant) r[1];
            java.time.Instant done = (java.time.Instant) r[2];
            if (((String) r[0]).startsWith(path) && !f.isBefore(start) && f.isBefore(end)) {
                found++;
                if (done != null && done.isBefore(end)) {
                    rectified++;
                }
            }
        }
        assertThat(rate.path("found").asLong()).as("found in %s", gridId).isEqualTo(found);
        assertThat(rate.path("rectified").asLong()).as("rectified in %s", gridId).isEqualTo(rectified);
        if (found > 0) {
            assertThat(rate.path("rate").asDouble()).isCloseTo((double) rectified / found, org.assertj.core.data.Offset.offset(1e-9));
        } else {
            assertThat(rate.path("rate").isNull()).isTrue();
        }
    }
}
