"""Typed wrappers over qasync (which ships no type information): the async slot decorator and
the event loop the tray runs on."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any, ParamSpec, cast

import qasync  # type: ignore[import-untyped]

__all__ = ["QEventLoop", "async_slot"]

_P = ParamSpec("_P")

QEventLoop: Any = qasync.QEventLoop


def async_slot(*types: type) -> Callable[[Callable[_P, Coroutine[Any, Any, None]]], Callable[_P, None]]:
    """``qasync.asyncSlot``: the coroutine runs as a task on the loop when the signal fires."""
    return cast(Callable[[Callable[_P, Coroutine[Any, Any, None]]], Callable[_P, None]], qasync.asyncSlot(*types))
