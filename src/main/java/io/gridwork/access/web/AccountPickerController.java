package io.gridwork.access.web;

import java.util.List;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.gridwork.access.internal.AccountAdmin;
import io.gridwork.shared.security.CurrentUser;

/**
 * The account picker of staff pages (htmx): accounts within the caller's reach found by name or username, shown
 * with the masked phone, as radio buttons carrying the account id under the form's field name.
 */
@Controller
class AccountPickerController {

    private static final int LIMIT = 10;

    private final AccountAdmin accounts;

    AccountPickerController(AccountAdmin accounts) {
        this.accounts = accounts;
    }

    @GetMapping("/pick/accounts")
    String accounts(@RequestParam(required = false) String q, @RequestParam(defaultValue = "accountId") String field,
            Model model) {
        boolean asked = q != null && !q.isBlank();
        model.addAttribute("accounts", asked ? accounts.search(CurrentUser.get(), q, LIMIT) : List.of());
        model.addAttribute("q", asked ? q : null);
        model.addAttribute("field", field.matches("[A-Za-z]{1,40}") ? field : "accountId");
        return "fragments/pickers :: accountResults";
    }
}
