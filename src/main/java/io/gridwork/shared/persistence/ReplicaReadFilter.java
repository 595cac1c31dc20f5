package io.gridwork.shared.persistence;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.http.server.PathContainer;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Decides per request whether its read-only transactions may read from the replica ({@link ReplicaRouting}):
 * only GET and HEAD requests on {@code gridwork.datasource.replica.read-paths} (lists, dashboards, measures,
 * exports, Open311), and only when the client has not written within {@code read-your-writes}. Every other request
 * method marks the client as a writer for that window with the cookie {@value #COOKIE} (its value the time the
 * window ends, epoch milliseconds), so the pages a user opens after a change of theirs read it from the primary
 * whichever instance serves them. Runs after the security filters: signing in and loading the session read the
 * primary.
 */
public class ReplicaReadFilter extends OncePerRequestFilter implements Ordered {

    public static final String COOKIE = "gw_primary_until";

    private final List<PathPattern> readPaths;
    private final Duration window;

    ReplicaReadFilter(List<String> readPaths, Duration window) {
        this.readPaths = readPaths.stream().map(String::strip).filter(p -> !p.isEmpty()).map(PathPatternParser.defaultInstance::parse).toList();
        this.window = window;
    }

    @Override
    public int getOrder() {
        return 0; // after Spring Security's chain (-100) and the session repository filter
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String method = request.getMethod();
        boolean read = "GET".equals(method) || "HEAD".equals(method);
        if (!read) {
            if (!"OPTIONS".equals(method) && !"TRACE".equals(method)) {
                long until = System.currentTimeMillis() + window.toMillis();
                response.addHeader(HttpHeaders.SET_COOKIE, ResponseCookie.from(COOKIE, Long.toString(until)).path("/")
                        .maxAge(Duration.ofSeconds(window.toSeconds() + 1)).httpOnly(true).sameSite("Lax")
                        .secure(request.isSecure()).build().toString());
            }
            chain.doFilter(request, response);
            return;
        }
        if (wroteRecently(request) || !readPath(request)) {
            chain.doFilter(request, response);
            return;
        }
        try {
            ReplicaRouting.readsMayLag(() -> {
                try {
                    chain.doFilter(request, response);
                    return null;
                } catch (IOException | ServletException e) {
                    throw new Rethrown(e);
                }
            });
        } catch (Rethrown r) {
            if (r.getCause() instanceof IOException io) {
                throw io;
            }
            throw (ServletException) r.getCause();
        }
    }

    private boolean readPath(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        PathContainer path = PathContainer.parsePath(context != null && !context.isEmpty() && uri.startsWith(context)
                ? uri.substring(context.length()) : uri);
        for (PathPattern p : readPaths) {
            if (p.matches(path)) {
                return true;
            }
        }
        return false;
    }

    private static boolean wroteRecently(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return false;
        }
        for (Cookie c : cookies) {
            if (COOKIE.equals(c.getName())) {
                try {
                    return Long.parseLong(c.getValue()) > System.currentTimeMillis();
                } catch (NumberFormatException e) {
                    return true; // a cookie of ours we cannot read: the primary, to be safe
                }
            }
        }
        return false;
    }

    private static final class Rethrown extends RuntimeException {
        Rethrown(Exception cause) {
            super(cause);
        }
    }
}
