/**
 * The grid: district, street, community (level 1), compound grid (level 2), special grids and
 * micro-grids (level 3), with their CJ/T 349-2010 codes and optional GeoJSON boundaries; the
 * physical stock of buildings, units and households; and locating an address or a WGS-84 point.
 * {@link io.gridwork.grid.GridApi} is the module's facade.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Grid")
package io.gridwork.grid;
