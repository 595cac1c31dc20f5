package io.gridwork.economy.internal;

import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.gridwork.shared.Masking;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.web.ProblemException;

/**
 * Spending points at a merchant: the merchant asks for a payment of a purchase; the points it takes and the
 * community's redemption rule are fixed in a request with a random token that lives a few minutes
 * ({@code gridwork.economy.payment-ttl}) and is shown as a QR code; the resident opens it, sees the purchase and
 * the points and confirms. The confirmation posts the redemption from the resident's account to the merchant's
 * under the request's unique source key, so the request is used once: a used, expired or cancelled request, an
 * unverified shop or a balance too small is refused and nothing changes. PAID is derived from that posting.
 */
@Service
public class Payments {

    public enum Status { OPEN, PAID, CANCELLED, EXPIRED }

    static final String SOURCE = "PAYMENT";
    /** The largest purchase a request may carry: ¥100,000. */
    static final long MAX_PURCHASE_FEN = 10_000_000;

    public record Payment(long id, String token, long merchantId, String merchantName, String merchantAddress, long communityId,
            String communityName, long purchaseFen, long points, int stepFen, int stepPoints, int fenPerPoint, Status status,
            Instant createdAt, Instant expiresAt, String paidByName, Instant paidAt, Long postingId) {

        /** What the points take off the purchase. */
        public long discountFen() {
            return points * fenPerPoint;
        }

        /** What remains to be paid in money. */
        public long payableFen() {
            return purchaseFen - discountFen();
        }

        /** The same payment as a resident sees it before or after confirming: without the payer. */
        public Payment forResident() {
            return new Payment(id, token, merchantId, merchantName, merchantAddress, communityId, communityName, purchaseFen,
                    points, stepFen, stepPoints, fenPerPoint, status, createdAt, expiresAt, null, paidAt, null);
        }

        /** The same payment as the merchant sees it: the payer's name masked. */
        Payment forMerchant() {
            return new Payment(id, token, merchantId, merchantName, merchantAddress, communityId, communityName, purchaseFen,
                    points, stepFen, stepPoints, fenPerPoint, status, createdAt, expiresAt, Masking.name(paidByName), paidAt,
                    postingId);
        }
    }

    public record NewPayment(Long purchaseFen) {
    }

    private final JdbcClient jdbc;
    private final Merchants merchants;
    private final Rules rules;
    private final Ledger ledger;
    private final Communities communities;
    private final Atomically atomically;
    private final Duration ttl;
    private final SecureRandom random = new SecureRandom();

    Payments(JdbcClient jdbc, Merchants merchants, Rules rules, Ledger ledger, Communities communities, Atomically atomically,
            @Value("${gridwork.economy.payment-ttl:5m}") Duration ttl) {
        this.jdbc = jdbc;
        this.merchants = merchants;
        this.rules = rules;
        this.ledger = ledger;
        this.communities = communities;
        this.atomically = atomically;
        this.ttl = ttl;
    }

