"""The references family: ids are unique in their list, and every id reference resolves."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path as FsPath
from typing import NamedTuple

from pydantic import BaseModel

from mktplan.files.reading import STDIN_NAME
from mktplan.findings import Path, Severity
from mktplan.load.source import read_plan_file
from mktplan.model.layout import LAYOUT, PlanSection
from mktplan.model.plan import Plan
from mktplan.rules.base import Issue, RuleContext, rule


class IdList(NamedTuple):
    """A list of items with ids, where it lives in the plan, and what to call its items."""

    path: Path
    noun: str
    ids: Sequence[str]


def id_lists(plan: Plan, layout: Mapping[str, PlanSection] = LAYOUT) -> list[IdList]:
    """Every list of the plan whose items carry ids: the sections that declare ``ids``."""
    return [IdList(section.steps, section.ids, [item.id for item in section.items(plan)])
            for section in layout.values() if section.ids is not None]


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


def _section_references(section: PlanSection, plan: Plan) -> Iterator[Reference]:
    fields = section.item.model_fields if issubclass(section.item, BaseModel) else {}
    aliases = {name: info.alias or name for name, info in fields.items()}  # "from", not "from_"
    for index, item in enumerate(section.items(plan)):
        base: Path = (*section.steps, index) if section.many else section.steps
        for name, kinds in section.refers.items():
            value = getattr(item, name)
            path = (*base, aliases[name])
            if isinstance(value, list):
                for position, target in enumerate(value):
                    yield Reference((*path, position), target, kinds)
            elif value is not None:
                yield Reference(path, value, kinds)


def references(plan: Plan, layout: Mapping[str, PlanSection] = LAYOUT) -> Iterator[Reference]:
    """Every id reference written in the plan: the fields the sections' ``refers`` name."""
    for section in layout.values():
        if section.refers:
            yield from _section_references(section, plan)


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


@rule("references-compare-file")
def compare_file(ctx: RuleContext, options: object) -> Iterator[Issue]:
    """``meta.compare`` names a plan that cannot be compared with.

    Default severity: error. ``meta.compare`` names last year's plan, relative to this
    plan's folder, for ``build`` to show beside this one (the chapter "Compared with last
    year"). The file must exist, be readable and load as a plan (it may have rule errors
    of its own: it is compared as far as it goes). A plan read from standard input looks
    from the working directory; one read from a git revision (``diff main:plan.yaml``)
    is not looked at.

    Fails::

        meta:
          compare: plan-2025.yaml    # no such file beside the plan

    Passes::

        meta:
          compare: plan-2026.yaml
    """
    name = ctx.plan.meta.compare
    folder = _folder_of(ctx.file)
    if name is None or folder is None:
        return
    problem = _compare_problem(folder / name)
    if problem is not None:
        yield Issue(("meta", "compare"), f"meta.compare names '{name}', which {problem}; "
                                         "give the path of last year's plan from this "
                                         "plan's folder")


def _folder_of(file: str) -> FsPath | None:
    """The folder ``meta.compare`` is relative to; None for a plan that is no file here."""
    if file in ("", STDIN_NAME):
        return FsPath.cwd()
    path = FsPath(file)
    return path.parent if path.is_file() else None


def _compare_problem(path: FsPath) -> str | None:
    """Why the plan at ``path`` cannot be compared with, or None."""
    from mktplan.errors import InputError
    from mktplan.rules.pipeline import validate_document

    try:
        document = read_plan_file(path)
    except InputError as exc:
        return f"cannot be read ({exc.reason})"
    validated, findings = validate_document(document)
    if validated is None or validated.plan is None:
        errors = sum(1 for finding in findings if finding.severity is Severity.ERROR)
        return (f"does not load as a plan ({errors} error{'s' if errors != 1 else ''}; "
                f"run 'mktplan check {path}')")
    return None


RULES = (duplicate_id, unknown_id, compare_file)
