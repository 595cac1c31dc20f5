package io.gridwork.shared.web;

import java.util.Map;

import org.springframework.http.HttpStatus;

/**
 * A refusal with an HTTP status, a stable machine code and a human message; rendered as RFC 9457
 * problem details on the API and as a message on pages. {@code details} may carry the field or
 * line at fault.
 */
public class ProblemException extends RuntimeException {

    private final HttpStatus status;
    private final String code;
    private final Map<String, Object> details;

    public ProblemException(HttpStatus status, String code, String message, Map<String, Object> details) {
        super(message);
        this.status = status;
        this.code = code;
        this.details = details == null ? Map.of() : Map.copyOf(details);
    }

    public ProblemException(HttpStatus status, String code, String message) {
        this(status, code, message, Map.of());
    }

    public static ProblemException notFound(String what, Object id) {
        return new ProblemException(HttpStatus.NOT_FOUND, "not-found", what + " " + id + " not found",
                Map.of("resource", what, "id", String.valueOf(id)));
    }

    /**
     * An object that exists but lies outside the caller's reach: answered exactly like {@link #notFound} for the
     * same id, so that neither the status nor the body tells the caller whether it exists.
     */
    public static ProblemException outOfReach(String what, Object id) {
        return notFound(what, id);
    }

    public static ProblemException badRequest(String code, String message) {
        return new ProblemException(HttpStatus.BAD_REQUEST, code, message);
    }

    public static ProblemException badRequest(String code, String message, Map<String, Object> details) {
        return new ProblemException(HttpStatus.BAD_REQUEST, code, message, details);
    }

    public static ProblemException forbidden(String message) {
        return new ProblemException(HttpStatus.FORBIDDEN, "forbidden", message);
    }

    public static ProblemException conflict(String code, String message) {
        return new ProblemException(HttpStatus.CONFLICT, code, message);
    }

    /**
     * Whether this refuses the caller rather than the input: not allowed (403) or, for this caller, not there (404).
     * Pages answer these with an error page, and other problems with a message beside the form.
     */
    public boolean refusesCaller() {
        return status == HttpStatus.FORBIDDEN || status == HttpStatus.NOT_FOUND;
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Map<String, Object> details() {
        return details;
    }
}
