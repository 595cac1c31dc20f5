package io.gridwork.economy.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.web.ProblemException;

/**
 * The points ledger (信义贝): double entry in whole points. A posting moves points from a debit account to a
 * credit account and is written with its two entries (−points, +points) in the caller's transaction; nothing is
 * ever changed or removed (the tables refuse it), corrections are reversal postings.
 * <p>
 * <b>The guard.</b> Residents' and merchants' balances are kept in {@code economy_account.balance}, changed in the
 * posting's transaction: the debit is the conditional update {@code balance = balance - n where balance >= n}, so
 * two concurrent spends of the same points cannot both pass (the second waits for the first's row lock and then
 * re-checks), and a balance never goes below zero. The community's own accounts (the issuer, which goes negative
 * by what it issued, and the expiry sink) are not kept: their balances are derived from the entries, so every
 * earning does not queue on one row. Balance rows are updated in a fixed order (residents before merchants) after
 * the posting and its entries are written, so that row locks are held briefly and never in opposite orders.
 * <p>
 * <b>Idempotency.</b> A posting carries its actor's client key, unique per actor; the insert skips on any
 * conflict and a repeated key finds the first posting (the same posting again, or 409 when the key was used for
 * something else). {@code source_key} lets one source earn once, {@code reverses_id} lets a posting be reversed once.
 */
@Component
public class Ledger {

    public enum AccountKind {
        RESIDENT, MERCHANT, ISSUER, EXPIRY;

        /** Kept balances: residents and merchants, never below zero. */
        public boolean kept() {
            return this == RESIDENT || this == MERCHANT;
        }
    }

    public enum PostingKind { EARN, REDEEM, EXPIRE, REVERSAL }

    /** An account of the ledger, as postings name it. */
    public record AccountRef(long id, AccountKind kind) {
    }

    /** The earning rule in force, stored with the posting: points per HOUR or TASK, quantity in minutes or tasks. */
    public record EarnTerms(long ruleId, String name, String unit, int points, int quantity) {
    }

    /** The redemption rule in force, stored with the posting: stepPoints per full stepFen of the purchase. */
    public record RedeemTerms(long purchaseFen, int stepFen, int stepPoints, int fenPerPoint) {
    }

    /** What to post. {@code source*}: what the posting is for (a volunteering record, a payment request). */
    public record NewPosting(long communityId, PostingKind kind, AccountRef debit, AccountRef credit, long points,
            String clientKey, String residentName, String sourceKind, Long sourceId, String sourceKey, Long reversesId,
            PostingKind reversesKind, EarnTerms earn, RedeemTerms redeem, String note) {
    }

    /** A posting as written; {@code replayed} when a repeated client key found it; {@code reversedBy} its reversal. */
    public record Posting(long id, long communityId, PostingKind kind, long points, long debitAccountId, long creditAccountId,
            String actorName, String residentName, String sourceKind, Long sourceId, Long reversesId, PostingKind reversesKind,
            EarnTerms earn, RedeemTerms redeem, String note, Instant createdAt, Long reversedBy, boolean replayed) {

        Posting asReplay() {
            return new Posting(id, communityId, kind, points, debitAccountId, creditAccountId, actorName, residentName,
                    sourceKind, sourceId, reversesId, reversesKind, earn, redeem, note, createdAt, reversedBy, true);
        }
    }

    /** One line of an account's history: its entry and what the posting was. */
    public record Line(long entryId, long postingId, Instant at, PostingKind kind, PostingKind reversesKind, long amount,
            String merchantName, String residentName, String ruleName, String ruleUnit, Integer rulePoints, Integer quantity,
            Long purchaseFen, Integer fenPerPoint, String note, boolean reversed) {
    }

    /** An account with its balance (kept, or derived for the community's own accounts). */
    public record Balance(long accountId, long communityId, AccountKind kind, long ownerId, long points) {
    }

    private final JdbcClient jdbc;
    // (community, kind, owner) -> account id; accounts are never removed and their ids never change
    private final Map<String, AccountRef> accounts = new ConcurrentHashMap<>();

