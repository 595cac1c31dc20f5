package io.gridwork.shared;

/**
 * Text written into CSV and xlsx exports. A cell that begins with {@code = + - @}, a tab or a carriage
 * return is a formula to spreadsheet programs (CSV injection: {@code =HYPERLINK(...)} typed into a demand
 * comes back live in the ledger); such text is prefixed with an apostrophe, which makes it plain text.
 */
public final class SpreadsheetText {

    private SpreadsheetText() {
    }

    public static String neutral(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        char first = text.charAt(0);
        boolean formula = first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r';
        return formula ? "'" + text : text;
    }
}
