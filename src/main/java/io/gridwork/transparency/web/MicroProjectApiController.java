package io.gridwork.transparency.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;
import org.springframework.web.util.WebUtils;

import io.gridwork.shared.security.CurrentUser;
import io.gridwork.shared.web.ProblemException;
import io.gridwork.transparency.internal.MicroProjects;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;

/** 民生微实事: a community's yearly round of small livelihood projects. */
@RestController
@RequestMapping("/api/transparency/micro")
@Tag(name = "Transparency")
class MicroProjectApiController {

    private final MicroProjects micro;

    MicroProjectApiController(MicroProjects micro) {
        this.micro = micro;
    }

    record Budget(Long budgetFen) {
    }

    record PhaseIn(MicroProjects.Phase phase) {
    }

    record Allocation(Long allocatedFen) {
    }

    @GetMapping
    @Operation(summary = "A community's round of a year (this year by default): budget, phase, allocated and spent, the "
            + "projects with the residents' choices, and the caller's own choice")
    MicroProjects.Round round(@RequestParam(required = false) Long communityId, @RequestParam(required = false) Integer year) {
        return micro.round(communityId, year, CurrentUser.get());
    }

    @PutMapping("/budget")
    @Operation(summary = "The community's staff open the year's round with its budget or change it (never below what is "
            + "allocated: 409 over-budget)")
    MicroProjects.Round budget(@RequestParam(required = false) Long communityId, @RequestParam(required = false) Integer year,
            @RequestBody(required = false) Budget body) {
        return micro.budget(communityId, year, body == null ? null : body.budgetFen(), CurrentUser.get());
    }

    @PostMapping("/phase")
    @Operation(summary = "The community's staff move the round on: PROPOSING → CHOOSING → DECIDED, never back")
    MicroProjects.Round phase(@RequestParam(required = false) Long communityId, @RequestParam(required = false) Integer year,
            @RequestBody(required = false) PhaseIn body) {
        return micro.phase(communityId, year, body == null ? null : body.phase(), CurrentUser.get());
    }

    @PostMapping("/projects")
    @Operation(summary = "A resident of the community proposes a project {communityId, year, title, description, estimateFen}")
    ResponseEntity<MicroProjects.Project> propose(@RequestBody(required = false) MicroProjects.NewProject body) {
        MicroProjects.Project p = micro.propose(body, CurrentUser.get());
        return ResponseEntity.created(URI.create("/api/transparency/micro/projects/" + p.id())).body(p);
    }

    @GetMapping("/projects/{id}")
    @Operation(summary = "A project with its choices, allocation, spending entries and completion photos")
    MicroProjects.Project get(@PathVariable long id) {
        return micro.get(id, CurrentUser.get());
    }

    @PostMapping("/projects/{id}/choice")
    @Operation(summary = "A resident chooses this project; one choice per resident per round (409 micro-chosen-already)")
    MicroProjects.Project choose(@PathVariable long id) {
        return micro.choose(id, CurrentUser.get());
    }

    @PostMapping("/projects/{id}/selection")
    @Operation(summary = "The community's staff select the project with an allocation {allocatedFen} within the budget (409 over-budget)")
    MicroProjects.Project select(@PathVariable long id, @RequestBody(required = false) Allocation body) {
        return micro.select(id, body == null ? null : body.allocatedFen(), CurrentUser.get());
    }

    @PostMapping("/projects/{id}/spending")
    @Operation(summary = "The community's staff book spending {amountFen, spentOn, description, receipt}; never over the "
            + "project's allocation (409 over-budget)")
    MicroProjects.Project spend(@PathVariable long id, @RequestBody(required = false) MicroProjects.NewSpend body) {
        return micro.spend(id, body, CurrentUser.get());
    }

    @PostMapping(path = "/projects/{id}/completion", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "The community's staff complete the project: a note and 'photos' parts (JPEG, PNG, GIF or BMP, checked by content)")
    MicroProjects.Project complete(@PathVariable long id, @RequestParam(required = false) String note, HttpServletRequest request) {
        return micro.complete(id, note, uploads(request), CurrentUser.get());
    }

    @GetMapping("/projects/{id}/photos/{photoId}")
    @Operation(summary = "A completion photo (JPEG)")
    ResponseEntity<byte[]> photo(@PathVariable long id, @PathVariable long photoId) throws IOException {
        byte[] bytes;
        try (var in = micro.photo(id, photoId, CurrentUser.get())) {
            bytes = in.readAllBytes();
        }
        return ResponseEntity.ok().contentType(MediaType.IMAGE_JPEG).cacheControl(CacheControl.noCache().cachePrivate()).body(bytes);
    }

    static List<MicroProjects.Upload> uploads(HttpServletRequest request) {
        MultipartHttpServletRequest multipart = WebUtils.getNativeRequest(request, MultipartHttpServletRequest.class);
        if (multipart == null) {
            throw ProblemException.badRequest("multipart-required", "send the photos as multipart/form-data 'photos' parts");
        }
        List<MicroProjects.Upload> out = new ArrayList<>();
        for (MultipartFile f : multipart.getFiles("photos")) {
            if (f.isEmpty() && (f.getOriginalFilename() == null || f.getOriginalFilename().isBlank())) {
                continue;
            }
            try {
                out.add(new MicroProjects.Upload(f.getOriginalFilename(), f.getBytes()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }
}
