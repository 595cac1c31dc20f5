package io.gridwork.access.web;

import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The login page offers sign-up. When a signed-out resident opened a 码上办 poster's link
 * ({@code /report?unit=…} or {@code ?building=…}) and was sent to sign in, the sign-up link keeps the unit or
 * building of the poster, and the page says so. The poster's link is the page kept for after signing in (in a
 * cookie, see {@code SavedPageCookie}).
 */
@ControllerAdvice(assignableTypes = LoginController.class)
class SignupLinkAdvice {

    private final RequestCache pages;

    SignupLinkAdvice(RequestCache pages) {
        this.pages = pages;
    }

    @ModelAttribute
    void signupLink(HttpServletRequest request, HttpServletResponse response, org.springframework.ui.Model model) {
        String unit = request.getParameter("unit");
        String building = request.getParameter("building");
        SavedRequest saved = pages.getRequest(request, response);
        if (saved != null && saved.getRedirectUrl() != null && saved.getRedirectUrl().matches("/report([?].*)?")) {
            unit = first(saved.getParameterValues("unit"));
            building = first(saved.getParameterValues("building"));
        }
        String href = "/signup";
        if (digits(unit)) {
            href += "?unit=" + unit;
        } else if (digits(building)) {
            href += "?building=" + building;
        }
        model.addAttribute("signupHref", href);
        model.addAttribute("fromPoster", !href.equals("/signup"));
    }

    private static String first(String[] values) {
        return values == null || values.length == 0 ? null : values[0];
    }

    private static boolean digits(String s) {
        return s != null && s.matches("\\d{1,18}");
    }
}
