package io.gridwork.insight.web;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.YearMonth;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.ContentDisposition;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

import io.gridwork.grid.GridNode;
import io.gridwork.insight.internal.EvaluationExport;
import io.gridwork.insight.internal.Evaluations;
import io.gridwork.insight.internal.Evaluations.Indicator;
import io.gridwork.shared.security.CurrentUser;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.security.Role;
import io.gridwork.shared.web.ProblemException;
import io.gridwork.shared.web.ProblemMessages;

/** 考核评价 pages: a community's ranking of a month, a worker's scores (their own, or as staff see them), weights. */
@Controller
class EvaluationPages {

    private final Evaluations evaluations;
    private final EvaluationExport export;
    private final ProblemMessages problems;

    EvaluationPages(Evaluations evaluations, EvaluationExport export, ProblemMessages problems) {
        this.evaluations = evaluations;
        this.export = export;
        this.problems = problems;
    }

    static boolean supervises(GridworkUser u) {
        return u.has(Role.COMMUNITY_STAFF) || u.has(Role.STREET_STAFF) || u.isAdmin();
    }

    @GetMapping("/insight/evaluation")
    String ranking(@RequestParam(required = false) Long grid, @RequestParam(required = false) String month, Model model) {
        GridworkUser user = CurrentUser.get();
        if (!supervises(user)) {
            return "redirect:/insight/evaluation/mine";
        }
        GridNode community = evaluations.communityForStaff(grid, user);
        Evaluations.Evaluation e = evaluations.evaluate(community, Evaluations.parseMonth(month));
        model.addAttribute("e", e);
        model.addAttribute("canPublish", !e.published() && e.month().isBefore(YearMonth.now(io.gridwork.insight.internal.Dashboards.ZONE)));
        return "insight/evaluation";
    }

    @GetMapping("/insight/evaluation/mine")
    String mine(@RequestParam(required = false) String month, Model model) {
        GridworkUser user = CurrentUser.get();
        YearMonth m = Evaluations.parseMonth(month);
        model.addAttribute("mine", true);
        model.addAttribute("month", m);
        evaluations.communityOfWorker(user).ifPresent(c -> {
            Evaluations.Evaluation e = evaluations.evaluate(c, m);
            model.addAttribute("e", e);
            e.worker(user.accountId()).ifPresent(w -> {
                model.addAttribute("w", w);
                model.addAttribute("adjustments", evaluations.adjustments(c.id(), m, user.accountId()));
            });
        });
        return "insight/evaluation-worker";
    }

    @GetMapping("/insight/evaluation/workers/{accountId}")
    String worker(@PathVariable long accountId, @RequestParam(required = false) Long grid,
            @RequestParam(required = false) String month, Model model) {
        GridworkUser user = CurrentUser.get();
        GridNode community = evaluations.communityForStaff(grid, user);
        YearMonth m = Evaluations.parseMonth(month);
        Evaluations.Evaluation e = evaluations.evaluate(community, m);
        Evaluations.WorkerScore w = e.worker(accountId).orElseThrow(() -> ProblemException.outOfReach("worker", accountId));
        model.addAttribute("mine", false);
        model.addAttribute("month", m);
        model.addAttribute("e", e);
        model.addAttribute("w", w);
        model.addAttribute("adjustments", evaluations.adjustments(community.id(), m, accountId));
        return "insight/evaluation-worker";
    }

    @PostMapping("/insight/evaluation/workers/{accountId}/adjustments")
    String adjust(@PathVariable long accountId, @RequestParam(required = false) Long grid,
            @RequestParam(required = false) String month, @RequestParam(required = false) String delta,
            @RequestParam(required = false) String reason, RedirectAttributes flash) {
        GridworkUser user = CurrentUser.get();
        GridNode community = evaluations.communityForStaff(grid, user);
        YearMonth m = Evaluations.parseMonth(month);
        try {
            evaluations.adjust(community, m, accountId, decimal(delta), reason, user);
            flash.addFlashAttribute("done", "adjusted");
        } catch (ProblemException e) {
            if (e.refusesCaller()) {
                throw e;
            }
            flash.addFlashAttribute("error", problems.text(e));
        }
        return "redirect:" + UriComponentsBuilder.fromPath("/insight/evaluation/workers/{id}").queryParam("grid", community.id())
                .queryParam("month", m).buildAndExpand(accountId).toUriString();
    }

