package io.gridwork.transparency.web;

import java.net.URI;
import java.util.List;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.gridwork.shared.security.CurrentUser;
import io.gridwork.shared.web.ProblemException;
import io.gridwork.transparency.internal.Contracts;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/transparency")
@Tag(name = "Transparency", description = "Property companies, service contracts with compounds, the quarterly disclosures (双晒)")
class ContractApiController {

    private final Contracts contracts;

    ContractApiController(Contracts contracts) {
        this.contracts = contracts;
    }

    @GetMapping("/companies")
    @Operation(summary = "The registered property companies, by name (community and street staff)")
    List<Contracts.Company> companies() {
        return contracts.companies();
    }

    record NewCompany(String name, String creditCode) {
    }

    @PostMapping("/companies")
    @Operation(summary = "Register a property company (name unique; the unified social credit code optional)")
    ResponseEntity<Contracts.Company> register(@RequestBody(required = false) NewCompany body) {
        if (body == null) {
            throw ProblemException.badRequest("body-required", "send the company as JSON");
        }
        Contracts.Company c = contracts.registerCompany(body.name(), body.creditCode(), CurrentUser.get());
        return ResponseEntity.created(URI.create("/api/transparency/companies/" + c.id())).body(c);
    }

    @GetMapping("/contracts")
    @Operation(summary = "Contracts of one compound, or of every compound the caller reaches (the property company's own)")
    List<Contracts.Contract> contracts(@RequestParam(required = false) Long compoundId) {
        return compoundId == null ? contracts.inScope(CurrentUser.get()) : contracts.ofCompound(compoundId, CurrentUser.get());
    }

    @PostMapping("/contracts")
    @Operation(summary = "A service contract of a company with a compound: period, fee standard in fen per m² per month; "
            + "periods of one compound never overlap")
    ResponseEntity<Contracts.Contract> create(@RequestBody(required = false) Contracts.NewContract body) {
        Contracts.Contract c = contracts.create(body, CurrentUser.get());
        return ResponseEntity.created(URI.create("/api/transparency/contracts/" + c.id())).body(c);
    }

    @GetMapping("/contracts/{id}")
    @Operation(summary = "One contract with its handover checklist (入驻交底)")
    Contracts.Contract contract(@PathVariable long id) {
        return contracts.get(id, CurrentUser.get());
    }

    @PostMapping("/contracts/{id}/handover/{item}")
    @Operation(summary = "Tick an item of the handover checklist (who and when are recorded; ticking again changes nothing)")
    Contracts.Contract tick(@PathVariable long id, @PathVariable String item) {
        return contracts.tick(id, item(item), CurrentUser.get());
    }

    static Contracts.HandoverItem item(String item) {
        try {
            return Contracts.HandoverItem.valueOf(item);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ProblemException.badRequest("unknown-handover-item", "no checklist item " + item,
                    java.util.Map.of("field", "item"));
        }
    }
}
