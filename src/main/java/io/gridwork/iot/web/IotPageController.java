package io.gridwork.iot.web;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.gridwork.demand.Party;
import io.gridwork.grid.BuildingView;
import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridNode;
import io.gridwork.iot.internal.Device;
import io.gridwork.iot.internal.DeviceRegistry;
import io.gridwork.iot.internal.DeviceType;
import io.gridwork.iot.internal.Rejects;
import io.gridwork.shared.security.CurrentUser;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.web.ProblemException;
import io.gridwork.shared.web.ProblemMessages;

/** The device pages: the registry of the viewer's grids, registering (the secret is shown once), a device, rejects. */
@Controller
class IotPageController {

    /** A compound (or micro-grid) and its buildings, an optgroup of the building picker. */
    record BuildingGroup(String label, List<BuildingView> buildings) {
    }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.of("Asia/Shanghai"));

    private final DeviceRegistry devices;
    private final Rejects rejects;
    private final GridApi grid;
    private final ProblemMessages problems;

    IotPageController(DeviceRegistry devices, Rejects rejects, GridApi grid, ProblemMessages problems) {
        this.devices = devices;
        this.rejects = rejects;
        this.grid = grid;
        this.problems = problems;
    }

    @GetMapping("/iot/devices")
    String list(Model model) {
        return listPage(model, CurrentUser.get());
    }

    @PostMapping("/iot/devices")
    String register(@RequestParam(required = false) String code, @RequestParam(required = false) String type,
            @RequestParam(required = false) String name, @RequestParam(required = false) Long buildingId,
            @RequestParam(required = false) String locationText, @RequestParam(required = false) String owner,
            Model model) {
        GridworkUser user = CurrentUser.get();
        try {
            DeviceRegistry.Created created = devices.register(
                    new DeviceRegistry.Registration(code, type, name, buildingId, null, locationText, owner), user);
            model.addAttribute("device", created.device());
            model.addAttribute("secret", created.secret());
            model.addAttribute("fmt", this);
            return "iot/created";
        } catch (ProblemException e) {
            model.addAttribute("error", problems.text(e));
            model.addAttribute("form", new DeviceRegistry.Registration(code, type, name, buildingId, null, locationText, owner));
            return listPage(model, user);
        }
    }

    @GetMapping("/iot/devices/{id}")
    String show(@PathVariable long id, Model model) {
        Device d = devices.requireInScope(id, CurrentUser.get());
        model.addAttribute("device", d);
        model.addAttribute("building", grid.building(d.buildingId()).orElse(null));
        model.addAttribute("warnings", devices.warnings(id, 50));
        model.addAttribute("incidents", devices.incidents(id, 50));
        model.addAttribute("fmt", this);
        return "iot/device";
    }

    @GetMapping("/iot/rejects")
    String rejects(Model model) {
        model.addAttribute("counts", rejects.counts());
        model.addAttribute("recent", rejects.recent(100));
        model.addAttribute("fmt", this);
        return "iot/rejects";
    }

    public String time(Instant at) {
        return at == null ? "—" : TIME.format(at);
    }

    private String listPage(Model model, GridworkUser user) {
        model.addAttribute("devices", devices.list(user.scopePaths(), 500));
        model.addAttribute("types", DeviceType.values());
        model.addAttribute("parties", Party.values());
        model.addAttribute("buildingGroups", buildingsInScope(user));
        model.addAttribute("fmt", this);
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", new DeviceRegistry.Registration("", "", "", null, null, "", "PROPERTY"));
        }
        return "iot/devices";
    }

    private List<BuildingGroup> buildingsInScope(GridworkUser user) {
        List<BuildingGroup> groups = new ArrayList<>();
        for (GridNode root : grid.topsOf(user.scopePaths())) {
            collect(root, groups);
        }
        return groups;
    }

    private void collect(GridNode node, List<BuildingGroup> groups) {
        if (groups.size() > 200) {
            return;
        }
        switch (node.level()) {
            case MICRO, COMPOUND, SPECIAL -> {
                List<BuildingView> buildings = grid.buildingsOf(node.id());
                if (!buildings.isEmpty()) {
                    groups.add(new BuildingGroup(node.name(), buildings));
                }
            }
            default -> grid.children(node.id()).forEach(c -> collect(c, groups));
        }
    }
}
