package io.gridwork.economy.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;

import io.gridwork.grid.GridNode;
import io.gridwork.shared.images.PhotoImages;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.storage.FileStore;
import io.gridwork.shared.web.ProblemException;

/**
 * Expenses of a community's micro-fund: proposed (by its staff or a committee member) with a purpose, an amount and a
 * photo of the receipt (checked and re-encoded like every photo upload), then decided by the fund committee: each
 * member approves once or rejects with a reason (a rejection ends the expense); the proposer does not approve their
 * own. When the approvals of current members reach the fund's N, the expense is paid in the same transaction: its
 * posting moves the money from the fund to the purpose (a buy-back also retires the merchant's points in the points
 * ledger at the fund's rate).
 * <p>
 * <b>Concurrency.</b> Every decision locks the expense's row first (so approvals of one expense are counted one after
 * the other and the N-th sees all before it), then the payment locks the fund's row and checks its balance (so
 * payments of different expenses never overdraw the fund). The payment's posting carries the source key
 * {@code fund:EXPENSE:<id>}, which is unique: an expense is paid at most once. A payment the fund cannot afford, or a
 * buy-back beyond the merchant's points, refuses the approval that would have made it: nothing changes.
 */
@Service
public class FundExpenses {

    public enum Purpose { ACTIVITY, BUYBACK, CLEANUP, FAMILY_HELP }

    public enum Status { PROPOSED, PAID, REJECTED }

    public enum Decision { APPROVE, REJECT }

    /** The largest expense: ¥100,000. */
    static final long MAX_FEN = 10_000_000;
    static final String SOURCE = "EXPENSE";

    public record NewExpense(Purpose purpose, String title, String description, Long amountFen, Long merchantId, Long points) {
    }

    public record Receipt(String name, byte[] content) {
    }

    public record Vote(long accountId, String name, Decision decision, String reason, Instant at) {
    }

    public record Expense(long id, long fundId, long communityId, String communityName, Purpose purpose, String title,
            String description, long amountFen, Long merchantId, String merchantName, Long points, Integer fenPerPoint,
            Status status, long proposedById, String proposedByName, Instant proposedAt, Instant decidedAt,
            String rejectedByName, String rejectReason, int approvalsNeeded, List<Vote> votes, Long postingId) {

        public long approvals() {
            return votes.stream().filter(v -> v.decision() == Decision.APPROVE).count();
        }

        public boolean decidedBy(long accountId) {
            return votes.stream().anyMatch(v -> v.accountId() == accountId);
        }
    }

    private final JdbcClient jdbc;
    private final Funds funds;
    private final FundLedger fundLedger;
    private final Ledger points;
    private final Merchants merchants;
    private final Communities communities;
    private final PhotoImages images;
    private final FileStore store;
    private final Atomically atomically;

    FundExpenses(JdbcClient jdbc, Funds funds, FundLedger fundLedger, Ledger points, Merchants merchants, Communities communities,
            PhotoImages images, FileStore store, Atomically atomically) {
        this.jdbc = jdbc;
        this.funds = funds;
        this.fundLedger = fundLedger;
        this.points = points;
        this.merchants = merchants;
        this.communities = communities;
        this.images = images;
        this.store = store;
        this.atomically = atomically;
    }

    // ---- proposing ------------------------------------------------------------------------------

