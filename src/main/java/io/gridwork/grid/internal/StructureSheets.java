package io.gridwork.grid.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.text.Normalizer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.gridwork.grid.GridNode;
import io.gridwork.shared.Workbooks;
import io.gridwork.shared.web.ProblemException;

/**
 * The structure sheet (楼栋 / 单元 / 楼层 / 房号 / 面积 / 微网格) of a compound: creates the buildings,
 * units and households it names that are missing, updates floor and area of those that exist, and
 * assigns buildings to micro-grids (a change of micro-grid is a move, kept in the history). Every row
 * is checked first; when any row is bad nothing is written and the errors come back, in the viewer's
 * language, also as an Excel copy of the sheet with an error column.
 */
@Service
public class StructureSheets {

    /** Rows a sheet may hold (a compound of 1,800 households has 1,800). */
    static final int MAX_ROWS = 20_000;

    enum Col {
        BUILDING(true, "楼栋", "楼栋号", "楼号", "栋", "栋号", "楼宇", "building"),
        UNIT(true, "单元", "单元号", "unit"),
        FLOOR(false, "楼层", "层", "所在楼层", "floor"),
        ROOM(true, "房号", "房间号", "门牌号", "室", "户号", "room"),
        AREA(false, "面积", "专有面积", "建筑面积", "套内面积", "专有部分面积", "area", "floorarea"),
        MICRO(false, "微网格", "所属微网格", "微网格名称", "微网格编码", "microgrid", "micro-grid");

        final boolean required;
        final List<String> names;

        Col(boolean required, String... names) {
            this.required = required;
            this.names = List.of(names);
        }

        String header() {
            return names.get(0);
        }
    }

    /** A refused row: its line in the sheet, the column at fault and why, in the viewer's language. */
    public record RowError(int line, String column, String message) implements java.io.Serializable {
    }

    /** What an upload did, or (written false) why it did nothing. */
    public record Outcome(boolean written, int rows, int buildingsCreated, int unitsCreated, int householdsCreated,
            int householdsUpdated, int buildingsMoved, List<RowError> errors, byte[] errorCopy) {
    }

    private final JdbcClient jdbc;
    private final GridService grid;
    private final MessageSource messages;

    private final org.springframework.context.ApplicationEventPublisher events;

    StructureSheets(JdbcClient jdbc, GridService grid, MessageSource messages,
            org.springframework.context.ApplicationEventPublisher events) {
        this.events = events;
        this.jdbc = jdbc;
        this.grid = grid;
        this.messages = messages;
    }

    private record Row(int line, String building, String unit, Integer floor, String room, BigDecimal area, Long microId) {
    }

