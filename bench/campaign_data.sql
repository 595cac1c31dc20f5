-- bench/campaign.sh: a synthetic community of 500,000 households under the demo street: 50 compounds,
-- 500 micro-grids, 5,000 buildings, 10,000 units, 50 households per unit.
insert into grid_node (parent_id, level, code, name, path)
select id, 'COMMUNITY', 'BENCH-C', '基准社区', '' from grid_node where name = '学府街道';
update grid_node set path = (select p.path from grid_node p where p.id = grid_node.parent_id) || id || '/' where code = 'BENCH-C';
insert into grid_node (parent_id, level, code, name, path)
select c.id, 'COMPOUND', 'BENCH-P' || g, '基准小区' || g, '' from grid_node c, generate_series(1, 50) g where c.code = 'BENCH-C';
update grid_node set path = (select p.path from grid_node p where p.id = grid_node.parent_id) || id || '/'
 where code like 'BENCH-P%';
insert into grid_node (parent_id, level, code, name, path)
select p.id, 'MICRO', p.code || '-M' || g, p.name || '第' || g || '微网格', '' from grid_node p, generate_series(1, 10) g
 where p.code like 'BENCH-P%';
update grid_node set path = (select p.path from grid_node p where p.id = grid_node.parent_id) || id || '/'
 where code like 'BENCH-P%-M%';
insert into building (compound_id, micro_grid_id, number, name, floors)
select m.parent_id, m.id, split_part(m.code, '-M', 2) || '-' || g, split_part(m.code, '-M', 2) || '-' || g || '栋', 25
  from grid_node m, generate_series(1, 10) g where m.code like 'BENCH-P%-M%';
insert into unit (building_id, number)
select b.id, g::text from building b join grid_node m on m.id = b.micro_grid_id, generate_series(1, 2) g
 where m.code like 'BENCH-P%-M%';
insert into household (unit_id, room)
select u.id, (100 * (1 + g / 2) + 1 + g % 2)::text from unit u join building b on b.id = u.building_id
  join grid_node m on m.id = b.micro_grid_id, generate_series(0, 49) g
 where m.code like 'BENCH-P%-M%';
analyze;