    /** Proposes an expense; a repeated client key returns the first proposal. */
    public Expense propose(long communityId, NewExpense in, Receipt receipt, String clientKey, GridworkUser user) {
        String key = Checks.clientKey(clientKey);
        GridNode community = communities.community(communityId);
        Long fundId = funds.fundId(community.id()).orElse(null);
        boolean staff = funds.isStaff(communityId, user);
        if (!staff && (fundId == null || !funds.isMember(fundId, user.accountId()))) {
            throw ProblemException.forbidden("expenses are proposed by the community's staff and the fund committee");
        }
        Funds.Fund fund = staff ? funds.forStaff(communityId, user) : funds.get(communityId);
        Optional<Long> earlier = byClientKey(user.accountId(), key);
        if (earlier.isPresent()) {
            return find(earlier.get()).orElseThrow();
        }
        if (in == null) {
            throw ProblemException.badRequest("body-required", "send the expense");
        }
        Purpose purpose = Checks.require(in.purpose(), "purpose");
        String title = Checks.text(in.title(), "title", 100, true);
        String description = Checks.text(in.description(), "description", 500, false);
        long amount;
        Long merchantId = null;
        Long buyPoints = null;
        Integer rate = null;
        if (purpose == Purpose.BUYBACK) {
            Merchants.Merchant m = merchants.find(Checks.require(in.merchantId(), "merchantId"))
                    .filter(x -> x.communityId() == communityId && x.status() == Merchants.Status.VERIFIED)
                    .orElseThrow(() -> ProblemException.badRequest("unknown-merchant", "no verified shop " + in.merchantId()
                            + " in this community", Map.of("field", "merchantId")));
            long n = Checks.require(in.points(), "points");
            if (n < 1) {
                throw ProblemException.badRequest("invalid-points", "buy back at least one point", Map.of("field", "points"));
            }
            long held = points.findAccount(communityId, Ledger.AccountKind.MERCHANT, m.id()).map(a -> points.balance(a.id()))
                    .orElse(0L);
            if (n > held) {
                throw new ProblemException(HttpStatus.CONFLICT, "insufficient-points", "the shop holds " + held + " points, "
                        + n + " are to be bought back", Map.of("balance", held, "needed", n, "field", "points"));
            }
            merchantId = m.id();
            buyPoints = n;
            rate = fund.buybackFenPerPoint();
            amount = n * rate;
        } else {
            amount = Checks.require(in.amountFen(), "amountFen");
        }
        if (amount < 1 || amount > MAX_FEN) {
            throw ProblemException.badRequest("invalid-amount", "an expense is ¥0.01 to ¥100,000", Map.of("field", "amountFen"));
        }
        if (amount > fund.balanceFen()) {
            throw FundLedger.insufficient(fund.balanceFen(), amount);
        }
        if (receipt == null || receipt.content() == null || receipt.content().length == 0) {
            throw ProblemException.badRequest("receipt-required", "attach a photo of the receipt as 'receipt'",
                    Map.of("field", "receipt"));
        }
        String name = receipt.name() == null || receipt.name().isBlank() ? "receipt" : receipt.name();
        PhotoImages.Processed photo = images.process(receipt.content(), name);
        String base = "fund/" + fund.id() + "/" + UUID.randomUUID().toString().replace("-", "");
        String[] files = {base + ".jpg", base + "_thumb.jpg"};
        try {
            store.put(files[0], photo.jpeg());
            store.put(files[1], photo.thumbnail());
        } catch (IOException e) {
            undo(files);
            throw new UncheckedIOException(e);
        }
        long amountFen = amount;
        Long merchant = merchantId;
        Long bought = buyPoints;
        Integer fenPerPoint = rate;
        try {
            long id = atomically.run(() -> {
                var keys = new GeneratedKeyHolder();
                int inserted = jdbc.sql("""
                        insert into economy_fund_expense (fund_id, purpose, title, description, amount_fen, merchant_id, points,
                            fen_per_point, receipt_key, receipt_thumb_key, receipt_sha256, status, proposed_by_id, proposed_by_name,
                            proposed_at, client_key)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'PROPOSED', ?, ?, ?, ?) on conflict do nothing""")
                        .params(fund.id(), purpose.name(), title, description, amountFen, merchant, bought, fenPerPoint, files[0],
                                files[1], photo.sha256(), user.accountId(), user.displayName(), Checks.timestamp(Instant.now()), key)
                        .update(keys, "id");
                return inserted == 1 ? keys.getKey().longValue() : -1L;
            });
            if (id < 0) {
                undo(files);
                return find(byClientKey(user.accountId(), key).orElseThrow()).orElseThrow();
            }
            return find(id).orElseThrow();
        } catch (RuntimeException e) {
            undo(files);
            throw e;
        }
    }

    private Optional<Long> byClientKey(long accountId, String key) {
        return jdbc.sql("select id from economy_fund_expense where proposed_by_id = ? and client_key = ?").params(accountId, key)
                .query(Long.class).optional();
    }

    private void undo(String[] files) {
        for (String f : files) {
            try {
                store.delete(f);
            } catch (IOException ignored) {
                // a file without a row is never served; the next clean-up of the store removes it
            }
        }
    }

    // ---- deciding -------------------------------------------------------------------------------

