package io.gridwork.people.importing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import io.gridwork.grid.GridLevel;
import io.gridwork.grid.GridNode;
import io.gridwork.people.CareTag;
import io.gridwork.shared.Workbooks;
import io.gridwork.shared.web.ProblemException;

/**
 * Writes the residents of a grid in the shape the import reads (one row per resident, a row without
 * a person for an empty household), streamed from one query. ID card and phone numbers are written
 * masked, always: an export never reveals a full number. Re-importing the file is safe: the import
 * recognises the masks (see docs/import.md).
 */
@Service
public class ResidentExport {

    public enum Format { XLSX, CSV }

    static final List<Column> COLUMNS = List.of(Column.values());
    private static final int XLSX_MAX_ROWS = Worksheet.MAX_ROWS - 1;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    ResidentExport(JdbcTemplate jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    /** One exported row. */
    record Line(String compound, String building, String unit, String room, String status, String name, String relation,
            String idCard, String phone, String tags) {

        List<String> cells() {
            return java.util.Arrays.asList(compound, building, unit, room, status, name, relation, idCard, phone, tags);
        }
    }

    /** Writes the grid's residents to {@code out}; the caller has checked that the grid is in scope. */
    public void export(GridNode grid, Format format, OutputStream out) {
        List<Long> compounds = compoundsOf(grid);
        if (format == Format.XLSX && count(grid, compounds) > XLSX_MAX_ROWS) {
            throw ProblemException.badRequest("too-many-rows", "more rows than an xlsx sheet holds: export as CSV");
        }
        tx.executeWithoutResult(s -> {
            try {
                if (format == Format.CSV) {
                    csv(grid, compounds, out);
                } else {
                    xlsx(grid, compounds, out);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** An example household of two, as the second sheet of the template shows it (the ID numbers are the standard's examples). */
    static final List<List<String>> EXAMPLE = List.of(
            List.of("学府憬城", "3", "2", "1201", "自住", "张建国", "户主", "11010519491231002X", "13800138000", "老年人"),
            List.of("学府憬城", "3", "2", "1201", "自住", "李秀英", "配偶", "110105195103150024", "", "老年人、独居老人"));

    /** What each column takes, in the order of {@link Column}. */
    static final List<String> NOTES = List.of(
            "小区名称，与系统中的小区一致", "楼栋号，如 3", "单元号，如 2", "房号，如 1201",
            "自住 / 出租 / 空置 / 经营，可空", "居民姓名", "户主 / 配偶 / 子女 / 父母 / 孙辈 / 租户 / 其他",
            "18 位身份证号，本列为文本格式，末位可为 X", "11 位手机号，可空",
            "独居老人、老年人、残疾人、低保/低收入、重病、留守儿童、退役军人、特殊关爱，多个用顿号分隔，可空");

    /**
     * The sheet to fill in: the header row on the first sheet (the one imported; its columns are text, so Excel keeps
     * every digit of an ID number), and for xlsx a second sheet "填写示例" with an example household and what each
     * column takes. A CSV template has the header only (a CSV has one sheet, and an example row would be imported).
     */
    public void template(Format format, OutputStream out) throws IOException {
        if (format == Format.CSV) {
            try (CSVPrinter p = csvPrinter(out)) {
                p.flush();
            }
        } else {
            Workbook wb = Workbooks.open(out);
            Worksheet ws = header(wb, "居民");
            ws.finish();
            Worksheet example = header(wb, "填写示例");
            for (int r = 0; r < EXAMPLE.size(); r++) {
                for (int c = 0; c < COLUMNS.size(); c++) {
                    example.value(r + 1, c, EXAMPLE.get(r).get(c));
                }
            }
            int notes = EXAMPLE.size() + 2;
            for (int c = 0; c < COLUMNS.size(); c++) {
                example.value(notes, c, NOTES.get(c));
                example.style(notes, c).wrapText(true).italic().set();
            }
            example.value(notes + 2, 0, "请在第一张工作表“居民”中填写，每位居民一行；本表仅为示例，不会导入。");
            example.finish();
            wb.finish();
        }
    }

    private void csv(GridNode grid, List<Long> compounds, OutputStream out) throws IOException {
        CSVPrinter p = csvPrinter(out);
        stream(grid, compounds, line -> {
            try {
                p.printRecord(line.cells().stream().map(io.gridwork.shared.SpreadsheetText::neutral).toList());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        p.flush();
    }

    private static CSVPrinter csvPrinter(OutputStream out) throws IOException {
        out.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}); // UTF-8 BOM, so that Excel reads Chinese
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        return new CSVPrinter(w, CSVFormat.DEFAULT.builder().setHeader(COLUMNS.stream().map(Column::header).toArray(String[]::new))
                .setRecordSeparator("\r\n").get());
    }

    private void xlsx(GridNode grid, List<Long> compounds, OutputStream out) throws IOException {
        Workbook wb = Workbooks.open(out);
        Worksheet ws = header(wb, "居民");
        int[] row = {1};
        stream(grid, compounds, line -> {
            List<String> cells = line.cells();
            for (int c = 0; c < cells.size(); c++) {
                if (cells.get(c) != null && !cells.get(c).isEmpty()) {
                    ws.value(row[0], c, io.gridwork.shared.SpreadsheetText.neutral(cells.get(c)));
                }
            }
            if (++row[0] % 1000 == 0) {
                try {
                    ws.flush();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
        ws.finish();
        wb.finish();
    }

    private static Worksheet header(Workbook wb, String sheet) {
        Worksheet ws = wb.newWorksheet(sheet);
        for (int c = 0; c < COLUMNS.size(); c++) {
            ws.value(0, c, COLUMNS.get(c).header());
            ws.style(0, c).bold().set();
            // numbers as text, so that Excel keeps every digit of an ID card number
            ws.style(c).format("@").set();
        }
        ws.width(0, 14);
        ws.width(5, 10);
        ws.width(7, 22);
        ws.width(8, 14);
        ws.width(9, 16);
        return ws;
    }

    /** Compound grids whose buildings may lie under the grid: its own compound, or all below it. */
    private List<Long> compoundsOf(GridNode grid) {
        if (grid.level() == GridLevel.MICRO || grid.level() == GridLevel.GENERAL) {
            // the compound above it (a micro-grid may sit in a general grid)
            List<Object> ancestors = new ArrayList<>();
            for (String part : grid.path().split("/")) {
                if (!part.isEmpty()) {
                    ancestors.add(Long.valueOf(part));
                }
            }
            return jdbc.queryForList("select id from v_grid_node where level in ('COMPOUND','SPECIAL') and id in "
                    + in(ancestors.stream().map(o -> (Long) o).toList()), Long.class, ancestors.toArray());
        }
        if (grid.level() == GridLevel.COMPOUND || grid.level() == GridLevel.SPECIAL) {
            return List.of(grid.id());
        }
        return jdbc.queryForList("select id from v_grid_node where level in ('COMPOUND','SPECIAL') and path like ?",
                Long.class, grid.path() + "%");
    }

    private static String in(List<Long> ids) {
        return "(" + String.join(",", Collections.nCopies(ids.size(), "?")) + ")";
    }

    private long count(GridNode grid, List<Long> compounds) {
        if (compounds.isEmpty()) {
            return 0;
        }
        List<Object> args = new ArrayList<>(compounds);
        args.add(grid.path() + "%");
        Long n = jdbc.queryForObject("""
                select count(*) from v_grid_household h join v_grid_unit u on u.id = h.unit_id join v_grid_building b on b.id = u.building_id
                  join v_grid_node c on c.id = b.compound_id left join v_grid_node mg on mg.id = b.micro_grid_id
                  left join household_member m on m.household_id = h.id and m.until is null
                 where b.compound_id in""" + in(compounds) + " and coalesce(mg.path, c.path) like ?", Long.class, args.toArray());
        return n == null ? 0 : n;
    }

    private void stream(GridNode grid, List<Long> compounds, java.util.function.Consumer<Line> sink) {
        if (compounds.isEmpty()) {
            return;
        }
        List<Object> args = new ArrayList<>(compounds);
        args.add(grid.path() + "%");
        JdbcTemplate streaming = new JdbcTemplate(jdbc.getDataSource());
        streaming.setFetchSize(2000);
        // one row per resident and tag; the rows of a resident are adjacent and their tags are joined
        Object[] current = new Object[1];
        Set<CareTag> tags = EnumSet.noneOf(CareTag.class);
        long[] key = {-1, -1};
        streaming.query("""
                select c.name, b.number, u.number, h.room, h.status, p.name, m.relation, p.id_card_mask, p.phone_mask, t.tag,
                       h.id, p.id
                  from v_grid_household h
                  join v_grid_unit u on u.id = h.unit_id
                  join v_grid_building b on b.id = u.building_id
                  join v_grid_node c on c.id = b.compound_id
                  left join v_grid_node mg on mg.id = b.micro_grid_id
                  left join household_member m on m.household_id = h.id and m.until is null
                  left join person p on p.id = m.person_id
                  left join person_tag t on t.person_id = p.id
                 where b.compound_id in""" + in(compounds) + """
                    and coalesce(mg.path, c.path) like ?
                 order by c.name, c.id, length(b.number), b.number, length(u.number), u.number, length(h.room), h.room, h.id,
                       case m.relation when 'HEAD' then 0 when 'SPOUSE' then 1 when 'PARENT' then 2 when 'CHILD' then 3
                                       when 'GRANDCHILD' then 4 else 5 end, p.id, t.tag""", rs -> {
            long hid = rs.getLong(11);
            long pid = rs.getLong(12);
            if (rs.wasNull()) {
                pid = -1;
            }
            if (hid != key[0] || pid != key[1]) {
                if (current[0] != null) {
                    sink.accept(line((String[]) current[0], tags));
                }
                key[0] = hid;
                key[1] = pid;
                tags.clear();
                current[0] = new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                    Vocabulary.statusLabel(rs.getString(5)), rs.getString(6),
                    rs.getString(7) == null ? null : Vocabulary.relationLabel(rs.getString(7)), rs.getString(8), rs.getString(9)};
            }
            String tag = rs.getString(10);
            if (tag != null) {
                tags.add(CareTag.valueOf(tag));
            }
        }, args.toArray());
        if (current[0] != null) {
            sink.accept(line((String[]) current[0], tags));
        }
    }

    private static Line line(String[] v, Set<CareTag> tags) {
        StringJoiner j = new StringJoiner("、");
        tags.forEach(t -> j.add(Vocabulary.tagLabel(t)));
        return new Line(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], j.toString());
    }
}
