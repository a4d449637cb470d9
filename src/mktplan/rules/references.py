"""The references family: ids are unique in their list, and every id reference resolves."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import NamedTuple

from pydantic import BaseModel

from mktplan.files.images import ImageError, read_image, resolve_inside
from mktplan.findings import Message, Path, msg
from mktplan.model.layout import LAYOUT, PlanSection
from mktplan.model.plan import Plan
from mktplan.rules.base import Issue, RuleContext, declared, rule


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
                yield Issue((*id_list.path, index, "id"), msg(
                    "references.duplicate-id", kind=noun(id_list.noun), id=item_id,
                    item=first_seen[item_id] + 1, section=str(id_list.path[-1])))
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


def noun(kind: str) -> Message:
    """The name of a kind of item (``team member``), in every language."""
    slug = kind.lower().replace(" ", "-")
    return msg(f"noun.{slug}")


def _kinds(kinds: tuple[str, ...]) -> Message | str:
    """``channel, activity or content pillar``, in every language."""
    if len(kinds) == 1:
        return noun(kinds[0])
    return msg("references.kinds", some=tuple(noun(kind) for kind in kinds[:-1]),
               last=noun(kinds[-1]))


def _unknown_message(ref: Reference, candidates: list[str]) -> Message:
    kinds = _kinds(ref.kinds)
    guess = closest_id(ref.target, candidates)
    if guess:
        return msg("references.unknown-id.guess", id=ref.target, kinds=kinds, guess=guess)
    if candidates:
        shown = ", ".join(candidates[:8]) + (" …" if len(candidates) > 8 else "")
        return msg("references.unknown-id.known", id=ref.target, kinds=kinds, known=shown)
    return msg("references.unknown-id.none", id=ref.target, kinds=kinds)


@rule("references-logo")
def logo(ctx: RuleContext, options: object) -> Iterator[Issue]:
    """The title page's logo (``meta.logo``) is not a PNG or JPEG file inside the plan's folder.

    Default severity: error. The path is read from the plan's folder and must stay in
    it (no absolute path, no ``..``), so that a plan cannot copy files from elsewhere
    into a deliverable. The file must exist, be readable, be at most 5 MiB and hold a
    PNG or JPEG picture (recognised by its content, not its name).

    Fails::

        meta:
          logo: ../shared/logo.gif

    Passes::

        meta:
          logo: brand/logo.png
    """
    written = ctx.plan.meta.logo
    if written is None:
        return
    try:
        read_image(resolve_inside(ctx.folder, written), written)
    except ImageError as exc:
        yield Issue(("meta", "logo"), msg("references.logo", file=written,
                                                 reason=exc.detail or str(exc)))


RULES = (duplicate_id, unknown_id, logo, declared("references-missing-file", """
    ``meta.compare`` names a plan file that does not exist.

    Nor one that cannot be read, or does not load as a plan (its own rule errors do not
    count: it is compared as far as it goes). The path is read from the plan's own
    folder (``plan-2026.yaml`` beside ``plan-2027.yaml``); ``REV:path``
    (``main:plans/acme.yaml``) is read from git by ``build``, which reports a revision it
    cannot read. Always an error, reported by
    ``check`` and ``build`` alike. Fails: ``compare: plan-2025.yaml`` with no such file.
    Passes: ``compare: plan-2026.yaml`` beside the plan."""))
