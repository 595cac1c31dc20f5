package io.gridwork.people.internal;

import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.gridwork.grid.GridNode;
import io.gridwork.grid.RetireGuard;

/** A grid with running staff assignments (today or later) is not retired: end the assignments first. */
@Component
class StaffRetireGuard implements RetireGuard {

    private final JdbcClient jdbc;

    StaffRetireGuard(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<String> refusal(GridNode grid) {
        long running = jdbc.sql("""
                select count(*) from staff_assignment where grid_id = ? and (end_date is null or end_date >= current_date)""")
                .param(grid.id()).query(Long.class).single();
        return running > 0 ? Optional.of("has-staff") : Optional.empty();
    }
}
