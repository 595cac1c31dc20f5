package io.gridwork.shared.web;

import java.time.Duration;
import java.util.Locale;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;

import tools.jackson.databind.json.JsonMapper;

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

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        LocaleChangeInterceptor lang = new LocaleChangeInterceptor();
        lang.setParamName("lang");
        registry.addInterceptor(lang);
    }
}
