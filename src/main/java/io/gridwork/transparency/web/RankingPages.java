package io.gridwork.transparency.web;

import java.util.List;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.gridwork.grid.GridNode;
import io.gridwork.shared.security.CurrentUser;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.transparency.internal.Rankings;

/**
 * The red/black list's pages: the streets the viewer is within, a street's lists (and, for its staff, the weights, the
 * computation of a quarter and the drafts), and one list with every company's scores and the figures behind them.
 */
@Controller
class RankingPages {

    private final Rankings rankings;
    private final Forms forms;

    RankingPages(Rankings rankings, Forms forms) {
        this.rankings = rankings;
        this.forms = forms;
    }

    @GetMapping("/transparency/rankings")
    String areas(Model model) {
        GridworkUser user = CurrentUser.get();
        List<GridNode> areas = rankings.areas(user);
        // street staff and admins choose from their streets, however many there are today; everyone else lives in one
        boolean chooses = user.has(io.gridwork.shared.security.Role.STREET_STAFF) || user.isAdmin();
        if (areas.size() == 1 && !chooses && !model.containsAttribute("error")) {
            return "redirect:/transparency/rankings/areas/" + areas.get(0).id();
        }
        model.addAttribute("areas", areas);
        return "transparency/rankings";
    }

    @GetMapping("/transparency/rankings/areas/{id}")
    String area(@PathVariable("id") long gridId, Model model) {
        GridworkUser user = CurrentUser.get();
        GridNode area = rankings.area(gridId, user);
        model.addAttribute("area", area);
        model.addAttribute("lists", rankings.ofArea(gridId, user));
        boolean manager = Rankings.manages(user, area);
        model.addAttribute("manager", manager);
        if (manager) {
            model.addAttribute("settings", rankings.settings(gridId, user));
            java.time.LocalDate lastQuarter = TransparencyFormat.today().withDayOfMonth(1)
                    .minusMonths((TransparencyFormat.today().getMonthValue() - 1) % 3 + 3);
            model.addAttribute("lastYear", lastQuarter.getYear());
            model.addAttribute("lastQuarter", (lastQuarter.getMonthValue() - 1) / 3 + 1);
        }
        return "transparency/ranking-area";
    }

    @PostMapping("/transparency/rankings/areas/{id}/settings")
    String configure(@PathVariable("id") long gridId, @RequestParam(required = false) Integer weightOnTime,
            @RequestParam(required = false) Integer weightSatisfaction, @RequestParam(required = false) Integer weightDisclosure,
            @RequestParam(required = false) Integer weightRectification, @RequestParam(required = false) Integer weightComplaints,
            @RequestParam(required = false) Integer redMin, @RequestParam(required = false) Integer blackBelow,
            @RequestParam(required = false) Integer disclosureDays, RedirectAttributes flash) {
        String back = "/transparency/rankings/areas/" + gridId;
        return forms.act(flash, () -> {
            rankings.configure(gridId, new Rankings.SettingsIn(weightOnTime, weightSatisfaction, weightDisclosure, weightRectification,
                    weightComplaints, redMin, blackBelow, disclosureDays), CurrentUser.get());
            return back;
        }, "rankSettings", () -> back);
    }

    @PostMapping("/transparency/rankings/areas/{id}/compute")
    String compute(@PathVariable("id") long gridId, @RequestParam(required = false) Integer year,
            @RequestParam(required = false) Integer quarter, @RequestParam(required = false) String reason, RedirectAttributes flash) {
        return forms.act(flash, () -> "/transparency/rankings/" + rankings.compute(new Rankings.Compute(gridId, year, quarter, reason),
                CurrentUser.get()).id(), "rankComputed", () -> "/transparency/rankings/areas/" + gridId);
    }

    @GetMapping("/transparency/rankings/{id}")
    String list(@PathVariable long id, Model model) {
        GridworkUser user = CurrentUser.get();
        Rankings.RankList l = rankings.get(id, user);
        GridNode area = rankings.area(l.gridId(), user);
        model.addAttribute("list", l);
        model.addAttribute("area", area);
        model.addAttribute("manager", Rankings.manages(user, area));
        model.addAttribute("indicators", Rankings.Indicator.values());
        return "transparency/ranking";
    }

    @PostMapping("/transparency/rankings/{id}/publish")
    String publish(@PathVariable long id, RedirectAttributes flash) {
        return forms.act(flash, () -> "/transparency/rankings/" + rankings.publish(id, CurrentUser.get()).id(), "rankPublished",
                () -> "/transparency/rankings/" + id);
    }
}
