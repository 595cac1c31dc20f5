package io.gridwork.shared.persistence;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Named row locks held until the current transaction ends ({@code tx_lock}, owned by this module): a module that
 * must do one thing at a time per key (the contracts of one compound, the adjustments of one community and month)
 * takes the lock of that key instead of locking another module's row (issue 17). Call inside a transaction.
 */
public final class TransactionLocks {

    private TransactionLocks() {
    }

    /**
     * Locks {@code name} (at most 100 characters) until the transaction ends; waits while another transaction holds
     * it. The row is made the first time a name is locked: a concurrent first insert waits for the other one's
     * transaction on the primary key and then adds nothing.
     */
    public static void lock(JdbcClient jdbc, String name) {
        jdbc.sql("insert into tx_lock (name) values (?) on conflict do nothing").param(name).update();
        jdbc.sql("select name from tx_lock where name = ? for update").param(name).query(String.class).single();
    }
}
