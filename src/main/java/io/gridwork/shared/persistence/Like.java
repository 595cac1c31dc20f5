package io.gridwork.shared.persistence;

/**
 * Search text inside a SQL {@code LIKE} pattern: {@code %}, {@code _} and the escape character itself are
 * matched literally. Use with {@code like ? escape '\'} (H2 and PostgreSQL alike).
 */
public final class Like {

    /** Append after a {@code like ?} parameter. */
    public static final String ESCAPE = " escape '\\'";

    private Like() {
    }

    /** A pattern matching any text that contains {@code text} (trimmed). */
    public static String containing(String text) {
        return "%" + escape(text.strip()) + "%";
    }

    public static String escape(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
