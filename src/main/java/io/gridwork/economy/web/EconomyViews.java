package io.gridwork.economy.web;

import java.util.ArrayList;
import java.util.List;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import io.gridwork.economy.internal.Communities;
import io.gridwork.economy.internal.Ledger;
import io.gridwork.economy.internal.Payments;
import io.gridwork.economy.internal.Rules;
import io.gridwork.grid.GridNode;
import io.gridwork.shared.Masking;
import io.gridwork.shared.security.GridworkUser;

/** What the economy's API and pages show, assembled from the services: a resident's points, a payment request's links. */
@Component
class EconomyViews {

    /** A resident's points in one community. */
    record AccountPoints(long communityId, String communityName, long accountId, long balance, List<Ledger.Line> history) {
    }

    /**
     * The resident's points: an account per community they earned in; the earning rules and the redemption rule of
     * the community they live in ({@code community} null: not confirmed as a resident yet, or no household).
     */
    record MyPoints(Long personId, List<AccountPoints> accounts, long total, GridNode community, List<Rules.EarnRule> rules,
            Rules.RedeemRule redeemRule) {
    }

    /** A payment request with the address its QR code carries and the address of the code's image. */
    record PaymentView(Payments.Payment payment, String payUrl, String qrUrl) {
    }

    private final Communities communities;
    private final Ledger ledger;
    private final Rules rules;
    private final String publicBaseUrl;

    EconomyViews(Communities communities, Ledger ledger, Rules rules,
            @Value("${gridwork.public-base-url:}") String publicBaseUrl) {
        this.communities = communities;
        this.ledger = ledger;
        this.rules = rules;
        this.publicBaseUrl = publicBaseUrl == null ? "" : publicBaseUrl.strip().replaceAll("/+$", "");
    }

    GridNode community(long id) {
        return communities.community(id);
    }

    MyPoints myPoints(GridworkUser user, int limit) {
        if (user.personId() == null) {
            return new MyPoints(null, List.of(), 0, null, List.of(), null);
        }
        List<AccountPoints> accounts = new ArrayList<>();
        long total = 0;
        for (Ledger.Balance b : ledger.residentAccounts(user.personId())) {
            accounts.add(new AccountPoints(b.communityId(), communities.name(b.communityId()), b.accountId(), b.points(),
                    ledger.history(b.accountId(), limit)));
            total += b.points();
        }
        GridNode home = communities.ofPerson(user.personId()).orElse(null);
        return new MyPoints(user.personId(), accounts, total, home, home == null ? List.of() : rules.earnRules(home.id(), false),
                home == null ? null : rules.redeemRule(home.id()));
    }

    /** A merchant sees who paid by a masked name only. */
    List<Ledger.Line> maskResidents(List<Ledger.Line> lines) {
        return lines.stream().map(l -> new Ledger.Line(l.entryId(), l.postingId(), l.at(), l.kind(), l.reversesKind(), l.amount(),
                l.merchantName(), Masking.name(l.residentName()), l.ruleName(), l.ruleUnit(), l.rulePoints(), l.quantity(),
                l.purchaseFen(), l.fenPerPoint(), l.note(), l.reversed())).toList();
    }

    PaymentView payment(Payments.Payment p) {
        return new PaymentView(p, payUrl(p.token()), "/api/economy/payments/" + p.id() + "/qr.png");
    }

    /** The address the QR code carries: the configured public address, or the one this request came to. */
    String payUrl(String token) {
        String base = publicBaseUrl.isEmpty() ? ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString()
                : publicBaseUrl;
        return base + "/economy/pay/" + token;
    }
}
