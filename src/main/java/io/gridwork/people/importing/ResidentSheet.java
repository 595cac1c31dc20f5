package io.gridwork.people.importing;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.gridwork.people.CareTag;
import io.gridwork.people.IdCardNumber;
import io.gridwork.people.PhoneNumber;
import io.gridwork.shared.web.ProblemException;

/**
 * Reads the resident sheet: finds the header row (the first of the first five rows that names at
 * least three known columns, so a title row above it is fine), then turns each data row into an
 * {@link ImportRow}, checking everything that needs no database: required fields, the ID card check
 * digit (GB 11643), phone numbers, status, relation and tag words. Blank rows are skipped.
 */
final class ResidentSheet implements Closeable {

    static final int MAX_NAME = 100;
    private static final Pattern MASKED = Pattern.compile("[0-9A-Za-z]*\\*+[0-9A-Za-z*]*");
    private static final Pattern TAG_SPLIT = Pattern.compile("[、;；,，|\\s]+");

    private final RawRows raw;
    private final Map<Column, Integer> index = new EnumMap<>(Column.class);
    private final Map<Column, String> headers = new EnumMap<>(Column.class);
    private RawRows.RawRow headerRow;

    private ResidentSheet(RawRows raw) {
        this.raw = raw;
    }

    /** Opens the sheet and reads its header; refuses a header that lacks required columns. */
    static ResidentSheet open(Path file, SheetFormat format) throws IOException {
        RawRows raw = RawRows.open(file, format);
        ResidentSheet sheet = new ResidentSheet(raw);
        try {
            sheet.readHeader();
        } catch (RuntimeException | IOException e) {
            raw.close();
            throw e;
        }
        return sheet;
    }

    private void readHeader() throws IOException {
        List<RawRows.RawRow> seen = new ArrayList<>();
        RawRows.RawRow row;
        while (seen.size() < 5 && (row = raw.next()) != null) {
            if (row.blank()) {
                continue;
            }
            seen.add(row);
            Map<Column, Integer> found = new EnumMap<>(Column.class);
            List<String> duplicates = new ArrayList<>();
            for (int i = 0; i < row.cells().length; i++) {
                Column c = Column.of(row.cells()[i]);
                if (c != null && found.putIfAbsent(c, i) != null) {
                    duplicates.add(row.cells()[i]);
                }
            }
            if (found.size() >= 3) {
                if (!duplicates.isEmpty()) {
                    throw ProblemException.badRequest("invalid-header", "line " + row.line() + ": the column "
                            + duplicates.get(0) + " appears twice", Map.of("line", row.line(), "reason", "duplicate-column", "column", duplicates.get(0)));
                }
                List<String> missing = new ArrayList<>();
                for (Column c : Column.values()) {
                    if (c.required() && !found.containsKey(c)) {
                        missing.add(c.header());
                    }
                }
                if (!missing.isEmpty()) {
                    throw ProblemException.badRequest("invalid-header", "line " + row.line()
                            + ": the header lacks the required column(s) " + String.join("、", missing),
                            Map.of("line", row.line(), "missing", missing, "reason", "missing-columns"));
                }
                index.putAll(found);
                headerRow = row;
                String[] cells = row.cells();
                found.forEach((c, i) -> headers.put(c, cells[i]));
                return;
            }
        }
        throw ProblemException.badRequest("invalid-header", "no header row found in the first five rows: expected columns "
                + "such as 小区, 楼栋, 单元, 房号, 户状态, 姓名, 与户主关系, 身份证号, 手机号, 关怀标签", Map.of("reason", "no-header"));
    }

    /** The header row as read. */
    RawRows.RawRow headerRow() {
        return headerRow;
    }

    boolean has(Column c) {
        return index.containsKey(c);
    }

    /** The header of a column as the file writes it (for error reports). */
    String header(Column c) {
        return headers.getOrDefault(c, c.header());
    }

    /** The next non-blank data row, checked, or null at the end. */
    ImportRow next() throws IOException {
        RawRows.RawRow row;
        do {
            row = raw.next();
            if (row == null) {
                return null;
            }
        } while (row.blank());
        return parse(row);
    }

    private String cell(RawRows.RawRow row, Column c) {
        Integer i = index.get(c);
        return i == null ? "" : row.cell(i);
    }

