package io.gridwork.access.internal;

import java.io.Serial;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.web.util.WebUtils;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Keeps the page an anonymous visitor asked for in a cookie, so that signing in leads back to it (a 码上办
 * poster's {@code /report?unit=…}, a demand's link in a message) without a session being stored for someone
 * who is not signed in (issue 12). Spring Security's session request cache wrote a session row for every
 * anonymous request to a protected page.
 *
 * <p>Only a page is kept: a GET that is not the API, Open311, an htmx fragment, a script's request or a static
 * file. The cookie holds the path within the application and its query (its parameters, as the session cache
 * kept them), never a scheme or host, and is read back only when it is such a local path: a cookie set by
 * someone else that names another site ({@code https://…}, {@code //host}, {@code /\host}, control characters)
 * is ignored, so it cannot send a user elsewhere after signing in. It lives an hour and is removed when used.
 */
final class SavedPageCookie implements RequestCache {

    static final String NAME = "GW_CONTINUE";
    static final Duration MAX_AGE = Duration.ofHours(1);
    private static final int MAX_LENGTH = 2000;
    private static final String[] NOT_PAGES = {"/api/", "/open311/", "/css/", "/js/", "/img/", "/webjars/", "/actuator/",
        "/error", "/favicon", "/login", "/logout"};

    @Override
    public void saveRequest(HttpServletRequest request, HttpServletResponse response) {
        if (!isPage(request)) {
            return;
        }
        String target = target(request);
        if (target.length() > MAX_LENGTH || !isLocal(target)) {
            return;
        }
        response.addCookie(cookie(request, Base64.getUrlEncoder().withoutPadding()
                .encodeToString(target.getBytes(StandardCharsets.UTF_8)), (int) MAX_AGE.toSeconds()));
    }

    @Override
    public SavedRequest getRequest(HttpServletRequest request, HttpServletResponse response) {
        String target = read(request);
        return target == null ? null : new SavedPage(target, Collections.list(request.getLocales()));
    }

    /** The page comes back by a redirect after signing in (a GET): there is no request to restore. */
    @Override
    public HttpServletRequest getMatchingRequest(HttpServletRequest request, HttpServletResponse response) {
        return null;
    }

    @Override
    public void removeRequest(HttpServletRequest request, HttpServletResponse response) {
        if (WebUtils.getCookie(request, NAME) != null) {
            response.addCookie(cookie(request, "", 0));
        }
    }

    /** The kept page, a local path with its query; null when there is none or it is not a local path. */
    static String read(HttpServletRequest request) {
        Cookie cookie = WebUtils.getCookie(request, NAME);
        if (cookie == null || cookie.getValue() == null || cookie.getValue().length() > MAX_LENGTH * 2) {
            return null;
        }
        try {
            String target = new String(Base64.getUrlDecoder().decode(cookie.getValue()), StandardCharsets.UTF_8);
            return isLocal(target) ? target : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * A path on this site: starts with one slash (not {@code //} or {@code /\}, which browsers read as another
     * host), no backslash or control character anywhere, and no scheme or host when parsed.
     */
    static boolean isLocal(String target) {
        if (target == null || target.isEmpty() || target.charAt(0) != '/' || target.startsWith("//")) {
            return false;
        }
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\\') {
                return false;
            }
        }
        try {
            URI uri = new URI(target);
            return uri.getScheme() == null && uri.getRawAuthority() == null && uri.getRawPath() != null
                    && uri.getRawPath().startsWith("/");
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static boolean isPage(HttpServletRequest request) {
        if (!"GET".equals(request.getMethod()) || "true".equals(request.getHeader("HX-Request"))
                || "XMLHttpRequest".equals(request.getHeader("X-Requested-With"))) {
            return false;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        for (String p : NOT_PAGES) {
            if (path.startsWith(p)) {
                return false;
            }
        }
        // what a browser asks for when it opens a page; images, scripts and JSON clients send other types
        String accept = request.getHeader("Accept");
        return accept == null || accept.isBlank() || accept.contains("text/html") || accept.contains("*/*");
    }

    /** The request's path within the application and its parameters as a query. */
    private static String target(HttpServletRequest request) {
        StringBuilder target = new StringBuilder(request.getRequestURI().substring(request.getContextPath().length()));
        if (target.isEmpty()) {
            target.append('/');
        }
        char sep = '?';
        for (Map.Entry<String, String[]> p : request.getParameterMap().entrySet()) {
            for (String v : p.getValue()) {
                target.append(sep).append(URLEncoder.encode(p.getKey(), StandardCharsets.UTF_8)).append('=')
                        .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
                sep = '&';
            }
        }
        return target.toString();
    }

    private static Cookie cookie(HttpServletRequest request, String value, int maxAge) {
        Cookie cookie = new Cookie(NAME, value);
        cookie.setPath(request.getContextPath().isEmpty() ? "/" : request.getContextPath());
        cookie.setHttpOnly(true);
        cookie.setSecure(request.isSecure());
        cookie.setMaxAge(maxAge);
        cookie.setAttribute("SameSite", "Lax");
        return cookie;
    }

    /** A kept page: the address to go back to, and its parameters (the sign-in page reads a poster's unit). */
    private static final class SavedPage implements SavedRequest {

        @Serial
        private static final long serialVersionUID = 1L;

        private final String target;
        private final Map<String, String[]> parameters;
        private final ArrayList<Locale> locales;

        SavedPage(String target, List<Locale> locales) {
            this.target = target;
            this.locales = new ArrayList<>(locales);
            Map<String, List<String>> params = new LinkedHashMap<>();
            int q = target.indexOf('?');
            if (q >= 0) {
                for (String pair : target.substring(q + 1).split("&")) {
                    if (pair.isEmpty()) {
                        continue;
                    }
                    int eq = pair.indexOf('=');
                    String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                    String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                    if (name != null && value != null) {
                        params.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
                    }
                }
            }
            Map<String, String[]> map = new LinkedHashMap<>();
            params.forEach((k, v) -> map.put(k, v.toArray(String[]::new)));
            this.parameters = Collections.unmodifiableMap(map);
        }

        private static String decode(String s) {
            try {
                return URLDecoder.decode(s, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }

        @Override
        public String getRedirectUrl() {
            return target;
        }

        @Override
        public List<Cookie> getCookies() {
            return List.of();
        }

        @Override
        public String getMethod() {
            return "GET";
        }

        @Override
        public List<String> getHeaderValues(String name) {
            return List.of();
        }

        @Override
        public Collection<String> getHeaderNames() {
            return List.of();
        }

        @Override
        public List<Locale> getLocales() {
            return locales;
        }

        @Override
        public String[] getParameterValues(String name) {
            return parameters.get(name);
        }

        @Override
        public Map<String, String[]> getParameterMap() {
            return parameters;
        }
    }
}
