package io.gridwork.grid.web;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import io.gridwork.grid.BuildingView;
import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridNode;
import io.gridwork.grid.GridRule;
import io.gridwork.grid.RoomView;
import io.gridwork.grid.UnitView;
import io.gridwork.grid.internal.StructureSheets;
import io.gridwork.shared.security.CurrentUser;
import io.gridwork.shared.web.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Keeping the grid's structure: grids, buildings, units, rooms, the structure sheet and the micro-grid rule. */
@RestController
@RequestMapping("/api")
@Tag(name = "Grid structure", description = "Create, rename, move and retire grids; buildings, units and rooms; the structure sheet")
class GridStructureApiController {

    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private final GridApi grid;
    private final GridEdits edits;
    private final StructureSheets sheets;

    GridStructureApiController(GridApi grid, GridEdits edits, StructureSheets sheets) {
        this.grid = grid;
        this.edits = edits;
        this.sheets = sheets;
    }

    record Rename(String name) {
    }

    record Move(Long parentId) {
    }

    record NewBuilding(String number, String name, Integer floors, Long microGridId) {
    }

    record Assign(List<Long> buildingIds, Long microGridId, String reason) {
    }

    record Assigned(int moved) {
    }

    record NewUnit(String number) {
    }

    record NewRoom(Long unitId, String room, Integer floor, BigDecimal area, String status) {
    }

    record RoomChange(BigDecimal area, String status) {
    }

    record Rules(GridRule own, GridRule effective) {
    }

    @PostMapping("/grid/{id}/rename")
    @Operation(summary = "Rename a grid (the code stays); by whoever covers the grid above it")
    GridNode rename(@PathVariable long id, @RequestBody(required = false) Rename body) {
        edits.changeable(id);
        return grid.rename(id, body == null ? null : body.name());
    }

    @PostMapping("/grid/{id}/move")
    @Operation(summary = "Move a grid and its subtree under another parent of the right level; codes stay")
    GridNode move(@PathVariable long id, @RequestBody(required = false) Move body) {
        edits.changeable(id);
        if (body == null || body.parentId() == null) {
            throw ProblemException.badRequest("parent-required", "say where to move the grid", Map.of("field", "parentId"));
        }
        edits.covered(body.parentId());
        return grid.move(id, body.parentId());
    }

    @PostMapping("/grid/{id}/retire")
    @Operation(summary = "Retire a grid without buildings, children or running staff assignments (the row and code stay)")
    GridNode retire(@PathVariable long id) {
        edits.changeable(id);
        return grid.retire(id);
    }

    @GetMapping("/grid/{id}/rule")
    @Operation(summary = "The micro-grid rule set on a grid, and the one that applies to it")
    Rules rule(@PathVariable long id) {
        edits.covered(id);
        return new Rules(grid.ownRule(id).orElse(null), grid.ruleFor(id));
    }

    @PutMapping("/grid/{id}/rule")
    @Operation(summary = "Set the micro-grid rule (households, leaders, workers) of a street or district")
    Rules setRule(@PathVariable long id, @RequestBody(required = false) GridRule body) {
        edits.ruleHolder(id);
        grid.setRule(id, body, CurrentUser.get().username());
        return new Rules(grid.ownRule(id).orElse(null), grid.ruleFor(id));
    }

    @DeleteMapping("/grid/{id}/rule")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Remove a street's or district's rule: the one above, or 50–100 / 1 / 2–3, applies again")
    void clearRule(@PathVariable long id) {
        edits.ruleHolder(id);
        grid.clearRule(id);
    }

    @PostMapping("/grid/{id}/buildings")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Add a building to a compound, optionally in one of its micro-grids")
    BuildingView addBuilding(@PathVariable long id, @RequestBody(required = false) NewBuilding body) {
        edits.compound(id);
        if (body == null) {
            throw ProblemException.badRequest("building-number-required", "a building needs its number", Map.of("field", "number"));
        }
        long b = grid.createBuilding(id, body.microGridId(), body.number(), body.name(), body.floors(), null, null);
        return grid.building(b).orElseThrow();
    }

