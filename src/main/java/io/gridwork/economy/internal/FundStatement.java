package io.gridwork.economy.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import io.gridwork.grid.GridNode;
import io.gridwork.shared.Masking;
import io.gridwork.shared.SpreadsheetText;
import io.gridwork.shared.Workbooks;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.web.ProblemException;

/**
 * The public statement of a community's micro-fund: money in (donations) and out (expenses) by month, net of
 * reversals, the balance at the end of each month and now, what went to each purpose, and the donations and paid
 * expenses (with their approvals and receipt) of a month or of the whole history. Residents, merchants and staff of
 * the community read it; residents' names as donors are masked for everyone but the community's staff. The staff
 * also get every posting as an Excel sheet.
 */
@Service
public class FundStatement {

    public record MonthLine(int month, long inFen, long outFen, long endBalanceFen) {

        public String label() {
            return month / 100 + "-" + String.format("%02d", month % 100);
        }
    }

    public record PurposeLine(FundExpenses.Purpose purpose, long outFen) {
    }

    public record Donation(long postingId, String receiptNo, LocalDate receivedOn, FundLedger.AccountKind donorKind, String donorName,
            long amountFen, String note, boolean reversed) {
    }

    public record Statement(long communityId, String communityName, boolean fundOpen, long balanceFen, long totalInFen,
            long totalOutFen, Integer month, long inFen, long outFen, List<MonthLine> months, List<PurposeLine> purposes,
            List<Donation> donations, List<FundExpenses.Expense> expenses, int approvalsNeeded, int committeeSize,
            boolean namesMasked) {

        public String monthLabel() {
            return month == null ? null : month / 100 + "-" + String.format("%02d", month % 100);
        }
    }

    private final JdbcClient jdbc;
    private final Funds funds;
    private final FundExpenses expenses;
    private final FundLedger ledger;
    private final MessageSource messages;

    FundStatement(JdbcClient jdbc, Funds funds, FundExpenses expenses, FundLedger ledger, MessageSource messages) {
        this.jdbc = jdbc;
        this.funds = funds;
        this.expenses = expenses;
        this.ledger = ledger;
        this.messages = messages;
    }

    /** "2026-11" → 202611; null or blank → null (the whole history); anything else is refused. */
    public static Integer month(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (!value.strip().matches("20\\d\\d-(0[1-9]|1[0-2])")) {
            throw ProblemException.badRequest("invalid-month", "a month is written 2026-11", Map.of("field", "month"));
        }
        String v = value.strip();
        return Integer.parseInt(v.substring(0, 4)) * 100 + Integer.parseInt(v.substring(5));
    }

    public Statement statement(long communityId, Integer month, GridworkUser user) {
        GridNode c = funds.forReader(communityId, user);
        boolean masked = !funds.isStaff(communityId, user);
        Long fundId = funds.fundId(c.id()).orElse(null);
        if (fundId == null) {
            return new Statement(c.id(), c.name(), false, 0, 0, 0, month, 0, 0, List.of(), List.of(), List.of(), List.of(),
                    Funds.DEFAULT_APPROVALS, 0, masked);
        }
        Funds.Fund fund = funds.get(c.id());
        Map<Integer, long[]> byMonth = new TreeMap<>();
        Map<FundExpenses.Purpose, Long> byPurpose = new EnumMap<>(FundExpenses.Purpose.class);
        jdbc.sql("""
                select book_month, kind, reverses_kind, purpose, sum(amount_fen) as fen from economy_fund_posting where fund_id = ?
                 group by book_month, kind, reverses_kind, purpose""").param(fundId).query(rs -> {
                    boolean reversal = rs.getString("kind").equals("REVERSAL");
                    String base = reversal ? rs.getString("reverses_kind") : rs.getString("kind");
                    long fen = rs.getLong("fen") * (reversal ? -1 : 1);
                    int m = rs.getInt("book_month");
                    long[] line = byMonth.computeIfAbsent(m, k -> new long[2]);
                    if (base.equals("DONATION")) {
                        line[0] += fen;
                    } else {
                        line[1] += fen;
                        if ((month == null || month == m) && rs.getString("purpose") != null) {
                            byPurpose.merge(FundExpenses.Purpose.valueOf(rs.getString("purpose")), fen, Long::sum);
                        }
                    }
                });
        List<MonthLine> months = new ArrayList<>();
        long in = 0;
        long out = 0;
        for (var e : byMonth.entrySet()) {
            in += e.getValue()[0];
            out += e.getValue()[1];
            months.add(new MonthLine(e.getKey(), e.getValue()[0], e.getValue()[1], in - out));
        }
        long[] selected = month == null ? new long[] {in, out} : byMonth.getOrDefault(month, new long[2]);
        List<PurposeLine> purposes = byPurpose.entrySet().stream().map(e -> new PurposeLine(e.getKey(), e.getValue())).toList();
        List<Donation> donations = jdbc.sql(FundLedger.POSTING + " where p.fund_id = ? and p.kind = 'DONATION'"
                        + (month == null ? "" : " and p.book_month = ?") + " order by p.id desc limit 200")
                .params(month == null ? List.of(fundId) : List.of(fundId, month)).query(FundLedger::posting).list().stream()
                .map(p -> new Donation(p.id(), p.receiptNo(), p.receivedOn(), p.donorKind(),
                        masked && p.donorKind() == FundLedger.AccountKind.RESIDENT ? Masking.name(p.donorName()) : p.donorName(),
                        p.amountFen(), p.note(), p.reversedBy() != null))
                .toList();
        return new Statement(c.id(), c.name(), true, ledger.balance(fundId), in, out, month, selected[0], selected[1],
                months.reversed(), purposes, donations, expenses.paid(fundId, month), fund.approvalsNeeded(), fund.members().size(),
                masked);
    }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(Checks.ZONE);

