package io.gridwork.insight.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.openpdf.text.Document;
import org.openpdf.text.Element;
import org.openpdf.text.Font;
import org.openpdf.text.PageSize;
import org.openpdf.text.Paragraph;
import org.openpdf.text.Phrase;
import org.openpdf.text.pdf.BaseFont;
import org.openpdf.text.pdf.PdfPCell;
import org.openpdf.text.pdf.PdfPTable;
import org.openpdf.text.pdf.PdfWriter;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

import io.gridwork.demand.PrintFonts;
import io.gridwork.shared.SpreadsheetText;
import io.gridwork.shared.Workbooks;

/**
 * The monthly report as a printable A4 PDF (the demand module's Chinese font, {@link PrintFonts}) and as Excel (one sheet
 * per table). Both render the same {@link MonthlyReports.Report}.
 */
@Component
public class ReportDocuments {

    private static final java.awt.Color HEAD = new java.awt.Color(0xE8, 0xEF, 0xF7);

    private final PrintFonts fonts;
    private final MessageSource messages;

    ReportDocuments(PrintFonts fonts, MessageSource messages) {
        this.fonts = fonts;
        this.messages = messages;
    }

    public byte[] pdf(MonthlyReports.Report r, Locale locale) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Document doc = new Document(PageSize.A4, 48, 48, 48, 48);
        PdfWriter.getInstance(doc, out);
        doc.addTitle(r.title());
        doc.addCreator("Gridwork");
        doc.open();
        BaseFont base = fonts.pdf();
        Font title = new Font(base, 18, Font.BOLD);
        Font heading = new Font(base, 13, Font.BOLD);
        Font body = new Font(base, 10.5f, Font.NORMAL);
        Font small = new Font(base, 9, Font.NORMAL, java.awt.Color.DARK_GRAY);

        Paragraph t = new Paragraph(r.title(), title);
        t.setAlignment(Element.ALIGN_CENTER);
        t.setSpacingAfter(6);
        doc.add(t);
        Paragraph sub = new Paragraph(r.subtitle(), small);
        sub.setAlignment(Element.ALIGN_CENTER);
        sub.setSpacingAfter(12);
        doc.add(sub);

        int n = 1;
        for (MonthlyReports.Section s : r.sections()) {
            Paragraph h = new Paragraph(chineseNumber(n++, locale) + s.title(), heading);
            h.setSpacingBefore(10);
            h.setSpacingAfter(6);
            doc.add(h);
            if (s.rows().isEmpty()) {
                doc.add(new Paragraph(msg("insight.none", locale), body));
                continue;
            }
            PdfPTable table = new PdfPTable(s.columns().size());
            table.setWidthPercentage(100);
            float[] widths = new float[s.columns().size()];
            for (int i = 0; i < widths.length; i++) {
                widths[i] = i == 0 ? 2.2f : 1.4f;
            }
            table.setWidths(widths);
            table.setHeaderRows(1);
            for (String c : s.columns()) {
                PdfPCell cell = new PdfPCell(new Phrase(c, new Font(base, 10, Font.BOLD)));
                cell.setBackgroundColor(HEAD);
                cell.setPadding(5);
                table.addCell(cell);
            }
            for (List<Object> row : s.rows()) {
                for (int i = 0; i < row.size(); i++) {
                    PdfPCell cell = new PdfPCell(new Phrase(String.valueOf(row.get(i)), body));
                    cell.setPadding(5);
                    if (i > 0) {
                        cell.setHorizontalAlignment(Element.ALIGN_RIGHT);
                    }
                    table.addCell(cell);
                }
            }
            doc.add(table);
        }
        Paragraph foot = new Paragraph(msg("insight.report.generated", locale,
                ZonedDateTime.now(Dashboards.ZONE).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"))), small);
        foot.setSpacingBefore(16);
        doc.add(foot);
        doc.close();
        return out.toByteArray();
    }

    public void xlsx(MonthlyReports.Report r, OutputStream out) throws IOException {
        Workbook wb = Workbooks.open(out);
        boolean first = true;
        for (MonthlyReports.Section s : r.sections()) {
            Worksheet ws = wb.newWorksheet(s.title().length() > 31 ? s.title().substring(0, 31) : s.title());
            int top = 0;
            if (first) {
                text(ws, 0, 0, r.title());
                ws.style(0, 0).bold().set();
                text(ws, 1, 0, r.subtitle());
                top = 3;
                first = false;
            }
            for (int c = 0; c < s.columns().size(); c++) {
                text(ws, top, c, s.columns().get(c));
                ws.style(top, c).bold().set();
                ws.width(c, c == 0 ? 28 : 18);
            }
            int row = top + 1;
            for (List<Object> cells : s.rows()) {
                for (int c = 0; c < cells.size(); c++) {
                    Object v = cells.get(c);
                    if (v instanceof Number num) {
                        ws.value(row, c, num);
                    } else {
                        text(ws, row, c, String.valueOf(v));
                    }
                }
                row++;
            }
        }
        wb.finish();
    }

    /** "一、" … for the section headings (Chinese); "1. " otherwise. */
    private static String chineseNumber(int n, Locale locale) {
        if ("en".equals(locale.getLanguage())) {
            return n + ". ";
        }
        String[] digits = {"", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};
        return (n <= 10 ? digits[n] : String.valueOf(n)) + "、";
    }

    /** Names come from people (grid, campaign and category names): never as a formula. */
    private static void text(Worksheet ws, int r, int c, String s) {
        ws.inlineString(r, c, SpreadsheetText.neutral(s == null ? "" : s));
    }

    private String msg(String key, Locale locale, Object... args) {
        return messages.getMessage(key, args, key, locale);
    }
}
