-- The evaluation's adjustments and published scores are append-only: not even the application changes or removes them.
create function eval_append_only() returns trigger language plpgsql as $$
begin
    raise exception '% is append-only', tg_table_name;
end;
$$;
create trigger eval_adjustment_no_change before update or delete on eval_adjustment
    for each row execute function eval_append_only();
create trigger eval_adjustment_no_truncate before truncate on eval_adjustment
    for each statement execute function eval_append_only();
create trigger eval_score_no_change before update or delete on eval_score
    for each row execute function eval_append_only();
create trigger eval_score_no_truncate before truncate on eval_score
    for each statement execute function eval_append_only();
