package io.gridwork.shared.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.security.Role;

/** The header's links by role: what the layout's security expressions used to decide per link. */
class NavigationTests {

    private static Navigation.Links links(Role... roles) {
        return Navigation.of(new GridworkUser(1, "u", "", "名字", null, null, Set.copyOf(EnumSet.of(roles[0], roles)), Set.of(),
                List.of("/1/"), true, false));
    }

    @Test
    void eachRoleSeesTheLinksOfItsWork() {
        assertThat(links(Role.RESIDENT)).isEqualTo(
                new Navigation.Links(true, "名字", true, false, false, false, false, false, false));
        assertThat(links(Role.GRID_WORKER)).isEqualTo(
                new Navigation.Links(true, "名字", false, true, false, true, false, true, true));
        assertThat(links(Role.COMMUNITY_STAFF)).isEqualTo(
                new Navigation.Links(true, "名字", false, true, false, true, true, true, true));
        assertThat(links(Role.PROPERTY_STAFF)).isEqualTo(
                new Navigation.Links(true, "名字", false, true, false, false, false, true, true));
        assertThat(links(Role.OWNERS_COMMITTEE)).isEqualTo(
                new Navigation.Links(true, "名字", false, true, false, false, false, false, true));
        assertThat(links(Role.MERCHANT)).isEqualTo(
                new Navigation.Links(true, "名字", false, false, false, false, false, false, true));
        // the service team reads the inbox through its own link, unless another role already gives the inbox
        assertThat(links(Role.POLICE).teamInbox()).isTrue();
        assertThat(links(Role.POLICE).inbox()).isFalse();
        assertThat(links(Role.POLICE, Role.GRID_WORKER).teamInbox()).isFalse();
        assertThat(links(Role.POLICE, Role.GRID_WORKER).inbox()).isTrue();
        assertThat(links(Role.RESIDENT, Role.GRID_WORKER).report()).isTrue();
    }
}
