package io.gridwork.demand.web;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import io.gridwork.demand.internal.QrPrintLog;
import io.gridwork.demand.internal.QrPosters;
import io.gridwork.grid.BuildingView;
import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridLevel;
import io.gridwork.grid.GridNode;
import io.gridwork.grid.UnitView;
import io.gridwork.shared.security.CurrentUser;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.web.ProblemException;

/**
 * 码上办: printable posters whose QR code opens the report form at {@code {base}/report?unit={id}} (or
 * {@code ?building={id}}), and the page from which grid staff print them for their buildings.
 */
@Controller
class QrPosterController {

    private final GridApi grid;
    private final QrPosters posters;
    private final MessageSource messages;
    private final String publicBaseUrl;
    private final QrPrintLog prints;

    QrPosterController(GridApi grid, QrPosters posters, MessageSource messages, QrPrintLog prints,
            @Value("${gridwork.public-base-url:}") String publicBaseUrl) {
        this.grid = grid;
        this.prints = prints;
        this.posters = posters;
        this.messages = messages;
        this.publicBaseUrl = publicBaseUrl == null ? "" : publicBaseUrl.strip().replaceAll("/+$", "");
    }

    /** A building with its units, as the staff page lists it. */
    record BuildingUnits(BuildingView building, List<UnitView> units) {
    }

    @GetMapping("/qr/grids/{id}")
    String page(@PathVariable long id, Model model) {
        GridworkUser user = CurrentUser.get();
        GridNode node = grid.node(id).orElseThrow(() -> ProblemException.notFound("grid", id));
        if (!user.covers(node.path())) {
            throw ProblemException.outOfReach("grid", id);
        }
        List<BuildingUnits> buildings = new ArrayList<>();
        if (node.level() == GridLevel.COMPOUND || node.level() == GridLevel.SPECIAL || node.level() == GridLevel.MICRO) {
            for (BuildingView b : grid.buildingsOf(id)) {
                if (b.microGridId() == null || user.covers(grid.node(b.microGridId()).map(GridNode::path).orElse(node.path()))) {
                    buildings.add(new BuildingUnits(b, grid.unitsOf(b.id())));
                }
            }
        }
        model.addAttribute("node", node);
        model.addAttribute("buildings", buildings);
        model.addAttribute("children", node.level() == GridLevel.MICRO ? List.of()
                : grid.children(id).stream().filter(c -> user.covers(c.path())).toList());
        model.addAttribute("crumbs", grid.lineage(id).stream().filter(n -> user.covers(n.path())).toList());
        model.addAttribute("pngHasChinese", posters.pngHasChinese());
        model.addAttribute("base", base());
        model.addAttribute("noPublicAddress", publicBaseUrl.isEmpty());
        return "qr/grid";
    }

    @GetMapping("/qr/units/{id}.png")
    ResponseEntity<byte[]> unitPng(@PathVariable long id, Locale locale) {
        UnitView unit = scopedUnit(id);
        return png(posters.png(unitPoster(unit, printed(unit.buildingId()), locale)), "qr-unit-" + id + ".png");
    }

    @GetMapping("/qr/units/{id}.pdf")
    ResponseEntity<byte[]> unitPdf(@PathVariable long id, Locale locale) {
        UnitView unit = scopedUnit(id);
        QrPosters.Poster poster = unitPoster(unit, printed(unit.buildingId()), locale);
        return file(posters.pdf(List.of(poster), poster.place()), MediaType.APPLICATION_PDF, "qr-unit-" + id + ".pdf");
    }

    @GetMapping("/qr/buildings/{id}.png")
    ResponseEntity<byte[]> buildingPng(@PathVariable long id, Locale locale) {
        return png(posters.png(buildingPoster(printed(id), locale)), "qr-building-" + id + ".png");
    }

    @GetMapping("/qr/buildings/{id}.pdf")
    ResponseEntity<byte[]> buildingPdf(@PathVariable long id, Locale locale) {
        QrPosters.Poster poster = buildingPoster(printed(id), locale);
        return file(posters.pdf(List.of(poster), poster.place()), MediaType.APPLICATION_PDF, "qr-building-" + id + ".pdf");
    }

    /** Every unit of a building, one poster a page, to print in one go. */
    @GetMapping("/qr/buildings/{id}/units.pdf")
    ResponseEntity<byte[]> allUnitsPdf(@PathVariable long id, Locale locale) {
        BuildingView b = scopedBuilding(id);
        List<UnitView> units = grid.unitsOf(id);
        if (units.isEmpty()) {
            throw ProblemException.badRequest("no-units", b.compoundName() + " " + b.name() + " has no units");
        }
        printed(id);
        List<QrPosters.Poster> pages = units.stream().map(u -> unitPoster(u, b, locale)).toList();
        return file(posters.pdf(pages, b.compoundName() + " " + b.name()), MediaType.APPLICATION_PDF,
                "qr-building-" + id + "-units.pdf");
    }

