package io.gridwork.shared.web;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.transaction.TransactionException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import io.gridwork.shared.persistence.DatabaseOutage;

/** Errors of {@code @RestController}s as RFC 9457 problem details with a stable {@code code}. */
@RestControllerAdvice(annotations = org.springframework.web.bind.annotation.RestController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ApiProblemHandler extends ResponseEntityExceptionHandler {

    /** The problem code (and {@code error.<code>} message key) of a request refused because the database is unreachable. */
    public static final String DATABASE_UNAVAILABLE = "database-unavailable";
    /** Seconds a client should wait before retrying during an outage. */
    public static final String RETRY_AFTER_SECONDS = "5";

    @ExceptionHandler(ProblemException.class)
    ResponseEntity<ProblemDetail> problem(ProblemException e) {
        return ResponseEntity.status(e.status()).body(detail(e.status(), e.code(), e.getMessage(), e.details()));
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<ProblemDetail> denied(AccessDeniedException e) {
        return ResponseEntity.status(HttpStatus.FORBIDDEN)
                .body(detail(HttpStatus.FORBIDDEN, "forbidden", e.getMessage(), Map.of()));
    }

    /**
     * The database cannot be reached (stopped, restarting, no pooled connection within the connection timeout):
     * 503 with {@code Retry-After}, so that clients retry (with the same {@code Idempotency-Key}) rather than
     * give up. Other data-access failures are not handled here.
     */
    @ExceptionHandler({DataAccessException.class, TransactionException.class})
    ResponseEntity<ProblemDetail> database(RuntimeException e) {
        if (!DatabaseOutage.isCause(e)) {
            throw e;
        }
        return unavailable();
    }

    /** The 503 answer of an API request while the database is unreachable. */
    public static ResponseEntity<ProblemDetail> unavailable() {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(detail(HttpStatus.SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE,
                        "the database is unreachable for the moment; retry the request later", Map.of()));
    }

    /**
     * The safety net of bad input no check caught: a value the database refuses (too long for its column, a
     * constraint) is the client's error, 400 {@code invalid-value}, not 500. Nothing was stored (the transaction
     * rolled back).
     */
    @ExceptionHandler(DataIntegrityViolationException.class)
    ResponseEntity<ProblemDetail> integrity(DataIntegrityViolationException e) {
        if (DatabaseOutage.isCause(e)) {
            return unavailable();
        }
        if (e instanceof org.springframework.dao.DuplicateKeyException) {
            return ResponseEntity.status(HttpStatus.CONFLICT).body(detail(HttpStatus.CONFLICT, "conflict",
                    "the same thing was stored at the same moment by another request; reload and try again", Map.of()));
        }
        return ResponseEntity.badRequest().body(detail(HttpStatus.BAD_REQUEST, INVALID_VALUE,
                "a value is too long or not allowed here", Map.of()));
    }

    /** The problem code of a value the database refused (see {@link #integrity}). */
    public static final String INVALID_VALUE = "invalid-value";

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> mismatch(MethodArgumentTypeMismatchException e) {
        return ResponseEntity.badRequest().body(detail(HttpStatus.BAD_REQUEST, "invalid-parameter",
                "parameter '" + e.getName() + "' has an invalid value", Map.of("field", e.getName())));
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<ProblemDetail> illegal(IllegalArgumentException e) {
        return ResponseEntity.badRequest().body(detail(HttpStatus.BAD_REQUEST, "invalid-request", e.getMessage(), Map.of()));
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            org.springframework.http.HttpHeaders headers, org.springframework.http.HttpStatusCode status,
            org.springframework.web.context.request.WebRequest request) {
        List<Map<String, String>> errors = ex.getBindingResult().getFieldErrors().stream()
                .map(f -> Map.of("field", f.getField(), "reason", String.valueOf(f.getDefaultMessage())))
                .toList();
        return ResponseEntity.badRequest().body(detail(HttpStatus.BAD_REQUEST, "invalid-request",
                "the request has invalid fields", Map.of("errors", errors)));
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException ex,
            org.springframework.http.HttpHeaders headers, org.springframework.http.HttpStatusCode status,
            org.springframework.web.context.request.WebRequest request) {
        return ResponseEntity.badRequest().body(detail(HttpStatus.BAD_REQUEST, "missing-parameter",
                "parameter '" + ex.getParameterName() + "' is required", Map.of("field", ex.getParameterName())));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(org.springframework.http.converter.HttpMessageNotReadableException ex,
            org.springframework.http.HttpHeaders headers, org.springframework.http.HttpStatusCode status,
            org.springframework.web.context.request.WebRequest request) {
        String field = null;
        Throwable cause = ex.getCause();
        if (cause instanceof TextGuard.InvalidCharacters invalid) {
            String at = invalid.getPath().stream()
                    .map(r -> r.getPropertyName() != null ? r.getPropertyName() : String.valueOf(r.getIndex()))
                    .collect(java.util.stream.Collectors.joining("."));
            return ResponseEntity.badRequest().body(detail(HttpStatus.BAD_REQUEST, TextGuard.INVALID_CHARACTERS,
                    "field '" + at + "' contains control characters", Map.of("field", at)));
        }
        if (cause instanceof tools.jackson.databind.DatabindException db && !db.getPath().isEmpty()) {
            field = db.getPath().stream().map(r -> r.getPropertyName() != null ? r.getPropertyName() : String.valueOf(r.getIndex()))
                    .collect(java.util.stream.Collectors.joining("."));
        }
        String message = field == null ? "the request body is not valid JSON of the expected shape"
                : "field '" + field + "' has a value of the wrong type or an unknown value";
        return ResponseEntity.badRequest().body(detail(HttpStatus.BAD_REQUEST, "unreadable-body", message,
                field == null ? Map.of() : Map.of("field", field)));
    }

    @Override
    protected ResponseEntity<Object> handleMaxUploadSizeExceededException(MaxUploadSizeExceededException ex,
            org.springframework.http.HttpHeaders headers, org.springframework.http.HttpStatusCode status,
            org.springframework.web.context.request.WebRequest request) {
        return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(detail(HttpStatus.CONTENT_TOO_LARGE,
                "upload-too-large", "the upload exceeds the size limit", Map.of()));
    }

    public static ProblemDetail detail(HttpStatus status, String code, String message, Map<String, Object> details) {
        ProblemDetail pd = ProblemDetail.forStatusAndDetail(status, message);
        pd.setType(URI.create("urn:gridwork:problem:" + code));
        pd.setTitle(status.getReasonPhrase());
        pd.setProperty("code", code);
        details.forEach(pd::setProperty);
        return pd;
    }
}
