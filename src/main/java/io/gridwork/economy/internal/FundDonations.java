package io.gridwork.economy.internal;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import io.gridwork.grid.GridNode;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.web.ProblemException;

/**
 * Donations to a community's micro-fund, recorded by its staff: from a verified merchant of the community (the
 * donation shows in the merchant's history), from a resident living there, or from the community's own money. Each
 * gets a receipt number, counted per fund under the fund's lock ({@code JZ}yyyymm-nnnn). Corrections of the fund's
 * ledger are reversals, also here: a donation back to its donor (only while the fund holds it), or an expense's money
 * back into the fund (not for a buy-back, whose points are retired).
 */
@Service
public class FundDonations {

    /** The largest donation: ¥100,000. */
    static final long MAX_FEN = 10_000_000;

    public record NewDonation(FundLedger.AccountKind donorKind, Long merchantId, Long personId, Long amountFen,
            LocalDate receivedOn, String note) {
    }

    private final JdbcClient jdbc;
    private final Funds funds;
    private final FundLedger ledger;
    private final Merchants merchants;
    private final Communities communities;
    private final Atomically atomically;

    FundDonations(JdbcClient jdbc, Funds funds, FundLedger ledger, Merchants merchants, Communities communities,
            Atomically atomically) {
        this.jdbc = jdbc;
        this.funds = funds;
        this.ledger = ledger;
        this.merchants = merchants;
        this.communities = communities;
        this.atomically = atomically;
    }

    public FundLedger.Posting record(long communityId, NewDonation in, String clientKey, GridworkUser user) {
        String key = Checks.clientKey(clientKey);
        Funds.Fund fund = funds.forStaff(communityId, user);
        if (in == null) {
            throw ProblemException.badRequest("body-required", "send the donation as JSON");
        }
        FundLedger.AccountKind kind = Checks.require(in.donorKind(), "donorKind");
        long amount = Checks.require(in.amountFen(), "amountFen");
        if (amount < 1 || amount > MAX_FEN) {
            throw ProblemException.badRequest("invalid-amount", "a donation is ¥0.01 to ¥100,000", Map.of("field", "amountFen"));
        }
        LocalDate today = LocalDate.now(Checks.ZONE);
        LocalDate received = in.receivedOn() == null ? today : in.receivedOn();
        if (received.isAfter(today) || received.isBefore(today.minusYears(1))) {
            throw ProblemException.badRequest("invalid-received-on", "the donation was received within the last year",
                    Map.of("field", "receivedOn"));
        }
        String note = Checks.text(in.note(), "note", 300, false);
        long donorId;
        String donorName;
        switch (kind) {
            case MERCHANT -> {
                Merchants.Merchant m = merchants.find(Checks.require(in.merchantId(), "merchantId"))
                        .filter(x -> x.communityId() == communityId)
                        .orElseThrow(() -> ProblemException.badRequest("unknown-merchant", "no shop " + in.merchantId()
                                + " in this community", Map.of("field", "merchantId")));
                if (m.status() != Merchants.Status.VERIFIED) {
                    throw ProblemException.conflict("merchant-not-verified", "the shop " + m.name() + " is not verified by the community");
                }
                donorId = m.id();
                donorName = m.name();
            }
            case RESIDENT -> {
                long person = Checks.require(in.personId(), "personId");
                if (communities.ofPerson(person).map(GridNode::id).orElse(-1L) != communityId) {
                    throw ProblemException.badRequest("unknown-person", "no resident " + person + " lives in this community",
                            Map.of("field", "personId"));
                }
                donorId = person;
                donorName = jdbc.sql("select name from v_people_person where id = ?").param(person).query(String.class).single();
            }
            case COMMUNITY -> {
                donorId = 0;
                donorName = fund.communityName();
            }
            default -> throw ProblemException.badRequest("invalid-donor", "a donor is a MERCHANT, a RESIDENT or the COMMUNITY",
                    Map.of("field", "donorKind"));
        }
        return atomically.run(() -> {
            var replay = ledger.byClientKey(user.accountId(), key);
            if (replay.isPresent()) {
                if (replay.get().kind() != FundLedger.PostingKind.DONATION || replay.get().amountFen() != amount) {
                    throw Ledger.keyReused();
                }
                return replay.get().asReplay();
            }
            ledger.lockFund(fund.id());
            FundLedger.AccountRef donor = ledger.account(fund.id(), kind, donorId, donorName);
            FundLedger.AccountRef into = ledger.account(fund.id(), FundLedger.AccountKind.FUND, 0, fund.communityName());
            long n = jdbc.sql("select count(*) from economy_fund_posting where fund_id = ? and kind = 'DONATION'")
                    .param(fund.id()).query(Long.class).single() + 1;
            String receipt = "JZ" + Checks.month(java.time.Instant.now()) + "-" + String.format("%04d", n);
            return ledger.post(new FundLedger.NewPosting(fund.id(), FundLedger.PostingKind.DONATION, donor, into, amount, key,
                    null, null, null, receipt, kind, donorId, donorName, received, null, null, null, note), user);
        });
    }

