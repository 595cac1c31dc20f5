package io.gridwork.notify.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.context.MessageSource;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

import io.gridwork.campaign.CampaignEvents;
import io.gridwork.demand.DemandEvents;
import io.gridwork.demand.Party;
import io.gridwork.iot.IotEvents;

/**
 * Turns other modules' events into messages. Each listener runs after the publishing transaction has
 * committed, in its own transaction, and only writes the inbox and the outbox: a failing channel can neither
 * block nor roll back the business action. The event publication registry redelivers an event whose
 * listener failed; the keys of inbox and outbox rows make a redelivery harmless.
 */
@Component
class EventNotifier {

    private static final Locale ZH = Locale.SIMPLIFIED_CHINESE;

    private final Outbox outbox;
    private final Recipients recipients;
    private final MessageSource messages;

    EventNotifier(Outbox outbox, Recipients recipients, MessageSource messages) {
        this.outbox = outbox;
        this.recipients = recipients;
        this.messages = messages;
    }

    /** New demands, a batch at a time: one transaction and multi-row inserts for all their notices. */
    @ApplicationModuleListener
    void on(DemandEvents.DemandsSubmitted e) {
        Map<String, List<Long>> workers = new HashMap<>();
        List<Outbox.Addressed> all = new ArrayList<>(e.demands().size());
        for (DemandEvents.DemandSubmitted d : e.demands()) {
            var a = d.audience();
            all.add(new Outbox.Addressed(message("demand:" + a.demandId() + ":submitted", Kind.DEMAND_NEW, false, "demandNew", a),
                    workers.computeIfAbsent(a.gridPath(), recipients::gridWorkers)));
        }
        outbox.postAll(all);
    }

    @ApplicationModuleListener
    void on(DemandEvents.DemandDispatched e) {
        var a = e.audience();
        String parties = String.join(",", new TreeSet<>(e.added().stream().map(Party::name).toList()));
        String partyNames = String.join("、", e.added().stream().sorted().map(p -> text("notify.party." + p.name())).toList());
        post("demand:" + a.demandId() + ":dispatched:" + parties + ":" + (e.note() == null ? 0 : e.note().hashCode()),
                Kind.DEMAND_DISPATCHED, false, "demandDispatched", a, recipients.partyStaff(a.gridPath(), e.added()), partyNames);
    }

    @ApplicationModuleListener
    void on(DemandEvents.DeadlineReached e) {
        var a = e.audience();
        boolean red = "RED".equals(e.colour());
        post("demand:" + a.demandId() + ":deadline:" + e.phase() + ":" + e.colour() + ":" + e.dueAt().getEpochSecond(),
                Kind.DEMAND_DEADLINE, red, red ? "demandRed" : "demandYellow", a, recipients.communityStaff(a.gridPath()),
                text("notify.phase." + e.phase()));
    }

    @ApplicationModuleListener
    void on(DemandEvents.DemandEscalated e) {
        var a = e.audience();
        Set<Long> to = new LinkedHashSet<>(recipients.communityStaff(a.gridPath()));
        if (e.level() >= 3) {
            to.addAll(recipients.streetStaff(a.gridPath()));
        }
        post("demand:" + a.demandId() + ":escalated:" + e.level(), Kind.DEMAND_SUPERVISION, true, "demandEscalated", a, to,
                String.valueOf(e.level()));
    }

    @ApplicationModuleListener
    void on(DemandEvents.DemandSupervised e) {
        var a = e.audience();
        // the supervisor hears it, and so do the parties it presses
        Set<Long> to = new LinkedHashSet<>(recipients.communityStaff(a.gridPath()));
        to.addAll(recipients.partyStaff(a.gridPath(), a.parties()));
        post("demand:" + a.demandId() + ":supervised:" + (e.note() == null ? 0 : e.note().hashCode()) + ":" + e.by(),
                Kind.DEMAND_SUPERVISION, false, "demandSupervised", a, to, e.note() == null ? "" : e.note());
    }

    @ApplicationModuleListener
    void on(DemandEvents.DemandResolved e) {
        var a = e.audience();
        post("demand:" + a.demandId() + ":resolved:" + e.at().toEpochMilli(), Kind.DEMAND_FEEDBACK, false, "demandResolved", a,
                reporter(a));
    }

