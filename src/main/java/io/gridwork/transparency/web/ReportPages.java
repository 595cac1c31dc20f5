package io.gridwork.transparency.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.gridwork.grid.GridNode;
import io.gridwork.shared.security.CurrentUser;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.security.Role;
import io.gridwork.shared.web.ProblemException;
import io.gridwork.transparency.internal.Compounds;
import io.gridwork.transparency.internal.ReportPhotos;
import io.gridwork.transparency.internal.Reports;

/**
 * The quarterly reports' pages: open a draft, edit it on a phone, submit it; the owners committee approves or sends
 * back; residents read the published report, ask questions and see the answers; the notice-board page prints it.
 */
@Controller
class ReportPages {

    /** Empty rows offered under a finance report's lines on the edit page. */
    static final int BLANK_LINES = 3;

    private final Reports reports;
    private final Compounds compounds;
    private final Forms forms;

    private final ReportPhotos photos;
    private final NoticePdf notice;

    ReportPages(Reports reports, Compounds compounds, Forms forms, ReportPhotos photos, NoticePdf notice) {
        this.photos = photos;
        this.notice = notice;
        this.reports = reports;
        this.compounds = compounds;
        this.forms = forms;
    }

    @PostMapping("/transparency/compounds/{id}/reports")
    String create(@PathVariable long id, @RequestParam(required = false) Reports.Kind kind, @RequestParam(required = false) Integer year,
            @RequestParam(required = false) Integer quarter, RedirectAttributes flash) {
        return forms.act(flash, () -> "/transparency/reports/" + reports.create(new Reports.NewReport(id, kind, year, quarter),
                CurrentUser.get()).id() + "/edit", "created", () -> "/transparency/compounds/" + id);
    }

    @GetMapping("/transparency/reports/{id}")
    String view(@PathVariable long id, Model model) {
        GridworkUser user = CurrentUser.get();
        Reports.Report r = reports.get(id, user);
        GridNode compound = compounds.compound(r.compoundId());
        boolean inGrids = user.covers(compound.path());
        model.addAttribute("report", r);
        model.addAttribute("photos", bySection(r));
        model.addAttribute("property", user.has(Role.PROPERTY_STAFF) && inGrids);
        model.addAttribute("owners", user.has(Role.OWNERS_COMMITTEE) && inGrids);
        model.addAttribute("asks", compounds.homeCompound(user).filter(c -> c == r.compoundId()).isPresent());
        return "transparency/report";
    }

    @GetMapping("/transparency/reports/{id}/print")
    String print(@PathVariable long id, Model model) {
        Reports.Report r = reports.get(id, CurrentUser.get());
        model.addAttribute("report", r);
        model.addAttribute("photos", bySection(r));
        return "transparency/print";
    }

    /** The notice-board PDF (A4, Chinese font, the service report's photos). */
    @GetMapping("/transparency/reports/{id}/notice.pdf")
    org.springframework.http.ResponseEntity<byte[]> noticePdf(@PathVariable long id, java.util.Locale locale) throws java.io.IOException {
        GridworkUser user = CurrentUser.get();
        Reports.Report r = reports.get(id, user);
        byte[] pdf = notice.render(r, bySection(r), user, locale);
        String name = "notice-" + r.compoundId() + "-" + r.year() + "Q" + r.quarter() + "-" + r.kind().name().toLowerCase(java.util.Locale.ROOT)
                + "-v" + r.version() + ".pdf";
        return org.springframework.http.ResponseEntity.ok().contentType(org.springframework.http.MediaType.APPLICATION_PDF)
                .header("Content-Disposition", "inline; filename=\"" + name + "\"").body(pdf);
    }

    /** A line on the edit page, as typed (amounts in yuan). */
    record LineForm(String category, String description, String amount) implements java.io.Serializable {
    }

