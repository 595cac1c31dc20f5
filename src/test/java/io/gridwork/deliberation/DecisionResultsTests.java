package io.gridwork.deliberation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockMultipartFile;

import io.gridwork.support.GridworkTest;
import io.gridwork.support.TestPeople;
import tools.jackson.databind.JsonNode;

/**
 * A decision as a tree of results with weighted progress, updated one leaf at a time and in bulk from its spreadsheet
 * template: a sheet with any wrong row changes nothing and names every fault by row in the viewer's language.
 */
@GridworkTest
class DecisionResultsTests extends DeliberationApiSupport {

    @AfterEach
    void clock() {
        fixtures.resetClock();
    }

    long add(long decision, Long parent, String title, int weight) throws Exception {
        JsonNode tree = read(call(post("/api/deliberation/decisions/" + decision + "/results"), "property",
                "{\"parentId\":%s,\"title\":\"%s\",\"weight\":%d}".formatted(parent, title, weight)).andExpect(status().isCreated()));
        return find(tree, title).path("id").asLong();
    }

    static JsonNode find(JsonNode nodes, String title) {
        for (JsonNode n : nodes) {
            if (n.path("title").asString().equals(title)) {
                return n;
            }
            JsonNode below = find(n.path("children"), title);
            if (!below.isMissingNode()) {
                return below;
            }
        }
        return tools.jackson.databind.node.MissingNode.getInstance();
    }

    int progress(long decision) throws Exception {
        return read(call(get("/api/deliberation/decisions/" + decision), "community", null)).path("progress").asInt();
    }

