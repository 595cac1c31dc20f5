package io.gridwork.shared.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.util.HtmlUtils;

import io.gridwork.shared.persistence.DatabaseOutage;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * The outermost filter (before Spring Session and Spring Security): a request that fails because the database
 * is unreachable where no controller's handler sees it (loading the session, saving it, looking up a bearer
 * token, the sign-in form) is answered 503 in the format of its path instead of Spring's default 500: a problem
 * document with the code {@code database-unavailable} for {@code /api/**}, the GeoReport error list for
 * {@code /open311/**}, and a plain page in the viewer's language (from the language cookie, no database)
 * otherwise. Nothing here needs the database.
 */
public class DatabaseOutageFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(DatabaseOutageFilter.class);

    private final MessageSource messages;
    private final LocaleResolver locales;
    private final JsonMapper json;

    public DatabaseOutageFilter(MessageSource messages, LocaleResolver locales, JsonMapper json) {
        this.messages = messages;
        this.locales = locales;
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } catch (ServletException | IOException | RuntimeException e) {
            if (!DatabaseOutage.isCause(e) || response.isCommitted()) {
                throw e;
            }
            log.warn("{} {}: database unreachable, answered 503 ({})", request.getMethod(), request.getRequestURI(), rootMessage(e));
            response.reset();
            write(request, response);
        }
    }

    void write(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
        response.setHeader(HttpHeaders.RETRY_AFTER, ApiProblemHandler.RETRY_AFTER_SECONDS);
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        String accept = String.valueOf(request.getHeader(HttpHeaders.ACCEPT));
        byte[] body;
        if (path.startsWith("/open311/")) {
            String description = "service unavailable: the database is unreachable for the moment, retry later";
            if (path.endsWith(".json")) {
                response.setContentType("application/json;charset=UTF-8");
                body = json.writeValueAsBytes(new Object[] {Map.of("code", 503, "description", description)});
            } else {
                response.setContentType("text/xml;charset=UTF-8");
                body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<errors><error><code>503</code><description>" + description
                        + "</description></error></errors>").getBytes(StandardCharsets.UTF_8);
            }
        } else if (path.startsWith("/api/") || !accept.contains("text/html") && accept.contains("json")) {
            Map<String, Object> problem = new LinkedHashMap<>();
            problem.put("type", "urn:gridwork:problem:" + ApiProblemHandler.DATABASE_UNAVAILABLE);
            problem.put("title", HttpStatus.SERVICE_UNAVAILABLE.getReasonPhrase());
            problem.put("status", 503);
            problem.put("detail", "the database is unreachable for the moment; retry the request later");
            problem.put("instance", path);
            problem.put("code", ApiProblemHandler.DATABASE_UNAVAILABLE);
            response.setContentType("application/problem+json");
            body = json.writeValueAsBytes(problem);
        } else {
            response.setContentType("text/html;charset=UTF-8");
            body = page(request).getBytes(StandardCharsets.UTF_8);
        }
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        response.flushBuffer();
    }

    private String page(HttpServletRequest request) {
        Locale locale = locales.resolveLocale(request);
        String title = HtmlUtils.htmlEscape(messages.getMessage("error.title", null, "出错了", locale));
        String message = HtmlUtils.htmlEscape(messages.getMessage("error." + ApiProblemHandler.DATABASE_UNAVAILABLE, null,
                "系统暂时无法访问数据库，请稍后再试。", locale));
        String home = HtmlUtils.htmlEscape(messages.getMessage("error.home", null, "返回首页", locale));
        String context = HtmlUtils.htmlEscape(request.getContextPath());
        return "<!DOCTYPE html>\n<html lang=\"" + locale.toLanguageTag() + "\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>" + title + "</title>"
                + "<link rel=\"stylesheet\" href=\"" + context + "/css/gridwork.css\"></head><body><main class=\"narrow\">"
                + "<h1>" + title + " 503</h1><p class=\"error\" id=\"outage\">" + message + "</p><p><a href=\"" + context + "/\">"
                + home + "</a></p></main></body></html>\n";
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
