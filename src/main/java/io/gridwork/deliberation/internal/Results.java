package io.gridwork.deliberation.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.gridwork.deliberation.internal.Follow.Status;
import io.gridwork.shared.SpreadsheetText;
import io.gridwork.shared.Workbooks;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.web.ProblemException;

/**
 * A decision as a tree of results (分项成果): results and sub-results up to three levels, each with a weight (1–100).
 * A leaf's progress is entered; a parent's is the weighted mean of its children's, rounded to a whole percent, and the
 * decision's progress is the weighted mean of its top results, written with a dated update whenever a leaf changes.
 * Leaves are updated one at a time or in bulk from a spreadsheet (the template lists the leaves of the decisions the
 * user may update): every row is checked first, and nothing is applied when any row is wrong.
 */
@Component("delibResults")
public class Results {

    static final int MAX_RESULTS = 100;
    static final int MAX_DEPTH = 3;
    static final int MAX_ROWS = 2000;

    public record Result(long id, long decisionId, Long parentId, int depth, String title, int weight, int progress,
            List<Result> children) {

        public boolean leaf() {
            return children.isEmpty();
        }
    }

    public record NewResult(Long parentId, String title, Integer weight) {
    }

    /** A refused row of a sheet: its line as Excel shows it, the code of the fault and the values it names. */
    public record RowError(int line, String code, List<String> args) {
    }

    /** A sheet refused as a whole (400 delib-sheet-rows), with every row's faults. */
    public static final class SheetRefused extends ProblemException {

        private final transient List<RowError> rows;

        SheetRefused(List<RowError> rows) {
            super(HttpStatus.BAD_REQUEST, "delib-sheet-rows", rows.size() + " rows are wrong; nothing was applied",
                    Map.of("rows", rows.stream().map(r -> Map.of("line", r.line(), "code", r.code(), "args", r.args())).toList()));
            this.rows = rows;
        }

        public List<RowError> rows() {
            return rows;
        }
    }

    private final JdbcClient jdbc;
    private final Decisions decisions;
    private final DelibTime time;
    private final MessageSource messages;

    Results(JdbcClient jdbc, Decisions decisions, DelibTime time, MessageSource messages) {
        this.jdbc = jdbc;
        this.decisions = decisions;
        this.time = time;
        this.messages = messages;
    }

    private record Flat(long id, long decisionId, Long parentId, int depth, String title, int weight, int progress) {
    }

    private List<Flat> flat(long decisionId) {
        return jdbc.sql("select id, decision_id, parent_id, depth, title, weight, progress from delib_result where decision_id = ? order by position, id")
                .param(decisionId).query((rs, i) -> new Flat(rs.getLong(1), rs.getLong(2), rs.getObject(3, Long.class), rs.getInt(4),
                        rs.getString(5), rs.getInt(6), rs.getInt(7))).list();
    }

    /** The decision's results as a tree with every parent's progress computed. */
    public List<Result> tree(long decisionId) {
        List<Flat> rows = flat(decisionId);
        Map<Long, List<Flat>> byParent = new HashMap<>();
        for (Flat f : rows) {
            byParent.computeIfAbsent(f.parentId() == null ? 0L : f.parentId(), k -> new ArrayList<>()).add(f);
        }
        return build(byParent, 0L);
    }

    private static List<Result> build(Map<Long, List<Flat>> byParent, long parent) {
        List<Result> out = new ArrayList<>();
        for (Flat f : byParent.getOrDefault(parent, List.of())) {
            List<Result> children = build(byParent, f.id());
            int progress = children.isEmpty() ? f.progress() : weighted(children);
            out.add(new Result(f.id(), f.decisionId(), f.parentId(), f.depth(), f.title(), f.weight(), progress, children));
        }
        return out;
    }

    /** The tree's results in order, parents before their children (for pickers). */
    public List<Result> flatten(List<Result> tree) {
        List<Result> out = new ArrayList<>();
        for (Result r : tree) {
            out.add(r);
            out.addAll(flatten(r.children()));
        }
        return out;
    }

    /** The weighted mean of the results' progress, rounded half up to a whole percent (0 with none). */
    public static int weighted(List<Result> results) {
        long sum = 0;
        long weights = 0;
        for (Result r : results) {
            sum += (long) r.weight() * r.progress();
            weights += r.weight();
        }
        return weights == 0 ? 0 : (int) ((sum * 2 + weights) / (weights * 2));
    }

