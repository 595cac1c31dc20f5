package io.gridwork.lists.internal;

import java.time.LocalDate;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import io.gridwork.demand.Party;
import io.gridwork.lists.ListsApi;
import io.gridwork.shared.security.GridworkUser;

@Service
class ListsFacade implements ListsApi {

    private final JdbcClient jdbc;
    private final RoutineService routine;
    private final NeedService needs;
    private final ResourceService resources;
    private final RectificationService rectification;
    private final RectificationRollup rollup;

    ListsFacade(JdbcClient jdbc, RoutineService routine, NeedService needs, ResourceService resources,
            RectificationService rectification, RectificationRollup rollup) {
        this.jdbc = jdbc;
        this.rollup = rollup;
        this.routine = routine;
        this.needs = needs;
        this.resources = resources;
        this.rectification = rectification;
    }

    @Override
    public boolean isEmpty() {
        return jdbc.sql("""
                select (select count(*) from routine_entry) + (select count(*) from need_item)
                     + (select count(*) from resource_item)
                     + (select count(*) from rectification_item where source <> 'SWEEP')""")
                .query(Long.class).single() == 0;
    }

    @Override
    public long logWork(String kind, Long gridId, List<Long> householdIds, LocalDate workedOn, String summary, GridworkUser by) {
        return routine.log(new RoutineService.NewEntry(RoutineKind.valueOf(kind), gridId, householdIds, workedOn, summary, null,
                null, null, null), by).id();
    }

    @Override
    public long logMediation(long gridId, LocalDate workedOn, String parties, String issue, String outcome,
            boolean agreementReached, GridworkUser by) {
        return routine.log(new RoutineService.NewEntry(RoutineKind.MEDIATION, gridId, List.of(), workedOn, null, parties, issue,
                outcome, agreementReached), by).id();
    }

    @Override
    public long addNeed(Long gridId, Long householdId, String category, String title, String detail, Long routineEntryId,
            GridworkUser by) {
        return needs.create(new NeedService.NewNeed(gridId, householdId, NeedService.Category.valueOf(category), title, detail,
                routineEntryId, null), by).id();
    }

    @Override
    public long addResource(long gridId, String kind, String name, String description, String address, String availability,
            String contactName, String phone, GridworkUser by) {
        return resources.create(new ResourceService.NewResource(gridId, ResourceService.Kind.valueOf(kind), name, description,
                address, availability, contactName, phone), by).id();
    }

    @Override
    public long addProblem(long gridId, String source, String title, String detail, String party, String responsible,
            String measures, LocalDate deadline, GridworkUser by) {
        return rectification.create(new RectificationService.NewItem(gridId, null, RectificationService.Source.valueOf(source),
                title, detail, party == null ? null : Party.valueOf(party), responsible, measures, deadline), by).id();
    }

    @Override
    public void startRectification(long itemId, String measures, LocalDate deadline, GridworkUser by) {
        rectification.change(itemId, new RectificationService.Change(RectificationService.Status.IN_PROGRESS, null, null,
                measures, deadline, null), List.of(), by);
    }

    @Override
    public void rectify(long itemId, String note, byte[] photo, GridworkUser by) {
        rectification.change(itemId, new RectificationService.Change(RectificationService.Status.RECTIFIED, null, null, null,
                null, note), List.of(new RectificationService.Upload("evidence.png", photo)), by);
    }

    @Override
    public RectificationCount rectifications(long gridId, LocalDate from, LocalDate to) {
        return rollup.days(List.of(gridId), from, to).count(gridId, from, to);
    }

    @Override
    public RectificationDays rectificationDays(java.util.Collection<Long> gridIds, LocalDate from, LocalDate to) {
        return rollup.days(gridIds, from, to);
    }

    @Override
    public long openRectifications(String gridPath) {
        return jdbc.sql("select count(*) from rectification_item where grid_path like ? and status <> 'RECTIFIED'")
                .param(gridPath + "%").query(Long.class).single();
    }

