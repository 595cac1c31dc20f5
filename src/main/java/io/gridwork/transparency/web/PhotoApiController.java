package io.gridwork.transparency.web;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.gridwork.shared.security.CurrentUser;
import io.gridwork.shared.web.ProblemException;
import io.gridwork.transparency.internal.ReportPhotos;
import io.gridwork.transparency.internal.Reports;
import io.gridwork.transparency.internal.TrustReceipts;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;

/** The photos of a service report's sections and the receipt images of the trust account's postings. */
@RestController
@RequestMapping("/api/transparency")
@Tag(name = "Transparency")
class PhotoApiController {

    private final ReportPhotos photos;
    private final TrustReceipts receipts;

    PhotoApiController(ReportPhotos photos, TrustReceipts receipts) {
        this.photos = photos;
        this.receipts = receipts;
    }

    @GetMapping("/reports/{id}/photos")
    @Operation(summary = "The photos of a service report, with their section")
    List<ReportPhotos.Photo> photos(@PathVariable long id) {
        return photos.of(id, CurrentUser.get());
    }

    @PostMapping(path = "/reports/{id}/photos", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "The property company adds 'photos' parts (JPEG, PNG, GIF or BMP, checked by content) to a section "
            + "(CLEANING, GREENERY, REPAIRS, SECURITY) of its draft service report; at most 6 per section; 409 once submitted")
    ResponseEntity<List<ReportPhotos.Photo>> add(@PathVariable long id, @RequestParam(required = false) String section,
            HttpServletRequest request) {
        return ResponseEntity.status(201).body(photos.add(id, section(section), MicroProjectApiController.uploads(request),
                CurrentUser.get()));
    }

    @DeleteMapping("/reports/{id}/photos/{photoId}")
    @Operation(summary = "The property company removes a photo from its draft service report")
    ResponseEntity<Void> remove(@PathVariable long id, @PathVariable long photoId) {
        photos.remove(id, photoId, CurrentUser.get());
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/reports/{id}/photos/{photoId}")
    @Operation(summary = "A service report's photo (JPEG)")
    ResponseEntity<byte[]> photo(@PathVariable long id, @PathVariable long photoId) throws IOException {
        return jpeg(photos.open(id, photoId, CurrentUser.get()));
    }

    @PostMapping(path = "/compounds/{id}/trust/postings/{postingId}/receipts", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "The trustee adds the images of a posting's receipt ('photos' parts, at most 6 per posting); they "
            + "are never removed")
    ResponseEntity<List<TrustReceipts.Receipt>> addReceipts(@PathVariable long id, @PathVariable long postingId,
            HttpServletRequest request) {
        return ResponseEntity.status(201).body(receipts.add(id, postingId, MicroProjectApiController.uploads(request),
                CurrentUser.get()));
    }

    @GetMapping("/compounds/{id}/trust/receipts/{receiptId}")
    @Operation(summary = "A receipt image of the trust account (JPEG)")
    ResponseEntity<byte[]> receipt(@PathVariable long id, @PathVariable long receiptId) throws IOException {
        return jpeg(receipts.open(id, receiptId, CurrentUser.get()));
    }

    static Reports.Section section(String section) {
        try {
            return Reports.Section.valueOf(String.valueOf(section).strip());
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("field-required", "choose the section the photos show: CLEANING, GREENERY, "
                    + "REPAIRS or SECURITY", Map.of("field", "section"));
        }
    }

    private static ResponseEntity<byte[]> jpeg(InputStream stream) throws IOException {
        byte[] bytes;
        try (var in = stream) {
            bytes = in.readAllBytes();
        }
        return ResponseEntity.ok().contentType(MediaType.IMAGE_JPEG).cacheControl(CacheControl.noCache().cachePrivate()).body(bytes);
    }
}
