package io.gridwork.access.web;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.gridwork.access.internal.AccountService;
import io.gridwork.shared.security.CurrentUser;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.web.ProblemException;

/** Changing one's own password: by choice from the workbench, or forced after a reset or on first sign-in. */
@Controller
class PasswordPageController {

    private final AccountService accounts;
    private final AccountMessages messages;

    PasswordPageController(AccountService accounts, AccountMessages messages) {
        this.accounts = accounts;
        this.messages = messages;
    }

    @GetMapping("/me/password")
    String page(Model model) {
        GridworkUser user = CurrentUser.get();
        model.addAttribute("forced", accounts.state(user.accountId()).map(s -> s.mustChangePassword()).orElse(false));
        return "access/password";
    }

    @PostMapping("/me/password")
    String change(@RequestParam(required = false) String currentPassword, @RequestParam(required = false) String newPassword,
            @RequestParam(required = false) String repeatPassword, Model model, RedirectAttributes flash) {
        GridworkUser user = CurrentUser.get();
        try {
            if (newPassword == null || !newPassword.equals(repeatPassword)) {
                throw ProblemException.badRequest("passwords-differ", "the two new passwords differ");
            }
            accounts.changeOwnPassword(user.accountId(), currentPassword, newPassword);
        } catch (ProblemException e) {
            model.addAttribute("error", messages.text(e));
            model.addAttribute("forced", accounts.state(user.accountId()).map(s -> s.mustChangePassword()).orElse(false));
            return "access/password";
        }
        flash.addFlashAttribute("passwordChanged", true);
        return "redirect:/";
    }
}
