package io.gridwork.open311.internal;

import org.springframework.http.HttpStatus;

/** A refusal in the GeoReport error format: {@code <errors><error><code>…</code><description>…</description>}. */
public class Open311Exception extends RuntimeException {

    private final HttpStatus status;

    public Open311Exception(HttpStatus status, String description) {
        super(description);
        this.status = status;
    }

    public HttpStatus status() {
        return status;
    }
}
