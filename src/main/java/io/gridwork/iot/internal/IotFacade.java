package io.gridwork.iot.internal;

import org.springframework.stereotype.Service;

import io.gridwork.iot.IotApi;

@Service
class IotFacade implements IotApi {

    private final DeviceRegistry devices;

    IotFacade(DeviceRegistry devices) {
        this.devices = devices;
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
