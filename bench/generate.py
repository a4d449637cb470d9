"""Seeded generator of valid mktplan plans at benchmark sizes, and of edited copies for ``diff``.

    python bench/generate.py typical --seed 1 -o plan.yaml
    python bench/generate.py huge --seed 1 --edit 0.05 -o plan-edited.yaml

``typical`` has 10 goals, 40 budget lines, 60 tasks, 20 KPIs and 10 risks (about 350
lines); ``large`` ten times as many items over 24 months, ``huge`` a hundred times over
36 months (about 2–3 MB). ``tiny`` (a tenth of typical) measures the start-up floor.
Every plan is clean under every rule: references resolve, goals are SMART, the budget
adds up with 2% left unallocated, tasks sit inside their phase in chains of one owner
(never more than one chain per owner per phase) and depend only on earlier tasks that
end before they start, milestones fall on their phase's last day.
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import vocabulary as words
from emit import Absolute, Anchors, Money, to_yaml

PERIOD_START = date(2027, 1, 1)
PHASE_MONTHS = 3
ALLOCATED_SHARE = Decimal("0.93")  # lines / total: with a 5% reserve, 2% stays unallocated
RETURN_MULTIPLE = 3  # returns / spend


@dataclass(frozen=True)
class Size:
    """How big a generated plan is: every list is scaled, the period is ``months`` long."""

    scale: float
    months: int
    chain: int  # tasks per chain: one owner, one task after another


SIZES = {
    "tiny": Size(0.1, 12, 3),
    "typical": Size(1, 12, 3),
    "large": Size(10, 24, 4),
    "huge": Size(100, 36, 5),
}
BASE_COUNTS = {
    "goals": 10, "lines": 40, "tasks": 60, "kpis": 20, "risks": 10, "team": 12,
    "channels": 6, "pillars": 4, "calendar": 4, "activities": 4, "personas": 3,
    "segments": 4, "competitors": 3, "milestones": 6, "returns": 4,
}
Item = dict[str, Any]


def month_start(number: int) -> date:
    """First day of plan month ``number`` (M1 is the period's first month)."""
    years, month = divmod(PERIOD_START.month - 1 + number - 1, 12)
    return date(PERIOD_START.year + years, month + 1, 1)


def month_end(number: int) -> date:
    """Last day of plan month ``number``."""
    return month_start(number + 1) - timedelta(days=1)


def serial_id(base: str, index: int, pool: int) -> str:
    """``douyin``, then ``douyin-2`` … once a vocabulary of ``pool`` words runs out."""
    round_number = index // pool
    return base if round_number == 0 else f"{base}-{round_number + 1}"


def months_of(line: Item, plan_months: int) -> int:
    """Whole months a recurring budget line runs (its window, or the whole period)."""
    if "from" not in line:
        return plan_months
    start: date = line["from"]
    end: date = line["to"]
    return (end.year - start.year) * 12 + end.month - start.month + 1


def line_cost(line: Item, plan_months: int) -> int:
    """A generated budget line's cost in yuan (the generator only writes whole months)."""
    if "amount" in line:
        amount: Money = line["amount"]
        return amount.yuan
    cost = int(line["unit_cost"].yuan) * int(line.get("quantity", 1))
    per = line.get("per", "once")
    if per == "month":
        return cost * months_of(line, plan_months)
    if per == "year":
        return cost * months_of(line, plan_months) // 12
    return cost


def finalize_budget(plan: Item) -> None:
    """Set the total so that lines + 5% reserve leave about 2% unallocated."""
    period = plan["meta"]["period"]
    months = (period["end"].day.year - period["start"].day.year) * 12 + (
        period["end"].day.month - period["start"].day.month + 1)
    allocated = sum(line_cost(line, months) for line in plan["budget"]["lines"])
    wan = -(-Decimal(allocated) / ALLOCATED_SHARE // 10000)  # round up to 万
    plan["budget"]["total"] = Money(int(wan) * 10000)


class PlanGenerator:
    """Builds one plan as plain data; :func:`generate` writes it as YAML."""

    def __init__(self, size_name: str, seed: int) -> None:
        self.size_name = size_name
        self.size = SIZES[size_name]
        self.seed = seed
        self.rng = random.Random(f"{size_name}:{seed}")
        self.team: list[Item] = []
        self.channels: list[Item] = []
        self.pillars: list[Item] = []
        self.activities: list[Item] = []
        self.phases: list[Item] = []
        self.tasks: list[Item] = []
        self.lines: list[Item] = []
        self.returns: list[Item] = []
        self.kpis: list[Item] = []

    def count(self, name: str) -> int:
        """How many items of list ``name`` this size has."""
        return max(1, round(BASE_COUNTS[name] * self.size.scale))

    def pick(self, items: list[Item], most: int = 2) -> list[str]:
        """Ids of one to ``most`` of ``items``, at random."""
        chosen = self.rng.sample(items, min(len(items), self.rng.randint(1, most)))
        return [item["id"] for item in chosen]

    def owner(self) -> str:
        """A team member, at random."""
        return str(self.rng.choice(self.team)["id"])

    def day_in_period(self, last_margin: int = 0) -> date:
        """A day of the period, at least ``last_margin`` days before its end."""
        span = (month_end(self.size.months) - PERIOD_START).days - last_margin
        return PERIOD_START + timedelta(days=self.rng.randint(0, span))

    # --- sections, in the order their references need them -------------------------------
    def build(self) -> Item:
        """The whole plan, with the budget total set."""
        self.team = [self.member(i) for i in range(self.count("team"))]
        self.channels = [self.channel(i) for i in range(self.count("channels"))]
        self.pillars = [self.pillar(i) for i in range(self.count("pillars"))]
        self.activities = [self.activity(i) for i in range(self.count("activities"))]
        self.phases = [self.phase(i) for i in range(self.size.months // PHASE_MONTHS)]
        self.tasks = self.schedule_tasks()
        self.lines = self.budget_lines()
        self.returns = self.make_returns()
        self.kpis = [self.kpi(i) for i in range(self.count("kpis"))]
        plan = self.assemble()
        finalize_budget(plan)
        return plan

    def assemble(self) -> Item:
        """Every section, in the order of the format."""
        return {
            "mktplan": 1,
            "meta": self.meta(),
            "background": self.background(),
            "competitors": [self.competitor(i) for i in range(self.count("competitors"))],
            "swot": {"strengths": ["自有直播间与设备", "Loyal community of 38万 followers"],
                     "weaknesses": ["原创内容占比低", "No CRM yet"],
                     "opportunities": ["平台扶持直播电商", "Brands want Gen-Z reach"],
                     "threats": ["流量成本上涨", "Copycat accounts"]},
            "audience": {"personas": [self.persona(i) for i in range(self.count("personas"))],
                         "segments": [self.segment(i) for i in range(self.count("segments"))]},
            "goals": [self.goal(i, kpi) for i, kpi in enumerate(self.kpis[: self.count("goals")])],
            "strategy": self.strategy(),
            "execution": {"phases": self.phases, "tasks": self.tasks, "milestones": [
                self.milestone(i) for i in range(self.count("milestones"))]},
            "team": self.team,
            "budget": {"total": Money(0), "reserve": "5%", "lines": self.lines,
                       "excluded": ["场地搭建", "Equipment purchase"]},
            "returns": self.returns,
            "kpis": self.kpis,
            "risks": [self.risk(i) for i in range(self.count("risks"))],
            "evaluation": {"cadence": "weekly", "reports": ["周报 (Monday)", "Monthly dashboard"],
                           "review": ["对比 KPI 目标与实际", "Decide next month's budget shifts"]},
        }

    def meta(self) -> Item:
        """The meta section; the seed decides the output language."""
        language = "zh-CN" if self.seed % 2 else "en"
        return {
            "id": f"bench-{self.size_name}-{self.seed}",
            "title": f"星芒数字营销计划 {self.size_name} benchmark plan",
            "organization": "杭州星芒文化传媒有限公司", "author": "Growth team",
            "version": "1.0", "language": language, "currency": "CNY",
            "period": {"start": Absolute(PERIOD_START),
                       "end": Absolute(month_end(self.size.months))},
            "launch": Absolute(month_start(4)),
        }

    def background(self) -> Item:
        """A short situation analysis."""
        return {
            "summary": "账号开号一年，粉丝 38 万；2027 年要把流量稳定转化为带货与广告收入。",
            "market": {"size": "约 1200 亿元", "growth": "15% a year",
                       "trends": ["用户从看热闹转向追人设", "Live commerce keeps growing"],
                       "drivers": ["美妆与零食品牌投放需求旺盛"]},
            "pain_points": ["内容同质化", "Low completion rate (28%)"],
            "resources": ["120 平方米练习室", "Two experienced video editors"],
        }

    def competitor(self, index: int) -> Item:
        """One competitor."""
        name = words.COMPETITORS[index % len(words.COMPETITORS)]
        return {"id": f"rival-{index + 1}", "name": name, "channels": ["抖音", "B站"],
                "strengths": ["粉丝基数大"], "weaknesses": ["Few live streams"]}

    def persona(self, index: int) -> Item:
        """One persona, reached on one or two channels."""
        name = words.PERSONA_NAMES[index % len(words.PERSONA_NAMES)]
        return {"id": f"persona-{index + 1}", "name": name,
                "demographics": {"age": self.rng.choice(["18-24", "25-35", "35-50"]),
                                 "regions": self.rng.sample(words.REGIONS, 2)},
                "interests": ["美妆", "dance"], "channels": self.pick(self.channels)}

    def segment(self, index: int) -> Item:
        """One audience segment."""
        key, name, definition = words.SEGMENTS[index % len(words.SEGMENTS)]
        return {"id": serial_id(key, index, len(words.SEGMENTS)), "name": name,
                "definition": definition, "size": self.rng.randint(1000, 90000),
                "tactic": "专属优惠券 + 社群唤醒"}

    def member(self, index: int) -> Item:
        """A team member; every other one has a cost."""
        key, role = words.ROLES[index % len(words.ROLES)]
        member: Item = {"id": f"{key}-{index // len(words.ROLES) + 1}", "role": role}
        if index % 2 == 0:  # half the team has a cost, each covered by a personnel line
            member["headcount"] = self.rng.randint(1, 3)
            if self.rng.random() < 0.5:
                member["cost"] = {"amount": Money(self.rng.randint(12, 40) * 10000),
                                  "per": "year"}
            else:
                member["cost"] = {"amount": Money(self.rng.randint(2, 7) * 5000),
                                  "per": "month"}
        return member

    def channel(self, index: int) -> Item:
        """A channel; ids repeat with a serial once the vocabulary runs out."""
        key, name, kind = words.CHANNELS[index % len(words.CHANNELS)]
        serial = index // len(words.CHANNELS)
        return {"id": serial_id(key, index, len(words.CHANNELS)),
                "name": name if serial == 0 else f"{name} {serial + 1}", "type": kind}

    def pillar(self, index: int) -> Item:
        """A content pillar on one or two channels."""
        key, name, formats = words.PILLARS[index % len(words.PILLARS)]
        return {"id": serial_id(key, index, len(words.PILLARS)), "name": name,
                "formats": formats, "channels": self.pick(self.channels)}

    def calendar_rule(self) -> Item:
        """A cadence rule over one to three months."""
        pillar = self.rng.choice(self.pillars)
        first = self.rng.randint(1, self.size.months)
        last = min(self.size.months, first + self.rng.randint(0, 2))
        per, count = self.rng.choice([("week", 1), ("week", 2), ("month", 4), ("month", 6)])
        return {"pillar": pillar["id"], "channel": self.rng.choice(pillar["channels"]),
                "format": self.rng.choice(pillar["formats"]), "count": count, "per": per,
                "from": month_start(first), "to": month_end(last), "owner": self.owner()}

    def activity(self, index: int) -> Item:
        """A campaign of 3 to 30 days inside the period."""
        key, name, kind = words.ACTIVITIES[index % len(words.ACTIVITIES)]
        start = self.day_in_period(last_margin=30)
        return {"id": serial_id(key, index, len(words.ACTIVITIES)), "name": name, "type": kind,
                "channels": self.pick(self.channels), "start": start,
                "end": start + timedelta(days=self.rng.randint(2, 29)), "owner": self.owner()}

    def strategy(self) -> Item:
        """Positioning, channels, content and activities."""
        return {
            "positioning": {"statement": "会唱会跳、有温度的少女团", "tone": "warm, playful",
                            "persona_tags": ["元气", "professional dancers"]},
            "channels": self.channels,
            "content": {"pillars": self.pillars,
                        "calendar": [self.calendar_rule() for _ in range(self.count("calendar"))]},
            "activities": self.activities,
        }

    # --- execution ------------------------------------------------------------------------
    def phase(self, index: int) -> Item:
        """Phase ``index``: three whole months, right after the previous phase."""
        name = words.PHASES[index % len(words.PHASES)]
        serial = index // len(words.PHASES)
        first = index * PHASE_MONTHS + 1
        return {"id": f"p{index + 1}", "name": name if serial == 0 else f"{name} {serial + 1}",
                "start": month_start(first), "end": month_end(first + PHASE_MONTHS - 1)}

    def schedule_tasks(self) -> list[Item]:
        """Tasks spread evenly over the phases, in chains of one owner."""
        total, phases = self.count("tasks"), len(self.phases)
        tasks: list[Item] = []
        previous: list[Item] = []
        for index, phase in enumerate(self.phases):
            in_phase = total // phases + (1 if index < total % phases else 0)
            current: list[Item] = []
            for first in range(0, in_phase, self.size.chain):
                length = min(self.size.chain, in_phase - first)
                current.extend(self.chain(phase, length, len(tasks) + len(current), previous))
            phase["_tasks"] = current
            tasks.extend(current)
            previous = current
        return tasks

    def chain(self, phase: Item, length: int, done: int, previous: list[Item]) -> list[Item]:
        """Tasks one owner does one after another inside a phase."""
        owner = self.team[(done // self.size.chain) % len(self.team)]["id"]
        days = (phase["end"] - phase["start"]).days + 1
        offset = self.rng.randint(0, days // 6)
        segment = (days - offset) // length
        tasks: list[Item] = []
        for step in range(length):
            begin = phase["start"] + timedelta(days=offset + step * segment)
            start = begin + timedelta(days=self.rng.randint(0, segment // 5))
            end = begin + timedelta(days=segment - 1 - self.rng.randint(0, segment // 5))
            if step:
                depends = [tasks[-1]["id"]]
            elif previous and self.rng.random() < 0.7:
                depends = self.pick(previous)
            else:
                depends = []
            tasks.append(self.task(done + step, phase["id"], owner, start, end, depends))
        return tasks

    def task(self, index: int, phase: str, owner: str, start: date, end: date,
             depends: list[str]) -> Item:
        """One task; every third gives ``duration_days`` instead of ``end``."""
        verb, thing = self.rng.choice(words.TASK_VERBS), self.rng.choice(words.TASK_OBJECTS)
        space = " " if verb.isascii() else ""
        task: Item = {"id": f"T{index + 1}", "name": f"{verb}{space}{thing}", "phase": phase,
                      "owner": owner, "start": start}
        if index % 3 == 2:
            task["duration_days"] = (end - start).days + 1
        else:
            task["end"] = end
        if depends:
            task["depends_on"] = depends
        if index % 4 == 0:
            task["deliverable"] = f"{thing} v{index % 3 + 1}"
        return task

    def milestone(self, index: int) -> Item:
        """A milestone on its phase's last day, requiring tasks of that phase."""
        phase = self.phases[index % len(self.phases)]
        required = self.rng.sample(phase["_tasks"], min(len(phase["_tasks"]),
                                                        self.rng.randint(1, 3)))
        return {"id": f"MS{index + 1}", "name": f"{phase['name']} 验收 #{index + 1}",
                "date": phase["end"], "requires": [task["id"] for task in required]}

    # --- money ----------------------------------------------------------------------------
    def budget_lines(self) -> list[Item]:
        """A personnel line per costed member, then spend lines of every kind, shuffled."""
        personnel = [self.personnel_line(m) for m in self.team if "cost" in m]
        others = [self.spend_line(i) for i in range(max(1, self.count("lines") - len(personnel)))]
        lines = personnel + others
        self.rng.shuffle(lines)
        return lines

    def personnel_line(self, member: Item) -> Item:
        """The line that pays for ``member`` over the whole period."""
        return {"id": f"salary-{member['id']}", "item": f"{member['role']} 人力成本",
                "category": "personnel", "unit_cost": member["cost"]["amount"],
                "quantity": member["headcount"], "per": member["cost"]["per"],
                "team": member["id"]}

    def spend_line(self, index: int) -> Item:
        """A line by amount, by unit cost, by month over a window, or both agreeing."""
        name, category = words.BUDGET_ITEMS[index % len(words.BUDGET_ITEMS)]
        line: Item = {"id": f"line-{index + 1}", "item": name, "category": category}
        kind = index % 4
        style = self.rng.choice(["wan", "commas", "plain"])
        if kind == 0:
            line["amount"] = Money(self.rng.randint(5, 200) * 10000, style)
        elif kind == 1:
            line["unit_cost"] = Money(self.rng.randint(2, 50) * 1000, style)
            line["quantity"] = self.rng.randint(2, 20)
        elif kind == 2:
            first = self.rng.randint(1, self.size.months)
            last = self.rng.randint(first, self.size.months)
            line.update(unit_cost=Money(self.rng.randint(1, 30) * 5000, style),
                        per="month", **{"from": month_start(first)}, to=month_end(last))
        else:
            unit, quantity = self.rng.randint(2, 50) * 1000, self.rng.randint(2, 10)
            line.update(amount=Money(unit * quantity, style), unit_cost=Money(unit, style),
                        quantity=quantity)
        if category in ("media", "kol"):
            line["channel"] = self.rng.choice(self.channels)["id"]
        elif self.rng.random() < 0.3:
            line["phase"] = self.rng.choice(self.phases)["id"]
        if kind != 2 and "phase" not in line and self.phases:
            # a one-off line is spent across its phase's months (else it is unscheduled)
            line["phase"] = self.phases[index % len(self.phases)]["id"]
        return line

    def make_returns(self) -> list[Item]:
        """Returns adding up to three times the spend."""
        spent = sum(line_cost(line, self.size.months) for line in self.lines)
        count = self.count("returns")
        share = RETURN_MULTIPLE * spent // count // 10000 * 10000 + 10000
        items = []
        for index in range(count):
            stream, basis = words.RETURNS[index % len(words.RETURNS)]
            items.append({"id": f"return-{index + 1}", "stream": stream,
                          "amount": Money(share), "basis": basis})
        return items

    # --- goals, kpis, risks ---------------------------------------------------------------
    def kpi(self, index: int) -> Item:
        """A KPI with a baseline and a target in its direction."""
        (name, category, unit, direction, low, high, decimals, frequency, source,
         formula) = words.KPIS[index % len(words.KPIS)]
        baseline, target = self.kpi_figures(category, direction, low, high, decimals)
        return {"id": f"kpi-{index + 1}", "name": name, "category": category, "unit": unit,
                "baseline": baseline, "target": target, "direction": direction,
                "frequency": frequency, "source": source, "formula": formula}

    def kpi_figures(self, category: str, direction: str, low: int, high: int,
                    decimals: int) -> tuple[Any, Any]:
        """Baseline and target: money for the GMV KPI, else a number moved 10–50%."""
        if category == "financial":  # money: a revenue goal within the plan's returns
            returns = sum(int(item["amount"].yuan) for item in self.returns)
            base = returns // 10 // 10000 * 10000
            return Money(base), Money(base * 2)
        scale = Decimal(10) ** -decimals
        baseline = Decimal(self.rng.randint(low, high)) * scale
        factor = Decimal(self.rng.choice(["1.2", "1.3", "1.5"]) if direction == "at_least"
                         else self.rng.choice(["0.7", "0.8", "0.9"]))
        target = (baseline * factor).quantize(scale)
        return baseline, target

    def goal(self, index: int, kpi: Item) -> Item:
        """A SMART goal measured by ``kpi``, aiming at its target."""
        deadline = self.rng.randint(3, self.size.months)
        baseline, target = kpi["baseline"], kpi["target"]
        text = figure_text
        verb = ("提升至" if kpi["direction"] == "at_least" else "降至")
        if index % 2:
            statement = f"M{deadline} 前将{kpi['name']}从 {text(baseline)} {verb} {text(target)}"
        else:
            move = "Raise" if kpi["direction"] == "at_least" else "Cut"
            statement = (f"{move} {kpi['name']} from {text(baseline)} to {text(target)} "
                         f"by month {deadline}")
        return {
            "id": f"G{index + 1}", "statement": statement,
            "objective": words.OBJECTIVES[kpi["category"]], "kpi": kpi["id"],
            "baseline": baseline, "target": target, "unit": kpi["unit"],
            "deadline": month_end(deadline), "owner": self.owner(),
            "supports": self.pick(self.channels + self.pillars + self.activities, 3),
            "rationale": self.rng.choice(["去年试点投放使流量翻倍", "Benchmarks of two rivals",
                                          "新增直播场次带来稳定增量"]),
        }

    def risk(self, index: int) -> Item:
        """A risk with a mitigation and an owner."""
        category, description, mitigation = words.RISKS[index % len(words.RISKS)]
        return {"id": f"R{index + 1}", "category": category, "description": description,
                "likelihood": self.rng.choice(["low", "medium", "high"]),
                "impact": self.rng.choice(["low", "medium", "high"]),
                "mitigation": mitigation, "owner": self.owner()}


def figure_text(value: Any) -> str:
    """A baseline or target as a goal statement shows it."""
    return value.text() if isinstance(value, Money) else str(value)


def strip_private(plan: Item) -> None:
    """Remove the generator's bookkeeping keys (those starting with ``_``)."""
    for phase in plan["execution"]["phases"]:
        phase.pop("_tasks", None)


def generate_data(size: str, seed: int = 1, edit: float = 0.0) -> Item:
    """The plan as data, edited by ``edit`` (a fraction of every list) when above zero."""
    plan = PlanGenerator(size, seed).build()
    strip_private(plan)
    if edit > 0:
        from edit import edit_plan

        edit_plan(plan, edit, random.Random(f"edit:{size}:{seed}:{edit}"))
        finalize_budget(plan)
    return plan


def generate(size: str, seed: int = 1, edit: float = 0.0) -> str:
    """A plan of the given size as YAML text; the same arguments give the same text."""
    plan = generate_data(size, seed, edit)
    anchors = Anchors(PERIOD_START, month_start(4))
    edited = f" --edit {edit}" if edit > 0 else ""
    header = f"generated by: python bench/generate.py {size} --seed {seed}{edited}"
    return to_yaml(plan, anchors, header)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("size", choices=list(SIZES))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--edit", type=float, default=0.0, metavar="FRACTION",
                        help="edit this fraction of every list (0.05: a 5%% edited copy)")
    parser.add_argument("-o", "--output", type=Path, help="file to write (default: stdout)")
    args = parser.parse_args(argv)
    text = generate(args.size, args.seed, args.edit)
    if args.output is None:
        sys.stdout.write(text)
    else:
        args.output.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