    /** The fund's donations, newest first (for its staff; names in full). */
    public List<FundLedger.Posting> list(long communityId, int limit, GridworkUser user) {
        Funds.Fund fund = funds.forStaff(communityId, user);
        return jdbc.sql(FundLedger.POSTING + " where p.fund_id = ? and p.kind = 'DONATION' order by p.id desc limit ?")
                .params(fund.id(), Math.max(1, Math.min(limit, 500))).query(FundLedger::posting).list();
    }

    /** The signed-in merchant's donations, newest first. */
    public List<FundLedger.Posting> ofMerchant(GridworkUser user) {
        Merchants.Merchant shop = merchants.ofAccount(user.accountId())
                .orElseThrow(() -> ProblemException.notFound("merchant", "of this account"));
        return jdbc.sql(FundLedger.POSTING + " where p.kind = 'DONATION' and p.donor_kind = 'MERCHANT' and p.donor_id = ? order by p.id desc")
                .param(shop.id()).query(FundLedger::posting).list();
    }

    /** Reverses a donation or an expense's payment, with a reason (once; the fund never goes below zero). */
    public FundLedger.Posting reverse(long postingId, String reason, String clientKey, GridworkUser user) {
        String key = Checks.clientKey(clientKey);
        FundLedger.Posting original = ledger.posting(postingId).orElseThrow(() -> ProblemException.notFound("posting", postingId));
        long communityId = funds.communityOfFund(original.fundId()).orElseThrow();
        communities.forStaff(communityId, user);
        if (original.kind() == FundLedger.PostingKind.REVERSAL) {
            throw ProblemException.conflict("cannot-reverse-reversal", "a reversal is not reversed; post the original again");
        }
        var prior = ledger.byClientKey(user.accountId(), key);
        if (prior.isPresent() && Long.valueOf(postingId).equals(prior.get().reversesId())) {
            return prior.get().asReplay();
        }
        if (original.reversedBy() != null) {
            throw ProblemException.conflict("already-reversed", "posting " + postingId + " was reversed already");
        }
        if (FundLedger.AccountKind.BUYBACK.name().equals(original.purpose())) {
            throw ProblemException.conflict("buyback-not-reversible", "a buy-back retired the merchant's points; it is not reversed");
        }
        String note = Checks.text(reason, "reason", 300, false);
        if (note == null) {
            throw ProblemException.badRequest("reason-required", "say why the posting is reversed", Map.of("field", "reason"));
        }
        FundLedger.AccountRef debit = ref(original.creditAccountId());
        FundLedger.AccountRef credit = ref(original.debitAccountId());
        return atomically.run(() -> ledger.post(new FundLedger.NewPosting(original.fundId(), FundLedger.PostingKind.REVERSAL,
                debit, credit, original.amountFen(), key, null, original.id(), original.kind(), null,
                original.donorKind(), original.donorId(), original.donorName(), original.receivedOn(), original.expenseId(),
                original.purpose(), null, note), user));
    }

    private FundLedger.AccountRef ref(long accountId) {
        return jdbc.sql("select id, kind from economy_fund_account where id = ?").param(accountId)
                .query((rs, i) -> new FundLedger.AccountRef(rs.getLong(1), FundLedger.AccountKind.valueOf(rs.getString(2))))
                .single();
    }
}
