package io.gridwork.demand.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import io.gridwork.demand.internal.LedgerReads.Row;
import io.gridwork.shared.SpreadsheetText;
import io.gridwork.demand.CategoryView;
import io.gridwork.shared.Workbooks;
import io.gridwork.shared.security.GridworkUser;

/**
 * The ledger (台账) as an Excel workbook: one sheet with a row per demand the viewer may see (the
 * filters of the demand list apply), one with every step of their timelines. Streamed: demands are
 * read in pages of {@value LedgerReads#PAGE} by keyset ({@link LedgerReads}), each page written and
 * flushed before the next is read, free text goes in as inline strings (fastexcel would otherwise keep
 * a table of every distinct string until the end), so memory stays flat however many demands there
 * are. Both sheets are read in one read-only, repeatable-read transaction and therefore describe the
 * same moment.
 */
@Component
public class DemandLedger {

    private static final String DATE_TIME = "yyyy-mm-dd hh:mm";

    private final LedgerReads reads;
    private final DemandPolicies policies;
    private final MessageSource messages;
    private final TransactionTemplate tx;
    /**
     * The labels written, per language and key: a few dozen, looked up for nearly every cell (through the message
     * source, a twentieth of a district's ledger). The bundles do not change while the application runs.
     */
    private final Map<Locale, Map<String, String>> labels = new ConcurrentHashMap<>();

    DemandLedger(LedgerReads reads, DemandPolicies policies, MessageSource messages, PlatformTransactionManager transactions) {
        this.reads = reads;
        this.policies = policies;
        this.messages = messages;
        this.tx = new TransactionTemplate(transactions);
        this.tx.setReadOnly(true);
        this.tx.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
    }

