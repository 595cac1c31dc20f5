package io.gridwork;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Issue 17: a module writes only its own tables, and reads another module's data through that module's facade or
 * through a read view the owner publishes (an SQL view {@code v_<owner>_...} made by a migration and listed in
 * docs/architecture.md under "Read views"). Modulith checks the Java types a module uses; this checks its SQL: the
 * string literals and text blocks of each module's main sources are read for the names in table places ({@code from},
 * {@code join}, {@code into}, {@code update}, the lists after {@code from}, ...), and the table names passed to the
 * SQL helpers ({@code insert("t", ...)}, {@code repath(jdbc, "t", ...)}), never column names. Who owns a table is in
 * src/test/resources/table-owners.tsv; every table a migration creates must have an owner there.
 */
class TableOwnershipTests {

    private static final Path MAIN = Path.of("src/main/java/io/gridwork");
    private static final Path MIGRATIONS = Path.of("src/main/resources/db");
    private static final Path OWNERS = Path.of("src/test/resources/table-owners.tsv");
    private static final Path ARCHITECTURE = Path.of("docs/architecture.md");

    // ---- the checks ----

    @Test
    void everyTableAMigrationCreatesHasAnOwningModule() {
        Schema schema = Schema.load();
        List<String> orphans = schema.tables.stream().filter(t -> schema.ownerOf(t) == null).toList();
        assertThat(orphans).as("tables without an owner: add a line to " + OWNERS).isEmpty();
        List<String> unknownModules = schema.rules.values().stream().filter(m -> !schema.modules.contains(m)).distinct().toList();
        assertThat(unknownModules).as("owners in " + OWNERS + " that are no module").isEmpty();
    }

    @Test
    void everyReadViewBelongsToAModuleAndIsListedInTheArchitectureNotes() {
        Schema schema = Schema.load();
        for (String view : schema.views) {
            assertThat(schema.ownerOf(view)).as("the owner of read view " + view + " (named v_<module>_...)").isNotNull();
        }
        assertThat(schema.views).as("views the migrations create but docs/architecture.md does not list under Read views")
                .isSubsetOf(schema.published);
        assertThat(schema.published).as("read views docs/architecture.md lists that no migration creates")
                .isSubsetOf(schema.views);
    }

