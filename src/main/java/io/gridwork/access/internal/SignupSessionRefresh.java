package io.gridwork.access.internal;

import java.io.IOException;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.security.Role;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * A resident who signed up is signed in before a worker links the account to the register. Once a worker has
 * confirmed the link, the resident's next request picks up the person and household (so reporting for the
 * household, following and notices work at once, not only at the next sign-in). Only signed-in residents
 * without a person cost a look-up.
 */
@Component
class SignupSessionRefresh extends OncePerRequestFilter {

    private final JdbcClient jdbc;
    private final AccountService accounts;
    private final HttpSessionSecurityContextRepository sessions = new HttpSessionSecurityContextRepository();

    SignupSessionRefresh(JdbcClient jdbc, AccountService accounts) {
        this.jdbc = jdbc;
        this.accounts = accounts;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        SecurityContext context = SecurityContextHolder.getContext();
        Authentication auth = context.getAuthentication();
        if (auth != null && auth.getPrincipal() instanceof GridworkUser user && user.personId() == null
                && user.has(Role.RESIDENT) && !"bearer".equals(String.valueOf(auth.getCredentials()))) {
            boolean linked = jdbc.sql("select person_id from account where id = ? and person_id is not null")
                    .param(user.accountId()).query(Long.class).optional().isPresent();
            if (linked) {
                accounts.loadById(user.accountId()).map(GridworkUser::withoutPassword).ifPresent(fresh -> {
                    SecurityContext updated = SecurityContextHolder.createEmptyContext();
                    updated.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(fresh, null, fresh.getAuthorities()));
                    SecurityContextHolder.setContext(updated);
                    if (request.getSession(false) != null) {
                        sessions.saveContext(updated, request, response);
                    }
                });
            }
        }
        chain.doFilter(request, response);
    }
}
