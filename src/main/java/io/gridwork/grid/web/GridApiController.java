package io.gridwork.grid.web;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.gridwork.grid.BuildingView;
import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridLevel;
import io.gridwork.grid.GridNode;
import io.gridwork.grid.HouseholdView;
import io.gridwork.shared.security.CurrentUser;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.security.Scope;
import io.gridwork.shared.web.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api")
@Tag(name = "Grid", description = "Grids, buildings, boundaries and locating")
class GridApiController {

    private final GridApi grid;

    GridApiController(GridApi grid) {
        this.grid = grid;
    }

    record NewGrid(Long parentId, GridLevel level, String name, String specialKind, String districtCode) {
    }

    record Move(Long microGridId, String reason) {
    }

    @PostMapping("/grid")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a grid under a parent you cover; the code is assigned (CJ/T 349-2010)")
    GridNode create(@RequestBody NewGrid body) {
        if (body == null || body.level() == null) {
            throw ProblemException.badRequest("level-required", "a grid needs a level", Map.of("field", "level"));
        }
        if (body.parentId() == null) {
            if (!CurrentUser.get().isAdmin()) {
                throw ProblemException.forbidden("only administrators create districts");
            }
        } else {
            GridNode parent = node(body.parentId());
            Scope.requireGrid(parent.path(), "grid", body.parentId());
            if (body.level() == GridLevel.STREET && !CurrentUser.get().isAdmin()) {
                throw ProblemException.forbidden("only administrators create streets and districts");
            }
        }
        return grid.create(body.parentId(), body.level(), body.name(), body.specialKind(), body.districtCode());
    }

    @PutMapping(value = "/grid/{id}/boundary", consumes = {MediaType.APPLICATION_JSON_VALUE, "application/geo+json"})
    @Operation(summary = "Set the GeoJSON (Polygon or MultiPolygon, WGS-84) boundary of a grid")
    GridNode boundary(@PathVariable long id, @RequestBody String geoJson) {
        GridNode node = node(id);
        Scope.requireGrid(node.path(), "grid", id);
        return grid.setBoundary(id, geoJson);
    }

    @GetMapping("/grid/{id}/buildings")
    @Operation(summary = "Buildings of a compound, special grid or micro-grid")
    List<BuildingView> buildings(@PathVariable long id) {
        GridNode node = node(id);
        Scope.requireGrid(node.path(), "grid", id);
        return grid.buildingsOf(id);
    }

    @GetMapping("/buildings/{id}")
    @Operation(summary = "One building")
    BuildingView building(@PathVariable long id) {
        return scopedBuilding(id);
    }

    @GetMapping("/buildings/{id}/history")
    @Operation(summary = "Which micro-grids a building belonged to, and when")
    List<GridApi.BuildingGridPeriod> history(@PathVariable long id) {
        scopedBuilding(id);
        return grid.buildingHistory(id);
    }

    @PostMapping("/buildings/{id}/move")
    @Operation(summary = "Move a building to another micro-grid of its compound; needs a reason, keeps history")
    BuildingView move(@PathVariable long id, @RequestBody Move body) {
        scopedBuilding(id);
        if (body == null || body.microGridId() == null) {
            throw ProblemException.badRequest("micro-grid-required", "say which micro-grid", Map.of("field", "microGridId"));
        }
        grid.moveBuilding(id, body.microGridId(), body.reason(), CurrentUser.get().username());
        return grid.building(id).orElseThrow();
    }

    @GetMapping("/buildings/{id}/households")
    @Operation(summary = "Households of a building")
    List<HouseholdView> households(@PathVariable long id) {
        scopedBuilding(id);
        return grid.householdsOfBuilding(id);
    }

    @GetMapping("/locate/address")
    @Operation(summary = "Address (compound, building, unit, room) to household and micro-grid")
    HouseholdView locateAddress(@RequestParam String compound, @RequestParam String building, @RequestParam String unit,
            @RequestParam String room) {
        HouseholdView h = grid.locateAddress(compound, building, unit, room)
                .orElseThrow(() -> new ProblemException(HttpStatus.NOT_FOUND, "unknown-address",
                        "no household at " + compound + " " + building + "栋" + unit + "单元" + room,
                        Map.of("compound", compound, "building", building, "unit", unit, "room", room)));
        Scope.requireHousehold(h.id(), h.microGridPath());
        return h;
    }

    record Located(long gridId, String code, String name, GridLevel level) {
    }

    @GetMapping("/locate/point")
    @Operation(summary = "WGS-84 point to the micro-grid whose boundary holds it")
    Located locatePoint(@RequestParam double lat, @RequestParam double lon) {
        GridNode n = grid.locatePoint(lat, lon).orElseThrow(() -> new ProblemException(HttpStatus.NOT_FOUND,
                "outside-grids", "no grid boundary holds the point " + lat + "," + lon));
        return new Located(n.id(), n.code(), n.name(), n.level());
    }

    private GridNode node(long id) {
        return grid.node(id).orElseThrow(() -> ProblemException.notFound("grid", id));
    }

    private BuildingView scopedBuilding(long id) {
        BuildingView b = grid.building(id).orElseThrow(() -> ProblemException.notFound("building", id));
        GridworkUser user = CurrentUser.get();
        GridNode compound = node(b.compoundId());
        if (!user.covers(compound.path())) {
            String microPath = b.microGridId() == null ? null : node(b.microGridId()).path();
            if (!user.covers(microPath)) {
                throw ProblemException.outOfReach("building", id);
            }
        }
        return b;
    }
}
