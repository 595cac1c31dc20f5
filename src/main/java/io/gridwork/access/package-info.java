/**
 * Accounts and access: sign-in with throttling, roles and permissions, each account's grid scope
 * (from its explicit scopes and its running staff assignments), API tokens for machine clients, and
 * the rule table that gives every endpoint an authorisation rule.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Access")
package io.gridwork.access;
