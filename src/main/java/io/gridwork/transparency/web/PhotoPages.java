package io.gridwork.transparency.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.gridwork.shared.security.CurrentUser;
import io.gridwork.transparency.internal.ReportPhotos;
import io.gridwork.transparency.internal.TrustReceipts;
import jakarta.servlet.http.HttpServletRequest;

/** The page forms that add and remove a service report's photos and add a trust posting's receipt images. */
@Controller
class PhotoPages {

    private final ReportPhotos photos;
    private final TrustReceipts receipts;
    private final Forms forms;

    PhotoPages(ReportPhotos photos, TrustReceipts receipts, Forms forms) {
        this.photos = photos;
        this.receipts = receipts;
        this.forms = forms;
    }

    @PostMapping("/transparency/reports/{id}/photos")
    String add(@PathVariable long id, @RequestParam(required = false) String section, HttpServletRequest request,
            RedirectAttributes flash) {
        String edit = "/transparency/reports/" + id + "/edit";
        return forms.act(flash, () -> {
            photos.add(id, PhotoApiController.section(section), MicroProjectApiController.uploads(request), CurrentUser.get());
            return edit + "#photos-" + section;
        }, "photosAdded", () -> edit);
    }

    @PostMapping("/transparency/reports/{id}/photos/{photoId}/delete")
    String remove(@PathVariable long id, @PathVariable long photoId, RedirectAttributes flash) {
        String edit = "/transparency/reports/" + id + "/edit";
        return forms.act(flash, () -> {
            photos.remove(id, photoId, CurrentUser.get());
            return edit;
        }, "photoRemoved", () -> edit);
    }

    @PostMapping("/transparency/compounds/{id}/trust/postings/{postingId}/receipts")
    String addReceipts(@PathVariable long id, @PathVariable long postingId, @RequestParam(required = false) String month,
            HttpServletRequest request, RedirectAttributes flash) {
        String back = "/transparency/compounds/" + id + "/trust" + (month == null ? "" : "?month=" + TrustApiController.month(month))
                + "#posting-" + postingId;
        return forms.act(flash, () -> {
            receipts.add(id, postingId, MicroProjectApiController.uploads(request), CurrentUser.get());
            return back;
        }, "receiptsAdded", () -> back);
    }
}
