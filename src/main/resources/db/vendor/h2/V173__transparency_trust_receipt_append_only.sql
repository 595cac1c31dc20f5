-- A trust posting's receipt images are part of the append-only ledger (V118): added, never changed or removed.
create trigger transparency_trust_receipt_no_change before update, delete on transparency_trust_receipt
    for each row call 'io.gridwork.shared.persistence.AppendOnlyTrigger';
