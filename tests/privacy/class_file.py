"""The three tests of a class file of new requests (``test_classes_*.py``): one definition, every file calls it.

A class file holds cases with planted values and harmless prompts, written before a fix and run once before it
(their first-run counts are in each file's history). :func:`class_file_tests` gives its test functions: every planted
value stays on the device (a case in ``known_leaks`` is a strict expected failure), every harmless prompt goes out
unchanged, and each prompt in ``known_changed`` is a strict expected failure until it goes out unchanged. Cases go
through :meth:`Sanitizer.sanitize_request`, the daemon's path, with the fourth set's helpers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from .test_fourth_set import assert_nothing_leaves, case_params, changed


def class_file_tests(
    cases: list[dict[str, Any]],
    harmless: list[dict[str, str]],
    known_leaks: frozenset[str],
    known_changed: frozenset[str],
) -> tuple[Callable[..., None], Callable[..., None], Callable[..., None]]:
    """(test_planted_values_do_not_leave, test_harmless_prompts_go_out_unchanged, test_known_changed_prompts)."""

    @pytest.mark.parametrize("case", case_params(cases, known_leaks, "a known leak of this class file"))
    def test_planted_values_do_not_leave(case: dict[str, Any]) -> None:
        assert_nothing_leaves(case)

    @pytest.mark.parametrize("prompt", [p for p in harmless if p["id"] not in known_changed], ids=lambda p: p["id"])
    def test_harmless_prompts_go_out_unchanged(prompt: dict[str, str]) -> None:
        assert not changed(prompt)

    @pytest.mark.xfail(strict=True, reason="a harmless prompt still changed (see KNOWN_CHANGED)")
    @pytest.mark.parametrize("prompt", [p for p in harmless if p["id"] in known_changed], ids=lambda p: p["id"])
    def test_known_changed_prompts(prompt: dict[str, str]) -> None:
        assert not changed(prompt)

    return test_planted_values_do_not_leave, test_harmless_prompts_go_out_unchanged, test_known_changed_prompts
