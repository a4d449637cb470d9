"""The references family: ids are unique in their list, and every id reference resolves."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import NamedTuple

from mktplan.findings import Path
from mktplan.model.plan import Plan
from mktplan.rules.base import Issue, RuleContext, rule


class IdList(NamedTuple):
    """A list of items with ids, where it lives in the plan, and what to call its items."""

    path: Path
    noun: str
    ids: Sequence[str]


def id_lists(plan: Plan) -> list[IdList]:
    """Every list of the plan whose items carry ids."""
    strategy, execution = plan.strategy, plan.execution
    audience = plan.audience
    content = strategy.content if strategy else None
    lists = [
        IdList(("competitors",), "competitor", [c.id for c in plan.competitors]),
        IdList(("goals",), "goal", [g.id for g in plan.goals]),
        IdList(("team",), "team member", [m.id for m in plan.team]),
        IdList(("returns",), "return", [r.id for r in plan.returns]),
        IdList(("kpis",), "KPI", [k.id for k in plan.kpis]),
        IdList(("risks",), "risk", [r.id for r in plan.risks]),
    ]
    if audience:
        lists.append(IdList(("audience", "personas"), "persona", [p.id for p in audience.personas]))
        lists.append(IdList(("audience", "segments"), "segment", [s.id for s in audience.segments]))
    if strategy:
        lists.append(IdList(("strategy", "channels"), "channel", [c.id for c in strategy.channels]))
        lists.append(IdList(("strategy", "activities"), "activity",
                            [a.id for a in strategy.activities]))
    if content:
        lists.append(IdList(("strategy", "content", "pillars"), "content pillar",
                            [p.id for p in content.pillars]))
    if execution:
        lists.append(IdList(("execution", "phases"), "phase", [p.id for p in execution.phases]))
        lists.append(IdList(("execution", "tasks"), "task", [t.id for t in execution.tasks]))
        lists.append(IdList(("execution", "milestones"), "milestone",
                            [m.id for m in execution.milestones]))
    if plan.budget:
        lists.append(IdList(("budget", "lines"), "budget line", [b.id for b in plan.budget.lines]))
    return lists


@rule("references-duplicate-id")
def duplicate_id(ctx: RuleContext, options: object) -> Iterator[Issue]:
    """An id appears twice in the same list.

    Default severity: error. Ids must be unique within their own list: two goals may
    not both be ``G1``, but a goal and a KPI may share an id.

    Fails::

        kpis:
          - {id: ctr, name: Click-through rate}
          - {id: ctr, name: Conversion rate}

    Passes::

        kpis:
          - {id: ctr, name: Click-through rate}
          - {id: cvr, name: Conversion rate}
    """
    for id_list in id_lists(ctx.plan):
        first_seen: dict[str, int] = {}
        for index, item_id in enumerate(id_list.ids):
            if item_id in first_seen:
                yield Issue(
                    (*id_list.path, index, "id"),
                    f"duplicate {id_list.noun} id '{item_id}' (first used by item "
                    f"{first_seen[item_id] + 1} of {id_list.path[-1]})",
                )
            else:
                first_seen[item_id] = index


class Reference(NamedTuple):
    """One id reference: where it is written, which id, and which kinds it may name."""

    path: Path
    target: str
    kinds: tuple[str, ...]


def _refs(path: Path, targets: Iterable[str], *kinds: str) -> Iterator[Reference]:
    for index, target in enumerate(targets):
        yield Reference((*path, index), target, kinds)


def _ref(path: Path, target: str | None, *kinds: str) -> Iterator[Reference]:
    if target is not None:
        yield Reference(path, target, kinds)


def references(plan: Plan) -> Iterator[Reference]:
    """Every id reference written in the plan."""
    for i, goal in enumerate(plan.goals):
        base: Path = ("goals", i)
        yield from _ref((*base, "kpi"), goal.kpi, "KPI")
        yield from _ref((*base, "owner"), goal.owner, "team member")
        yield from _refs((*base, "supports"), goal.supports, "channel", "activity",
                         "content pillar")
    if plan.audience:
        for i, persona in enumerate(plan.audience.personas):
            yield from _refs(("audience", "personas", i, "channels"), persona.channels, "channel")
    strategy = plan.strategy
    if strategy:
        content = strategy.content
        if content:
            for i, pillar in enumerate(content.pillars):
                yield from _refs(("strategy", "content", "pillars", i, "channels"),
                                 pillar.channels, "channel")
            for i, slot in enumerate(content.calendar):
                base = ("strategy", "content", "calendar", i)
                yield from _ref((*base, "pillar"), slot.pillar, "content pillar")
                yield from _ref((*base, "channel"), slot.channel, "channel")
                yield from _ref((*base, "owner"), slot.owner, "team member")
        for i, activity in enumerate(strategy.activities):
            base = ("strategy", "activities", i)
            yield from _refs((*base, "channels"), activity.channels, "channel")
            yield from _ref((*base, "owner"), activity.owner, "team member")
    execution = plan.execution
    if execution:
        for i, task in enumerate(execution.tasks):
            base = ("execution", "tasks", i)
            yield from _ref((*base, "phase"), task.phase, "phase")
            yield from _ref((*base, "owner"), task.owner, "team member")
            yield from _refs((*base, "depends_on"), task.depends_on, "task")
        for i, milestone in enumerate(execution.milestones):
            yield from _refs(("execution", "milestones", i, "requires"), milestone.requires,
                             "task")
    if plan.budget:
        for i, line in enumerate(plan.budget.lines):
            base = ("budget", "lines", i)
            yield from _ref((*base, "channel"), line.channel, "channel")
            yield from _ref((*base, "phase"), line.phase, "phase")
            yield from _ref((*base, "team"), line.team, "team member")
    for i, risk in enumerate(plan.risks):
        yield from _ref(("risks", i, "owner"), risk.owner, "team member")


@rule("references-unknown-id")
def unknown_id(ctx: RuleContext, options: object) -> Iterator[Issue]:
    """A reference names an id that no item of the right kind has.

    Default severity: error. Goals name their KPI (``kpis``), owner (``team``) and what
    they support (channels, activities or content pillars); tasks name their phase,
    owner and dependencies; budget lines their channel, phase and team member; personas
    and pillars their channels; milestones the tasks they require. The message suggests
    the closest id. References to items dropped for schema errors are not reported again.

    Fails::

        goals:
          - {id: G1, kpi: ctr}
        kpis:
          - {id: cvr, name: Conversion rate}

    Passes::

        goals:
          - {id: G1, kpi: cvr}
        kpis:
          - {id: cvr, name: Conversion rate}
    """
    known: dict[str, set[str]] = {}
    for id_list in id_lists(ctx.plan):
        known.setdefault(id_list.noun, set()).update(id_list.ids)
    candidates_by_kinds: dict[tuple[str, ...], list[str]] = {}
    for ref in references(ctx.plan):
        if ref.target in ctx.pruned_ids:
            continue
        if any(ref.target in known.get(kind, set()) for kind in ref.kinds):
            continue
        candidates = candidates_by_kinds.get(ref.kinds)
        if candidates is None:
            candidates = sorted(set().union(*(known.get(kind, set()) for kind in ref.kinds)))
            candidates_by_kinds[ref.kinds] = candidates
        yield Issue(ref.path, _unknown_message(ref, candidates))


#: at most this many ids are compared for a "did you mean" (difflib is slow on long lists)
SUGGESTION_POOL = 200


def closest_id(target: str, candidates: list[str]) -> str | None:
    """The known id closest to ``target``, looking only at ids of similar length."""
    import difflib  # only for an unknown id: a clean plan never pays its import

    near = [c for c in candidates if abs(len(c) - len(target)) <= 3][:SUGGESTION_POOL]
    guess = difflib.get_close_matches(target, near, n=1)
    return guess[0] if guess else None


def _unknown_message(ref: Reference, candidates: list[str]) -> str:
    kinds = " or ".join(ref.kinds)
    guess = closest_id(ref.target, candidates)
    if guess:
        hint = f"; did you mean '{guess}'?"
    elif candidates:
        shown = ", ".join(candidates[:8]) + (" …" if len(candidates) > 8 else "")
        hint = f"; known: {shown}"
    else:
        hint = f"; the plan defines no {kinds}"
    return f"'{ref.target}' is not the id of any {kinds}{hint}"


RULES = (duplicate_id, unknown_id)
