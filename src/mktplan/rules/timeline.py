"""The timeline family: dates in order, inside the period and phases; dependencies; workload.

Dates in the models are already resolved (``M3``, ``T-30`` → calendar days), and a
task's end comes from ``end`` or ``duration_days``. Every check is linear or
n log n in the number of items, and nothing recurses: plans may hold thousands of
tasks with long dependency chains.
"""

from __future__ import annotations

import heapq
from collections import defaultdict, deque
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from typing import NamedTuple

from pydantic import Field

from mktplan.findings import Message, Path, Severity, msg
from mktplan.model.plan import Plan
from mktplan.model.sections import Task
from mktplan.rules.base import Issue, RuleContext, RuleOptions, first_by_id, rule

_TASKS: Path = ("execution", "tasks")


class Span(NamedTuple):
    """Something that runs from a start to an end; a path is None where a default applies."""

    what: Message
    start: date
    end: date
    start_path: Path | None
    end_path: Path | None


class Moment(NamedTuple):
    """One date written in the plan: what it belongs to, how to say it, where it is."""

    what: Message
    verb: str
    """``is``, ``is-due``, ``starts`` or ``ends`` (a catalogue key's last word)."""
    day: date
    path: Path


def task_end_path(index: int, task: Task) -> Path:
    """Where a task's end is written: ``end``, or ``duration_days`` that implies it."""
    return (*_TASKS, index, "end" if task.end_ is not None else "duration_days")


def spans(plan: Plan) -> Iterator[Span]:
    """Everything in the plan with a start and an end, except the period itself."""
    period = plan.meta.period
    for i, activity in enumerate(plan.activities):
        base: Path = ("strategy", "activities", i)
        yield Span(msg("timeline.what.activity", id=activity.id), activity.start, activity.end,
                   (*base, "start"), (*base, "end"))
    for i, slot in enumerate(plan.calendar):
        base = ("strategy", "content", "calendar", i)
        yield Span(msg("timeline.what.calendar", number=i + 1, pillar=slot.pillar),
                   slot.from_ or period.start, slot.to or period.end,
                   (*base, "from") if slot.from_ else None,
                   (*base, "to") if slot.to else None)
    for i, phase in enumerate(plan.phases):
        base = ("execution", "phases", i)
        yield Span(msg("timeline.what.phase", id=phase.id), phase.start, phase.end,
                   (*base, "start"), (*base, "end"))
    for i, task in enumerate(plan.tasks):
        yield Span(msg("timeline.what.task", id=task.id), task.start, task.end,
                   (*_TASKS, i, "start"), task_end_path(i, task))
    for i, line in enumerate(plan.budget_lines):
        base = ("budget", "lines", i)
        yield Span(msg("timeline.what.budget-line", id=line.id), line.from_ or period.start,
                   line.to or period.end, (*base, "from") if line.from_ else None,
                   (*base, "to") if line.to else None)


def moments(plan: Plan) -> Iterator[Moment]:
    """Every date written in the plan (defaults left out), except the period's own."""
    if plan.meta.launch is not None:
        yield Moment(msg("timeline.what.launch"), "is", plan.meta.launch, ("meta", "launch"))
    for i, goal in enumerate(plan.goals):
        if goal.deadline is not None:
            yield Moment(msg("timeline.what.goal", id=goal.id), "is-due", goal.deadline,
                         ("goals", i, "deadline"))
    for span in spans(plan):
        if span.start_path is not None:
            yield Moment(span.what, "starts", span.start, span.start_path)
        if span.end_path is not None:
            yield Moment(span.what, "ends", span.end, span.end_path)
    for i, milestone in enumerate(plan.milestones):
        yield Moment(msg("timeline.what.milestone", id=milestone.id), "is", milestone.date,
                     ("execution", "milestones", i, "date"))


@rule("timeline-start-after-end")
def start_after_end(ctx: RuleContext, options: object) -> Iterator[Issue]:
    """Something ends before it starts.

    Checked for the plan period, activities, calendar entries (``from``/``to``), phases,
    tasks and budget lines (``from``/``to``). Fails: ``{start: M3, end: M2}``. Passes:
    ``{start: M2, end: M3}``; the same day for both is fine.
    """
    period = ctx.plan.meta.period
    if period.end < period.start:
        yield Issue(("meta", "period", "end"), msg(
            "timeline.reversed", what=msg("timeline.what.period"), start=period.start,
            end=period.end))
    for span in spans(ctx.plan):
        # with a default on one side, a reversed span is a date outside the period
        if span.end >= span.start or span.start_path is None or span.end_path is None:
            continue
        yield Issue(span.end_path, msg("timeline.reversed", what=span.what, start=span.start,
                                       end=span.end))


