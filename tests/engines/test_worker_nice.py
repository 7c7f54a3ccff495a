"""``[engine] worker_nice``: the engine's threads, and llama.cpp's threads they start, run at a lower
CPU priority than interactive programs. Checked through ``/proc`` on real threads (Linux)."""

from __future__ import annotations

import asyncio
import os
import sys
import threading
from pathlib import Path

import pytest

from islandrun.core.config import load_config
from islandrun.core.engines.config import DEFAULT_WORKER_NICE, EngineConfig
from islandrun.core.engines.thread_priority import lower_thread_priority
from islandrun.core.errors import ConfigError

from .conftest import ask, make_engine

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="per-thread nice is Linux's")


def nice_of(native_id: int) -> int:
    """Field 19 of /proc/self/task/<tid>/stat, read here rather than through the module under test."""
    stat = Path(f"/proc/self/task/{native_id}/stat").read_text()
    return int(stat[stat.rindex(")") + 2 :].split()[16])


def threads() -> set[int]:
    return {int(tid) for tid in os.listdir("/proc/self/task")}


def _target() -> int:
    """A nice above the test process's own (CI may already run the suite niced)."""
    own = os.getpriority(os.PRIO_PROCESS, 0)
    if own >= 19:
        pytest.skip("the test process already runs at the lowest priority")
    return min(19, own + 7)


def test_worker_nice_is_read_and_checked(tmp_path: Path) -> None:
    config_file = tmp_path / "config.toml"
    config_file.write_text("[engine]\nworker_nice = 15\n")
    assert load_config(config_file).engine.worker_nice == 15
    assert EngineConfig().worker_nice == DEFAULT_WORKER_NICE == 10
    config_file.write_text("[engine]\nworker_nice = 0\n")
    assert load_config(config_file).engine.worker_nice == 0  # 0: the daemon's own priority
    for bad in ("-1", "20", '"low"'):
        config_file.write_text(f"[engine]\nworker_nice = {bad}\n")
        with pytest.raises(ConfigError, match=r"engine\.worker_nice"):
            load_config(config_file)


@linux_only
def test_a_thread_and_the_threads_it_starts_carry_the_nice() -> None:
    target = _target()
    own_before = nice_of(threading.get_native_id())
    seen: dict[str, int] = {}
    release = threading.Event()

    def child() -> None:
        seen["child"] = threading.get_native_id()
        release.wait(30)

    def worker() -> None:
        seen["applied"] = lower_thread_priority(target) or -1
        seen["worker"] = threading.get_native_id()
        started = threading.Thread(target=child)
        started.start()  # created after the change: inherits it, as llama.cpp's threads do
        started.join()

    runner = threading.Thread(target=worker)
    runner.start()
    while "child" not in seen:
        release.wait(0.01)
    try:
        assert seen["applied"] == target
        assert nice_of(seen["worker"]) == target
        assert nice_of(seen["child"]) == target
        assert nice_of(threading.get_native_id()) == own_before  # the rest of the process is untouched
    finally:
        release.set()
        runner.join()


@linux_only
def test_priority_is_only_ever_lowered() -> None:
    target = _target()
    result: dict[str, int | None] = {}

    def worker() -> None:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), target)
        result["asked_less"] = lower_thread_priority(target - 3)  # e.g. a daemon started with `nice -n 15`
        result["after"] = nice_of(threading.get_native_id())
        result["zero"] = lower_thread_priority(0)

    runner = threading.Thread(target=worker)
    runner.start()
    runner.join()
    assert result == {"asked_less": target, "after": target, "zero": None}


@linux_only
def test_llama_cpp_threads_of_a_generation_carry_the_engine_nice(embedded_gguf: Path, tmp_path: Path) -> None:
    """Every thread a real generation leaves behind (the engine's worker and llama.cpp's OpenMP team
    it started, n_threads - 1 of them) runs at worker_nice; the test's own thread does not."""
    target = _target()
    engine = make_engine(embedded_gguf, tmp_path, worker_nice=target, n_threads=3, keep_alive_s=-1.0)
    before = threads()
    try:
        result = asyncio.run(engine.chat(ask("The sea around the island is", max_tokens=4)))
        assert result.usage.completion_tokens >= 1
        new = threads() - before  # asyncio.run's own helper threads are joined before it returns
        nices = {tid: nice_of(tid) for tid in new}
        assert len(nices) >= 3, nices  # the decoding worker + at least two OpenMP workers
        assert set(nices.values()) == {target}, nices
        assert nice_of(threading.get_native_id()) != target
    finally:
        asyncio.run(engine.aclose())
