package io.gridwork.demand.web;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Set;

import org.springframework.http.ContentDisposition;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.gridwork.demand.DemandStatus;
import io.gridwork.demand.DemandView;
import io.gridwork.demand.Party;
import io.gridwork.demand.internal.DemandLedger;
import io.gridwork.demand.internal.DemandQueries;
import io.gridwork.shared.security.CurrentUser;
import io.gridwork.shared.security.GridworkUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;

@RestController
@Tag(name = "Demands")
class DemandLedgerController {

    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private final DemandLedger ledger;

    DemandLedgerController(DemandLedger ledger) {
        this.ledger = ledger;
    }

    @GetMapping("/api/demands/ledger.xlsx")
    @Operation(summary = "The ledger (台账) as Excel: the demands I may see, with the filters of GET /api/demands, "
            + "and every step of their timelines on a second sheet; at most 10,000 demands (more: 400 ledger-too-large)")
    void ledger(@RequestParam(required = false) Set<DemandStatus> status, @RequestParam(required = false) String category,
            @RequestParam(required = false) Party party, @RequestParam(required = false) DemandView.Colour colour,
            @RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to,
            @RequestParam(required = false) Long gridId, @RequestParam(required = false) String refNo, Locale locale,
            HttpServletResponse response) {
        GridworkUser user = CurrentUser.get();
        var filter = new DemandQueries.Filter(status, category, party, colour, from, to, gridId, refNo, 0, 1);
        // the filter is checked (an unknown grid is a 404) and a ledger over 10,000 demands refused (issue 19; the inbox
        // shows why instead of the link) before the first byte of the file is sent
        ledger.write(filter, user, locale, total -> {
            response.setContentType(XLSX);
            response.setHeader("X-Total-Count", String.valueOf(total));
            response.setHeader("Content-Disposition", ContentDisposition.attachment()
                    .filename("台账-ledger-" + LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")) + ".xlsx", StandardCharsets.UTF_8)
                    .build().toString());
            return response.getOutputStream();
        });
    }
}