    @Transactional
    public Outcome load(long compoundId, byte[] file, String actor, Locale locale) {
        GridNode compound = grid.node(compoundId).orElseThrow(() -> ProblemException.notFound("grid", compoundId));
        if (!compound.level().holdsBuildings() || compound.retired()) {
            throw ProblemException.badRequest("invalid-level", "a structure sheet is loaded into a compound or special grid");
        }
        List<SheetReader.Line> lines = SheetReader.read(file);
        int headerAt = 0;
        while (headerAt < lines.size() && lines.get(headerAt).blank()) {
            headerAt++;
        }
        if (headerAt == lines.size()) {
            throw new ProblemException(HttpStatus.BAD_REQUEST, "invalid-header", "楼栋, 单元, 房号");
        }
        SheetReader.Line header = lines.get(headerAt);
        Map<Col, Integer> index = columns(header);
        List<String> missing = new ArrayList<>();
        for (Col c : Col.values()) {
            if (c.required && !index.containsKey(c)) {
                missing.add(c.header());
            }
        }
        if (!missing.isEmpty()) {
            throw new ProblemException(HttpStatus.BAD_REQUEST, "invalid-header", String.join(", ", missing));
        }
        List<SheetReader.Line> body = lines.subList(headerAt + 1, lines.size()).stream().filter(l -> !l.blank()).toList();
        if (body.size() > MAX_ROWS) {
            throw new ProblemException(HttpStatus.BAD_REQUEST, "too-many-rows", "at most " + MAX_ROWS + " rows");
        }

        Map<String, Long> microByName = new HashMap<>();
        Map<String, Long> microByCode = new HashMap<>();
        for (GridNode m : grid.microGridsUnder(compoundId)) {
            microByCode.put(m.code(), m.id());
            microByName.merge(m.name(), m.id(), (a, b) -> -1L); // -1: a name two micro-grids share
        }

        Map<Integer, List<String>> errors = new LinkedHashMap<>();
        List<RowError> flat = new ArrayList<>();
        Map<String, Integer> seenRooms = new HashMap<>();
        Map<String, Long> buildingMicro = new HashMap<>();
        Map<String, Integer> buildingMicroLine = new HashMap<>();
        List<Row> rows = new ArrayList<>();
        for (SheetReader.Line l : body) {
            List<String> rowErrors = new ArrayList<>();
            java.util.function.BiConsumer<Col, String> refuse = (col, message) -> {
                rowErrors.add(message);
                flat.add(new RowError(l.line(), col.header(), message));
            };
            String building = key(cell(l, index, Col.BUILDING), "号楼", "栋", "幢", "号");
            String unit = key(cell(l, index, Col.UNIT), "单元");
            String room = key(cell(l, index, Col.ROOM), "室", "号");
            for (var f : List.of(Map.entry(Col.BUILDING, building), Map.entry(Col.UNIT, unit), Map.entry(Col.ROOM, room))) {
                if (f.getValue().isEmpty()) {
                    refuse.accept(f.getKey(), text(locale, "structure.error.missing", f.getKey().header()));
                } else if (f.getValue().length() > 16) {
                    refuse.accept(f.getKey(), text(locale, "structure.error.too-long", f.getKey().header()));
                }
            }
            Integer floor = null;
            String floorText = key(cell(l, index, Col.FLOOR), "层", "楼", "f", "F");
            if (!floorText.isEmpty()) {
                try {
                    floor = Integer.valueOf(new BigDecimal(floorText).intValueExact());
                    if (floor < -10 || floor > 200) {
                        throw new NumberFormatException();
                    }
                } catch (NumberFormatException | ArithmeticException e) {
                    refuse.accept(Col.FLOOR, text(locale, "structure.error.bad-floor", cell(l, index, Col.FLOOR)));
                    floor = null;
                }
            }
            BigDecimal area = null;
            String areaText = key(cell(l, index, Col.AREA), "平方米", "平米", "m2", "m²", "㎡").replace(",", "");
            if (!areaText.isEmpty()) {
                try {
                    area = new BigDecimal(areaText);
                    if (area.scale() > 2) {
                        area = area.setScale(2, java.math.RoundingMode.HALF_UP);
                    }
                    GridService.checkArea(area);
                } catch (NumberFormatException | ProblemException e) {
                    refuse.accept(Col.AREA, text(locale, "structure.error.bad-area", cell(l, index, Col.AREA)));
                    area = null;
                }
            }
            Long micro = null;
            String microText = cell(l, index, Col.MICRO);
            if (!microText.isEmpty()) {
                micro = microByCode.get(microText);
                if (micro == null) {
                    micro = microByName.get(microText);
                }
                if (micro == null) {
                    refuse.accept(Col.MICRO, text(locale, "structure.error.unknown-micro-grid", microText, compound.name()));
                } else if (micro < 0) {
                    refuse.accept(Col.MICRO, text(locale, "structure.error.ambiguous-micro-grid", microText));
                    micro = null;
                }
            }
            if (!building.isEmpty() && !unit.isEmpty() && !room.isEmpty()) {
                String roomKey = building + "\u0000" + unit + "\u0000" + room;
                Integer first = seenRooms.putIfAbsent(roomKey, l.line());
                if (first != null) {
                    refuse.accept(Col.ROOM, text(locale, "structure.error.duplicate-room", building, unit, room, first));
                }
            }
            if (!building.isEmpty() && micro != null && micro > 0) {
                Long earlier = buildingMicro.putIfAbsent(building, micro);
                if (earlier != null && !earlier.equals(micro)) {
                    refuse.accept(Col.MICRO, text(locale, "structure.error.micro-grid-conflict", building,
                            buildingMicroLine.get(building)));
                } else {
                    buildingMicroLine.putIfAbsent(building, l.line());
                }
            }
            if (rowErrors.isEmpty()) {
                rows.add(new Row(l.line(), building, unit, floor, room, area, micro));
            } else {
                errors.put(l.line(), rowErrors);
            }
        }
        if (!flat.isEmpty()) {
            return new Outcome(false, body.size(), 0, 0, 0, 0, 0, flat, errorCopy(lines, headerAt, errors, locale));
        }
        return write(compound, rows, actor, locale);
    }

