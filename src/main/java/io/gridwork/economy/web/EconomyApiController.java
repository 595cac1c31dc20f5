package io.gridwork.economy.web;

import java.net.URI;
import java.util.List;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.gridwork.economy.internal.Circulation;
import io.gridwork.economy.internal.Corrections;
import io.gridwork.economy.internal.Ledger;
import io.gridwork.economy.internal.Merchants;
import io.gridwork.economy.internal.PaymentQr;
import io.gridwork.economy.internal.Payments;
import io.gridwork.economy.internal.Rules;
import io.gridwork.economy.internal.Volunteering;
import io.gridwork.shared.security.CurrentUser;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.web.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/economy")
@Tag(name = "Community economy", description = "Merchants, the points ledger (信义贝), earning by volunteering, paying by QR")
class EconomyApiController {

    private final Merchants merchants;
    private final Rules rules;
    private final Volunteering volunteering;
    private final Payments payments;
    private final Corrections corrections;
    private final Circulation circulation;
    private final Ledger ledger;
    private final PaymentQr qr;
    private final EconomyViews views;

    EconomyApiController(Merchants merchants, Rules rules, Volunteering volunteering, Payments payments, Corrections corrections,
            Circulation circulation, Ledger ledger, PaymentQr qr, EconomyViews views) {
        this.merchants = merchants;
        this.rules = rules;
        this.volunteering = volunteering;
        this.payments = payments;
        this.corrections = corrections;
        this.circulation = circulation;
        this.ledger = ledger;
        this.qr = qr;
        this.views = views;
    }

    /** 201 for a new posting, 200 when a repeated Idempotency-Key found the first one. */
    static ResponseEntity<Ledger.Posting> posted(Ledger.Posting p) {
        return ResponseEntity.status(p.replayed() ? HttpStatus.OK : HttpStatus.CREATED).body(p);
    }

    static int limit(int limit) {
        if (limit < 1 || limit > 500) {
            throw ProblemException.badRequest("invalid-limit", "1 ≤ limit ≤ 500");
        }
        return limit;
    }

    // ---- merchants ------------------------------------------------------------------------------

    @PostMapping("/merchants")
    @Operation(summary = "A merchant registers their shop in a community (pending until the community verifies it); "
            + "the contact phone is stored encrypted and shown masked")
    ResponseEntity<Merchants.Merchant> register(@RequestBody(required = false) Merchants.NewMerchant body) {
        Merchants.Merchant m = merchants.register(body, CurrentUser.get());
        return ResponseEntity.created(URI.create("/api/economy/merchants/" + m.id())).body(m);
    }

    record MyShop(Merchants.Merchant merchant, long balance, List<Ledger.Line> history) {
    }

    @GetMapping("/merchants/mine")
    @Operation(summary = "The signed-in merchant's shop, its points and their history")
    MyShop mine(@RequestParam(defaultValue = "50") int limit) {
        GridworkUser user = CurrentUser.get();
        Merchants.Merchant m = merchants.ofAccount(user.accountId())
                .orElseThrow(() -> ProblemException.notFound("merchant", "of this account"));
        var account = ledger.findAccount(m.communityId(), Ledger.AccountKind.MERCHANT, m.id());
        return new MyShop(m, account.map(a -> ledger.balance(a.id())).orElse(0L),
                account.map(a -> views.maskResidents(ledger.history(a.id(), limit(limit)))).orElse(List.of()));
    }

    @GetMapping("/merchants")
    @Operation(summary = "The shops of a community (pending first), for its staff")
    List<Merchants.Merchant> merchants(@RequestParam long communityId, @RequestParam(required = false) Merchants.Status status) {
        return merchants.list(communityId, status, CurrentUser.get());
    }

    @GetMapping("/merchants/{id}")
    @Operation(summary = "One shop: for the community's staff, or the merchant who registered it")
    Merchants.Merchant merchant(@PathVariable long id) {
        return merchants.get(id, CurrentUser.get());
    }

    @PostMapping("/merchants/{id}/verify")
    @Operation(summary = "The community's staff verify a pending shop")
    Merchants.Merchant verify(@PathVariable long id) {
        return merchants.verify(id, CurrentUser.get());
    }

    record Reason(String reason) {
    }

    @PostMapping("/merchants/{id}/reject")
    @Operation(summary = "Reject a pending shop, or withdraw a verified one's verification, with a reason")
    Merchants.Merchant reject(@PathVariable long id, @RequestBody(required = false) Reason body) {
        return merchants.reject(id, body == null ? null : body.reason(), CurrentUser.get());
    }

