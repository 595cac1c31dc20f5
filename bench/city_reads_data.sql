-- Issue 19: a district's worth of demands for EXPLAIN of the demand lists, without the city generator.
-- 1 district > 10 streets > 100 communities > 500 compounds > 5,000 micro-grids; :n demands (default 400,000) over
-- 365 days at random micro-grids, 5 % open, 1 % created through Open311; demand_reach written as the application
-- writes it (one row per grid of the path). Ids from 9,000,000 up, so it sits beside the demo. Run on a database the
-- application has migrated:  psql -v n=400000 -f bench/city_reads_data.sql <db>
\set ON_ERROR_STOP on
\if :{?n}
\else
  \set n 400000
\endif
begin;
insert into grid_node (id, parent_id, level, code, name, path)
values (9000000, null, 'DISTRICT', '519901', '测试区', '/9000000/');
insert into grid_node (id, parent_id, level, code, name, path)
select 9000000 + s, 9000000, 'STREET', '519901' || lpad(s::text, 3, '0'), '街道' || s, '/9000000/' || (9000000 + s) || '/'
  from generate_series(1, 10) s;
insert into grid_node (id, parent_id, level, code, name, path)
select 9001000 + s * 10 + c, 9000000 + s, 'COMMUNITY', '519901' || lpad(s::text, 3, '0') || lpad(c::text, 3, '0'), '社区' || s || '-' || c,
       '/9000000/' || (9000000 + s) || '/' || (9001000 + s * 10 + c) || '/'
  from generate_series(1, 10) s, generate_series(0, 9) c;
insert into grid_node (id, parent_id, level, code, name, path)
select 9100000 + cm * 10 + k, cm, 'COMPOUND', g.code || lpad(k::text, 2, '0'), '小区' || cm || '-' || k, g.path || (9100000 + cm * 10 + k) || '/'
  from (select id as cm, code, path from grid_node where level = 'COMMUNITY' and id between 9001000 and 9001200) g,
       generate_series(0, 4) k;
insert into grid_node (id, parent_id, level, code, name, path)
select 9200000 + (k.id - 9100000) * 10 + m, k.id, 'MICRO', k.code || lpad(m::text, 3, '0'), '微网格' || k.id || '-' || m,
       k.path || (9200000 + (k.id - 9100000) * 10 + m) || '/'
  from (select id, code, path from grid_node where level = 'COMPOUND' and id >= 9100000) k, generate_series(0, 9) m;

create temporary table micro_list as
select row_number() over (order by m.id) - 1 as i, m.id as micro, k.id as compound, k.parent_id as community, m.path
  from grid_node m join grid_node k on k.id = m.parent_id where m.level = 'MICRO' and m.id >= 9200000;

insert into demand (ref_no, community_id, compound_id, micro_grid_id, grid_path, category_code, description, channel,
                    status, submitted_at)
select 'XR' || g, ml.community, ml.compound, ml.micro, ml.path,
       (array['NOISE','WATER_LEAK','GREENERY','PARKING','SAFETY_HAZARD'])[1 + (g % 5)], '合成诉求 ' || g,
       case when g % 100 = 0 then 'OPEN311' else 'VISIT' end,
       case when g % 20 = 0 then 'SUBMITTED' else 'CLOSED' end,
       timestamptz '2026-11-01 00:00:00+08' - (g * (365 * 86400.0 / :n)) * interval '1 second'
  from generate_series(1, :n) g
  join micro_list ml on ml.i = (g::bigint * 7919) % 5000;

insert into demand_reach (grid_id, submitted_at, demand_id)
select cast(s.id as bigint), d.submitted_at, d.id
  from demand d cross join lateral unnest(string_to_array(trim(both '/' from d.grid_path), '/')) as s(id)
 where d.ref_no like 'XR%';
commit;
analyze grid_node;
analyze demand;
analyze demand_reach;