    private Outcome write(GridNode compound, List<Row> rows, String actor, Locale locale) {
        record Building(long id, Long micro, Integer floors) {
        }
        Map<String, Building> buildings = new HashMap<>();
        jdbc.sql("select id, number, micro_grid_id, floors from building where compound_id = ?").param(compound.id()).query(rs -> {
            buildings.putIfAbsent(key(rs.getString(2), "号楼", "栋", "幢", "号"),
                    new Building(rs.getLong(1), rs.getObject(3, Long.class), rs.getObject(4, Integer.class)));
        });
        Map<String, Long> units = new HashMap<>();
        jdbc.sql("select u.id, u.building_id, u.number from unit u join building b on b.id = u.building_id where b.compound_id = ?")
                .param(compound.id()).query(rs -> {
                    units.putIfAbsent(rs.getLong(2) + "\u0000" + key(rs.getString(3), "单元"), rs.getLong(1));
                });
        record Household(long id, BigDecimal area, Integer floor) {
        }
        Map<String, Household> households = new HashMap<>();
        jdbc.sql("""
                select h.id, h.unit_id, h.room, h.area_m2, h.floor from household h
                  join unit u on u.id = h.unit_id join building b on b.id = u.building_id where b.compound_id = ?""")
                .param(compound.id()).query(rs -> {
                    households.putIfAbsent(rs.getLong(2) + "\u0000" + key(rs.getString(3), "室", "号"),
                            new Household(rs.getLong(1), rs.getBigDecimal(4), rs.getObject(5, Integer.class)));
                });

        // each building: its micro-grid and top floor in the sheet
        Map<String, Long> sheetMicro = new HashMap<>();
        Map<String, Integer> sheetFloors = new HashMap<>();
        for (Row r : rows) {
            if (r.microId() != null) {
                sheetMicro.putIfAbsent(r.building(), r.microId());
            }
            if (r.floor() != null && r.floor() > 0) {
                sheetFloors.merge(r.building(), r.floor(), Math::max);
            }
        }
        int bCreated = 0, uCreated = 0, hCreated = 0, hUpdated = 0, moved = 0;
        String reason = messages.getMessage("structure.reason", null, "structure sheet", locale);
        Timestamp now = Timestamp.from(Instant.now());
        for (Row r : rows) {
            Building b = buildings.get(r.building());
            if (b == null) {
                long id = grid.createBuilding(compound.id(), sheetMicro.get(r.building()), r.building(), null,
                        sheetFloors.get(r.building()), null, null);
                b = new Building(id, sheetMicro.get(r.building()), sheetFloors.get(r.building()));
                buildings.put(r.building(), b);
                bCreated++;
            } else {
                Long wanted = sheetMicro.get(r.building());
                if (wanted != null && !wanted.equals(b.micro())) {
                    if (b.micro() == null) {
                        // a building without a micro-grid gets one: the first period of its history
                        jdbc.sql("update building set micro_grid_id = ? where id = ?").params(wanted, b.id()).update();
                        jdbc.sql("insert into building_grid_history (building_id, micro_grid_id, valid_from, changed_by, reason) values (?, ?, ?, ?, ?)")
                                .params(b.id(), wanted, now, actor, reason).update();
                    } else {
                        grid.moveBuilding(b.id(), wanted, reason, actor);
                    }
                    moved++;
                    b = new Building(b.id(), wanted, b.floors());
                    buildings.put(r.building(), b);
                }
                Integer top = sheetFloors.get(r.building());
                if (top != null && (b.floors() == null || b.floors() < top)) {
                    jdbc.sql("update building set floors = ? where id = ?").params(top, b.id()).update();
                    b = new Building(b.id(), b.micro(), top);
                    buildings.put(r.building(), b);
                }
            }
            String unitKey = b.id() + "\u0000" + r.unit();
            Long unit = units.get(unitKey);
            if (unit == null) {
                unit = grid.createUnit(b.id(), r.unit());
                units.put(unitKey, unit);
                uCreated++;
            }
            String hKey = unit + "\u0000" + r.room();
            Household h = households.get(hKey);
            if (h == null) {
                var keys = new GeneratedKeyHolder();
                jdbc.sql("insert into household (unit_id, room, status, floor, area_m2, created_at, updated_at) values (?, ?, 'OCCUPIED', ?, ?, ?, ?)")
                        .params(unit, r.room(), r.floor(), r.area(), now, now).update(keys, "id");
                households.put(hKey, new Household(Objects.requireNonNull(keys.getKey()).longValue(), r.area(), r.floor()));
                hCreated++;
            } else {
                boolean areaChanged = r.area() != null && (h.area() == null || h.area().compareTo(r.area()) != 0);
                boolean floorChanged = r.floor() != null && !r.floor().equals(h.floor());
                if (areaChanged || floorChanged) {
                    jdbc.sql("update household set area_m2 = ?, floor = ?, updated_at = ? where id = ?")
                            .params(areaChanged ? r.area() : h.area(), floorChanged ? r.floor() : h.floor(), now, h.id()).update();
                    households.put(hKey, new Household(h.id(), areaChanged ? r.area() : h.area(), floorChanged ? r.floor() : h.floor()));
                    hUpdated++;
                }
            }
        }
        // the grid tree's rollup recounts the micro-grids whose buildings got households or a micro-grid here
        java.util.Set<Long> micros = new java.util.HashSet<>();
        buildings.values().forEach(b -> {
            if (b.micro() != null) {
                micros.add(b.micro());
            }
        });
        if (!micros.isEmpty() && (hCreated > 0 || moved > 0)) {
            events.publishEvent(new io.gridwork.grid.GridCountsChanged(micros));
        }
        return new Outcome(true, rows.size(), bCreated, uCreated, hCreated, hUpdated, moved, List.of(), null);
    }

