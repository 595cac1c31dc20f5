package io.gridwork.iot.web;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.gridwork.demand.Party;
import io.gridwork.grid.GridApi;
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

    /** Devices listed a page. */
    static final int PAGE = 50;

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
    String list(@RequestParam(required = false) Long after, Model model) {
        boolean bad = after != null && after <= 0;
        if (bad) {
            model.addAttribute("error", problems.text("invalid-cursor", "after is the id of a device listed before"));
        }
        return listPage(model, CurrentUser.get(), bad ? null : after);
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
            return listPage(model, user, null);
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

    /** A page of {@link #PAGE} devices, newest first, from the one after {@code after} (null: the first page). */
    private String listPage(Model model, GridworkUser user, Long after) {
        // the next page starts after this one's last (a city's devices are thousands)
        model.addAttribute("after", after);
        List<Device> page = devices.list(user.scopePaths(), after, PAGE + 1);
        model.addAttribute("devices", page.subList(0, Math.min(PAGE, page.size())));
        model.addAttribute("next", page.size() > PAGE ? page.get(PAGE - 1).id() : null);
        model.addAttribute("types", DeviceType.values());
        model.addAttribute("parties", Party.values());
        model.addAttribute("fmt", this);
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", new DeviceRegistry.Registration("", "", "", null, null, "", "PROPERTY"));
        }
        return "iot/devices";
    }
}
