/**
 * Going live (建档上线): a checklist per community of what it needs before residents can use Gridwork
 * without the demo — the grid and its buildings and rooms, the residents, staff with accounts, 码上办
 * posters printed, the public address the posters point at, the group matrix, and a first demand taken
 * up — each with its count and a link to the page that does it. Reads the other modules' facades only.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Going live")
package io.gridwork.golive;
