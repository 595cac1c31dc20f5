package io.gridwork.demand.web;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Limits demand submissions per client address (a sliding minute). The per-account limit lives in the
 * database (DemandService); this one is per instance, so with N instances an address gets at most N
 * times the limit — enough to stop a flood from one address.
 */
@Component
class IntakeRateLimiter extends OncePerRequestFilter {

    private final int perMinute;
    private final ConcurrentHashMap<String, Deque<Long>> windows = new ConcurrentHashMap<>();

    IntakeRateLimiter(@Value("${gridwork.demand.per-address-per-minute:30}") int perMinute) {
        this.perMinute = perMinute;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !"POST".equals(request.getMethod()) || !(path.equals("/api/demands") || path.equals("/report"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long now = System.currentTimeMillis();
        Deque<Long> window = windows.computeIfAbsent(request.getRemoteAddr(), k -> new ArrayDeque<>());
        boolean allowed;
        synchronized (window) {
            while (!window.isEmpty() && window.peekFirst() < now - 60_000) {
                window.pollFirst();
            }
            allowed = window.size() < perMinute;
            if (allowed) {
                window.addLast(now);
            }
        }
        if (windows.size() > 100_000) {
            windows.clear();
        }
        if (!allowed) {
            response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
            response.setHeader("Retry-After", "60");
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding("UTF-8");
            response.getWriter().write("{\"type\":\"urn:gridwork:problem:rate-limited\",\"title\":\"Too Many Requests\","
                    + "\"status\":429,\"detail\":\"too many submissions from this address; try again in a minute\",\"code\":\"rate-limited\"}");
            return;
        }
        chain.doFilter(request, response);
    }
}
