package io.gridwork.lists.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

import io.gridwork.shared.Workbooks;

/** The three lists as Excel workbooks, headed in the viewer's language; phone numbers masked. */
@Component
public class ListExports {

    /** A column: its message key (lists.col.*) and what it shows of a row. */
    record Column<T>(String key, Function<T, Object> value) {
    }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(Places.ZONE);

    private final MessageSource messages;
    private final Places places;

    ListExports(MessageSource messages, Places places) {
        this.messages = messages;
        this.places = places;
    }

    public void needs(List<NeedService.Need> rows, Locale locale, OutputStream out) throws IOException {
        write("lists.needs.title", rows, List.<Column<NeedService.Need>>of(
                new Column<>("id", NeedService.Need::id),
                new Column<>("grid", NeedService.Need::gridName),
                new Column<>("category", n -> msg("lists.need.category." + n.category(), locale)),
                new Column<>("title", NeedService.Need::title),
                new Column<>("detail", NeedService.Need::detail),
                new Column<>("source", n -> msg("lists.need.source." + n.source(), locale)),
                new Column<>("demandRef", NeedService.Need::demandRef),
                new Column<>("status", n -> msg("lists.need.status." + n.status(), locale)),
                new Column<>("createdBy", NeedService.Need::createdBy),
                new Column<>("createdAt", n -> time(n.createdAt()))), locale, out);
    }

    public void routine(List<RoutineService.Entry> rows, Locale locale, OutputStream out) throws IOException {
        java.util.Map<Long, String> addresses = new java.util.HashMap<>(); // households recur across a worker's entries
        write("lists.routine.sheet", rows, List.<Column<RoutineService.Entry>>of(
                new Column<>("id", RoutineService.Entry::id),
                new Column<>("grid", RoutineService.Entry::gridName),
                new Column<>("kind", e -> msg("lists.kind." + e.kind(), locale)),
                new Column<>("workedOn", e -> e.workedOn().toString()),
                new Column<>("summary", RoutineService.Entry::summary),
                new Column<>("parties", RoutineService.Entry::mediationParties),
                new Column<>("issue", RoutineService.Entry::mediationIssue),
                new Column<>("outcome", RoutineService.Entry::mediationOutcome),
                new Column<>("agreement", e -> e.agreementReached() == null ? ""
                        : msg(e.agreementReached() ? "lists.routine.agreed" : "lists.routine.notAgreed", locale)),
                new Column<>("households", e -> String.join("、",
                        e.householdIds().stream().map(h -> addresses.computeIfAbsent(h, places::address)).toList())),
                new Column<>("worker", RoutineService.Entry::workerName)), locale, out);
    }

    public void resources(List<ResourceService.Resource> rows, Locale locale, OutputStream out) throws IOException {
        write("lists.resources.title", rows, List.<Column<ResourceService.Resource>>of(
                new Column<>("id", ResourceService.Resource::id),
                new Column<>("grid", ResourceService.Resource::gridName),
                new Column<>("kind", r -> msg("lists.resource.kind." + r.kind(), locale)),
                new Column<>("name", ResourceService.Resource::name),
                new Column<>("description", ResourceService.Resource::description),
                new Column<>("address", ResourceService.Resource::address),
                new Column<>("availability", ResourceService.Resource::availability),
                new Column<>("contact", ResourceService.Resource::contactName),
                new Column<>("phone", ResourceService.Resource::phoneMasked)), locale, out);
    }

    public void rectification(List<RectificationService.Item> rows, Locale locale, OutputStream out) throws IOException {
        write("lists.rect.title", rows, List.<Column<RectificationService.Item>>of(
                new Column<>("id", RectificationService.Item::id),
                new Column<>("grid", RectificationService.Item::gridName),
                new Column<>("title", RectificationService.Item::title),
                new Column<>("address", RectificationService.Item::address),
                new Column<>("detail", RectificationService.Item::detail),
                new Column<>("source", i -> msg("lists.rect.source." + i.source(), locale)),
                new Column<>("party", i -> i.party() == null ? "" : msg("party." + i.party(), locale)),
                new Column<>("responsible", RectificationService.Item::responsible),
                new Column<>("measures", RectificationService.Item::measures),
                new Column<>("deadline", i -> i.deadline() == null ? "" : i.deadline().toString()),
                new Column<>("status", i -> msg("lists.rect.status." + i.shown(), locale)),
                new Column<>("foundAt", i -> time(i.foundAt())),
                new Column<>("rectifiedAt", i -> time(i.rectifiedAt())),
                new Column<>("result", RectificationService.Item::resultNote)), locale, out);
    }

    private <T> void write(String sheetKey, List<T> rows, List<Column<T>> columns, Locale locale, OutputStream out)
            throws IOException {
        Workbook wb = Workbooks.open(out);
        Worksheet ws = wb.newWorksheet(msg(sheetKey, locale));
        for (int c = 0; c < columns.size(); c++) {
            ws.value(0, c, msg("lists.col." + columns.get(c).key(), locale));
            ws.style(0, c).bold().set();
            ws.width(c, c == 0 ? 8 : 18);
        }
        int r = 1;
        for (T row : rows) {
            for (int c = 0; c < columns.size(); c++) {
                Object v = columns.get(c).value().apply(row);
                if (v instanceof Number n) {
                    ws.value(r, c, n);
                } else if (v != null) {
                    ws.inlineString(r, c, io.gridwork.shared.SpreadsheetText.neutral(v.toString()));
                }
            }
            r++;
        }
        wb.finish();
    }

    private static String time(Instant i) {
        return i == null ? "" : TIME.format(i);
    }

    private String msg(String key, Locale locale) {
        return messages.getMessage(key, null, key, locale);
    }
}
