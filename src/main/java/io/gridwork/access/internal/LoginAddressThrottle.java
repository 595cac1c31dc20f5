package io.gridwork.access.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Sign-in throttle per client address (besides the per-account lock): after
 * {@code gridwork.security.login-address-max-failures} failed password sign-ins from one address within
 * {@code login-address-window}, further sign-ins from it are refused without being tried until the window ends
 * ({@code /login?throttled}). Counted in memory, per instance: behind nginx with N instances an address gets at
 * most N times the allowance.
 */
@Component
class LoginAddressThrottle {

    private record Window(long start, int failures) {
    }

    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();
    private final int maxFailures;
    private final long windowMillis;

    LoginAddressThrottle(@Value("${gridwork.security.login-address-max-failures:10}") int maxFailures,
            @Value("${gridwork.security.login-address-window:1m}") Duration window) {
        this.maxFailures = maxFailures;
        this.windowMillis = window.toMillis();
    }

    void recordFailure(String address) {
        if (address == null) {
            return;
        }
        long now = System.currentTimeMillis();
        if (windows.size() > 100_000) {
            windows.values().removeIf(w -> now - w.start() >= windowMillis);
        }
        windows.compute(address, (a, w) -> w == null || now - w.start() >= windowMillis ? new Window(now, 1)
                : new Window(w.start(), w.failures() + 1));
    }

    boolean blocked(String address) {
        Window w = address == null ? null : windows.get(address);
        return w != null && w.failures() >= maxFailures && System.currentTimeMillis() - w.start() < windowMillis;
    }

    /** Refuses a password sign-in ({@code POST /login}) from a throttled address before it is tried. */
    OncePerRequestFilter filter() {
        return new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                if ("POST".equals(request.getMethod())
                        && request.getRequestURI().equals(request.getContextPath() + "/login")
                        && blocked(request.getRemoteAddr())) {
                    response.sendRedirect(request.getContextPath() + "/login?throttled");
                    return;
                }
                chain.doFilter(request, response);
            }
        };
    }
}
