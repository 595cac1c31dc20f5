package io.gridwork.grid.web;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.gridwork.grid.BuildingView;
import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridLevel;
import io.gridwork.grid.GridNode;
import io.gridwork.grid.GridRule;
import io.gridwork.grid.RoomView;
import io.gridwork.grid.UnitView;
import io.gridwork.grid.internal.MapSettings;
import io.gridwork.grid.internal.StructureSheets;
import io.gridwork.shared.security.CurrentUser;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.web.ProblemException;
import io.gridwork.shared.web.ProblemMessages;
import jakarta.servlet.http.HttpSession;

/**
 * The structure pages: managing a grid (add a child, rename, move, retire, the micro-grid rule), a
 * compound's buildings (add, assign to micro-grids in bulk, the structure sheet), a building's units
 * and rooms, and the map page that shows and draws boundaries.
 */
@Controller
class GridStructurePageController {

    private static final String ERRORS = "gridwork.structure.errors.";

    private final GridApi grid;
    private final GridEdits edits;
    private final StructureSheets sheets;
    private final MapSettings map;
    private final ProblemMessages problems;
    private final MessageSource messages;

    GridStructurePageController(GridApi grid, GridEdits edits, StructureSheets sheets, MapSettings map,
            ProblemMessages problems, MessageSource messages) {
        this.grid = grid;
        this.edits = edits;
        this.sheets = sheets;
        this.map = map;
        this.problems = problems;
        this.messages = messages;
    }

    private String msg(String key, Object... args) {
        return messages.getMessage(key, args, key, LocaleContextHolder.getLocale());
    }

    /** Runs a change; a refusal becomes the page's error message, success its notice. */
    private String act(RedirectAttributes flash, String to, Supplier<String> change) {
        try {
            flash.addFlashAttribute("notice", change.get());
        } catch (ProblemException e) {
            if (e.status().value() == 403) {
                throw e;
            }
            flash.addFlashAttribute("error", problems.text(e));
        }
        return "redirect:" + to;
    }

    private List<GridNode> crumbs(long id) {
        GridworkUser user = CurrentUser.get();
        return grid.lineage(id).stream().filter(n -> user.covers(n.path())).toList();
    }

    // ---- managing a grid ----

    @GetMapping("/grid/{id}/manage")
    String manage(@PathVariable long id, Model model) {
        GridNode node = edits.covered(id);
        GridworkUser user = CurrentUser.get();
        model.addAttribute("node", node);
        model.addAttribute("crumbs", crumbs(id));
        List<GridLevel> childLevels = node.level().childLevels().stream()
                .filter(l -> user.isAdmin() || (l != GridLevel.STREET && l != GridLevel.DISTRICT))
                .sorted().toList();
        model.addAttribute("childLevels", node.retired() ? List.of() : childLevels);
        GridNode parent = node.parentId() == null ? null : grid.node(node.parentId()).orElse(null);
        boolean changeable = !node.retired() && (user.isAdmin() || (parent != null && user.covers(parent.path())));
        model.addAttribute("changeable", changeable);
        model.addAttribute("parent", parent);
        model.addAttribute("targets", changeable ? grid.moveTargets(id, user.scopePaths()) : List.of());
        model.addAttribute("children", grid.children(id));
        boolean ruleHolder = node.level() == GridLevel.STREET || node.level() == GridLevel.DISTRICT;
        model.addAttribute("ruleHolder", ruleHolder);
        model.addAttribute("ownRule", grid.ownRule(id).orElse(null));
        model.addAttribute("rule", grid.ruleFor(id));
        return "grid/manage";
    }

    @PostMapping("/grid/districts")
    String addDistrict(@RequestParam(required = false) String name, @RequestParam(required = false) String code,
            RedirectAttributes flash) {
        if (!CurrentUser.get().isAdmin()) {
            throw ProblemException.forbidden("only administrators create districts");
        }
        return act(flash, "/grid", () -> {
            GridNode d = grid.create(null, GridLevel.DISTRICT, name, null, code);
            return msg("structure.created", d.name(), d.code());
        });
    }

