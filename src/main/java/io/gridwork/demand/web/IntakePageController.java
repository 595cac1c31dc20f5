package io.gridwork.demand.web;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

import io.gridwork.demand.CategoryView;
import io.gridwork.demand.Channel;
import io.gridwork.demand.internal.DemandQueries;
import io.gridwork.demand.internal.DemandService;
import io.gridwork.grid.BuildingView;
import io.gridwork.grid.HouseholdView;
import io.gridwork.shared.security.CurrentUser;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.security.Role;
import io.gridwork.shared.web.ProblemException;

/**
 * Intake pages: the resident's phone form ({@code /report}, also the target of the 码上办 QR codes
 * with {@code ?unit=} or {@code ?building=}) and the staff entry on a resident's behalf
 * ({@code /demands/new}). Each form render carries a fresh one-time token, used as the
 * idempotency key, so that a double submit or a refresh lands on the same demand.
 */
@Controller
class IntakePageController {

    /** Where the demand is: the reporter's own household, a building (and unit), or the phone's position. */
    enum Where { HOUSEHOLD, PLACE, POSITION }

    /** The fields of both intake forms (staff entry adds channel and reporter name). */
    record DemandForm(String token, String categoryCode, String description, Where where, Long buildingId, Long unitId,
            Double lat, Double lon, String locationText, String contactPhone, Boolean anonymous, String via,
            Channel channel, String reporterName) {

        DemandForm withToken(String token) {
            return new DemandForm(token, categoryCode, description, where, buildingId, unitId, lat, lon, locationText,
                    contactPhone, anonymous, via, channel, reporterName);
        }

        boolean fromQr() {
            return "QR".equals(via);
        }
    }

    static final List<Channel> STAFF_CHANNELS = List.of(Channel.HOTLINE_12345, Channel.WECHAT_GROUP, Channel.VISIT,
            Channel.STATION);

    private final DemandQueries queries;
    private final DemandPageSupport support;
    private final io.gridwork.demand.internal.DemandPhotos photos;

    private final IntakeGate gate;
    private final io.gridwork.access.SignupApi signups;

    IntakePageController(DemandQueries queries, DemandPageSupport support,
            io.gridwork.demand.internal.DemandPhotos photos, IntakeGate gate, io.gridwork.access.SignupApi signups) {
        this.gate = gate;
        this.signups = signups;
        this.photos = photos;
        this.queries = queries;
        this.support = support;
    }

    // ---- the resident's form --------------------------------------------------------------------

    @GetMapping("/report")
    String report(@RequestParam(required = false) Long unit, @RequestParam(required = false) Long building, Model model) {
        GridworkUser user = CurrentUser.get();
        if (!user.has(Role.RESIDENT)) {
            // staff who scan a poster enter the demand on the resident's behalf
            UriComponentsBuilder to = UriComponentsBuilder.fromPath("/demands/new");
            if (unit != null) {
                to.queryParam("unit", unit);
            }
            if (building != null) {
                to.queryParam("building", building);
            }
            return "redirect:" + to.toUriString();
        }
        // a resident who signed up and waits for a worker to confirm: the unit (and room) given at sign-up
        String signupRoom = null;
        boolean fromSignup = false;
        if (unit == null && building == null && user.householdId() == null) {
            Optional<io.gridwork.access.SignupApi.SignupPlace> place = signups.pendingPlaceOf(user.accountId());
            if (place.isPresent()) {
                unit = place.get().unitId();
                signupRoom = place.get().room() == null ? null : support.msg("report.signupRoom", place.get().room());
                fromSignup = true;
            }
        }
        Long buildingId = building;
        if (unit != null) {
            Optional<Long> b = support.buildingOfUnit(unit);
            if (b.isEmpty()) {
                model.addAttribute("error", support.msg("report.qr.unknown"));
                unit = null;
            } else {
                buildingId = b.get();
            }
        }
        if (unit == null && buildingId != null && support.building(buildingId).isEmpty()) {
            model.addAttribute("error", support.msg("report.qr.unknown"));
            buildingId = null;
        }
        boolean qr = buildingId != null && !fromSignup;
        Where where = buildingId != null || user.householdId() == null ? Where.PLACE : Where.HOUSEHOLD;
        DemandForm form = new DemandForm(null, null, null, where, buildingId, unit, null, null, signupRoom, null, false,
                qr ? "QR" : null, null, null);
        return reportPage(form, model);
    }

