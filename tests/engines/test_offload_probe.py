"""Whether llama.cpp can offload to a GPU is asked in a child interpreter, so the idle daemon does not keep
llama_cpp (and jinja2, diskcache, its native libraries) in memory (issue 17); the answer is llama.cpp's own."""

from __future__ import annotations

import subprocess
import sys

import pytest

from islandrun.core.engines import settings


def _in_process() -> bool:
    import llama_cpp

    return bool(llama_cpp.llama_supports_gpu_offload())


def test_the_child_gives_llama_cpps_answer() -> None:
    assert settings._ask_child() is _in_process()


def test_a_packaged_executable_is_asked_nothing_and_the_answer_comes_from_here(monkeypatch: pytest.MonkeyPatch) -> None:
    answer = _in_process()
    monkeypatch.delitem(sys.modules, "llama_cpp")  # as in a daemon that has loaded no model yet
    calls: list[object] = []
    monkeypatch.setattr(subprocess, "run", lambda *a, **k: calls.append(a))
    monkeypatch.setattr(sys, "executable", "/opt/IslandRun/IslandRun")  # a Briefcase stub, not an interpreter
    assert settings.gpu_offload_supported.__wrapped__() is answer
    assert calls == []


def test_a_child_without_an_answer_falls_back_to_asking_here(monkeypatch: pytest.MonkeyPatch) -> None:
    answer = _in_process()
    monkeypatch.delitem(sys.modules, "llama_cpp")
    monkeypatch.setattr(sys, "executable", "/nonexistent/bin/python3")
    assert settings._ask_child() is None
    assert settings.gpu_offload_supported.__wrapped__() is answer


def test_starting_the_daemon_loads_no_llama_cpp_numpy_cryptography_or_zeroconf() -> None:
    # a fresh interpreter: the CLI, the daemon's modules and the engine's settings, as `islandrun serve` with
    # discovery off has them before a model is loaded
    code = (
        "import sys\n"
        "import islandrun.core.cli.main, islandrun.core.daemon.server\n"
        "from islandrun.core.engines.config import EngineConfig\n"
        "from islandrun.core.engines.settings import resolve_settings\n"
        "resolve_settings(EngineConfig())\n"
        "print(sorted(m for m in ('llama_cpp', 'numpy', 'cryptography', 'zeroconf', 'jinja2') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=300)
    assert done.stdout.split()[-1] == "[]"
