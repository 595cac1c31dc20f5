package io.gridwork.economy.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import io.gridwork.economy.internal.FundDonations;
import io.gridwork.economy.internal.FundExpenses;
import io.gridwork.economy.internal.FundLedger;
import io.gridwork.economy.internal.FundStatement;
import io.gridwork.economy.internal.Funds;
import io.gridwork.shared.security.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;

@RestController
@RequestMapping("/api/economy")
@Tag(name = "Micro-fund", description = "The community micro-fund (微基金): donations, expenses approved by N of M committee "
        + "members, the public statement")
class FundApiController {

    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private final Funds funds;
    private final FundDonations donations;
    private final FundExpenses expenses;
    private final FundStatement statement;

    FundApiController(Funds funds, FundDonations donations, FundExpenses expenses, FundStatement statement) {
        this.funds = funds;
        this.donations = donations;
        this.expenses = expenses;
        this.statement = statement;
    }

    static ResponseEntity<FundLedger.Posting> posted(FundLedger.Posting p) {
        return ResponseEntity.status(p.replayed() ? HttpStatus.OK : HttpStatus.CREATED).body(p);
    }

    // ---- the fund and its committee -----------------------------------------------------------------

    @GetMapping("/communities/{id}/fund")
    @Operation(summary = "A community's fund for its staff: balance, approvals needed (N), buy-back rate, the committee (M)")
    Funds.Fund fund(@PathVariable long id) {
        return funds.forStaff(id, CurrentUser.get());
    }

    @PutMapping("/communities/{id}/fund")
    @Operation(summary = "Set the approvals an expense needs (1–9) and the buy-back rate of a point in fen")
    Funds.Fund settings(@PathVariable long id, @RequestBody(required = false) Funds.Settings body) {
        return funds.settings(id, body, CurrentUser.get());
    }

    record Designation(String username) {
    }

    @PostMapping("/communities/{id}/fund/members")
    @Operation(summary = "Designate an account of the community (community staff, owners committee, party branch, grid "
            + "workers) as a member of the fund committee")
    ResponseEntity<Funds.Fund> designate(@PathVariable long id, @RequestBody(required = false) Designation body) {
        return ResponseEntity.status(HttpStatus.CREATED).body(funds.designate(id, body == null ? null : body.username(),
                CurrentUser.get()));
    }

    @DeleteMapping("/communities/{id}/fund/members/{accountId}")
    @Operation(summary = "Remove a member from the fund committee (their decisions stay on record)")
    Funds.Fund removeMember(@PathVariable long id, @PathVariable long accountId) {
        return funds.remove(id, accountId, CurrentUser.get());
    }

    // ---- donations ----------------------------------------------------------------------------------

    @GetMapping("/communities/{id}/fund/donations")
    @Operation(summary = "The fund's donations, newest first, with receipt numbers (staff; names in full)")
    List<FundLedger.Posting> donations(@PathVariable long id, @RequestParam(defaultValue = "100") int limit) {
        return donations.list(id, EconomyApiController.limit(limit), CurrentUser.get());
    }

    @PostMapping("/communities/{id}/fund/donations")
    @Operation(summary = "Record a donation (donorKind MERCHANT with merchantId, RESIDENT with personId, or COMMUNITY; "
            + "amountFen): it gets a receipt number (Idempotency-Key required; the same key returns it again with 200)")
    ResponseEntity<FundLedger.Posting> donate(@PathVariable long id, @RequestBody(required = false) FundDonations.NewDonation body,
            @RequestHeader(name = "Idempotency-Key", required = false) String key) {
        return posted(donations.record(id, body, key, CurrentUser.get()));
    }

    record Reason(String reason) {
    }

    @PostMapping("/fund/postings/{id}/reverse")
    @Operation(summary = "Reverse a donation or an expense's payment with a reason (once; never below a zero balance; "
            + "Idempotency-Key required)")
    ResponseEntity<FundLedger.Posting> reverse(@PathVariable long id, @RequestBody(required = false) Reason body,
            @RequestHeader(name = "Idempotency-Key", required = false) String key) {
        return posted(donations.reverse(id, body == null ? null : body.reason(), key, CurrentUser.get()));
    }

    @GetMapping("/fund/donations/mine")
    @Operation(summary = "The signed-in merchant's donations to the micro-fund")
    List<FundLedger.Posting> myDonations() {
        return donations.ofMerchant(CurrentUser.get());
    }

    // ---- expenses -----------------------------------------------------------------------------------

    @GetMapping("/communities/{id}/fund/expenses")
    @Operation(summary = "The fund's expenses, those waiting first (staff and committee members)")
    List<FundExpenses.Expense> expenses(@PathVariable long id, @RequestParam(required = false) FundExpenses.Status status,
            @RequestParam(defaultValue = "100") int limit) {
        return expenses.list(id, status, EconomyApiController.limit(limit), CurrentUser.get());
    }

