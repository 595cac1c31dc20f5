/**
 * The demo community: on the first start of an empty database (and when {@code gridwork.demo.enabled}
 * is true) it creates a district, a street, two communities, three compounds (one modelled on
 * 学府憬城 with about 1,800 households in 42 buildings), micro-grids with their leaders and workers,
 * residents with generated, plainly fake personal data, the party network, and one account per role.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Demo")
package io.gridwork.demo;
