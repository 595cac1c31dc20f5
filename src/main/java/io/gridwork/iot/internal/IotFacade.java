package io.gridwork.iot.internal;

import org.springframework.stereotype.Service;

import io.gridwork.iot.IotApi;

@Service
class IotFacade implements IotApi {

    private final DeviceRegistry devices;
    private final EventIngest ingest;

    IotFacade(DeviceRegistry devices, EventIngest ingest) {
        this.devices = devices;
        this.ingest = ingest;
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
