package io.gridwork.grid;

import java.math.BigDecimal;

/** A household (户, room) as the structure pages show it: unit, room, floor, exclusive floor area, status. */
public record RoomView(long id, long unitId, String unitNumber, String room, Integer floor, BigDecimal area,
        String status) {
}
