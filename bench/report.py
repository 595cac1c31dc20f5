#!/usr/bin/env python3
"""Turns the suite's results (target/bench/results.tsv, written by bench/suite.sh and the benchmarks it runs)
into the section "The benchmark suite" of docs/benchmarks.md, replacing the one between the markers.

Usage: bench/report.py RESULTS DOC --date D --machine M --command C --data TEXT   (DOC "-": only print the section)
Each results line: section, what, value, raw, unit, higher|lower, goal, note (tab-separated)."""
import argparse
import re

BEGIN, END = "<!-- suite:begin -->", "<!-- suite:end -->"


def num(text):
    return float(text) if text.strip() else None


def fmt(v, unit):
    if v is None:
        return "–"
    if abs(v) >= 100:
        return f"{v:,.0f}"
    return f"{v:.3g}" if abs(v) < 10 else f"{v:.1f}"


def percent_of_raw(value, raw, higher):
    """How much of the raw SQL's performance the application reaches: rates app/raw, times raw/app."""
    if value is None or raw is None or value == 0 or raw == 0:
        return None
    return value / raw if higher else raw / value


def goal_met(goal, value, ratio):
    m = re.match(r"\s*([≥≤])\s*([\d,.]+)\s*(%?)", goal)
    if not m or value is None:
        return ""
    target = float(m.group(2).replace(",", ""))
    actual = ratio * 100 if m.group(3) == "%" else value
    if actual is None:
        return ""
    ok = actual >= target if m.group(1) == "≥" else actual <= target
    return " ✔" if ok else " ✘"


def render(rows, args):
    out = [BEGIN, "## The benchmark suite (latest run)", "",
           "Written by `bench/report.py` at the end of the suite; everything between the markers is replaced",
           "on every run. The sections after this one explain each benchmark and keep earlier runs.", "",
           f"- **Command**: `{args.command}`",
           f"- **When**: {args.date}",
           f"- **Machine**: {args.machine}",
           f"- **Data**: {args.data}",
           "",
           "Every figure stands beside the raw figure of the same work measured in the same run (the same SQL",
           "replayed by pgbench or a JDBC loop, a plain COPY, a linear scan), and the ratio says how much of",
           "the raw performance the application reaches (rates: application ÷ raw; times and latencies:",
           "raw ÷ application).", "",
           "| benchmark | measured | application | raw, same run | ratio | goal | notes |",
           "|---|---|---|---|---|---|---|"]
    for section, what, value, raw, unit, better, goal, note in rows:
        v, r = num(value), num(raw)
        ratio = percent_of_raw(v, r, better == "higher")
        out.append("| {} | {} | **{} {}** | {} | {} | {} | {} |".format(
            section, what, fmt(v, unit), unit, f"{fmt(r, unit)} {unit}" if r is not None else "–",
            f"{ratio * 100:.0f} %" if ratio is not None else "–",
            (goal + goal_met(goal, v, ratio)) if goal else "", note.replace("|", "\\|")))
    out.append(END)
    return "\n".join(out)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("results")
    p.add_argument("doc")
    p.add_argument("--date", required=True)
    p.add_argument("--machine", required=True)
    p.add_argument("--command", required=True)
    p.add_argument("--data", required=True)
    args = p.parse_args()
    with open(args.results, encoding="utf-8") as f:
        rows = [line.rstrip("\n").split("\t") for line in f if line.strip()]
    rows = [(r + [""] * 8)[:8] for r in rows]
    section = render(rows, args)
    if args.doc == "-":
        print(section)
        return
    with open(args.doc, encoding="utf-8") as f:
        doc = f.read()
    if BEGIN in doc and END in doc:
        doc = doc[:doc.index(BEGIN)] + section + doc[doc.index(END) + len(END):]
    else:  # first run: after the introduction, before the first section
        at = doc.index("\n## ")
        doc = doc[:at] + "\n\n" + section + "\n" + doc[at:]
    with open(args.doc, "w", encoding="utf-8") as f:
        f.write(doc)
    print(section)


if __name__ == "__main__":
    main()
