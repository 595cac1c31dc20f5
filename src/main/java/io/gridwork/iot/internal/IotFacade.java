package io.gridwork.iot.internal;

import org.springframework.stereotype.Service;

import io.gridwork.iot.IotApi;

@Service
class IotFacade implements IotApi {

    private final DeviceRegistry devices;
    private final EventIngest ingest;
    private final org.springframework.jdbc.core.simple.JdbcClient jdbc;

    IotFacade(DeviceRegistry devices, EventIngest ingest, org.springframework.jdbc.core.simple.JdbcClient jdbc) {
        this.devices = devices;
        this.ingest = ingest;
        this.jdbc = jdbc;
    }

    @Override
    public java.util.List<DeviceWatch> watch(String gridPath, String type, String eventType, java.time.Instant from,
            java.time.Instant to) {
        java.sql.Timestamp start = java.sql.Timestamp.from(from);
        java.sql.Timestamp end = java.sql.Timestamp.from(to);
        record Row(long id, String code, String type, String name, long buildingId, String location, String path,
                boolean enabled, java.time.Instant lastSeen, java.time.Instant offline) {
        }
        java.util.List<Row> rows = jdbc.sql("""
                select id, code, device_type, name, building_id, location_text, grid_path, enabled, last_seen_at, offline_since
                  from iot_device where grid_path like ? and device_type = ? order by grid_path, code""")
                .params(gridPath + "%", type)
                .query((rs, i) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                        rs.getString(6), rs.getString(7), rs.getBoolean(8), instant(rs.getTimestamp(9)),
                        instant(rs.getTimestamp(10)))).list();
        // the devices' incidents in two reads, not two per device (issue 19: a district's 200 cameras and detectors were
        // 400 statements a page): each device's newest 20 overlapping the period, and its count begun in the period
        java.util.Map<Long, java.util.List<Incident>> recent = new java.util.HashMap<>();
        java.util.Map<Long, Long> begun = new java.util.HashMap<>();
        if (!rows.isEmpty()) {
            jdbc.sql("""
                    select device_id, id, event_type, first_at, last_at, event_count, demand_id from (
                      select i.device_id, i.id, i.event_type, i.first_at, i.last_at, i.event_count, i.demand_id,
                             row_number() over (partition by i.device_id order by i.last_at desc, i.id desc) as n
                        from iot_incident i join iot_device d on d.id = i.device_id
                       where d.grid_path like ? and d.device_type = ? and i.event_type = ? and i.last_at >= ? and i.first_at < ?) x
                     where x.n <= 20 order by device_id, last_at desc, id desc""")
                    .params(gridPath + "%", type, eventType, start, end)
                    .query(rs -> {
                        recent.computeIfAbsent(rs.getLong(1), k -> new java.util.ArrayList<>()).add(new Incident(rs.getLong(2),
                                rs.getString(3), rs.getTimestamp(4).toInstant(), rs.getTimestamp(5).toInstant(), rs.getInt(6),
                                (Long) rs.getObject(7, Long.class)));
                    });
            jdbc.sql("""
                    select i.device_id, count(*) from iot_incident i join iot_device d on d.id = i.device_id
                     where d.grid_path like ? and d.device_type = ? and i.event_type = ? and i.first_at >= ? and i.first_at < ?
                     group by i.device_id""")
                    .params(gridPath + "%", type, eventType, start, end)
                    .query(rs -> {
                        begun.put(rs.getLong(1), rs.getLong(2));
                    });
        }
        java.util.List<DeviceWatch> out = new java.util.ArrayList<>();
        for (Row r : rows) {
            out.add(new DeviceWatch(r.id(), r.code(), r.type(), r.name(), r.buildingId(), r.location(), r.path(), r.enabled(),
                    r.lastSeen(), r.offline(), begun.getOrDefault(r.id(), 0L), recent.getOrDefault(r.id(), java.util.List.of())));
        }
        return out;
    }

    @Override
    public java.util.Map<java.time.LocalDate, java.util.Map<String, Long>> incidentCountsByDay(String gridPath, String eventType,
            java.time.LocalDate from, java.time.LocalDate to) {
        java.time.ZoneId zone = java.time.ZoneId.of("Asia/Shanghai");
        java.util.Map<java.time.LocalDate, java.util.Map<String, Long>> out = new java.util.TreeMap<>();
        // the day in Asia/Shanghai (UTC+8 all year) as days since 1970: H2 would cast a time to a date in the session's zone
        jdbc.sql("""
                select grid_path, first_day, count(*) from (
                    select d.grid_path, floor((extract(epoch from i.first_at) + 28800) / 86400) first_day
                      from iot_incident i join iot_device d on d.id = i.device_id
                     where d.grid_path like ? and i.event_type = ? and i.first_at >= ? and i.first_at < ?) x
                 group by grid_path, first_day""")
                .params(gridPath + "%", eventType, java.sql.Timestamp.from(from.atStartOfDay(zone).toInstant()),
                        java.sql.Timestamp.from(to.plusDays(1).atStartOfDay(zone).toInstant()))
                .query((rs, i) -> out.computeIfAbsent(java.time.LocalDate.ofEpochDay(rs.getLong(2)), k -> new java.util.HashMap<>())
                        .put(rs.getString(1), rs.getLong(3)))
                .list();
        return out;
    }

    private static java.time.Instant instant(java.sql.Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    @Override
    public java.util.Optional<Long> ingestUnattended(String deviceCode, String messageId, String eventType,
            java.time.Instant occurredAt, String note) {
        Device device = devices.byCode(deviceCode).orElseThrow(() -> new IllegalArgumentException("no device " + deviceCode));
        if (!DeviceType.HEARTBEAT.equals(eventType) && !device.type().accepts(eventType)) {
            throw new IllegalArgumentException(device.type() + " does not send " + eventType);
        }
        return java.util.Optional.ofNullable(ingest.ingest(java.util.List.of(
                new DeviceEvent(device, messageId, eventType, occurredAt, null, null, note, "LOCAL"))).get(0).demandId());
    }

    @Override
    public boolean hasDevices() {
        return devices.count() > 0;
    }

    @Override
    public long registerUnattended(String code, String type, String name, long buildingId, String locationText, String owner,
            String createdBy) {
        return devices.register(new DeviceRegistry.Registration(code, type, name, buildingId, null, locationText, owner),
                createdBy, path -> true).device().id();
    }
}
