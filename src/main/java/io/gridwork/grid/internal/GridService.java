package io.gridwork.grid.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import io.gridwork.grid.BuildingView;
import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridLevel;
import io.gridwork.grid.GridMoved;
import io.gridwork.grid.GridNode;
import io.gridwork.grid.GridRule;
import io.gridwork.grid.HouseholdView;
import io.gridwork.grid.RetireGuard;
import io.gridwork.grid.RoomView;
import io.gridwork.grid.UnitView;
import io.gridwork.shared.persistence.Like;
import io.gridwork.shared.web.ProblemException;

@Service
@Transactional(readOnly = true)
class GridService implements GridApi {

    private static final Logger log = LoggerFactory.getLogger(GridService.class);

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final LocateIndex index = new LocateIndex();
    private volatile String indexFingerprint = "";

    private final org.springframework.beans.factory.ObjectProvider<RetireGuard> guards;
    private final MapSettings mapSettings;
    private final HouseholdBulk householdBulk;
    /**
     * The trees of the grid pickers ({@link #treeUnder}) by their tops and size: read on every page with a grid picker
     * (a district's 400 choices were a fifth of such a page's CPU). Cleared when this instance changes the tree; a change
     * made on another instance shows here within the time to live.
     */
    private final io.gridwork.shared.TtlCache<String, List<GridDepth>> trees = new io.gridwork.shared.TtlCache<>(
            java.time.Duration.ofSeconds(30), 2_000);

    GridService(JdbcClient jdbc, ApplicationEventPublisher events,
            org.springframework.beans.factory.ObjectProvider<RetireGuard> guards, MapSettings mapSettings,
            HouseholdBulk householdBulk) {
        this.householdBulk = householdBulk;
        this.jdbc = jdbc;
        this.events = events;
        this.guards = guards;
        this.mapSettings = mapSettings;
    }

    @Override
    public Optional<GridNode> node(long id) {
        return jdbc.sql("select " + GridRows.NODE_COLUMNS + " from grid_node where id = ?").param(id)
                .query(GridRows::node).optional();
    }

    @Override
    public Optional<GridNode> nodeByCode(String code) {
        return jdbc.sql("select " + GridRows.NODE_COLUMNS + " from grid_node where code = ?").param(code)
                .query(GridRows::node).optional();
    }

    @Override
    public List<GridNode> roots() {
        return jdbc.sql("select " + GridRows.NODE_COLUMNS + " from grid_node where parent_id is null and retired_at is null order by code")
                .query(GridRows::node).list();
    }

    @Override
    public List<GridNode> children(long id) {
        return jdbc.sql("select " + GridRows.NODE_COLUMNS + " from grid_node where parent_id = ? and retired_at is null order by code")
                .param(id).query(GridRows::node).list();
    }

    @Override
    public List<GridDepth> treeUnder(List<GridNode> tops, int max) {
        StringBuilder key = new StringBuilder().append(max);
        tops.forEach(t -> key.append(',').append(t.id()));
        return trees.get(key.toString(), k -> List.copyOf(readTree(tops, max)));
    }

