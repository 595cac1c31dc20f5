package io.gridwork.access.web;

import java.util.List;
import java.util.Optional;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.gridwork.access.internal.SignupService;
import io.gridwork.access.internal.SignupService.SignupForm;
import io.gridwork.grid.BuildingView;
import io.gridwork.grid.UnitView;
import io.gridwork.shared.security.CurrentUser;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.web.ProblemException;
import io.gridwork.shared.web.ProblemMessages;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Residents sign themselves up from a 码上办 poster ({@code /signup?unit=…}, or {@code ?building=…} with a unit
 * to choose), with a code sent to their mobile; and set a new password with a code ({@code /password/forgot}).
 * Both are open to anyone (CSRF still applies). After signing up the resident is signed in and goes on to
 * report at the unit.
 */
@Controller
class SignupController {

    private final SignupService signups;
    private final ProblemMessages problems;
    private final MessageSource messages;
    private final UserDetailsService users;
    private final RequestCache pages;
    private final CsrfTokenRepository csrfTokens;
    private final HttpSessionSecurityContextRepository sessions = new HttpSessionSecurityContextRepository();

    SignupController(SignupService signups, ProblemMessages problems, MessageSource messages, UserDetailsService users,
            RequestCache pages, CsrfTokenRepository csrfTokens) {
        this.signups = signups;
        this.problems = problems;
        this.messages = messages;
        this.users = users;
        this.pages = pages;
        this.csrfTokens = csrfTokens;
    }

    // ---- sign-up ------------------------------------------------------------------------------------

    @GetMapping("/signup")
    String form(@RequestParam(required = false) Long unit, @RequestParam(required = false) Long building, Model model) {
        return page(new SignupForm(null, null, null, null, unit, null, null, null), building, model);
    }

    @PostMapping("/signup/code")
    String sendCode(@ModelAttribute SignupForm form, @RequestParam(required = false) Long building, HttpServletRequest request,
            Model model) {
        try {
            String masked = signups.sendSignupCode(form.phone(), request.getRemoteAddr());
            codeSent(model, masked);
        } catch (ProblemException e) {
            model.addAttribute("error", problems.text(e));
        }
        return page(form, building, model);
    }

    @PostMapping("/signup")
    String signUp(@ModelAttribute SignupForm form, @RequestParam(required = false) Long building, HttpServletRequest request,
            HttpServletResponse response, Model model, RedirectAttributes flash) {
        try {
            String username = signups.signUp(form);
            signIn(username, request, response);
            flash.addFlashAttribute("notice", msg("signup.done", username));
            return "redirect:/report?unit=" + form.unitId();
        } catch (ProblemException e) {
            model.addAttribute("error", problems.text(e));
            return page(form, building, model);
        }
    }

    /** The room options of a unit (htmx, for a building poster where the resident chooses the unit). */
    @GetMapping("/signup/rooms")
    String rooms(@RequestParam(required = false) Long unitId, Model model) {
        model.addAttribute("rooms", unitId == null ? List.of() : signups.roomsOf(unitId));
        model.addAttribute("selectedRoom", null);
        return "signup/fragments :: roomOptions";
    }

    /** The signed-in resident's sign-up status, for the workbench (empty for anyone who did not sign up). */
    @GetMapping("/signup/status")
    String status(Model model) {
        GridworkUser user = CurrentUser.get();
        model.addAttribute("signup", signups.ofAccount(user.accountId()).orElse(null));
        return "signup/fragments :: status";
    }

    private String page(SignupForm form, Long buildingId, Model model) {
        // never echo a password back into the page
        SignupForm shown = new SignupForm(form.phone(), form.code(), form.name(), null, form.unitId(), form.householdId(),
                form.username(), form.idSuffix());
        model.addAttribute("form", shown);
        model.addAttribute("gatewayConfigured", signups.gatewayConfigured());
        model.addAttribute("codeMinutes", signups.codeMinutes());
        Optional<UnitView> unit = Optional.empty();
        if (form.unitId() != null) {
            try {
                unit = Optional.of(signups.unit(form.unitId()));
            } catch (ProblemException e) {
                model.addAttribute("unknownUnit", true);
                model.addAttribute("error", problems.text(e));
                return "signup/form";
            }
        }
        Long bId = unit.map(UnitView::buildingId).orElse(buildingId);
        Optional<BuildingView> building = bId == null ? Optional.empty() : signups.building(bId);
        if (building.isEmpty()) {
            model.addAttribute("unknownUnit", true);
            if (!model.containsAttribute("error")) {
                model.addAttribute("error", msg(bId == null ? "signup.noUnit" : "error.unknown-unit"));
            }
            return "signup/form";
        }
        model.addAttribute("building", building.get());
        model.addAttribute("unit", unit.orElse(null));
        model.addAttribute("units", unit.isPresent() ? List.of() : signups.unitsOf(bId));
        model.addAttribute("rooms", unit.map(u -> signups.roomsOf(u.id())).orElse(List.of()));
        model.addAttribute("selectedRoom", form.householdId());
        model.addAttribute("place", building.get().compoundName() + " " + building.get().number() + "栋"
                + unit.map(u -> u.number() + "单元").orElse(""));
        return "signup/form";
    }

    private void signIn(String username, HttpServletRequest request, HttpServletResponse response) {
        GridworkUser user = ((GridworkUser) users.loadUserByUsername(username)).withoutPassword();
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities()));
        SecurityContextHolder.setContext(context);
        // the session starts here (a visitor who is not signed in has none); a new id and a new CSRF token at sign-in,
        // as the login form does; the page kept for after signing in is the report form this leads to
        request.getSession(true);
        request.changeSessionId();
        sessions.saveContext(context, request, response);
        csrfTokens.saveToken(null, request, response);
        pages.removeRequest(request, response);
    }

    // ---- forgotten password -------------------------------------------------------------------------------

    /** The fields of the forgotten-password form. */
    record ResetForm(String phone, String code, String password) {
    }

    @GetMapping("/password/forgot")
    String forgot(Model model) {
        return forgotPage(new ResetForm(null, null, null), model);
    }

    @PostMapping("/password/forgot/code")
    String forgotCode(@ModelAttribute ResetForm form, HttpServletRequest request, Model model) {
        try {
            codeSent(model, signups.sendResetCode(form.phone(), request.getRemoteAddr()));
        } catch (ProblemException e) {
            model.addAttribute("error", problems.text(e));
        }
        return forgotPage(form, model);
    }

    @PostMapping("/password/forgot")
    String reset(@ModelAttribute ResetForm form, Model model, RedirectAttributes flash) {
        try {
            String username = signups.resetPassword(form.phone(), form.code(), form.password());
            return "redirect:/login?reset=" + java.net.URLEncoder.encode(username, java.nio.charset.StandardCharsets.UTF_8);
        } catch (ProblemException e) {
            model.addAttribute("error", problems.text(e));
            return forgotPage(form, model);
        }
    }

    private String forgotPage(ResetForm form, Model model) {
        model.addAttribute("form", new ResetForm(form.phone(), form.code(), null));
        model.addAttribute("gatewayConfigured", signups.gatewayConfigured());
        return "signup/forgot";
    }

    private void codeSent(Model model, String maskedPhone) {
        model.addAttribute("notice", msg("signup.codeSent", maskedPhone, signups.codeMinutes()));
    }

    private String msg(String key, Object... args) {
        return messages.getMessage(key, args, key, LocaleContextHolder.getLocale());
    }
}