    /** The sheet as it came, with an error column after the last one. */
    private byte[] errorCopy(List<SheetReader.Line> lines, int headerAt, Map<Integer, List<String>> errors, Locale locale) {
        int width = lines.stream().mapToInt(l -> l.cells().size()).max().orElse(0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            Workbook wb = Workbooks.open(out);
            Worksheet ws = wb.newWorksheet(messages.getMessage("structure.sheet", null, "结构表", locale));
            int r = 0;
            for (int i = headerAt; i < lines.size(); i++) {
                SheetReader.Line l = lines.get(i);
                if (i > headerAt && l.blank()) {
                    continue;
                }
                for (int c = 0; c < l.cells().size(); c++) {
                    String v = l.cells().get(c);
                    if (v.isEmpty()) {
                        continue;
                    }
                    if (l.numeric().get(c)) {
                        ws.value(r, c, new BigDecimal(v));
                    } else {
                        ws.value(r, c, v);
                    }
                }
                if (i == headerAt) {
                    ws.value(r, width, messages.getMessage("structure.errorColumn", null, "错误", locale));
                    ws.style(r, width).bold().set();
                } else if (errors.containsKey(l.line())) {
                    ws.value(r, width, String.join("；", errors.get(l.line())));
                    ws.style(r, width).fontColor("C00000").set();
                }
                r++;
            }
            ws.width(width, 50);
            ws.finish();
            wb.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static Map<Col, Integer> columns(SheetReader.Line header) {
        Map<Col, Integer> index = new EnumMap<>(Col.class);
        for (int i = 0; i < header.cells().size(); i++) {
            String h = normalHeader(header.cells().get(i));
            for (Col c : Col.values()) {
                if (!index.containsKey(c) && c.names.stream().anyMatch(n -> normalHeader(n).equals(h))) {
                    index.put(c, i);
                }
            }
        }
        return index;
    }

    private static String normalHeader(String s) {
        String n = Normalizer.normalize(s, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        return n.replaceAll("\\(.*?\\)", "").replaceAll("[\\s*]", "");
    }

    private static String cell(SheetReader.Line l, Map<Col, Integer> index, Col col) {
        Integer i = index.get(col);
        return i == null ? "" : l.cell(i);
    }

    /** Full-width forms narrowed and a trailing suffix dropped, as the resident import does: "３栋" is "3". */
    static String key(String value, String... suffixes) {
        String v = Normalizer.normalize(value == null ? "" : value, Normalizer.Form.NFKC).strip();
        for (String s : suffixes) {
            if (v.length() > s.length() && v.endsWith(s)) {
                return v.substring(0, v.length() - s.length()).strip();
            }
        }
        return v;
    }

    private String text(Locale locale, String key, Object... args) {
        return messages.getMessage(key, args, key, locale);
    }
}
