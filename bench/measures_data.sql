-- Synthetic measures for bench/measures.sh: a district of 10 streets x 10 communities x 5 compounds x
-- 4 micro-grids (2,000 micro-grids) and one year of daily rollup rows for 10 categories and two parties
-- ('*' and PROPERTY), with counts that add up to about 10 million demands. Rows exist at every grid
-- level, as the application keeps them.
insert into grid_node (id, parent_id, level, code, name, path)
select 900000000, null, 'DISTRICT', '519999', '基准区', '/900000000/';
insert into grid_node (id, parent_id, level, code, name, path)
select 900000000 + s, 900000000, 'STREET', '519999' || lpad(s::text, 3, '0'), '基准街道' || s, '/900000000/' || (900000000 + s) || '/'
  from generate_series(1, 10) s;
insert into grid_node (id, parent_id, level, code, name, path)
select 900001000 + s * 10 + c, 900000000 + s, 'COMMUNITY', '519999' || lpad(s::text, 3, '0') || lpad(c::text, 3, '0'), '基准社区' || s || '-' || c,
       '/900000000/' || (900000000 + s) || '/' || (900001000 + s * 10 + c) || '/'
  from generate_series(1, 10) s, generate_series(0, 9) c;
insert into grid_node (id, parent_id, level, code, name, path)
select 900010000 + p.id % 1000 * 10 + k, p.id, 'COMPOUND', p.code || lpad(k::text, 2, '0'), '基准小区' || p.id || '-' || k, p.path || (900010000 + p.id % 1000 * 10 + k) || '/'
  from grid_node p, generate_series(0, 4) k where p.level = 'COMMUNITY' and p.id >= 900000000;
insert into grid_node (id, parent_id, level, code, name, path)
select 900100000 + (p.id - 900010000) * 10 + m, p.id, 'MICRO', p.code || lpad(m::text, 3, '0'), '基准微网格' || p.id || '-' || m, p.path || (900100000 + (p.id - 900010000) * 10 + m) || '/'
  from grid_node p, generate_series(0, 3) m where p.level = 'COMPOUND' and p.id >= 900000000;

-- micro-grid rows: per micro-grid, day, category and party
insert into demand_measure_daily (stat_day, grid_id, category_code, party, found, rectified, respond_due, respond_on_time,
                                  resolve_due, resolve_on_time, ratings, satisfied)
select current_date - d, g.id, 'C' || c, p, f, f * 9 / 10, f, f * 19 / 20, f, f * 9 / 10, f / 2, f * 2 / 5
  from grid_node g, generate_series(0, 364) d, generate_series(1, 10) c, (values ('*'), ('PROPERTY')) parties(p),
       lateral (select case when (g.id + d + c) % 3 = 0 then 2 else 1 end as f) x
 where g.level = 'MICRO' and g.id >= 900000000;
-- every level above: sums of the micro-grids below
insert into demand_measure_daily (stat_day, grid_id, category_code, party, found, rectified, respond_due, respond_on_time,
                                  resolve_due, resolve_on_time, ratings, satisfied)
select r.stat_day, a.id, r.category_code, r.party, sum(r.found), sum(r.rectified), sum(r.respond_due), sum(r.respond_on_time),
       sum(r.resolve_due), sum(r.resolve_on_time), sum(r.ratings), sum(r.satisfied)
  from demand_measure_daily r join grid_node m on m.id = r.grid_id and m.level = 'MICRO' and m.id >= 900000000
  join grid_node a on m.path like a.path || '%' and a.id <> m.id and a.id >= 900000000
 group by r.stat_day, a.id, r.category_code, r.party;
-- the daily totals of every category (party '*'), which the measures without a category or party read
insert into demand_measure_total (grid_id, stat_day, found, rectified, respond_due, respond_on_time, resolve_due, resolve_on_time,
                                  ratings, satisfied)
select grid_id, stat_day, sum(found), sum(rectified), sum(respond_due), sum(respond_on_time), sum(resolve_due), sum(resolve_on_time),
       sum(ratings), sum(satisfied)
  from demand_measure_daily where party = '*' and grid_id >= 900000000 group by grid_id, stat_day;
vacuum analyze demand_measure_daily, demand_measure_total;
select (select sum(found) from demand_measure_daily where grid_id = 900000000 and party = '*') as demands,
       (select count(*) from demand_measure_daily) as rollup_rows;
