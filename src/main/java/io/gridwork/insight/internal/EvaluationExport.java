package io.gridwork.insight.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

import io.gridwork.shared.SpreadsheetText;
import io.gridwork.shared.Workbooks;

/** A community's evaluation of a month as Excel: the ranking with every figure behind each score, and the weights. */
@Component
public class EvaluationExport {

    private final MessageSource messages;

    EvaluationExport(MessageSource messages) {
        this.messages = messages;
    }

    public void write(Evaluations.Evaluation e, Locale locale, OutputStream out) throws IOException {
        Workbook wb = Workbooks.open(out);
        Worksheet ws = wb.newWorksheet(msg("eval.xlsx.ranking", locale));
        String[] cols = {"rank", "name", "grids", "servedDays", "resolveOnTime", "resolveDue", "respondOnTime", "respondDue",
                "satisfied", "ratings", "householdVisits", "sweepVisits", "routineWork", "campaignReached", "campaignHouseholds",
                "tasksAnswered", "tasksAsked", "computed", "adjustment", "score"};
        for (int c = 0; c < cols.length; c++) {
            ws.inlineString(0, c, msg("eval.xlsx.col." + cols[c], locale));
            ws.style(0, c).bold().set();
        }
        int r = 1;
        for (Evaluations.WorkerScore w : e.workers()) {
            Evaluations.Figures f = w.figures();
            ws.value(r, 0, w.rank());
            text(ws, r, 1, w.name());
            text(ws, r, 2, w.grids());
            ws.value(r, 3, w.served().days());
            long[] n = {f.resolveOnTime(), f.resolveDue(), f.respondOnTime(), f.respondDue(), f.satisfied(), f.ratings(),
                    f.householdVisits(), f.sweepVisits(), f.routineWork(), f.campaignReached(), f.campaignHouseholds(),
                    f.tasksAnswered(), f.tasksAsked()};
            for (int i = 0; i < n.length; i++) {
                ws.value(r, 4 + i, n[i]);
            }
            int c = 4 + n.length;
            if (w.computed() != null) {
                ws.value(r, c, w.computed());
            }
            ws.value(r, c + 1, w.adjustment());
            if (w.score() != null) {
                ws.value(r, c + 2, w.score());
            }
            r++;
        }
        text(ws, r + 1, 0, e.community().name());
        text(ws, r + 1, 1, e.month().toString());
        text(ws, r + 1, 2, msg(e.published() ? "eval.state.published" : "eval.state.live", locale));

        ws = wb.newWorksheet(msg("eval.xlsx.weights", locale));
        ws.inlineString(0, 0, msg("eval.xlsx.col.indicator", locale));
        ws.inlineString(0, 1, msg("eval.xlsx.col.weight", locale));
        ws.inlineString(0, 2, msg("eval.xlsx.col.target", locale));
        r = 1;
        for (Evaluations.Weight w : e.weights()) {
            text(ws, r, 0, msg("eval.indicator." + w.indicator(), locale));
            ws.value(r, 1, w.weight());
            if (w.target() != null) {
                ws.value(r, 2, w.target());
            }
            r++;
        }
        wb.finish();
    }

    private static void text(Worksheet ws, int r, int c, String s) {
        ws.inlineString(r, c, SpreadsheetText.neutral(s == null ? "" : s));
    }

    private String msg(String key, Locale locale) {
        return messages.getMessage(key, null, locale);
    }
}