    /**
     * The tree changed (a grid created, renamed, moved or retired): the pickers' trees are read again, now and when the
     * transaction ends (a reader inside it may have cached what it then saw).
     */
    private void treeChanged() {
        trees.clear();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    trees.clear();
                }
            });
        }
    }

    private List<GridDepth> readTree(List<GridNode> tops, int max) {
        List<GridDepth> order = new ArrayList<>();
        List<GridDepth> frontier = new ArrayList<>();
        for (GridNode top : tops) {
            GridDepth d = new GridDepth(top, 0);
            order.add(d);
            if (top.level() != GridLevel.MICRO) {
                frontier.add(d);
            }
        }
        while (!frontier.isEmpty()) {
            Map<Long, List<GridNode>> children = new HashMap<>();
            jdbc.sql("select " + GridRows.NODE_COLUMNS + " from grid_node where parent_id in (:ids) and retired_at is null"
                    + " order by parent_id, code").param("ids", frontier.stream().map(d -> d.node().id()).toList())
                    .query(GridRows::node).list()
                    .forEach(n -> children.computeIfAbsent(n.parentId(), k -> new ArrayList<>()).add(n));
            Set<GridDepth> open = Collections.newSetFromMap(new IdentityHashMap<>());
            open.addAll(frontier);
            List<GridDepth> merged = new ArrayList<>();
            List<GridDepth> next = new ArrayList<>();
            for (GridDepth d : order) {
                if (merged.size() >= max) {
                    break;
                }
                merged.add(d);
                if (open.contains(d)) {
                    for (GridNode n : children.getOrDefault(d.node().id(), List.of())) {
                        GridDepth child = new GridDepth(n, d.depth() + 1);
                        merged.add(child);
                        if (n.level() != GridLevel.MICRO) {
                            next.add(child);
                        }
                    }
                }
            }
            order = merged.size() > max ? new ArrayList<>(merged.subList(0, max)) : merged;
            Set<GridDepth> kept = Collections.newSetFromMap(new IdentityHashMap<>());
            kept.addAll(order);
            frontier = next.stream().filter(kept::contains).toList();
        }
        return order;
    }

    @Override
    public List<GridNode> childrenAfter(long id, String afterCode, int limit) {
        return jdbc.sql("select " + GridRows.NODE_COLUMNS + " from grid_node where parent_id = ? and retired_at is null"
                + " and code > ? order by code limit ?")
                .params(id, afterCode == null ? "" : afterCode, limit).query(GridRows::node).list();
    }

    @Override
    public List<GridNode> topsOf(List<String> scopePaths) {
        if (scopePaths.contains("/")) {
            return roots();
        }
        return scopePaths.stream()
                .map(p -> Long.parseLong(p.substring(p.lastIndexOf('/', p.length() - 2) + 1, p.length() - 1)))
                .flatMap(id -> node(id).stream())
                .toList();
    }

    @Override
    public List<GridNode> lineage(long id) {
        GridNode node = require(id);
        List<Long> ids = new ArrayList<>();
        for (String part : node.path().split("/")) {
            if (!part.isEmpty()) {
                ids.add(Long.parseLong(part));
            }
        }
        return jdbc.sql("select " + GridRows.NODE_COLUMNS + " from grid_node where id in (:ids) order by length(path)")
                .param("ids", ids).query(GridRows::node).list();
    }

    @Override
    @Transactional
    public GridNode create(Long parentId, GridLevel level, String name, String specialKind, String districtCode) {
        if (name == null || name.isBlank()) {
            throw ProblemException.badRequest("name-required", "a grid needs a name");
        }
        String code;
        String parentPath;
        if (parentId == null) {
            if (level != GridLevel.DISTRICT) {
                throw ProblemException.badRequest("parent-required", "only a district may be created without a parent");
            }
            if (districtCode == null || !districtCode.matches("\\d{6}")) {
                throw ProblemException.badRequest("invalid-code", "a district needs its 6-digit GB/T 2260 code",
                        Map.of("field", "districtCode"));
            }
            code = districtCode;
            parentPath = "/";
        } else {
            GridNode parent = require(parentId);
            if (parent.retired()) {
                throw ProblemException.conflict("grid-retired", "grid " + parent.code() + " is retired");
            }
            if (!parent.level().childLevels().contains(level)) {
                throw ProblemException.badRequest("invalid-level",
                        "a " + level + " cannot be placed under a " + parent.level(), Map.of("field", "level"));
            }
            code = nextCode(parent, level);
            parentPath = parent.path();
        }
        if (level == GridLevel.SPECIAL && (specialKind == null || specialKind.isBlank())) {
            throw ProblemException.badRequest("special-kind-required",
                    "a special grid needs its kind (market, park, school, business district, ...)",
                    Map.of("field", "specialKind"));
        }
        long id = insertNode(parentId, level, code, name.strip(), parentPath, level == GridLevel.SPECIAL ? specialKind : null);
        return require(id);
    }

    private long insertNode(Long parentId, GridLevel level, String code, String name, String parentPath, String specialKind) {
        var keys = new org.springframework.jdbc.support.GeneratedKeyHolder();
        treeChanged();
        jdbc.sql("insert into grid_node (parent_id, level, code, name, path, special_kind) values (?, ?, ?, ?, ?, ?)")
                .params(parentId, level.name(), code, name, "pending", specialKind).update(keys, "id");
        long id = Objects.requireNonNull(keys.getKey()).longValue();
        jdbc.sql("update grid_node set path = ? where id = ?").params(parentPath + id + "/", id).update();
        events.publishEvent(new io.gridwork.grid.GridCountsChanged(java.util.Set.of(id)));
        return id;
    }

    private String nextCode(GridNode parent, GridLevel level) {
        int digits = level.codeDigits();
        // Compound and special grids share the 2-digit grid segment of a community; general grids and
        // a compound's own micro-grids share its 3-digit segment. Every code ever given under the
        // parent's code counts, also those of grids since moved elsewhere (codes never change).
        int length = parent.code().length() + digits;
        List<String> taken = jdbc.sql("select code from grid_node where code like ? and length(code) = ?")
                .params(parent.code() + "%", length).query(String.class).list();
        int max = 0;
        for (String c : taken) {
            String suffix = c.substring(parent.code().length());
            if (suffix.chars().allMatch(Character::isDigit)) {
                max = Math.max(max, Integer.parseInt(suffix));
            }
        }
        int next = max + 1;
        if (String.valueOf(next).length() > digits) {
            throw ProblemException.conflict("codes-exhausted", "no free " + digits + "-digit code under " + parent.code());
        }
        return parent.code() + String.format("%0" + digits + "d", next);
    }

    @Override
    @Transactional
    public GridNode setBoundary(long id, String geoJson) {
        require(id);
        if (geoJson != null && !geoJson.isBlank()) {
            GeoJson.parse(geoJson);
        } else {
            geoJson = null;
        }
        jdbc.sql("update grid_node set boundary = ?, updated_at = ? where id = ?")
                .params(geoJson, Timestamp.from(Instant.now()), id).update();
        refreshIndexAfterCommit();
        return require(id);
    }

    @Override
    public List<GridNode> nodesUnder(String gridPath, GridLevel level, String nameContains, int limit) {
        String name = nameContains == null || nameContains.isBlank() ? "%" : Like.containing(nameContains);
        return jdbc.sql("select " + GridRows.NODE_COLUMNS + " from grid_node where path like ? and level = ? and retired_at is null and name like ?"
                        + Like.ESCAPE + " order by name, id limit ?")
                .params(gridPath + "%", level.name(), name, limit).query(GridRows::node).list();
    }

    @Override
    public long buildingsUnder(String gridPath) {
        return jdbc.sql("""
                select count(*) from building b join grid_node c on c.id = b.compound_id
                  left join grid_node m on m.id = b.micro_grid_id
                 where c.path like :p or m.path like :p""")
                .param("p", gridPath + "%").query(Long.class).single();
    }

    private static final String PLACE_SELECT = """
            select b.id, b.compound_id, c.name, b.micro_grid_id, b.name, b.lat, b.lon, coalesce(m.id, c.id), coalesce(m.path, c.path)
              from building b
              join grid_node c on c.id = b.compound_id
              left join grid_node m on m.id = b.micro_grid_id
            """;

    private static io.gridwork.grid.BuildingPlace place(java.sql.ResultSet rs, int i) throws java.sql.SQLException {
        return new io.gridwork.grid.BuildingPlace(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getObject(4, Long.class),
                rs.getString(5), rs.getObject(6, Double.class), rs.getObject(7, Double.class), rs.getLong(8), rs.getString(9));
    }

    @Override
    public List<io.gridwork.grid.BuildingPlace> placesUnder(String gridPath, int limit) {
        return jdbc.sql(PLACE_SELECT + """
                 where c.path like :p or m.path like :p
                 order by c.code, length(b.number), b.number
                 fetch first :n rows only""")
                .param("p", gridPath + "%").param("n", Math.max(1, Math.min(limit, 20_000)))
                .query(GridService::place).list();
    }

    @Override
    public List<io.gridwork.grid.BuildingPlace> places(java.util.Collection<Long> ids) {
        List<io.gridwork.grid.BuildingPlace> out = new java.util.ArrayList<>();
        List<Long> distinct = ids.stream().distinct().toList();
        for (int i = 0; i < distinct.size(); i += 1000) { // bounded IN lists
            out.addAll(jdbc.sql(PLACE_SELECT + " where b.id in (:ids) order by c.code, length(b.number), b.number")
                    .param("ids", distinct.subList(i, Math.min(distinct.size(), i + 1000))).query(GridService::place).list());
        }
        return out;
    }

    @Override
    public io.gridwork.grid.BaseMap baseMap() {
        return mapSettings.baseMap();
    }

    @Override
    public Optional<BuildingView> building(long id) {
        return jdbc.sql(GridRows.BUILDING_SELECT + " where b.id = ?").param(id).query(GridRows::building).optional();
    }

    @Override
    public Map<Long, BuildingView> buildings(java.util.Collection<Long> ids) {
        Map<Long, BuildingView> out = new java.util.HashMap<>();
        Long[] distinct = ids.stream().filter(java.util.Objects::nonNull).distinct().toArray(Long[]::new);
        if (distinct.length > 0) {
            // one array, not a list of parameters: one statement the server keeps, however many ids (issue 19)
            jdbc.sql(GridRows.BUILDING_LIGHT_SELECT + " where b.id = any(:ids)").param("ids", distinct)
                    .query(GridRows::building).list().forEach(b -> out.put(b.id(), b));
        }
        return out;
    }

    /** Groups whose buildings {@link #buildingGroupsUnder} reads in one statement. */
    static final int GROUP_CHUNK = 64;

    @Override
    public List<GridBuildings> buildingGroupsUnder(List<GridNode> tops, int max) {
        List<GridBuildings> out = new ArrayList<>();
        int count = 0;
        for (GridNode top : tops) {
            if (count >= max) {
                break;
            }
            // the grids holding the groups, in the walk's order: a compound or special grid lies three levels below
            // its district (district, street, community), so its street's and community's codes order it as a walk by
            // code at each level would, wherever a move has put it
            List<GridNode> holders;
            String column;
            if (top.level() == GridLevel.MICRO || top.level().holdsBuildings()) {
                holders = List.of(top);
                column = top.level() == GridLevel.MICRO ? "b.micro_grid_id" : "b.compound_id";
            } else if (top.level() == GridLevel.GENERAL) {
                holders = children(top.id());
                column = "b.micro_grid_id";
            } else {
                // at most 4 × max of them: every group but an empty one brings a building at least
                holders = jdbc.sql("""
                        select c.id, c.parent_id, c.level, c.code, c.name, c.path, c.special_kind,
                               c.boundary is not null as has_boundary, c.retired_at is not null as retired
                          from grid_node c join grid_node p on p.id = c.parent_id join grid_node s on s.id = p.parent_id
                         where c.path like ? and c.level in ('COMPOUND', 'SPECIAL') and c.retired_at is null
                         order by s.code, p.code, c.code, c.id fetch first ? rows only""")
                        .params(top.path() + "%", 4 * max).query(GridRows::node).list();
                column = "b.compound_id";
            }
            for (int i = 0; i < holders.size() && count < max; i += GROUP_CHUNK) {
                List<GridNode> chunk = holders.subList(i, Math.min(holders.size(), i + GROUP_CHUNK));
                Map<Long, List<BuildingView>> byGrid = new HashMap<>();
                String key = column.equals("b.micro_grid_id") ? "micro_grid_id" : "compound_id";
                jdbc.sql(GridRows.BUILDING_LIGHT_SELECT + " where " + column + " in (:ids)")
                        .param("ids", chunk.stream().map(GridNode::id).toList())
                        .query((rs, n) -> {
                            BuildingView b = GridRows.building(rs, n);
                            byGrid.computeIfAbsent(rs.getLong(key), k -> new ArrayList<>()).add(b);
                            return b;
                        }).list();
                for (GridNode g : chunk) {
                    if (count >= max) {
                        break;
                    }
                    List<BuildingView> buildings = byGrid.getOrDefault(g.id(), List.of());
                    if (!buildings.isEmpty()) {
                        buildings.sort(java.util.Comparator.comparingInt((BuildingView b) -> b.number().length())
                                .thenComparing(BuildingView::number));
                        out.add(new GridBuildings(g, buildings));
                        count += buildings.size();
                    }
                }
            }
        }
        return out;
    }

    @Override
    public Optional<io.gridwork.grid.BuildingPlace> buildingPlace(long id) {
        return jdbc.sql(PLACE_SELECT + " where b.id = ?").param(id).query(GridService::place).optional();
    }

    @Override
    public List<BuildingView> buildingsOf(long gridId) {
        GridNode grid = require(gridId);
        if (grid.level() == GridLevel.GENERAL) {
            return jdbc.sql(GridRows.BUILDING_SELECT + " where m.path like ? order by length(b.number), b.number")
                    .param(grid.path() + "%").query(GridRows::building).list();
        }
        String column = grid.level() == GridLevel.MICRO ? "b.micro_grid_id" : "b.compound_id";
        return jdbc.sql(GridRows.BUILDING_SELECT + " where " + column + " = ? order by length(b.number), b.number")
                .param(gridId).query(GridRows::building).list();
    }

    @Override
    @Transactional
    public long createBuilding(long compoundId, Long microGridId, String number, String name, Integer floors, Double lat,
            Double lon) {
        GridNode compound = require(compoundId);
        if (!compound.level().holdsBuildings()) {
            throw ProblemException.badRequest("invalid-level", "buildings belong to a compound or special grid");
        }
        if (number == null || number.isBlank()) {
            throw ProblemException.badRequest("building-number-required", "a building needs its number",
                    Map.of("field", "number"));
        }
        number = number.strip();
        if (number.length() > 16) {
            throw ProblemException.badRequest("field-too-long", "a building number has at most 16 characters",
                    Map.of("field", "number"));
        }
        name = name == null || name.isBlank() ? number + "栋" : name.strip();
        if (floors != null && (floors < 1 || floors > 200)) {
            throw ProblemException.badRequest("invalid-floors", "floors must be between 1 and 200", Map.of("field", "floors"));
        }
        if (microGridId != null) {
            requireMicroUnder(microGridId, compound);
        }
        if (jdbc.sql("select count(*) from building where compound_id = ? and number = ?").params(compoundId, number)
                .query(Long.class).single() > 0) {
            throw ProblemException.conflict("duplicate-building", "building " + number + " already exists in " + compound.name());
        }
        var keys = new org.springframework.jdbc.support.GeneratedKeyHolder();
        jdbc.sql("insert into building (compound_id, micro_grid_id, number, name, floors, lat, lon) values (?, ?, ?, ?, ?, ?, ?)")
                .params(compoundId, microGridId, number, name, floors, lat, lon).update(keys, "id");
        long id = Objects.requireNonNull(keys.getKey()).longValue();
        if (microGridId != null) {
            jdbc.sql("insert into building_grid_history (building_id, micro_grid_id, valid_from, changed_by, reason) values (?, ?, ?, ?, ?)")
                    .params(id, microGridId, Timestamp.from(Instant.now()), "system", "created").update();
        }
        return id;
    }

    @Override
    @Transactional
    public long createUnit(long buildingId, String number) {
        if (number == null || number.isBlank()) {
            throw ProblemException.badRequest("unit-number-required", "a unit needs its number", Map.of("field", "number"));
        }
        number = number.strip();
        if (number.length() > 16) {
            throw ProblemException.badRequest("field-too-long", "a unit number has at most 16 characters",
                    Map.of("field", "number"));
        }
        if (jdbc.sql("select count(*) from unit where building_id = ? and number = ?").params(buildingId, number)
                .query(Long.class).single() > 0) {
            throw ProblemException.conflict("duplicate-unit", "unit " + number + " already exists");
        }
        var keys = new org.springframework.jdbc.support.GeneratedKeyHolder();
        jdbc.sql("insert into unit (building_id, number) values (?, ?)").params(buildingId, number).update(keys, "id");
        return Objects.requireNonNull(keys.getKey()).longValue();
    }

    @Override
    @Transactional
    public long createHousehold(long unitId, String room, String status) {
        var keys = new org.springframework.jdbc.support.GeneratedKeyHolder();
        jdbc.sql("insert into household (unit_id, room, status) values (?, ?, ?)").params(unitId, room, status)
                .update(keys, "id");
        countsChangedOfUnit(unitId);
        return Objects.requireNonNull(keys.getKey()).longValue();
    }

    @Override
    @Transactional
    public void moveBuilding(long buildingId, long toMicroGridId, String reason, String actor) {
        BuildingView building = building(buildingId).orElseThrow(() -> ProblemException.notFound("building", buildingId));
        GridNode compound = require(building.compoundId());
        requireMicroUnder(toMicroGridId, compound);
        if (reason == null || reason.isBlank()) {
            throw ProblemException.badRequest("reason-required", "moving a building needs a reason", Map.of("field", "reason"));
        }
        if (Objects.equals(building.microGridId(), toMicroGridId)) {
            throw ProblemException.conflict("no-change", "the building already belongs to that micro-grid");
        }
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.sql("update building_grid_history set valid_to = ? where building_id = ? and valid_to is null")
                .params(now, buildingId).update();
        jdbc.sql("insert into building_grid_history (building_id, micro_grid_id, valid_from, changed_by, reason) values (?, ?, ?, ?, ?)")
                .params(buildingId, toMicroGridId, now, actor, reason.strip()).update();
        jdbc.sql("update building set micro_grid_id = ? where id = ?").params(toMicroGridId, buildingId).update();
        events.publishEvent(new GridMoved(buildingId, building.microGridId(), toMicroGridId, reason.strip()));
    }

    @Override
    public List<BuildingGridPeriod> buildingHistory(long buildingId) {
        return jdbc.sql("""
                select h.micro_grid_id, g.name, h.valid_from, h.valid_to, h.changed_by, h.reason
                  from building_grid_history h join grid_node g on g.id = h.micro_grid_id
                 where h.building_id = ? order by h.valid_from, h.id""").param(buildingId)
                .query((rs, i) -> new BuildingGridPeriod(rs.getLong(1), rs.getString(2), GridRows.instant(rs.getTimestamp(3)),
                        GridRows.instant(rs.getTimestamp(4)), rs.getString(5), rs.getString(6)))
                .list();
    }

    @Override
    public Optional<HouseholdView> household(long id) {
        return jdbc.sql(GridRows.HOUSEHOLD_SELECT + " where h.id = ?").param(id).query(GridRows::household).optional();
    }

    @Override
    @Transactional
    public boolean markHouseholdChecked(long householdId, Instant at) {
        jdbc.sql("update household set checked_at = ? where id = ? and (checked_at is null or checked_at < ?)")
                .param(java.sql.Timestamp.from(at)).param(householdId).param(java.sql.Timestamp.from(at)).update();
        return jdbc.sql("select count(*) from household where id = ?").param(householdId).query(Long.class).single() > 0;
    }

    @Override
    public Optional<Long> buildingOfUnit(long unitId) {
        return jdbc.sql("select building_id from unit where id = ?").param(unitId).query(Long.class).optional();
    }

    @Override
    public Optional<UnitView> unit(long unitId) {
        return jdbc.sql("select id, building_id, number from unit where id = ?").param(unitId)
                .query((rs, i) -> new UnitView(rs.getLong(1), rs.getLong(2), rs.getString(3))).optional();
    }

    @Override
    public List<UnitView> unitsOf(long buildingId) {
        return jdbc.sql("select id, building_id, number from unit where building_id = ? order by length(number), number, id")
                .param(buildingId).query((rs, i) -> new UnitView(rs.getLong(1), rs.getLong(2), rs.getString(3))).list();
    }

    @Override
    public List<HouseholdView> householdsOfBuilding(long buildingId) {
        return jdbc.sql(GridRows.HOUSEHOLD_SELECT + " where b.id = ? order by u.number, length(h.room), h.room")
                .param(buildingId).query(GridRows::household).list();
    }

    @Override
    public Optional<HouseholdView> locateAddress(String compound, String building, String unit, String room) {
        if (compound == null || building == null || unit == null || room == null) {
            throw ProblemException.badRequest("address-incomplete", "an address needs compound, building, unit and room");
        }
        String c = compound.strip();
        return jdbc.sql(GridRows.HOUSEHOLD_SELECT + """
                 where (c.code = :c or c.name = :c or cast(c.id as varchar) = :c)
                   and c.level in ('COMPOUND','SPECIAL')
                   and b.number = :b and u.number = :u and h.room = :r""")
                .param("c", c).param("b", stripSuffix(building, "栋", "号楼", "幢")).param("u", stripSuffix(unit, "单元"))
                .param("r", stripSuffix(room, "室", "号")).query(GridRows::household).optional();
    }

    private static String stripSuffix(String value, String... suffixes) {
        String v = value.strip();
        for (String s : suffixes) {
            if (v.endsWith(s)) {
                return v.substring(0, v.length() - s.length()).strip();
            }
        }
        return v;
    }

    @Override
    public Optional<GridNode> locatePoint(double lat, double lon) {
        if (Double.isNaN(lat) || Double.isNaN(lon) || lat < -90 || lat > 90 || lon < -180 || lon > 180) {
            throw ProblemException.badRequest("invalid-point", "latitude must be within ±90 and longitude within ±180");
        }
        return index.find(lat, lon).flatMap(this::node);
    }

    /** Rebuilds the point index when boundaries changed here or on another instance. */
    @EventListener(ApplicationReadyEvent.class)
    @Scheduled(fixedDelayString = "${gridwork.grid.index-refresh-ms:15000}", initialDelayString = "${gridwork.grid.index-refresh-ms:15000}")
    public void refreshIndexIfChanged() {
        refreshIndex(false);
    }

    /**
     * Rebuilds the index once the change is committed. Rebuilt inside the transaction, the index
     * would hold the new boundary while the database does not yet: a scheduled refresh in between
     * would see the old fingerprint and put the old boundary back until its next run.
     */
    private void refreshIndexAfterCommit() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            refreshIndex(true);
            return;
        }
        // once per transaction, however many boundaries it sets (the demo seeder sets dozens)
        if (TransactionSynchronizationManager.getSynchronizations().stream()
                .noneMatch(s -> s instanceof IndexRefresh r && r.service() == this)) {
            TransactionSynchronizationManager.registerSynchronization(new IndexRefresh(this));
        }
    }

    private record IndexRefresh(GridService service) implements TransactionSynchronization {
        @Override
        public void afterCommit() {
            service.refreshIndex(true);
        }
    }

    synchronized void refreshIndex(boolean force) {
        String fingerprint = jdbc.sql("select count(*) || ':' || coalesce(cast(max(updated_at) as varchar), '') from grid_node where boundary is not null")
                .query(String.class).single();
        if (!force && fingerprint.equals(indexFingerprint)) {
            return;
        }
        List<LocateIndex.Entry> entries = new ArrayList<>();
        jdbc.sql("select id, path, boundary from grid_node where boundary is not null").query(rs -> {
            try {
                entries.add(LocateIndex.entry(rs.getLong(1), rs.getString(2).split("/").length, GeoJson.parse(rs.getString(3))));
            } catch (ProblemException e) {
                log.warn("grid {} has an unusable boundary: {}", rs.getLong(1), e.getMessage());
            }
        });
        index.rebuild(entries);
        indexFingerprint = fingerprint;
        log.info("locate index holds {} boundaries", entries.size());
    }

    private GridNode require(long id) {
        return node(id).orElseThrow(() -> ProblemException.notFound("grid", id));
    }

    private void requireMicroUnder(long microGridId, GridNode compound) {
        GridNode micro = require(microGridId);
        if (micro.level() != GridLevel.MICRO || micro.retired() || micro.id() == compound.id()
                || !micro.path().startsWith(compound.path())) {
            throw new ProblemException(HttpStatus.BAD_REQUEST, "invalid-micro-grid",
                    "grid " + microGridId + " is not a micro-grid of " + compound.name(), Map.of("field", "microGridId"));
        }
    }

    @Override
    public java.util.Map<Long, String> boundaries(java.util.Collection<Long> gridIds) {
        java.util.Map<Long, String> out = new java.util.LinkedHashMap<>();
        if (gridIds.isEmpty()) {
            return out;
        }
        jdbc.sql("select id, boundary from grid_node where id in (:ids) and boundary is not null")
                .param("ids", gridIds).query(rs -> {
                    out.put(rs.getLong(1), rs.getString(2));
                });
        return out;
    }

    // ---- structure: rename, move, retire ----

    @Override
    @Transactional
    public GridNode rename(long id, String name) {
        GridNode node = require(id);
        if (name == null || name.isBlank()) {
            throw ProblemException.badRequest("name-required", "a grid needs a name", Map.of("field", "name"));
        }
        if (name.strip().length() > 200) {
            throw ProblemException.badRequest("field-too-long", "a grid name has at most 200 characters", Map.of("field", "name"));
        }
        requireActive(node);
        treeChanged();
        jdbc.sql("update grid_node set name = ? where id = ?").params(name.strip(), id).update();
        return require(id);
    }

    @Override
    @Transactional
    public GridNode move(long id, long newParentId) {
        GridNode node = require(id);
        GridNode parent = require(newParentId);
        requireActive(node);
        requireActive(parent);
        if (node.parentId() == null) {
            throw ProblemException.badRequest("invalid-level", "a district has no parent to move under", Map.of("field", "parentId"));
        }
        if (!parent.level().childLevels().contains(node.level())) {
            throw ProblemException.badRequest("invalid-level",
                    "a " + node.level() + " cannot be placed under a " + parent.level(), Map.of("field", "parentId"));
        }
        if (parent.path().startsWith(node.path())) {
            throw ProblemException.badRequest("invalid-level", "a grid cannot move below itself", Map.of("field", "parentId"));
        }
        if (Objects.equals(node.parentId(), parent.id())) {
            throw ProblemException.conflict("same-parent", "the grid is already there");
        }
        // Buildings belong to their compound: a grid holding buildings stays inside its compound.
        if (node.level() == GridLevel.GENERAL || node.level() == GridLevel.MICRO) {
            Long from = compoundOf(node.id()).map(GridNode::id).orElse(null);
            Long to = parent.level().holdsBuildings() ? Long.valueOf(parent.id()) : compoundOf(parent.id()).map(GridNode::id).orElse(null);
            if (!Objects.equals(from, to) && jdbc.sql("""
                    select count(*) from building b join grid_node m on m.id = b.micro_grid_id where m.path like ?""")
                    .param(node.path() + "%").query(Long.class).single() > 0) {
                throw ProblemException.conflict("move-has-buildings",
                        "the buildings of " + node.name() + " belong to its compound: move them to another micro-grid first");
            }
        }
        String oldPath = node.path();
        String newPath = parent.path() + node.id() + "/";
        treeChanged();
        jdbc.sql("update grid_node set parent_id = ? where id = ?").params(parent.id(), id).update();
        // the whole subtree in one statement: every path that starts with the old one
        jdbc.sql("update grid_node set path = ? || substr(path, ?), updated_at = ? where path like ?")
                .params(newPath, oldPath.length() + 1, Timestamp.from(Instant.now()), oldPath + "%").update();
        events.publishEvent(new io.gridwork.grid.GridRepathed(id, oldPath, newPath));
        refreshIndexAfterCommit();
        return require(id);
    }

    @Override
    @Transactional
    public GridNode retire(long id) {
        GridNode node = require(id);
        requireActive(node);
        if (node.parentId() == null) {
            throw ProblemException.badRequest("invalid-level", "a district cannot be retired here");
        }
        if (jdbc.sql("select count(*) from grid_node where parent_id = ? and retired_at is null").param(id)
                .query(Long.class).single() > 0) {
            throw ProblemException.conflict("has-children", node.name() + " still has grids below it");
        }
        if (jdbc.sql("select count(*) from building where compound_id = ? or micro_grid_id = ?").params(id, id)
                .query(Long.class).single() > 0) {
            throw ProblemException.conflict("has-buildings", node.name() + " still has buildings");
        }
        for (RetireGuard guard : guards.orderedStream().toList()) {
            guard.refusal(node).ifPresent(code -> {
                throw ProblemException.conflict(code, node.name() + " is still in use (" + code + ")");
            });
        }
        treeChanged();
        jdbc.sql("update grid_node set retired_at = ?, updated_at = ? where id = ?")
                .params(Timestamp.from(Instant.now()), Timestamp.from(Instant.now()), id).update();
        events.publishEvent(new io.gridwork.grid.GridCountsChanged(java.util.Set.of(id)));
        refreshIndexAfterCommit();
        return require(id);
    }

    @Override
    public List<GridNode> moveTargets(long id, List<String> scopePaths) {
        GridNode node = require(id);
        List<String> levels = new ArrayList<>();
        for (GridLevel l : GridLevel.values()) {
            if (l.childLevels().contains(node.level())) {
                levels.add(l.name());
            }
        }
        if (levels.isEmpty() || node.parentId() == null) {
            return List.of();
        }
        return jdbc.sql("select " + GridRows.NODE_COLUMNS + " from grid_node where level in (:levels) and retired_at is null"
                + " and id <> :parent order by code").param("levels", levels).param("parent", node.parentId())
                .query(GridRows::node).stream()
                .filter(n -> !n.path().startsWith(node.path()))
                .filter(n -> scopePaths.contains("/") || scopePaths.stream().anyMatch(n.path()::startsWith))
                .limit(500).toList();
    }

    @Override
    public List<GridNode> microGridsUnder(long gridId) {
        GridNode grid = require(gridId);
        return jdbc.sql("select " + GridRows.NODE_COLUMNS + " from grid_node where level = 'MICRO' and retired_at is null"
                + " and path like ? order by code").param(grid.path() + "%").query(GridRows::node).list();
    }

    @Override
    public Optional<GridNode> compoundOf(long gridId) {
        return lineage(gridId).stream().filter(n -> n.level().holdsBuildings()).reduce((a, b) -> b);
    }

    private void requireActive(GridNode node) {
        if (node.retired()) {
            throw ProblemException.conflict("grid-retired", "grid " + node.code() + " is retired");
        }
    }

    // ---- buildings in bulk, rooms ----

    @Override
    @Transactional
    public int moveBuildings(List<Long> buildingIds, long toMicroGridId, String reason, String actor) {
        if (buildingIds == null || buildingIds.isEmpty()) {
            throw ProblemException.badRequest("buildings-required", "tick at least one building", Map.of("field", "buildingIds"));
        }
        if (reason == null || reason.isBlank()) {
            throw ProblemException.badRequest("reason-required", "moving buildings needs a reason", Map.of("field", "reason"));
        }
        Long compound = null;
        int moved = 0;
        for (long id : new java.util.LinkedHashSet<>(buildingIds)) {
            BuildingView b = building(id).orElseThrow(() -> ProblemException.notFound("building", id));
            if (compound != null && compound != b.compoundId()) {
                throw ProblemException.badRequest("buildings-span-compounds", "the buildings belong to several compounds");
            }
            compound = b.compoundId();
            if (Objects.equals(b.microGridId(), toMicroGridId)) {
                requireMicroUnder(toMicroGridId, require(b.compoundId()));
                continue;
            }
            moveBuilding(id, toMicroGridId, reason, actor);
            moved++;
        }
        return moved;
    }

    @Override
    public List<RoomView> roomsOfBuilding(long buildingId) {
        return jdbc.sql("""
                select h.id, h.unit_id, u.number, h.room, h.floor, h.area_m2, h.status
                  from household h join unit u on u.id = h.unit_id
                 where u.building_id = ? order by length(u.number), u.number, h.floor, length(h.room), h.room""")
                .param(buildingId).query(GridService::room).list();
    }

    private static RoomView room(java.sql.ResultSet rs, int i) throws java.sql.SQLException {
        return new RoomView(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                rs.getObject(5, Integer.class), rs.getBigDecimal(6), rs.getString(7));
    }

    static final List<String> STATUSES = List.of("OCCUPIED", "RENTED", "VACANT", "BUSINESS");

    @Override
    @Transactional
    public long createRoom(long unitId, String room, Integer floor, java.math.BigDecimal area, String status) {
        if (unit(unitId).isEmpty()) {
            throw ProblemException.notFound("unit", unitId);
        }
        if (room == null || room.isBlank()) {
            throw ProblemException.badRequest("room-required", "a room needs its number", Map.of("field", "room"));
        }
        room = room.strip();
        if (room.length() > 16) {
            throw ProblemException.badRequest("field-too-long", "a room number has at most 16 characters", Map.of("field", "room"));
        }
        if (floor != null && (floor < -10 || floor > 200)) {
            throw ProblemException.badRequest("invalid-floor", "the floor must be between -10 and 200", Map.of("field", "floor"));
        }
        checkArea(area);
        String s = status == null || status.isBlank() ? "OCCUPIED" : status;
        if (!STATUSES.contains(s)) {
            throw ProblemException.badRequest("invalid-room-status", "status must be one of " + STATUSES, Map.of("field", "status"));
        }
        if (jdbc.sql("select count(*) from household where unit_id = ? and room = ?").params(unitId, room)
                .query(Long.class).single() > 0) {
            throw ProblemException.conflict("duplicate-room", "room " + room + " already exists in this unit");
        }
        var keys = new org.springframework.jdbc.support.GeneratedKeyHolder();
        jdbc.sql("insert into household (unit_id, room, status, floor, area_m2) values (?, ?, ?, ?, ?)")
                .params(unitId, room, s, floor, area).update(keys, "id");
        countsChangedOfUnit(unitId);
        return Objects.requireNonNull(keys.getKey()).longValue();
    }

    @Override
    @Transactional
    public RoomView updateRoom(long householdId, java.math.BigDecimal area, String status) {
        if (household(householdId).isEmpty()) {
            throw ProblemException.notFound("household", householdId);
        }
        if (status == null || !STATUSES.contains(status)) {
            throw ProblemException.badRequest("invalid-room-status", "status must be one of " + STATUSES, Map.of("field", "status"));
        }
        checkArea(area);
        jdbc.sql("update household set area_m2 = ?, status = ?, updated_at = ? where id = ?")
                .params(area, status, Timestamp.from(Instant.now()), householdId).update();
        jdbc.sql("select unit_id from household where id = ?").param(householdId).query(Long.class).optional()
                .ifPresent(this::countsChangedOfUnit);
        return jdbc.sql("""
                select h.id, h.unit_id, u.number, h.room, h.floor, h.area_m2, h.status
                  from household h join unit u on u.id = h.unit_id where h.id = ?""").param(householdId)
                .query(GridService::room).single();
    }

    @Override
    public void setHouseholdStatuses(Map<Long, String> statusById, Instant at) {
        Map<String, List<Long>> byStatus = new java.util.TreeMap<>();
        statusById.forEach((id, status) -> {
            if (status == null || !STATUSES.contains(status)) {
                throw ProblemException.badRequest("invalid-room-status", "status must be one of " + STATUSES, Map.of("field", "status"));
            }
            byStatus.computeIfAbsent(status, k -> new java.util.ArrayList<>()).add(id);
        });
        java.util.Set<Long> micros = new java.util.HashSet<>();
        byStatus.forEach((status, ids) -> {
            for (int from = 0; from < ids.size(); from += 1000) {
                List<Long> part = ids.subList(from, Math.min(ids.size(), from + 1000));
                jdbc.sql("update household set status = :status, updated_at = :at where id in (:ids)").param("status", status)
                        .param("at", Timestamp.from(at)).param("ids", part).update();
                micros.addAll(jdbc.sql("""
                        select distinct b.micro_grid_id from household h join unit u on u.id = h.unit_id
                          join building b on b.id = u.building_id where h.id in (:ids) and b.micro_grid_id is not null""")
                        .param("ids", part).query(Long.class).list());
            }
        });
        if (!micros.isEmpty()) {
            events.publishEvent(new io.gridwork.grid.GridCountsChanged(micros));
        }
    }

    @Override
    public List<CreatedHousehold> createHouseholds(List<NewHousehold> households, Instant at) {
        for (NewHousehold h : households) {
            if (h.status() == null || !STATUSES.contains(h.status())) {
                throw ProblemException.badRequest("invalid-room-status", "status must be one of " + STATUSES, Map.of("field", "status"));
            }
        }
        return householdBulk.create(households, at);
    }

    @Override
    public void refreshHouseholdStatistics() {
        householdBulk.analyze();
    }

    /** Exclusive floor area in m², positive, at most 99,999.99, two decimals. */
    static void checkArea(java.math.BigDecimal area) {
        if (area != null && (area.signum() <= 0 || area.compareTo(new java.math.BigDecimal("99999.99")) > 0
                || area.stripTrailingZeros().scale() > 2)) {
            throw ProblemException.badRequest("invalid-area", "the area must be a positive number of m² with at most two decimals",
                    Map.of("field", "area"));
        }
    }

    // ---- the micro-grid rule ----

    @Override
    public GridRule ruleFor(long gridId) {
        Map<Long, GridRule> rules = configuredRules();
        List<GridNode> line = lineage(gridId);
        for (int i = line.size() - 1; i >= 0; i--) {
            GridRule r = rules.get(line.get(i).id());
            if (r != null) {
                return r;
            }
        }
        return GridRule.DEFAULT;
    }

    @Override
    public Optional<GridRule> ownRule(long gridId) {
        return Optional.ofNullable(configuredRules().get(gridId));
    }

    @Override
    @Transactional
    public GridRule setRule(long gridId, GridRule rule, String actor) {
        GridNode node = require(gridId);
        if (node.level() != GridLevel.STREET && node.level() != GridLevel.DISTRICT) {
            throw ProblemException.badRequest("invalid-level", "the household rule is set per street or district");
        }
        if (rule == null || rule.minHouseholds() < 1 || rule.maxHouseholds() < rule.minHouseholds() || rule.maxHouseholds() > 10000
                || rule.leaders() < 0 || rule.leaders() > 10 || rule.minWorkers() < 0 || rule.maxWorkers() < rule.minWorkers()
                || rule.maxWorkers() > 50) {
            throw ProblemException.badRequest("invalid-rule",
                    "households: 1 ≤ min ≤ max ≤ 10000; leaders 0–10; workers: 0 ≤ min ≤ max ≤ 50");
        }
        Timestamp now = Timestamp.from(Instant.now());
        int updated = jdbc.sql("""
                update grid_rule set min_households = ?, max_households = ?, leaders = ?, min_workers = ?, max_workers = ?,
                       updated_by = ?, updated_at = ? where grid_id = ?""")
                .params(rule.minHouseholds(), rule.maxHouseholds(), rule.leaders(), rule.minWorkers(), rule.maxWorkers(), actor,
                        now, gridId).update();
        if (updated == 0) {
            jdbc.sql("""
                    insert into grid_rule (grid_id, min_households, max_households, leaders, min_workers, max_workers, updated_by,
                                           updated_at) values (?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(gridId, rule.minHouseholds(), rule.maxHouseholds(), rule.leaders(), rule.minWorkers(),
                            rule.maxWorkers(), actor, now).update();
        }
        events.publishEvent(new io.gridwork.grid.GridRuleChanged(gridId));
        return rule;
    }

    @Override
    @Transactional
    public void clearRule(long gridId) {
        require(gridId);
        if (jdbc.sql("delete from grid_rule where grid_id = ?").param(gridId).update() > 0) {
            events.publishEvent(new io.gridwork.grid.GridRuleChanged(gridId));
        }
    }

    /** The micro-grid of a unit's building changed its households: the grid tree's rollup recounts it. */
    private void countsChangedOfUnit(long unitId) {
        jdbc.sql("select b.micro_grid_id from unit u join building b on b.id = u.building_id where u.id = ? and b.micro_grid_id is not null")
                .param(unitId).query(Long.class).optional()
                .ifPresent(m -> events.publishEvent(new io.gridwork.grid.GridCountsChanged(java.util.Set.of(m))));
    }

    @Override
    public Map<Long, GridRule> configuredRules() {
        Map<Long, GridRule> out = new java.util.HashMap<>();
        jdbc.sql("select grid_id, min_households, max_households, leaders, min_workers, max_workers from grid_rule").query(rs -> {
            out.put(rs.getLong(1), new GridRule(rs.getInt(2), rs.getInt(3), rs.getInt(4), rs.getInt(5), rs.getInt(6)));
        });
        return out;
    }
}
