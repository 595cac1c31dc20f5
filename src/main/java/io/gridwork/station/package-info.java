/**
 * The service station (微网实格服务站, issue 13): stations of a compound or community and service points in shops,
 * with rooms and opening hours on the official calendar of public holidays and make-up working days; the duty rota
 * of the grid's micro-grid leaders and workers (fair generation per month, publication, swaps approved by the
 * community, check-in); and regular services such as the family doctor's with bookable slots, cancellations and a
 * no-show record. {@link io.gridwork.station.StationApi} is the facade (the demo seeds through it).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Service station")
package io.gridwork.station;
