package io.gridwork.shared.web;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.util.unit.DataSize;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

/** Chinese first; {@code ?lang=en} switches to English and is remembered in a cookie. */
@Configuration
public class WebConfig implements WebMvcConfigurer {

    @Bean
    LocaleResolver localeResolver() {
        CookieLocaleResolver resolver = new CookieLocaleResolver("gridwork-lang");
        resolver.setDefaultLocale(Locale.SIMPLIFIED_CHINESE);
        resolver.setCookieMaxAge(Duration.ofDays(365));
        return resolver;
    }

    /** Outermost, before Spring Session ({@code Integer.MIN_VALUE + 50}) and Spring Security: see {@link DatabaseOutageFilter}. */
    @Bean
    FilterRegistrationBean<DatabaseOutageFilter> databaseOutageFilter(MessageSource messages, LocaleResolver localeResolver,
            JsonMapper json) {
        FilterRegistrationBean<DatabaseOutageFilter> registration =
                new FilterRegistrationBean<>(new DatabaseOutageFilter(messages, localeResolver, json));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.addUrlPatterns("/*");
        return registration;
    }

    /** Forwarded headers only from the proxies named in gridwork.web.trusted-proxies (see {@link TrustedProxyFilter}). */
    @Bean
    FilterRegistrationBean<TrustedProxyFilter> trustedProxyFilter(
            @org.springframework.beans.factory.annotation.Value("${gridwork.web.trusted-proxies:127.0.0.0/8,::1}") java.util.List<String> proxies) {
        FilterRegistrationBean<TrustedProxyFilter> registration = new FilterRegistrationBean<>(new TrustedProxyFilter(proxies));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.addUrlPatterns("/*");
        registration.setDispatcherTypes(jakarta.servlet.DispatcherType.REQUEST, jakarta.servlet.DispatcherType.ERROR,
                jakarta.servlet.DispatcherType.ASYNC);
        return registration;
    }

    /**
     * Just inside the outage filter, before the session and security filters: bodies over
     * {@code gridwork.web.max-body} get 413, parameters with control characters 400 (see {@link RequestInputGuard}).
     */
    @Bean
    FilterRegistrationBean<RequestInputGuard> requestInputGuard(MessageSource messages, LocaleResolver localeResolver,
            JsonMapper json, @Value("${gridwork.web.max-body:1MB}") DataSize maxBody,
            @Value("${gridwork.web.max-body-exempt:/api/iot/events}") List<String> exempt) {
        FilterRegistrationBean<RequestInputGuard> registration =
                new FilterRegistrationBean<>(new RequestInputGuard(maxBody, exempt, messages, localeResolver, json));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        registration.addUrlPatterns("/*");
        return registration;
    }

    /** JSON strings with control characters are refused (400 {@code invalid-characters}): see {@link TextGuard}. */
    /**
     * Boot's Thymeleaf configuration registers the resource URL encoding filter because a WebJar locator is on the class
     * path (for the API docs). Gridwork's static links carry no version to rewrite, yet every link of every page went
     * through it: a match of the resource patterns per link, a few per cent of a dashboard's CPU. A registration of our
     * own, disabled, makes Boot leave it out.
     */
    @Bean
    FilterRegistrationBean<org.springframework.web.servlet.resource.ResourceUrlEncodingFilter> resourceUrlEncodingFilterOff() {
        FilterRegistrationBean<org.springframework.web.servlet.resource.ResourceUrlEncodingFilter> registration =
                new FilterRegistrationBean<>(new org.springframework.web.servlet.resource.ResourceUrlEncodingFilter());
        registration.setEnabled(false);
        return registration;
    }

    @Bean
    SimpleModule textGuardModule() {
        return TextGuard.jsonModule();
    }

    /**
     * The static files under their own patterns, instead of Spring Boot's {@code /**} (turned off by
     * {@code spring.web.resources.add-mappings: false}). Issue 19: every link a page builds ({@code @{...}}) passes the
     * resource URL encoding filter, and under {@code /**} each one ({@code /grid/5}, {@code /demands?...}) was looked up
     * as a file in every static location of the jar, a miss that is never cached: half the CPU of the grid and list
     * pages (JFR, 8 clients on the district). Now only links under these patterns are looked up, and each once: the
     * resource chain caches what it resolved (issue 16: the dashboard's style and script links were looked up in the jar
     * on every page, a tenth of its CPU).
     */
    static final java.util.Map<String, String> STATIC = java.util.Map.of(
            "/css/**", "classpath:/static/css/",
            "/js/**", "classpath:/static/js/",
            "/webjars/**", "classpath:/META-INF/resources/webjars/");

    @Override
    public void addResourceHandlers(org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry registry) {
        STATIC.forEach((pattern, location) -> registry.addResourceHandler(pattern).addResourceLocations(location).resourceChain(true));
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        LocaleChangeInterceptor lang = new LocaleChangeInterceptor();
        lang.setParamName("lang");
        registry.addInterceptor(lang);
        // the text fields of multipart forms (photos with a report) are parsed only here, after RequestInputGuard
        registry.addInterceptor(new org.springframework.web.servlet.HandlerInterceptor() {
            @Override
            public boolean preHandle(jakarta.servlet.http.HttpServletRequest request,
                    jakarta.servlet.http.HttpServletResponse response, Object handler) {
                if (org.springframework.web.util.WebUtils.getNativeRequest(request,
                        org.springframework.web.multipart.MultipartHttpServletRequest.class) != null) {
                    String bad = RequestInputGuard.badParameter(request.getParameterMap());
                    if (bad != null) {
                        throw ProblemException.badRequest(TextGuard.INVALID_CHARACTERS,
                                "parameter '" + TextGuard.printable(bad) + "' contains control characters",
                                java.util.Map.of("field", TextGuard.printable(bad)));
                    }
                }
                return true;
            }
        });
    }
}
