package io.gridwork.shared.web;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.springframework.security.web.util.matcher.IpAddressMatcher;
import org.springframework.web.filter.ForwardedHeaderFilter;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Honours {@code X-Forwarded-For/-Proto/-Host/-Port} only when the request comes from a proxy named in
 * {@code gridwork.web.trusted-proxies} (addresses or CIDR ranges; default loopback only, where nginx of
 * deploy/nginx runs). The client address is the rightmost address of {@code X-Forwarded-For} that is not a
 * trusted proxy, so a client cannot put a forged address in front of the one nginx appends. From any other
 * address the forwarded headers (and RFC 7239 {@code Forwarded}) are dropped. The client address feeds the
 * personal-data audit log and the sign-in throttle.
 */
public class TrustedProxyFilter extends OncePerRequestFilter {

    private static final Set<String> HIDDEN = Set.of("x-forwarded-for", "forwarded");

    private final List<IpAddressMatcher> trusted = new ArrayList<>();
    private final ForwardedHeaderFilter honour = new ForwardedHeaderFilter();
    private final ForwardedHeaderFilter strip = new ForwardedHeaderFilter();

    public TrustedProxyFilter(List<String> proxies) {
        for (String p : proxies) {
            if (p != null && !p.isBlank()) {
                trusted.add(new IpAddressMatcher(p.strip()));
            }
        }
        strip.setRemoveOnly(true);
    }

    boolean trusted(String address) {
        if (address == null || address.isBlank()) {
            return false;
        }
        String a = address.strip();
        if (a.startsWith("[") && a.endsWith("]")) {
            a = a.substring(1, a.length() - 1);
        }
        if (!a.matches("[0-9A-Fa-f:.]+")) {
            return false; // not an address literal (no name lookups)
        }
        for (IpAddressMatcher m : trusted) {
            try {
                if (m.matches(a)) {
                    return true;
                }
            } catch (IllegalArgumentException notAnAddress) {
                return false;
            }
        }
        return false;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!trusted(request.getRemoteAddr())) {
            strip.doFilter(new Hiding(request, request.getRemoteAddr()), response, chain);
            return;
        }
        String client = request.getRemoteAddr();
        String header = request.getHeader("X-Forwarded-For");
        if (header != null && !header.isBlank()) {
            String[] hops = header.split(",");
            String chosen = null;
            for (int i = hops.length - 1; i >= 0; i--) {
                String hop = hops[i].strip();
                if (hop.isEmpty()) {
                    continue;
                }
                chosen = hop;
                if (!trusted(hop)) {
                    break;
                }
            }
            if (chosen != null && chosen.matches("[0-9A-Fa-f:.\\[\\]]{2,64}")) {
                client = chosen;
            }
        }
        honour.doFilter(new Hiding(request, client), response, chain);
    }

    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return false;
    }

    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false;
    }

    /** The request as seen from the client address, without X-Forwarded-For and Forwarded. */
    private static final class Hiding extends HttpServletRequestWrapper {

        private final String client;

        Hiding(HttpServletRequest request, String client) {
            super(request);
            this.client = client;
        }

        @Override
        public String getRemoteAddr() {
            return client;
        }

        @Override
        public String getRemoteHost() {
            return client;
        }

        @Override
        public String getHeader(String name) {
            return HIDDEN.contains(name.toLowerCase(Locale.ROOT)) ? null : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return HIDDEN.contains(name.toLowerCase(Locale.ROOT)) ? Collections.emptyEnumeration() : super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            List<String> names = new ArrayList<>();
            for (Enumeration<String> e = super.getHeaderNames(); e.hasMoreElements();) {
                String n = e.nextElement();
                if (!HIDDEN.contains(n.toLowerCase(Locale.ROOT))) {
                    names.add(n);
                }
            }
            return Collections.enumeration(names);
        }
    }
}
