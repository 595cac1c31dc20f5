-- A trust posting's receipt images are part of the append-only ledger (V118): added, never changed or removed.
create trigger transparency_trust_receipt_no_change before update or delete on transparency_trust_receipt
    for each row execute function transparency_trust_append_only();
create trigger transparency_trust_receipt_no_truncate before truncate on transparency_trust_receipt
    for each statement execute function transparency_trust_append_only();
