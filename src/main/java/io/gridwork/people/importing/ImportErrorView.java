package io.gridwork.people.importing;

import java.util.List;

/**
 * One refusal: the line (row number as Excel shows it), the column as headed in the file, the reason in
 * English, and a stable code with its arguments (message {@code import.error.<code>}); code is null for
 * errors recorded before codes existed.
 */
public record ImportErrorView(int line, String column, String reason, String code, List<String> args) {
}