@rule("timeline-outside-period")
def outside_period(ctx: RuleContext, options: object) -> Iterator[Issue]:
    """A date lies outside the plan period (``meta.period``).

    Checked for the launch day, goal deadlines, activities, calendar entries, phases,
    tasks, milestones and budget line windows. Fails: ``date: 2028-01-15`` on a
    milestone of a plan that ends on 2027-12-31. Passes: ``date: M12``.
    """
    period = ctx.plan.meta.period
    if period.end < period.start:
        return  # timeline-start-after-end reports the period; nothing can lie inside it
    for moment in moments(ctx.plan):
        if moment.day < period.start:
            side = "before"
        elif moment.day > period.end:
            side = "after"
        else:
            continue
        yield Issue(moment.path, msg(
            f"timeline.outside.{side}", what=moment.what,
            when=msg(f"timeline.on.{moment.verb}", day=moment.day), start=period.start,
            end=period.end))


@rule("timeline-task-outside-phase")
def task_outside_phase(ctx: RuleContext, options: object) -> Iterator[Issue]:
    """A task starts before its phase starts, or ends after its phase ends.

    Fails: a task ``{phase: prep, start: M1, end: M3}`` when phase ``prep`` runs M1 to
    M2. Passes: ``end: M2``, or the task in the phase it belongs to.
    """
    phases = first_by_id(ctx.plan.phases)
    for i, task in enumerate(ctx.plan.tasks):
        phase = phases.get(task.phase) if task.phase is not None else None
        if phase is None:
            continue  # no phase, or an unknown one (references-unknown-id reports that)
        where = {"phase": phase.id, "start": phase.start, "end": phase.end}
        if task.start < phase.start:
            yield Issue((*_TASKS, i, "start"), msg(
                "timeline.task-outside-phase.start", id=task.id, day=task.start, **where))
        if task.end > phase.end:
            yield Issue(task_end_path(i, task), msg(
                "timeline.task-outside-phase.end", id=task.id, day=task.end, **where))


@rule("timeline-phase-order")
def phase_order(ctx: RuleContext, options: object) -> Iterator[Issue]:
    """Phases are not listed in the order they happen.

    Each phase must start on or after the start of the phase listed before it. Fails:
    ``run`` (M3 to M12) listed before ``prep`` (M1 to M2). Passes: ``prep`` first.
    """
    phases = ctx.plan.phases
    for i in range(1, len(phases)):
        previous, phase = phases[i - 1], phases[i]
        if phase.start < previous.start:
            yield Issue(("execution", "phases", i, "start"), msg(
                "timeline.phase-order", id=phase.id, start=phase.start, previous=previous.id,
                previous_start=previous.start))


@rule("timeline-phase-overlap", Severity.WARNING)
def phase_overlap(ctx: RuleContext, options: object) -> Iterator[Issue]:
    """A phase starts before an earlier phase has ended.

    Phases should follow one another. Only phases in order are compared (a phase listed
    out of order is ``timeline-phase-order``'s). Fails: ``prep`` M1 to M2, then ``run``
    from 2027-02-15. Passes: ``run`` from M3.
    """
    phases = ctx.plan.phases
    latest = None  # the phase listed so far that ends last
    for i, phase in enumerate(phases):
        in_order = i == 0 or phase.start >= phases[i - 1].start
        if latest is not None and in_order and phase.start <= latest.end:
            yield Issue(("execution", "phases", i, "start"), msg(
                "timeline.phase-overlap", id=phase.id, start=phase.start, latest=latest.id,
                latest_end=latest.end, next=latest.end + timedelta(days=1)))
        if latest is None or phase.end > latest.end:
            latest = phase


