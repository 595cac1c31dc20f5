/**
 * Deliberation (议事协商, issue 13): meetings of a community or compound grid — joint meetings (联席会议) of the party
 * branch, owners committee, property company, grid workers and active residents, residents' councils (居民议事会),
 * consultations (恳谈会) and "1+1+N" building-representative councils — with their agenda, invitees, attendance and
 * minutes (fixed once published, corrected by addenda); the decisions (决议) taken on agenda items, each with a
 * responsible party, an owner and a due date, followed with dated updates to completion; and old-compound renovation
 * projects (老旧小区改造) made from residents' proposals, with stages, a budget, spending and photos, followed like a
 * decision. {@link io.gridwork.deliberation.DeliberationApi} is the facade (the demo seeds through it); invitations
 * are published as {@link io.gridwork.deliberation.DeliberationEvents.MeetingInvited}, which notify turns into inbox
 * messages.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Deliberation")
package io.gridwork.deliberation;
