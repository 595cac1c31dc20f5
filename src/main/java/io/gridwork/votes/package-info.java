/**
 * Votes (issue 13, votes part): residents' polls over a grid (one vote per resident or per household, the census
 * fixed when the poll opens, ballots online or on paper entered by staff, each voter counted once across channels,
 * results live or after closing, single or multiple choice), elections of building representatives and owners
 * committee candidates (seats, winners by count, ties shown), and owners' collective decisions under Civil Code
 * Art. 278 over a compound's register of exclusive units (area and headcount, the quorum of two thirds, the
 * thresholds of more than half or three quarters), with printable ballots and result notices.
 * {@link io.gridwork.votes.VotesApi} is the facade (the demo seeds through it).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Votes")
package io.gridwork.votes;
