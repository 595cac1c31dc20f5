package io.gridwork.demand.internal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Service;

import io.gridwork.demand.CategoryView;
import io.gridwork.demand.Channel;
import io.gridwork.demand.DemandApi;
import io.gridwork.demand.DemandView;
import io.gridwork.demand.DeviceReport;

@Service
class DemandFacade implements DemandApi {

    private final DemandQueries queries;
    private final DemandPolicies policies;
    private final DemandService service;
    private final DemandPhotos photos;
    private final DemandIntegrationQueries integration;
    private final DemandHandOvers handOvers;

    private final QrPrintLog posterPrints;
    private final DemandConfig config;
    private final DemandHistory history;

    DemandFacade(DemandQueries queries, DemandPolicies policies, DemandService service, DemandPhotos photos,
            DemandIntegrationQueries integration, QrPrintLog posterPrints, DemandHandOvers handOvers, DemandConfig config,
            DemandHistory history) {
        this.config = config;
        this.history = history;
        this.posterPrints = posterPrints;
        this.queries = queries;
        this.policies = policies;
        this.service = service;
        this.photos = photos;
        this.integration = integration;
        this.handOvers = handOvers;
    }

    @Override
    public int seedHistory(HistoryCast cast, int days, long seed) {
        return history.seed(cast, days, seed);
    }

    @Override
    public boolean anySubmittedBefore(Instant at) {
        return history.anySubmittedBefore(at);
    }

    @Override
    public long raiseFromDevice(DeviceReport report) {
        long id = service.raiseFromDevice(report);
        if (report.image() != null) {
            photos.addFromDevice(id, report.image(), "device " + report.deviceCode());
        }
        return id;
    }

    @Override
    public void noteFromDevice(long demandId, String deviceCode, String note) {
        service.noteFromDevice(demandId, deviceCode, note);
    }

    @Override
    public void checkPhoto(byte[] content, String name) {
        photos.check(List.of(new DemandPhotos.Upload(name, content == null ? 0 : content.length, content)));
    }

    @Override
    public Optional<DemandView> find(long id) {
        return queries.find(id);
    }

    @Override
    public List<CategoryView> categories(long communityId) {
        return policies.categories(communityId);
    }

    @Override
    public long submitExternal(ExternalSubmission submission) {
        return service.submitExternal(submission);
    }

    @Override
    public List<Digest> digests(DigestQuery query) {
        return integration.digests(query);
    }

    @Override
    public DigestPage digestPage(DigestQuery query, String cursor) {
        return integration.digestPage(query, cursor);
    }

    @Override
    public List<Step> steps(String gridPath, Channel onlyChannel, Instant from, Instant to, int limit) {
        return integration.steps(gridPath, onlyChannel, from, to, limit);
    }

    @Override
    public long buildingsWithPosters(String gridPath) {
        return posterPrints.buildingsUnder(gridPath);
    }

    @Override
    public long demandsTakenUp(String gridPath) {
        return integration.takenUp(gridPath);
    }

    @Override
    public int handOver(java.util.Collection<Long> fromAccountIds, long toAccountId, String gridPath, String note,
            String actorName) {
        return handOvers.handOver(fromAccountIds, toAccountId, gridPath, note, actorName);
    }

    @Override
    public List<Long> openDemandsHandledBy(long accountId, String gridPath) {
        return handOvers.openHandledBy(List.of(accountId), gridPath);
    }

    @Override
    public java.util.Map<java.time.LocalDate, CalendarMark> calendar(java.time.LocalDate from, java.time.LocalDate to) {
        java.util.Map<java.time.LocalDate, CalendarMark> marks = new java.util.TreeMap<>();
        for (int year = from.getYear(); year <= to.getYear(); year++) {
            for (DemandConfig.CalendarDay d : config.calendar(year)) {
                if (!d.day().isBefore(from) && !d.day().isAfter(to)) {
                    marks.put(d.day(), new CalendarMark(d.kind(), d.name()));
                }
            }
        }
        return marks;
    }

    @Override
    @org.springframework.transaction.annotation.Transactional
    public void markCalendarDay(java.time.LocalDate day, String kind, String name) {
        config.saveDay(day, kind, name);
    }

    @Override
    public long countInbox(InboxQuery q, io.gridwork.shared.security.GridworkUser viewer) {
        return queries.count(new DemandQueries.Filter(q.statuses(), q.categoryCode(), q.party(), q.colour(), q.from(), q.to(),
                q.gridId(), null, 0, 1, q.measure()), viewer).value(); // up to the lists' cap of 10,000, as they show it
    }

    @Override
    public java.util.Map<String, io.gridwork.demand.CategoryView> catalogue() {
        return policies.catalogue();
    }

    @Override
    public List<BoardItem> supervisionBoard(String communityPath) {
        // the board as the community's staff see it: a viewer of the community's role and scope, nothing more
        io.gridwork.shared.security.GridworkUser staff = new io.gridwork.shared.security.GridworkUser(0, "supervision-digest", "",
                "supervision-digest", null, null, java.util.Set.of(io.gridwork.shared.security.Role.COMMUNITY_STAFF), java.util.Set.of(),
                List.of(communityPath), true, false);
        java.util.Map<Long, BoardItem> items = new java.util.LinkedHashMap<>();
        DemandQueries.Board board = queries.board(staff);
        board.byParty().values().forEach(list -> list.forEach(s -> items.putIfAbsent(s.id(), new BoardItem(s.id(), s.refNo(),
                s.colour().name(), s.categoryCode(), s.description(), s.dueAt(), List.copyOf(s.openParties())))));
        List<BoardItem> out = new java.util.ArrayList<>(items.values());
        out.sort(java.util.Comparator.comparing((BoardItem b) -> !"RED".equals(b.colour())).thenComparing(BoardItem::id));
        return out;
    }
}
