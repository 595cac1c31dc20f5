package io.gridwork.shared.web;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.context.MessageSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.util.HtmlUtils;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * Refuses bad input before anything reads it (registered just inside {@link DatabaseOutageFilter}, before the
 * session and security filters):
 * <ul>
 * <li>a request body other than a multipart upload larger than {@code gridwork.web.max-body} (JSON, forms, any
 * other type; uploads keep {@code spring.servlet.multipart.*}, paths in {@code gridwork.web.max-body-exempt} read
 * their own limit) gets 413 {@code body-too-large}: by its {@code Content-Length}, or, without one (chunked), by
 * reading at most the limit ahead;</li>
 * <li>a query or form parameter (name or value) with a control character (anything below U+0020 but tab, line
 * feed and carriage return, DEL, U+0080–U+009F) or a lone surrogate gets 400 {@code invalid-characters}.</li>
 * </ul>
 * The answer is in the format of the path: a problem document for {@code /api/**} (and JSON clients), the
 * GeoReport error list for {@code /open311/**}, a plain page in the viewer's language otherwise. JSON strings are
 * checked by {@link TextGuard#jsonModule()}.
 */
public class RequestInputGuard extends OncePerRequestFilter {

    public static final String BODY_TOO_LARGE = "body-too-large";

    private final long maxBody;
    private final List<String> exempt;
    private final MessageSource messages;
    private final LocaleResolver locales;
    private final JsonMapper json;

    public RequestInputGuard(DataSize maxBody, List<String> exempt, MessageSource messages, LocaleResolver locales,
            JsonMapper json) {
        this.maxBody = maxBody.toBytes();
        this.exempt = List.copyOf(exempt);
        this.messages = messages;
        this.locales = locales;
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String type = String.valueOf(request.getContentType()).toLowerCase(Locale.ROOT);
        boolean multipart = type.startsWith("multipart/");
        boolean form = type.startsWith("application/x-www-form-urlencoded");
        HttpServletRequest next = request;
        if (!multipart && !exempt.contains(path)) {
            long length = request.getContentLengthLong();
            if (length > maxBody) {
                refuse(request, response, HttpStatus.CONTENT_TOO_LARGE, BODY_TOO_LARGE,
                        "the request body exceeds " + maxBody + " bytes");
                return;
            }
            if (length < 0 && !form && hasBody(request)) {
                // chunked: read at most the limit ahead; Tomcat bounds chunked forms by server.tomcat.max-http-form-post-size
                byte[] body = readAtMost(request.getInputStream(), maxBody + 1);
                if (body.length > maxBody) {
                    refuse(request, response, HttpStatus.CONTENT_TOO_LARGE, BODY_TOO_LARGE,
                            "the request body exceeds " + maxBody + " bytes");
                    return;
                }
                next = new BufferedBody(request, body);
            }
        }
        String bad = multipart ? badQueryParameter(request.getQueryString()) : badParameter(request.getParameterMap());
        if (bad != null) {
            refuse(request, response, HttpStatus.BAD_REQUEST, TextGuard.INVALID_CHARACTERS,
                    "parameter '" + TextGuard.printable(bad) + "' contains control characters");
            return;
        }
        chain.doFilter(next, response);
    }

    private static boolean hasBody(HttpServletRequest request) {
        return request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
    }

    static String badParameter(Map<String, String[]> parameters) {
        for (Map.Entry<String, String[]> e : parameters.entrySet()) {
            if (!TextGuard.isClean(e.getKey())) {
                return e.getKey();
            }
            for (String v : e.getValue()) {
                if (!TextGuard.isClean(v)) {
                    return e.getKey();
                }
            }
        }
        return null;
    }

    private static String badQueryParameter(String query) {
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            String decoded;
            try {
                decoded = URLDecoder.decode(pair, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (!TextGuard.isClean(decoded)) {
                int eq = decoded.indexOf('=');
                return eq < 0 ? decoded : decoded.substring(0, eq);
            }
        }
        return null;
    }

    private static byte[] readAtMost(InputStream in, long max) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while (out.size() < max && (n = in.read(buffer, 0, (int) Math.min(buffer.length, max - out.size()))) > 0) {
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String code,
            String detail) throws IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        response.setStatus(status.value());
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        if (status == HttpStatus.CONTENT_TOO_LARGE) {
            // the rest of the body is not read: the connection cannot be reused
            response.setHeader(HttpHeaders.CONNECTION, "close");
        }
        String accept = String.valueOf(request.getHeader(HttpHeaders.ACCEPT));
        byte[] body;
        if (path.startsWith("/open311/")) {
            if (path.endsWith(".xml")) {
                response.setContentType("text/xml;charset=UTF-8");
                body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<errors><error><code>" + status.value()
                        + "</code><description>" + HtmlUtils.htmlEscape(detail) + "</description></error></errors>")
                        .getBytes(StandardCharsets.UTF_8);
            } else {
                response.setContentType("application/json;charset=UTF-8");
                body = json.writeValueAsBytes(new Object[] {Map.of("code", status.value(), "description", detail)});
            }
        } else if (path.startsWith("/api/") || !accept.contains("text/html") && accept.contains("json")) {
            Map<String, Object> problem = new LinkedHashMap<>();
            problem.put("type", "urn:gridwork:problem:" + code);
            problem.put("title", status.getReasonPhrase());
            problem.put("status", status.value());
            problem.put("detail", detail);
            problem.put("instance", path);
            problem.put("code", code);
            response.setContentType("application/problem+json");
            body = json.writeValueAsBytes(problem);
        } else {
            response.setContentType("text/html;charset=UTF-8");
            body = page(request, status, code).getBytes(StandardCharsets.UTF_8);
        }
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        response.flushBuffer();
    }

    private String page(HttpServletRequest request, HttpStatus status, String code) {
        Locale locale = locales.resolveLocale(request);
        String title = HtmlUtils.htmlEscape(messages.getMessage("error.title", null, "出错了", locale));
        String message = HtmlUtils.htmlEscape(messages.getMessage("error." + code, null, code, locale));
        String home = HtmlUtils.htmlEscape(messages.getMessage("error.home", null, "返回首页", locale));
        String context = HtmlUtils.htmlEscape(request.getContextPath());
        return "<!DOCTYPE html>\n<html lang=\"" + locale.toLanguageTag() + "\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>" + title + "</title>"
                + "<link rel=\"stylesheet\" href=\"" + context + "/css/gridwork.css\"></head><body><main class=\"narrow\">"
                + "<h1>" + title + " " + status.value() + "</h1><p class=\"error\" id=\"refused\">" + message
                + "</p><p><a href=\"" + context + "/\">" + home + "</a></p></main></body></html>\n";
    }

    /** A request whose body was read ahead (chunked, within the limit). */
    private static final class BufferedBody extends HttpServletRequestWrapper {

        private final byte[] body;

        BufferedBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                /** The body is already in memory: it is all available now, and then all read. */
                @Override
                public void setReadListener(ReadListener listener) {
                    try {
                        listener.onDataAvailable();
                        listener.onAllDataRead();
                    } catch (java.io.IOException e) {
                        listener.onError(e);
                    }
                }
            };
        }

        @Override
        public java.io.BufferedReader getReader() {
            String encoding = getCharacterEncoding() == null ? "UTF-8" : getCharacterEncoding();
            return new java.io.BufferedReader(new java.io.InputStreamReader(getInputStream(),
                    java.nio.charset.Charset.forName(encoding)));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
