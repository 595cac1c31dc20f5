package io.gridwork.shared.web;

import org.unbescape.html.HtmlEscape;

/**
 * {@code <option>} elements written as text, for pickers of hundreds of choices: the same markup as a Thymeleaf
 * {@code th:each} with {@code th:value}, {@code th:selected} and {@code th:text} (escaped alike), without evaluating
 * three expressions per choice (issue 19: a list page with two grid pickers of 400 grids and a building picker of 600
 * spent most of its time in those evaluations). Templates insert the result with {@code th:utext}.
 */
public final class HtmlOptions {

    private HtmlOptions() {
    }

    /** Appends {@code <newline><indent><option value="…" selected="selected">text</option>}. */
    public static StringBuilder option(StringBuilder out, String indent, long value, boolean selected, String text) {
        out.append('\n').append(indent).append("<option value=\"").append(value).append('"');
        if (selected) {
            out.append(" selected=\"selected\"");
        }
        return out.append('>').append(escape(text)).append("</option>");
    }

    /** Text or an attribute value escaped as Thymeleaf escapes them in HTML. */
    public static String escape(String text) {
        return text == null ? "" : HtmlEscape.escapeHtml4Xml(text);
    }

    /** True when a template's selected value (a number, or null) is this id. */
    public static boolean isSelected(Object selected, long id) {
        return selected instanceof Number n && n.longValue() == id;
    }
}
