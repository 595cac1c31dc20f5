package io.gridwork.shared.web;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.thymeleaf.cache.StandardCacheManager;
import org.thymeleaf.spring6.SpringTemplateEngine;

/**
 * Room in Thymeleaf's caches for every expression and template of the pages. The pages hold about 9,000 expressions;
 * Thymeleaf keeps 500 by default, so a server that shows more than a few pages kept parsing expressions again and,
 * with the SpEL compiler on (application.yml), generating a new class for each one on its first evaluation: a
 * dashboard page under load generated one every few requests (JFR, issue 16). An entry is a parsed expression of a
 * template, so the cache cannot grow beyond the templates' expressions; soft references (Thymeleaf's default) let the
 * collector take them back under memory pressure.
 */
@Configuration(proxyBeanMethods = false)
class TemplateExpressionCache {

    static final int EXPRESSIONS = 20_000;
    /** Parsed templates, one entry per template and fragment selector (156 templates; Thymeleaf keeps 200). */
    static final int TEMPLATES = 2_000;

    @Bean
    static BeanPostProcessor templateExpressionCacheSize() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String beanName) {
                if (bean instanceof SpringTemplateEngine engine) {
                    StandardCacheManager caches = new StandardCacheManager();
                    caches.setExpressionCacheMaxSize(EXPRESSIONS);
                    caches.setTemplateCacheMaxSize(TEMPLATES);
                    engine.setCacheManager(caches);
                }
                return bean;
            }
        };
    }
}