    /** A member approves; the N-th approval pays the expense in the same transaction. */
    public Expense approve(long id, GridworkUser user) {
        return atomically.run(() -> {
            Expense e = lockForDecision(id, user);
            if (e.proposedById() == user.accountId()) {
                throw ProblemException.conflict("own-expense", "the proposer does not approve their own expense");
            }
            vote(e, user, Decision.APPROVE, null);
            if (currentApprovals(e) >= e.approvalsNeeded()) {
                pay(e, user);
            }
            return find(id).orElseThrow();
        });
    }

    /** A member rejects with a reason: the expense is not paid. */
    public Expense reject(long id, String reason, GridworkUser user) {
        String note = Checks.text(reason, "reason", 300, false);
        if (note == null) {
            throw ProblemException.badRequest("reason-required", "say why the expense is rejected", Map.of("field", "reason"));
        }
        return atomically.run(() -> {
            Expense e = lockForDecision(id, user);
            vote(e, user, Decision.REJECT, note);
            jdbc.sql("""
                    update economy_fund_expense set status = 'REJECTED', decided_at = ?, rejected_by_name = ?, reject_reason = ?
                     where id = ? and status = 'PROPOSED'""")
                    .params(Checks.timestamp(Instant.now()), user.displayName(), note, id).update();
            return find(id).orElseThrow();
        });
    }

    /**
     * Pays an expense whose approvals already reach N (after the committee lowered N, or a payment the fund could not
     * afford when the last approval came); refused with 409 {@code expense-not-approved} otherwise.
     */
    public Expense post(long id, GridworkUser user) {
        return atomically.run(() -> {
            Expense e = lock(id, user);
            requireProposed(e);
            long approvals = currentApprovals(e);
            if (approvals < e.approvalsNeeded()) {
                throw new ProblemException(HttpStatus.CONFLICT, "expense-not-approved", "the expense has " + approvals + " of the "
                        + e.approvalsNeeded() + " approvals it needs", Map.of("approvals", approvals, "needed", e.approvalsNeeded()));
            }
            pay(e, user);
            return find(id).orElseThrow();
        });
    }

    /** Locks the expense's row and checks that the user may decide on it now. */
    private Expense lockForDecision(long id, GridworkUser user) {
        Expense e = lock(id, user);
        if (!funds.isMember(e.fundId(), user.accountId())) {
            throw ProblemException.forbidden("only members of the fund committee decide on expenses");
        }
        requireProposed(e);
        if (e.decidedBy(user.accountId())) {
            throw ProblemException.conflict("already-decided", "you decided on this expense already");
        }
        return e;
    }

    private Expense lock(long id, GridworkUser user) {
        jdbc.sql("select id from economy_fund_expense where id = ? for update").param(id).query(Long.class).optional()
                .orElseThrow(() -> ProblemException.notFound("expense", id));
        Expense e = find(id).orElseThrow();
        requireVisible(e, user);
        return e;
    }

    private static void requireProposed(Expense e) {
        if (e.status() == Status.PAID) {
            throw ProblemException.conflict("expense-paid", "this expense was paid already");
        }
        if (e.status() == Status.REJECTED) {
            throw ProblemException.conflict("expense-rejected", "this expense was rejected");
        }
    }

    private void vote(Expense e, GridworkUser user, Decision decision, String reason) {
        jdbc.sql("""
                insert into economy_fund_approval (expense_id, account_id, account_name, decision, reason, created_at)
                values (?, ?, ?, ?, ?, ?)""")
                .params(e.id(), user.accountId(), user.displayName(), decision.name(), reason, Checks.timestamp(Instant.now()))
                .update();
    }

    /** Approvals of accounts that sit on the committee now, read after the expense's lock. */
    private long currentApprovals(Expense e) {
        return jdbc.sql("""
                select count(*) from economy_fund_approval a where a.expense_id = ? and a.decision = 'APPROVE'
                   and exists (select 1 from economy_fund_member m where m.fund_id = ? and m.account_id = a.account_id
                               and m.removed_at is null)""")
                .params(e.id(), e.fundId()).query(Long.class).single();
    }

