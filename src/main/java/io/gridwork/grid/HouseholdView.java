package io.gridwork.grid;

import java.time.Instant;

/** A household (户) with its address and the micro-grid it belongs to. */
public record HouseholdView(long id, long unitId, long buildingId, long compoundId, Long microGridId,
        String compoundName, String buildingNumber, String unitNumber, String room, String status,
        String microGridPath, Instant checkedAt) {

    /** The address as residents write it: 学府憬城 3栋2单元1201. */
    public String address() {
        return compoundName + " " + buildingNumber + "栋" + unitNumber + "单元" + room;
    }
}
