package io.gridwork.votes;

import org.springframework.beans.factory.annotation.Autowired;

import io.gridwork.support.ApiTestSupport;

/** What the votes API tests share: a call as an account, its JSON, its problem code, a count. */
abstract class VotesApiSupport extends ApiTestSupport {

    @Autowired
    VotesFixtures fixtures;
}
