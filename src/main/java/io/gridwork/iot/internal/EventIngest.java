package io.gridwork.iot.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import io.gridwork.demand.DemandApi;
import io.gridwork.demand.DeviceReport;
import io.gridwork.demand.Grade;
import io.gridwork.demand.Party;
import io.gridwork.iot.IotEvents;

/**
 * Stores events and turns them into incidents, once. In one transaction per batch:
 * <ol>
 * <li>each event's key (device, message id) is inserted into {@code iot_event_key} with {@code on conflict do
 * nothing}, and only the events whose key was new are stored: a redelivered message changes nothing, in any month
 * ({@code iot_event} is partitioned by month on PostgreSQL and cannot hold that unique key itself);</li>
 * <li>new events are grouped into incidents (device, type, window): the incident row is found by a
 * conditional update or created by an insert that only one transaction can win (unique key), so the rule
 * fires once however many instances receive the events;</li>
 * <li>the rule of a new incident raises a demand or a warning; a repeat adds to the count and to the
 * demand's timeline;</li>
 * <li>each device's last-seen time moves on (heartbeats do only this).</li>
 * </ol>
 * Groups and devices are written in a fixed order so that concurrent batches do not deadlock.
 */
@Service
public class EventIngest {

    /** What became of one event. */
    public record Result(String messageId, boolean duplicate, Long incidentId, Long demandId) {
    }

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter HM = DateTimeFormatter.ofPattern("MM-dd HH:mm:ss").withZone(ZONE);

