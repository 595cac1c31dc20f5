-- The trust ledger is append-only: postings and entries can be written but never changed or removed, not even by the
-- application. A mistake is corrected by a further posting.
create function transparency_trust_append_only() returns trigger language plpgsql as $$
begin
    raise exception '% is append-only', tg_table_name;
end;
$$;
create trigger transparency_trust_posting_no_change before update or delete on transparency_trust_posting
    for each row execute function transparency_trust_append_only();
create trigger transparency_trust_posting_no_truncate before truncate on transparency_trust_posting
    for each statement execute function transparency_trust_append_only();
create trigger transparency_trust_entry_no_change before update or delete on transparency_trust_entry
    for each row execute function transparency_trust_append_only();
create trigger transparency_trust_entry_no_truncate before truncate on transparency_trust_entry
    for each statement execute function transparency_trust_append_only();