    /** Writes the workbook; the caller owns (and closes) the stream. */
    public void write(DemandQueries.Filter filter, GridworkUser viewer, Locale locale, OutputStream out) {
        tx.executeWithoutResult(status -> {
            try {
                Workbook wb = Workbooks.open(out);
                writeDemands(wb.newWorksheet(msg("ledger.sheet.demands", locale)), filter, viewer, locale);
                writeSteps(wb.newWorksheet(msg("ledger.sheet.steps", locale)), filter, viewer, locale);
                wb.finish();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private void writeDemands(Worksheet ws, DemandQueries.Filter filter, GridworkUser viewer, Locale locale)
            throws IOException {
        boolean handler = DemandQueries.isHandler(viewer);
        List<String> headers = new ArrayList<>(List.of("refNo", "submittedAt", "channel", "category", "grade", "place",
                "description", "status", "parties", "respondDue", "respondedAt", "respondOnTime", "resolveDue",
                "resolvedAt", "resolveOnTime", "closedAt", "rating", "ratingComment", "measures", "holdReason",
                "supervised", "reopened"));
        if (handler) {
            headers.add("reporter");
        }
        headers.add("phone");
        header(ws, headers, locale);
        int[] widths = {16, 17, 12, 12, 8, 30, 50, 10, 20, 17, 17, 8, 17, 17, 8, 17, 8, 30, 30, 20, 8, 8, 12, 14};
        for (int c = 0; c < headers.size(); c++) {
            ws.width(c, widths[Math.min(c, widths.length - 1)]);
        }
        Map<Long, Map<String, String>> categoryNames = new HashMap<>();
        Instant now = Instant.now();
        int[] r = {1};
        reads.forEachPage(filter, viewer, false, page -> {
            Map<Long, List<String>> parties = reads.parties(page);
            Map<Long, String> places = reads.places(page);
            int first = r[0];
            for (Row d : page) {
                int row = r[0]++;
                int c = 0;
                ws.value(row, c++, d.refNo());
                date(ws, row, c++, d.submittedAt());
                ws.value(row, c++, msg("ledger.channel." + d.channel(), locale));
                ws.value(row, c++, categoryNames.computeIfAbsent(d.communityId(), k -> names(k, locale))
                        .getOrDefault(d.categoryCode(), d.categoryCode()));
                ws.value(row, c++, d.grade() == null ? "" : msg("ledger.grade." + d.grade(), locale));
                ws.inlineString(row, c++, SpreadsheetText.neutral(places.getOrDefault(d.id(), "")));
                ws.inlineString(row, c++, SpreadsheetText.neutral(d.description()));
                ws.value(row, c++, msg("ledger.status." + d.status(), locale));
                ws.value(row, c++, String.join("、", parties.getOrDefault(d.id(), List.of()).stream()
                        .map(p -> msg("ledger.party." + p, locale)).toList()));
                date(ws, row, c++, d.respondDueAt());
                date(ws, row, c++, d.respondedAt());
                ws.value(row, c++, onTime(d.respondDueAt(), d.respondedAt(), d.status().isOpen(), now, locale));
                date(ws, row, c++, d.resolveDueAt());
                date(ws, row, c++, d.resolvedAt());
                ws.value(row, c++, onTime(d.resolveDueAt(), d.resolvedAt(), d.status().isOpen(), now, locale));
                date(ws, row, c++, d.closedAt());
                if (d.rating() != null) {
                    ws.value(row, c, d.rating());
                }
                c++;
                inline(ws, row, c++, d.ratingComment());
                inline(ws, row, c++, d.measures());
                inline(ws, row, c++, d.holdReason());
                ws.value(row, c++, d.supervisedCount());
                ws.value(row, c++, d.reopenCount());
                if (handler) {
                    ws.value(row, c++, d.reporterName() == null ? "" : SpreadsheetText.neutral(d.reporterName()));
                }
                ws.value(row, c, d.phoneMask() == null ? "" : d.phoneMask());
            }
            dateFormat(ws, first, r[0] - 1, 1, 9, 10, 12, 13, 15);
            flush(ws);
        });
        ws.freezePane(1, 1);
        ws.setAutoFilter(0, 0, Math.max(0, r[0] - 1), headers.size() - 1);
        ws.finish();
    }

    private void writeSteps(Worksheet ws, DemandQueries.Filter filter, GridworkUser viewer, Locale locale) throws IOException {
        header(ws, List.of("refNo", "step", "at", "actor", "action", "from", "to", "note"), locale);
        int[] widths = {16, 6, 17, 14, 18, 10, 10, 60};
        for (int c = 0; c < widths.length; c++) {
            ws.width(c, widths[c]);
        }
        int[] r = {1};
        reads.forEachPage(filter, viewer, true, page -> {
            Map<Long, String> refs = new LinkedHashMap<>();
            page.forEach(d -> refs.put(d.id(), d.refNo()));
            Map<Long, List<Object[]>> steps = reads.steps(page);
            int first = r[0];
            for (var e : refs.entrySet()) {
                int n = 1;
                for (Object[] s : steps.getOrDefault(e.getKey(), List.of())) {
                    int row = r[0]++;
                    ws.value(row, 0, e.getValue());
                    ws.value(row, 1, n++);
                    date(ws, row, 2, (Instant) s[0]);
                    ws.value(row, 3, SpreadsheetText.neutral((String) s[1]));
                    ws.value(row, 4, label("ledger.action.", (String) s[2], locale));
                    ws.value(row, 5, s[3] == null ? "" : msg("ledger.status." + s[3], locale));
                    ws.value(row, 6, s[4] == null ? "" : msg("ledger.status." + s[4], locale));
                    inline(ws, row, 7, (String) s[5]);
                }
            }
            dateFormat(ws, first, r[0] - 1, 2);
            flush(ws);
        });
        ws.freezePane(2, 1);
        ws.finish();
    }


    private Map<String, String> names(long communityId, Locale locale) {
        Map<String, String> out = new HashMap<>();
        for (CategoryView c : policies.categories(communityId)) {
            out.put(c.code(), c.name(locale));
        }
        return out;
    }

    /** 是 / 否 / 未到期, or empty when there is no such limit. */
    private String onTime(Instant due, Instant done, boolean open, Instant now, Locale locale) {
        if (due == null) {
            return "";
        }
        if (done != null) {
            return msg(done.isAfter(due) ? "ledger.no" : "ledger.yes", locale);
        }
        if (!open) {
            return "";
        }
        return msg(now.isAfter(due) ? "ledger.no" : "ledger.pending", locale);
    }

    private void header(Worksheet ws, List<String> columns, Locale locale) {
        for (int c = 0; c < columns.size(); c++) {
            ws.value(0, c, msg("ledger.col." + columns.get(c), locale));
            ws.style(0, c).bold().fillColor("EEF2F5").set();
        }
    }

    /** A time in Beijing; its format is set for the page's column at once ({@link #dateFormat}). */
    private static void date(Worksheet ws, int row, int col, Instant at) {
        if (at != null) {
            ws.value(row, col, LocalDateTime.ofInstant(at, BusinessClock.ZONE));
        }
    }

    /**
     * The time format on the rows {@code first}..{@code last} of the given columns, one range each: fastexcel merges a
     * style once per range and distinct old style, where a style set per cell was merged per cell (issue 19: a fifth
     * of a district's ledger). Cells without a time get the format too and stay empty.
     */
    private static void dateFormat(Worksheet ws, int first, int last, int... columns) {
        if (last < first) {
            return;
        }
        for (int c : columns) {
            ws.range(first, c, last, c).style().format(DATE_TIME).set();
        }
    }

    private static void inline(Worksheet ws, int row, int col, String text) {
        if (text != null && !text.isEmpty()) {
            ws.inlineString(row, col, SpreadsheetText.neutral(text));
        }
    }

    private static void flush(Worksheet ws) throws IOException {
        ws.flush();
    }

    private String label(String prefix, String code, Locale locale) {
        Map<String, String> known = labels.computeIfAbsent(locale, l -> new ConcurrentHashMap<>());
        String key = prefix + code;
        String label = known.get(key);
        if (label == null) {
            label = messages.getMessage(key, null, code, locale);
            known.put(key, label);
        }
        return label;
    }

    private String msg(String key, Locale locale) {
        return label("", key, locale);
    }

}
