package io.gridwork.transparency.internal;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.gridwork.grid.GridNode;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.security.Role;
import io.gridwork.shared.web.Fields;
import io.gridwork.shared.web.ProblemException;

/**
 * The trust account (信托制物业) of a compound: the owners' common funds as an append-only double-entry ledger in fen.
 * The property company, as trustee, books postings whose entries balance (debits = credits, every amount above zero)
 * with a receipt; the bank account never goes below zero. Balances and the monthly statement are derived from the
 * entries; everyone who reaches the compound reads them. A compound's postings are serialised by a lock of its book
 * row, so the bank balance checked is the one the posting is written against.
 */
@Service
public class TrustLedger {

    /** The chart of accounts: the bank (the trust's money), income accounts and expense accounts. */
    public enum Account {
        BANK(null), FEES(true), PARKING(true), ADVERTISING(true), SERVICES(false), REPAIRS(false), TRUSTEE_FEE(false);

        /** true: income, false: expense, null: the bank. */
        public final Boolean income;

        Account(Boolean income) {
            this.income = income;
        }
    }

    public enum Side { DEBIT, CREDIT }

    public record EntryIn(Account account, Side side, Long amountFen) {
    }

    public record NewPosting(LocalDate bookedOn, String description, String receipt, List<EntryIn> entries) {
    }

    public record Entry(Account account, long amountFen) {
    }

    public record Posting(long id, LocalDate bookedOn, String description, String receipt, String createdByName, Instant createdAt,
            List<Entry> entries, List<TrustReceipts.Receipt> receiptImages) {

        /** What went in (+) or out (−) of the bank. */
        public long bankFen() {
            return entries.stream().filter(e -> e.account() == Account.BANK).mapToLong(Entry::amountFen).sum();
        }
    }

    /** A month: the bank at its start and end, income and expense by account, the postings. */
    public record Statement(long compoundId, String compoundName, YearMonth month, long openingFen, long closingFen,
            Map<Account, Long> byAccount, long incomeFen, long expenseFen, List<Posting> postings) {
    }

    private final JdbcClient jdbc;
    private final Compounds compounds;
    private final TrustReceipts receipts;

    TrustLedger(JdbcClient jdbc, Compounds compounds, TrustReceipts receipts) {
        this.jdbc = jdbc;
        this.compounds = compounds;
        this.receipts = receipts;
    }

    /** Books a posting with the images of its receipt: both or neither (a bad image refuses the posting too). */
    @Transactional
    public Posting post(long compoundId, NewPosting in, List<MicroProjects.Upload> receiptImages, GridworkUser user) {
        Posting p = post(compoundId, in, user);
        if (receiptImages == null || receiptImages.isEmpty()) {
            return p;
        }
        receipts.add(compoundId, p.id(), receiptImages, user);
        return postings(compoundId, "p.id = ?", List.of(p.id())).get(0);
    }

