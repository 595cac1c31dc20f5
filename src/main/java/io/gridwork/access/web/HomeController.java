package io.gridwork.access.web;

import java.util.List;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridNode;
import io.gridwork.shared.security.CurrentUser;
import io.gridwork.shared.security.GridworkUser;

@Controller
class HomeController {

    private final GridApi grid;

    HomeController(GridApi grid) {
        this.grid = grid;
    }

    @GetMapping("/")
    String home(Model model) {
        GridworkUser user = CurrentUser.get();
        model.addAttribute("user", user);
        model.addAttribute("scopes", scopeNodes(user));
        model.addAttribute("household", user.householdId() == null ? null : grid.household(user.householdId()).orElse(null));
        return "home";
    }

    private List<GridNode> scopeNodes(GridworkUser user) {
        return grid.topsOf(user.scopePaths());
    }
}
