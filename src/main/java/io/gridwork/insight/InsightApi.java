package io.gridwork.insight;

import java.time.LocalDate;
import java.util.Locale;

import io.gridwork.shared.security.GridworkUser;

/** What other modules may ask of insight. */
public interface InsightApi {

    /**
     * The dashboard of a grid (and everything below it) for days {@code from}..{@code to} (Asia/Shanghai), as
     * {@code viewer} may see it: a grid outside the viewer's scope is refused as unknown (404), a bad period with 400.
     */
    Dashboard dashboard(long gridId, LocalDate from, LocalDate to, GridworkUser viewer, Locale locale);
}
