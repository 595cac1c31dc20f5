package io.gridwork.access.internal;

import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.BeanFactoryUtils;
import org.springframework.context.ApplicationContext;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.resource.ResourceHttpRequestHandler;
import org.springframework.web.util.ServletRequestPathUtils;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/**
 * Matches requests that no controller handles: no handler mapping finds a handler for them other than the
 * static-resource fallback ({@code /**}). Such a request reaches the dispatcher and gets its 404 (or 405
 * when only the method is wrong) instead of a 403 that would make a missing page look like a missing
 * permission. Every mapped endpoint still needs its own rule: this matcher never matches one.
 */
class UnmappedRequests implements RequestMatcher {

    private final ApplicationContext context;
    private volatile List<HandlerMapping> mappings;

    UnmappedRequests(ApplicationContext context) {
        this.context = context;
    }

    @Override
    public boolean matches(HttpServletRequest request) {
        HttpServletRequest probe = new AttributeSandbox(request);
        if (!ServletRequestPathUtils.hasParsedRequestPath(probe)) {
            ServletRequestPathUtils.parseAndCache(probe);
        }
        for (HandlerMapping mapping : mappings()) {
            try {
                HandlerExecutionChain chain = mapping.getHandler(probe);
                if (chain != null && !(chain.getHandler() instanceof ResourceHttpRequestHandler)) {
                    return false;
                }
            } catch (Exception e) {
                // the path is mapped but not for this method or media type: the dispatcher answers 405/415
            }
        }
        return true;
    }

    private List<HandlerMapping> mappings() {
        List<HandlerMapping> m = mappings;
        if (m == null) {
            m = new java.util.ArrayList<>(BeanFactoryUtils.beansOfTypeIncludingAncestors(context, HandlerMapping.class, true, false)
                    .values());
            AnnotationAwareOrderComparator.sort(m);
            mappings = m = List.copyOf(m);
        }
        return m;
    }

    /** The request as handler mappings see it, with attribute changes kept away from the real request. */
    private static final class AttributeSandbox extends HttpServletRequestWrapper {

        private final Map<String, Object> changed = new HashMap<>();
        private static final Object REMOVED = new Object();

        AttributeSandbox(HttpServletRequest request) {
            super(request);
        }

        @Override
        public Object getAttribute(String name) {
            Object v = changed.get(name);
            if (v == REMOVED) {
                return null;
            }
            return v != null ? v : super.getAttribute(name);
        }

        @Override
        public Enumeration<String> getAttributeNames() {
            java.util.Set<String> names = new java.util.LinkedHashSet<>(java.util.Collections.list(super.getAttributeNames()));
            changed.forEach((k, v) -> {
                if (v == REMOVED) {
                    names.remove(k);
                } else {
                    names.add(k);
                }
            });
            return java.util.Collections.enumeration(names);
        }

        @Override
        public void setAttribute(String name, Object o) {
            changed.put(name, o == null ? REMOVED : o);
        }

        @Override
        public void removeAttribute(String name) {
            changed.put(name, REMOVED);
        }
    }
}