    @PostMapping("/grid/{id}/children")
    String addChild(@PathVariable long id, @RequestParam(required = false) GridLevel level,
            @RequestParam(required = false) String name, @RequestParam(required = false) String specialKind,
            RedirectAttributes flash) {
        if (level == null) {
            edits.covered(id);
            flash.addFlashAttribute("error", problems.text("level-required", "level"));
            return "redirect:/grid/" + id + "/manage";
        }
        edits.parentFor(id, level);
        return act(flash, "/grid/" + id + "/manage", () -> {
            GridNode child = grid.create(id, level, name, specialKind, null);
            return msg("structure.created", child.name(), child.code());
        });
    }

    @PostMapping("/grid/{id}/rename")
    String rename(@PathVariable long id, @RequestParam(required = false) String name, RedirectAttributes flash) {
        edits.changeable(id);
        return act(flash, "/grid/" + id + "/manage", () -> msg("structure.renamed", grid.rename(id, name).name()));
    }

    @PostMapping("/grid/{id}/move")
    String move(@PathVariable long id, @RequestParam(required = false) Long parentId, RedirectAttributes flash) {
        edits.changeable(id);
        if (parentId == null) {
            flash.addFlashAttribute("error", problems.text("parent-required", "parentId"));
            return "redirect:/grid/" + id + "/manage";
        }
        GridNode parent = edits.covered(parentId);
        return act(flash, "/grid/" + id + "/manage", () -> msg("structure.moved", grid.move(id, parentId).name(), parent.name()));
    }

    @PostMapping("/grid/{id}/retire")
    String retire(@PathVariable long id, @RequestParam(required = false) String confirm, RedirectAttributes flash) {
        GridNode node = edits.changeable(id);
        if (confirm == null) {
            flash.addFlashAttribute("error", problems.text("confirm-required", "confirm"));
            return "redirect:/grid/" + id + "/manage";
        }
        try {
            grid.retire(id);
        } catch (ProblemException e) {
            if (e.status().value() == 403) {
                throw e;
            }
            flash.addFlashAttribute("error", problems.text(e));
            return "redirect:/grid/" + id + "/manage";
        }
        flash.addFlashAttribute("notice", msg("structure.retired", node.name()));
        return "redirect:/grid/" + node.parentId();
    }

    @PostMapping("/grid/{id}/rule")
    String rule(@PathVariable long id, @RequestParam(required = false) Integer minHouseholds,
            @RequestParam(required = false) Integer maxHouseholds, @RequestParam(required = false) Integer leaders,
            @RequestParam(required = false) Integer minWorkers, @RequestParam(required = false) Integer maxWorkers,
            @RequestParam(required = false) String clear, RedirectAttributes flash) {
        edits.ruleHolder(id);
        return act(flash, "/grid/" + id + "/manage", () -> {
            if (clear != null) {
                grid.clearRule(id);
                return msg("structure.ruleCleared");
            }
            if (minHouseholds == null || maxHouseholds == null || leaders == null || minWorkers == null || maxWorkers == null) {
                throw ProblemException.badRequest("invalid-rule", "all five numbers are needed");
            }
            grid.setRule(id, new GridRule(minHouseholds, maxHouseholds, leaders, minWorkers, maxWorkers),
                    CurrentUser.get().username());
            return msg("structure.ruleSaved");
        });
    }

    // ---- a compound's buildings ----

    @GetMapping("/grid/{id}/structure")
    String structure(@PathVariable long id, Model model, HttpSession session) {
        GridNode node = edits.covered(id);
        if (!node.level().holdsBuildings()) {
            GridNode compound = grid.compoundOf(id).orElseThrow(() -> ProblemException.badRequest("invalid-level",
                    node.name() + " holds no buildings"));
            return "redirect:/grid/" + compound.id() + "/structure";
        }
        model.addAttribute("node", node);
        model.addAttribute("crumbs", crumbs(id));
        model.addAttribute("buildings", grid.buildingsOf(id));
        model.addAttribute("micros", grid.microGridsUnder(id));
        model.addAttribute("hasErrorCopy", session.getAttribute(ERRORS + id) != null);
        return "grid/structure";
    }