    @PostMapping("/report")
    String submitReport(@ModelAttribute("form") DemandForm form,
            @org.springframework.web.bind.annotation.RequestParam(name = "photos", required = false)
            List<org.springframework.web.multipart.MultipartFile> photoFiles, Model model, RedirectAttributes flash,
            jakarta.servlet.http.HttpServletResponse response) {
        GridworkUser user = CurrentUser.get();
        try {
            List<io.gridwork.demand.internal.DemandPhotos.Upload> uploads = uploads(photoFiles);
            // photos are checked before the demand exists, so a bad photo leaves nothing behind
            photos.check(uploads);
            Where where = form.where() == null ? Where.HOUSEHOLD : form.where();
            Long household = where == Where.HOUSEHOLD ? user.householdId() : null;
            Long unit = where == Where.PLACE ? form.unitId() : null;
            Long building = where == Where.PLACE && unit == null ? form.buildingId() : null;
            Double lat = where == Where.POSITION ? form.lat() : null;
            Double lon = where == Where.POSITION ? form.lon() : null;
            if (where == Where.POSITION && (lat == null || lon == null)) {
                throw ProblemException.badRequest("position-required", "press 'use my position' first");
            }
            if (where == Where.PLACE && building == null && unit == null) {
                throw ProblemException.badRequest("location-required", "choose a building");
            }
            if (where == Where.HOUSEHOLD && household == null) {
                throw ProblemException.badRequest("location-required", "you are not registered in a household");
            }
            var submission = new DemandService.Submission(form.categoryCode(), form.description(), household, unit,
                    building, lat, lon, form.locationText(), form.contactPhone(), Boolean.TRUE.equals(form.anonymous()),
                    form.fromQr() ? Channel.QR : Channel.APP, null, null);
            DemandService.Submitted result = gate.submit(submission, user, form.token());
            if (result.created() && !uploads.isEmpty()) {
                photos.add(result.id(), io.gridwork.demand.internal.DemandPhotos.Stage.REPORT, uploads, user);
            }
            return submitted(result, user, flash);
        } catch (ProblemException e) {
            // the form again with the reason, answered with the problem's status (400, 403, 413, 429), not 200
            response.setStatus(formStatus(e));
            model.addAttribute("error", support.problem(e));
            return reportPage(form, model);
        }
    }

    private String reportPage(DemandForm draft, Model model) {
        GridworkUser user = CurrentUser.get();
        DemandForm form = draft.token() == null || draft.token().isBlank() ? draft.withToken(UUID.randomUUID().toString()) : draft;
        Optional<HouseholdView> household = support.household(user.householdId());
        Long buildingId = form.buildingId() != null ? form.buildingId() : support.buildingOfUnit(form.unitId()).orElse(null);
        Optional<BuildingView> building = support.building(buildingId);
        Long compound = building.map(BuildingView::compoundId).orElse(household.map(HouseholdView::compoundId).orElse(null));
        model.addAttribute("form", form);
        model.addAttribute("household", household.orElse(null));
        if (compound == null) {
            model.addAttribute("noPlace", true);
            return "demand/report";
        }
        long community = support.communityOf(compound).orElseThrow(() -> ProblemException.badRequest("no-community",
                "the place is not inside a community"));
        categories(model, support.categories(community));
        model.addAttribute("buildingGroups", support.buildingsOfCompound(compound));
        model.addAttribute("units", buildingId == null ? List.of() : support.units(buildingId));
        model.addAttribute("selectedBuilding", buildingId);
        if (form.fromQr() && building.isPresent()) {
            String unitName = form.unitId() == null ? "" : support.units(buildingId).stream()
                    .filter(u -> u.id() == form.unitId()).findFirst().map(u -> " " + u.number() + support.msg("report.unitSuffix"))
                    .orElse("");
            model.addAttribute("qrPlace", building.get().compoundName() + " " + building.get().name() + unitName);
        }
        return "demand/report";
    }

    /** The category list with the three city-wide problems first and highlighted. */
    private static void categories(Model model, List<CategoryView> categories) {
        Locale locale = LocaleContextHolder.getLocale();
        model.addAttribute("focusCategories", categories.stream().filter(CategoryView::cityFocus).toList());
        model.addAttribute("otherCategories", categories.stream().filter(c -> !c.cityFocus()).toList());
        model.addAttribute("locale", locale);
    }

    // ---- staff entry on a resident's behalf ---------------------------------------------------------

    @GetMapping("/demands/new")
    String newDemand(@RequestParam(required = false) Long unit, @RequestParam(required = false) Long building, Model model) {
        Long buildingId = building;
        if (unit != null) {
            buildingId = support.buildingOfUnit(unit).orElse(null);
            if (buildingId == null) {
                unit = null;
            }
        }
        DemandForm form = new DemandForm(null, null, null, Where.PLACE, buildingId, unit, null, null, null, null, false,
                null, Channel.HOTLINE_12345, null);
        return staffPage(form, model);
    }

