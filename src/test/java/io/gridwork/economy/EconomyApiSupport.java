package io.gridwork.economy;

import org.springframework.beans.factory.annotation.Autowired;

import io.gridwork.support.ApiTestSupport;

/** What the activity and recognition API tests share: a call as an account, its JSON, its problem code. */
abstract class EconomyApiSupport extends ApiTestSupport {

    @Autowired
    EconomyFixtures economy;
    @Autowired
    ActivityFixtures fixtures;
}
