package io.gridwork.access.internal;

import java.io.InputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

import io.gridwork.people.PeopleApi;
import io.gridwork.people.PeopleApi.PiiField;
import io.gridwork.people.PeopleApi.UnmaskOutcome;
import io.gridwork.shared.security.GridworkUser;
import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes an unmask attempt refused by the security rules (the account lacks {@code PII_UNMASK}) to the
 * personal-data audit log, with the person, field, reason and client address of the attempt.
 */
@Component
class UnmaskRefusalAudit {

    private static final Pattern PERSON = Pattern.compile("/people/(\\d{1,18})/unmask$");

    private final PeopleApi people;
    private final JsonMapper json;

    UnmaskRefusalAudit(PeopleApi people, JsonMapper json) {
        this.people = people;
        this.json = json;
    }

    void noPermission(HttpServletRequest request) {
        try {
            if (!(SecurityContextHolder.getContext().getAuthentication() != null
                    && SecurityContextHolder.getContext().getAuthentication().getPrincipal() instanceof GridworkUser user)) {
                return;
            }
            Matcher m = PERSON.matcher(request.getRequestURI());
            if (!m.find()) {
                return;
            }
            String field = request.getParameter("field");
            String reason = request.getParameter("reason");
            if (SecurityConfig.isApi(request)) {
                try (InputStream in = request.getInputStream()) {
                    byte[] body = in.readNBytes(8192);
                    if (body.length > 0) {
                        JsonNode node = json.readTree(body);
                        field = node.path("field").isString() ? node.path("field").asString() : null;
                        reason = node.path("reason").isString() ? node.path("reason").asString() : null;
                    }
                }
            }
            people.recordRefusedUnmask(Long.parseLong(m.group(1)), parse(field), reason, user,
                    request.getRemoteAddr(), UnmaskOutcome.NO_PERMISSION);
        } catch (RuntimeException | java.io.IOException e) {
            // an unreadable attempt is still refused; the log keeps what could be read
            org.slf4j.LoggerFactory.getLogger(UnmaskRefusalAudit.class).warn("unmask refusal not audited: {}", e.toString());
        }
    }

    private static PiiField parse(String field) {
        for (PiiField f : PiiField.values()) {
            if (f.name().equals(field)) {
                return f;
            }
        }
        return null;
    }
}