    @PostMapping("/demands/new")
    String submitStaff(@ModelAttribute("form") DemandForm form, Model model, RedirectAttributes flash,
            jakarta.servlet.http.HttpServletResponse response) {
        GridworkUser user = CurrentUser.get();
        try {
            if (form.channel() == null || !STAFF_CHANNELS.contains(form.channel())) {
                throw ProblemException.badRequest("channel-required", "say where the demand came from");
            }
            if (form.reporterName() == null || form.reporterName().isBlank()) {
                throw ProblemException.badRequest("reporter-required", "say on whose behalf the demand is entered");
            }
            if (form.contactPhone() == null || form.contactPhone().isBlank()) {
                throw ProblemException.badRequest("phone-required", "a contact phone is required");
            }
            if (form.buildingId() == null && form.unitId() == null) {
                throw ProblemException.badRequest("location-required", "choose a building");
            }
            var submission = new DemandService.Submission(form.categoryCode(), form.description(), null, form.unitId(),
                    form.unitId() == null ? form.buildingId() : null, null, null, form.locationText(), form.contactPhone(),
                    Boolean.TRUE.equals(form.anonymous()), form.channel(), form.reporterName(), null);
            return submitted(gate.submit(submission, user, form.token()), user, flash);
        } catch (ProblemException e) {
            response.setStatus(formStatus(e));
            model.addAttribute("error", support.problem(e));
            return staffPage(form, model);
        }
    }

    private String staffPage(DemandForm form, Model model) {
        GridworkUser user = CurrentUser.get();
        if (form.token() == null || form.token().isBlank()) {
            form = form.withToken(UUID.randomUUID().toString());
        }
        model.addAttribute("form", form);
        model.addAttribute("channels", STAFF_CHANNELS);
        List<DemandPageSupport.BuildingGroup> groups = support.buildingsInScope(user);
        model.addAttribute("buildingGroups", groups);
        Long buildingId = form.buildingId() != null ? form.buildingId() : support.buildingOfUnit(form.unitId()).orElse(null);
        model.addAttribute("selectedBuilding", buildingId);
        model.addAttribute("units", buildingId == null ? List.of() : support.units(buildingId));
        Long anchor = support.building(buildingId).map(BuildingView::compoundId)
                .orElse(groups.isEmpty() || groups.get(0).buildings().isEmpty() ? null : groups.get(0).buildings().get(0).compoundId());
        List<CategoryView> categories = anchor == null ? List.of()
                : support.communityOf(anchor).map(support::categories).orElse(List.of());
        categories(model, categories);
        return "demand/new";
    }

    // ---- shared -------------------------------------------------------------------------------------

    /** The status of a form answered again with its error: the problem's, but a place that does not exist is 400. */
    private static int formStatus(ProblemException e) {
        return e.status() == org.springframework.http.HttpStatus.NOT_FOUND ? 400 : e.status().value();
    }

    private static List<io.gridwork.demand.internal.DemandPhotos.Upload> uploads(
            List<org.springframework.web.multipart.MultipartFile> files) {
        List<io.gridwork.demand.internal.DemandPhotos.Upload> out = new java.util.ArrayList<>();
        if (files == null) {
            return out;
        }
        for (var f : files) {
            if (f.isEmpty()) {
                continue; // the browser sends an empty part when no photo was chosen
            }
            try {
                out.add(new io.gridwork.demand.internal.DemandPhotos.Upload(f.getOriginalFilename(), f.getSize(), f.getBytes()));
            } catch (java.io.IOException e) {
                throw ProblemException.badRequest("upload-failed", "the photo could not be read; please try again");
            }
        }
        return out;
    }

    private String submitted(DemandService.Submitted result, GridworkUser user, RedirectAttributes flash) {
        String ref = result.view().refNo();
        flash.addFlashAttribute("notice", support.msg(result.created() ? "report.submitted" : "report.submittedBefore", ref));
        return "redirect:/demands/" + result.id();
    }

    /** While reporting or entering: open demands of the category at the chosen building or near the position. */
    @GetMapping("/report/duplicates")
    String duplicates(@RequestParam(required = false) String categoryCode, @RequestParam(required = false) Where where,
            @RequestParam(required = false) Long buildingId, @RequestParam(required = false) Long unitId,
            @RequestParam(required = false) Double lat, @RequestParam(required = false) Double lon, Model model) {
        GridworkUser user = CurrentUser.get();
        Long building = null;
        Double la = null;
        Double lo = null;
        if (where == Where.HOUSEHOLD) {
            building = support.household(user.householdId()).map(HouseholdView::buildingId).orElse(null);
        } else if (where == Where.POSITION) {
            la = lat;
            lo = lon;
        } else {
            building = buildingId != null ? buildingId : support.buildingOfUnit(unitId).orElse(null);
        }
        List<DemandQueries.Summary> found = categoryCode == null || categoryCode.isBlank() ? List.of()
                : queries.possibleDuplicates(categoryCode, building, la, lo, null, user);
        model.addAttribute("duplicates", found);
        model.addAttribute("categoryNames", support.categoryNames());
        return "demand/fragments :: duplicates";
    }

    /** The unit options of a building (htmx, for the place picker). */
    @GetMapping("/report/units")
    String units(@RequestParam(required = false) Long buildingId, Model model) {
        model.addAttribute("units", buildingId == null ? List.of() : support.units(buildingId));
        return "demand/fragments :: unitOptions";
    }
}
