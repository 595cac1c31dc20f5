-- The evaluation's adjustments and published scores are append-only: not even the application changes or removes them.
create trigger eval_adjustment_no_change before update, delete on eval_adjustment
    for each row call 'io.gridwork.shared.persistence.AppendOnlyTrigger';
create trigger eval_score_no_change before update, delete on eval_score
    for each row call 'io.gridwork.shared.persistence.AppendOnlyTrigger';