    @PostMapping(path = "/communities/{id}/fund/expenses", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Propose an expense (multipart: purpose ACTIVITY, BUYBACK, CLEANUP or FAMILY_HELP, title, description, "
            + "amountFen, or merchantId and points for a buy-back, and the receipt photo as 'receipt'; Idempotency-Key required)")
    ResponseEntity<FundExpenses.Expense> propose(@PathVariable long id, @RequestParam(required = false) FundExpenses.Purpose purpose,
            @RequestParam(required = false) String title, @RequestParam(required = false) String description,
            @RequestParam(required = false) Long amountFen, @RequestParam(required = false) Long merchantId,
            @RequestParam(required = false) Long points, @RequestPart(name = "receipt", required = false) MultipartFile receipt,
            @RequestHeader(name = "Idempotency-Key", required = false) String key) {
        FundExpenses.Expense e = expenses.propose(id, new FundExpenses.NewExpense(purpose, title, description, amountFen, merchantId,
                points), receipt(receipt), key, CurrentUser.get());
        return ResponseEntity.created(URI.create("/api/economy/fund/expenses/" + e.id())).body(e);
    }

    static FundExpenses.Receipt receipt(MultipartFile file) {
        if (file == null || file.isEmpty()) {
            return null;
        }
        try {
            return new FundExpenses.Receipt(file.getOriginalFilename(), file.getBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @GetMapping("/fund/expenses/{id}")
    @Operation(summary = "One expense with the committee's decisions (staff and committee members)")
    FundExpenses.Expense expense(@PathVariable long id) {
        return expenses.get(id, CurrentUser.get());
    }

    @PostMapping("/fund/expenses/{id}/approve")
    @Operation(summary = "A committee member approves (once; not their own); the N-th approval pays the expense. 409 when the "
            + "fund cannot afford it or a buy-back exceeds the merchant's points: the approval is not recorded")
    FundExpenses.Expense approve(@PathVariable long id) {
        return expenses.approve(id, CurrentUser.get());
    }

    @PostMapping("/fund/expenses/{id}/reject")
    @Operation(summary = "A committee member rejects the expense with a reason; it is not paid")
    FundExpenses.Expense reject(@PathVariable long id, @RequestBody(required = false) Reason body) {
        return expenses.reject(id, body == null ? null : body.reason(), CurrentUser.get());
    }

    @PostMapping("/fund/expenses/{id}/post")
    @Operation(summary = "Pay an expense whose approvals already reach N; 409 expense-not-approved otherwise")
    FundExpenses.Expense post(@PathVariable long id) {
        return expenses.post(id, CurrentUser.get());
    }

    @GetMapping("/fund/expenses/{id}/receipt")
    @Operation(summary = "The receipt photo (JPEG) for whoever reads the fund's statement")
    ResponseEntity<byte[]> receiptImage(@PathVariable long id) {
        return jpeg(expenses.receipt(id, false, CurrentUser.get()));
    }

    @GetMapping("/fund/expenses/{id}/receipt/thumbnail")
    @Operation(summary = "The receipt's thumbnail (JPEG, up to 320 px)")
    ResponseEntity<byte[]> receiptThumbnail(@PathVariable long id) {
        return jpeg(expenses.receipt(id, true, CurrentUser.get()));
    }

    static ResponseEntity<byte[]> jpeg(InputStream stream) {
        try (InputStream in = stream) {
            return ResponseEntity.ok().contentType(MediaType.IMAGE_JPEG)
                    .cacheControl(CacheControl.maxAge(Duration.ofDays(1)).cachePrivate()).body(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @GetMapping("/fund/approvals")
    @Operation(summary = "Expenses waiting for the signed-in committee member's decision")
    List<FundExpenses.Expense> waiting() {
        return expenses.waitingFor(CurrentUser.get());
    }

    // ---- the statement ------------------------------------------------------------------------------

    @GetMapping("/communities/{id}/fund/statement")
    @Operation(summary = "The public statement: in, out and balance by month, out by purpose, the donations and paid expenses "
            + "of a month (month=2026-11) or of all time; residents' names as donors masked except for the community's staff")
    FundStatement.Statement statement(@PathVariable long id, @RequestParam(required = false) String month) {
        return statement.statement(id, FundStatement.month(month), CurrentUser.get());
    }

    @GetMapping("/communities/{id}/fund/statement.xlsx")
    @Operation(summary = "Every posting of the fund (of a month, or all) as Excel, for the community's staff")
    void export(@PathVariable long id, @RequestParam(required = false) String month, Locale locale, HttpServletResponse response)
            throws IOException {
        Integer m = FundStatement.month(month);
        funds.forStaff(id, CurrentUser.get());
        response.setContentType(XLSX);
        response.setHeader("Content-Disposition", ContentDisposition.attachment()
                .filename("微基金-fund-" + id + (m == null ? "" : "-" + m) + ".xlsx", StandardCharsets.UTF_8).build().toString());
        try (OutputStream out = response.getOutputStream()) {
            statement.export(id, m, locale, CurrentUser.get(), out);
        }
    }
}