    @PostMapping("/grid/{id}/buildings")
    String addBuilding(@PathVariable long id, @RequestParam(required = false) String number,
            @RequestParam(required = false) String name, @RequestParam(required = false) Integer floors,
            @RequestParam(required = false) Long microGridId, RedirectAttributes flash) {
        edits.compound(id);
        return act(flash, "/grid/" + id + "/structure", () -> {
            long b = grid.createBuilding(id, microGridId, number, name, floors, null, null);
            return msg("structure.buildingAdded", grid.building(b).orElseThrow().name());
        });
    }

    @PostMapping("/grid/{id}/buildings/assign")
    String assign(@PathVariable long id, @RequestParam(required = false) List<Long> buildingIds,
            @RequestParam(required = false) Long microGridId, @RequestParam(required = false) String reason,
            RedirectAttributes flash) {
        edits.compound(id);
        return act(flash, "/grid/" + id + "/structure", () -> {
            if (microGridId == null) {
                throw ProblemException.badRequest("micro-grid-required", "say which micro-grid");
            }
            for (long b : buildingIds == null ? List.<Long>of() : buildingIds) {
                if (edits.building(b).compoundId() != id) {
                    throw ProblemException.badRequest("not-in-grid", "building " + b + " is not in this compound");
                }
            }
            int moved = grid.moveBuildings(buildingIds, microGridId, reason, CurrentUser.get().username());
            return msg("structure.assigned", moved, grid.node(microGridId).map(GridNode::name).orElse(""));
        });
    }

    @PostMapping("/grid/{id}/structure")
    String upload(@PathVariable long id, @RequestParam(required = false) MultipartFile file, RedirectAttributes flash,
            HttpSession session) throws IOException {
        edits.compound(id);
        session.removeAttribute(ERRORS + id);
        if (file == null || file.isEmpty()) {
            flash.addFlashAttribute("error", problems.text("file-required", "file"));
            return "redirect:/grid/" + id + "/structure";
        }
        byte[] bytes = file.getBytes();
        return act(flash, "/grid/" + id + "/structure", () -> {
            StructureSheets.Outcome o = sheets.load(id, bytes, CurrentUser.get().username(), LocaleContextHolder.getLocale());
            if (!o.written()) {
                session.setAttribute(ERRORS + id, o.errorCopy());
                flash.addFlashAttribute("rowErrors", new ArrayList<>(o.errors().size() > 200 ? o.errors().subList(0, 200) : o.errors()));
                flash.addFlashAttribute("rowErrorCount", o.errors().size());
                throw ProblemException.badRequest("structure-invalid-rows", String.valueOf(o.errors().size()));
            }
            return msg("structure.loaded", o.rows(), o.buildingsCreated(), o.unitsCreated(), o.householdsCreated(),
                    o.householdsUpdated(), o.buildingsMoved());
        });
    }

