package io.gridwork.iot.internal;

import java.time.Instant;

import io.gridwork.demand.Party;

/** A registered device; its secret stays encrypted in the database and is not part of this record. */
public record Device(long id, String code, DeviceType type, String name, long communityId, String communityCode,
        long gridId, String gridPath, long buildingId, Long unitId, String locationText, Party owner, boolean enabled,
        Instant createdAt, String createdBy, Instant lastSeenAt, Instant offlineSince) {

    public boolean online() {
        return offlineSince == null;
    }
}
