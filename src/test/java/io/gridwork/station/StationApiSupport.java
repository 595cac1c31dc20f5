package io.gridwork.station;

import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;

import io.gridwork.support.ApiTestSupport;

/** What the station's API tests share: a call as an account, its JSON, its problem code, a count, the clock reset. */
abstract class StationApiSupport extends ApiTestSupport {

    @Autowired
    StationFixtures fixtures;

    @AfterEach
    void clock() {
        fixtures.resetClock();
    }
}