    /** Every posting of the fund (of a month, or all) as an Excel sheet, for the community's staff; names in full. */
    public int export(long communityId, Integer month, Locale locale, GridworkUser user, OutputStream out) throws IOException {
        Funds.Fund fund = funds.forStaff(communityId, user);
        List<FundLedger.Posting> rows = jdbc.sql(FundLedger.POSTING + " where p.fund_id = ?" + (month == null ? "" : " and p.book_month = ?")
                        + " order by p.id limit 50000")
                .params(month == null ? List.of(fund.id()) : List.of(fund.id(), month)).query(FundLedger::posting).list();
        Map<Long, String> approvers = new java.util.HashMap<>();
        List<Long> expenseIds = rows.stream().map(FundLedger.Posting::expenseId).filter(java.util.Objects::nonNull).distinct().toList();
        if (!expenseIds.isEmpty()) {
            jdbc.sql("select expense_id, account_name from economy_fund_approval where decision = 'APPROVE' and expense_id in (:ids) order by id")
                    .param("ids", expenseIds)
                    .query(rs -> {
                        approvers.merge(rs.getLong(1), rs.getString(2), (a, b) -> a + "、" + b);
                    });
        }
        Workbook wb = Workbooks.open(out);
        Worksheet ws = wb.newWorksheet(msg("economy.fund.sheet", locale));
        String[] heads = {"time", "kind", "receipt", "party", "item", "in", "out", "approvals", "actor"};
        for (int c = 0; c < heads.length; c++) {
            ws.value(0, c, msg("economy.fund.col." + heads[c], locale));
            ws.style(0, c).bold().set();
            ws.width(c, 16);
        }
        int r = 1;
        for (FundLedger.Posting p : rows) {
            FundLedger.PostingKind base = p.kind() == FundLedger.PostingKind.REVERSAL ? p.reversesKind() : p.kind();
            long sign = p.kind() == FundLedger.PostingKind.REVERSAL ? -1 : 1;
            String kind = msg("economy.fund.kind." + p.kind(), locale);
            String party = base == FundLedger.PostingKind.DONATION ? p.donorName()
                    : msg("economy.fund.purpose." + p.purpose(), locale);
            ws.inlineString(r, 0, TIME.format(p.createdAt()));
            ws.inlineString(r, 1, kind);
            if (p.receiptNo() != null) {
                ws.inlineString(r, 2, p.receiptNo());
            }
            ws.inlineString(r, 3, SpreadsheetText.neutral(party == null ? "" : party));
            if (p.note() != null) {
                ws.inlineString(r, 4, SpreadsheetText.neutral(p.note()));
            }
            java.math.BigDecimal yuan = java.math.BigDecimal.valueOf(sign * p.amountFen(), 2);
            ws.value(r, base == FundLedger.PostingKind.DONATION ? 5 : 6, yuan);
            if (p.expenseId() != null && approvers.containsKey(p.expenseId())) {
                ws.inlineString(r, 7, SpreadsheetText.neutral(approvers.get(p.expenseId())));
            }
            ws.inlineString(r, 8, SpreadsheetText.neutral(p.actorName()));
            r++;
        }
        wb.finish();
        return rows.size();
    }

    private String msg(String key, Locale locale) {
        return messages.getMessage(key, null, key, locale);
    }
}
