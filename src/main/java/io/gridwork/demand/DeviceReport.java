package io.gridwork.demand;

import java.util.Set;

/**
 * What a device (camera, sensor) reports through the IoT module: the demand is raised on the
 * {@link Channel#DEVICE} channel, accepted at {@code grade} and dispatched to {@code parties} at once.
 * {@code grade} and {@code parties} may be null for the category's defaults; {@code image} is an
 * optional photo, checked and re-encoded like any demand photo.
 */
public record DeviceReport(String deviceCode, String deviceName, String categoryCode, Grade grade, Set<Party> parties,
        String description, long buildingId, Long unitId, String locationText, byte[] image) {
}