    Ledger(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    // ---- accounts ---------------------------------------------------------------------------------

    /** The account, made when missing (an insert that skips when a concurrent one made it first). */
    public AccountRef account(long communityId, AccountKind kind, long ownerId) {
        return findAccount(communityId, kind, ownerId).orElseGet(() -> {
            jdbc.sql("""
                    insert into economy_account (community_id, kind, owner_id, balance, created_at) values (?, ?, ?, ?, ?)
                    on conflict do nothing""")
                    .params(communityId, kind.name(), ownerId, kind.kept() ? 0L : null, Checks.timestamp(Instant.now()))
                    .update();
            return findAccount(communityId, kind, ownerId).orElseThrow(
                    () -> new ConcurrencyFailureException("account " + kind + " " + ownerId + " not visible yet"));
        });
    }

    /** The account if it exists. */
    public Optional<AccountRef> findAccount(long communityId, AccountKind kind, long ownerId) {
        String key = communityId + ":" + kind + ":" + ownerId;
        AccountRef known = accounts.get(key);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<AccountRef> found = jdbc.sql("select id from economy_account where community_id = ? and kind = ? and owner_id = ?")
                .params(communityId, kind.name(), ownerId).query(Long.class).optional().map(id -> new AccountRef(id, kind));
        found.ifPresent(a -> {
            if (TransactionSynchronizationManager.isSynchronizationActive()) {
                // it may be this very transaction's insert: remembered only once committed
                TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                    @Override
                    public void afterCommit() {
                        accounts.put(key, a);
                    }
                });
            } else {
                accounts.put(key, a);
            }
        });
        return found;
    }

    /** The community an account belongs to. */
    public Optional<Long> communityOfAccount(long accountId) {
        return jdbc.sql("select community_id from economy_account where id = ?").param(accountId).query(Long.class).optional();
    }

    public AccountRef issuer(long communityId) {
        return account(communityId, AccountKind.ISSUER, 0);
    }

    public AccountRef expiry(long communityId) {
        return account(communityId, AccountKind.EXPIRY, 0);
    }

    /** The kept balance of a resident's or merchant's account, or the derived one of the community's own. */
    public long balance(long accountId) {
        Long kept = jdbc.sql("select balance from economy_account where id = ?").param(accountId).query(Long.class).optional()
                .orElseThrow(() -> ProblemException.notFound("account", accountId));
        return kept != null ? kept : derivedBalance(accountId);
    }

    /** The balance as the entries say: their sum. */
    public long derivedBalance(long accountId) {
        return jdbc.sql("select coalesce(sum(amount), 0) from economy_entry where account_id = ?").param(accountId)
                .query(Long.class).single();
    }

    /** The person's resident accounts (one per community they earned in), with balances. */
    public List<Balance> residentAccounts(long personId) {
        return jdbc.sql("""
                select id, community_id, kind, owner_id, balance from economy_account where kind = 'RESIDENT' and owner_id = ?
                 order by id""").param(personId)
                .query((rs, i) -> new Balance(rs.getLong("id"), rs.getLong("community_id"), AccountKind.RESIDENT,
                        rs.getLong("owner_id"), rs.getLong("balance"))).list();
    }

    // ---- postings ---------------------------------------------------------------------------------

    /**
     * Writes a posting and its two entries and moves the kept balances, in the caller's transaction. Refused with
     * 409 {@code insufficient-points} when a resident's or merchant's balance would go below zero (the caller's
     * transaction then rolls back: nothing changed). A client key the actor used before returns that posting
     * (marked replayed) when it was the same posting, else 409 {@code idempotency-key-reused}.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Posting post(NewPosting p, GridworkUser actor) {
        if (p.points() <= 0) {
            throw ProblemException.badRequest("invalid-points", "a posting moves at least one point");
        }
        if (p.debit().id() == p.credit().id()) {
            throw new IllegalArgumentException("a posting needs two different accounts");
        }
        Instant now = Instant.now();
        var keys = new GeneratedKeyHolder();
        EarnTerms e = p.earn();
        RedeemTerms r = p.redeem();
        int inserted = jdbc.sql("""
                insert into economy_posting (community_id, kind, points, debit_account_id, credit_account_id, actor_account_id,
                    actor_name, client_key, resident_name, source_kind, source_id, source_key, reverses_id, reverses_kind,
                    rule_id, rule_name, rule_unit, rule_points, quantity, purchase_fen, step_fen, step_points, fen_per_point,
                    note, book_month, created_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict do nothing""")
                .params(p.communityId(), p.kind().name(), p.points(), p.debit().id(), p.credit().id(), actor.accountId(),
                        actor.displayName(), p.clientKey(), p.residentName(), p.sourceKind(), p.sourceId(), p.sourceKey(),
                        p.reversesId(), p.reversesKind() == null ? null : p.reversesKind().name(),
                        e == null ? null : e.ruleId(), e == null ? null : e.name(), e == null ? null : e.unit(),
                        e == null ? null : e.points(), e == null ? null : e.quantity(),
                        r == null ? null : r.purchaseFen(), r == null ? null : r.stepFen(), r == null ? null : r.stepPoints(),
                        r == null ? null : r.fenPerPoint(), p.note(), Checks.month(now), Checks.timestamp(now))
                .update(keys, "id");
        if (inserted == 0) {
            return earlier(p, actor);
        }
        long id = keys.getKey().longValue();
        jdbc.sql("insert into economy_entry (posting_id, account_id, amount, created_at) values (?, ?, ?, ?), (?, ?, ?, ?)")
                .params(id, p.debit().id(), -p.points(), Checks.timestamp(now), id, p.credit().id(), p.points(),
                        Checks.timestamp(now))
                .update();
        // residents before merchants: the same order in every transaction
        boolean debitFirst = p.debit().kind().ordinal() < p.credit().kind().ordinal();
        if (debitFirst) {
            debit(p.debit(), p.points());
            credit(p.credit(), p.points());
        } else {
            credit(p.credit(), p.points());
            debit(p.debit(), p.points());
        }
        return new Posting(id, p.communityId(), p.kind(), p.points(), p.debit().id(), p.credit().id(), actor.displayName(),
                p.residentName(), p.sourceKind(), p.sourceId(), p.reversesId(), p.reversesKind(), e, r, p.note(), now, null,
                false);
    }

    private void debit(AccountRef account, long points) {
        if (!account.kind().kept()) {
            return;
        }
        int moved = jdbc.sql("update economy_account set balance = balance - ? where id = ? and balance >= ?")
                .params(points, account.id(), points).update();
        if (moved == 0) {
            long balance = jdbc.sql("select balance from economy_account where id = ?").param(account.id())
                    .query(Long.class).single();
            throw new ProblemException(HttpStatus.CONFLICT, "insufficient-points",
                    "the balance is " + balance + " points, " + points + " are needed", Map.of("balance", balance,
                            "needed", points));
        }
    }

    private void credit(AccountRef account, long points) {
        if (account.kind().kept()) {
            jdbc.sql("update economy_account set balance = balance + ? where id = ?").params(points, account.id()).update();
        }
    }

    /** The insert skipped: the actor's key was used before, or the source was posted or the posting reversed already. */
    private Posting earlier(NewPosting p, GridworkUser actor) {
        Optional<Posting> byKey = byClientKey(actor.accountId(), p.clientKey());
        if (byKey.isPresent()) {
            Posting first = byKey.get();
            boolean same = first.kind() == p.kind() && first.points() == p.points() && first.debitAccountId() == p.debit().id()
                    && first.creditAccountId() == p.credit().id() && Objects.equals(first.sourceKind(), p.sourceKind())
                    && Objects.equals(first.sourceId(), p.sourceId()) && Objects.equals(first.reversesId(), p.reversesId());
            if (!same) {
                throw keyReused();
            }
            return first.asReplay();
        }
        if (p.sourceKey() != null && jdbc.sql("select count(*) from economy_posting where source_key = ?").param(p.sourceKey())
                .query(Long.class).single() > 0) {
            throw p.kind() == PostingKind.REDEEM
                    ? ProblemException.conflict("payment-used", "this payment request was used already")
                    : ProblemException.conflict("already-credited", "the points of this " + p.sourceKind() + " were credited already");
        }
        if (p.reversesId() != null && jdbc.sql("select count(*) from economy_posting where reverses_id = ?").param(p.reversesId())
                .query(Long.class).single() > 0) {
            throw ProblemException.conflict("already-reversed", "posting " + p.reversesId() + " was reversed already");
        }
        // the conflicting row is not visible yet: try the whole transaction again
        throw new ConcurrencyFailureException("posting conflicted with a concurrent one");
    }

    public static ProblemException keyReused() {
        return ProblemException.conflict("idempotency-key-reused", "this Idempotency-Key was used for another posting");
    }

    static final String POSTING = """
            select p.*, r.id as reversed_by from economy_posting p left join economy_posting r on r.reverses_id = p.id""";

    public Optional<Posting> byClientKey(long actorAccountId, String clientKey) {
        return jdbc.sql(POSTING + " where p.actor_account_id = ? and p.client_key = ?").params(actorAccountId, clientKey)
                .query(Ledger::posting).optional();
    }

    /** The posting of a source (its unique source key), if any. */
    public Optional<Posting> bySourceKey(String sourceKey) {
        return jdbc.sql(POSTING + " where p.source_key = ?").param(sourceKey).query(Ledger::posting).optional();
    }

    public Optional<Posting> posting(long id) {
        return jdbc.sql(POSTING + " where p.id = ?").param(id).query(Ledger::posting).optional();
    }

    static Posting posting(ResultSet rs, int i) throws SQLException {
        long ruleId = rs.getLong("rule_id");
        EarnTerms earn = rs.wasNull() ? null : new EarnTerms(ruleId, rs.getString("rule_name"), rs.getString("rule_unit"),
                rs.getInt("rule_points"), rs.getInt("quantity"));
        long purchase = rs.getLong("purchase_fen");
        RedeemTerms redeem = rs.wasNull() ? null : new RedeemTerms(purchase, rs.getInt("step_fen"), rs.getInt("step_points"),
                rs.getInt("fen_per_point"));
        String reversesKind = rs.getString("reverses_kind");
        return new Posting(rs.getLong("id"), rs.getLong("community_id"), PostingKind.valueOf(rs.getString("kind")),
                rs.getLong("points"), rs.getLong("debit_account_id"), rs.getLong("credit_account_id"), rs.getString("actor_name"),
                rs.getString("resident_name"), rs.getString("source_kind"), nullableLong(rs, "source_id"),
                nullableLong(rs, "reverses_id"), reversesKind == null ? null : PostingKind.valueOf(reversesKind), earn, redeem,
                rs.getString("note"), Checks.instant(rs.getTimestamp("created_at")), nullableLong(rs, "reversed_by"), false);
    }

    static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    /** An account's history, newest first. */
    public List<Line> history(long accountId, int limit) {
        return jdbc.sql("""
                select e.id, e.amount, e.created_at, p.id as posting_id, p.kind, p.reverses_kind, p.rule_name, p.rule_unit,
                       p.rule_points, p.quantity, p.purchase_fen, p.fen_per_point, p.note, p.resident_name,
                       m.name as merchant_name, r.id as reversed_by
                  from economy_entry e
                  join economy_posting p on p.id = e.posting_id
                  join economy_account o on o.id = case when e.amount < 0 then p.credit_account_id else p.debit_account_id end
                  left join economy_merchant m on o.kind = 'MERCHANT' and m.id = o.owner_id
                  left join economy_posting r on r.reverses_id = p.id
                 where e.account_id = ?
                 order by e.id desc limit ?""").params(accountId, Math.max(1, limit)).query(Ledger::line).list();
    }

    static Line line(ResultSet rs, int i) throws SQLException {
        String reversesKind = rs.getString("reverses_kind");
        Integer rulePoints = rs.getObject("rule_points", Integer.class);
        Integer quantity = rs.getObject("quantity", Integer.class);
        Integer fenPerPoint = rs.getObject("fen_per_point", Integer.class);
        return new Line(rs.getLong("id"), rs.getLong("posting_id"), Checks.instant(rs.getTimestamp("created_at")),
                PostingKind.valueOf(rs.getString("kind")), reversesKind == null ? null : PostingKind.valueOf(reversesKind),
                rs.getLong("amount"), rs.getString("merchant_name"), rs.getString("resident_name"), rs.getString("rule_name"),
                rs.getString("rule_unit"), rulePoints, quantity, nullableLong(rs, "purchase_fen"), fenPerPoint,
                rs.getString("note"), nullableLong(rs, "reversed_by") != null);
    }
}
