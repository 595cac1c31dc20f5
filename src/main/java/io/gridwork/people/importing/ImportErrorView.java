package io.gridwork.people.importing;

/** One refusal: the line (row number as Excel shows it), the column as headed in the file, the reason. */
public record ImportErrorView(int line, String column, String reason) {
}