    @PostMapping("/insight/evaluation/publish")
    String publish(@RequestParam(required = false) Long grid, @RequestParam(required = false) String month,
            RedirectAttributes flash) {
        GridworkUser user = CurrentUser.get();
        GridNode community = evaluations.communityForStaff(grid, user);
        YearMonth m = Evaluations.parseMonth(month);
        try {
            evaluations.publish(community, m, user);
            flash.addFlashAttribute("done", "published");
        } catch (ProblemException e) {
            if (e.refusesCaller()) {
                throw e;
            }
            flash.addFlashAttribute("error", problems.text(e));
        }
        return "redirect:/insight/evaluation?grid=" + community.id() + "&month=" + m;
    }

    @GetMapping("/insight/evaluation.xlsx")
    void xlsx(@RequestParam(required = false) Long grid, @RequestParam(required = false) String month, Locale locale,
            HttpServletResponse response) throws IOException {
        GridNode community = evaluations.communityForStaff(grid, CurrentUser.get());
        Evaluations.Evaluation e = evaluations.evaluate(community, Evaluations.parseMonth(month));
        response.setContentType(InsightPages.XLSX);
        response.setHeader("Content-Disposition", ContentDisposition.attachment()
                .filename("考核评价-evaluation-" + community.id() + "-" + e.month() + ".xlsx", StandardCharsets.UTF_8).build().toString());
        try (OutputStream out = response.getOutputStream()) {
            export.write(e, locale, out);
        }
    }

    @GetMapping("/insight/evaluation/weights")
    String weights(@RequestParam(required = false) Long grid, Model model) {
        GridworkUser user = CurrentUser.get();
        GridNode node = grid != null ? evaluations.weightGrid(grid, user)
                : evaluations.weightGrid(evaluations.communityForStaff(null, user).id(), user);
        model.addAttribute("node", node);
        model.addAttribute("weights", evaluations.ownWeights(node));
        // street staff reach their street's defaults from a community's page
        model.addAttribute("street", node.level() == io.gridwork.grid.GridLevel.COMMUNITY ? evaluations.streetOf(node, user) : null);
        return "insight/evaluation-weights";
    }

    @PostMapping("/insight/evaluation/weights")
    String saveWeights(@RequestParam(required = false) Long grid, @RequestParam Map<String, String> form, RedirectAttributes flash) {
        GridworkUser user = CurrentUser.get();
        if (grid == null) {
            throw ProblemException.badRequest("eval-grid-required", "name the street or community");
        }
        GridNode node = evaluations.weightGrid(grid, user);
        Map<Indicator, Integer> w = new EnumMap<>(Indicator.class);
        Map<Indicator, Integer> t = new EnumMap<>(Indicator.class);
        try {
            for (Indicator i : Indicator.values()) {
                w.put(i, integer(form.get("weight_" + i.name())));
                t.put(i, integer(form.get("target_" + i.name())));
            }
            evaluations.setWeights(node, w, t, user);
            flash.addFlashAttribute("done", "weights");
        } catch (ProblemException e) {
            if (e.refusesCaller()) {
                throw e;
            }
            flash.addFlashAttribute("error", problems.text(e));
        }
        return "redirect:/insight/evaluation/weights?grid=" + node.id();
    }

    static BigDecimal decimal(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return new BigDecimal(s.strip());
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest("eval-invalid-adjustment", "an adjustment is a number of points");
        }
    }

    private static Integer integer(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(s.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static List<Indicator> indicators() {
        return List.of(Indicator.values());
    }
}
