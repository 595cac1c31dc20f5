package io.gridwork.transparency.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.openpdf.text.Document;
import org.openpdf.text.Element;
import org.openpdf.text.Font;
import org.openpdf.text.Image;
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
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.transparency.internal.ReportPhotos;
import io.gridwork.transparency.internal.Reports;

/**
 * A quarterly report as the A4 PDF for the notice board (公示栏): the same content as the print page, with the
 * service report's photos, in the project's Chinese font.
 */
@Component
class NoticePdf {

    private static final java.awt.Color HEAD = new java.awt.Color(0xEE, 0xEE, 0xEE);

    private final PrintFonts fonts;
    private final MessageSource messages;
    private final TransparencyFormat format;
    private final ReportPhotos photos;

    NoticePdf(PrintFonts fonts, MessageSource messages, TransparencyFormat format, ReportPhotos photos) {
        this.fonts = fonts;
        this.messages = messages;
        this.format = format;
        this.photos = photos;
    }

    byte[] render(Reports.Report r, Map<String, List<ReportPhotos.Photo>> bySection, GridworkUser user, Locale locale)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Document doc = new Document(PageSize.A4, 48, 48, 48, 48);
        PdfWriter.getInstance(doc, out);
        String title = msg(locale, "transparency.report.title." + r.kind(), r.year(), r.quarter())
                + (r.version() > 1 ? msg(locale, "transparency.report.version", r.version()) : "");
        doc.addTitle(r.compoundName() + " " + title);
        doc.addCreator("Gridwork");
        doc.open();
        BaseFont base = fonts.pdf();
        Font big = new Font(base, 22, Font.BOLD);
        Font heading = new Font(base, 15, Font.BOLD);
        Font body = new Font(base, 10.5f, Font.NORMAL);
        Font bold = new Font(base, 10.5f, Font.BOLD);
        Font small = new Font(base, 9, Font.NORMAL, java.awt.Color.DARK_GRAY);

        doc.add(centered(msg(locale, "transparency.print.notice"), big, 4));
        doc.add(centered(r.compoundName(), body, 10));
        doc.add(centered(title, heading, 4));
        doc.add(centered(r.companyName(), body, 8));
        if (r.status() != Reports.Status.PUBLISHED) {
            doc.add(new Paragraph(msg(locale, "transparency.print.unpublished", msg(locale, "transparency.status." + r.status())), bold));
        }
        if (r.correctsId() != null) {
            doc.add(new Paragraph(msg(locale, "transparency.corrects", r.version() - 1, r.correctionReason()), body));
        }
        if (r.summary() != null) {
            Paragraph p = new Paragraph(r.summary(), body);
            p.setSpacingAfter(8);
            doc.add(p);
        }
        PdfPTable table;
        if (r.kind() == Reports.Kind.SERVICE) {
            table = table(new float[] {1.2f, 4f, 1.6f}, base, msg(locale, "transparency.print.section"),
                    msg(locale, "transparency.print.done"), msg(locale, "transparency.print.demands"));
            for (Reports.Item i : r.items()) {
                row(table, body, msg(locale, "transparency.section." + i.section()), i.description() == null ? "" : i.description(),
                        i.demandsReceived() + " / " + i.demandsResolved());
            }
        } else {
            table = table(new float[] {2f, 3f, 1.5f}, base, msg(locale, "transparency.line.category"),
                    msg(locale, "transparency.line.description"), msg(locale, "transparency.line.amount"));
            for (boolean income : new boolean[] {true, false}) {
                for (Reports.Item i : r.items()) {
                    if (i.income() == income) {
                        row(table, body, msg(locale, income ? "transparency.income" : "transparency.expense") + " · "
                                + msg(locale, "transparency.category." + i.section()), i.description() == null ? "" : i.description(),
                                format.yuan(i.amountFen()));
                    }
                }
                row(table, bold, msg(locale, income ? "transparency.income.total" : "transparency.expense.total"), "",
                        format.yuan(income ? r.incomeTotalFen() : r.expenseTotalFen()));
            }
            row(table, bold, msg(locale, "transparency.balance"), "", format.yuan(r.balanceFen()));
        }
        doc.add(table);
        if (r.kind() == Reports.Kind.SERVICE && !bySection.isEmpty()) {
            for (Reports.Item i : r.items()) {
                List<ReportPhotos.Photo> shown = bySection.get(i.section());
                if (shown == null) {
                    continue;
                }
                Paragraph h = new Paragraph(msg(locale, "transparency.section." + i.section()), bold);
                h.setSpacingBefore(10);
                h.setSpacingAfter(4);
                doc.add(h);
                PdfPTable grid = new PdfPTable(3);
                grid.setWidthPercentage(100);
                grid.getDefaultCell().setBorder(0);
                for (ReportPhotos.Photo p : shown) {
                    try (InputStream in = photos.open(r.id(), p.id(), user)) {
                        Image image = Image.getInstance(in.readAllBytes());
                        image.scaleToFit(160, 120);
                        PdfPCell cell = new PdfPCell(image, false);
                        cell.setBorder(0);
                        cell.setPadding(3);
                        grid.addCell(cell);
                    }
                }
                grid.completeRow();
                doc.add(grid);
            }
        }
        String foot = (r.reviewedAt() != null && r.status() == Reports.Status.PUBLISHED
                ? msg(locale, "transparency.approvedBy", r.reviewedByName(), format.time(r.reviewedAt())) + "    " : "")
                + (r.publishedAt() != null ? msg(locale, "transparency.publishedAt", format.time(r.publishedAt())) : "");
        Paragraph f = new Paragraph(foot, small);
        f.setSpacingBefore(16);
        doc.add(f);
        doc.close();
        return out.toByteArray();
    }

    private static Paragraph centered(String text, Font font, float after) {
        Paragraph p = new Paragraph(text, font);
        p.setAlignment(Element.ALIGN_CENTER);
        p.setSpacingAfter(after);
        return p;
    }

    private static PdfPTable table(float[] widths, BaseFont base, String... heads) {
        PdfPTable table = new PdfPTable(widths.length);
        table.setWidthPercentage(100);
        table.setWidths(widths);
        table.setHeaderRows(1);
        for (String h : heads) {
            PdfPCell cell = new PdfPCell(new Phrase(h, new Font(base, 10, Font.BOLD)));
            cell.setBackgroundColor(HEAD);
            cell.setPadding(5);
            table.addCell(cell);
        }
        return table;
    }

    private static void row(PdfPTable table, Font font, String... cells) {
        for (int i = 0; i < cells.length; i++) {
            PdfPCell cell = new PdfPCell(new Phrase(cells[i], font));
            cell.setPadding(5);
            if (i == cells.length - 1) {
                cell.setHorizontalAlignment(Element.ALIGN_RIGHT);
            }
            table.addCell(cell);
        }
    }

    private String msg(Locale locale, String key, Object... args) {
        return messages.getMessage(key, args, key, locale);
    }
}
