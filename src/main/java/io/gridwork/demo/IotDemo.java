package io.gridwork.demo;

import java.util.List;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import io.gridwork.grid.BuildingView;
import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridLevel;
import io.gridwork.grid.GridNode;
import io.gridwork.iot.IotApi;

/**
 * Demo devices in 学府憬城 (a camera, a lift detector, a charger, a smoke sensor and a gate), into an empty registry; with
 * the demo's history they have reported: heartbeats, e-bikes in the lift (a demand) and a charger fault (a warning).
 */
@Component
class IotDemo {

    private final GridApi grid;
    private final IotApi iot;
    private final boolean enabled;
    /** With the demo's history (off in the shared test database, whose tests count what devices raise). */
    private final boolean reporting;

    IotDemo(GridApi grid, IotApi iot, @Value("${gridwork.demo.enabled:true}") boolean enabled,
            @Value("${gridwork.demo.history:true}") boolean history) {
        this.grid = grid;
        this.iot = iot;
        this.enabled = enabled;
        this.reporting = history;
    }

    @EventListener(DemoStart.class)
    @Order(130)
    void seed() {
        if (!enabled || iot.hasDevices()) {
            return;
        }
        GridNode compound = compound().orElse(null);
        if (compound == null) {
            return;
        }
        List<BuildingView> buildings = buildings(compound);
        if (buildings.size() < 3) {
            return;
        }
        long b1 = buildings.get(0).id();
        long b2 = buildings.get(1).id();
        long b3 = buildings.get(2).id();
        iot.registerUnattended("XFJC-CAM-01", "HIGH_ALTITUDE_CAMERA", "1栋高空抛物摄像头", b1, "1栋南侧外立面", "COMMUNITY", "demo");
        iot.registerUnattended("XFJC-LIFT-0101", "LIFT_EBIKE_DETECTOR", "1栋1单元电梯电瓶车检测", b1, "1单元电梯轿厢", "PROPERTY", "demo");
        iot.registerUnattended("XFJC-CHG-01", "BIKE_SHED_CHARGER", "2栋车棚充电桩", b2, "2栋北侧车棚", "PROPERTY", "demo");
        iot.registerUnattended("XFJC-SMK-0301", "SMOKE_SENSOR", "3栋地下车库烟感", b3, "3栋负一楼", "PROPERTY", "demo");
        iot.registerUnattended("XFJC-GATE-E", "GATE", "东门门禁", b1, "小区东门", "PROPERTY", "demo");
        // the devices have been reporting: a heartbeat from each, two e-bikes in the lift this morning (one demand for the
        // property company, counted twice) and a failing charger battery (a warning)
        if (!reporting) {
            return;
        }
        java.time.Instant now = java.time.Instant.now();
        for (String code : List.of("XFJC-CAM-01", "XFJC-LIFT-0101", "XFJC-CHG-01", "XFJC-SMK-0301", "XFJC-GATE-E")) {
            iot.ingestUnattended(code, "demo-" + code + "-hb", "HEARTBEAT", now.minusSeconds(120), null);
        }
        // both today in Beijing time, whatever the hour: the detector's rule makes one demand a day
        java.time.ZoneId beijing = java.time.ZoneId.of("Asia/Shanghai");
        java.time.Duration today = java.time.Duration.between(java.time.LocalDate.now(beijing).atStartOfDay(beijing).toInstant(), now);
        java.time.Duration back = today.dividedBy(2).compareTo(java.time.Duration.ofHours(2)) < 0 ? today.dividedBy(2)
                : java.time.Duration.ofHours(2);
        iot.ingestUnattended("XFJC-LIFT-0101", "demo-lift-1", "EBIKE", now.minus(back), "轿厢内检测到电瓶车");
        iot.ingestUnattended("XFJC-LIFT-0101", "demo-lift-2", "EBIKE", now.minus(back.dividedBy(2)), "轿厢内检测到电瓶车");
        iot.ingestUnattended("XFJC-CHG-01", "demo-chg-1", "BATTERY_FAULT", now.minusSeconds(1800), "3号充电口电池温度异常");
    }

    private java.util.Optional<GridNode> compound() {
        for (GridNode root : grid.roots()) {
            var found = find(root);
            if (found.isPresent()) {
                return found;
            }
        }
        return java.util.Optional.empty();
    }

    private java.util.Optional<GridNode> find(GridNode node) {
        if (node.level() == GridLevel.COMPOUND && node.name().equals("学府憬城")) {
            return java.util.Optional.of(node);
        }
        if (node.level() == GridLevel.COMPOUND || node.level() == GridLevel.MICRO) {
            return java.util.Optional.empty();
        }
        for (GridNode c : grid.children(node.id())) {
            var found = find(c);
            if (found.isPresent()) {
                return found;
            }
        }
        return java.util.Optional.empty();
    }

    private List<BuildingView> buildings(GridNode compound) {
        List<BuildingView> direct = grid.buildingsOf(compound.id());
        if (!direct.isEmpty()) {
            return direct;
        }
        return grid.children(compound.id()).stream().flatMap(m -> grid.buildingsOf(m.id()).stream()).toList();
    }
}
