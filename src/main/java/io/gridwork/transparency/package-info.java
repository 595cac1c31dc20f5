/**
 * Transparency (双晒, 信托制物业), first part: property companies and their service contracts with compounds (period,
 * fee standard, the handover briefing 入驻交底 checklist done at the start), and the two quarterly disclosures of a
 * compound (the service report and the income-and-expense report): drafted by the property company, reviewed by the
 * owners committee, published to the compound's owners in the app and on a printable notice-board page, corrected
 * only by a new version with a reason; owners ask questions that the property company answers in public.
 * {@link io.gridwork.transparency.TransparencyApi} is the facade (the demo seeds through it).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Transparency")
package io.gridwork.transparency;
