package io.gridwork.iot.web;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridNode;
import io.gridwork.iot.internal.Device;
import io.gridwork.iot.internal.DeviceRegistry;
import io.gridwork.iot.internal.EventIngest;
import io.gridwork.iot.internal.HttpIntake;
import io.gridwork.iot.internal.RejectReason;
import io.gridwork.iot.internal.Rejects;
import io.gridwork.shared.security.CurrentUser;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.web.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;

@RestController
@RequestMapping("/api/iot")
@Tag(name = "IoT", description = "Smart scenes: the device registry, signed device events, rejected payloads")
class DeviceApiController {

    private final DeviceRegistry devices;
    private final HttpIntake intake;
    private final Rejects rejects;
    private final GridApi grid;

    DeviceApiController(DeviceRegistry devices, HttpIntake intake, Rejects rejects, GridApi grid) {
        this.devices = devices;
        this.intake = intake;
        this.rejects = rejects;
        this.grid = grid;
    }

    /** A device with its warnings and incidents. */
    record DeviceDetail(Device device, List<DeviceRegistry.Warning> warnings, List<DeviceRegistry.IncidentRow> incidents) {
    }

    record RejectsView(Map<RejectReason, Long> counts, List<Rejects.Reject> recent) {
    }

    @GetMapping("/devices")
    @Operation(summary = "Devices in the caller's grids, or in one grid of them")
    List<Device> list(@RequestParam(required = false) Long gridId) {
        GridworkUser user = CurrentUser.get();
        if (gridId == null) {
            return devices.list(user.scopePaths(), 500);
        }
        GridNode node = grid.node(gridId).orElseThrow(() -> ProblemException.notFound("grid", gridId));
        if (!user.covers(node.path())) {
            throw ProblemException.outOfReach("grid", gridId);
        }
        return devices.list(List.of(node.path()), 500);
    }

    @PostMapping("/devices")
    @Operation(summary = "Register a device; the response carries its secret, once")
    ResponseEntity<DeviceRegistry.Created> register(@RequestBody DeviceRegistry.Registration body) {
        DeviceRegistry.Created created = devices.register(body, CurrentUser.get());
        return ResponseEntity.created(URI.create("/api/iot/devices/" + created.device().id())).body(created);
    }

    @GetMapping("/devices/{id}")
    DeviceDetail show(@PathVariable long id) {
        Device d = devices.requireInScope(id, CurrentUser.get());
        return new DeviceDetail(d, devices.warnings(id, 50), devices.incidents(id, 50));
    }

    @GetMapping("/rejects")
    @Operation(summary = "Rejected payloads: counts per reason and the most recent ones (admins)")
    RejectsView rejects() {
        return new RejectsView(rejects.counts(), rejects.recent(100));
    }

    @PostMapping("/events")
    @Operation(summary = "A device event, signed with the device's key (see docs/api.md); no session, no CSRF token")
    ResponseEntity<EventIngest.Result> event(HttpServletRequest request,
            @RequestHeader(name = "X-Device-Code", required = false) String deviceCode,
            @RequestHeader(name = "X-Timestamp", required = false) String timestamp,
            @RequestHeader(name = "X-Nonce", required = false) String nonce,
            @RequestHeader(name = "X-Signature", required = false) String signature) throws IOException {
        byte[] body = read(request.getInputStream(), intake.maxBytes());
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(intake.receive(deviceCode, timestamp, nonce, signature, body));
    }

    /** The body, or null when it is longer than the limit. */
    private static byte[] read(InputStream in, long max) throws IOException {
        byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
        return bytes.length > max ? null : bytes;
    }
}
