package io.gridwork.people.importing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.support.GridworkTest;

/** Import errors carry a code and arguments, show in the viewer's language, and come back as an Excel copy of the sheet. */
@GridworkTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImportErrorReportTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    UserDetailsService users;

    @Autowired
    GridApi grid;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ImportJobs jobs;

    GridworkUser street;
    ImportFixture f;

    @BeforeAll
    void setUp() {
        street = (GridworkUser) users.loadUserByUsername("street");
        f = new ImportFixture(grid, ImportFixture.Communities.create(grid, jdbc), "错误报告");
    }

    /** Lines 2 (ok), 3 (unknown building 99), 4 (unknown relation, formula-like name), 5 (bad check digit and phone). */
    String importWithErrors() throws Exception {
        String bad = ImportFixture.wrongCheckDigit(ImportFixture.newIdCard());
        return importAs(street, ImportFixture.csv(List.of(ImportFixture.HEADER,
                f.row("1", "1", "101", "自住", "甲", "户主", ImportFixture.newIdCard(), "", ""),
                f.row("99", "1", "101", "自住", "乙", "户主", ImportFixture.newIdCard(), "", ""),
                f.row("1", "1", "102", "自住", "=1+2", "表哥", ImportFixture.newIdCard(), "", ""),
                f.row("1", "1", "103", "自住", "丙", "户主", bad, "12345", ""))));
    }

    @Test
    void apiErrorsCarryAStableCodeAndArgumentsBesideTheEnglishReason() throws Exception {
        String job = importWithErrors();
        mvc.perform(get("/api/import/" + job + "/errors").with(user(street)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.total").value(4))
                .andExpect(jsonPath("$.errors[?(@.line == 3)].code").value("unknown-building"))
                .andExpect(jsonPath("$.errors[?(@.line == 3)].args[0]").value("99"))
                .andExpect(jsonPath("$.errors[?(@.line == 3)].args[1]").value(f.compound.name()))
                .andExpect(jsonPath("$.errors[?(@.line == 3)].reason").value("building 99 does not exist in " + f.compound.name()))
                .andExpect(jsonPath("$.errors[?(@.line == 4)].code").value("unknown-relation"))
                .andExpect(jsonPath("$.errors[?(@.line == 4)].args[0]").value("表哥"))
                .andExpect(jsonPath("$.errors[?(@.line == 5 && @.code == 'id-card-check-digit')]").exists())
                .andExpect(jsonPath("$.errors[?(@.line == 5 && @.code == 'phone-invalid')]").exists());
    }

    @Test
    void theJobPageShowsErrorsInChineseOrEnglishWithALinkToTheExcelCopy() throws Exception {
        String job = importWithErrors();
        mvc.perform(get("/import/" + job).with(user(street)).locale(Locale.SIMPLIFIED_CHINESE))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString(f.compound.name() + "没有 99 号楼")))
                .andExpect(content().string(containsString("与户主关系“表哥”无法识别")))
                .andExpect(content().string(containsString("身份证号校验位不对")))
                .andExpect(content().string(containsString("/import/" + job + "/errors.xlsx")))
                .andExpect(content().string(not(containsString("does not exist"))));
        mvc.perform(get("/import/" + job).param("lang", "en").with(user(street)).locale(Locale.ENGLISH))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("building 99 does not exist in " + f.compound.name())))
                .andExpect(content().string(containsString("unknown relation &quot;表哥&quot;")))
                .andExpect(content().string(containsString("Download the Excel copy with an error column")));
    }

    @Test
    void theExcelCopyHoldsTheHeaderAndTheRefusedRowsWithAnErrorColumn() throws Exception {
        String job = importWithErrors();
        List<List<String>> zh = sheet(mvc.perform(get("/import/" + job + "/errors.xlsx").with(user(street))
                .locale(Locale.SIMPLIFIED_CHINESE)).andExpect(status().isOk()).andReturn());
        assertThat(zh).hasSize(4);
        assertThat(zh.get(0)).containsExactly("小区", "楼栋", "单元", "房号", "户状态", "姓名", "与户主关系", "身份证号", "手机号", "关怀标签", "错误");
        assertThat(zh.get(1).subList(0, 2)).containsExactly(f.compound.name(), "99");
        assertThat(zh.get(1).get(10)).isEqualTo("楼栋：" + f.compound.name() + "没有 99 号楼");
        // the formula-like name comes back as text
        assertThat(zh.get(2).get(5)).isEqualTo("'=1+2");
        assertThat(zh.get(2).get(10)).isEqualTo("与户主关系：与户主关系“表哥”无法识别（户主/配偶/子女/父母/孙辈/租户/其他）");
        assertThat(zh.get(3).get(10)).contains("身份证号：身份证号校验位不对").contains("；手机号：");

        List<List<String>> en = sheet(mvc.perform(get("/api/import/" + job + "/errors.xlsx").with(user(street))
                .header("Accept-Language", "en").param("lang", "en").locale(Locale.ENGLISH)).andExpect(status().isOk()).andReturn());
        assertThat(en.get(0).get(10)).isEqualTo("Errors");
        assertThat(en.get(1).get(10)).isEqualTo("楼栋: building 99 does not exist in " + f.compound.name());
    }

    @Test
    void onlyTheStarterMaySeeTheCopyAndAJobWithoutErrorsHasNone() throws Exception {
        String job = importWithErrors();
        GridworkUser other = (GridworkUser) users.loadUserByUsername("community");
        mvc.perform(get("/import/" + job + "/errors.xlsx").with(user(other))).andExpect(status().isNotFound());
        mvc.perform(get("/api/import/" + job + "/errors.xlsx").with(user(other))).andExpect(status().isNotFound());
        GridworkUser resident = (GridworkUser) users.loadUserByUsername("resident");
        mvc.perform(get("/api/import/" + job + "/errors.xlsx").with(user(resident))).andExpect(status().isForbidden());

        String clean = importAs(street, ImportFixture.csv(List.of(ImportFixture.HEADER,
                f.row("2", "1", "101", "自住", "丁", "户主", ImportFixture.newIdCard(), "", ""))));
        mvc.perform(get("/api/import/" + clean + "/errors.xlsx").with(user(street))).andExpect(status().isNotFound());
        mvc.perform(get("/import/" + clean).with(user(street))).andExpect(status().isOk())
                .andExpect(content().string(not(containsString("errors.xlsx"))));
    }

    @Test
    void theKeptRowsAreDeletedOnceTheJobIsOlderThanTheRetentionButTheErrorsStay() throws Exception {
        String job = importWithErrors();
        jdbc.sql("update import_job set finished_at = ? where id = ?")
                .params(Timestamp.from(Instant.now().minus(Duration.ofDays(8))), Long.parseLong(job)).update();
        assertThat(jobs.deleteOldErrorCopies()).isGreaterThanOrEqualTo(3);
        assertThat(jdbc.sql("select count(*) from import_error_row where job_id = ?").param(Long.parseLong(job))
                .query(Long.class).single()).isZero();
        mvc.perform(get("/import/" + job + "/errors.xlsx").with(user(street))).andExpect(status().isNotFound());
        mvc.perform(get("/api/import/" + job + "/errors").with(user(street))).andExpect(jsonPath("$.total").value(4));
    }

    @Test
    void headerProblemsOfAnUploadShowInTheViewersLanguageAndQueueNothing() throws Exception {
        long before = jdbc.sql("select count(*) from import_job").query(Long.class).single();
        byte[] missing = ImportFixture.csv(List.of("小区,楼栋,单元,姓名", f.compound.name() + ",1,1,甲"));
        mvc.perform(multipart("/import").file(new MockMultipartFile("file", "h.csv", "text/csv", missing))
                        .with(user(street)).with(csrf()).locale(Locale.SIMPLIFIED_CHINESE))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("第 1 行：表头缺少必需的列 房号、与户主关系、身份证号")));
        byte[] twice = ImportFixture.csv(List.of(ImportFixture.HEADER + ",姓名", f.row("1", "1", "101", "自住", "甲", "户主", "", "", "")));
        mvc.perform(multipart("/import").file(new MockMultipartFile("file", "h.csv", "text/csv", twice))
                        .with(user(street)).with(csrf()).param("lang", "en").locale(Locale.ENGLISH))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("line 1: the column &quot;姓名&quot; appears twice")));
        mvc.perform(multipart("/api/import").file(new MockMultipartFile("file", "h.csv", "text/csv", twice))
                        .with(user(street)).with(csrf()))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("invalid-header"));
        assertThat(jdbc.sql("select count(*) from import_job").query(Long.class).single()).isEqualTo(before);
    }

    // ---- helpers

    static List<List<String>> sheet(MvcResult r) throws Exception {
        List<List<String>> out = new ArrayList<>();
        try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(r.getResponse().getContentAsByteArray()));
                var rows = wb.getFirstSheet().openStream()) {
            for (Row row : (Iterable<Row>) rows::iterator) {
                List<String> cells = new ArrayList<>();
                for (int i = 0; i < row.getCellCount(); i++) {
                    cells.add(row.getCellText(i));
                }
                out.add(cells);
            }
        }
        return out;
    }

    String importAs(GridworkUser u, byte[] content) throws Exception {
        MvcResult r = mvc.perform(multipart("/api/import").file(new MockMultipartFile("file", "errors.csv", "text/csv", content))
                .with(user(u)).with(csrf())).andExpect(status().isAccepted()).andReturn();
        String id = String.valueOf((Integer) JsonPath.read(r.getResponse().getContentAsString(), "$.id"));
        long deadline = System.currentTimeMillis() + 60_000;
        while (true) {
            String body = mvc.perform(get("/api/import/" + id).with(user(u))).andReturn().getResponse()
                    .getContentAsString(StandardCharsets.UTF_8);
            String s = JsonPath.read(body, "$.status");
            if (s.equals("DONE")) {
                return id;
            }
            assertThat(s).as(body).isNotEqualTo("FAILED");
            assertThat(System.currentTimeMillis()).isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