    /** Books a posting; 400 when it does not balance or an amount is not above zero, 409 when the bank would go negative. */
    @Transactional
    public Posting post(long compoundId, NewPosting in, GridworkUser user) {
        GridNode compound = compounds.reached(compoundId, user);
        if (!user.has(Role.PROPERTY_STAFF) || !user.covers(compound.path())) {
            throw ProblemException.forbidden("the property company books the trust account as trustee");
        }
        if (in == null) {
            throw ProblemException.badRequest("body-required", "send the posting as JSON");
        }
        LocalDate day = in.bookedOn() == null ? LocalDate.now(Quarter.ZONE) : in.bookedOn();
        if (day.isAfter(LocalDate.now(Quarter.ZONE))) {
            throw ProblemException.badRequest("future-date", "a posting is booked on a day that has come", Map.of("field", "bookedOn"));
        }
        String description = Fields.text(in.description(), "description", 300, true);
        String receipt = Fields.text(in.receipt(), "receipt", 100, true);
        List<Entry> entries = entries(in.entries());
        jdbc.sql("insert into transparency_trust_book (compound_id, opened_at) values (?, ?) on conflict do nothing")
                .params(compoundId, Timestamp.from(Instant.now())).update();
        jdbc.sql("select compound_id from transparency_trust_book where compound_id = ? for update").param(compoundId)
                .query(Long.class).single();
        long bankChange = entries.stream().filter(e -> e.account() == Account.BANK).mapToLong(Entry::amountFen).sum();
        long bank = balance(compoundId, Account.BANK);
        if (bank + bankChange < 0) {
            throw ProblemException.conflict("insufficient-funds", "the trust account holds " + bank + " fen, the posting takes "
                    + -bankChange);
        }
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                insert into transparency_trust_posting (compound_id, booked_on, book_month, description, receipt, created_by_id,
                    created_by_name, created_at) values (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(compoundId, Date.valueOf(day), day.getYear() * 100 + day.getMonthValue(), description, receipt,
                        user.accountId(), user.displayName(), Timestamp.from(Instant.now()))
                .update(keys, "id");
        long id = keys.getKey().longValue();
        for (Entry e : entries) {
            jdbc.sql("insert into transparency_trust_entry (posting_id, compound_id, account, amount_fen) values (?, ?, ?, ?)")
                    .params(id, compoundId, e.account().name(), e.amountFen()).update();
        }
        return postings(compoundId, "p.id = ?", List.of(id)).get(0);
    }

    /** Entries as signed amounts (debit +, credit −); they must balance, every amount above zero. */
    private static List<Entry> entries(List<EntryIn> in) {
        if (in == null || in.size() < 2) {
            throw ProblemException.badRequest("unbalanced", "a posting has at least one debit and one credit", Map.of("field", "entries"));
        }
        if (in.size() > 20) {
            throw ProblemException.badRequest("too-many-entries", "at most 20 entries", Map.of("field", "entries"));
        }
        List<Entry> out = new ArrayList<>();
        long sum = 0;
        for (int i = 0; i < in.size(); i++) {
            EntryIn e = in.get(i);
            String field = "entries[" + i + "]";
            if (e == null || e.account() == null || e.side() == null || e.amountFen() == null) {
                throw ProblemException.badRequest("field-required", field + ": account, side and amount", Map.of("field", field));
            }
            if (e.amountFen() <= 0) {
                throw ProblemException.badRequest("negative-amount", field + ": an entry's amount is above zero; the side says "
                        + "which way it goes", Map.of("field", field));
            }
            long signed = e.side() == Side.DEBIT ? e.amountFen() : -e.amountFen();
            sum = Math.addExact(sum, signed);
            out.add(new Entry(e.account(), signed));
        }
        if (sum != 0) {
            throw ProblemException.badRequest("unbalanced", "debits and credits differ by " + Math.abs(sum) + " fen",
                    Map.of("field", "entries"));
        }
        return out;
    }

    /** An account's balance: the bank and expense accounts debit-normal, income accounts credit-normal (shown positive). */
    public long balance(long compoundId, Account account) {
        long sum = jdbc.sql("select coalesce(sum(amount_fen), 0) from transparency_trust_entry where compound_id = ? and account = ?")
                .params(compoundId, account.name()).query(Long.class).single();
        return Boolean.TRUE.equals(account.income) ? -sum : sum;
    }

    /** Every account's balance, derived from the entries. */
    public Map<Account, Long> balances(long compoundId, GridworkUser user) {
        compounds.reached(compoundId, user);
        Map<Account, Long> out = new EnumMap<>(Account.class);
        for (Account a : Account.values()) {
            out.put(a, 0L);
        }
        jdbc.sql("select account, sum(amount_fen) from transparency_trust_entry where compound_id = ? group by account")
                .param(compoundId).query(rs -> {
                    Account a = Account.valueOf(rs.getString(1));
                    out.put(a, Boolean.TRUE.equals(a.income) ? -rs.getLong(2) : rs.getLong(2));
                });
        return out;
    }

    /** The month's statement (Beijing time, by booking day). */
    public Statement statement(long compoundId, YearMonth month, GridworkUser user) {
        GridNode compound = compounds.reached(compoundId, user);
        int m = month.getYear() * 100 + month.getMonthValue();
        long opening = jdbc.sql("""
                select coalesce(sum(e.amount_fen), 0) from transparency_trust_entry e join transparency_trust_posting p on p.id = e.posting_id
                 where p.compound_id = ? and p.book_month < ? and e.account = 'BANK'""").params(compoundId, m).query(Long.class).single();
        List<Posting> postings = postings(compoundId, "p.book_month = ?", List.of(m));
        Map<Account, Long> byAccount = new EnumMap<>(Account.class);
        long income = 0;
        long expense = 0;
        long bank = 0;
        for (Posting p : postings) {
            for (Entry e : p.entries()) {
                if (e.account() == Account.BANK) {
                    bank += e.amountFen();
                    continue;
                }
                long shown = Boolean.TRUE.equals(e.account().income) ? -e.amountFen() : e.amountFen();
                byAccount.merge(e.account(), shown, Long::sum);
                if (Boolean.TRUE.equals(e.account().income)) {
                    income += shown;
                } else {
                    expense += shown;
                }
            }
        }
        return new Statement(compoundId, compound.name(), month, opening, opening + bank, byAccount, income, expense, postings);
    }

    private List<Posting> postings(long compoundId, String where, List<Object> params) {
        List<Object> all = new ArrayList<>();
        all.add(compoundId);
        all.addAll(params);
        List<Posting> heads = jdbc.sql("""
                select p.id, p.booked_on, p.description, p.receipt, p.created_by_name, p.created_at from transparency_trust_posting p
                 where p.compound_id = ?""" + " and " + where + " order by p.booked_on, p.id limit 2000")
                .params(all).query((rs, i) -> new Posting(rs.getLong(1), rs.getDate(2).toLocalDate(), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getTimestamp(6).toInstant(), new ArrayList<>(), new ArrayList<>()))
                .list();
        if (heads.isEmpty()) {
            return heads;
        }
        Map<Long, Posting> byId = new java.util.HashMap<>();
        heads.forEach(p -> byId.put(p.id(), p));
        jdbc.sql("select posting_id, account, amount_fen from transparency_trust_entry where posting_id in (:ids) order by id")
                .param("ids", heads.stream().map(Posting::id).toList())
                .query(rs -> {
                    byId.get(rs.getLong(1)).entries().add(new Entry(Account.valueOf(rs.getString(2)), rs.getLong(3)));
                });
        receipts.of(byId.keySet()).forEach((id, images) -> byId.get(id).receiptImages().addAll(images));
        return heads;
    }
}