    /** The signed-in merchant asks for a payment; its shop must be verified. */
    @Transactional
    public Payment request(NewPayment in, GridworkUser user) {
        Merchants.Merchant shop = verifiedShopOf(user);
        long purchase = Checks.require(in == null ? null : in.purchaseFen(), "purchaseFen");
        if (purchase < 1 || purchase > MAX_PURCHASE_FEN) {
            throw ProblemException.badRequest("invalid-amount", "a purchase is ¥0.01 to ¥100,000",
                    Map.of("field", "purchaseFen"));
        }
        Rules.RedeemRule rule = rules.redeemRule(shop.communityId());
        long points = rule.pointsFor(purchase);
        if (points < 1) {
            throw ProblemException.badRequest("below-threshold", "a purchase under ¥" + Checks.yuan(rule.stepFen())
                    + " takes no points", Map.of("field", "purchaseFen", "stepFen", rule.stepFen()));
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant now = Instant.now();
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                insert into economy_payment (token, merchant_id, community_id, purchase_fen, points, step_fen, step_points,
                    fen_per_point, status, created_by_id, created_at, expires_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, 'OPEN', ?, ?, ?)""")
                .params(token, shop.id(), shop.communityId(), purchase, points, rule.stepFen(), rule.stepPoints(),
                        rule.fenPerPoint(), user.accountId(), Checks.timestamp(now), Checks.timestamp(now.plus(ttl)))
                .update(keys, "id");
        return find(keys.getKey().longValue()).orElseThrow().forMerchant();
    }

    Merchants.Merchant verifiedShopOf(GridworkUser user) {
        Merchants.Merchant shop = merchants.ofAccount(user.accountId())
                .orElseThrow(() -> ProblemException.conflict("no-shop", "register your shop first"));
        if (shop.status() != Merchants.Status.VERIFIED) {
            throw ProblemException.conflict("merchant-not-verified", "the shop " + shop.name() + " is not verified by the community");
        }
        return shop;
    }

    /** One of the merchant's own requests. */
    public Payment forMerchant(long id, GridworkUser user) {
        Payment p = find(id).orElseThrow(() -> ProblemException.notFound("payment", id));
        Merchants.Merchant shop = merchants.ofAccount(user.accountId()).orElse(null);
        if (shop == null || shop.id() != p.merchantId()) {
            throw ProblemException.notFound("payment", id);
        }
        return p.forMerchant();
    }

    /** The merchant's latest requests. */
    public List<Payment> recent(long merchantId, int limit) {
        return jdbc.sql(SELECT + " where p.merchant_id = ? order by p.id desc limit ?").params(merchantId, limit)
                .query(this::payment).list().stream().map(Payment::forMerchant).toList();
    }

    /** The merchant cancels an open request (a mistyped amount). */
    @Transactional
    public Payment cancel(long id, GridworkUser user) {
        Payment p = forMerchant(id, user);
        int changed = jdbc.sql("""
                update economy_payment set status = 'CANCELLED' where id = ? and status = 'OPEN'
                   and not exists (select 1 from economy_posting x where x.source_key = ?)""").params(id, sourceKey(id)).update();
        if (changed == 0) {
            throw refusal(find(id).orElseThrow(), Instant.now());
        }
        return find(p.id()).orElseThrow().forMerchant();
    }

    /** A request as the resident sees it before confirming (404 for an unknown token). */
    public Payment byToken(String token) {
        return findByToken(token).orElseThrow(() -> ProblemException.notFound("payment", "request"));
    }

    /** The request as the resident sees it (without who paid it). */
    public Payment forResident(String token) {
        return byToken(token).forResident();
    }

    /** The resident's balance in a community (0 without an account there). */
    public long balanceOf(GridworkUser user, long communityId) {
        if (user.personId() == null) {
            return 0;
        }
        return ledger.findAccount(communityId, Ledger.AccountKind.RESIDENT, user.personId()).map(a -> ledger.balance(a.id()))
                .orElse(0L);
    }

    /**
     * The resident confirms: the redemption is posted under the request's source key, which is unique, so a request
     * is redeemed at most once however many confirmations race (the loser finds the posting: its own under the same
     * client key, else 409 {@code payment-used}). The request row is not written: "paid" is the posting's existence,
     * so the confirmation's transaction is the posting's SQL alone. The request's state (cancelled, expired) and the
     * shop's are checked in the read before it; a cancellation racing a confirmation within the same instant leaves
     * the request paid. Anything refused leaves the request and the balances as they were.
     */
    public Ledger.Posting confirm(String token, String clientKey, GridworkUser user) {
        String key = Checks.clientKey(clientKey);
        if (user.personId() == null) {
            throw ProblemException.conflict("no-person", "points belong to residents confirmed by their grid worker");
        }
        Terms first = terms(token).orElseThrow(() -> ProblemException.notFound("payment", "request"));
        Instant now = Instant.now();
        if (first.cancelled() || !first.expiresAt().isAfter(now) || !first.merchantVerified()) {
            // a client's retry (the same key) of a confirmation that went through finds its posting
            Optional<Ledger.Posting> prior = replay(key, first.id(), user);
            if (prior.isPresent()) {
                return prior.get();
            }
            if (ledger.bySourceKey(sourceKey(first.id())).isPresent()) {
                throw ProblemException.conflict("payment-used", "this payment request was used already");
            }
            if (first.cancelled()) {
                throw ProblemException.conflict("payment-cancelled", "the merchant cancelled this payment request");
            }
            if (!first.merchantVerified()) {
                throw ProblemException.conflict("merchant-not-verified", "the shop is not verified by the community");
            }
            throw ProblemException.conflict("payment-expired", "this payment request has expired; ask the merchant for a new one");
        }
        Ledger.AccountRef merchant = ledger.account(first.communityId(), Ledger.AccountKind.MERCHANT, first.merchantId());
        Ledger.AccountRef resident = ledger.findAccount(first.communityId(), Ledger.AccountKind.RESIDENT, user.personId())
                .orElseThrow(() -> ledger.bySourceKey(sourceKey(first.id())).isPresent()
                        ? ProblemException.conflict("payment-used", "this payment request was used already")
                        : new ProblemException(HttpStatus.CONFLICT, "insufficient-points", "the balance is 0 points, "
                                + first.points() + " are needed", Map.of("balance", 0, "needed", first.points())));
        return atomically.run(() -> ledger.post(new Ledger.NewPosting(first.communityId(), Ledger.PostingKind.REDEEM, resident,
                merchant, first.points(), key, user.displayName(), SOURCE, first.id(), sourceKey(first.id()), null, null, null,
                new Ledger.RedeemTerms(first.purchaseFen(), first.stepFen(), first.stepPoints(), first.fenPerPoint()), null),
                user));
    }

    /**
     * What a confirmation needs of a request, read by its token with its shop's status in one statement. Whether it
     * was paid is not read here: the posting's insert finds that out (its source key is unique).
     */
    private record Terms(long id, long merchantId, long communityId, long purchaseFen, long points, int stepFen, int stepPoints,
            int fenPerPoint, boolean cancelled, Instant expiresAt, boolean merchantVerified) {
    }

    private Optional<Terms> terms(String token) {
        if (token == null || token.length() > 64) {
            return Optional.empty();
        }
        return jdbc.sql("""
                select p.id, p.merchant_id, p.community_id, p.purchase_fen, p.points, p.step_fen, p.step_points, p.fen_per_point,
                       p.status, p.expires_at, m.status as merchant_status
                  from economy_payment p join economy_merchant m on m.id = p.merchant_id
                 where p.token = ?""").param(token)
                .query((rs, i) -> new Terms(rs.getLong("id"), rs.getLong("merchant_id"), rs.getLong("community_id"),
                        rs.getLong("purchase_fen"), rs.getLong("points"), rs.getInt("step_fen"), rs.getInt("step_points"),
                        rs.getInt("fen_per_point"), "CANCELLED".equals(rs.getString("status")),
                        Checks.instant(rs.getTimestamp("expires_at")), "VERIFIED".equals(rs.getString("merchant_status"))))
                .optional();
    }

    /** A payment request is redeemed once: the posting's unique source key. */
    static String sourceKey(long paymentId) {
        return "redeem:" + SOURCE + ":" + paymentId;
    }

    private Optional<Ledger.Posting> replay(String key, long paymentId, GridworkUser user) {
        Optional<Ledger.Posting> prior = ledger.byClientKey(user.accountId(), key);
        if (prior.isPresent() && !(SOURCE.equals(prior.get().sourceKind()) && prior.get().sourceId() == paymentId)) {
            throw Ledger.keyReused();
        }
        return prior.map(Ledger.Posting::asReplay);
    }

    private static ProblemException refusal(Payment p, Instant now) {
        if (p.status() == Status.PAID) {
            return ProblemException.conflict("payment-used", "this payment request was used already");
        }
        if (p.status() == Status.CANCELLED) {
            return ProblemException.conflict("payment-cancelled", "the merchant cancelled this payment request");
        }
        if (!p.expiresAt().isAfter(now) || p.status() == Status.EXPIRED) {
            return ProblemException.conflict("payment-expired", "this payment request has expired; ask the merchant for a new one");
        }
        return ProblemException.conflict("concurrent-change", "the payment request changed meanwhile; try again");
    }

    public Optional<Payment> find(long id) {
        return jdbc.sql(SELECT + " where p.id = ?").param(id).query(this::payment).optional();
    }

    Optional<Payment> findByToken(String token) {
        if (token == null || token.length() > 64) {
            return Optional.empty();
        }
        return jdbc.sql(SELECT + " where p.token = ?").param(token).query(this::payment).optional();
    }

    private static final String SELECT = """
            select p.*, m.name as merchant_name, m.address as merchant_address, x.id as posting_id,
                   x.resident_name as paid_by_name, x.created_at as paid_at
              from economy_payment p join economy_merchant m on m.id = p.merchant_id
              left join economy_posting x on x.source_key = 'redeem:PAYMENT:' || p.id""";

    private Payment payment(ResultSet rs, int i) throws SQLException {
        Status status = Status.valueOf(rs.getString("status"));
        Instant expires = Checks.instant(rs.getTimestamp("expires_at"));
        if (Ledger.nullableLong(rs, "posting_id") != null) {
            // paid is the redemption's existence (a cancellation that raced it changes nothing)
            status = Status.PAID;
        } else if (status == Status.OPEN && !expires.isAfter(Instant.now())) {
            status = Status.EXPIRED;
        }
        long community = rs.getLong("community_id");
        return new Payment(rs.getLong("id"), rs.getString("token"), rs.getLong("merchant_id"), rs.getString("merchant_name"),
                rs.getString("merchant_address"), community, communities.name(community), rs.getLong("purchase_fen"),
                rs.getLong("points"), rs.getInt("step_fen"), rs.getInt("step_points"), rs.getInt("fen_per_point"), status,
                Checks.instant(rs.getTimestamp("created_at")), expires, rs.getString("paid_by_name"),
                Checks.instant(rs.getTimestamp("paid_at")), Ledger.nullableLong(rs, "posting_id"));
    }
}
