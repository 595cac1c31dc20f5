package io.gridwork.lists.internal;

import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

import io.gridwork.campaign.CampaignEvents;

/** Hazards found on sweeps become rectification items; a redelivered event adds nothing. */
@Component
class HazardListener {

    private final RectificationService rectification;

    HazardListener(RectificationService rectification) {
        this.rectification = rectification;
    }

    @ApplicationModuleListener
    void on(CampaignEvents.HazardFound event) {
        rectification.fromHazard(event);
    }
}
