"""Pairing the items of one section of two plans: by key, then renames by content.

Items are paired through a dict of keys (linear). What is left — items only in the
old plan and items only in the new one — are checked for renames: an unpaired new
item whose content (everything but its key) hashes the same as an unpaired old
item's is that item renamed. Only the leftovers are hashed, never all pairs.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Pair:
    """An item of the old plan and its counterpart in the new one; either may be missing."""

    old_key: str | None
    new_key: str | None
    old: Any
    new: Any


def keyed(items: Sequence[Any], key: Callable[[Any], str]) -> dict[str, Any]:
    """Items by key, in list order; a repeated key gets ``#2``, ``#3`` … so nothing is lost."""
    result: dict[str, Any] = {}
    seen: dict[str, int] = defaultdict(int)
    for item in items:
        base = key(item)
        seen[base] += 1
        result[base if seen[base] == 1 else f"{base}#{seen[base]}"] = item
    return result


def pair_items(
    old: dict[str, Any],
    new: dict[str, Any],
    content: Callable[[Any, bool], Hashable] | None,
) -> list[Pair]:
    """Pair two keyed lists: in the new list's order, then what was removed in the old order.

    ``content(item, is_old)`` gives what must be equal for an unpaired pair of items to
    be a rename; None means no rename detection.
    """
    removed = [key for key in old if key not in new]
    renamed_from: dict[str, str] = {}
    if content is not None and removed and len(new) > len(old) - len(removed):
        renamed_from = _renames(old, new, removed, content)
    taken = set(renamed_from.values())
    pairs = [_pair_for(key, old, new, renamed_from) for key in new]
    pairs.extend(Pair(key, None, old[key], None) for key in removed if key not in taken)
    return pairs


def _pair_for(key: str, old: dict[str, Any], new: dict[str, Any],
              renamed_from: dict[str, str]) -> Pair:
    if key in old:
        return Pair(key, key, old[key], new[key])
    former = renamed_from.get(key)
    return Pair(former, key, None if former is None else old[former], new[key])


def _renames(old: dict[str, Any], new: dict[str, Any], removed: list[str],
             content: Callable[[Any, bool], Hashable]) -> dict[str, str]:
    """New key → old key for every unpaired new item with the content of an unpaired old one."""
    by_content: dict[Hashable, deque[str]] = defaultdict(deque)
    for key in removed:
        by_content[content(old[key], True)].append(key)
    renamed: dict[str, str] = {}
    for key in _added(old, new):
        candidates = by_content.get(content(new[key], False))
        if candidates:
            renamed[key] = candidates.popleft()
    return renamed


def _added(old: dict[str, Any], new: dict[str, Any]) -> Iterator[str]:
    return (key for key in new if key not in old)
