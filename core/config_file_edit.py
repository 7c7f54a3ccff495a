"""Writing the user's config file back without losing what they wrote.

Only what changed is written: the new settings are compared with the ones the file held, and
each changed key is set (or removed) in the file's own document through ``tomlkit``, which keeps
comments, order, blank lines and formatting everywhere else. Keys left at their default stay out
of the file. Arrays of tables with an ``id`` (``[[islands]]``) are matched by id, so editing one
island keeps the comments around the others. A symlinked config file is followed, and the
target is replaced atomically; a temporary file left behind by a killed writer is cleaned up on
the next write.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import tomlkit
from tomlkit.items import AoT, Table

from .files import write_atomic

__all__ = ["edit_toml", "write_config_text"]

_STALE_TEMP_S = 60.0


def _is_table_list(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, Mapping) for v in value)


def _merge(doc: Any, old: Mapping[str, Any], new: Mapping[str, Any]) -> None:
    """Make ``doc`` (a tomlkit container) say ``new`` where it differs from ``old``."""
    for key in [k for k in old if k not in new]:
        if key in doc:
            del doc[key]
    for key, value in new.items():
        before = old.get(key)
        if key in doc and before == value:
            continue
        if key not in doc and before == value:
            continue  # a default the user never wrote: keep it out of the file
        if isinstance(value, Mapping):
            if key not in doc or not isinstance(doc[key], Table | dict):
                doc[key] = tomlkit.table()
            _merge(doc[key], before if isinstance(before, Mapping) else {}, value)
            if not doc[key] and key not in _present(old):
                del doc[key]  # nothing but defaults: no empty table
        elif _is_table_list(value) and all("id" in v for v in value) and isinstance(doc.get(key), AoT):
            _merge_by_id(doc[key], before if isinstance(before, list) else [], value)
        else:
            doc[key] = _item(value)


def _present(mapping: Mapping[str, Any]) -> set[str]:
    return {k for k, v in mapping.items() if v not in (None, {}, [])}


def _merge_by_id(aot: AoT, old: list[Any], new: list[Mapping[str, Any]]) -> None:
    old_by_id = {o.get("id"): o for o in old if isinstance(o, Mapping)}
    new_ids = [n["id"] for n in new]
    for index in reversed(range(len(aot))):  # removed islands
        if aot[index].get("id") not in new_ids:
            del aot[index]
    present = {table.get("id"): table for table in aot}
    for item in new:
        table = present.get(item["id"])
        if table is None:
            fresh = tomlkit.table()
            _merge(fresh, {}, _without_none(item))
            aot.append(fresh)
        else:
            _merge(table, old_by_id.get(item["id"], {}), item)


def _without_none(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _without_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_none(v) for v in value]
    return value


def _item(value: Any) -> Any:
    if _is_table_list(value):
        aot = tomlkit.aot()
        for entry in value:
            table = tomlkit.table()
            _merge(table, {}, _without_none(entry))
            aot.append(table)
        return aot
    return _without_none(value)


def edit_toml(text: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> str:
    """``text`` (a TOML document) changed so that it says ``new`` wherever ``new`` differs from ``old``."""
    doc = tomlkit.parse(text)
    _merge(doc, old, new)
    return tomlkit.dumps(doc)


def write_config_text(path: Path, text: str) -> Path:
    """Replace the config file's text atomically, following a symlink to its target; returns the target."""
    target = path.resolve() if path.is_symlink() else path
    now = time.time()
    for leftover in target.parent.glob(f".{target.name}-*"):  # a writer killed between mkstemp and rename
        try:
            if now - leftover.stat().st_mtime > _STALE_TEMP_S:
                leftover.unlink()
        except OSError:
            continue
    write_atomic(target, text)
    return target