    @Override
    public java.util.Map<Long, BuildingHazards> hazardsByBuilding(String gridPath) {
        java.util.Map<Long, BuildingHazards> out = new java.util.LinkedHashMap<>();
        java.sql.Date today = java.sql.Date.valueOf(Places.today());
        // the building as the list reads it (RectificationService.SELECT): the item's own, else its household's
        jdbc.sql("""
                select coalesce(r.building_id, u.building_id, 0) as b,
                       sum(case when r.status = 'OPEN' and (r.deadline is null or r.deadline >= ?) then 1 else 0 end),
                       sum(case when r.status = 'IN_PROGRESS' and (r.deadline is null or r.deadline >= ?) then 1 else 0 end),
                       sum(case when r.status <> 'RECTIFIED' and r.deadline < ? then 1 else 0 end),
                       sum(case when r.status = 'RECTIFIED' then 1 else 0 end),
                       sum(case when r.source = 'SWEEP' then 1 else 0 end)
                  from rectification_item r
                  left join v_grid_household hh on hh.id = r.household_id
                  left join v_grid_unit u on u.id = hh.unit_id
                 where r.grid_path like ?
                 group by coalesce(r.building_id, u.building_id, 0)""")
                .params(today, today, today, gridPath + "%")
                .query(rs -> {
                    out.put(rs.getLong(1), new BuildingHazards(rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                            rs.getLong(6)));
                });
        return out;
    }

    @Override
    public List<GridRectificationCount> rectificationCounts(String underPath, String party, LocalDate from, LocalDate to) {
        java.time.Instant end = to.plusDays(1).atStartOfDay(Places.ZONE).toInstant();
        // party null: every item, whichever party it is assigned to (the insight map's 整改率 per micro-grid)
        List<Object> params = new java.util.ArrayList<>(List.of(Places.ts(end), underPath + "%"));
        if (party != null) {
            params.add(Party.valueOf(party).name());
        }
        params.add(Places.ts(from.atStartOfDay(Places.ZONE).toInstant()));
        params.add(Places.ts(end));
        return jdbc.sql("select grid_path, count(*), sum(case when rectified_at is not null and rectified_at < ? then 1 else 0 end)"
                + " from rectification_item where grid_path like ?" + (party == null ? "" : " and party = ?")
                + " and found_at >= ? and found_at < ? group by grid_path")
                .params(params)
                .query((rs, i) -> new GridRectificationCount(rs.getString(1), rs.getLong(2), rs.getLong(3))).list();
    }

    @Override
    public List<RoutineCount> routineCounts(String underPath, LocalDate from, LocalDate to) {
        return jdbc.sql("""
                select grid_path, kind, count(*) from routine_entry
                 where grid_path like ? and worked_on >= ? and worked_on <= ?
                 group by grid_path, kind""")
                .params(underPath + "%", java.sql.Date.valueOf(from), java.sql.Date.valueOf(to))
                .query((rs, i) -> new RoutineCount(rs.getString(1), rs.getString(2), rs.getLong(3))).list();
    }

    @Override
    public java.util.Map<Long, java.util.Map<String, Long>> routineWorkBy(java.util.Collection<Long> accountIds,
            LocalDate from, LocalDate to) {
        java.util.Map<Long, java.util.Map<String, Long>> out = new java.util.HashMap<>();
        if (accountIds.isEmpty()) {
            return out;
        }
        jdbc.sql("""
                select worker_account_id, kind, count(*) n from routine_entry
                where worker_account_id in (:ids) and worked_on between :from and :to
                group by worker_account_id, kind""")
                .param("ids", accountIds).param("from", from).param("to", to)
                .query((rs, n) -> out.computeIfAbsent(rs.getLong(1), k -> new java.util.TreeMap<>()).put(rs.getString(2),
                        rs.getLong(3)))
                .list();
        return out;
    }
}
