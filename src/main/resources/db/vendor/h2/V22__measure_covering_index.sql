-- H2 has no INCLUDE columns: the (grid_id, party, stat_day) index of V20 stays as it is.
select 1;