    /** What the property company typed, flashed back when a save is refused so that nothing typed is lost. */
    record Typed(String summary, Map<String, String> service, List<LineForm> lines, String incomeTotal, String expenseTotal)
            implements java.io.Serializable {
    }

    @GetMapping("/transparency/reports/{id}/edit")
    String edit(@PathVariable long id, Model model, @ModelAttribute("typed") Typed typed) {
        Reports.Report r = reports.get(id, CurrentUser.get());
        if (!r.editable()) {
            return "redirect:/transparency/reports/" + id;
        }
        model.addAttribute("report", r);
        List<LineForm> lines = new ArrayList<>();
        if (typed.lines() != null) {
            lines.addAll(typed.lines());
        } else {
            r.items().stream().filter(i -> r.kind() == Reports.Kind.FINANCE)
                    .forEach(i -> lines.add(new LineForm(i.section(), i.description(), yuan(i.amountFen()))));
        }
        if (r.kind() == Reports.Kind.FINANCE) {
            for (int i = 0; i < BLANK_LINES; i++) {
                lines.add(new LineForm("", "", ""));
            }
        }
        Map<String, String> service = new java.util.HashMap<>();
        r.items().forEach(i -> service.put(i.section(), i.description()));
        if (typed.service() != null) {
            service.putAll(typed.service());
        }
        model.addAttribute("lines", lines);
        model.addAttribute("service", service);
        model.addAttribute("summary", typed.lines() != null || typed.service() != null ? typed.summary() : r.summary());
        model.addAttribute("incomeTotal", typed.lines() != null ? typed.incomeTotal() : yuan(r.incomeTotalFen()));
        model.addAttribute("expenseTotal", typed.lines() != null ? typed.expenseTotal() : yuan(r.expenseTotalFen()));
        model.addAttribute("categories", Reports.Category.values());
        model.addAttribute("photos", bySection(r));
        model.addAttribute("photosPerSection", ReportPhotos.PER_SECTION);
        return "transparency/edit";
    }

    /** A service report's photos by section name (empty for a finance report). */
    private Map<String, List<ReportPhotos.Photo>> bySection(Reports.Report r) {
        Map<String, List<ReportPhotos.Photo>> out = new java.util.HashMap<>();
        if (r.kind() == Reports.Kind.SERVICE) {
            photos.of(r.id(), CurrentUser.get()).forEach(p -> out.computeIfAbsent(p.section().name(), k -> new ArrayList<>()).add(p));
        }
        return out;
    }

    @ModelAttribute("typed")
    Typed noTyped() {
        return new Typed(null, null, null, null, null);
    }

    private static String yuan(Long fen) {
        return fen == null ? "" : new java.math.BigDecimal(fen).movePointLeft(2).toPlainString();
    }

