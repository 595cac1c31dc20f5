package io.gridwork.grid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import com.jayway.jsonpath.JsonPath;

import io.gridwork.people.IdCardNumber;
import io.gridwork.support.GridworkTest;

/**
 * The structure sheet of a compound: loads buildings, units and rooms (with floor, area and
 * micro-grid), again without duplicates, refuses a sheet with any bad row whole, returns the errors
 * in the viewer's language and as an Excel copy with an error column; afterwards the resident import
 * finds the addresses.
 */
@GridworkTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StructureSheetTests {

    static final String HEADER = "楼栋,单元,楼层,房号,面积,微网格";

    @Autowired
    GridApi grid;
    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    UserDetailsService users;

    GridNode community;
    String tag;

    @BeforeAll
    void setUp() {
        tag = Long.toString(System.nanoTime() % 100_000_000L, 36);
        GridNode street = grid.nodeByCode("510108001").orElseThrow();
        community = grid.create(street.id(), GridLevel.COMMUNITY, "结构表测试社区" + tag, null, null);
    }

    record Compound(GridNode node, GridNode a, GridNode b) {
    }

    Compound compound(String name) {
        GridNode c = grid.create(community.id(), GridLevel.COMPOUND, name + tag, null, null);
        GridNode general = grid.create(c.id(), GridLevel.GENERAL, name + "一般网格", null, null);
        return new Compound(c, grid.create(c.id(), GridLevel.MICRO, name + "甲微网格", null, null),
                grid.create(general.id(), GridLevel.MICRO, name + "乙微网格", null, null));
    }

    RequestPostProcessor as(String account) {
        return user(users.loadUserByUsername(account));
    }

    MvcResult upload(Compound c, byte[] sheet, String... langAndAccept) throws Exception {
        var request = multipart("/api/grid/" + c.node().id() + "/structure")
                .file(new MockMultipartFile("file", "structure.bin", "application/octet-stream", sheet)).with(as("street")).with(csrf());
        if (langAndAccept.length > 0) {
            request.param("lang", langAndAccept[0]);
        }
        if (langAndAccept.length > 1) {
            request.header("Accept", langAndAccept[1]);
        }
        return mvc.perform(request).andReturn();
    }

    long households(Compound c) {
        return jdbc.sql("select count(*) from household h join unit u on u.id = h.unit_id join building b on b.id = u.building_id"
                + " where b.compound_id = ?").param(c.node().id()).query(Long.class).single();
    }

    @Test
    void loadsAStructureSheetAndLoadingItAgainChangesNothingButTheAreas() throws Exception {
        Compound c = compound("结构小区");
        List<String> lines = new ArrayList<>(List.of(HEADER));
        for (int b = 1; b <= 2; b++) {
            for (int u = 1; u <= 2; u++) {
                for (int floor = 1; floor <= 3; floor++) {
                    for (int r = 1; r <= 2; r++) {
                        String micro = b == 1 ? c.a().name() : c.b().code();
                        lines.add((b == 1 ? "1栋" : "２") + "," + u + "单元," + floor + "," + (floor * 100 + r) + "室,"
                                + (80 + r) + ".5," + micro);
                    }
                }
            }
        }
        MvcResult r = upload(c, csv(StandardCharsets.UTF_8, true, lines));
        assertThat(r.getResponse().getStatus()).as(r.getResponse().getContentAsString()).isEqualTo(200);
        String body = r.getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(JsonPath.<Integer>read(body, "$.buildingsCreated")).isEqualTo(2);
        assertThat(JsonPath.<Integer>read(body, "$.unitsCreated")).isEqualTo(4);
        assertThat(JsonPath.<Integer>read(body, "$.householdsCreated")).isEqualTo(24);

        List<BuildingView> buildings = grid.buildingsOf(c.node().id());
        assertThat(buildings).extracting(BuildingView::number).containsExactly("1", "2");
        assertThat(buildings.get(0).microGridId()).isEqualTo(c.a().id());
        assertThat(buildings.get(1).microGridId()).isEqualTo(c.b().id());
        assertThat(buildings.get(0).floors()).isEqualTo(3);
        assertThat(grid.buildingHistory(buildings.get(1).id())).hasSize(1);
        RoomView room = grid.roomsOfBuilding(buildings.get(0).id()).get(0);
        assertThat(room.unitNumber()).isEqualTo("1");
        assertThat(room.room()).isEqualTo("101");
        assertThat(room.floor()).isEqualTo(1);
        assertThat(room.area()).isEqualByComparingTo("81.5");

        // the same sheet again (as xlsx, numbers as numbers): nothing new
        MvcResult again = upload(c, xlsx(lines));
        assertThat(again.getResponse().getStatus()).isEqualTo(200);
        String b2 = again.getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(JsonPath.<Integer>read(b2, "$.buildingsCreated") + JsonPath.<Integer>read(b2, "$.unitsCreated")
                + JsonPath.<Integer>read(b2, "$.householdsCreated") + JsonPath.<Integer>read(b2, "$.householdsUpdated")).isZero();
        assertThat(households(c)).isEqualTo(24);

        // a corrected area is updated in place
        List<String> corrected = new ArrayList<>(lines);
        corrected.set(1, corrected.get(1).replace("81.5", "79.25"));
        String b3 = upload(c, csv(StandardCharsets.UTF_8, false, corrected)).getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(JsonPath.<Integer>read(b3, "$.householdsUpdated")).isEqualTo(1);
        assertThat(JsonPath.<Integer>read(b3, "$.householdsCreated")).isZero();
        assertThat(grid.roomsOfBuilding(buildings.get(0).id()).get(0).area()).isEqualByComparingTo(new BigDecimal("79.25"));
    }

    @Test
    void refusesTheWholeSheetWhenAnyRowIsBadAndSaysWhyInTheViewersLanguage() throws Exception {
        Compound c = compound("错误小区");
        grid.createBuilding(c.node().id(), c.a().id(), "9", null, null, null, null);
        List<String> lines = List.of(HEADER,
                "1,1,1,101,88.5," + c.a().name(),          // 2 fine
                "1,1,1,102,88.5,没有这个微网格",            // 3 unknown micro-grid
                "1,1,1,101,90," + c.a().name(),            // 4 duplicate of line 2
                "1,1,1,103,abc," + c.a().name(),           // 5 bad area
                "1,1,1,,88.5," + c.a().name(),             // 6 missing room
                "1,2,1,201,88.5," + c.b().name(),          // 7 building 1 in another micro-grid
                "9,1,七,901,88.5,");                        // 8 bad floor
        MvcResult r = upload(c, csv(GB18030, false, lines));
        assertThat(r.getResponse().getStatus()).isEqualTo(422);
        String body = r.getResponse().getContentAsString(StandardCharsets.UTF_8);
        List<Map<String, Object>> errors = JsonPath.read(body, "$.errors");
        Map<Integer, String> byLine = new java.util.TreeMap<>();
        errors.forEach(e -> byLine.merge((Integer) e.get("line"), e.get("column") + ":" + e.get("message"), (x, y) -> x + " | " + y));
        assertThat(byLine.keySet()).containsExactly(3, 4, 5, 6, 7, 8);
        assertThat(byLine.get(3)).startsWith("微网格:").contains("没有名为或编码为“没有这个微网格”的微网格");
        assertThat(byLine.get(4)).startsWith("房号:").contains("与第 2 行重复");
        assertThat(byLine.get(5)).startsWith("面积:").contains("“abc”");
        assertThat(byLine.get(6)).startsWith("房号:").contains("未填写房号");
        assertThat(byLine.get(7)).startsWith("微网格:").contains("一栋楼只属于一个微网格");
        assertThat(byLine.get(8)).startsWith("楼层:");
        // nothing was written: not even the good row, nor building 1
        assertThat(households(c)).isZero();
        assertThat(grid.buildingsOf(c.node().id())).extracting(BuildingView::number).containsExactly("9");

        // in English
        String en = upload(c, csv(StandardCharsets.UTF_8, false, lines), "en").getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(en).contains("repeats line 2").contains("has no micro-grid named or coded");

        // as an Excel copy of the sheet with an error column
        MvcResult x = upload(c, xlsx(lines), "zh_CN", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        assertThat(x.getResponse().getStatus()).isEqualTo(422);
        List<List<String>> copy = read(x.getResponse().getContentAsByteArray());
        assertThat(copy.get(0)).containsExactly("楼栋", "单元", "楼层", "房号", "面积", "微网格", "错误说明");
        assertThat(copy).hasSize(8);
        assertThat(copy.get(1)).hasSizeLessThan(7); // line 2 is fine: no error cell
        assertThat(copy.get(3).get(6)).contains("与第 2 行重复");
        assertThat(copy.get(2).get(3)).isEqualTo("102");

        // a header without the required columns, an old .xls and an empty file
        MvcResult h = upload(c, csv(StandardCharsets.UTF_8, false, List.of("名称,面积", "1,2")));
        assertThat(h.getResponse().getStatus()).isEqualTo(400);
        assertThat(h.getResponse().getContentAsString(StandardCharsets.UTF_8)).contains("invalid-header").contains("楼栋");
        assertThat(upload(c, new byte[] {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, 0, 0}).getResponse().getStatus()).isEqualTo(415);
        assertThat(households(c)).isZero();
    }

    @Test
    void thePageShowsTheErrorsAndOffersTheExcelCopy() throws Exception {
        Compound c = compound("页面小区");
        byte[] bad = csv(StandardCharsets.UTF_8, false, List.of(HEADER, "1,1,1,101,88.5,不存在的微网格"));
        MvcResult posted = mvc.perform(multipart("/grid/" + c.node().id() + "/structure")
                .file(new MockMultipartFile("file", "s.csv", "text/csv", bad)).with(as("street")).with(csrf()))
                .andExpect(status().is3xxRedirection())
                .andExpect(flash().attribute("error", "结构表有 1 处错误，未写入任何内容。"))
                .andExpect(flash().attributeExists("rowErrors")).andReturn();
        // the copy is kept in the (database-backed) session for the download link
        jakarta.servlet.http.Cookie session = posted.getResponse().getCookie("SESSION");
        assertThat(session).isNotNull();
        MvcResult copy = mvc.perform(get("/grid/" + c.node().id() + "/structure/errors").cookie(session).with(as("street")))
                .andExpect(status().isOk()).andReturn();
        assertThat(copy.getResponse().getContentType()).startsWith("application/vnd.openxmlformats");
        assertThat(read(copy.getResponse().getContentAsByteArray()).get(1).get(6)).contains("不存在的微网格");
        mvc.perform(get("/grid/" + c.node().id() + "/structure").cookie(session).with(as("street")))
                .andExpect(status().isOk())
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.content()
                        .string(org.hamcrest.Matchers.containsString("error-copy")));

        byte[] good = csv(StandardCharsets.UTF_8, false, List.of(HEADER, "1,1,1,101,88.5," + c.a().name()));
        mvc.perform(multipart("/grid/" + c.node().id() + "/structure").file(new MockMultipartFile("file", "s.csv", "text/csv", good))
                .cookie(session).with(as("street")).with(csrf())).andExpect(status().is3xxRedirection())
                .andExpect(flash().attribute("notice", org.hamcrest.Matchers.containsString("房间 1 户")));
        assertThat(households(c)).isOne();
        // the community account does not cover this compound; a worker may not load sheets at all
        mvc.perform(multipart("/api/grid/" + c.node().id() + "/structure").file(new MockMultipartFile("file", "s.csv", "text/csv", good))
                .with(as("community")).with(csrf())).andExpect(status().isNotFound());
        mvc.perform(multipart("/api/grid/" + c.node().id() + "/structure").file(new MockMultipartFile("file", "s.csv", "text/csv", good))
                .with(as("worker")).with(csrf())).andExpect(status().isForbidden());
    }

    @Test
    void residentsImportIntoTheBuildingsASheetCreated() throws Exception {
        Compound c = compound("入住小区");
        upload(c, csv(StandardCharsets.UTF_8, false, List.of(HEADER, "3,1,5,501,120," + c.b().name(), "3,1,5,502,118," + c.b().name())));
        String id = newIdCard();
        byte[] residents = csv(StandardCharsets.UTF_8, false, List.of("小区,楼栋,单元,房号,户状态,姓名,与户主关系,身份证号,手机号,关怀标签",
                c.node().name() + ",3栋,1单元,501,自住,结构表居民,户主," + id + ",,"));
        MvcResult r = mvc.perform(multipart("/api/import").file(new MockMultipartFile("file", "r.csv", "text/csv", residents))
                .with(as("street")).with(csrf())).andExpect(status().isAccepted()).andReturn();
        String job = String.valueOf(JsonPath.<Integer>read(r.getResponse().getContentAsString(), "$.id"));
        long deadline = System.currentTimeMillis() + 60_000;
        String state;
        do {
            Thread.sleep(100);
            state = mvc.perform(get("/api/import/" + job).with(as("street"))).andReturn().getResponse().getContentAsString();
        } while (!JsonPath.<String>read(state, "$.status").equals("DONE") && System.currentTimeMillis() < deadline);
        assertThat(JsonPath.<String>read(state, "$.status")).isEqualTo("DONE");
        assertThat(JsonPath.<Integer>read(state, "$.errorCount")).as(state).isZero();
        assertThat(JsonPath.<Integer>read(state, "$.inserted")).isEqualTo(1);
        // the resident lives in room 501 of building 3, which the sheet put in the general grid's micro-grid
        long household = jdbc.sql("select m.household_id from household_member m join person p on p.id = m.person_id"
                + " where p.name = '结构表居民' and m.until is null order by m.id desc").query(Long.class).list().get(0);
        HouseholdView h = grid.household(household).orElseThrow();
        assertThat(h.room()).isEqualTo("501");
        assertThat(h.microGridId()).isEqualTo(c.b().id());
        assertThat(households(c)).isEqualTo(2);
    }

    // ---- sheets

    static final Charset GB18030 = Charset.forName("GB18030");

    static byte[] csv(Charset charset, boolean bom, List<String> lines) {
        byte[] body = String.join("\r\n", lines).concat("\r\n").getBytes(charset);
        if (!bom) {
            return body;
        }
        byte[] out = new byte[body.length + 3];
        out[0] = (byte) 0xEF;
        out[1] = (byte) 0xBB;
        out[2] = (byte) 0xBF;
        System.arraycopy(body, 0, out, 3, body.length);
        return out;
    }

    static byte[] xlsx(List<String> lines) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Workbook wb = new Workbook(out, "test", "1.0");
        Worksheet ws = wb.newWorksheet("Sheet1");
        for (int r = 0; r < lines.size(); r++) {
            String[] cells = lines.get(r).split(",", -1);
            for (int c = 0; c < cells.length; c++) {
                if (cells[c].isEmpty()) {
                    continue;
                }
                // numbers as Excel keeps them; grid codes (17 or 20 digits) stay text, as a number would lose digits
                if (r > 0 && cells[c].matches("\\d{1,6}(\\.\\d+)?")) {
                    ws.value(r, c, Double.parseDouble(cells[c]));
                } else {
                    ws.value(r, c, cells[c]);
                }
            }
        }
        ws.finish();
        wb.finish();
        return out.toByteArray();
    }

    static List<List<String>> read(byte[] xlsx) throws Exception {
        List<List<String>> rows = new ArrayList<>();
        try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(xlsx)); var stream = wb.getFirstSheet().openStream()) {
            for (Row row : (Iterable<Row>) stream::iterator) {
                List<String> cells = new ArrayList<>();
                for (int i = 0; i < row.getCellCount(); i++) {
                    var cell = row.getCell(i);
                    cells.add(cell == null ? "" : cell.getText());
                }
                while (!cells.isEmpty() && cells.get(cells.size() - 1).isEmpty()) {
                    cells.remove(cells.size() - 1);
                }
                rows.add(cells);
            }
        }
        return rows;
    }

    static String newIdCard() {
        var r = java.util.concurrent.ThreadLocalRandom.current();
        java.time.LocalDate birth = java.time.LocalDate.of(1940, 1, 1).plusDays(r.nextInt(60 * 365));
        String first17 = "110101" + birth.toString().replace("-", "") + String.format("%03d", r.nextInt(1000));
        return first17 + IdCardNumber.checkDigit(first17);
    }
}
