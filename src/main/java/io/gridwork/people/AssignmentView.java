package io.gridwork.people;

import java.time.LocalDate;

/** A staff assignment; {@code endDate} null means it is still running. */
public record AssignmentView(long id, long personId, String personName, StaffRole role, Long gridId, Long buildingId,
        Long unitId, LocalDate startDate, LocalDate endDate) {
}
