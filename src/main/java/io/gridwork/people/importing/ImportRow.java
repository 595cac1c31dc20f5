package io.gridwork.people.importing;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import io.gridwork.people.CareTag;

/** One data row of the sheet, normalised and checked, then resolved against the database. */
final class ImportRow {

    /**
     * A refusal of a row: the column (as headed in the file), a stable code with its arguments (shown
     * as message {@code import.error.<code>} in the viewer's language) and the reason in English.
     */
    record Problem(int line, String column, String code, List<String> args, String reason) {
    }

    final int line;
    /** The cells of the row as read, for the copy of the sheet with an error column. */
    String[] cells;
    String compound;
    String building;
    String unit;
    String room;
    /** Stored status code, or null to keep the household's status. */
    String status;
    String name;
    String relation;
    /** The full, valid ID card number; null when the sheet holds a masked one. */
    String idCard;
    /** The masked ID card number as exported (5101**********1234), when the sheet holds one. */
    String idCardMask;
    String phone;
    String phoneMask;
    /** Care tags; null when the sheet has no tag column (tags are then left as they are). */
    Set<CareTag> tags;
    /** A row with address (and status) but no person: it records the household only. */
    boolean householdOnly;

    // resolved
    long unitId;
    long householdId;
    String idHash;
    String phoneHash;
    String idCardEnc;
    String phoneEnc;
    long personId;

    private List<Problem> problems;

    ImportRow(int line) {
        this.line = line;
    }

    void refuse(String column, String code, String reason, Object... args) {
        if (problems == null) {
            problems = new ArrayList<>(2);
        }
        problems.add(problem(column, code, reason, args));
    }

    Problem problem(String column, String code, String reason, Object... args) {
        List<String> a = new ArrayList<>(args.length);
        for (Object o : args) {
            String v = String.valueOf(o);
            // arguments echo cells of the file: keep them short enough for import_error.args
            a.add(v.length() > 100 ? v.substring(0, 100) + "…" : v);
        }
        return new Problem(line, column, code, List.copyOf(a), reason);
    }

    boolean refused() {
        return problems != null;
    }

    List<Problem> problems() {
        return problems == null ? List.of() : problems;
    }

    Set<CareTag> tagsOrEmpty() {
        return tags == null ? EnumSet.noneOf(CareTag.class) : tags;
    }
}
