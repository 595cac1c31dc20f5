package io.gridwork.people.importing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridLevel;
import io.gridwork.grid.GridNode;
import io.gridwork.people.IdCardNumber;

/** Test data of the import tests: compounds of their own under the demo communities, and sheets. */
final class ImportFixture {

    static final String HEADER = "小区,楼栋,单元,房号,户状态,姓名,与户主关系,身份证号,手机号,关怀标签";

    final GridNode compound;
    final GridNode micro;
    final GridNode outside;
    final String tag = Long.toString(System.nanoTime() % 100_000_000L, 36);

    /**
     * The communities a test class works in, made once per class (codes are scarce: a community holds
     * 99 compounds): one in 学府街道 (the street account's scope) and one in a street of its own.
     */
    record Communities(long home, long away) {

        static Communities create(GridApi grid, JdbcClient jdbc) {
            String tag = Long.toString(System.nanoTime() % 100_000_000L, 36);
            long street = jdbc.sql("select id from grid_node where name = '学府街道'").query(Long.class).single();
            long district = jdbc.sql("select parent_id from grid_node where id = ?").param(street).query(Long.class).single();
            GridNode home = grid.create(street, GridLevel.COMMUNITY, "导入测试社区" + tag, null, null);
            GridNode awayStreet = grid.create(district, GridLevel.STREET, "导入测试街道" + tag, null, null);
            GridNode away = grid.create(awayStreet.id(), GridLevel.COMMUNITY, "导入测试外社区" + tag, null, null);
            return new Communities(home.id(), away.id());
        }
    }

    ImportFixture(GridApi grid, Communities communities, String what) {
        long xuefu = communities.home();
        long jincheng = communities.away();
        compound = grid.create(xuefu, GridLevel.COMPOUND, what + "小区" + tag, null, null);
        micro = grid.create(compound.id(), GridLevel.MICRO, what + "小区" + tag + "第1微网格", null, null);
        for (int b = 1; b <= 2; b++) {
            long building = grid.createBuilding(compound.id(), micro.id(), String.valueOf(b), b + "栋", 6, null, null);
            grid.createUnit(building, "1");
            grid.createUnit(building, "2");
        }
        outside = grid.create(jincheng, GridLevel.COMPOUND, what + "外小区" + tag, null, null);
        long b = grid.createBuilding(outside.id(), null, "1", "1栋", 6, null, null);
        grid.createUnit(b, "1");
    }

    /** A valid ID card number nobody else in the shared database has (area 110101, random birth and sequence). */
    static String newIdCard() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        LocalDate birth = LocalDate.of(1940, 1, 1).plusDays(r.nextInt(60 * 365));
        String first17 = "110101" + birth.toString().replace("-", "") + String.format("%03d", r.nextInt(1000));
        return first17 + IdCardNumber.checkDigit(first17);
    }

    static String wrongCheckDigit(String id) {
        char c = id.charAt(17) == '1' ? '2' : '1';
        return id.substring(0, 17) + c;
    }

    static String newPhone() {
        return "139" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
    }

    static byte[] csv(Charset charset, boolean bom, List<String> lines) {
        byte[] body = String.join("\r\n", lines).concat("\r\n").getBytes(charset);
        if (!bom) {
            return body;
        }
        byte[] out = new byte[body.length + 3];
        out[0] = (byte) 0xEF;
        out[1] = (byte) 0xBB;
        out[2] = (byte) 0xBF;
        System.arraycopy(body, 0, out, 3, body.length);
        return out;
    }

    static byte[] csv(List<String> lines) {
        return csv(StandardCharsets.UTF_8, false, lines);
    }

    /** An xlsx workbook; cells that look like plain numbers are written as numbers, as Excel would keep them. */
    static byte[] xlsx(List<String> lines, boolean idAsNumber) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Workbook wb = new Workbook(out, "test", "1.0");
        Worksheet ws = wb.newWorksheet("Sheet1");
        for (int r = 0; r < lines.size(); r++) {
            String[] cells = lines.get(r).split(",", -1);
            for (int c = 0; c < cells.length; c++) {
                String v = cells[c];
                if (v.isEmpty()) {
                    continue;
                }
                boolean idColumn = c == 7 && r > 0;
                if (v.matches("\\d{1,6}") || (idColumn && idAsNumber && v.matches("\\d{18}"))) {
                    ws.value(r, c, Double.parseDouble(v));
                } else {
                    ws.value(r, c, v);
                }
            }
        }
        ws.finish();
        wb.finish();
        return out.toByteArray();
    }

    String row(String building, String unit, String room, String status, String name, String relation, String id,
            String phone, String tags) {
        return String.join(",", compound.name(), building, unit, room, status, name, relation, id, phone, tags);
    }
}
