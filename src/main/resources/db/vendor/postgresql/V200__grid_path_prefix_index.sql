-- Issue 19: a grid's subtree is read as "path like '/1/21/%'". PostgreSQL uses a plain btree index for such a prefix
-- only under the C collation; under any other (C.UTF-8, en_US.UTF-8, zh_CN.UTF-8) it scanned all of grid_node: on the
-- city preset (112,000 grids) 25-45 ms for a district's micro-grids (the map's heat layer) and 32 ms for a street's
-- micro-grids with warnings (the street's page), against 1-3 ms by this index. H2 plans the prefix by its own index.
create index grid_node_path_prefix_ix on grid_node (path text_pattern_ops);
