/**
 * Notifications and the group matrix (微信矩阵群): an in-app inbox with unread counts; e-mail, SMS and WeCom
 * group robots as external channels, chosen per account and kind, with quiet hours; an outbox that records
 * every delivery and retries with backoff after the business transaction has committed; listeners that turn
 * demand, campaign and device events into messages for the right people; and audiences that mirror the grid
 * (community, compound, micro-grid, building) for notices with read receipts, tasks whose answers are
 * collected per household, and questions answered by staff.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Notify")
package io.gridwork.notify;