    private Decisions.Decision updatable(long decisionId, GridworkUser user) {
        Decisions.Decision d = decisions.get(decisionId, user);
        if (!decisions.mayUpdate(d, user)) {
            throw ProblemException.forbidden("the organisers, the owner and the responsible party update a decision");
        }
        jdbc.sql("select id from delib_decision where id = ? for update").param(decisionId).query(Long.class).single();
        d = decisions.find(decisionId).orElseThrow();
        if (d.status() == Status.DONE) {
            throw ProblemException.conflict("delib-already-done", "this is done; its closing note is final");
        }
        return d;
    }

    private static int weight(Integer w) {
        if (w == null) {
            return 1;
        }
        if (w < 1 || w > 100) {
            throw ProblemException.badRequest("delib-invalid-weight", "a weight from 1 to 100", Map.of("field", "weight"));
        }
        return w;
    }

    /**
     * Adds a result (top level, or under {@code parentId} of the same decision, at most three levels and 100 results);
     * a leaf that gets children takes its progress from them from now on.
     */
    @Transactional
    public List<Result> add(long decisionId, NewResult in, GridworkUser user) {
        updatable(decisionId, user);
        if (in == null) {
            throw ProblemException.badRequest("field-required", "title is required", Map.of("field", "title"));
        }
        String title = Reach.text(in.title(), 200, "title", true);
        int w = weight(in.weight());
        List<Flat> rows = flat(decisionId);
        if (rows.size() >= MAX_RESULTS) {
            throw ProblemException.badRequest("delib-too-many-results", "at most " + MAX_RESULTS + " results", Map.of("field", "title"));
        }
        int depth = 1;
        if (in.parentId() != null) {
            Flat parent = rows.stream().filter(f -> f.id() == in.parentId()).findFirst().orElseThrow(() -> ProblemException.badRequest(
                    "delib-unknown-result", "no such result of this decision", Map.of("field", "parentId")));
            depth = parent.depth() + 1;
            if (depth > MAX_DEPTH) {
                throw ProblemException.badRequest("delib-results-too-deep", "results go three levels deep at most", Map.of("field", "parentId"));
            }
        }
        jdbc.sql("insert into delib_result (decision_id, parent_id, depth, position, title, weight, progress) values (?, ?, ?, ?, ?, ?, 0)")
                .params(decisionId, in.parentId(), depth, rows.size() + 1, title, w).update();
        recompute(decisionId, null, user);
        return tree(decisionId);
    }

    /** A leaf's progress (0–100); the parents' and the decision's follow. */
    @Transactional
    public List<Result> progress(long resultId, Integer progress, String note, GridworkUser user) {
        Flat f = jdbc.sql("select id, decision_id, parent_id, depth, title, weight, progress from delib_result where id = ?").param(resultId)
                .query((rs, i) -> new Flat(rs.getLong(1), rs.getLong(2), rs.getObject(3, Long.class), rs.getInt(4), rs.getString(5),
                        rs.getInt(6), rs.getInt(7))).optional().orElseThrow(() -> ProblemException.notFound("result", resultId));
        try {
            updatable(f.decisionId(), user);
        } catch (ProblemException e) {
            if (e.status() == HttpStatus.NOT_FOUND) {
                throw ProblemException.outOfReach("result", resultId);
            }
            throw e;
        }
        if (progress == null || progress < 0 || progress > 100) {
            throw ProblemException.badRequest("delib-invalid-progress", "progress from 0 to 100", Map.of("field", "progress"));
        }
        if (jdbc.sql("select count(*) from delib_result where parent_id = ?").param(resultId).query(Long.class).single() > 0) {
            throw ProblemException.conflict("delib-result-has-children", "a result with sub-results takes its progress from them");
        }
        String why = Reach.text(note, 2000, "note", false);
        jdbc.sql("update delib_result set progress = ? where id = ?").params(progress, resultId).update();
        recompute(f.decisionId(), why == null ? f.title() + " " + progress + "%" : why, user);
        return tree(f.decisionId());
    }