    static byte[] sheet(List<Object[]> rows) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Workbook wb = new Workbook(out, "test", "1.0");
        Worksheet ws = wb.newWorksheet("分项进度");
        String[] heads = {"编号", "决议", "分项", "权重", "进度", "说明"};
        for (int c = 0; c < heads.length; c++) {
            ws.value(0, c, heads[c]);
        }
        for (int r = 0; r < rows.size(); r++) {
            Object[] row = rows.get(r);
            for (int c = 0; c < row.length; c++) {
                if (row[c] instanceof Number n) {
                    ws.value(r + 1, c, n);
                } else if (row[c] != null) {
                    ws.value(r + 1, c, row[c].toString());
                }
            }
        }
        wb.finish();
        return out.toByteArray();
    }

    @Test
    void parentsTakeTheWeightedMeanAndAWrongSheetChangesNothing() throws Exception {
        fixtures.at(LocalDateTime.of(2026, 12, 8, 10, 0));
        long item = agenda(meeting("2026-11-20T11:00:00Z"), "电动车充电");
        long d = decision(item, "PROPERTY", "property", "2026-12-31");

        long a = add(d, null, "建设充电棚", 3);
        long b = add(d, null, "宣传引导", 1);
        long a1 = add(d, a, "选址", 1);
        long a2 = add(d, a, "施工", 1);
        long a1a = add(d, a1, "征求意见", 1);
        assertThat(code(call(post("/api/deliberation/decisions/" + d + "/results"), "property",
                "{\"parentId\":%d,\"title\":\"第四级\",\"weight\":1}".formatted(a1a)).andExpect(status().isBadRequest())))
                .isEqualTo("delib-results-too-deep");
        assertThat(code(call(post("/api/deliberation/decisions/" + d + "/results"), "property", "{\"title\":\"权重太大\",\"weight\":101}")
                .andExpect(status().isBadRequest()))).isEqualTo("delib-invalid-weight");
        // a parent's progress follows its children; another party cannot update
        assertThat(code(call(post("/api/deliberation/results/" + a + "/progress"), "property", "{\"progress\":50}")
                .andExpect(status().isConflict()))).isEqualTo("delib-result-has-children");
        call(post("/api/deliberation/results/" + a2 + "/progress"), "owners", "{\"progress\":100}").andExpect(status().is4xxClientError());

        call(post("/api/deliberation/results/" + a2 + "/progress"), "property", "{\"progress\":100}").andExpect(status().isOk());
        // A = (0 + 100) / 2 = 50; the decision = (3·50 + 1·0) / 4 = 37.5 → 38
        JsonNode tree = read(call(get("/api/deliberation/decisions/" + d + "/results"), "community", null).andExpect(status().isOk()));
        assertThat(find(tree, "建设充电棚").path("progress").asInt()).isEqualTo(50);
        assertThat(progress(d)).isEqualTo(38);

        // the template lists the leaves the caller may update
        byte[] template = call(get("/api/deliberation/result-sheet"), "property", null).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsByteArray();
        Map<Long, String> listed = new HashMap<>();
        try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(template)); var rows = wb.getFirstSheet().openStream()) {
            for (Row row : (Iterable<Row>) rows::iterator) {
                if (row.getRowNum() > 1) {
                    listed.put(row.getCellAsNumber(0).orElseThrow().longValue(), row.getCellText(2));
                }
            }
        }
        assertThat(listed).containsKeys(a1a, a2, b).doesNotContainKeys(a, a1);
        assertThat(listed.get(a1a)).isEqualTo("建设充电棚 › 选址 › 征求意见");

        // any wrong row refuses the whole sheet, each fault named by its row
        List<Object[]> wrong = new ArrayList<>();
        wrong.add(new Object[] {a1a, "", "", null, 80});
        wrong.add(new Object[] {b, "", "", null, 150});
        wrong.add(new Object[] {a, "", "", null, 10});
        wrong.add(new Object[] {999_999_999L, "", "", null, 5});
        wrong.add(new Object[] {a2, "", "", 0, "八十"});
        JsonNode refused = read(mvc.perform(multipart("/api/deliberation/result-sheet").file(new MockMultipartFile("file", "r.xlsx", null, sheet(wrong)))
                .with(csrf()).with(user(people.user("property")))).andExpect(status().isBadRequest()));
        assertThat(refused.path("code").asString()).isEqualTo("delib-sheet-rows");
        List<String> faults = new ArrayList<>();
        refused.path("rows").forEach(r -> faults.add(r.path("line").asInt() + ":" + r.path("code").asString()));
        assertThat(faults).containsExactly("3:progress", "4:parent", "5:unknown", "6:weight", "6:progress");
        assertThat(progress(d)).isEqualTo(38);
        assertThat(count("select progress from delib_result where id = ?", a1a)).isZero();

        // the page says so in the viewer's language
        String zh = mvc.perform(multipart("/deliberation/result-sheet").file(new MockMultipartFile("file", "r.xlsx", null, sheet(wrong)))
                .with(csrf()).with(user(people.user("property")))).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(zh).contains("没有更新任何一项").contains("第 3 行：进度“150”须为 0–100 的整数。").contains("第 5 行：找不到编号为 999999999 的分项");
        String en = mvc.perform(multipart("/deliberation/result-sheet").file(new MockMultipartFile("file", "r.xlsx", null, sheet(wrong)))
                .locale(Locale.ENGLISH).param("lang", "en").with(csrf()).with(user(people.user("property")))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(en).contains("Row 3: Progress &quot;150&quot; must be a whole number from 0 to 100.");

        // a right sheet: all rows applied, the weights too; A1 = 80, A = (80 + 100) / 2 = 90, decision = (3·90 + 1·100) / 4 = 92.5 → 93
        List<Object[]> right = new ArrayList<>();
        right.add(new Object[] {a1a, "", "", null, 80, "已征求意见"});
        right.add(new Object[] {b, "", "", 1, 100});
        JsonNode applied = read(mvc.perform(multipart("/api/deliberation/result-sheet").file(new MockMultipartFile("file", "r.xlsx", null, sheet(right)))
                .with(csrf()).with(user(people.user("property")))).andExpect(status().isOk()));
        assertThat(applied.path("updated").asInt()).isEqualTo(2);
        assertThat(progress(d)).isEqualTo(93);
        JsonNode after = read(call(get("/api/deliberation/decisions/" + d), "community", null));
        assertThat(after.path("status").asString()).isEqualTo("IN_PROGRESS");
        assertThat(after.path("updates").findValuesAsString("note")).anyMatch(n -> n.contains("已征求意见"));
    }
}
