-- The micro-fund's ledger and the committee's decisions are append-only: written, never changed or removed, not even
-- by the application. Corrections are reversal postings.
create function economy_fund_append_only() returns trigger language plpgsql as $$
begin
    raise exception '% is append-only', tg_table_name;
end;
$$;
create trigger economy_fund_posting_no_change before update or delete on economy_fund_posting
    for each row execute function economy_fund_append_only();
create trigger economy_fund_posting_no_truncate before truncate on economy_fund_posting
    for each statement execute function economy_fund_append_only();
create trigger economy_fund_entry_no_change before update or delete on economy_fund_entry
    for each row execute function economy_fund_append_only();
create trigger economy_fund_entry_no_truncate before truncate on economy_fund_entry
    for each statement execute function economy_fund_append_only();
create trigger economy_fund_approval_no_change before update or delete on economy_fund_approval
    for each row execute function economy_fund_append_only();
create trigger economy_fund_approval_no_truncate before truncate on economy_fund_approval
    for each statement execute function economy_fund_append_only();