    @Test
    void noModuleNamesAnotherModulesTableInItsSql() throws IOException {
        Schema schema = Schema.load();
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                Path rel = MAIN.relativize(file);
                if (rel.getNameCount() < 2) {
                    continue; // the application class
                }
                String module = rel.getName(0).toString();
                violations.addAll(schema.violations(module, rel.toString(), Files.readString(file, StandardCharsets.UTF_8)));
            }
        }
        assertThat(violations).as("SQL naming another module's table: use the owner's facade, or a read view it publishes "
                + "(a view v_<owner>_... in a migration, listed in docs/architecture.md)").isEmpty();
    }

    // ---- the reader checks itself: it finds a new violation and leaves column names alone ----

    @Test
    void findsTableNamesInTablePlacesOnly() {
        assertThat(tables(Sql.refs("select h.id from household h join unit u on u.id = h.unit_id where h.room = ?")))
                .containsExactly("household", "unit");
        assertThat(tables(Sql.refs("select 1 from need_item n, household h , unit where n.household_id = h.id")))
                .containsExactly("need_item", "household", "unit");
        assertThat(tables(Sql.refs("""
                insert into need_item (household, unit, building) select household, unit, building from vote_register r
                 where r.unit is distinct from building and extract(year from unit) = 2026 and trim(both ' ' from household) = ''
                 order by household for update""")))
                .as("columns named like tables are no table").containsExactly("need_item", "vote_register");
        assertThat(tables(Sql.refs("select 'moved from household' as note -- from unit\n from need_item")))
                .as("SQL strings and comments").containsExactly("need_item");
        assertThat(tables(Sql.refs("insert into x (a) values (1) on conflict (a) do update set a = 2")))
                .containsExactly("x");
        assertThat(Sql.refs("delete from household where id = ?").get(0).write()).isTrue();
        assertThat(Sql.refs("update household set status = ?").get(0).write()).isTrue();
        assertThat(Sql.refs("merge into grid_rollup r using household h on r.grid_id = h.id when matched then update set x = 1"))
                .extracting(Ref::table, Ref::write)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("grid_rollup", true),
                        org.assertj.core.groups.Tuple.tuple("household", false));
    }

    @Test
    void flagsAModuleReadingOrWritingAnotherModulesTableButNotItsViewsOrOwnTables() {
        Schema schema = Schema.load();
        String source = """
                class Example {
                    // select * from household: a comment is no SQL
                    void work() {
                        jdbc.sql("select r.id, h.room from rectification_item r join household h on h.id = r.household_id").list();
                        jdbc.sql("select count(*) from " +
                                "unit where id = ?").single();
                        jdbc.sql(\"""
                                select g.name from v_grid_node g
                                 where g.id = ?\""").single();
                        sql.insert("household", new String[] {"unit_id", "room"}, rows);
                        GridPaths.repath(jdbc, "need_item", "grid_path", a, b);
                        throw ProblemException.notFound("household", id);
                    }
                }
                """;
        assertThat(schema.violations("lists", "lists/Example.java", source)).containsExactly(
                "lists/Example.java:4 lists reads household, owned by grid",
                "lists/Example.java:6 lists reads unit, owned by grid",
                "lists/Example.java:10 lists writes household, owned by grid");
        assertThat(schema.violations("grid", "grid/Example.java", source.replace("rectification_item", "grid_node")
                .replace("need_item", "building"))).isEmpty();
        assertThat(schema.violations("lists", "lists/Example.java", "class A { String s = \"update v_grid_node set name = ?\"; }"))
                .containsExactly("lists/Example.java:1 lists writes read view v_grid_node, owned by grid");
    }

    private static List<String> tables(List<Ref> refs) {
        return refs.stream().map(Ref::table).toList();
    }

    // ---- the schema: tables, views, owners ----

    record Ref(String table, boolean write, int offset) {
    }

    private static final class Schema {

        final Set<String> tables = new TreeSet<>();
        final Set<String> views = new TreeSet<>();
        final Set<String> published = new TreeSet<>();
        final Set<String> modules = new TreeSet<>();
        final Map<String, String> rules = new LinkedHashMap<>();

        static Schema load() {
            try {
                Schema s = new Schema();
                Pattern create = Pattern.compile(
                        "\\bcreate\\s+(?:or\\s+replace\\s+)?(table|view)\\s+(?:if\\s+not\\s+exists\\s+)?([a-z_][a-z0-9_]*)");
                try (Stream<Path> files = Files.walk(MIGRATIONS)) {
                    for (Path f : files.filter(p -> p.toString().endsWith(".sql")).toList()) {
                        Matcher m = create.matcher(Sql.clean(Files.readString(f, StandardCharsets.UTF_8)));
                        while (m.find()) {
                            (m.group(1).equals("view") ? s.views : s.tables).add(m.group(2));
                        }
                    }
                }
                try (Stream<Path> dirs = Files.list(MAIN)) {
                    dirs.filter(Files::isDirectory).forEach(d -> s.modules.add(d.getFileName().toString()));
                }
                for (String line : Files.readAllLines(OWNERS, StandardCharsets.UTF_8)) {
                    String l = line.strip();
                    if (!l.isEmpty() && !l.startsWith("#")) {
                        String[] parts = l.split("\\s+");
                        s.rules.put(parts[0], parts[1]);
                    }
                }
                Matcher v = Pattern.compile("`(v_[a-z0-9_]+)`").matcher("");
                for (String line : Files.readAllLines(ARCHITECTURE, StandardCharsets.UTF_8)) {
                    if (line.startsWith("|")) {
                        v.reset(line);
                        while (v.find()) {
                            s.published.add(v.group(1));
                        }
                    }
                }
                return s;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The module owning a table or view; null when none. */
        String ownerOf(String name) {
            if (views.contains(name)) {
                return modules.stream().filter(m -> name.startsWith("v_" + m + "_")).findFirst().orElse(null);
            }
            String exact = rules.get(name);
            if (exact != null) {
                return exact;
            }
            return rules.entrySet().stream().filter(e -> e.getKey().endsWith("*"))
                    .filter(e -> name.startsWith(e.getKey().substring(0, e.getKey().length() - 1)))
                    .max(Comparator.comparingInt(e -> e.getKey().length())).map(Map.Entry::getValue).orElse(null);
        }

        List<String> violations(String module, String file, String javaSource) {
            List<String> out = new ArrayList<>();
            for (Ref r : Sql.refsOfJava(javaSource)) {
                boolean view = views.contains(r.table());
                if (!view && !tables.contains(r.table())) {
                    continue; // not a table: a CTE, a derived table's alias, a word
                }
                String owner = ownerOf(r.table());
                int line = Sql.lineOf(javaSource, r.offset());
                if (view && r.write()) {
                    out.add(file + ":" + line + " " + module + " writes read view " + r.table() + ", owned by " + owner);
                } else if (view && !published.contains(r.table()) && !module.equals(owner)) {
                    out.add(file + ":" + line + " " + module + " reads " + r.table() + ", a view not listed in " + ARCHITECTURE);
                } else if (!view && !module.equals(owner)) {
                    out.add(file + ":" + line + " " + module + (r.write() ? " writes " : " reads ") + r.table() + ", owned by "
                            + owner);
                }
            }
            return out.stream().distinct().toList();
        }
    }

    // ---- reading SQL out of Java ----

    private static final class Sql {

        private static final Pattern PLACE = Pattern.compile(
                "\\b(from|join|into|update|using|table|truncate|analyze)\\s+([a-z_][a-z0-9_]*)");
        private static final Pattern HELPER = Pattern.compile(
                "\\b(insert|repath|exists)\\s*\\(\\s*(?:[A-Za-z_][\\w.]*\\s*,\\s*)?\"([a-z_][a-z0-9_]*)\"");
        private static final Set<String> NOT_AN_ALIAS = Set.of("where", "join", "left", "right", "inner", "outer", "full",
                "cross", "natural", "on", "using", "order", "group", "having", "limit", "offset", "fetch", "union", "except",
                "intersect", "for", "set", "values", "select", "returning", "window", "lateral", "when", "then");
        private static final Set<String> SQL_FUNCTIONS_WITH_FROM = Set.of("extract", "substring", "trim", "overlay", "position");

        /** A string literal or text block: its text is src[start, end); its quotes span src[open, close). */
        private record Literal(int open, int start, int end, int close) {
        }

        /** Table references of the SQL in a Java source, at their offsets in it. */
        static List<Ref> refsOfJava(String src) {
            List<Literal> literals = new ArrayList<>();
            int i = 0;
            int n = src.length();
            while (i < n) {
                char c = src.charAt(i);
                if (src.startsWith("//", i)) {
                    int e = src.indexOf('\n', i);
                    i = e < 0 ? n : e;
                } else if (src.startsWith("/*", i)) {
                    int e = src.indexOf("*/", i + 2);
                    i = e < 0 ? n : e + 2;
                } else if (src.startsWith("\"\"\"", i)) {
                    int e = i + 3;
                    while (e < n && !src.startsWith("\"\"\"", e)) {
                        e += src.charAt(e) == '\\' ? 2 : 1;
                    }
                    literals.add(new Literal(i, i + 3, Math.min(e, n), Math.min(e + 3, n)));
                    i = e + 3;
                } else if (c == '"' || c == '\'') {
                    int e = i + 1;
                    while (e < n && src.charAt(e) != c) {
                        e += src.charAt(e) == '\\' ? 2 : 1;
                    }
                    if (c == '"') {
                        literals.add(new Literal(i, i + 1, Math.min(e, n), Math.min(e + 1, n)));
                    }
                    i = e + 1;
                } else {
                    i++;
                }
            }
            // "select ... from " + "household": one piece of SQL split over literals joined by +
            List<List<Literal>> pieces = new ArrayList<>();
            for (Literal l : literals) {
                List<Literal> last = pieces.isEmpty() ? null : pieces.get(pieces.size() - 1);
                if (last != null && src.substring(last.get(last.size() - 1).close(), l.open()).strip().equals("+")) {
                    last.add(l);
                } else {
                    pieces.add(new ArrayList<>(List.of(l)));
                }
            }
            List<Ref> out = new ArrayList<>();
            for (List<Literal> piece : pieces) {
                StringBuilder text = new StringBuilder();
                List<int[]> at = new ArrayList<>(); // where each literal starts in text, and in src
                for (Literal l : piece) {
                    at.add(new int[] {text.length(), l.start()});
                    text.append(src, l.start(), l.end()).append(' ');
                }
                for (Ref r : refs(text.toString())) {
                    int offset = 0;
                    for (int[] a : at) {
                        if (a[0] <= r.offset()) {
                            offset = a[1] + r.offset() - a[0];
                        }
                    }
                    out.add(new Ref(r.table(), r.write(), offset));
                }
            }
            // table names handed to the SQL helpers: sql.insert("t", ...), GridPaths.repath(jdbc, "t", ...), exists("t", ...)
            Matcher h = HELPER.matcher(src);
            while (h.find()) {
                if (!inComment(src, h.start())) {
                    out.add(new Ref(h.group(2), !h.group(1).equals("exists"), h.start(2)));
                }
            }
            out.sort(Comparator.comparingInt(Ref::offset));
            return out;
        }

        private static boolean inComment(String src, int at) {
            int lineStart = src.lastIndexOf('\n', at) + 1;
            String before = src.substring(lineStart, at);
            return before.contains("//") || before.strip().startsWith("*");
        }

        /** Table references in a piece of SQL (lower case or not), at their offsets in it. */
        static List<Ref> refs(String sqlText) {
            String sql = clean(sqlText);
            List<Ref> out = new ArrayList<>();
            Matcher m = PLACE.matcher(sql);
            while (m.find()) {
                String kw = m.group(1);
                String before = previousWord(sql, m.start());
                if (kw.equals("from") && (before.equals("distinct") || SQL_FUNCTIONS_WITH_FROM.contains(openFunction(sql, m.start())))) {
                    continue; // is distinct from x, extract(year from x), trim(both ' ' from x)
                }
                if (kw.equals("update") && Set.of("for", "do", "key", "then").contains(before)) {
                    continue; // for update, on conflict do update, when matched then update
                }
                if (kw.equals("table") && !Set.of("create", "alter", "drop", "lock", "truncate").contains(before)) {
                    continue;
                }
                if (kw.equals("into") && before.equals("merge")) {
                    out.add(new Ref(m.group(2), true, m.start(2)));
                    continue;
                }
                boolean write = switch (kw) {
                    case "into", "update", "table", "truncate", "analyze" -> true;
                    case "from" -> before.equals("delete");
                    default -> false;
                };
                out.add(new Ref(m.group(2), write, m.start(2)));
                if (kw.equals("from") || kw.equals("analyze") || kw.equals("truncate") || kw.equals("using")) {
                    listed(sql, m.end(2), write, out);
                }
            }
            return out;
        }

        /** The tables after the first of a list: "from a x, b as y, c" or "analyze a, b". */
        private static void listed(String sql, int at, boolean write, List<Ref> out) {
            Matcher word = Pattern.compile("\\G\\s*(?:as\\s+)?([a-z_][a-z0-9_]*)").matcher(sql);
            Matcher next = Pattern.compile("\\G\\s*,\\s*([a-z_][a-z0-9_]*)").matcher(sql);
            int pos = at;
            while (true) {
                if (word.find(pos) && !NOT_AN_ALIAS.contains(word.group(1))) {
                    pos = word.end(); // an alias
                }
                if (!next.find(pos)) {
                    return;
                }
                out.add(new Ref(next.group(1), write, next.start(1)));
                pos = next.end();
            }
        }

        private static String previousWord(String sql, int at) {
            Matcher w = Pattern.compile("([a-z_][a-z0-9_]*)\\s*$").matcher(sql.substring(Math.max(0, at - 40), at));
            return w.find() ? w.group(1) : "";
        }

        /** The name of the function whose parenthesis is open at {@code at}, or "". */
        private static String openFunction(String sql, int at) {
            int depth = 0;
            for (int i = at - 1; i >= 0; i--) {
                char c = sql.charAt(i);
                if (c == ')') {
                    depth++;
                } else if (c == '(') {
                    if (depth == 0) {
                        return previousWord(sql, i);
                    }
                    depth--;
                }
            }
            return "";
        }

        /** Lower case, with SQL string literals and comments blanked out (offsets kept). */
        static String clean(String sql) {
            char[] s = sql.toLowerCase(Locale.ROOT).toCharArray();
            for (int i = 0; i < s.length; i++) {
                if (s[i] == '\'') {
                    int e = i + 1;
                    while (e < s.length && s[e] != '\'') {
                        e++;
                    }
                    for (int k = i + 1; k < e; k++) {
                        s[k] = ' ';
                    }
                    i = e;
                } else if (s[i] == '-' && i + 1 < s.length && s[i + 1] == '-') {
                    while (i < s.length && s[i] != '\n') {
                        s[i++] = ' ';
                    }
                }
            }
            return new String(s);
        }

        static int lineOf(String src, int offset) {
            int line = 1;
            for (int i = 0; i < offset && i < src.length(); i++) {
                if (src.charAt(i) == '\n') {
                    line++;
                }
            }
            return line;
        }
    }
}
