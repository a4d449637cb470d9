"""Plan against plan: the summary figures, then every added, removed, renamed or changed item.

Both sides come already checked (:class:`~mktplan.rules.pipeline.CheckedPlan`); nothing is
loaded or checked again here. Items are paired by key in a dict, so the cost grows
with the size of the plans, not with its square.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator, Sequence
from typing import Any

from pydantic import BaseModel

from mktplan.diff.compare import Comparer, listed
from mktplan.diff.match import Pair, keyed, pair_items
from mktplan.diff.model import ChangeKind, Fact, ItemChange, PlanDiff, SideInfo
from mktplan.diff.periods import DateShift
from mktplan.diff.rollup import summary_rows
from mktplan.diff.sections import SECTIONS, SectionSpec
from mktplan.findings import Message, msg
from mktplan.model.plan import Plan
from mktplan.rules.pipeline import CheckedPlan


def side_info(checked: CheckedPlan) -> SideInfo:
    """What the reports say about one side."""
    plan = checked.plan
    assert plan is not None
    meta = plan.meta
    return SideInfo(checked.file, meta.id, meta.title, meta.currency, meta.period.start,
                    meta.period.end, checked.errors, checked.warnings, meta.language)


class _SectionDiff:
    """The changes of one section between two plans."""

    def __init__(self, spec: SectionSpec, old: Plan, new: Plan, comparer: Comparer) -> None:
        self.spec = spec
        self.old = old
        self.new = new
        self.comparer = comparer
        # derived facts (a budget line's cost) depend on the period: equal items in
        # differently dated plans may still differ
        self.same_period = old.meta.period == new.meta.period
        self.facts: dict[int, list[Fact]] = {}  # by id() of items that live as long as self

    def changes(self) -> Iterator[ItemChange]:
        key = self.spec.key or (lambda item: self.spec.path)
        old_items = keyed(self._items(self.old), key)
        new_items = keyed(self._items(self.new), key)
        content = self._content if self.spec.renames and not self.spec.single else None
        for pair in pair_items(old_items, new_items, content):
            change = self._change(pair)
            if change is not None:
                yield change

    def _items(self, plan: Plan) -> Sequence[Any]:
        """The section's items, or for settings none written, an empty mapping of them.

        So a setting written on one side only is a changed field, as any other.
        """
        items = self.spec.items(plan)
        return [{}] if self.spec.settings and not items else items

    def _facts(self, item: Any, is_old: bool) -> list[Fact]:
        """An item's facts, worked out once even when renames are looked for."""
        facts = self.facts.get(id(item))
        if facts is None:
            facts = self.spec.facts(item, self.old if is_old else self.new)
            self.facts[id(item)] = facts
        return facts

    def _content(self, item: Any, is_old: bool) -> Hashable:
        return self.comparer.content(self._facts(item, is_old), is_old)

    def _key(self, key: str | None) -> str | None:
        return None if self.spec.single else key

    def _change(self, pair: Pair) -> ItemChange | None:
        spec = self.spec
        if pair.old is None:
            facts = listed(self._facts(pair.new, False), added=True)
            return ItemChange(spec.path, self._key(pair.new_key), ChangeKind.ADDED,
                              spec.label(pair.new), facts)
        if pair.new is None:
            facts = listed(self._facts(pair.old, True), added=False)
            return ItemChange(spec.path, self._key(pair.old_key), ChangeKind.REMOVED,
                              spec.label(pair.old), facts)
        if pair.old_key != pair.new_key:
            return ItemChange(spec.path, pair.new_key, ChangeKind.RENAMED, spec.label(pair.new),
                              (), old_key=pair.old_key)
        if self.same_period and _same(pair.old, pair.new):
            return None
        fields = self.comparer.fields(self._facts(pair.old, True), self._facts(pair.new, False),
                                      spec.calendar_fields)
        if not fields:
            return None
        return ItemChange(spec.path, self._key(pair.new_key), ChangeKind.CHANGED,
                          spec.label(pair.new), fields)


def _same(old: Any, new: Any) -> bool:
    """Whether two items are equal field by field (a model's fields, or a mapping)."""
    if isinstance(old, BaseModel) and isinstance(new, BaseModel):
        return bool(old.__dict__ == new.__dict__)
    return bool(old == new)


def _notices(old: CheckedPlan, new: CheckedPlan, comparer: Comparer) -> tuple[Message, ...]:
    notices = []
    for side, checked in (("old", old), ("new", new)):
        if checked.errors:
            notices.append(msg(f"diff.notice.errors.{side}", file=checked.file,
                               n=checked.errors))
    if not comparer.same_currency:
        notices.append(msg("diff.notice.currencies"))
    if comparer.shift.relative:
        notices.append(msg("diff.notice.shift", months=str(abs(comparer.shift.months))))
    return tuple(notices)


def diff_plans(old: CheckedPlan, new: CheckedPlan,
               sections: Sequence[SectionSpec] = SECTIONS) -> PlanDiff:
    """Compare two checked plans, section by section; both must have loaded into a plan."""
    old_plan, new_plan = old.plan, new.plan
    assert old_plan is not None and new_plan is not None
    shift = DateShift.between(old_plan.meta.period.start, new_plan.meta.period.start)
    comparer = Comparer(shift, old_plan.meta.currency == new_plan.meta.currency)
    summary = summary_rows(old_plan, new_plan, comparer, shift.relative)
    changes = tuple(
        change
        for spec in sections
        for change in _SectionDiff(spec, old_plan, new_plan, comparer).changes()
    )
    return PlanDiff(side_info(old), side_info(new), summary, changes,
                    _notices(old, new, comparer), shift.months)
