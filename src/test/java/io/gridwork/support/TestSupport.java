package io.gridwork.support;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;

/**
 * Every test helper bean, in every application test context ({@link GridworkTest}, {@link BrowserTest}): one set of
 * imports keeps the run to one cached context per kind of test instead of one per combination of fixtures (each
 * context costs a start-up and a connection pool).
 */
@TestConfiguration(proxyBeanMethods = false)
@Import({TestPeople.class, io.gridwork.votes.VotesFixtures.class, io.gridwork.deliberation.DeliberationFixtures.class,
        io.gridwork.station.StationFixtures.class, io.gridwork.economy.EconomyFixtures.class, io.gridwork.economy.FundFixtures.class,
        io.gridwork.economy.ActivityFixtures.class, io.gridwork.notify.GroupFixture.class, io.gridwork.iot.IotFixtures.class})
public class TestSupport {
}
