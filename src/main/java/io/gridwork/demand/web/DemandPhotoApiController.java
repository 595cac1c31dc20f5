package io.gridwork.demand.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;
import org.springframework.web.util.WebUtils;

import io.gridwork.demand.internal.DemandPhotos;
import io.gridwork.shared.security.CurrentUser;
import io.gridwork.shared.web.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;

@RestController
@RequestMapping("/api/demands/{id}/photos")
@Tag(name = "Demand photos", description = "Photos with the report and with the resolution; re-encoded, without EXIF")
class DemandPhotoApiController {

    private final DemandPhotos photos;

    DemandPhotoApiController(DemandPhotos photos) {
        this.photos = photos;
    }

    /** A photo as the API lists it, with the URLs of the image and its thumbnail. */
    record PhotoJson(long id, DemandPhotos.Stage stage, int width, int height, long bytes, String uploadedBy,
            java.time.Instant uploadedAt, String url, String thumbnailUrl) {

        static PhotoJson of(DemandPhotos.Photo p) {
            String url = "/api/demands/" + p.demandId() + "/photos/" + p.id();
            return new PhotoJson(p.id(), p.stage(), p.width(), p.height(), p.bytes(), p.uploadedBy(), p.uploadedAt(), url,
                    url + "/thumbnail");
        }
    }

    @PostMapping
    @Operation(summary = "Add photos (multipart: one or more 'file' parts and 'stage' REPORT or RESOLUTION); "
            + "all or none; at most 9 per stage, 10 MB and 40 megapixels each")
    ResponseEntity<List<PhotoJson>> upload(@PathVariable long id, HttpServletRequest request) {
        MultipartHttpServletRequest multipart = WebUtils.getNativeRequest(request, MultipartHttpServletRequest.class);
        if (multipart == null) {
            throw ProblemException.badRequest("multipart-required",
                    "send the photos as multipart/form-data with 'file' parts and a 'stage'");
        }
        DemandPhotos.Stage stage = stage(multipart.getParameter("stage"));
        List<DemandPhotos.Upload> uploads = new ArrayList<>();
        for (MultipartFile f : multipart.getFiles("file")) {
            try {
                // a part over the limit is refused before it is read into memory
                uploads.add(new DemandPhotos.Upload(f.getOriginalFilename(), f.getSize(),
                        f.getSize() > photos.maxBytes() ? null : f.getBytes()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        List<DemandPhotos.Photo> added = photos.add(id, stage, uploads, CurrentUser.get());
        return ResponseEntity.status(201).body(added.stream().map(PhotoJson::of).toList());
    }

    private static DemandPhotos.Stage stage(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return DemandPhotos.Stage.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("invalid-stage", "stage is REPORT or RESOLUTION", Map.of("field", "stage"));
        }
    }

    @GetMapping
    @Operation(summary = "The photos of a demand, report first")
    List<PhotoJson> list(@PathVariable long id) {
        return photos.list(id, CurrentUser.get()).stream().map(PhotoJson::of).toList();
    }

    @GetMapping("/{photoId}")
    @Operation(summary = "The photo (JPEG, up to 2560 px)")
    ResponseEntity<byte[]> image(@PathVariable long id, @PathVariable long photoId) {
        return serve(photos.open(id, photoId, false, CurrentUser.get()), "photo-" + photoId + ".jpg");
    }

    @GetMapping("/{photoId}/thumbnail")
    @Operation(summary = "The thumbnail (JPEG, up to 320 px) for lists")
    ResponseEntity<byte[]> thumbnail(@PathVariable long id, @PathVariable long photoId) {
        return serve(photos.open(id, photoId, true, CurrentUser.get()), "photo-" + photoId + "-thumb.jpg");
    }

    static ResponseEntity<byte[]> serve(DemandPhotos.Content c, String filename) {
        byte[] bytes;
        // re-encoded photos are small (about 1 MB at most); reading them whole closes the store's stream
        // even when the answer is 304 Not Modified
        try (var in = c.stream()) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ResponseEntity.ok()
                .contentType(MediaType.IMAGE_JPEG)
                // private: the browser may keep it, shared caches may not; the check happens on every fetch
                .cacheControl(CacheControl.maxAge(Duration.ofDays(1)).cachePrivate())
                .eTag(c.etag())
                .header("Content-Disposition", "inline; filename=\"" + filename + "\"")
                .body(bytes);
    }
}
