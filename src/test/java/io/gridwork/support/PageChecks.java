package io.gridwork.support;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a person should never meet on a page at phone size: a page wider than the screen, and visible text that is
 * a machine's rather than a person's (an enum code such as {@code GRID_WORKER}, or {@code true}/{@code false}).
 */
public final class PageChecks {

    /** An enum-like code; the names of Gridwork's settings (GRIDWORK_…) are meant to be read and typed, so they pass. */
    private static final Pattern ENUM_CODE = Pattern.compile("(?<![\\w.-])(?!GRIDWORK_)[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+(?![\\w.-])");
    private static final Pattern BOOLEAN = Pattern.compile("(?<![\\w.-])(?:true|false)(?![\\w.-])");

    private PageChecks() {
    }

    /** The problems of the page shown, in words; empty when there are none. */
    public static List<String> problems(Browser browser) {
        List<String> out = new ArrayList<>();
        if (!String.valueOf(browser.driver().executeScript("return document.contentType")).startsWith("text/html")) {
            return out; // an image or a PDF shown by the browser, not a page
        }
        Number extra = (Number) browser.driver().executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
        if (extra.intValue() > 0) {
            out.add("wider than the screen by " + extra.intValue() + " px");
        }
        // one script, so that a swap by htmx during the read cannot leave the text half-gone
        String text = String.valueOf(browser.driver().executeScript("return document.body ? document.body.innerText : ''"));
        Set<String> codes = matches(ENUM_CODE, text);
        if (!codes.isEmpty()) {
            out.add("codes shown as text: " + String.join(", ", codes));
        }
        Set<String> booleans = matches(BOOLEAN, text);
        if (!booleans.isEmpty()) {
            out.add("true/false shown as text");
        }
        return out;
    }

    private static Set<String> matches(Pattern pattern, String text) {
        Set<String> found = new LinkedHashSet<>();
        Matcher m = pattern.matcher(text);
        while (m.find() && found.size() < 8) {
            found.add(m.group());
        }
        return found;
    }
}
