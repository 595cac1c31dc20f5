-- Issue 17: a module writes only its own tables and reads another module's data through the owner's facade or
-- through a read view the owner publishes here. The views are the owner's contract with its readers: the columns
-- they show stay (the owner may change its tables behind them), and nothing personal beyond a mask is shown.
-- Named v_<owner>_<what>; listed with their readers in docs/architecture.md ("Read views"); TableOwnershipTests
-- fails when a module's SQL names another module's table instead.
-- Plain single-table views: PostgreSQL and H2 read them as the table itself (same indexes, same plans).

-- grid: the tree (without the boundaries), buildings, units and households (rooms), for the set-based reads of places
-- and paths
create view v_grid_node as
    select id, parent_id, level, code, name, path, special_kind, retired_at from grid_node;
create view v_grid_building as
    select id, compound_id, micro_grid_id, number, name, floors, lat, lon from building;
create view v_grid_unit as
    select id, building_id, number from unit;
create view v_grid_household as
    select id, unit_id, room, floor, status, area_m2, checked_at from household;

-- people: who lives where, care tags and staff assignments (names and masked phones only, never the ciphers)
create view v_people_person as
    select id, name, birth_date, phone_mask from person;
create view v_people_household_member as
    select id, household_id, person_id, relation, since, until from household_member;
create view v_people_person_tag as
    select person_id, tag from person_tag;
create view v_people_staff_assignment as
    select id, person_id, role, grid_id, building_id, unit_id, start_date, end_date from staff_assignment;

-- access: an account's names, its person and whether it is enabled (no password, no contact phone)
create view v_access_account as
    select id, username, display_name, person_id, enabled from account;