    // ---- rules ----------------------------------------------------------------------------------

    record CommunityRules(List<Rules.EarnRule> earnRules, Rules.RedeemRule redeemRule) {
    }

    @GetMapping("/communities/{id}/rules")
    @Operation(summary = "A community's published earning rules and its redemption rule")
    CommunityRules communityRules(@PathVariable long id) {
        views.community(id);
        return new CommunityRules(rules.earnRules(id, false), rules.redeemRule(id));
    }

    @PostMapping("/communities/{id}/rules")
    @Operation(summary = "Publish an earning rule: points per HOUR or per TASK")
    ResponseEntity<Rules.EarnRule> publish(@PathVariable long id, @RequestBody(required = false) Rules.NewEarnRule body) {
        Rules.EarnRule r = rules.publish(id, body, CurrentUser.get());
        return ResponseEntity.status(HttpStatus.CREATED).body(r);
    }

    @PostMapping("/rules/{id}/retire")
    @Operation(summary = "Retire an earning rule (records under it stay; no new ones)")
    Rules.EarnRule retire(@PathVariable long id) {
        return rules.retire(id, CurrentUser.get());
    }

    @PutMapping("/communities/{id}/redemption-rule")
    @Operation(summary = "Set the redemption rule: stepPoints off per full stepFen of a purchase, a point worth fenPerPoint")
    Rules.RedeemRule setRedeemRule(@PathVariable long id, @RequestBody(required = false) Rules.NewRedeemRule body) {
        return rules.setRedeemRule(id, body, CurrentUser.get());
    }

    // ---- volunteering ---------------------------------------------------------------------------

    @GetMapping("/communities/{id}/volunteering")
    @Operation(summary = "A community's volunteering records, those to verify first")
    List<Volunteering.VolunteerRecord> records(@PathVariable long id, @RequestParam(required = false) Volunteering.Status status,
            @RequestParam(defaultValue = "100") int limit) {
        return volunteering.list(id, status, limit(limit), CurrentUser.get());
    }

    @PostMapping("/communities/{id}/volunteering")
    @Operation(summary = "Record a resident's volunteering under a published rule (hours for HOUR rules, tasks for TASK rules)")
    ResponseEntity<Volunteering.VolunteerRecord> record(@PathVariable long id,
            @RequestBody(required = false) Volunteering.NewRecord body) {
        Volunteering.VolunteerRecord r = volunteering.record(id, body, CurrentUser.get());
        return ResponseEntity.status(HttpStatus.CREATED).body(r);
    }

    @PostMapping("/volunteering/{id}/verify")
    @Operation(summary = "Verify a recorded turn")
    Volunteering.VolunteerRecord verifyRecord(@PathVariable long id) {
        return volunteering.verify(id, CurrentUser.get());
    }

    @PostMapping("/volunteering/{id}/reject")
    @Operation(summary = "Reject a recorded or verified turn, with a reason")
    Volunteering.VolunteerRecord rejectRecord(@PathVariable long id, @RequestBody(required = false) Reason body) {
        return volunteering.reject(id, body == null ? null : body.reason(), CurrentUser.get());
    }

    @PostMapping("/volunteering/{id}/credit")
    @Operation(summary = "Credit a verified turn's points to the resident, once (Idempotency-Key required: the same key "
            + "returns the same posting with 200)")
    ResponseEntity<Ledger.Posting> credit(@PathVariable long id,
            @RequestHeader(name = "Idempotency-Key", required = false) String key) {
        return posted(volunteering.credit(id, key, CurrentUser.get()));
    }

    // ---- the ledger -----------------------------------------------------------------------------

    @GetMapping("/communities/{id}/postings")
    @Operation(summary = "A community's latest postings")
    List<Corrections.Row> postings(@PathVariable long id, @RequestParam(defaultValue = "100") int limit) {
        return corrections.postings(id, limit(limit), CurrentUser.get());
    }

    @PostMapping("/postings/{id}/reverse")
    @Operation(summary = "Reverse a posting with a reason (once; Idempotency-Key required)")
    ResponseEntity<Ledger.Posting> reverse(@PathVariable long id, @RequestBody(required = false) Reason body,
            @RequestHeader(name = "Idempotency-Key", required = false) String key) {
        return posted(corrections.reverse(id, body == null ? null : body.reason(), key, CurrentUser.get()));
    }

