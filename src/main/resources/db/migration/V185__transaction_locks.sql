-- Issue 17: named row locks a module takes to serialise its own work (shared.persistence.TransactionLocks), so that no
-- module locks another module's rows for it (contracts of one compound, adjustments of one community and month used to
-- lock the grid's grid_node row). A row is added the first time its name is locked and stays.
create table tx_lock (
    name varchar(100) not null primary key
);
