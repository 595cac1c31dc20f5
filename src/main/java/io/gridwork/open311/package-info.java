/**
 * Open311 GeoReport v2 (with mySociety's {@code servicerequestupdates} extension) under
 * {@code /open311/v2/}: the demand categories of a community as services, requests created by client
 * systems (such as a district's 12345 platform) with API keys scoped to a street or community, the
 * demands of a jurisdiction as requests and their timeline as updates. It talks to the demand and grid
 * modules through their facades only.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Open311")
package io.gridwork.open311;
