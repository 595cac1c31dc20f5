package io.gridwork.people.importing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.ByteArrayInputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

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

import com.jayway.jsonpath.JsonPath;

import io.gridwork.grid.GridApi;
import io.gridwork.people.PersonalDataCipher;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.support.GridworkTest;

@GridworkTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImportTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    UserDetailsService users;

    @Autowired
    GridApi grid;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PersonalDataCipher cipher;

    @Autowired
    io.gridwork.people.internal.GridStatsQuery stats;

    /** Imports run as the street account (学府街道); the test compounds are made in a community of it. */
    GridworkUser community;
    ImportFixture.Communities communities;

    @BeforeAll
    void signIn() {
        community = (GridworkUser) users.loadUserByUsername("street");
        communities = ImportFixture.Communities.create(grid, jdbc);
    }

    record Refusal(int line, String column, String reason) {
    }

    @Test
    void importsValidRowsAndReportsBadOnesByLine() throws Exception {
        ImportFixture f = new ImportFixture(grid, communities, "导入");
        String head = ImportFixture.newIdCard();
        String spouse = ImportFixture.newIdCard();
        String badPhoneId = ImportFixture.newIdCard();
        String newRoom = ImportFixture.newIdCard();
        String phone = ImportFixture.newPhone();
        List<String> lines = List.of(ImportFixture.HEADER,
                f.row("1", "1", "101", "自住", "张建国", "户主", head, phone, ""),                          // 2 ok
                f.row("1", "1", "101", "自住", "李秀英", "配偶", spouse, "", "独居老人、残疾人"),            // 3 ok
                f.row("1", "1", "102", "自住", "王五", "户主", ImportFixture.wrongCheckDigit(ImportFixture.newIdCard()), "", ""), // 4
                f.row("1", "1", "102", "自住", "赵六", "户主", badPhoneId, "12345", ""),                   // 5
                f.row("1", "1", "102", "自住", "钱七", "表哥", ImportFixture.newIdCard(), "", ""),          // 6
                f.row("1", "1", "102", "出售", "孙八", "户主", ImportFixture.newIdCard(), "", ""),          // 7
                f.row("1", "1", "102", "自住", "周九", "户主", ImportFixture.newIdCard(), "", "富豪"),      // 8
                f.row("1", "1", "102", "自住", "", "户主", ImportFixture.newIdCard(), "", ""),              // 9
                f.row("1", "2", "201", "自住", "吴十", "户主", head, "", ""),                              // 10 duplicate of 2
                String.join(",", "没有这个小区" + f.tag, "1", "1", "101", "自住", "郑一", "户主", ImportFixture.newIdCard(), "", ""), // 11
                f.row("99", "1", "101", "自住", "冯二", "户主", ImportFixture.newIdCard(), "", ""),         // 12
                f.row("1", "9", "101", "自住", "陈三", "户主", ImportFixture.newIdCard(), "", ""),          // 13
                String.join(",", f.outside.name(), "1", "1", "101", "自住", "褚四", "户主", ImportFixture.newIdCard(), "", ""), // 14
                f.row("2栋", "2单元", "302室", "出租", "卫五", "租户", newRoom, "", "低保"));               // 15 ok, new room

        String job = importAs(community, "residents.csv", ImportFixture.csv(lines));

        mvc.perform(get("/api/import/" + job).with(user(community)))
                .andExpect(jsonPath("$.status").value("DONE"))
                .andExpect(jsonPath("$.processedRows").value(14))
                .andExpect(jsonPath("$.inserted").value(3))
                .andExpect(jsonPath("$.errorCount").value(11))
                .andExpect(jsonPath("$.percent").value(100));
        Map<Integer, Refusal> refusals = refusals(job).stream().collect(Collectors.toMap(Refusal::line, r -> r, (a, b) -> a));
        assertThat(refusals.keySet()).containsExactlyInAnyOrder(4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14);
        assertRefusal(refusals.get(4), "身份证号", "check digit");
        assertRefusal(refusals.get(5), "手机号", "phone number");
        assertRefusal(refusals.get(6), "与户主关系", "unknown relation");
        assertRefusal(refusals.get(7), "户状态", "unknown household status");
        assertRefusal(refusals.get(8), "关怀标签", "unknown care tag");
        assertRefusal(refusals.get(9), "姓名", "required");
        assertRefusal(refusals.get(10), "身份证号", "already on line 2");
        assertRefusal(refusals.get(11), "小区", "unknown compound");
        assertRefusal(refusals.get(12), "楼栋", "does not exist");
        assertRefusal(refusals.get(13), "单元", "does not exist");
        assertRefusal(refusals.get(14), "小区", "outside your grids");

        // the valid rows are in, encrypted and masked
        Map<String, Object> p = jdbc.sql("select name, id_card_mask, id_card_enc, phone_mask, gender from person where id_card_hash = ?")
                .param(cipher.hash(head)).query().singleRow();
        assertThat(p.get("name")).isEqualTo("张建国");
        assertThat(p.get("id_card_mask")).isEqualTo(head.substring(0, 4) + "**********" + head.substring(14));
        assertThat(cipher.decrypt((String) p.get("id_card_enc"))).isEqualTo(head);
        assertThat(p.get("phone_mask")).isEqualTo(phone.substring(0, 3) + "****" + phone.substring(7));
        assertThat(tagsOf(spouse)).containsExactlyInAnyOrder("ELDERLY_ALONE", "DISABLED");
        assertThat(householdOf(head)).isEqualTo(householdOf(spouse));
        assertThat(jdbc.sql("select h.status from household h join household_member m on m.household_id = h.id where m.until is null and m.person_id = (select id from person where id_card_hash = ?)")
                .param(cipher.hash(newRoom)).query(String.class).single()).isEqualTo("RENTED");
        // the invalid rows changed nothing
        assertThat(countPersons(badPhoneId)).isZero();
        assertThat(jdbc.sql("select count(*) from household h join unit u on u.id = h.unit_id join building b on b.id = u.building_id where b.compound_id = ? and h.room = '102'")
                .param(f.compound.id()).query(Long.class).single()).isZero();
    }

    @Test
    void reimportingTheSameFileUpdatesWithoutDuplicatingAndMovesResidents() throws Exception {
        ImportFixture f = new ImportFixture(grid, communities, "重导");
        String a = ImportFixture.newIdCard();
        String b = ImportFixture.newIdCard();
        String c = ImportFixture.newIdCard();
        List<String> lines = List.of(ImportFixture.HEADER,
                f.row("1", "1", "101", "自住", "甲", "户主", a, ImportFixture.newPhone(), "退役军人"),
                f.row("1", "1", "101", "自住", "乙", "配偶", b, "", ""),
                f.row("1", "2", "101", "出租", "丙", "租户", c, "", ""));
        byte[] file = ImportFixture.csv(lines);

        String first = importAs(community, "a.csv", file);
        mvc.perform(get("/api/import/" + first).with(user(community)))
                .andExpect(jsonPath("$.inserted").value(3)).andExpect(jsonPath("$.householdsCreated").value(2));
        long households = householdCount(f);
        // the import moves the grid tree's rollup by what it added: the same as a recount, up to the district
        assertRollupEqualsRecount(f);
        assertThat(stats.statsOf(f.micro).households()).isEqualTo(2);
        assertThat(stats.statsOf(f.micro).people()).isEqualTo(3);

        String again = importAs(community, "a.csv", file);
        mvc.perform(get("/api/import/" + again).with(user(community)))
                .andExpect(jsonPath("$.inserted").value(0)).andExpect(jsonPath("$.updated").value(0))
                .andExpect(jsonPath("$.unchanged").value(3)).andExpect(jsonPath("$.errorCount").value(0));
        assertThat(householdCount(f)).isEqualTo(households);
        assertThat(countPersons(a) + countPersons(b) + countPersons(c)).isEqualTo(3);

        // 乙 moved to 2-1-101 and changed phone; 甲 lost the tag; the household of 丙 became vacant-less business
        long before = householdOf(b);
        String newPhone = ImportFixture.newPhone();
        List<String> changed = List.of(ImportFixture.HEADER,
                f.row("1", "1", "101", "自住", "甲", "户主", a, "", ""),
                f.row("1", "2", "101", "经营", "乙", "其他", b, newPhone, ""),
                f.row("1", "2", "101", "经营", "丙", "租户", c, "", ""));
        String third = importAs(community, "b.csv", ImportFixture.csv(changed));
        mvc.perform(get("/api/import/" + third).with(user(community)))
                // 丙's row asks for the status 乙's row already set: it changes nothing more
                .andExpect(jsonPath("$.inserted").value(0)).andExpect(jsonPath("$.updated").value(2))
                .andExpect(jsonPath("$.unchanged").value(1)).andExpect(jsonPath("$.errorCount").value(0));
        assertThat(householdOf(b)).isNotEqualTo(before).isEqualTo(householdOf(c));
        assertThat(jdbc.sql("select count(*) from household_member where person_id = (select id from person where id_card_hash = ?)")
                .param(cipher.hash(b)).query(Long.class).single()).isEqualTo(2);
        assertThat(jdbc.sql("select until from household_member where household_id = ? and person_id = (select id from person where id_card_hash = ?)")
                .params(before, cipher.hash(b)).query(java.sql.Date.class).single()).isNotNull();
        assertThat(jdbc.sql("select phone_hash from person where id_card_hash = ?").param(cipher.hash(b)).query(String.class).single())
                .isEqualTo(cipher.hash(newPhone));
        assertThat(tagsOf(a)).isEmpty();
        assertThat(jdbc.sql("select status from household where id = ?").param(householdOf(c)).query(String.class).single())
                .isEqualTo("BUSINESS");
        assertThat(countPersons(b)).isEqualTo(1);
        assertRollupEqualsRecount(f);

        // a vacant household with nobody in it, and one more member: counted by the same deltas
        String d = ImportFixture.newIdCard();
        String fourth = importAs(community, "c.csv", ImportFixture.csv(List.of(ImportFixture.HEADER,
                f.row("1", "1", "102", "空置", "", "", "", "", ""),
                f.row("1", "2", "102", "自住", "丁", "户主", d, ImportFixture.newPhone(), ""))));
        mvc.perform(get("/api/import/" + fourth).with(user(community)))
                .andExpect(jsonPath("$.errorCount").value(0)).andExpect(jsonPath("$.householdsCreated").value(2));
        assertRollupEqualsRecount(f);
        assertThat(stats.statsOf(f.micro).vacant()).isEqualTo(1);
    }

    /** The rollup's figures of the fixture's micro-grid and every grid above it equal a recount from the rows. */
    void assertRollupEqualsRecount(ImportFixture f) {
        List<io.gridwork.grid.GridNode> line = new java.util.ArrayList<>();
        for (String id : f.micro.path().split("/")) {
            if (!id.isEmpty()) {
                line.add(grid.node(Long.parseLong(id)).orElseThrow());
            }
        }
        List<io.gridwork.people.GridStats> rollup = stats.statsOf(line);
        List<io.gridwork.people.GridStats> recount = stats.recount(line);
        for (int i = 0; i < line.size(); i++) {
            var a = rollup.get(i);
            var b = recount.get(i);
            assertThat(List.of(a.households(), a.vacant(), a.people(), a.staff(), a.microGrids(), a.warningCount()))
                    .as("rollup of %s (%s)", line.get(i).name(), line.get(i).path())
                    .isEqualTo(List.of(b.households(), b.vacant(), b.people(), b.staff(), b.microGrids(), (long) b.warnings().size()));
        }
    }

    @Test
    void readsXlsxAndGbkCsvAndRefusesIdNumbersStoredAsNumbers() throws Exception {
        ImportFixture f = new ImportFixture(grid, communities, "格式");
        String a = ImportFixture.newIdCard();
        String b = ImportFixture.newIdCard();
        List<String> lines = List.of("花名册（标题行）", "",
                ImportFixture.HEADER,
                f.row("1", "1", "501", "自住", "欧阳娜娜", "户主", a, ImportFixture.newPhone(), "老年人;重病"),
                f.row("2", "2", "502", "", "司马懿", "户主", b, "", ""));
        String xlsxJob = importAs(community, "名单.xlsx", ImportFixture.xlsx(lines, false));
        mvc.perform(get("/api/import/" + xlsxJob).with(user(community)))
                .andExpect(jsonPath("$.format").value("XLSX")).andExpect(jsonPath("$.inserted").value(2))
                .andExpect(jsonPath("$.errorCount").value(0));
        assertThat(tagsOf(a)).containsExactlyInAnyOrder("ELDERLY", "SERIOUS_ILLNESS");
        assertThat(jdbc.sql("select name from person where id_card_hash = ?").param(cipher.hash(a)).query(String.class).single())
                .isEqualTo("欧阳娜娜");

        String c = ImportFixture.newIdCard();
        while (c.endsWith("X")) {
            c = ImportFixture.newIdCard(); // only an all-digit number can be stored as a number
        }
        String numeric = importAs(community, "numbers.xlsx", ImportFixture.xlsx(List.of(ImportFixture.HEADER,
                f.row("1", "1", "503", "自住", "数字", "户主", c, "", "")), true));
        assertThat(refusals(numeric)).singleElement().satisfies(r -> {
            assertThat(r.line()).isEqualTo(2);
            assertThat(r.reason()).contains("stored as a number");
        });

        String d = ImportFixture.newIdCard();
        byte[] gbk = ImportFixture.csv(Charset.forName("GBK"), false, List.of(ImportFixture.HEADER,
                f.row("1", "2", "601", "空置", "", "", "", "", ""),
                f.row("1", "2", "602", "自住", "诸葛亮", "户主", d, "", "")));
        String gbkJob = importAs(community, "gbk.csv", gbk);
        mvc.perform(get("/api/import/" + gbkJob).with(user(community)))
                .andExpect(jsonPath("$.inserted").value(2)).andExpect(jsonPath("$.errorCount").value(0))
                .andExpect(jsonPath("$.householdsCreated").value(2));
        assertThat(jdbc.sql("select name from person where id_card_hash = ?").param(cipher.hash(d)).query(String.class).single())
                .isEqualTo("诸葛亮");

        String e = ImportFixture.newIdCard();
        byte[] bom = ImportFixture.csv(StandardCharsets.UTF_8, true, List.of(
                "Compound,Building,Unit,Room,Status,Name,Relation,ID card,Phone,Tags",
                String.join(",", f.compound.name(), "1", "1", "701", "rented", "Li Lei", "tenant", e, "", "veteran")));
        String bomJob = importAs(community, "english.csv", bom);
        mvc.perform(get("/api/import/" + bomJob).with(user(community)))
                .andExpect(jsonPath("$.inserted").value(1)).andExpect(jsonPath("$.errorCount").value(0));
        assertThat(tagsOf(e)).containsExactly("VETERAN");
    }

    @Test
    void exportsTheGridInTheImportShapeMaskedAndReimportsWithoutChange() throws Exception {
        ImportFixture f = new ImportFixture(grid, communities, "导出");
        String a = ImportFixture.newIdCard();
        String b = ImportFixture.newIdCard();
        String phone = ImportFixture.newPhone();
        importAs(community, "seed.csv", ImportFixture.csv(List.of(ImportFixture.HEADER,
                f.row("1", "1", "101", "自住", "王大", "户主", a, phone, "老年人、低保"),
                f.row("1", "1", "101", "自住", "王小", "子女", b, "", ""),
                f.row("2", "1", "201", "空置", "", "", "", "", ""))));

        MvcResult csv = mvc.perform(get("/api/export").param("gridId", String.valueOf(f.compound.id())).param("format", "csv")
                        .with(user(community)))
                .andExpect(status().isOk()).andExpect(header().string("Content-Type", org.hamcrest.Matchers.startsWith("text/csv")))
                .andReturn();
        byte[] body = csv.getResponse().getContentAsByteArray();
        String text = new String(body, StandardCharsets.UTF_8);
        assertThat(text).startsWith("\uFEFF" + ImportFixture.HEADER);
        assertThat(text).doesNotContain(a).doesNotContain(b).doesNotContain(phone);
        List<String> rows = text.lines().skip(1).toList();
        assertThat(rows).containsExactly(
                f.row("1", "1", "101", "自住", "王大", "户主", mask(a), phone.substring(0, 3) + "****" + phone.substring(7), "老年人、低保/低收入"),
                f.row("1", "1", "101", "自住", "王小", "子女", mask(b), "", ""),
                f.row("2", "1", "201", "空置", "", "", "", "", ""));

        String again = importAs(community, "export.csv", body);
        mvc.perform(get("/api/import/" + again).with(user(community)))
                .andExpect(jsonPath("$.errorCount").value(0)).andExpect(jsonPath("$.inserted").value(0))
                .andExpect(jsonPath("$.updated").value(0)).andExpect(jsonPath("$.unchanged").value(3));
        assertThat(cipher.decrypt(jdbc.sql("select id_card_enc from person where id_card_hash = ?").param(cipher.hash(a))
                .query(String.class).single())).isEqualTo(a);

        MvcResult xlsx = mvc.perform(get("/api/export").param("gridId", String.valueOf(f.micro.id())).param("format", "xlsx")
                .with(user(community))).andExpect(status().isOk()).andReturn();
        List<String> sheet = new ArrayList<>();
        try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(xlsx.getResponse().getContentAsByteArray()))) {
            for (Row r : wb.getFirstSheet().read()) {
                List<String> cells = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    cells.add(r.getCellAsString(i).orElse(""));
                }
                sheet.add(String.join(",", cells));
            }
        }
        assertThat(sheet).containsExactly(ImportFixture.HEADER, rows.get(0), rows.get(1), rows.get(2));
        String xlsxAgain = importAs(community, "export.xlsx", xlsx.getResponse().getContentAsByteArray());
        mvc.perform(get("/api/import/" + xlsxAgain).with(user(community)))
                .andExpect(jsonPath("$.errorCount").value(0)).andExpect(jsonPath("$.unchanged").value(3));

        // a masked number that matches nobody at that address is refused clearly
        String stranger = importAs(community, "masked.csv", ImportFixture.csv(List.of(ImportFixture.HEADER,
                f.row("1", "1", "101", "自住", "外人", "其他", mask(ImportFixture.newIdCard()), "", ""),
                f.row("1", "1", "101", "自住", "王大", "户主", mask(a), "139****0000", ""))));
        List<Refusal> refused = refusals(stranger);
        assertThat(refused).extracting(Refusal::line).containsExactly(2, 3);
        assertThat(refused.get(0).reason()).contains("masked number");
        assertThat(refused.get(1).column()).isEqualTo("手机号");
    }

    @Test
    void refusesFilesThatAreNotSheetsAndOversizedUploads() throws Exception {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
        mvc.perform(multipart("/api/import").file(new MockMultipartFile("file", "residents.csv", "text/csv", png))
                        .with(user(community)).with(csrf()))
                .andExpect(status().isUnsupportedMediaType()).andExpect(jsonPath("$.code").value("unsupported-file"));
        mvc.perform(multipart("/api/import").file(new MockMultipartFile("file", "zip.xlsx", "application/zip",
                        new byte[] {'P', 'K', 3, 4, 0, 0, 0, 0})).with(user(community)).with(csrf()))
                .andExpect(status().isUnsupportedMediaType()).andExpect(jsonPath("$.code").value("unreadable-workbook"));
        mvc.perform(multipart("/api/import").file(new MockMultipartFile("file", "old.csv", "text/csv",
                        "姓名,电话\n张三,138\n".getBytes(StandardCharsets.UTF_8))).with(user(community)).with(csrf()))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("invalid-header"));
        mvc.perform(multipart("/api/import").file(new MockMultipartFile("file", "half.csv", "text/csv",
                        "小区,楼栋,单元,房号,姓名\n".getBytes(StandardCharsets.UTF_8))).with(user(community)).with(csrf()))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("身份证号")));
        byte[] big = new byte[3 * 1024 * 1024];
        java.util.Arrays.fill(big, (byte) 'a');
        mvc.perform(multipart("/api/import").file(new MockMultipartFile("file", "big.csv", "text/csv", big))
                        .with(user(community)).with(csrf()))
                .andExpect(status().isPayloadTooLarge()).andExpect(jsonPath("$.code").value("upload-too-large"));
        mvc.perform(multipart("/api/import").with(user(community)).with(csrf()))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("file-required"));
    }

    @Test
    void refusesRowsOutsideTheImportersGrids() throws Exception {
        ImportFixture f = new ImportFixture(grid, communities, "范围");
        GridworkUser worker = (GridworkUser) users.loadUserByUsername("worker");
        String id = ImportFixture.newIdCard();
        String job = importAs(worker, "w.csv", ImportFixture.csv(List.of(ImportFixture.HEADER,
                f.row("1", "1", "101", "自住", "越界", "户主", id, "", ""))));
        assertThat(refusals(job, worker)).singleElement().satisfies(r -> assertThat(r.reason()).contains("outside your grids"));
        assertThat(countPersons(id)).isZero();
        // the job of another account is not shown
        GridworkUser other = (GridworkUser) users.loadUserByUsername("community");
        mvc.perform(get("/api/import/" + job).with(user(other))).andExpect(status().isNotFound());
        mvc.perform(get("/api/import/" + job + "/errors").with(user(other))).andExpect(status().isNotFound());
        mvc.perform(get("/api/export").param("gridId", String.valueOf(f.compound.id())).with(user(worker)))
                .andExpect(status().isNotFound());
    }

    @Test
    void onlyRegisterStaffMayImportOrExport() throws Exception {
        for (String name : List.of("resident", "property")) {
            GridworkUser u = (GridworkUser) users.loadUserByUsername(name);
            mvc.perform(multipart("/api/import").file(new MockMultipartFile("file", "a.csv", "text/csv",
                    ImportFixture.csv(List.of(ImportFixture.HEADER)))).with(user(u)).with(csrf())).andExpect(status().isForbidden());
            mvc.perform(get("/api/export").param("gridId", "1").with(user(u))).andExpect(status().isForbidden());
            mvc.perform(get("/import").with(user(u))).andExpect(status().isForbidden());
            mvc.perform(get("/export").with(user(u))).andExpect(status().isForbidden());
        }
    }

    @Test
    void showsTheUploadPageAndTheJobWithItsErrorsInChineseAndEnglish() throws Exception {
        ImportFixture f = new ImportFixture(grid, communities, "页面");
        MvcResult posted = mvc.perform(multipart("/import").file(new MockMultipartFile("file", "page.csv", "text/csv",
                        ImportFixture.csv(List.of(ImportFixture.HEADER, f.row("1", "1", "101", "自住", "页", "户主", "123", "", "")))))
                        .with(user(community)).with(csrf()))
                .andExpect(status().is3xxRedirection()).andReturn();
        String location = posted.getResponse().getRedirectedUrl();
        String id = location.substring(location.lastIndexOf('/') + 1);
        awaitDone(community, id);
        mvc.perform(get(location).with(user(community))).andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("错误明细")))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("身份证号须为 17 位数字")));
        mvc.perform(get(location).header("HX-Request", "true").with(user(community))).andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("<html"))))
                .andExpect(content().string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("hx-trigger"))));
        mvc.perform(get("/import").param("lang", "en").with(user(community))).andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("Import residents")))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("page.csv")));
        mvc.perform(get("/export").with(user(community))).andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString(f.compound.name())));
        mvc.perform(multipart("/import").file(new MockMultipartFile("file", "x.csv", "text/csv", new byte[] {0, 1, 2}))
                        .with(user(community)).with(csrf()))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("neither an xlsx workbook nor CSV")));
        mvc.perform(get("/import/template").param("format", "csv").with(user(community))).andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString(ImportFixture.HEADER)));
    }

    // ---- helpers

    String importAs(GridworkUser u, String filename, byte[] content) throws Exception {
        MvcResult r = mvc.perform(multipart("/api/import").file(new MockMultipartFile("file", filename, "application/octet-stream", content))
                        .with(user(u)).with(csrf()))
                .andExpect(status().isAccepted()).andExpect(header().exists("Location")).andReturn();
        String id = String.valueOf((Integer) JsonPath.read(r.getResponse().getContentAsString(), "$.id"));
        awaitDone(u, id);
        return id;
    }

    void awaitDone(GridworkUser u, String id) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (true) {
            String body = mvc.perform(get("/api/import/" + id).with(user(u))).andExpect(status().isOk()).andReturn()
                    .getResponse().getContentAsString(StandardCharsets.UTF_8);
            String s = JsonPath.read(body, "$.status");
            if (s.equals("DONE")) {
                return;
            }
            assertThat(s).as("job %s: %s", id, body).isNotEqualTo("FAILED");
            assertThat(System.currentTimeMillis()).as("job %s still %s", id, s).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    List<Refusal> refusals(String job) throws Exception {
        return refusals(job, community);
    }

    List<Refusal> refusals(String job, GridworkUser u) throws Exception {
        String body = mvc.perform(get("/api/import/" + job + "/errors").param("limit", "1000").with(user(u)))
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        List<Map<String, Object>> errors = JsonPath.read(body, "$.errors");
        return errors.stream().map(e -> new Refusal((Integer) e.get("line"), (String) e.get("column"), (String) e.get("reason")))
                .toList();
    }

    static void assertRefusal(Refusal r, String column, String reason) {
        assertThat(r).as("refusal expected").isNotNull();
        assertThat(r.column()).as("column of line %s", r.line()).isEqualTo(column);
        assertThat(r.reason()).as("reason of line %s", r.line()).contains(reason);
    }

    static String mask(String id) {
        return id.substring(0, 4) + "**********" + id.substring(14);
    }

    long countPersons(String id) {
        return jdbc.sql("select count(*) from person where id_card_hash = ?").param(cipher.hash(id)).query(Long.class).single();
    }

    long householdOf(String id) {
        return jdbc.sql("select household_id from household_member where until is null and person_id = (select id from person where id_card_hash = ?)")
                .param(cipher.hash(id)).query(Long.class).single();
    }

    List<String> tagsOf(String id) {
        return jdbc.sql("select tag from person_tag where person_id = (select id from person where id_card_hash = ?)")
                .param(cipher.hash(id)).query(String.class).list();
    }

    long householdCount(ImportFixture f) {
        return jdbc.sql("select count(*) from household h join unit u on u.id = h.unit_id join building b on b.id = u.building_id where b.compound_id = ?")
                .param(f.compound.id()).query(Long.class).single();
    }
}
