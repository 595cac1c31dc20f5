package io.gridwork.access.internal;

import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.gridwork.access.PasswordPolicy;
import io.gridwork.shared.security.Permission;
import io.gridwork.shared.security.Role;

/**
 * The first administrator of a real installation: with the demo off, the first start on a database without
 * an ADMIN account creates {@code admin} (role ADMIN, scope everything, may unmask) with the password from
 * {@code gridwork.admin.password} ({@code GRIDWORK_ADMIN_PASSWORD}) or, without one, a generated password
 * printed once in the log. Either way it must be changed at the first sign-in. Two instances starting at
 * once race on the unique user name: one insert wins, the other changes nothing.
 */
@Component
class FirstAdmin {

    static final String USERNAME = "admin";
    private static final Logger log = LoggerFactory.getLogger(FirstAdmin.class);

    private final AccountService accounts;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final boolean demo;
    private final String password;

    FirstAdmin(AccountService accounts, JdbcClient jdbc, TransactionTemplate tx,
            @Value("${gridwork.demo.enabled:true}") boolean demo, @Value("${gridwork.admin.password:}") String password) {
        this.accounts = accounts;
        this.jdbc = jdbc;
        this.tx = tx;
        this.demo = demo;
        this.password = password;
    }

    @EventListener(ApplicationReadyEvent.class)
    @Order(-10)
    void createIfNone() {
        if (demo) {
            return; // the demo seeder makes its own accounts
        }
        if (hasAdmin()) {
            return;
        }
        boolean given = password != null && !password.isBlank();
        if (given && PasswordPolicy.problem(USERNAME, password) != null) {
            throw new IllegalStateException("GRIDWORK_ADMIN_PASSWORD is too weak (" + PasswordPolicy.problem(USERNAME, password)
                    + "): at least " + PasswordPolicy.MIN_LENGTH + " characters, not digits only, not the user name, not a common password");
        }
        String chosen = given ? password : PasswordPolicy.generate();
        try {
            tx.executeWithoutResult(s -> accounts.insert(USERNAME, chosen, "系统管理员", null, Set.of(Role.ADMIN),
                    Set.of(Permission.PII_UNMASK), List.of(), true, null));
        } catch (org.springframework.dao.DataIntegrityViolationException | io.gridwork.shared.web.ProblemException e) {
            // another instance created it a moment ago (or an account named admin exists without the role)
            log.info("First administrator not created here: {}", e.getMessage());
            return;
        }
        if (given) {
            log.warn("Created the first administrator '{}' with the password from GRIDWORK_ADMIN_PASSWORD; it must be changed at the first sign-in.",
                    USERNAME);
        } else {
            log.warn("""

                    ==========================================================================
                    Created the first administrator. Sign in and choose a new password:
                        user name: {}
                        password:  {}
                    This password is shown only now. (Set GRIDWORK_ADMIN_PASSWORD to choose it.)
                    ==========================================================================""", USERNAME, chosen);
        }
    }

    private boolean hasAdmin() {
        return jdbc.sql("select count(*) from account_authority where authority = ?").param(Role.ADMIN.authority())
                .query(Integer.class).single() > 0;
    }
}