# --- dependencies -----------------------------------------------------------------------
class TaskGraph(NamedTuple):
    """Tasks by index; ``edges[i]`` holds the indices of the tasks task ``i`` depends on."""

    tasks: Sequence[Task]
    edges: list[list[int]]
    component: list[int]
    """Strongly connected component of each task; tasks in one cycle share it."""
    sizes: list[int]
    """How many tasks each component holds."""

    def cyclic(self, task: int) -> bool:
        """Whether the task lies on a dependency cycle."""
        return self.sizes[self.component[task]] > 1 or task in self.edges[task]

    def in_cycle(self, first: int, second: int) -> bool:
        """Whether two tasks lie on a common dependency cycle."""
        return self.component[first] == self.component[second] and self.cyclic(first)


def task_graph(tasks: Sequence[Task]) -> TaskGraph:
    """The dependency graph (unknown ids skipped; a duplicate id means its first task)."""
    index_of: dict[str, int] = {}
    for i, task in enumerate(tasks):
        index_of.setdefault(task.id, i)
    edges = [[index_of[dep] for dep in task.depends_on if dep in index_of] for task in tasks]
    component = strongly_connected(edges)
    sizes = [0] * (max(component, default=-1) + 1)
    for number in component:
        sizes[number] += 1
    return TaskGraph(tasks, edges, component, sizes)


def strongly_connected(edges: list[list[int]]) -> list[int]:
    """Tarjan's algorithm with an explicit stack: each node's component number, O(V + E)."""
    count = len(edges)
    order = [-1] * count  # visiting order; -1: not yet visited
    low = [0] * count
    component = [-1] * count
    on_stack = [False] * count
    stack: list[int] = []
    visited = components = 0
    for root in range(count):
        if order[root] >= 0:
            continue
        calls = [(root, 0)]  # (node, position of the next edge to follow)
        while calls:
            node, position = calls.pop()
            if position == 0:
                order[node] = low[node] = visited
                visited += 1
                stack.append(node)
                on_stack[node] = True
            else:  # back from the child at position - 1
                low[node] = min(low[node], low[edges[node][position - 1]])
            descended = False
            while position < len(edges[node]):
                child = edges[node][position]
                position += 1
                if order[child] < 0:
                    calls.append((node, position))
                    calls.append((child, 0))
                    descended = True
                    break
                if on_stack[child]:
                    low[node] = min(low[node], order[child])
            if descended or low[node] != order[node]:
                continue
            while True:
                member = stack.pop()
                on_stack[member] = False
                component[member] = components
                if member == node:
                    break
            components += 1
    return component


def find_cycle(graph: TaskGraph, start: int) -> list[int]:
    """The shortest dependency cycle from ``start`` back to itself, inside its component."""
    parent: dict[int, int] = {}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for child in graph.edges[node]:
            if child == start:
                path = [node]
                while path[-1] != start:
                    path.append(parent[path[-1]])
                return [*reversed(path), start]
            if child not in parent and graph.component[child] == graph.component[start]:
                parent[child] = node
                queue.append(child)
    raise AssertionError("a task in a cycle has a way back to itself")


def _cycle_text(graph: TaskGraph, cycle: list[int]) -> str | Message:
    names = [graph.tasks[i].id for i in cycle]
    if len(names) <= 10:
        return " → ".join(names)
    shown = [*names[:5], "…", *names[-3:]]
    return msg("timeline.cycle.long", tasks=" → ".join(shown), n=str(len(names) - 1))


@rule("timeline-dependency-cycle")
def dependency_cycle(ctx: RuleContext, options: object) -> Iterator[Issue]:
    """Tasks depend on each other in a circle, so none of them can start.

    The cycle is named (each task depends on the next) and reported once, at the
    ``depends_on`` entry of its first task in the file. Fails: ``T1`` with
    ``depends_on: [T2]`` and ``T2`` with ``depends_on: [T1]``. Passes: only ``T2``
    depends on ``T1``.
    """
    tasks = ctx.plan.tasks
    graph = task_graph(tasks)
    reported: set[int] = set()
    for i, task in enumerate(tasks):
        if graph.component[i] in reported or not graph.cyclic(i):
            continue
        reported.add(graph.component[i])
        cycle = find_cycle(graph, i)
        entry = task.depends_on.index(tasks[cycle[1]].id)
        if len(cycle) == 2:
            message = msg("timeline.cycle.self", id=task.id)
        else:
            message = msg("timeline.cycle", cycle=_cycle_text(graph, cycle))
        yield Issue((*_TASKS, i, "depends_on", entry), message)