    @GetMapping("/grid/{id}/structure/errors")
    ResponseEntity<byte[]> errorCopy(@PathVariable long id, HttpSession session) {
        edits.compound(id);
        byte[] copy = (byte[]) session.getAttribute(ERRORS + id);
        if (copy == null) {
            throw ProblemException.notFound("error copy", id);
        }
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(GridStructureApiController.XLSX))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"structure-errors.xlsx\"").body(copy);
    }

    // ---- a building: units and rooms ----

    record UnitRooms(UnitView unit, List<RoomView> rooms) {
    }

    @GetMapping("/buildings/{id}")
    String building(@PathVariable long id, Model model) {
        BuildingView b = edits.building(id);
        model.addAttribute("building", b);
        model.addAttribute("compound", grid.node(b.compoundId()).orElseThrow());
        model.addAttribute("crumbs", crumbs(b.compoundId()));
        Map<Long, UnitRooms> units = new LinkedHashMap<>();
        for (UnitView u : grid.unitsOf(id)) {
            units.put(u.id(), new UnitRooms(u, new ArrayList<>()));
        }
        for (RoomView r : grid.roomsOfBuilding(id)) {
            units.get(r.unitId()).rooms().add(r);
        }
        model.addAttribute("units", units.values());
        model.addAttribute("statuses", List.of("OCCUPIED", "RENTED", "VACANT", "BUSINESS"));
        return "grid/building";
    }

    @PostMapping("/buildings/{id}/units")
    String addUnit(@PathVariable long id, @RequestParam(required = false) String number, RedirectAttributes flash) {
        edits.building(id);
        return act(flash, "/buildings/" + id, () -> {
            grid.createUnit(id, number);
            return msg("structure.unitAdded", number.strip());
        });
    }

    @PostMapping("/buildings/{id}/rooms")
    String addRoom(@PathVariable long id, @RequestParam(required = false) Long unitId,
            @RequestParam(required = false) String room, @RequestParam(required = false) String floor,
            @RequestParam(required = false) String area, @RequestParam(required = false) String status,
            RedirectAttributes flash) {
        edits.building(id);
        return act(flash, "/buildings/" + id, () -> {
            if (unitId == null || grid.unit(unitId).map(UnitView::buildingId).orElse(-1L) != id) {
                throw ProblemException.badRequest("unit-required", "say which unit");
            }
            grid.createRoom(unitId, room, integer(floor), decimal(area), status);
            return msg("structure.roomAdded", room.strip());
        });
    }

    @PostMapping("/buildings/{id}/rooms/update")
    String updateRoom(@PathVariable long id, @RequestParam(required = false) Long householdId,
            @RequestParam(required = false) String area, @RequestParam(required = false) String status,
            RedirectAttributes flash) {
        edits.building(id);
        return act(flash, "/buildings/" + id, () -> {
            if (householdId == null || edits.household(householdId).buildingId() != id) {
                throw ProblemException.badRequest("unit-required", "say which room");
            }
            RoomView r = grid.updateRoom(householdId, decimal(area), status);
            return msg("structure.roomSaved", r.unitNumber(), r.room());
        });
    }

    private static Integer integer(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(s.strip());
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest("invalid-floor", "the floor is a whole number");
        }
    }

    private static BigDecimal decimal(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return new BigDecimal(s.strip());
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest("invalid-area", "the area is a number of m²");
        }
    }

    // ---- the map ----

    record Outline(long id, String name, String geoJson) {
    }

    @GetMapping("/grid/{id}/map")
    String map(@PathVariable long id, Model model) {
        GridNode node = edits.covered(id);
        model.addAttribute("node", node);
        model.addAttribute("crumbs", crumbs(id));
        List<GridNode> children = grid.children(id);
        List<Long> ids = new ArrayList<>(children.stream().map(GridNode::id).toList());
        ids.add(id);
        Map<Long, String> boundaries = grid.boundaries(ids);
        model.addAttribute("boundary", map.forDisplay(boundaries.get(id)));
        List<Outline> outlines = new ArrayList<>();
        for (GridNode c : children) {
            if (boundaries.containsKey(c.id())) {
                outlines.add(new Outline(c.id(), c.name(), map.forDisplay(boundaries.get(c.id()))));
            }
        }
        model.addAttribute("outlines", outlines);
        model.addAttribute("tileUrl", map.tileUrl());
        model.addAttribute("attribution", map.attribution());
        model.addAttribute("subdomains", map.subdomains());
        model.addAttribute("crs", map.gcj02() ? "GCJ02" : "WGS84");
        return "grid/map";
    }

    @PostMapping("/grid/{id}/boundary")
    String boundary(@PathVariable long id, @RequestParam(required = false) String points,
            @RequestParam(required = false) MultipartFile file, @RequestParam(required = false) String clear,
            RedirectAttributes flash) throws IOException {
        edits.covered(id);
        String uploaded = file == null || file.isEmpty() ? null : new String(file.getBytes(), java.nio.charset.StandardCharsets.UTF_8);
        return act(flash, "/grid/" + id + "/map", () -> {
            if (clear != null) {
                grid.setBoundary(id, null);
                return msg("structure.boundaryCleared");
            }
            if (uploaded != null) {
                grid.setBoundary(id, uploaded.startsWith("\uFEFF") ? uploaded.substring(1) : uploaded);
            } else {
                grid.setBoundary(id, map.drawnPolygon(points));
            }
            return msg("structure.boundarySaved");
        });
    }
}
