"""A year of daily spend for every budget line of a plan: the review benchmark's actuals.

    python bench/actuals.py PLAN [--days 365] [--seed 1] -o FILE

Writes ``date,line,amount`` with one row per line per day from the plan's first day
(4,000 lines × 365 days: about 1.5 million rows, 40 MB for the huge plan), amounts of
whole yuan drawn with a fixed seed, so that every run reviews the same file. The plan is
read with mktplan itself, in this separate process (see ``run.py``'s ``_generate``).
"""

from __future__ import annotations

import argparse
import random
import sys
from datetime import timedelta
from pathlib import Path

from mktplan.rules.pipeline import check_file


def write_actuals(plan_path: Path, target: Path, days: int, seed: int) -> int:
    """Write the file; return how many rows it has."""
    plan = check_file(plan_path).plan
    if plan is None or plan.budget is None:
        raise SystemExit(f"{plan_path} does not load as a plan with a budget")
    lines = [line.id for line in plan.budget.lines]
    start = plan.meta.period.start
    draw = random.Random(seed).randrange
    rows = 0
    with target.open("w", encoding="utf-8", newline="") as out:
        out.write("date,line,amount\n")
        for offset in range(days):
            day = (start + timedelta(days=offset)).isoformat()
            out.write("".join(f"{day},{line},{draw(50, 5000)}\n" for line in lines))
            rows += len(lines)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("plan", type=Path)
    parser.add_argument("-o", "--output", type=Path, required=True)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    rows = write_actuals(args.plan, args.output, args.days, args.seed)
    sys.stderr.write(f"wrote {args.output}: {rows:,} rows\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
