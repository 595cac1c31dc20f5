-- Issue 19, second part: EXPLAIN ANALYZE of the demand lists whose filter the index does not carry, before (the walk
-- until the page is full) and after (a walk of at most 2,000 index rows, DemandQueries.WALK), and of an Open311 page
-- of 1,000 under a street, before (join then limit) and after (the reach rows first). The SQL the application sends,
-- with the literals of the synthetic district of bench/city_reads_data.sql (street 9000003; account 1 as the viewer).
--   psql -v n=400000 -f bench/city_reads_data.sql <db>      (once)
--   psql -f bench/city_reads_walk.sql <db>
\set ON_ERROR_STOP on
\pset pager off
\timing off
\echo '=== 1. street, status SUBMITTED (5 %), first page of 20: before'
explain (analyze, buffers, costs off)
select d.id, d.ref_no, d.status, d.grade, d.category_code, d.description, d.location_text, d.building_id,
       d.unit_id, d.household_id, d.submitted_at, d.respond_yellow_at, d.respond_due_at, d.responded_at,
       d.resolve_yellow_at, d.resolve_due_at, d.resolved_at, d.escalation_level, d.supervised_count, d.reporter_unverified,
       c.name as compound_name, b.name as building_name, u.number as unit_number, h.room as room
  from demand_reach k join demand d on d.id = k.demand_id
  left join building b on b.id = d.building_id left join grid_node c on c.id = b.compound_id
  left join unit u on u.id = d.unit_id left join household h on h.id = d.household_id
 where k.grid_id = 9000003 and (d.reporter_account_id = 1 or (d.grid_path like '/9000000/9000003/%')) and d.status in ('SUBMITTED')
 order by k.submitted_at desc, k.demand_id desc fetch first 21 rows only;
\echo '=== 1. street, status SUBMITTED, first page of 20: after'
explain (analyze, buffers, costs off)
select d.id, d.ref_no, d.status, d.grade, d.category_code, d.description, d.location_text, d.building_id,
       d.unit_id, d.household_id, d.submitted_at, d.respond_yellow_at, d.respond_due_at, d.responded_at,
       d.resolve_yellow_at, d.resolve_due_at, d.resolved_at, d.escalation_level, d.supervised_count, d.reporter_unverified,
       c.name as compound_name, b.name as building_name, u.number as unit_number, h.room as room
  from (select k.submitted_at as w_at, k.demand_id as w_id from demand_reach k where k.grid_id = 9000003
         order by k.submitted_at desc, k.demand_id desc fetch first 2000 rows only) w
  join demand d on d.id = w.w_id
  left join building b on b.id = d.building_id left join grid_node c on c.id = b.compound_id
  left join unit u on u.id = d.unit_id left join household h on h.id = d.household_id
 where (d.reporter_account_id = 1 or (d.grid_path like '/9000000/9000003/%')) and d.status in ('SUBMITTED')
 order by w.w_at desc, w.w_id desc fetch first 21 rows only;

\echo '=== 2. street, status ON_HOLD (none in the data: the rarest filter), first page: before'
explain (analyze, buffers, costs off)
select d.id, d.ref_no, d.status, d.grade, d.category_code, d.description, d.location_text, d.building_id,
       d.unit_id, d.household_id, d.submitted_at, d.respond_yellow_at, d.respond_due_at, d.responded_at,
       d.resolve_yellow_at, d.resolve_due_at, d.resolved_at, d.escalation_level, d.supervised_count, d.reporter_unverified,
       c.name as compound_name, b.name as building_name, u.number as unit_number, h.room as room
  from demand_reach k join demand d on d.id = k.demand_id
  left join building b on b.id = d.building_id left join grid_node c on c.id = b.compound_id
  left join unit u on u.id = d.unit_id left join household h on h.id = d.household_id
 where k.grid_id = 9000003 and (d.reporter_account_id = 1 or (d.grid_path like '/9000000/9000003/%')) and d.status in ('ON_HOLD')
 order by k.submitted_at desc, k.demand_id desc fetch first 21 rows only;
