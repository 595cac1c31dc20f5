package io.gridwork.lists.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;
import org.springframework.web.util.WebUtils;

import io.gridwork.campaign.CampaignApi;
import io.gridwork.demand.Party;
import io.gridwork.lists.internal.NeedService;
import io.gridwork.lists.internal.RectificationService;
import io.gridwork.lists.internal.ResourceService;
import io.gridwork.lists.internal.RoutineKind;
import io.gridwork.lists.internal.RoutineService;
import io.gridwork.shared.security.CurrentUser;
import io.gridwork.shared.web.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;

@RestController
@RequestMapping("/api")
@Tag(name = "Routine work and lists", description = "五寻常 routine work, and the needs, resources and rectification lists")
class ListsApiController {

    static final int MAX_LIST = 500;

    private final RoutineService routine;
    private final NeedService needs;
    private final ResourceService resources;
    private final RectificationService rectification;
    private final CampaignApi campaigns;

    ListsApiController(RoutineService routine, NeedService needs, ResourceService resources,
            RectificationService rectification, CampaignApi campaigns) {
        this.campaigns = campaigns;
        this.routine = routine;
        this.needs = needs;
        this.resources = resources;
        this.rectification = rectification;
    }

    static int limit(int limit) {
        if (limit < 1 || limit > MAX_LIST) {
            throw ProblemException.badRequest("invalid-limit", "1 ≤ limit ≤ " + MAX_LIST);
        }
        return limit;
    }

    // ---- routine work ---------------------------------------------------------------------------

    @PostMapping("/routine")
    @Operation(summary = "Log a piece of routine work on households or a grid; an INFO_COLLECTION entry marks its households checked")
    ResponseEntity<RoutineService.Entry> log(@RequestBody RoutineService.NewEntry body) {
        RoutineService.Entry e = routine.log(body, CurrentUser.get());
        return ResponseEntity.created(URI.create("/api/routine/" + e.id())).body(e);
    }

    @GetMapping("/routine")
    @Operation(summary = "Routine work in my grids, newest first")
    List<RoutineService.Entry> entries(@RequestParam(required = false) Long gridId, @RequestParam(required = false) RoutineKind kind,
            @RequestParam(required = false) Long workerAccountId,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            @RequestParam(defaultValue = "100") int limit) {
        return routine.list(new RoutineService.Filter(gridId, kind, workerAccountId, from, to, limit(limit)), CurrentUser.get());
    }

    @GetMapping("/routine/{id}")
    @Operation(summary = "One routine entry")
    RoutineService.Entry entry(@PathVariable long id) {
        return routine.get(id, CurrentUser.get());
    }

    @GetMapping("/routine/counts")
    @Operation(summary = "Routine work of a grid's subtree over a period (default: this month), per child grid and per worker")
    RoutineService.Counts counts(@RequestParam(required = false) Long gridId,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        return routine.counts(gridId, from, to, CurrentUser.get());
    }

    @GetMapping("/routine/info-list")
    @Operation(summary = "The information-collection list of a grid: households, when last checked, stale after `months`")
    RoutineService.InfoList infoList(@RequestParam(required = false) Long gridId, @RequestParam(required = false) Integer months,
            @RequestParam(defaultValue = "false") boolean staleOnly, @RequestParam(defaultValue = "500") int limit,
            @RequestParam(defaultValue = "0") int offset) {
        if (limit < 1 || limit > 5000) {
            throw ProblemException.badRequest("invalid-limit", "1 ≤ limit ≤ 5000");
        }
        if (offset < 0) {
            throw ProblemException.badRequest("invalid-offset", "offset ≥ 0", java.util.Map.of("field", "offset"));
        }
        return routine.infoList(gridId, months, staleOnly, offset, limit, CurrentUser.get());
    }

    // ---- needs ----------------------------------------------------------------------------------

    record NeedChange(NeedService.Status status, String note) {
    }

    @PostMapping("/needs")
    @Operation(summary = "Add a need: by hand, from an opinion-collection or visit entry (routineEntryId), or from a demand (demandId)")
    ResponseEntity<NeedService.Need> addNeed(@RequestBody NeedService.NewNeed body) {
        NeedService.Need n = needs.create(body, CurrentUser.get());
        return ResponseEntity.created(URI.create("/api/needs/" + n.id())).body(n);
    }

    @GetMapping("/needs")
    @Operation(summary = "The needs list (需求清单) of my grids")
    List<NeedService.Need> needs(@RequestParam(required = false) Long gridId,
            @RequestParam(required = false) Set<NeedService.Status> status,
            @RequestParam(required = false) NeedService.Category category,
            @RequestParam(required = false) NeedService.Source source,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            @RequestParam(required = false) String q, @RequestParam(defaultValue = "100") int limit) {
        return needs.list(new NeedService.Filter(gridId, status, category, source, from, to, q, limit(limit)), CurrentUser.get());
    }

    @GetMapping("/needs/{id}")
    NeedService.Need need(@PathVariable long id) {
        return needs.get(id, CurrentUser.get());
    }

    @PostMapping("/needs/{id}/status")
    @Operation(summary = "Move a need: OPEN → IN_PROGRESS → MET, or DROPPED")
    NeedService.Need needStatus(@PathVariable long id, @RequestBody NeedChange body) {
        if (body == null) {
            throw ProblemException.badRequest("body-required", "send the change as JSON");
        }
        return needs.changeStatus(id, body.status(), body.note(), CurrentUser.get());
    }

    // ---- resources ------------------------------------------------------------------------------