    ImportRow parse(RawRows.RawRow row) {
        ImportRow r = new ImportRow(row.line());
        r.cells = row.cells();
        r.compound = required(r, Column.COMPOUND, cell(row, Column.COMPOUND));
        r.building = required(r, Column.BUILDING, stripSuffix(narrow(cell(row, Column.BUILDING)), "号楼", "栋", "幢", "号"));
        r.unit = required(r, Column.UNIT, stripSuffix(narrow(cell(row, Column.UNIT)), "单元"));
        r.room = required(r, Column.ROOM, stripSuffix(narrow(cell(row, Column.ROOM)), "室", "号"));
        for (String[] v : new String[][] {{r.building, Column.BUILDING.name()}, {r.unit, Column.UNIT.name()}, {r.room, Column.ROOM.name()}}) {
            if (v[0] != null && v[0].length() > 16) {
                r.refuse(header(Column.valueOf(v[1])), "too-long", "longer than 16 characters", 16);
            }
        }
        String status = cell(row, Column.STATUS);
        if (!status.isEmpty()) {
            r.status = Vocabulary.status(status);
            if (r.status == null) {
                r.refuse(header(Column.STATUS), "unknown-status", "unknown household status '" + status + "' (自住/出租/空置/经营)", status);
            }
        }
        String name = cell(row, Column.NAME);
        String id = cell(row, Column.ID_CARD);
        String relation = cell(row, Column.RELATION);
        String phone = cell(row, Column.PHONE);
        String tags = cell(row, Column.TAGS);
        if (name.isEmpty() && id.isEmpty() && relation.isEmpty() && phone.isEmpty() && tags.isEmpty()) {
            r.householdOnly = true;
            return r;
        }
        r.name = required(r, Column.NAME, name);
        if (r.name != null && r.name.length() > MAX_NAME) {
            r.refuse(header(Column.NAME), "too-long", "longer than " + MAX_NAME + " characters", MAX_NAME);
        }
        if (relation.isEmpty()) {
            r.refuse(header(Column.RELATION), "required", "required");
        } else {
            r.relation = Vocabulary.relation(relation);
            if (r.relation == null) {
                r.refuse(header(Column.RELATION), "unknown-relation", "unknown relation '" + relation + "' (户主/配偶/子女/父母/孙辈/租户/其他)", relation);
            }
        }
        idCard(r, row, narrow(id));
        phone(r, narrow(phone));
        if (has(Column.TAGS)) {
            r.tags = EnumSet.noneOf(CareTag.class);
            for (String t : TAG_SPLIT.split(tags)) {
                if (t.isEmpty()) {
                    continue;
                }
                CareTag tag = Vocabulary.tag(t);
                if (tag == null) {
                    r.refuse(header(Column.TAGS), "unknown-tag", "unknown care tag '" + t + "'", t);
                } else {
                    r.tags.add(tag);
                }
            }
        }
        return r;
    }

    private void idCard(ImportRow r, RawRows.RawRow row, String id) {
        String column = header(Column.ID_CARD);
        if (id.isEmpty()) {
            r.refuse(column, "required", "required");
            return;
        }
        Integer i = index.get(Column.ID_CARD);
        if (i != null && row.numeric(i)) {
            r.refuse(column, "id-card-as-number", "stored as a number, which loses digits: format the column as text and enter the number again");
            return;
        }
        String n = IdCardNumber.normalize(id);
        if (n.indexOf('*') >= 0) {
            if (n.length() == 18 && MASKED.matcher(n).matches()) {
                r.idCardMask = n;
            } else {
                r.refuse(column, "id-card-mask-invalid", "a masked number must look as exported (18 characters, e.g. 5101**********1234)");
            }
            return;
        }
        String problem = IdCardNumber.problem(n);
        if (problem != null) {
            r.refuse(column, idCardCode(problem), problem);
            return;
        }
        r.idCard = n;
    }

    private void phone(ImportRow r, String phone) {
        if (phone.isEmpty()) {
            return;
        }
        String n = PhoneNumber.normalize(phone);
        if (n.indexOf('*') >= 0) {
            if (MASKED.matcher(n).matches()) {
                r.phoneMask = n;
            } else {
                r.refuse(header(Column.PHONE), "phone-mask-invalid", "a masked number must look as exported (e.g. 138****5678)");
            }
            return;
        }
        String problem = PhoneNumber.problem(n);
        if (problem != null) {
            r.refuse(header(Column.PHONE), "phone-invalid", problem);
            return;
        }
        r.phone = n;
    }

    /** The code of an {@link IdCardNumber#problem} reason. */
    static String idCardCode(String problem) {
        if (problem.contains("birth date")) {
            return "id-card-birth-date";
        }
        if (problem.contains("check digit")) {
            return "id-card-check-digit";
        }
        return "id-card-format";
    }

    private String required(ImportRow r, Column c, String value) {
        if (value == null || value.isEmpty()) {
            r.refuse(header(c), "required", "required");
            return null;
        }
        return value;
    }

    /** Full-width digits and letters (３栋, ５１０１…) to ASCII. */
    static String narrow(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return Normalizer.normalize(s, Normalizer.Form.NFKC).strip();
            }
        }
        return s;
    }

    static String stripSuffix(String value, String... suffixes) {
        for (String s : suffixes) {
            if (value.length() > s.length() && value.endsWith(s)) {
                return value.substring(0, value.length() - s.length()).strip();
            }
        }
        return value;
    }

    Set<Column> columns() {
        return index.isEmpty() ? EnumSet.noneOf(Column.class) : EnumSet.copyOf(index.keySet());
    }

    @Override
    public void close() throws IOException {
        raw.close();
    }
}