    @GetMapping("/communities/{id}/accounts")
    @Operation(summary = "Residents (kind RESIDENT) or merchants (MERCHANT) holding points in a community, largest first")
    List<Circulation.Holder> accounts(@PathVariable long id, @RequestParam(defaultValue = "RESIDENT") Ledger.AccountKind kind,
            @RequestParam(defaultValue = "100") int limit) {
        if (!kind.kept()) {
            throw ProblemException.badRequest("invalid-kind", "kind is RESIDENT or MERCHANT");
        }
        return circulation.holders(id, kind.name(), limit(limit), CurrentUser.get());
    }

    record WriteOff(Long points, String reason) {
    }

    @PostMapping("/accounts/{id}/write-off")
    @Operation(summary = "Write off points of a resident's account to the community's expiry account, with a reason "
            + "(Idempotency-Key required)")
    ResponseEntity<Ledger.Posting> writeOff(@PathVariable long id, @RequestBody(required = false) WriteOff body,
            @RequestHeader(name = "Idempotency-Key", required = false) String key) {
        return posted(corrections.writeOff(id, body == null ? null : body.points(), body == null ? null : body.reason(), key,
                CurrentUser.get()));
    }

    @GetMapping("/communities/{id}/circulation")
    @Operation(summary = "Points issued, redeemed, written off and in circulation, in total and by month")
    Circulation.Report circulation(@PathVariable long id) {
        return circulation.report(id, CurrentUser.get());
    }

    @GetMapping("/me")
    @Operation(summary = "The signed-in resident's points: balance and history per community, and the rules of their community")
    EconomyViews.MyPoints me(@RequestParam(defaultValue = "50") int limit) {
        return views.myPoints(CurrentUser.get(), limit(limit));
    }

    // ---- payments -------------------------------------------------------------------------------

    @PostMapping("/payments")
    @Operation(summary = "A verified merchant asks for a payment of a purchase in fen: a short-lived, single-use request "
            + "(its token goes into the QR code) with the points the community's rule takes")
    ResponseEntity<EconomyViews.PaymentView> requestPayment(@RequestBody(required = false) Payments.NewPayment body) {
        Payments.Payment p = payments.request(body, CurrentUser.get());
        return ResponseEntity.created(URI.create("/api/economy/payments/" + p.id())).body(views.payment(p));
    }

    @GetMapping("/payments/{id}")
    @Operation(summary = "One of the merchant's payment requests, with its status (OPEN, PAID, CANCELLED, EXPIRED)")
    EconomyViews.PaymentView payment(@PathVariable long id) {
        return views.payment(payments.forMerchant(id, CurrentUser.get()));
    }

    @GetMapping("/payments/{id}/qr.png")
    @Operation(summary = "The payment request's QR code (PNG): it opens the confirmation page on the resident's phone")
    ResponseEntity<byte[]> paymentQr(@PathVariable long id) {
        Payments.Payment p = payments.forMerchant(id, CurrentUser.get());
        return ResponseEntity.ok().contentType(MediaType.IMAGE_PNG).cacheControl(CacheControl.noStore())
                .body(qr.png(views.payUrl(p.token())));
    }

    @PostMapping("/payments/{id}/cancel")
    @Operation(summary = "Cancel an open payment request")
    EconomyViews.PaymentView cancel(@PathVariable long id) {
        return views.payment(payments.cancel(id, CurrentUser.get()));
    }

    record ToConfirm(Payments.Payment payment, long balance) {
    }

    @GetMapping("/pay/{token}")
    @Operation(summary = "A payment request as the resident sees it before confirming, with their balance in its community")
    ToConfirm toConfirm(@PathVariable String token) {
        Payments.Payment p = payments.forResident(token);
        return new ToConfirm(p, payments.balanceOf(CurrentUser.get(), p.communityId()));
    }

    @PostMapping("/pay/{token}")
    @Operation(summary = "The resident confirms a payment request: the redemption is posted (Idempotency-Key required; the "
            + "same key returns the same posting with 200). 409 for a used, expired or cancelled request or a balance too small")
    ResponseEntity<Ledger.Posting> confirm(@PathVariable String token,
            @RequestHeader(name = "Idempotency-Key", required = false) String key) {
        return posted(payments.confirm(token, key, CurrentUser.get()));
    }
}
