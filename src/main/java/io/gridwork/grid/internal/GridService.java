package io.gridwork.grid.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

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
import io.gridwork.grid.HouseholdView;
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

    GridService(JdbcClient jdbc, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.events = events;
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
        return jdbc.sql("select " + GridRows.NODE_COLUMNS + " from grid_node where parent_id is null order by code")
                .query(GridRows::node).list();
    }

    @Override
    public List<GridNode> children(long id) {
        return jdbc.sql("select " + GridRows.NODE_COLUMNS + " from grid_node where parent_id = ? order by code")
                .param(id).query(GridRows::node).list();
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
        jdbc.sql("insert into grid_node (parent_id, level, code, name, path, special_kind) values (?, ?, ?, ?, ?, ?)")
                .params(parentId, level.name(), code, name, "pending", specialKind).update(keys, "id");
        long id = Objects.requireNonNull(keys.getKey()).longValue();
        jdbc.sql("update grid_node set path = ? where id = ?").params(parentPath + id + "/", id).update();
        return id;
    }

    private String nextCode(GridNode parent, GridLevel level) {
        int digits = level.codeDigits();
        // Compound and special grids share the 2-digit grid segment of a community.
        List<String> siblings = jdbc.sql("select code from grid_node where parent_id = ?").param(parent.id())
                .query(String.class).list();
        int max = 0;
        for (String c : siblings) {
            if (c.length() == parent.code().length() + digits) {
                max = Math.max(max, Integer.parseInt(c.substring(parent.code().length())));
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
        return jdbc.sql("select " + GridRows.NODE_COLUMNS + " from grid_node where path like ? and level = ? and name like ?"
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

    @Override
    public Optional<BuildingView> building(long id) {
        return jdbc.sql(GridRows.BUILDING_SELECT + " where b.id = ?").param(id).query(GridRows::building).optional();
    }

    @Override
    public List<BuildingView> buildingsOf(long gridId) {
        GridNode grid = require(gridId);
        String column = grid.level() == GridLevel.MICRO ? "b.micro_grid_id" : "b.compound_id";
        return jdbc.sql(GridRows.BUILDING_SELECT + " where " + column + " = ? order by length(b.number), b.number")
                .param(gridId).query(GridRows::building).list();
    }

    @Override
    @Transactional
    public long createBuilding(long compoundId, Long microGridId, String number, String name, Integer floors, Double lat,
            Double lon) {
        GridNode compound = require(compoundId);
        if (compound.level() != GridLevel.COMPOUND && compound.level() != GridLevel.SPECIAL) {
            throw ProblemException.badRequest("invalid-level", "buildings belong to a compound or special grid");
        }
        if (microGridId != null) {
            requireMicroUnder(microGridId, compound);
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
        if (micro.level() != GridLevel.MICRO || !Objects.equals(micro.parentId(), compound.id())) {
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
}