    @PostMapping("/grid/{id}/buildings/assign")
    @Operation(summary = "Move ticked buildings of a compound to one micro-grid, each move kept in the history")
    Assigned assign(@PathVariable long id, @RequestBody(required = false) Assign body) {
        edits.compound(id);
        if (body == null || body.microGridId() == null) {
            throw ProblemException.badRequest("micro-grid-required", "say which micro-grid", Map.of("field", "microGridId"));
        }
        for (long b : body.buildingIds() == null ? List.<Long>of() : body.buildingIds()) {
            if (edits.building(b).compoundId() != id) {
                throw ProblemException.badRequest("not-in-grid", "building " + b + " is not in this compound");
            }
        }
        return new Assigned(grid.moveBuildings(body.buildingIds(), body.microGridId(), body.reason(),
                CurrentUser.get().username()));
    }

    @PostMapping(value = "/grid/{id}/structure")
    @Operation(summary = "Load a structure sheet (楼栋/单元/楼层/房号/面积/微网格, xlsx or CSV) into a compound; "
            + "all or nothing; 422 with per-row errors (or, with Accept: xlsx, the sheet with an error column)")
    ResponseEntity<?> structure(@PathVariable long id, @RequestParam(required = false) MultipartFile file,
            @RequestHeader(name = "Accept", required = false) String accept) throws IOException {
        edits.compound(id);
        if (file == null || file.isEmpty()) {
            throw ProblemException.badRequest("file-required", "upload the sheet as the multipart part 'file'", Map.of("field", "file"));
        }
        StructureSheets.Outcome outcome = sheets.load(id, file.getBytes(), CurrentUser.get().username(),
                LocaleContextHolder.getLocale());
        if (outcome.written()) {
            return ResponseEntity.ok(outcome);
        }
        if (accept != null && accept.contains(XLSX)) {
            return ResponseEntity.status(422).contentType(MediaType.parseMediaType(XLSX))
                    .header("Content-Disposition", "attachment; filename=\"structure-errors.xlsx\"").body(outcome.errorCopy());
        }
        return ResponseEntity.status(422).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("code", "invalid-rows", "rows", outcome.rows(), "errors", outcome.errors()));
    }

    @PostMapping("/buildings/{id}/units")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Add a unit (单元) to a building")
    UnitView addUnit(@PathVariable long id, @RequestBody(required = false) NewUnit body) {
        edits.building(id);
        long unit = grid.createUnit(id, body == null ? null : body.number());
        return grid.unit(unit).orElseThrow();
    }

    @GetMapping("/buildings/{id}/rooms")
    @Operation(summary = "Rooms (households) of a building with floor, exclusive floor area and status")
    List<RoomView> rooms(@PathVariable long id) {
        edits.building(id);
        return grid.roomsOfBuilding(id);
    }

    @PostMapping("/buildings/{id}/rooms")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Add a room (household) to a unit of the building")
    RoomView addRoom(@PathVariable long id, @RequestBody(required = false) NewRoom body) {
        edits.building(id);
        if (body == null || body.unitId() == null) {
            throw ProblemException.badRequest("unit-required", "say which unit", Map.of("field", "unitId"));
        }
        UnitView unit = grid.unit(body.unitId()).orElseThrow(() -> ProblemException.notFound("unit", body.unitId()));
        if (unit.buildingId() != id) {
            throw ProblemException.badRequest("unit-not-in-building", "unit " + unit.id() + " is not in building " + id);
        }
        long room = grid.createRoom(body.unitId(), body.room(), body.floor(), body.area(), body.status());
        return grid.roomsOfBuilding(id).stream().filter(r -> r.id() == room).findFirst().orElseThrow();
    }

    @PutMapping("/rooms/{id}")
    @Operation(summary = "Change a room's exclusive floor area (m², null clears) and status")
    RoomView updateRoom(@PathVariable long id, @RequestBody(required = false) RoomChange body) {
        edits.household(id);
        return grid.updateRoom(id, body == null ? null : body.area(), body == null ? null : body.status());
    }
}