    @PostMapping("/transparency/reports/{id}")
    String save(@PathVariable long id, @RequestParam(required = false) String summary,
            @RequestParam Map<String, String> form, @RequestParam(name = "category", required = false) List<String> category,
            @RequestParam(name = "description", required = false) List<String> description,
            @RequestParam(name = "amount", required = false) List<String> amount,
            @RequestParam(required = false) String incomeTotal, @RequestParam(required = false) String expenseTotal,
            @RequestParam(required = false) String then, RedirectAttributes flash) {
        return forms.act(flash, () -> {
            GridworkUser user = CurrentUser.get();
            List<Reports.ServiceText> service = new ArrayList<>();
            for (Reports.Section s : Reports.Section.values()) {
                if (form.containsKey("service_" + s.name())) {
                    service.add(new Reports.ServiceText(s, form.get("service_" + s.name())));
                }
            }
            List<Reports.FinanceLine> lines = new ArrayList<>();
            int n = category == null ? 0 : category.size();
            for (int i = 0; i < n; i++) {
                String text = at(description, i);
                String yuan = at(amount, i);
                if (category.get(i).isBlank() && (text == null || text.isBlank()) && (yuan == null || yuan.isBlank())) {
                    continue;
                }
                Reports.Category c;
                try {
                    c = Reports.Category.valueOf(category.get(i));
                } catch (IllegalArgumentException e) {
                    throw ProblemException.badRequest("field-required", "line " + (i + 1) + ": choose its category",
                            Map.of("field", "lines[" + i + "]"));
                }
                lines.add(new Reports.FinanceLine(c, text, Money.fen(yuan, "lines[" + i + "]")));
            }
            reports.save(id, new Reports.Content(summary, service, lines, Money.fen(incomeTotal, "incomeTotalFen"),
                    Money.fen(expenseTotal, "expenseTotalFen")), user);
            if ("submit".equals(then)) {
                reports.submit(id, user);
                return "/transparency/reports/" + id;
            }
            return "/transparency/reports/" + id + "/edit";
        }, "submit".equals(then) ? "submitted" : "saved", () -> {
            java.util.HashMap<String, String> service = new java.util.HashMap<>();
            form.forEach((k, v) -> {
                if (k.startsWith("service_")) {
                    service.put(k.substring("service_".length()), v);
                }
            });
            ArrayList<LineForm> typed = new ArrayList<>();
            for (int i = 0; category != null && i < category.size(); i++) {
                if (!category.get(i).isBlank() || !blank(at(description, i)) || !blank(at(amount, i))) {
                    typed.add(new LineForm(category.get(i), at(description, i), at(amount, i)));
                }
            }
            flash.addFlashAttribute("typed", new Typed(summary, service, category == null ? null : typed, incomeTotal, expenseTotal));
            return "/transparency/reports/" + id + "/edit";
        });
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String at(List<String> list, int i) {
        return list == null || i >= list.size() ? null : list.get(i);
    }

    @PostMapping("/transparency/reports/{id}/submit")
    String submit(@PathVariable long id, RedirectAttributes flash) {
        return forms.act(flash, () -> "/transparency/reports/" + reports.submit(id, CurrentUser.get()).id(), "submitted",
                () -> "/transparency/reports/" + id);
    }

    @PostMapping("/transparency/reports/{id}/approve")
    String approve(@PathVariable long id, RedirectAttributes flash) {
        return forms.act(flash, () -> "/transparency/reports/" + reports.approve(id, CurrentUser.get()).id(), "published",
                () -> "/transparency/reports/" + id);
    }

    @PostMapping("/transparency/reports/{id}/return")
    String sendBack(@PathVariable long id, @RequestParam(required = false) String comment, RedirectAttributes flash) {
        return forms.act(flash, () -> "/transparency/reports/" + reports.sendBack(id, comment, CurrentUser.get()).id(), "returned",
                () -> "/transparency/reports/" + id);
    }

    @PostMapping("/transparency/reports/{id}/corrections")
    String correct(@PathVariable long id, @RequestParam(required = false) String reason, RedirectAttributes flash) {
        return forms.act(flash, () -> "/transparency/reports/" + reports.correct(id, reason, CurrentUser.get()).id() + "/edit",
                "corrected", () -> "/transparency/reports/" + id);
    }

    @PostMapping("/transparency/reports/{id}/questions")
    String ask(@PathVariable long id, @RequestParam(required = false) String body, RedirectAttributes flash) {
        return forms.act(flash, () -> {
            reports.ask(id, body, CurrentUser.get());
            return "/transparency/reports/" + id;
        }, "asked", () -> "/transparency/reports/" + id);
    }

    @PostMapping("/transparency/questions/{id}/answer")
    String answer(@PathVariable long id, @RequestParam(required = false) String answer, RedirectAttributes flash) {
        return forms.act(flash, () -> "/transparency/reports/" + reports.answer(id, answer, CurrentUser.get()).reportId(), "answered",
                () -> reports.reportOfQuestion(id).map(r -> "/transparency/reports/" + r).orElse("/transparency"));
    }
}