\echo '=== 2. street, status ON_HOLD, first page: after (the page, then where the walk stopped)'
explain (analyze, buffers, costs off)
select d.id, d.ref_no, d.status, d.grade, d.category_code, d.description, d.location_text, d.building_id,
       d.unit_id, d.household_id, d.submitted_at, d.respond_yellow_at, d.respond_due_at, d.responded_at,
       d.resolve_yellow_at, d.resolve_due_at, d.resolved_at, d.escalation_level, d.supervised_count, d.reporter_unverified,
       c.name as compound_name, b.name as building_name, u.number as unit_number, h.room as room
  from (select k.submitted_at as w_at, k.demand_id as w_id from demand_reach k where k.grid_id = 9000003
         order by k.submitted_at desc, k.demand_id desc fetch first 2000 rows only) w
  join demand d on d.id = w.w_id
  left join building b on b.id = d.building_id left join grid_node c on c.id = b.compound_id
  left join unit u on u.id = d.unit_id left join household h on h.id = d.household_id
 where (d.reporter_account_id = 1 or (d.grid_path like '/9000000/9000003/%')) and d.status in ('ON_HOLD')
 order by w.w_at desc, w.w_id desc fetch first 21 rows only;
explain (analyze, buffers, costs off)
select w_at, w_id from (select k.submitted_at as w_at, k.demand_id as w_id from demand_reach k where k.grid_id = 9000003
         order by k.submitted_at desc, k.demand_id desc offset 1999 rows fetch first 1 rows only) w;

\echo '=== 3. Open311, a street key, 90 days, page_size=1000: before'
explain (analyze, buffers, costs off)
select d.id, d.ref_no, d.status, d.category_code, d.description, d.channel, d.community_id, d.grid_path,
       d.building_id, d.lat, d.lon, d.submitted_at, d.resolve_due_at,
       (select max(e.at) from demand_event_log e where e.demand_id = d.id) as updated_at,
       (select e.note from demand_event_log e where e.demand_id = d.id and e.note is not null and e.action not in ('RATED','REOPENED')
         order by e.id desc fetch first 1 rows only) as last_note
  from demand_reach k join demand d on d.id = k.demand_id
 where d.grid_path like '/9000000/9000003/%' and k.grid_id = 9000003
   and k.submitted_at >= '2026-08-03 00:00:00+08' and k.submitted_at <= '2026-11-01 00:00:00+08'
 order by k.submitted_at desc, k.demand_id desc fetch first 1001 rows only;
\echo '=== 3. Open311, a street key, 90 days, page_size=1000: after'
explain (analyze, buffers, costs off)
select d.id, d.ref_no, d.status, d.category_code, d.description, d.channel, d.community_id, d.grid_path,
       d.building_id, d.lat, d.lon, d.submitted_at, d.resolve_due_at,
       (select max(e.at) from demand_event_log e where e.demand_id = d.id) as updated_at,
       (select e.note from demand_event_log e where e.demand_id = d.id and e.note is not null and e.action not in ('RATED','REOPENED')
         order by e.id desc fetch first 1 rows only) as last_note
  from (select k.grid_id, k.submitted_at, k.demand_id from demand_reach k
         where k.grid_id = 9000003 and k.submitted_at >= '2026-08-03 00:00:00+08' and k.submitted_at <= '2026-11-01 00:00:00+08'
         order by k.submitted_at desc, k.demand_id desc fetch first 2002 rows only) k
  join demand d on d.id = k.demand_id
 where d.grid_path like '/9000000/9000003/%' and k.grid_id = 9000003
   and k.submitted_at >= '2026-08-03 00:00:00+08' and k.submitted_at <= '2026-11-01 00:00:00+08'
 order by k.submitted_at desc, k.demand_id desc fetch first 1001 rows only;

\echo '=== 4. Open311, a street key, 90 days, page_size=1000, status=open (5 %): before'
explain (analyze, buffers, costs off)
select d.id, d.ref_no, d.status, d.category_code, d.description, d.channel, d.community_id, d.grid_path,
       d.building_id, d.lat, d.lon, d.submitted_at, d.resolve_due_at,
       (select max(e.at) from demand_event_log e where e.demand_id = d.id) as updated_at,
       (select e.note from demand_event_log e where e.demand_id = d.id and e.note is not null and e.action not in ('RATED','REOPENED')
         order by e.id desc fetch first 1 rows only) as last_note
  from demand_reach k join demand d on d.id = k.demand_id
 where d.grid_path like '/9000000/9000003/%' and k.grid_id = 9000003
   and k.submitted_at >= '2026-08-03 00:00:00+08' and k.submitted_at <= '2026-11-01 00:00:00+08'
   and d.status not in ('REJECTED', 'RESOLVED', 'CLOSED', 'RATED')
 order by k.submitted_at desc, k.demand_id desc fetch first 1001 rows only;
