package io.gridwork.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * A browser test: the whole application on a random port, on the run's database (H2 or PostgreSQL,
 * with the shared demo community), driven through Debian's Chromium. Test and lifecycle methods
 * receive a {@link Browser} as a parameter; one browser serves the whole test class and starts each
 * test signed out.
 *
 * <p>Without {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver} the class is skipped, unless
 * {@code -Dgridwork.browser.required=true} (CI), which makes it fail instead. A failing test leaves a
 * screenshot and the page source in {@code target/screenshots/}. Excluded with
 * {@code -DexcludedGroups=browser}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles(resolver = TestDatabaseProfiles.class)
@ExtendWith(BrowserExtension.class)
@Import(TestSupport.class)
@Tag("browser")
public @interface BrowserTest {
}
