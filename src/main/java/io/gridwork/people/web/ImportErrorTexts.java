package io.gridwork.people.web;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

import io.gridwork.people.importing.ImportErrorView;
import io.gridwork.people.importing.ImportJobs;
import io.gridwork.shared.SpreadsheetText;
import io.gridwork.shared.Workbooks;
import io.gridwork.shared.web.ProblemException;
import io.gridwork.shared.web.ProblemMessages;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Import errors in the viewer's language (message {@code import.error.<code>} with the error's
 * arguments; the stored English reason for errors without a code), and the Excel copy of the sheet
 * with an error column: the header row and the refused rows as read, plus 错误 / Errors.
 */
@Component
class ImportErrorTexts {

    /** An error as the job page shows it. */
    record Line(int line, String column, String text) {
    }

    private final MessageSource messages;
    private final ImportJobs jobs;

    ImportErrorTexts(MessageSource messages, ImportJobs jobs) {
        this.messages = messages;
        this.jobs = jobs;
    }

    String text(ImportErrorView e, Locale locale) {
        if (e.code() == null) {
            return e.reason();
        }
        return messages.getMessage("import.error." + e.code(), e.args().toArray(), e.reason(), locale);
    }

    /**
     * The text of a refused upload for the import page: header problems (code invalid-header, detail
     * reason) as {@code import.error.header.<reason>}; others as the usual {@code error.<code>}.
     */
    String upload(ProblemException e, ProblemMessages problems) {
        if ("invalid-header".equals(e.code()) && e.details() != null && e.details().get("reason") instanceof String reason) {
            Object missing = e.details().get("missing");
            Object[] args = {e.details().getOrDefault("line", ""), e.details().getOrDefault("column", ""),
                missing instanceof List<?> l ? String.join("、", l.stream().map(String::valueOf).toList()) : ""};
            return messages.getMessage("import.error.header." + reason, args, problems.text(e), LocaleContextHolder.getLocale());
        }
        return problems.text(e);
    }

    List<Line> lines(List<ImportErrorView> errors) {
        Locale locale = LocaleContextHolder.getLocale();
        return errors.stream().map(e -> new Line(e.line(), e.column(), text(e, locale))).toList();
    }

    /** Writes the copy with an error column; 404 when the job has no kept rows (no errors, or past the retention). */
    void copy(long jobId, HttpServletResponse response) throws IOException {
        ImportJobs.ErrorCopy copy = jobs.errorCopy(jobId)
                .orElseThrow(() -> ProblemException.notFound("error copy of import job", jobId));
        Locale locale = LocaleContextHolder.getLocale();
        Map<Integer, List<String>> byLine = new LinkedHashMap<>();
        for (ImportErrorView e : jobs.errors(jobId, 0, Integer.MAX_VALUE)) {
            String column = e.column() == null ? "" : e.column();
            byLine.computeIfAbsent(e.line(), k -> new ArrayList<>())
                    .add(messages.getMessage("import.errorCopy.item", new Object[] {column, text(e, locale)}, locale));
        }
        String separator = messages.getMessage("import.errorCopy.separator", null, "; ", locale);
        String name = messages.getMessage("import.errorCopy.filename", new Object[] {jobId}, locale);
        response.setContentType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        response.setHeader("Content-Disposition", "attachment; filename=\"import-" + jobId + "-errors.xlsx\"; filename*=UTF-8''"
                + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20"));
        response.setHeader("Cache-Control", "no-store");
        try (OutputStream out = response.getOutputStream()) {
            Workbook wb = Workbooks.open(out);
            Worksheet ws = wb.newWorksheet(messages.getMessage("import.errorCopy.sheet", null, locale));
            int width = copy.header().size();
            for (ImportJobs.CopyRow r : copy.rows()) {
                width = Math.max(width, r.cells().size());
            }
            write(ws, 0, copy.header(), width, messages.getMessage("import.errorCopy.column", null, locale));
            ws.style(0, width).bold().set();
            int row = 1;
            for (ImportJobs.CopyRow r : copy.rows()) {
                write(ws, row++, r.cells(), width, String.join(separator, byLine.getOrDefault(r.line(), List.of())));
            }
            wb.finish();
        }
    }

    private static void write(Worksheet ws, int row, List<String> cells, int width, String error) {
        for (int c = 0; c < cells.size(); c++) {
            String v = cells.get(c);
            if (v != null && !v.isEmpty()) {
                ws.value(row, c, SpreadsheetText.neutral(v));
            }
        }
        ws.value(row, width, SpreadsheetText.neutral(error));
    }
}
