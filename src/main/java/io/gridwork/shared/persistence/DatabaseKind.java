package io.gridwork.shared.persistence;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

import javax.sql.DataSource;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.stereotype.Component;

/**
 * Which database the application runs on: PostgreSQL (deployments, the PostgreSQL suite) or H2 (the embedded default).
 * Asked once, at the first use, so that an application started while its database is away still starts.
 */
@Component
public class DatabaseKind {

    private final DataSource dataSource;
    private volatile Boolean postgres;

    public DatabaseKind(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** True on PostgreSQL, where statements may use what only PostgreSQL has (data-modifying CTEs, arrays of rows). */
    public boolean postgres() {
        Boolean p = postgres;
        if (p == null) {
            try (Connection c = dataSource.getConnection()) {
                p = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
            } catch (SQLException e) {
                throw new DataAccessResourceFailureException("database metadata", e);
            }
            postgres = p;
        }
        return p;
    }
}