@rule("timeline-dependency-order")
def dependency_order(ctx: RuleContext, options: object) -> Iterator[Issue]:
    """A task starts before a task it depends on has ended (finish-to-start).

    A task's end day is a day of work on it, so a task that depends on it starts the day
    after, at the earliest. The finding names the prerequisite that ends last.
    Dependencies inside a cycle are left to ``timeline-dependency-cycle``. Fails: ``T2``
    starts on 2027-01-15, or on 2027-01-31, with ``depends_on: [T1]`` and ``T1`` ending on
    2027-01-31. Passes: ``T2`` starts on 2027-02-01.
    """
    tasks = ctx.plan.tasks
    graph = task_graph(tasks)
    for i, task in enumerate(tasks):
        blockers = [dep for dep in graph.edges[i]
                    if tasks[dep].end >= task.start and not graph.in_cycle(i, dep)]
        if not blockers:
            continue
        last = max(blockers, key=lambda dep: tasks[dep].end)
        ends = tasks[last].end
        yield Issue((*_TASKS, i, "start"), msg(
            "timeline.dependency-order", id=task.id, start=task.start, blocker=tasks[last].id,
            end=ends, next=ends + timedelta(days=1)))


@rule("timeline-milestone-before-task")
def milestone_before_task(ctx: RuleContext, options: object) -> Iterator[Issue]:
    """A milestone falls before the end of a task it requires.

    A milestone may fall on the day its last required task ends, or later. Fails:
    ``{date: 2027-03-15, requires: [T2]}`` with ``T2`` ending on 2027-03-30. Passes:
    ``date: M4``.
    """
    tasks = first_by_id(ctx.plan.tasks)
    for i, milestone in enumerate(ctx.plan.milestones):
        late = [tasks[name] for name in milestone.requires
                if name in tasks and tasks[name].end > milestone.date]
        if not late:
            continue
        last = max(late, key=lambda task: task.end)
        yield Issue(("execution", "milestones", i, "date"), msg(
            "timeline.milestone-before-task", id=milestone.id, day=milestone.date,
            task=last.id, end=last.end))


class OverloadOptions(RuleOptions):
    """Options of ``timeline-owner-overload``."""

    max_parallel: int = Field(3, ge=1, le=1000)
    """Most tasks one owner may have running on the same day (1 to 1000)."""


@rule("timeline-owner-overload", Severity.WARNING, options=OverloadOptions)
def owner_overload(ctx: RuleContext, options: OverloadOptions) -> Iterator[Issue]:
    """An owner has more than ``max_parallel`` (default 3) tasks running on the same day.

    Reported once per owner, at the task that first goes over the limit. Fails: four
    tasks of ``ops`` all running in the first week of March. Passes: three of them, or
    ``rules: {timeline-owner-overload: {max_parallel: 4}}``.
    """
    tasks = ctx.plan.tasks
    by_owner: dict[str, list[int]] = defaultdict(list)
    for i, task in enumerate(tasks):
        if task.owner is not None and task.end >= task.start:
            by_owner[task.owner].append(i)
    for owner, indices in by_owner.items():
        overload = _first_overload(tasks, indices, options.max_parallel)
        if overload is None:
            continue
        culprit, running = overload
        names = ", ".join(tasks[i].id for i in running[:10]) + (" …" if len(running) > 10 else "")
        yield Issue((*_TASKS, culprit, "owner"), msg(
            "timeline.owner-overload", owner=owner, n=len(running), day=tasks[culprit].start,
            tasks=names, limit=options.max_parallel))


def _first_overload(tasks: Sequence[Task], indices: list[int],
                    limit: int) -> tuple[int, list[int]] | None:
    """Sweep by start date with a heap of end dates: the first task over the limit."""
    running: list[tuple[date, int]] = []
    for i in sorted(indices, key=lambda i: (tasks[i].start, i)):
        while running and running[0][0] < tasks[i].start:
            heapq.heappop(running)
        heapq.heappush(running, (tasks[i].end, i))
        if len(running) > limit:
            return i, sorted(index for _, index in running)
    return None


RULES = (
    start_after_end,
    outside_period,
    task_outside_phase,
    phase_order,
    phase_overlap,
    dependency_cycle,
    dependency_order,
    milestone_before_task,
    owner_overload,
)
