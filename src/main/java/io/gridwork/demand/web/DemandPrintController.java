package io.gridwork.demand.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;
import org.springframework.web.util.WebUtils;

import io.gridwork.demand.DemandView;
import io.gridwork.demand.internal.DemandPhotos;
import io.gridwork.demand.internal.DemandPolicies;
import io.gridwork.demand.internal.DemandQueries;
import io.gridwork.shared.security.CurrentUser;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.web.ProblemException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The print view of one demand (A4, every step, photos as thumbnails) and the photo gallery fragment
 * that demand pages load with htmx ({@code hx-get="/demands/{id}/photos"}), with an upload form for
 * those who may add photos.
 */
@Controller
class DemandPrintController {

    /** Formats instants in the business time zone for pages. */
    public record Times(ZoneId zone) {
        private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

        public String of(Instant at) {
            return at == null ? "" : FORMAT.format(at.atZone(zone));
        }
    }

    static final Times TIMES = new Times(ZoneId.of("Asia/Shanghai"));

    private final DemandQueries queries;
    private final DemandPhotos photos;
    private final DemandPolicies policies;

    DemandPrintController(DemandQueries queries, DemandPhotos photos, DemandPolicies policies) {
        this.queries = queries;
        this.photos = photos;
        this.policies = policies;
    }

    @GetMapping("/demands/{id}/print")
    String print(@PathVariable long id, Locale locale, Model model) {
        GridworkUser user = CurrentUser.get();
        DemandView d = queries.view(id, user);
        model.addAttribute("d", d);
        model.addAttribute("category", policies.categories(d.communityId()).stream()
                .filter(c -> c.code().equals(d.categoryCode())).map(c -> c.name(locale)).findFirst().orElse(d.categoryCode()));
        model.addAttribute("photos", photos.listUnchecked(id));
        model.addAttribute("times", TIMES);
        model.addAttribute("printedAt", TIMES.of(Instant.now()));
        model.addAttribute("printedBy", user.displayName());
        return "demand/print";
    }

    @GetMapping("/demands/{id}/photos")
    String gallery(@PathVariable long id, Model model) {
        return gallery(id, model, null, null);
    }

    /** Upload from the gallery's form; answers with the gallery again (htmx swaps it in place). */
    @PostMapping("/demands/{id}/photos")
    String upload(@PathVariable long id, HttpServletRequest request, HttpServletResponse response, Model model) {
        GridworkUser user = CurrentUser.get();
        queries.view(id, user);
        try {
            MultipartHttpServletRequest multipart = WebUtils.getNativeRequest(request, MultipartHttpServletRequest.class);
            if (multipart == null) {
                throw ProblemException.badRequest("multipart-required", "multipart/form-data expected");
            }
            String stage = multipart.getParameter("stage");
            DemandPhotos.Stage s;
            try {
                s = stage == null ? null : DemandPhotos.Stage.valueOf(stage);
            } catch (IllegalArgumentException e) {
                throw ProblemException.badRequest("invalid-stage", "stage is REPORT or RESOLUTION");
            }
            List<DemandPhotos.Upload> uploads = new ArrayList<>();
            for (MultipartFile f : multipart.getFiles("file")) {
                if (f.isEmpty()) {
                    continue;
                }
                uploads.add(new DemandPhotos.Upload(f.getOriginalFilename(), f.getSize(),
                        f.getSize() > photos.maxBytes() ? null : f.getBytes()));
            }
            int added = photos.add(id, s, uploads, user).size();
            return gallery(id, model, added, null);
        } catch (ProblemException e) {
            if (e.refusesCaller()) {
                throw e; // not this viewer's demand, or none: an error page
            }
            // htmx swaps 2xx answers only: the gallery comes back with the reason and nothing was stored
            return gallery(id, model, null, e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String gallery(long id, Model model, Integer added, String error) {
        GridworkUser user = CurrentUser.get();
        List<DemandPhotos.Photo> list = photos.list(id, user);
        Set<DemandPhotos.Stage> open = photos.stagesOpenTo(id, user);
        model.addAttribute("demandId", id);
        model.addAttribute("report", list.stream().filter(p -> p.stage() == DemandPhotos.Stage.REPORT).toList());
        model.addAttribute("resolution", list.stream().filter(p -> p.stage() == DemandPhotos.Stage.RESOLUTION).toList());
        model.addAttribute("stages", open);
        model.addAttribute("perStage", photos.perStage());
        model.addAttribute("times", TIMES);
        model.addAttribute("added", added);
        model.addAttribute("error", error);
        model.addAttribute("accept", String.join(",", List.of("image/jpeg", "image/png", "image/gif", "image/bmp")));
        model.addAttribute("limits", Map.of("mb", photos.maxBytes() / (1024 * 1024)));
        return "demand/photo-gallery :: gallery";
    }
}
