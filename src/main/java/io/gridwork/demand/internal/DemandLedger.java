package io.gridwork.demand.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import io.gridwork.demand.internal.LedgerReads.Row;
import io.gridwork.shared.SpreadsheetText;
import io.gridwork.demand.CategoryView;
import io.gridwork.shared.XlsxStream;
import io.gridwork.shared.web.ProblemException;
import io.gridwork.shared.security.GridworkUser;

/**
 * The ledger (台账) as an Excel workbook: one sheet with a row per demand the viewer may see (the
 * filters of the demand list apply), one with every step of their timelines. Streamed: demands are
 * read in pages of {@value LedgerReads#PAGE} by keyset ({@link LedgerReads}), each page written and
 * flushed by {@link XlsxStream} before the next is read (free text inline, repeated text as shared strings); only
 * the demands' numbers are kept for the steps' sheet, at most {@link DemandQueries#COUNT_CAP} of them. Both sheets
 * (and the count given with the file) are read in one read-only, repeatable-read transaction and therefore describe
 * the same moment.
 */
@Component
public class DemandLedger {

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

    /** Where the workbook goes, once the number of its demands is known (the response's headers are set then). */
    @FunctionalInterface
    public interface Target {
        OutputStream open(long demands) throws IOException;
    }

    /**
     * Writes the workbook, or refuses a filter over more than {@link DemandQueries#COUNT_CAP} demands (400
     * ledger-too-large) before anything is written. The demands are counted only when the first page is full: a ledger
     * of one page (most) is its own count (issue 19), and the count is of the same moment as the file.
     */
    public void write(DemandQueries.Filter filter, GridworkUser viewer, Locale locale, Target target) {
        tx.executeWithoutResult(status -> {
            try {
                LedgerReads.Query query = reads.query(filter, viewer);
                List<Row> first = reads.page(query, null);
                long total = first.size();
                if (first.size() == LedgerReads.PAGE) {
                    DemandQueries.Count count = reads.count(filter, viewer);
                    if (count.capped()) {
                        throw ProblemException.badRequest("ledger-too-large", "a ledger holds at most " + DemandQueries.COUNT_CAP
                                + " demands and this filter matches more: narrow it (from/to, gridId, status)");
                    }
                    total = count.value();
                }
                XlsxStream wb = new XlsxStream(target.open(total), BusinessClock.ZONE);
                writeSteps(wb, writeDemands(wb, query, first, viewer, locale), locale);
                wb.finish();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** The demands' sheet, from the first page on; returns the demands written, in order, for the steps' sheet. */
    private List<LedgerReads.Ref> writeDemands(XlsxStream wb, LedgerReads.Query query, List<Row> first, GridworkUser viewer,
            Locale locale) throws IOException {
        boolean handler = DemandQueries.isHandler(viewer);
        List<String> headers = new ArrayList<>(List.of("refNo", "submittedAt", "channel", "category", "grade", "place",
                "description", "status", "parties", "respondDue", "respondedAt", "respondOnTime", "resolveDue",
                "resolvedAt", "resolveOnTime", "closedAt", "rating", "ratingComment", "measures", "holdReason",
                "supervised", "reopened"));
        if (handler) {
            headers.add("reporter");
        }
        headers.add("phone");
        int[] widths = {16, 17, 12, 12, 8, 30, 50, 10, 20, 17, 17, 8, 17, 17, 8, 17, 8, 30, 30, 20, 8, 8, 12, 14};
        XlsxStream.Sheet ws = wb.sheet(msg("ledger.sheet.demands", locale), Arrays.copyOf(widths, headers.size()), 1);
        ws.header(headers.stream().map(h -> msg("ledger.col." + h, locale)).toList());
        Map<Long, Map<String, String>> categoryNames = new HashMap<>();
        Instant now = Instant.now();
        List<LedgerReads.Ref> written = new ArrayList<>();
        for (List<Row> page = first; !page.isEmpty(); page = page.size() < LedgerReads.PAGE ? List.of()
                : reads.page(query, page.get(page.size() - 1))) {
            Map<Long, List<String>> parties = reads.parties(page);
            Map<Long, String> places = reads.places(page);
            for (Row d : page) {
                written.add(d.ref());
                ws.row().label(d.refNo()).time(d.submittedAt())
                        .label(msg("ledger.channel." + d.channel(), locale))
                        .label(categoryNames.computeIfAbsent(d.communityId(), k -> names(k, locale))
                                .getOrDefault(d.categoryCode(), d.categoryCode()))
                        .label(d.grade() == null ? null : msg("ledger.grade." + d.grade(), locale))
                        .text(SpreadsheetText.neutral(places.getOrDefault(d.id(), "")))
                        .text(SpreadsheetText.neutral(d.description()))
                        .label(msg("ledger.status." + d.status(), locale))
                        .label(String.join("、", parties.getOrDefault(d.id(), List.of()).stream()
                                .map(p -> msg("ledger.party." + p, locale)).toList()))
                        .time(d.respondDueAt()).time(d.respondedAt())
                        .label(onTime(d.respondDueAt(), d.respondedAt(), d.status().isOpen(), now, locale))
                        .time(d.resolveDueAt()).time(d.resolvedAt())
                        .label(onTime(d.resolveDueAt(), d.resolvedAt(), d.status().isOpen(), now, locale))
                        .time(d.closedAt())
                        .number(d.rating())
                        .text(SpreadsheetText.neutral(d.ratingComment()))
                        .text(SpreadsheetText.neutral(d.measures()))
                        .text(SpreadsheetText.neutral(d.holdReason()))
                        .number(d.supervisedCount())
                        .number(d.reopenCount());
                if (handler) {
                    ws.text(SpreadsheetText.neutral(d.reporterName()));
                }
                ws.text(d.phoneMask());
            }
            ws.flush();
        }
        ws.autoFilter();
        return written;
    }

    /**
     * The steps' sheet of the demands written, read by pages of {@value LedgerReads#PAGE}. The demands are not read a
     * second time (issue 19: on the city preset the second pass was a third of the ledger's database time); their
     * numbers are at most {@link DemandQueries#COUNT_CAP}, which the controller checks first.
     */
    private void writeSteps(XlsxStream wb, List<LedgerReads.Ref> demands, Locale locale) throws IOException {
        XlsxStream.Sheet ws = wb.sheet(msg("ledger.sheet.steps", locale), new int[] {16, 6, 17, 14, 18, 10, 10, 60}, 2);
        ws.header(Stream.of("refNo", "step", "at", "actor", "action", "from", "to", "note")
                .map(h -> msg("ledger.col." + h, locale)).toList());
        for (int from = 0; from < demands.size(); from += LedgerReads.PAGE) {
            List<LedgerReads.Ref> page = demands.subList(from, Math.min(demands.size(), from + LedgerReads.PAGE));
            Map<Long, List<Object[]>> steps = reads.steps(page);
            for (LedgerReads.Ref d : page) {
                int n = 1;
                for (Object[] s : steps.getOrDefault(d.id(), List.of())) {
                    ws.row().label(d.refNo()).number(n++).time((Instant) s[0])
                            .label(SpreadsheetText.neutral((String) s[1]))
                            .label(label("ledger.action.", (String) s[2], locale))
                            .label(s[3] == null ? null : msg("ledger.status." + s[3], locale))
                            .label(s[4] == null ? null : msg("ledger.status." + s[4], locale))
                            .text(SpreadsheetText.neutral((String) s[5]));
                }
            }
            ws.flush();
        }
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