    private QrPosters.Poster unitPoster(UnitView u, BuildingView b, Locale locale) {
        String url = base() + "/report?unit=" + u.id();
        String place = b.compoundName() + " · " + b.name() + " · " + msg("qr.poster.unit", locale, u.number());
        String latinPlace = msg("qr.poster.building", Locale.ENGLISH, b.number()) + " · "
                + msg("qr.poster.unit", Locale.ENGLISH, u.number());
        return poster(place, latinPlace, area(b), url, locale);
    }

    private QrPosters.Poster buildingPoster(BuildingView b, Locale locale) {
        String url = base() + "/report?building=" + b.id();
        return poster(b.compoundName() + " · " + b.name(), msg("qr.poster.building", Locale.ENGLISH, b.number()), area(b), url,
                locale);
    }

    private QrPosters.Poster poster(String place, String latinPlace, String area, String url, Locale locale) {
        QrPosters.Poster latin = new QrPosters.Poster(msg("qr.poster.title", Locale.ENGLISH),
                msg("qr.poster.slogan", Locale.ENGLISH), latinPlace, null, msg("qr.poster.howto", Locale.ENGLISH),
                steps(Locale.ENGLISH), msg("qr.poster.footer", Locale.ENGLISH), url, null);
        return new QrPosters.Poster(msg("qr.poster.title", locale), msg("qr.poster.slogan", locale), place, area,
                msg("qr.poster.howto", locale), steps(locale), msg("qr.poster.footer", locale), url, latin);
    }

    private List<String> steps(Locale locale) {
        return List.of(msg("qr.poster.step1", locale), msg("qr.poster.step2", locale), msg("qr.poster.step3", locale));
    }

    /** "学府社区 · 学府街道": the community and street the compound belongs to. */
    private String area(BuildingView b) {
        Map<GridLevel, String> names = new LinkedHashMap<>();
        grid.lineage(b.compoundId()).forEach(n -> names.put(n.level(), n.name()));
        List<String> parts = new ArrayList<>();
        if (names.containsKey(GridLevel.COMMUNITY)) {
            parts.add(names.get(GridLevel.COMMUNITY));
        }
        if (names.containsKey(GridLevel.STREET)) {
            parts.add(names.get(GridLevel.STREET));
        }
        return String.join(" · ", parts);
    }

    private String msg(String key, Locale locale, Object... args) {
        return messages.getMessage(key, args, locale);
    }

    private String base() {
        if (!publicBaseUrl.isEmpty()) {
            return publicBaseUrl;
        }
        return ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString();
    }

    private UnitView scopedUnit(long id) {
        return grid.unit(id).orElseThrow(() -> ProblemException.notFound("unit", id));
    }

    private BuildingView scopedBuilding(long id) {
        BuildingView b = grid.building(id).orElseThrow(() -> ProblemException.notFound("building", id));
        if (!CurrentUser.get().covers(pathOf(b))) {
            throw ProblemException.outOfReach("building", id);
        }
        return b;
    }

    /** The building in scope, its posters recorded as printed (for the going-live checklist). */
    private BuildingView printed(long buildingId) {
        BuildingView b = scopedBuilding(buildingId);
        prints.printed(b.id(), pathOf(b), CurrentUser.get().accountId());
        return b;
    }

    private String pathOf(BuildingView b) {
        return grid.node(b.microGridId() != null ? b.microGridId() : b.compoundId()).map(GridNode::path).orElse(null);
    }

    /** A PNG; without a Chinese font on the server it is in English, and a header says so. */
    private ResponseEntity<byte[]> png(byte[] body, String filename) {
        ResponseEntity<byte[]> r = file(body, MediaType.IMAGE_PNG, filename);
        if (posters.pngHasChinese()) {
            return r;
        }
        return ResponseEntity.status(r.getStatusCode()).headers(r.getHeaders()).header("X-Gridwork-Poster-Text", "latin-fallback")
                .body(body);
    }

    private static ResponseEntity<byte[]> file(byte[] body, MediaType type, String filename) {
        return ResponseEntity.ok().contentType(type)
                .header("Content-Disposition", ContentDisposition.inline().filename(filename, StandardCharsets.UTF_8).build().toString())
                .body(body);
    }
}