    /** Posts the payment (and retires a buy-back's points), then marks the expense paid. */
    private void pay(Expense e, GridworkUser user) {
        if (e.purpose() == Purpose.BUYBACK) {
            Ledger.AccountRef shop = points.account(e.communityId(), Ledger.AccountKind.MERCHANT, e.merchantId());
            points.post(new Ledger.NewPosting(e.communityId(), Ledger.PostingKind.EXPIRE, shop, points.expiry(e.communityId()),
                    e.points(), "fund-buyback-" + e.id(), e.merchantName(), "FUND_EXPENSE", e.id(), "buyback:FUND_EXPENSE:" + e.id(),
                    null, null, null, null, "微基金回购 · " + e.title()), user);
        }
        FundLedger.AccountRef fund = fundLedger.account(e.fundId(), FundLedger.AccountKind.FUND, 0, e.communityName());
        FundLedger.AccountRef purpose = fundLedger.account(e.fundId(), FundLedger.AccountKind.valueOf(e.purpose().name()), 0,
                e.purpose().name());
        fundLedger.post(new FundLedger.NewPosting(e.fundId(), FundLedger.PostingKind.EXPENSE, fund, purpose, e.amountFen(),
                "fund-expense-" + e.id(), "fund:" + SOURCE + ":" + e.id(), null, null, null, null, null, null, null, e.id(),
                e.purpose().name(), e.approvalsNeeded(), e.title()), user);
        int changed = jdbc.sql("update economy_fund_expense set status = 'PAID', decided_at = ? where id = ? and status = 'PROPOSED'")
                .params(Checks.timestamp(Instant.now()), e.id()).update();
        if (changed == 0) {
            throw ProblemException.conflict("expense-paid", "this expense was paid already");
        }
    }

    /** A verified shop of the community with the points it holds, for the buy-back form. */
    public record Shop(long id, String name, long points) {
    }

    public List<Shop> shops(long communityId) {
        return jdbc.sql("""
                select m.id, m.name, coalesce(a.balance, 0) as points from economy_merchant m
                  left join economy_account a on a.community_id = m.community_id and a.kind = 'MERCHANT' and a.owner_id = m.id
                 where m.community_id = ? and m.status = 'VERIFIED' order by m.name, m.id limit 500""")
                .param(communityId).query((rs, i) -> new Shop(rs.getLong(1), rs.getString(2), rs.getLong(3))).list();
    }

    // ---- reading --------------------------------------------------------------------------------

    /** An expense for the community's staff and the committee (anyone else: as if it did not exist). */
    public Expense get(long id, GridworkUser user) {
        Expense e = find(id).orElseThrow(() -> ProblemException.notFound("expense", id));
        requireVisible(e, user);
        return e;
    }

    private void requireVisible(Expense e, GridworkUser user) {
        if (!funds.isStaff(e.communityId(), user) && !funds.isMember(e.fundId(), user.accountId())) {
            throw ProblemException.outOfReach("expense", e.id());
        }
    }

    public boolean mayDecide(Expense e, GridworkUser user) {
        return e.status() == Status.PROPOSED && funds.isMember(e.fundId(), user.accountId()) && !e.decidedBy(user.accountId());
    }

    /** A community's expenses, those waiting first (staff and committee members). */
    public List<Expense> list(long communityId, Status status, int limit, GridworkUser user) {
        communities.community(communityId);
        Long fundId = funds.fundId(communityId).orElse(null);
        if (!funds.isStaff(communityId, user) && (fundId == null || !funds.isMember(fundId, user.accountId()))) {
            throw ProblemException.forbidden("expenses are read by the community's staff and the fund committee");
        }
        if (fundId == null) {
            return List.of();
        }
        StringBuilder sql = new StringBuilder(SELECT + " where x.fund_id = ?");
        List<Object> params = new ArrayList<>(List.of(fundId));
        if (status != null) {
            sql.append(" and x.status = ?");
            params.add(status.name());
        }
        sql.append(" order by case x.status when 'PROPOSED' then 0 else 1 end, x.id desc limit ?");
        params.add(Math.max(1, Math.min(limit, 500)));
        return withVotes(jdbc.sql(sql.toString()).params(params).query(this::expense).list());
    }

    /** Expenses waiting for this member's decision, in every fund they sit on. */
    public List<Expense> waitingFor(GridworkUser user) {
        return withVotes(jdbc.sql(SELECT + " " + """
                 where x.status = 'PROPOSED' and x.proposed_by_id <> ?
                   and exists (select 1 from economy_fund_member fm where fm.fund_id = x.fund_id and fm.account_id = ? and fm.removed_at is null)
                   and not exists (select 1 from economy_fund_approval a where a.expense_id = x.id and a.account_id = ?)
                 order by x.id limit 100""").params(user.accountId(), user.accountId(), user.accountId())
                .query(this::expense).list());
    }

