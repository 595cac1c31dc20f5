package io.gridwork.transparency.web;

import java.time.LocalDate;
import java.util.List;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.gridwork.grid.GridNode;
import io.gridwork.shared.security.CurrentUser;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.security.Role;
import io.gridwork.transparency.internal.Compounds;
import io.gridwork.transparency.internal.Contracts;
import io.gridwork.transparency.internal.Reports;

/**
 * The compound's transparency pages: the picker of compounds, a compound's contracts and disclosures, a contract with
 * its handover checklist. Forms post and redirect to the page they came from, saying what was done or why not.
 */
@Controller
class TransparencyPages {

    private final Compounds compounds;
    private final Contracts contracts;
    private final Reports reports;
    private final Forms forms;

    TransparencyPages(Compounds compounds, Contracts contracts, Reports reports, Forms forms) {
        this.compounds = compounds;
        this.contracts = contracts;
        this.reports = reports;
        this.forms = forms;
    }

    @GetMapping("/transparency")
    String picker(Model model) {
        GridworkUser user = CurrentUser.get();
        List<GridNode> list = compounds.inScope(user);
        // a resident, the property company and the owners committee usually have one compound: straight to it;
        // community and street staff choose from their compounds, however many there are today
        boolean chooses = user.has(Role.COMMUNITY_STAFF) || user.has(Role.STREET_STAFF) || user.isAdmin();
        if (list.size() == 1 && !chooses && !model.containsAttribute("error")) {
            return "redirect:/transparency/compounds/" + list.get(0).id();
        }
        model.addAttribute("compounds", list.stream().limit(Compounds.PICKER_LIMIT).toList());
        return "transparency/compounds";
    }

    @GetMapping("/transparency/compounds/{id}")
    String compound(@PathVariable long id, Model model) {
        GridworkUser user = CurrentUser.get();
        GridNode compound = compounds.reached(id, user);
        model.addAttribute("compound", compound);
        List<Contracts.Contract> list = contracts.ofCompound(id, user);
        model.addAttribute("contracts", list);
        LocalDate today = TransparencyFormat.today();
        model.addAttribute("current", list.stream().filter(c -> c.covers(today, today)).findFirst().orElse(null));
        model.addAttribute("manager", Contracts.manages(user));
        model.addAttribute("property", user.has(Role.PROPERTY_STAFF));
        model.addAttribute("reports", reports.ofCompound(id, user));
        model.addAttribute("companies", contracts.companies());
        model.addAttribute("today", today);
        model.addAttribute("thisYear", today.getYear());
        model.addAttribute("thisQuarter", (today.getMonthValue() - 1) / 3 + 1);
        return "transparency/compound";
    }

    @PostMapping("/transparency/compounds/{id}/contracts")
    String createContract(@PathVariable long id, @RequestParam(required = false) String companyName,
            @RequestParam(required = false) String creditCode,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate startsOn,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate endsOn,
            @RequestParam(required = false) String feeYuan, RedirectAttributes flash) {
        return forms.act(flash, () -> "/transparency/contracts/" + contracts.create(new Contracts.NewContract(id, null, companyName,
                creditCode, startsOn, endsOn, Money.fen(feeYuan, "feeFenPerM2")), CurrentUser.get()).id(), "contractCreated",
                () -> "/transparency/compounds/" + id);
    }

    @GetMapping("/transparency/contracts/{id}")
    String contract(@PathVariable long id, Model model) {
        GridworkUser user = CurrentUser.get();
        Contracts.Contract c = contracts.get(id, user);
        model.addAttribute("contract", c);
        model.addAttribute("manager", Contracts.manages(user));
        return "transparency/contract";
    }

    @PostMapping("/transparency/contracts/{id}/handover")
    String tick(@PathVariable long id, @RequestParam(required = false) String item, RedirectAttributes flash) {
        return forms.act(flash, () -> "/transparency/contracts/" + contracts.tick(id, ContractApiController.item(item), CurrentUser.get()).id(),
                "ticked", () -> "/transparency/contracts/" + id);
    }
}