    @PostMapping("/resources")
    @Operation(summary = "Add a resource (people with skills, spaces, merchants, organisations); the phone is stored encrypted")
    ResponseEntity<ResourceService.Resource> addResource(@RequestBody ResourceService.NewResource body) {
        ResourceService.Resource r = resources.create(body, CurrentUser.get());
        return ResponseEntity.created(URI.create("/api/resources/" + r.id())).body(r);
    }

    @GetMapping("/resources")
    @Operation(summary = "The resources list (资源清单) of my grids; phone numbers masked")
    List<ResourceService.Resource> resources(@RequestParam(required = false) Long gridId,
            @RequestParam(required = false) ResourceService.Kind kind, @RequestParam(required = false) String q,
            @RequestParam(required = false) Boolean active, @RequestParam(defaultValue = "100") int limit) {
        return resources.list(new ResourceService.Filter(gridId, kind, q, active, limit(limit)), CurrentUser.get());
    }

    @GetMapping("/resources/{id}")
    ResourceService.Resource resource(@PathVariable long id) {
        return resources.get(id, CurrentUser.get());
    }

    // ---- rectification --------------------------------------------------------------------------

    @PostMapping("/rectifications")
    @Operation(summary = "Record a problem found (by workers or residents' 问题大家找); sweeps add theirs by event")
    ResponseEntity<RectificationService.Item> addItem(@RequestBody RectificationService.NewItem body) {
        RectificationService.Item i = rectification.create(body, CurrentUser.get());
        return ResponseEntity.created(URI.create("/api/rectifications/" + i.id())).body(i);
    }

    @GetMapping("/rectifications")
    @Operation(summary = "The rectification list (整治清单) of my grids; status may be OPEN, IN_PROGRESS, RECTIFIED, OVERDUE")
    List<RectificationService.Item> items(@RequestParam(required = false) Long gridId,
            @RequestParam(required = false) Set<RectificationService.Shown> status,
            @RequestParam(required = false) RectificationService.Source source, @RequestParam(required = false) Party party,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            @RequestParam(required = false) String q, @RequestParam(defaultValue = "100") int limit) {
        return rectification.list(new RectificationService.Filter(gridId, status, source, party, from, to, q, limit(limit)),
                CurrentUser.get());
    }

    @GetMapping("/rectifications/{id}")
    RectificationService.Item item(@PathVariable long id) {
        return rectification.get(id, CurrentUser.get());
    }

    @PostMapping("/rectifications/{id}/status")
    @Operation(summary = "OPEN → IN_PROGRESS (with measures and deadline) → RECTIFIED (with a note, after evidence photos)")
    RectificationService.Item itemStatus(@PathVariable long id, @RequestBody RectificationService.Change body) {
        return rectification.change(id, body, List.of(), CurrentUser.get());
    }

    @PostMapping("/rectifications/{id}/photos")
    @Operation(summary = "Add evidence photos (multipart 'file' parts), at most 9 per item; re-encoded without EXIF")
    ResponseEntity<RectificationService.Item> photos(@PathVariable long id, HttpServletRequest request) {
        return ResponseEntity.status(201).body(rectification.addPhotos(id, uploads(request, "file"), CurrentUser.get()));
    }

    static List<RectificationService.Upload> uploads(HttpServletRequest request, String part) {
        MultipartHttpServletRequest multipart = WebUtils.getNativeRequest(request, MultipartHttpServletRequest.class);
        if (multipart == null) {
            throw ProblemException.badRequest("multipart-required", "send the photos as multipart/form-data '" + part + "' parts");
        }
        List<RectificationService.Upload> out = new ArrayList<>();
        for (MultipartFile f : multipart.getFiles(part)) {
            if (f.isEmpty() && (f.getOriginalFilename() == null || f.getOriginalFilename().isBlank())) {
                continue; // an empty file input on a form
            }
            try {
                out.add(new RectificationService.Upload(f.getOriginalFilename(), f.getBytes()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    @GetMapping("/rectifications/{id}/photos/{photoId}")
    @Operation(summary = "An evidence photo (JPEG)")
    ResponseEntity<byte[]> photo(@PathVariable long id, @PathVariable long photoId) throws IOException {
        byte[] bytes;
        try (var in = rectification.photo(id, photoId, CurrentUser.get())) {
            bytes = in.readAllBytes();
        }
        return ResponseEntity.ok().contentType(MediaType.IMAGE_JPEG).cacheControl(CacheControl.noCache().cachePrivate())
                .body(bytes);
    }

    @GetMapping("/rectifications/{id}/sweep-photos/{photoId}")
    @Operation(summary = "A photo taken on the sweep visit that found the item (JPEG; thumb=true for the thumbnail), "
            + "for whoever may see the item")
    ResponseEntity<byte[]> sweepPhoto(@PathVariable long id, @PathVariable long photoId,
            @RequestParam(defaultValue = "false") boolean thumb) throws IOException {
        rectification.sweepPhotoItem(id, photoId, CurrentUser.get());
        CampaignApi.PhotoContent c = campaigns.visitPhoto(photoId, thumb)
                .orElseThrow(() -> ProblemException.notFound("photo", photoId));
        byte[] bytes;
        try (var in = c.stream()) {
            bytes = in.readAllBytes();
        }
        return ResponseEntity.ok().contentType(MediaType.IMAGE_JPEG).cacheControl(CacheControl.noCache().cachePrivate())
                .eTag(c.etag()).body(bytes);
    }

    @GetMapping("/rectifications/rate")
    @Operation(summary = "The rectification rate (整改率 = rectified / found) of a grid and its children over a period")
    RectificationService.Rates rate(@RequestParam(required = false) Long gridId,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        return rectification.rates(gridId, from, to, CurrentUser.get());
    }
}
