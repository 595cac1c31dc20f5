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
    public DeviceWatches watch(String gridPath, String type, String eventType, java.time.Instant from, java.time.Instant to,
            int limit) {
        java.sql.Timestamp start = java.sql.Timestamp.from(from);
        java.sql.Timestamp end = java.sql.Timestamp.from(to);
        record Row(DeviceWatch device, long total, long offline, long withIncidents) {
        }
        // the first devices and the counts of all in one read (the window's counts are taken before the limit): a
        // district's cameras are hundreds, and the view lists a few and links to the device list (issue 16)
        java.util.List<Row> rows = jdbc.sql("""
                select d.id, d.code, d.device_type, d.name, d.building_id, d.location_text, d.grid_path, d.enabled,
                       d.last_seen_at, d.offline_since, coalesce(c.n, 0),
                       count(*) over (), count(d.offline_since) over (), count(c.n) over ()
                  from iot_device d left join (
                        select i.device_id, count(*) n from iot_incident i join iot_device x on x.id = i.device_id
                         where x.grid_path like ? and x.device_type = ? and i.event_type = ? and i.first_at >= ?
                           and i.first_at < ?
                         group by i.device_id) c on c.device_id = d.id
                 where d.grid_path like ? and d.device_type = ?
                 order by coalesce(c.n, 0) desc, case when d.offline_since is null then 1 else 0 end, d.grid_path, d.code
                 limit ?""")
                .params(gridPath + "%", type, eventType, start, end, gridPath + "%", type, limit)
                .query((rs, i) -> new Row(new DeviceWatch(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getLong(5), rs.getString(6), rs.getString(7), rs.getBoolean(8), instant(rs.getTimestamp(9)),
                        instant(rs.getTimestamp(10)), rs.getLong(11), java.util.List.of()), rs.getLong(12), rs.getLong(13),
                        rs.getLong(14)))
                .list();
        if (rows.isEmpty()) {
            return new DeviceWatches(0, 0, 0, java.util.List.of());
        }
        // the listed devices' newest incidents overlapping the period, in one read
        java.util.Map<Long, java.util.List<Incident>> recent = new java.util.HashMap<>();
        String ids = String.join(", ", java.util.Collections.nCopies(rows.size(), "?"));
        java.util.List<Object> params = new java.util.ArrayList<>(rows.stream().map(r -> (Object) r.device().id()).toList());
        params.addAll(java.util.List.of(eventType, start, end, INCIDENTS_LISTED));
        jdbc.sql("""
                select device_id, id, event_type, first_at, last_at, event_count, demand_id from (
                  select i.device_id, i.id, i.event_type, i.first_at, i.last_at, i.event_count, i.demand_id,
                         row_number() over (partition by i.device_id order by i.last_at desc, i.id desc) as n
                    from iot_incident i
                   where i.device_id in (%s) and i.event_type = ? and i.last_at >= ? and i.first_at < ?) x
                 where x.n <= ? order by device_id, last_at desc, id desc""".formatted(ids))
                .params(params)
                .query(rs -> {
                    recent.computeIfAbsent(rs.getLong(1), k -> new java.util.ArrayList<>()).add(new Incident(rs.getLong(2),
                            rs.getString(3), rs.getTimestamp(4).toInstant(), rs.getTimestamp(5).toInstant(), rs.getInt(6),
                            (Long) rs.getObject(7, Long.class)));
                });
        Row first = rows.get(0);
        return new DeviceWatches(first.total(), first.offline(), first.withIncidents(), rows.stream()
                .map(r -> r.device().withIncidents(recent.getOrDefault(r.device().id(), java.util.List.of()))).toList());
    }

    @Override
    public java.util.Map<java.time.LocalDate, java.util.Map<String, Long>> incidentCountsByDay(String gridPath, String eventType,
            java.time.LocalDate from, java.time.LocalDate to) {
        java.time.ZoneId zone = java.time.ZoneId.of("Asia/Shanghai");
        java.util.Map<java.time.LocalDate, java.util.Map<String, Long>> out = new java.util.TreeMap<>();
        // the day in Asia/Shanghai (UTC+8 all year) as days since 1970: H2 would cast a time to a date in the session's zone
        jdbc.sql("""
                select grid_path, first_day, count(*) from (
                    select d.grid_path, (cast(floor(extract(epoch from i.first_at)) as bigint) + 28800) / 86400 first_day
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
