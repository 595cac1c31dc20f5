package io.gridwork.open311.web;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.gridwork.open311.internal.Open311Keys;
import io.gridwork.shared.security.CurrentUser;

/** Issuing and revoking Open311 API keys (admins; street staff for their streets). The key is shown once. */
@RestController
class Open311KeyApiController {

    /** {@code jurisdiction}: the CJ/T 349 code of a street or community; {@code perMinute}: optional call limit. */
    record NewKey(String name, String jurisdiction, Integer perMinute) {
    }

    private final Open311Keys keys;

    Open311KeyApiController(Open311Keys keys) {
        this.keys = keys;
    }

    @GetMapping("/api/open311/keys")
    List<Open311Keys.KeyView> list() {
        return keys.list(CurrentUser.get());
    }

    @PostMapping("/api/open311/keys")
    @ResponseStatus(HttpStatus.CREATED)
    Open311Keys.Issued issue(@RequestBody NewKey body) {
        return keys.issue(body.name(), body.jurisdiction(), body.perMinute(), CurrentUser.get());
    }

    @DeleteMapping("/api/open311/keys/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void revoke(@PathVariable long id) {
        keys.revoke(id, CurrentUser.get());
    }
}
