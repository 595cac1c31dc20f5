-- The micro-fund's ledger and the committee's decisions are append-only: written, never changed or removed, not even
-- by the application. Corrections are reversal postings.
create trigger economy_fund_posting_no_change before update, delete on economy_fund_posting
    for each row call 'io.gridwork.shared.persistence.AppendOnlyTrigger';
create trigger economy_fund_entry_no_change before update, delete on economy_fund_entry
    for each row call 'io.gridwork.shared.persistence.AppendOnlyTrigger';
create trigger economy_fund_approval_no_change before update, delete on economy_fund_approval
    for each row call 'io.gridwork.shared.persistence.AppendOnlyTrigger';
