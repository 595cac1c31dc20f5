package io.gridwork.people.importing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.dhatim.fastexcel.reader.Sheet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The import template: a sheet to fill in, and beside it an example that the importer itself accepts. */
class ResidentTemplateTests {

    @TempDir
    Path dir;

    @Test
    void theTemplateHasAnEmptySheetToFillAndAnExampleSheetWhoseRowsTheImporterAccepts() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ResidentExport(null, null).template(ResidentExport.Format.XLSX, out);

        List<List<String>> toFill;
        List<List<String>> example;
        try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(out.toByteArray()))) {
            List<Sheet> sheets = wb.getSheets().toList();
            assertThat(sheets).extracting(Sheet::getName).containsExactly("居民", "填写示例");
            toFill = rows(sheets.get(0));
            example = rows(sheets.get(1));
        }
        // the first sheet, the one imported, holds the header only
        assertThat(toFill).hasSize(1);
        assertThat(toFill.get(0)).containsExactly("小区", "楼栋", "单元", "房号", "户状态", "姓名", "与户主关系", "身份证号", "手机号", "关怀标签");
        // the example: the header, a household of two, then what each column takes
        assertThat(example.get(0)).isEqualTo(toFill.get(0));
        assertThat(example.get(1)).contains("11010519491231002X", "户主");
        assertThat(example.get(2)).contains("配偶");
        assertThat(example.stream().flatMap(List::stream)).anyMatch(c -> c.contains("文本格式")).anyMatch(c -> c.contains("不会导入"));

        // the example rows, put on the sheet to fill, pass every check of the importer
        StringBuilder csv = new StringBuilder(String.join(",", toFill.get(0))).append('\n');
        for (List<String> r : ResidentExport.EXAMPLE) {
            csv.append(String.join(",", r)).append('\n');
        }
        Path file = Files.writeString(dir.resolve("example.csv"), csv);
        try (ResidentSheet sheet = ResidentSheet.open(file, SheetFormat.CSV)) {
            for (int i = 0; i < ResidentExport.EXAMPLE.size(); i++) {
                ImportRow row = sheet.next();
                assertThat(row.problems()).as("example row %d", i + 1).isEmpty();
                assertThat(row.idCard).isEqualTo(ResidentExport.EXAMPLE.get(i).get(7));
                assertThat(row.tags).isNotEmpty();
            }
        }
    }

    private static List<List<String>> rows(Sheet sheet) throws Exception {
        List<List<String>> rows = new ArrayList<>();
        for (Row r : sheet.read()) {
            List<String> cells = new ArrayList<>();
            for (int c = 0; c < r.getCellCount(); c++) {
                cells.add(r.getCellAsString(c).orElse(""));
            }
            rows.add(cells);
        }
        return rows;
    }
}
