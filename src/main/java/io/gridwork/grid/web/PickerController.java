package io.gridwork.grid.web;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.gridwork.shared.security.CurrentUser;

/**
 * The cascading steps of the building › unit › room picker (htmx): the options of the next select. A building
 * outside the caller's reach, or none, gives no options, as does an unknown one.
 */
@Controller
class PickerController {

    private final Pickers pickers;

    PickerController(Pickers pickers) {
        this.pickers = pickers;
    }

    @GetMapping("/pick/units")
    String units(@RequestParam(required = false) Long buildingId, Model model) {
        model.addAttribute("units", pickers.units(buildingId, CurrentUser.get()));
        return "fragments/pickers :: unitOptions";
    }

    @GetMapping("/pick/rooms")
    String rooms(@RequestParam(required = false) Long unitId, @RequestParam(defaultValue = "false") boolean multiple,
            Model model) {
        model.addAttribute("rooms", pickers.rooms(unitId, CurrentUser.get()));
        model.addAttribute("multiple", multiple);
        return "fragments/pickers :: roomOptions";
    }
}
