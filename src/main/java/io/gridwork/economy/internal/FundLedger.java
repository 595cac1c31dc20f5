package io.gridwork.economy.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.web.ProblemException;

/**
 * The micro-fund's ledger (微基金): double entry in fen. A posting moves money from a debit account to a credit
 * account and is written with its two entries (−fen, +fen) in the caller's transaction; the tables refuse any change
 * or removal (V114), corrections are reversal postings. Balances are derived from the entries.
 * <p>
 * <b>The guard.</b> Whatever takes money out of the fund (an expense's payment, the reversal of a donation) first
 * locks the fund's row ({@link #lockFund}) and then reads the fund's balance from the entries: two payments of the same
 * fund queue on that lock and the second reads what the first left, so the fund never goes below zero. Donations
 * take the lock too (their receipt numbers are counted under it).
 * <p>
 * <b>Idempotency.</b> A posting's client key is unique per actor: a repeated key returns the first posting (or 409
 * when it was used for another one); {@code source_key} lets an expense be paid once, {@code reverses_id} a posting
 * be reversed once.
 */
@Component
public class FundLedger {

    public enum AccountKind {
        FUND, MERCHANT, RESIDENT, COMMUNITY, ACTIVITY, BUYBACK, CLEANUP, FAMILY_HELP;

        public boolean donor() {
            return this == MERCHANT || this == RESIDENT || this == COMMUNITY;
        }
    }

    public enum PostingKind { DONATION, EXPENSE, REVERSAL }

    public record AccountRef(long id, AccountKind kind) {
    }

    /** What to post. A donation names its donor and receipt number; an expense's payment its expense and purpose. */
    public record NewPosting(long fundId, PostingKind kind, AccountRef debit, AccountRef credit, long amountFen, String clientKey,
            String sourceKey, Long reversesId, PostingKind reversesKind, String receiptNo, AccountKind donorKind, Long donorId,
            String donorName, LocalDate receivedOn, Long expenseId, String purpose, Integer approvalsNeeded, String note) {
    }

    /** A posting as written; {@code replayed} when a repeated client key found it; {@code reversedBy} its reversal. */
    public record Posting(long id, long fundId, PostingKind kind, long amountFen, long debitAccountId, long creditAccountId,
            String actorName, Long reversesId, PostingKind reversesKind, String receiptNo, AccountKind donorKind, Long donorId,
            String donorName, LocalDate receivedOn, Long expenseId, String purpose, Integer approvalsNeeded, String note,
            int bookMonth, Instant createdAt, Long reversedBy, boolean replayed) {

        Posting asReplay() {
            return new Posting(id, fundId, kind, amountFen, debitAccountId, creditAccountId, actorName, reversesId, reversesKind,
                    receiptNo, donorKind, donorId, donorName, receivedOn, expenseId, purpose, approvalsNeeded, note, bookMonth,
                    createdAt, reversedBy, true);
        }
    }

    private final JdbcClient jdbc;