\echo '=== 4. Open311, status=open: after (the page, then where the walk stopped)'
explain (analyze, buffers, costs off)
select d.id, d.ref_no, d.status, d.category_code, d.description, d.channel, d.community_id, d.grid_path,
       d.building_id, d.lat, d.lon, d.submitted_at, d.resolve_due_at,
       (select max(e.at) from demand_event_log e where e.demand_id = d.id) as updated_at,
       (select e.note from demand_event_log e where e.demand_id = d.id and e.note is not null and e.action not in ('RATED','REOPENED')
         order by e.id desc fetch first 1 rows only) as last_note
  from (select k.grid_id, k.submitted_at, k.demand_id from demand_reach k
         where k.grid_id = 9000003 and k.submitted_at >= '2026-08-03 00:00:00+08' and k.submitted_at <= '2026-11-01 00:00:00+08'
         order by k.submitted_at desc, k.demand_id desc fetch first 2002 rows only) k
  join demand d on d.id = k.demand_id
 where d.grid_path like '/9000000/9000003/%' and k.grid_id = 9000003
   and k.submitted_at >= '2026-08-03 00:00:00+08' and k.submitted_at <= '2026-11-01 00:00:00+08'
   and d.status not in ('REJECTED', 'RESOLVED', 'CLOSED', 'RATED')
 order by k.submitted_at desc, k.demand_id desc fetch first 1001 rows only;
explain (analyze, buffers, costs off)
select w.submitted_at, w.demand_id from (select k.grid_id, k.submitted_at, k.demand_id from demand_reach k
         where k.grid_id = 9000003 and k.submitted_at >= '2026-08-03 00:00:00+08' and k.submitted_at <= '2026-11-01 00:00:00+08'
         order by k.submitted_at desc, k.demand_id desc offset 2001 rows fetch first 1 rows only) w;

\echo '=== 5. street, colour RED (time limit passed; none in the data), first page: before'
explain (analyze, buffers, costs off)
select d.id, d.ref_no, d.status, d.grade, d.category_code, d.description, d.location_text, d.building_id,
       d.unit_id, d.household_id, d.submitted_at, d.respond_yellow_at, d.respond_due_at, d.responded_at,
       d.resolve_yellow_at, d.resolve_due_at, d.resolved_at, d.escalation_level, d.supervised_count, d.reporter_unverified,
       c.name as compound_name, b.name as building_name, u.number as unit_number, h.room as room
  from demand_reach k join demand d on d.id = k.demand_id
  left join building b on b.id = d.building_id left join grid_node c on c.id = b.compound_id
  left join unit u on u.id = d.unit_id left join household h on h.id = d.household_id
 where k.grid_id = 9000003 and (d.reporter_account_id = 1 or (d.grid_path like '/9000000/9000003/%'))
   and d.status in ('SUBMITTED', 'ACCEPTED', 'DISPATCHED', 'IN_PROGRESS', 'REOPENED')
   and ((d.responded_at is null and d.respond_due_at < now()) or (d.responded_at is not null and d.resolve_due_at < now()))
 order by k.submitted_at desc, k.demand_id desc fetch first 21 rows only;
\echo '=== 5. street, colour RED: after (the page, then where the walk stopped)'
explain (analyze, buffers, costs off)
select d.id, d.ref_no, d.status, d.grade, d.category_code, d.description, d.location_text, d.building_id,
       d.unit_id, d.household_id, d.submitted_at, d.respond_yellow_at, d.respond_due_at, d.responded_at,
       d.resolve_yellow_at, d.resolve_due_at, d.resolved_at, d.escalation_level, d.supervised_count, d.reporter_unverified,
       c.name as compound_name, b.name as building_name, u.number as unit_number, h.room as room
  from (select k.submitted_at as w_at, k.demand_id as w_id from demand_reach k where k.grid_id = 9000003
         order by k.submitted_at desc, k.demand_id desc fetch first 2000 rows only) w
  join demand d on d.id = w.w_id
  left join building b on b.id = d.building_id left join grid_node c on c.id = b.compound_id
  left join unit u on u.id = d.unit_id left join household h on h.id = d.household_id
 where (d.reporter_account_id = 1 or (d.grid_path like '/9000000/9000003/%'))
   and d.status in ('SUBMITTED', 'ACCEPTED', 'DISPATCHED', 'IN_PROGRESS', 'REOPENED')
   and ((d.responded_at is null and d.respond_due_at < now()) or (d.responded_at is not null and d.resolve_due_at < now()))
 order by w.w_at desc, w.w_id desc fetch first 21 rows only;
explain (analyze, buffers, costs off)
select w_at, w_id from (select k.submitted_at as w_at, k.demand_id as w_id from demand_reach k where k.grid_id = 9000003
         order by k.submitted_at desc, k.demand_id desc offset 1999 rows fetch first 1 rows only) w;