    /** Writes the decision's progress from its tree (when it has results) with a dated update carrying the note. */
    private void recompute(long decisionId, String note, GridworkUser user) {
        List<Result> top = tree(decisionId);
        if (top.isEmpty()) {
            return;
        }
        Decisions.Decision d = decisions.find(decisionId).orElseThrow();
        int progress = weighted(top);
        Status status = d.status() == Status.OPEN && progress > 0 ? Status.IN_PROGRESS : d.status();
        if (progress == d.progress() && status == d.status() && note == null) {
            return;
        }
        jdbc.sql("update delib_decision set progress = ?, status = ? where id = ? and status <> 'DONE'").params(progress, status.name(), decisionId)
                .update();
        jdbc.sql("insert into delib_decision_update (decision_id, status, progress, note, updated_by, updated_at) values (?, ?, ?, ?, ?, ?)")
                .params(decisionId, status.name(), progress, note == null ? "分项调整" : note, user.accountId(), DelibTime.ts(time.now()))
                .update();
    }

    // ---- the spreadsheet -------------------------------------------------------------------------

    private String msg(String key, Locale locale) {
        return messages.getMessage(key, null, key, locale);
    }

    /** The template: one row per leaf result of the open decisions the user may update, with its current weight and progress. */
    public byte[] template(GridworkUser user, Locale locale) {
        List<Decisions.Decision> mine = decisions.followed(user).stream().filter(d -> d.status() != Status.DONE && decisions.mayUpdate(d, user))
                .toList();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            Workbook wb = Workbooks.open(out);
            Worksheet ws = wb.newWorksheet(msg("delib.sheet.name", locale));
            String[] heads = {"id", "decision", "result", "weight", "progress", "note"};
            int[] widths = {10, 30, 30, 8, 10, 30};
            for (int c = 0; c < heads.length; c++) {
                ws.value(0, c, msg("delib.sheet.col." + heads[c], locale));
                ws.style(0, c).bold().set();
                ws.width(c, widths[c]);
            }
            int r = 1;
            for (Decisions.Decision d : mine) {
                for (Result leaf : leaves(tree(d.id()), "")) {
                    ws.value(r, 0, leaf.id());
                    ws.inlineString(r, 1, SpreadsheetText.neutral(d.title()));
                    ws.inlineString(r, 2, SpreadsheetText.neutral(leaf.title()));
                    ws.value(r, 3, leaf.weight());
                    ws.value(r, 4, leaf.progress());
                    r++;
                }
            }
            wb.finish();
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the template", e);
        }
        return out.toByteArray();
    }

    private static List<Result> leaves(List<Result> results, String path) {
        List<Result> out = new ArrayList<>();
        for (Result r : results) {
            String title = path.isEmpty() ? r.title() : path + " › " + r.title();
            if (r.leaf()) {
                out.add(new Result(r.id(), r.decisionId(), r.parentId(), r.depth(), title, r.weight(), r.progress(), r.children()));
            } else {
                out.addAll(leaves(r.children(), title));
            }
        }
        return out;
    }

    private record SheetRow(int line, long resultId, Integer weight, int progress, String note) {
    }

    /**
     * Applies a filled-in template: columns id, (decision), (result), weight, progress, note. Every row is checked
     * first (the result exists and is a leaf of an open decision the user may update, listed once; weight 1–100 or
     * blank; progress a whole number 0–100); any fault refuses the whole sheet with every row's faults (400
     * delib-sheet-rows) and nothing applied. Returns the number of results updated.
     */
    @Transactional
    public int upload(byte[] bytes, GridworkUser user) {
        List<List<String>> lines = read(bytes);
        List<RowError> errors = new ArrayList<>();
        List<SheetRow> ok = new ArrayList<>();
        Set<Long> seen = new LinkedHashSet<>();
        Map<Long, Boolean> mayUpdateDecision = new HashMap<>();
        for (int i = 1; i < lines.size(); i++) {
            List<String> cells = lines.get(i);
            int line = i + 1;
            if (cells.stream().allMatch(String::isBlank)) {
                continue;
            }
            String idText = cell(cells, 0);
            Long id = whole(idText);
            if (id == null) {
                errors.add(new RowError(line, "id", List.of(idText)));
                continue;
            }
            var f = jdbc.sql("select r.decision_id, (select count(*) from delib_result c where c.parent_id = r.id) from delib_result r where r.id = ?")
                    .param(id).query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)}).optional();
            boolean reach = f.isPresent() && mayUpdateDecision.computeIfAbsent(f.get()[0], d -> decisions.find(d)
                    .filter(x -> decisions.sees(x, user) && decisions.mayUpdate(x, user)).isPresent());
            if (!reach) {
                errors.add(new RowError(line, "unknown", List.of(idText)));
                continue;
            }
            if (decisions.find(f.get()[0]).orElseThrow().status() == Status.DONE) {
                errors.add(new RowError(line, "done", List.of(idText)));
                continue;
            }
            if (f.get()[1] > 0) {
                errors.add(new RowError(line, "parent", List.of(idText)));
                continue;
            }
            if (!seen.add(id)) {
                errors.add(new RowError(line, "twice", List.of(idText)));
                continue;
            }
            String weightText = cell(cells, 3);
            Long w = weightText.isBlank() ? null : whole(weightText);
            if (!weightText.isBlank() && (w == null || w < 1 || w > 100)) {
                errors.add(new RowError(line, "weight", List.of(weightText)));
            }
            String progressText = cell(cells, 4);
            Long p = whole(progressText);
            if (p == null || p < 0 || p > 100) {
                errors.add(new RowError(line, "progress", List.of(progressText)));
            }
            String note = cell(cells, 5);
            if (note.length() > 2000) {
                errors.add(new RowError(line, "note", List.of()));
            }
            if (errors.isEmpty() || errors.get(errors.size() - 1).line() != line) {
                ok.add(new SheetRow(line, id, w == null ? null : w.intValue(), p.intValue(), note.isBlank() ? null : note));
            }
        }
        if (ok.isEmpty() && errors.isEmpty()) {
            throw ProblemException.badRequest("delib-sheet-empty", "the sheet has no rows below its heading", Map.of("field", "file"));
        }
        if (!errors.isEmpty()) {
            throw new SheetRefused(errors);
        }
        Map<Long, List<String>> notes = new LinkedHashMap<>();
        for (SheetRow r : ok) {
            long decision = jdbc.sql("select decision_id from delib_result where id = ?").param(r.resultId()).query(Long.class).single();
            updatable(decision, user);
            jdbc.sql("update delib_result set progress = ?, weight = coalesce(?, weight) where id = ?").params(r.progress(), r.weight(), r.resultId())
                    .update();
            if (r.note() != null) {
                notes.computeIfAbsent(decision, k -> new ArrayList<>()).add(r.note());
            } else {
                notes.computeIfAbsent(decision, k -> new ArrayList<>());
            }
        }
        notes.forEach((decision, list) -> recompute(decision, list.isEmpty() ? "表格批量更新" : "表格批量更新：" + String.join("；", list), user));
        return ok.size();
    }

    private static String cell(List<String> cells, int i) {
        return i < cells.size() ? cells.get(i) : "";
    }

    private static Long whole(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            BigDecimal d = new BigDecimal(text.strip());
            return d.stripTrailingZeros().scale() > 0 ? null : d.longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }

    private static List<List<String>> read(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw ProblemException.badRequest("file-required", "send the filled-in template (field: file)", Map.of("field", "file"));
        }
        if (bytes.length < 4 || bytes[0] != 'P' || bytes[1] != 'K') {
            throw new ProblemException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "delib-sheet-format", "upload the template as an xlsx workbook");
        }
        List<List<String>> out = new ArrayList<>();
        try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(bytes)); var rows = wb.getFirstSheet().openStream()) {
            for (Row row : (Iterable<Row>) rows::iterator) {
                while (out.size() < row.getRowNum() - 1) {
                    out.add(List.of());
                }
                if (out.size() > MAX_ROWS) {
                    throw ProblemException.badRequest("delib-sheet-too-long", "at most " + MAX_ROWS + " rows", Map.of("field", "file"));
                }
                List<String> cells = new ArrayList<>();
                for (int i = 0; i < row.getCellCount(); i++) {
                    Cell c = row.getCell(i);
                    if (c == null || c.getType() == CellType.EMPTY) {
                        cells.add("");
                    } else if (c.getType() == CellType.NUMBER) {
                        cells.add(c.asNumber() == null ? "" : c.asNumber().stripTrailingZeros().toPlainString());
                    } else {
                        cells.add(c.getText() == null ? "" : c.getText().strip());
                    }
                }
                out.add(cells);
            }
        } catch (ProblemException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new ProblemException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "delib-sheet-format", "upload the template as an xlsx workbook");
        }
        return out;
    }
}