    @ApplicationModuleListener
    void on(DemandEvents.DemandClosed e) {
        var a = e.audience();
        post("demand:" + a.demandId() + ":closed:" + e.at().toEpochMilli(), Kind.DEMAND_FEEDBACK, false, "demandClosed", a,
                reporter(a));
    }

    @ApplicationModuleListener
    void on(DemandEvents.RatingReminder e) {
        var a = e.audience();
        post("demand:" + a.demandId() + ":rating-reminder", Kind.DEMAND_FEEDBACK, false, "ratingReminder", a, reporter(a));
    }

    @ApplicationModuleListener
    void on(CampaignEvents.CampaignDispatched e) {
        String key = e.emergency() ? "campaignEmergency" : "campaign";
        outbox.post(new Outbox.Message("campaign:" + e.campaignId() + ":dispatched:" + e.at().toEpochMilli(), Kind.CAMPAIGN,
                e.emergency(), text("notify.msg." + key + ".title", e.title()),
                text("notify.msg." + key + ".body", e.title(), e.deadline() == null ? "—" : Texts.time(e.deadline())),
                "/campaigns/" + e.campaignId()), e.recipientAccountIds());
    }

    @ApplicationModuleListener
    void on(IotEvents.DeviceWarning e) {
        boolean urgent = e.kind() != null && e.kind().toUpperCase(Locale.ROOT).matches(".*(FIRE|SMOKE).*");
        outbox.post(new Outbox.Message("device:" + e.deviceId() + ":warning:" + e.kind() + ":" + e.at().toEpochMilli(),
                Kind.DEVICE, urgent, text("notify.msg.deviceWarning.title", e.deviceCode()),
                text("notify.msg.deviceWarning.body", e.deviceCode(), deviceType(e.deviceType()),
                        e.message() == null ? messages.getMessage("iot.event." + e.kind(), null, e.kind(), ZH) : e.message()),
                null), recipients.communityStaff(e.gridPath()));
    }

    @ApplicationModuleListener
    void on(IotEvents.DeviceOffline e) {
        outbox.post(new Outbox.Message("device:" + e.deviceId() + ":offline:" + e.at().toEpochMilli(), Kind.DEVICE, false,
                text("notify.msg.deviceOffline.title", e.deviceCode()),
                text("notify.msg.deviceOffline.body", e.deviceCode(), deviceType(e.deviceType()),
                        e.lastSeenAt() == null ? "—" : Texts.time(e.lastSeenAt())),
                null), recipients.communityStaff(e.gridPath()));
    }

    /** A quarterly report published: an inbox notice to the compound's residents and owners committee. */
    @ApplicationModuleListener
    void on(io.gridwork.transparency.TransparencyEvents.ReportPublished e) {
        String what = text("notify.msg.reportPublished." + e.kind(), e.year(), e.quarter());
        outbox.post(new Outbox.Message("report:" + e.reportId() + ":published", Kind.NOTICE, false,
                text("notify.msg.reportPublished.title", e.compoundName(), what),
                text(e.version() > 1 ? "notify.msg.reportCorrected.body" : "notify.msg.reportPublished.body", e.compoundName(), what,
                        e.version()),
                "/transparency/reports/" + e.reportId()), recipients.owners(e.gridPath()));
    }

    private static List<Long> reporter(DemandEvents.Audience a) {
        return a.reporterAccountId() == null ? List.of() : List.of(a.reporterAccountId());
    }

    private void post(String eventKey, Kind kind, boolean urgent, String template, DemandEvents.Audience a,
            java.util.Collection<Long> to, Object... extra) {
        outbox.post(message(eventKey, kind, urgent, template, a, extra), to);
    }

    private Outbox.Message message(String eventKey, Kind kind, boolean urgent, String template, DemandEvents.Audience a,
            Object... extra) {
        Object[] args = new Object[1 + extra.length];
        args[0] = a.refNo();
        System.arraycopy(extra, 0, args, 1, extra.length);
        return new Outbox.Message(eventKey, kind, urgent, text("notify.msg." + template + ".title", args),
                text("notify.msg." + template + ".body", args), "/demands/" + a.demandId());
    }

    /** A device type in words (车棚充电桩), never its code. */
    private String deviceType(String code) {
        return messages.getMessage("iot.type." + code, null, code, ZH);
    }

    private String text(String key, Object... args) {
        return messages.getMessage(key, args, key, ZH);
    }
}
