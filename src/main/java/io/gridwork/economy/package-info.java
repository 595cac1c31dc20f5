/**
 * Community economy (社区经济), first part: merchants register their shops and the community verifies them; the
 * points (信义贝) live in an append-only double-entry ledger (residents, merchants, the issuing community, an
 * expiry sink) in whole points; residents earn them for verified volunteering under a published rule and spend
 * them at verified merchants by scanning the merchant's short-lived, single-use payment QR code; balances,
 * histories and the community's circulation by month are reported. {@link io.gridwork.economy.EconomyApi} is the
 * facade (the demo seeds through it).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Community economy")
package io.gridwork.economy;
