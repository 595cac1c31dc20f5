package io.gridwork.access.internal;

import java.io.IOException;
import java.util.Optional;
import java.util.Set;

import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

import io.gridwork.shared.security.GridworkUser;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

/**
 * Makes changes to an account apply at once, on every instance: each request of a signed-in account reads
 * the account's {@code authz_version}, {@code enabled} and {@code must_change_password} (one read by primary
 * key). A session built from an older version gets the account rebuilt (roles, permissions, scope) and
 * saved back; a disabled or deleted account's session ends. While a password change is required, pages
 * lead to {@code /me/password} and the API answers 403 {@code password-change-required}.
 */
class AccountStateFilter extends OncePerRequestFilter {

    /** What an account that must change its password may still reach. */
    private static final Set<String> WHILE_MUST_CHANGE = Set.of("/me/password", "/api/me/password", "/api/me", "/logout",
            "/login", "/error", "/favicon.ico");
    private static final String[] STATIC = {"/css/", "/js/", "/img/", "/webjars/"};

    private final AccountService accounts;
    private final SecurityContextRepository sessions = new HttpSessionSecurityContextRepository();

    AccountStateFilter(AccountService accounts) {
        this.accounts = accounts;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null || !(auth.getPrincipal() instanceof GridworkUser user) || isStatic(request)) {
            chain.doFilter(request, response);
            return;
        }
        Optional<AccountService.State> state = accounts.state(user.accountId());
        if (state.isEmpty() || !state.get().enabled()) {
            end(request);
            if (SecurityConfig.isApi(request)) {
                SecurityConfig.problem(response, HttpStatus.UNAUTHORIZED, "account-disabled", "this account has been disabled");
            } else if (htmx(request)) {
                // a fragment request: a redirect would swap the login page into the page; htmx follows this header
                response.setHeader("HX-Redirect", request.getContextPath() + "/login?disabled");
                response.setStatus(HttpStatus.UNAUTHORIZED.value());
            } else {
                response.sendRedirect(request.getContextPath() + "/login?disabled");
            }
            return;
        }
        if (state.get().authzVersion() != user.authzVersion()) {
            Optional<GridworkUser> fresh = accounts.loadById(user.accountId()).map(GridworkUser::withoutPassword);
            if (fresh.isEmpty()) {
                end(request);
                response.sendRedirect(request.getContextPath() + "/login");
                return;
            }
            var rebuilt = UsernamePasswordAuthenticationToken.authenticated(fresh.get(), auth.getCredentials(),
                    fresh.get().getAuthorities());
            rebuilt.setDetails(auth.getDetails());
            var context = SecurityContextHolder.createEmptyContext();
            context.setAuthentication(rebuilt);
            SecurityContextHolder.setContext(context);
            if (!"bearer".equals(String.valueOf(auth.getCredentials())) && request.getSession(false) != null) {
                sessions.saveContext(context, request, response);
            }
        }
        if (state.get().mustChangePassword() && !allowedWhileMustChange(request)) {
            if (SecurityConfig.isApi(request)) {
                SecurityConfig.problem(response, HttpStatus.FORBIDDEN, "password-change-required",
                        "change the password first: POST /api/me/password");
            } else if (htmx(request)) {
                // a fragment of the page (the unread count in the header): nothing to swap in until the change
                response.setStatus(HttpStatus.FORBIDDEN.value());
            } else {
                response.sendRedirect(request.getContextPath() + "/me/password");
            }
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean htmx(HttpServletRequest request) {
        return "true".equals(request.getHeader("HX-Request"));
    }

    private static void end(HttpServletRequest request) {
        SecurityContextHolder.clearContext();
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
    }

    private static boolean isStatic(HttpServletRequest request) {
        String path = path(request);
        for (String s : STATIC) {
            if (path.startsWith(s)) {
                return true;
            }
        }
        return false;
    }

    private static boolean allowedWhileMustChange(HttpServletRequest request) {
        return WHILE_MUST_CHANGE.contains(path(request));
    }

    private static String path(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }
}
