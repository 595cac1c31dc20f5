package io.gridwork.access.web;

import java.io.IOException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.gridwork.access.internal.AccountAdmin;
import io.gridwork.shared.security.CurrentUser;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.security.Role;
import io.gridwork.shared.web.ProblemException;
import jakarta.servlet.http.HttpSession;

/** Account administration pages (admins, street and community staff, within their grids). */
@Controller
class AccountPageController {

    private static final String ERROR_COPY = "gridwork.accountImportErrors";

    private final AccountAdmin admin;
    private final AccountMessages messages;

    AccountPageController(AccountAdmin admin, AccountMessages messages) {
        this.admin = admin;
        this.messages = messages;
    }

    @GetMapping("/accounts")
    String list(@RequestParam(required = false) String q, @RequestParam(defaultValue = "0") int page, Model model) {
        model.addAttribute("result", admin.list(CurrentUser.get(), q, page));
        model.addAttribute("q", q == null ? "" : q);
        return "access/accounts";
    }

    @GetMapping("/accounts/new")
    String form(Model model) {
        pickers(model);
        model.addAttribute("form", new AccountAdmin.NewAccount("", "", Set.of(), false, List.of(), "", ""));
        return "access/account-new";
    }

    @PostMapping("/accounts")
    String create(@RequestParam(defaultValue = "") String username, @RequestParam(defaultValue = "") String displayName,
            @RequestParam(required = false) List<Role> roles, @RequestParam(defaultValue = "false") boolean unmask,
            @RequestParam(required = false) List<Long> gridIds, @RequestParam(required = false) String temporaryPassword,
            @RequestParam(required = false) String phone, Model model, RedirectAttributes flash) {
        var form = new AccountAdmin.NewAccount(username, displayName, roles == null ? Set.of() : EnumSet.copyOf(roles), unmask,
                gridIds == null ? List.of() : gridIds, temporaryPassword, phone);
        try {
            var created = admin.create(form, CurrentUser.get());
            flash.addFlashAttribute("temporaryPassword", created.temporaryPassword());
            return "redirect:/accounts/" + created.id();
        } catch (ProblemException e) {
            pickers(model);
            model.addAttribute("form", form);
            model.addAttribute("error", messages.text(e));
            return "access/account-new";
        }
    }

    @GetMapping("/accounts/{id}")
    String detail(@PathVariable long id, Model model) {
        GridworkUser me = CurrentUser.get();
        model.addAttribute("d", admin.detail(id, me));
        pickers(model);
        return "access/account";
    }

    @PostMapping("/accounts/{id}")
    String update(@PathVariable long id, @RequestParam(required = false) String displayName,
            @RequestParam(required = false) List<Role> roles, @RequestParam(defaultValue = "false") boolean unmask,
            @RequestParam(required = false) List<Long> gridIds, RedirectAttributes flash) {
        try {
            admin.update(id, new AccountAdmin.Change(displayName, roles == null ? Set.of() : EnumSet.copyOf(roles), unmask,
                    gridIds == null ? List.of() : gridIds), CurrentUser.get());
            flash.addFlashAttribute("saved", true);
        } catch (ProblemException e) {
            flash.addFlashAttribute("error", messages.text(e));
        }
        return "redirect:/accounts/" + id;
    }

    @PostMapping("/accounts/{id}/enable")
    String enable(@PathVariable long id, RedirectAttributes flash) {
        return status(id, true, flash);
    }

    @PostMapping("/accounts/{id}/disable")
    String disable(@PathVariable long id, RedirectAttributes flash) {
        return status(id, false, flash);
    }

    private String status(long id, boolean enabled, RedirectAttributes flash) {
        try {
            admin.setEnabled(id, enabled, CurrentUser.get());
            flash.addFlashAttribute("saved", true);
        } catch (ProblemException e) {
            flash.addFlashAttribute("error", messages.text(e));
        }
        return "redirect:/accounts/" + id;
    }

    @PostMapping("/accounts/{id}/reset-password")
    String reset(@PathVariable long id, @RequestParam(required = false) String temporaryPassword, RedirectAttributes flash) {
        try {
            flash.addFlashAttribute("temporaryPassword", admin.resetPassword(id, temporaryPassword, CurrentUser.get()));
        } catch (ProblemException e) {
            flash.addFlashAttribute("error", messages.text(e));
        }
        return "redirect:/accounts/" + id;
    }

    @GetMapping("/accounts/import")
    String importForm() {
        return "access/accounts-import";
    }

    @PostMapping("/accounts/import")
    String importSheet(@RequestParam(required = false) MultipartFile file, Model model, HttpSession session) throws IOException {
        try {
            var result = admin.importSheet(file == null ? null : file.getBytes(), CurrentUser.get());
            if (result.ok()) {
                session.removeAttribute(ERROR_COPY);
                model.addAttribute("created", result.created());
            } else {
                session.setAttribute(ERROR_COPY, result.errorCopy());
                model.addAttribute("errors", result.errors());
            }
        } catch (ProblemException e) {
            model.addAttribute("error", messages.text(e));
        }
        return "access/accounts-import";
    }

    @GetMapping("/accounts/import/errors.xlsx")
    ResponseEntity<byte[]> errorCopy(HttpSession session) {
        if (!(session.getAttribute(ERROR_COPY) instanceof byte[] copy)) {
            throw ProblemException.notFound("error copy", "of the last upload");
        }
        return ResponseEntity.ok().header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"account-errors.xlsx\"")
                .contentType(MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
                .body(copy);
    }

    private void pickers(Model model) {
        GridworkUser me = CurrentUser.get();
        model.addAttribute("grantableRoles", admin.grantableRoles(me));
        model.addAttribute("mayUnmask", admin.mayGrantUnmask(me));
        model.addAttribute("grids", admin.grantableGrids(me));
    }
}