    /** The paid expenses of a fund booked in a month (yyyymm), or all of them. */
    List<Expense> paid(long fundId, Integer month) {
        String sql = SELECT + " where x.fund_id = ? and x.status = 'PAID'"
                + (month == null ? "" : " and exists (select 1 from economy_fund_posting p where p.expense_id = x.id"
                        + " and p.kind = 'EXPENSE' and p.book_month = ?)")
                + " order by x.decided_at desc, x.id desc limit 500";
        List<Object> params = month == null ? List.of(fundId) : List.of(fundId, month);
        return withVotes(jdbc.sql(sql).params(params).query(this::expense).list());
    }

    public Optional<Expense> find(long id) {
        return jdbc.sql(SELECT + " where x.id = ?").param(id).query(this::expense).list().stream().findFirst()
                .map(e -> withVotes(List.of(e)).get(0));
    }

    /** The receipt's image (or thumbnail), for whoever may read the fund's statement. */
    public InputStream receipt(long id, boolean thumbnail, GridworkUser user) {
        record Row(long community, String key, String thumb) {
        }
        Row r = jdbc.sql("""
                select f.community_id, x.receipt_key, x.receipt_thumb_key from economy_fund_expense x
                  join economy_fund f on f.id = x.fund_id where x.id = ?""").param(id)
                .query((rs, i) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3))).optional()
                .orElseThrow(() -> ProblemException.notFound("expense", id));
        GridNode c = communities.community(r.community());
        if (!funds.mayRead(c, user)) {
            throw ProblemException.outOfReach("expense", id);
        }
        try {
            return store.open(thumbnail ? r.thumb() : r.key()).orElseThrow(() -> new ProblemException(HttpStatus.GONE,
                    "photo-missing", "the receipt of expense " + id + " is missing from the store"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final String SELECT = """
            select x.*, f.community_id, f.approvals_needed, m.name as merchant_name, p.id as posting_id
              from economy_fund_expense x join economy_fund f on f.id = x.fund_id
              left join economy_merchant m on m.id = x.merchant_id
              left join economy_fund_posting p on p.source_key = 'fund:EXPENSE:' || x.id""";

    private Expense expense(ResultSet rs, int i) throws SQLException {
        long community = rs.getLong("community_id");
        return new Expense(rs.getLong("id"), rs.getLong("fund_id"), community, communities.name(community),
                Purpose.valueOf(rs.getString("purpose")), rs.getString("title"), rs.getString("description"),
                rs.getLong("amount_fen"), Ledger.nullableLong(rs, "merchant_id"), rs.getString("merchant_name"),
                Ledger.nullableLong(rs, "points"), rs.getObject("fen_per_point", Integer.class), Status.valueOf(rs.getString("status")),
                rs.getLong("proposed_by_id"), rs.getString("proposed_by_name"), Checks.instant(rs.getTimestamp("proposed_at")),
                Checks.instant(rs.getTimestamp("decided_at")), rs.getString("rejected_by_name"), rs.getString("reject_reason"),
                rs.getInt("approvals_needed"), List.of(), Ledger.nullableLong(rs, "posting_id"));
    }

    private List<Expense> withVotes(List<Expense> list) {
        if (list.isEmpty()) {
            return list;
        }
        Map<Long, List<Vote>> votes = new java.util.HashMap<>();
        jdbc.sql("select * from economy_fund_approval where expense_id in (:ids) order by id")
                .param("ids", list.stream().map(Expense::id).toList())
                .query(rs -> {
                    votes.computeIfAbsent(rs.getLong("expense_id"), k -> new ArrayList<>()).add(new Vote(rs.getLong("account_id"),
                            rs.getString("account_name"), Decision.valueOf(rs.getString("decision")), rs.getString("reason"),
                            Checks.instant(rs.getTimestamp("created_at"))));
                });
        return list.stream().map(e -> new Expense(e.id(), e.fundId(), e.communityId(), e.communityName(), e.purpose(), e.title(),
                e.description(), e.amountFen(), e.merchantId(), e.merchantName(), e.points(), e.fenPerPoint(), e.status(),
                e.proposedById(), e.proposedByName(), e.proposedAt(), e.decidedAt(), e.rejectedByName(), e.rejectReason(),
                e.approvalsNeeded(), votes.getOrDefault(e.id(), List.of()), e.postingId())).toList();
    }
}
