package io.gridwork.support;

import org.springframework.test.context.ActiveProfilesResolver;

/**
 * Picks the database of the test run: H2 in memory by default, PostgreSQL with
 * {@code -Dgridwork.test.db=postgres}. Every test context of a run shares the one database
 * (and its demo community), so tests create what they change under names of their own.
 */
public class TestDatabaseProfiles implements ActiveProfilesResolver {

    public static String database() {
        return System.getProperty("gridwork.test.db", "h2");
    }

    @Override
    public String[] resolve(Class<?> testClass) {
        return new String[] {"test", "test-" + database()};
    }
}