    private record Key(long deviceId, String type, String window) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            return Comparator.comparingLong(Key::deviceId).thenComparing(Key::type).thenComparing(Key::window).compare(this, o);
        }
    }

    private record Incident(long id, Long demandId, int count) {
    }

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final DemandApi demands;
    private final ApplicationEventPublisher events;
    private final IotProperties props;
    private final java.util.concurrent.ConcurrentHashMap<Key, Incident> known = new java.util.concurrent.ConcurrentHashMap<>();

    EventIngest(JdbcClient jdbc, JdbcTemplate template, DemandApi demands, ApplicationEventPublisher events, IotProperties props) {
        this.jdbc = jdbc;
        this.template = template;
        this.demands = demands;
        this.events = events;
        this.props = props;
    }

    @Transactional
    public List<Result> ingest(List<DeviceEvent> batch) {
        Instant now = Instant.now();
        Timestamp received = Timestamp.from(now);
        List<DeviceEvent> real = batch.stream().filter(e -> !DeviceType.HEARTBEAT.equals(e.type())).toList();
        // the duplicate check first: a key is new only once, however often and wherever the message arrives
        // (iot_event_key, V178; iot_event itself is partitioned by month on PostgreSQL and has no unique key across months)
        int[] inserted = real.isEmpty() ? new int[0] : template.batchUpdate("""
                insert into iot_event_key (device_id, message_id, received_at) values (?, ?, ?) on conflict do nothing""",
                real, real.size(), (ps, e) -> {
                    ps.setLong(1, e.device().id());
                    ps.setString(2, e.messageId());
                    ps.setTimestamp(3, received);
                })[0];
        List<DeviceEvent> newEvents = new ArrayList<>(real.size());
        for (int i = 0; i < real.size(); i++) {
            if (inserted[i] > 0) {
                newEvents.add(real.get(i));
            }
        }
        if (!newEvents.isEmpty()) {
            template.batchUpdate("""
                    insert into iot_event (device_id, message_id, event_type, occurred_at, received_at, via)
                    values (?, ?, ?, ?, ?, ?)""", newEvents, newEvents.size(), (ps, e) -> {
                        ps.setLong(1, e.device().id());
                        ps.setString(2, e.messageId());
                        ps.setString(3, e.type());
                        ps.setTimestamp(4, Timestamp.from(e.occurredAt()));
                        ps.setTimestamp(5, received);
                        ps.setString(6, e.via());
                    });
        }

        Map<Key, List<DeviceEvent>> groups = new TreeMap<>();
        Map<DeviceEvent, Key> keyOf = new LinkedHashMap<>();
        for (int i = 0; i < real.size(); i++) {
            if (inserted[i] > 0) {
                DeviceEvent e = real.get(i);
                Key k = new Key(e.device().id(), e.type(), window(e));
                groups.computeIfAbsent(k, x -> new ArrayList<>()).add(e);
                keyOf.put(e, k);
            }
        }
        // incidents: one batched conditional update for all groups; the groups it missed are created
        List<Key> keys = new ArrayList<>(groups.keySet());
        List<Object[]> bumps = new ArrayList<>(keys.size());
        for (Key k : keys) {
            List<DeviceEvent> evs = groups.get(k);
            bumps.add(new Object[] {evs.size(), Timestamp.from(last(evs)), k.deviceId(), k.type(), k.window()});
        }
        int[] bumped = keys.isEmpty() ? new int[0] : template.batchUpdate(BUMP, bumps);
        Map<Key, Incident> incidents = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            Key k = keys.get(i);
            incidents.put(k, bumped[i] > 0 ? existing(k, groups.get(k)) : create(k, groups.get(k)));
        }

        // each device's last-seen time, in id order
        List<Object[]> seen = new ArrayList<>();
        Timestamp at = Timestamp.from(now);
        batch.stream().map(e -> e.device().id()).distinct().sorted().forEach(id -> seen.add(new Object[] {at, id}));
        template.batchUpdate("update iot_device set last_seen_at = ?, offline_since = null where id = ?", seen);

        List<Result> out = new ArrayList<>(batch.size());
        int r = 0;
        for (DeviceEvent e : batch) {
            if (DeviceType.HEARTBEAT.equals(e.type())) {
                out.add(new Result(e.messageId(), false, null, null));
                continue;
            }
            Key k = keyOf.get(e);
            boolean fresh = inserted[r++] > 0;
            Incident inc = k == null ? null : incidents.get(k);
            out.add(new Result(e.messageId(), !fresh, inc == null ? null : inc.id(), inc == null ? null : inc.demandId()));
        }
        return out;
    }

    /** The incident window: the local day for e-bikes in lifts, else a bucket of the de-duplication window. */
    String window(DeviceEvent e) {
        if (e.device().type() == DeviceType.LIFT_EBIKE_DETECTOR) {
            return "D" + LocalDate.ofInstant(e.occurredAt(), ZONE);
        }
        long size = Math.max(1, props.dedupWindow().toSeconds());
        return "W" + Math.floorDiv(e.occurredAt().getEpochSecond(), size) * size;
    }

    private static final String BUMP = """
            update iot_incident set event_count = event_count + ?, last_at = greatest(last_at, ?)
            where device_id = ? and event_type = ? and window_key = ?""";

    private static Instant last(List<DeviceEvent> events) {
        return events.stream().map(DeviceEvent::occurredAt).max(Comparator.naturalOrder()).orElseThrow();
    }

    /** A new incident, unless another transaction created it first (then it is an existing one). */
    private Incident create(Key k, List<DeviceEvent> events) {
        Instant first = events.stream().map(DeviceEvent::occurredAt).min(Comparator.naturalOrder()).orElseThrow();
        boolean created = jdbc.sql("""
                insert into iot_incident (device_id, event_type, window_key, first_at, last_at, event_count)
                values (?, ?, ?, ?, ?, ?) on conflict do nothing""")
                .params(k.deviceId(), k.type(), k.window(), Timestamp.from(first), Timestamp.from(last(events)), events.size())
                .update() == 1;
        if (!created) {
            bump(k, events.size(), last(events));
            return existing(k, events);
        }
        Incident inc = load(k);
        Long demandId = fire(events.get(0).device(), inc, events);
        if (demandId != null) {
            jdbc.sql("update iot_incident set demand_id = ? where id = ?").params(demandId, inc.id()).update();
            inc = new Incident(inc.id(), demandId, inc.count());
        }
        remember(k, inc);
        return inc;
    }

    /** A repeat: the count is already added; a demand the incident raised gets a step in its timeline. */
    private Incident existing(Key k, List<DeviceEvent> events) {
        Incident inc = known.get(k);
        if (inc == null) {
            inc = load(k);
            remember(k, inc);
        }
        if (inc.demandId() != null) {
            Device device = events.get(0).device();
            demands.noteFromDevice(inc.demandId(), device.code(), repeatNote(device, events, last(events)));
        }
        return inc;
    }

    private Incident load(Key k) {
        return jdbc.sql("select id, demand_id, event_count from iot_incident where device_id = ? and event_type = ? and window_key = ?")
                .params(k.deviceId(), k.type(), k.window())
                .query((rs, i) -> new Incident(rs.getLong(1), (Long) rs.getObject(2, Long.class), rs.getInt(3))).single();
    }

    /** An incident's id and demand never change once committed: keep them (after the commit) to spare a read. */
    private void remember(Key k, Incident inc) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    if (known.size() > 100_000) {
                        known.clear();
                    }
                    known.put(k, inc);
                }
            });
        }
    }

    private int bump(Key k, int n, Instant last) {
        return jdbc.sql("""
                update iot_incident set event_count = event_count + ?, last_at = greatest(last_at, ?)
                where device_id = ? and event_type = ? and window_key = ?""")
                .params(n, Timestamp.from(last), k.deviceId(), k.type(), k.window()).update();
    }

    /** The rule of a new incident; returns the demand it raised, if any. */
    private Long fire(Device d, Incident inc, List<DeviceEvent> events) {
        DeviceEvent e = events.get(0);
        String at = HM.format(e.occurredAt());
        String place = d.locationText() == null ? "" : "（" + d.locationText() + "）";
        String extra = e.note() == null ? "" : "；" + e.note();
        return switch (e.type()) {
            case "THROW" -> {
                DeviceEvent withImage = events.stream().filter(x -> x.image() != null).findFirst().orElse(e);
                String url = events.stream().map(DeviceEvent::imageUrl).filter(java.util.Objects::nonNull).findFirst()
                        .map(u -> "；图像：" + u).orElse("");
                yield demands.raiseFromDevice(new DeviceReport(d.code(), d.name(), "THROWN_OBJECTS", null, null,
                        "高空抛物摄像头「" + d.name() + "」" + place + "于 " + at + " 捕捉到抛物" + url + extra,
                        d.buildingId(), d.unitId(), d.locationText(), withImage.image()));
            }
            case "EBIKE" -> demands.raiseFromDevice(new DeviceReport(d.code(), d.name(), "EBIKE_IN_LIFT", null,
                    EnumSet.of(d.owner()), "电梯电瓶车检测器「" + d.name() + "」" + place + "于 " + at
                            + " 检测到电瓶车进入电梯（当日首次，同日再次检测将记入本诉求）" + extra,
                    d.buildingId(), d.unitId(), d.locationText(), null));
            case "SMOKE" -> {
                Set<Party> parties = EnumSet.of(d.owner(), Party.GRID);
                yield demands.raiseFromDevice(new DeviceReport(d.code(), d.name(), "SAFETY_HAZARD", Grade.GENERAL, parties,
                        "【紧急】烟感「" + d.name() + "」" + place + "于 " + at + " 报警，请立即到场核查" + extra,
                        d.buildingId(), d.unitId(), d.locationText(), null));
            }
            case "BATTERY_FAULT" -> warn(d, inc, e, "充电桩「" + d.name() + "」" + place + "报告电池故障（" + at + "）" + extra);
            case "FORCED_OPEN" -> warn(d, inc, e, "门禁「" + d.name() + "」" + place + "被强行打开（" + at + "）" + extra);
            default -> null;
        };
    }

    private Long warn(Device d, Incident inc, DeviceEvent e, String message) {
        Instant now = Instant.now();
        jdbc.sql("insert into iot_warning (device_id, incident_id, kind, message, raised_at) values (?, ?, ?, ?, ?)")
                .params(d.id(), inc.id(), e.type(), message, Timestamp.from(now)).update();
        events.publishEvent(new IotEvents.DeviceWarning(d.id(), d.code(), d.type().name(), e.type(), message, d.communityId(),
                d.gridPath(), d.buildingId(), now));
        return null;
    }

    private static String repeatNote(Device d, List<DeviceEvent> events, Instant last) {
        String what = d.type() == DeviceType.LIFT_EBIKE_DETECTOR ? "当日再次检测到电瓶车进电梯" : "再次报告同一事件";
        return what + "（" + HM.format(last) + "，" + events.size() + " 次）";
    }
}