    FundLedger(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The account, made when missing (an insert that skips when a concurrent one made it first). */
    public AccountRef account(long fundId, AccountKind kind, long ownerId, String name) {
        return find(fundId, kind, ownerId).orElseGet(() -> {
            jdbc.sql("""
                    insert into economy_fund_account (fund_id, kind, owner_id, name, created_at) values (?, ?, ?, ?, ?)
                    on conflict do nothing""")
                    .params(fundId, kind.name(), ownerId, name, Checks.timestamp(Instant.now())).update();
            return find(fundId, kind, ownerId).orElseThrow(
                    () -> new ConcurrencyFailureException("fund account " + kind + " " + ownerId + " not visible yet"));
        });
    }

    Optional<AccountRef> find(long fundId, AccountKind kind, long ownerId) {
        return jdbc.sql("select id from economy_fund_account where fund_id = ? and kind = ? and owner_id = ?")
                .params(fundId, kind.name(), ownerId).query(Long.class).optional().map(id -> new AccountRef(id, kind));
    }

    /** Locks the fund's row until the transaction ends: payments out of one fund run one after the other. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void lockFund(long fundId) {
        jdbc.sql("select id from economy_fund where id = ? for update").param(fundId).query(Long.class).single();
    }

    /** The fund's balance in fen: the sum of its account's entries. */
    public long balance(long fundId) {
        return jdbc.sql("""
                select coalesce(sum(e.amount), 0) from economy_fund_entry e
                  join economy_fund_account a on a.id = e.account_id where a.fund_id = ? and a.kind = 'FUND'""")
                .param(fundId).query(Long.class).single();
    }

    /**
     * Writes a posting and its two entries in the caller's transaction. When money leaves the fund, the fund's row is
     * locked and its balance checked first (409 {@code fund-insufficient}: the caller's transaction rolls back).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Posting post(NewPosting p, GridworkUser actor) {
        if (p.amountFen() <= 0) {
            throw ProblemException.badRequest("invalid-amount", "an amount is at least ¥0.01", Map.of("field", "amountFen"));
        }
        if (p.debit().kind() == AccountKind.FUND) {
            lockFund(p.fundId());
            long balance = balance(p.fundId());
            if (balance < p.amountFen()) {
                throw insufficient(balance, p.amountFen());
            }
        }
        Instant now = Instant.now();
        var keys = new GeneratedKeyHolder();
        int inserted = jdbc.sql("""
                insert into economy_fund_posting (fund_id, kind, amount_fen, debit_account_id, credit_account_id, actor_account_id,
                    actor_name, client_key, source_key, reverses_id, reverses_kind, receipt_no, donor_kind, donor_id, donor_name,
                    received_on, expense_id, purpose, approvals_needed, note, book_month, created_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict do nothing""")
                .params(p.fundId(), p.kind().name(), p.amountFen(), p.debit().id(), p.credit().id(), actor.accountId(),
                        actor.displayName(), p.clientKey(), p.sourceKey(), p.reversesId(),
                        p.reversesKind() == null ? null : p.reversesKind().name(), p.receiptNo(),
                        p.donorKind() == null ? null : p.donorKind().name(), p.donorId(), p.donorName(),
                        p.receivedOn() == null ? null : java.sql.Date.valueOf(p.receivedOn()), p.expenseId(), p.purpose(),
                        p.approvalsNeeded(), p.note(), Checks.month(now), Checks.timestamp(now))
                .update(keys, "id");
        if (inserted == 0) {
            return earlier(p, actor);
        }
        long id = keys.getKey().longValue();
        jdbc.sql("insert into economy_fund_entry (posting_id, account_id, amount, created_at) values (?, ?, ?, ?), (?, ?, ?, ?)")
                .params(id, p.debit().id(), -p.amountFen(), Checks.timestamp(now), id, p.credit().id(), p.amountFen(),
                        Checks.timestamp(now))
                .update();
        return posting(id).orElseThrow();
    }

    static ProblemException insufficient(long balance, long needed) {
        return new ProblemException(HttpStatus.CONFLICT, "fund-insufficient", "the fund holds ¥" + Checks.yuan(balance) + ", ¥"
                + Checks.yuan(needed) + " are needed", Map.of("balanceFen", balance, "neededFen", needed));
    }

    private Posting earlier(NewPosting p, GridworkUser actor) {
        Optional<Posting> byKey = byClientKey(actor.accountId(), p.clientKey());
        if (byKey.isPresent()) {
            Posting first = byKey.get();
            boolean same = first.kind() == p.kind() && first.amountFen() == p.amountFen()
                    && first.debitAccountId() == p.debit().id() && first.creditAccountId() == p.credit().id()
                    && Objects.equals(first.expenseId(), p.expenseId()) && Objects.equals(first.reversesId(), p.reversesId());
            if (!same) {
                throw Ledger.keyReused();
            }
            return first.asReplay();
        }
        if (p.sourceKey() != null && jdbc.sql("select count(*) from economy_fund_posting where source_key = ?")
                .param(p.sourceKey()).query(Long.class).single() > 0) {
            throw ProblemException.conflict("expense-paid", "this expense was paid already");
        }
        if (p.reversesId() != null && jdbc.sql("select count(*) from economy_fund_posting where reverses_id = ?")
                .param(p.reversesId()).query(Long.class).single() > 0) {
            throw ProblemException.conflict("already-reversed", "posting " + p.reversesId() + " was reversed already");
        }
        // a receipt number taken by a concurrent donation, or a row not visible yet: the whole work again
        throw new ConcurrencyFailureException("fund posting conflicted with a concurrent one");
    }

    static final String POSTING = """
            select p.*, r.id as reversed_by from economy_fund_posting p left join economy_fund_posting r on r.reverses_id = p.id""";

    public Optional<Posting> byClientKey(long actorAccountId, String clientKey) {
        return jdbc.sql(POSTING + " where p.actor_account_id = ? and p.client_key = ?").params(actorAccountId, clientKey)
                .query(FundLedger::posting).optional();
    }

    public Optional<Posting> posting(long id) {
        return jdbc.sql(POSTING + " where p.id = ?").param(id).query(FundLedger::posting).optional();
    }

    static Posting posting(ResultSet rs, int i) throws SQLException {
        String reversesKind = rs.getString("reverses_kind");
        String donorKind = rs.getString("donor_kind");
        java.sql.Date received = rs.getDate("received_on");
        Integer needed = rs.getObject("approvals_needed", Integer.class);
        return new Posting(rs.getLong("id"), rs.getLong("fund_id"), PostingKind.valueOf(rs.getString("kind")),
                rs.getLong("amount_fen"), rs.getLong("debit_account_id"), rs.getLong("credit_account_id"),
                rs.getString("actor_name"), Ledger.nullableLong(rs, "reverses_id"),
                reversesKind == null ? null : PostingKind.valueOf(reversesKind), rs.getString("receipt_no"),
                donorKind == null ? null : AccountKind.valueOf(donorKind), Ledger.nullableLong(rs, "donor_id"),
                rs.getString("donor_name"), received == null ? null : received.toLocalDate(), Ledger.nullableLong(rs, "expense_id"),
                rs.getString("purpose"), needed, rs.getString("note"), rs.getInt("book_month"),
                Checks.instant(rs.getTimestamp("created_at")), Ledger.nullableLong(rs, "reversed_by"), false);
    }
}
