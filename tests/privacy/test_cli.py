"""``islandrun privacy scan`` and the detector protocol, run as a user runs them (real subprocesses)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

EXE = shutil.which("islandrun", path=str(Path(sys.executable).parent))


def test_scan_shows_level_findings_and_the_sanitized_text() -> None:
    assert EXE
    text = "I'm Dr. Ingrid Solberg, card 4111 1111 1111 1111, mail ingrid@example.no"
    proc = subprocess.run([EXE, "privacy", "scan", text], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "sensitivity: restricted" in out
    assert "CREDIT_CARD" in out and "EMAIL" in out and "PERSON" in out
    leaving = out.split("would leave as:")[1]
    assert "4111" not in leaving and "ingrid@example.no" not in leaving and "Solberg" not in leaving
    assert "[FINANCIAL_" in leaving and "[CONTACT_" in leaving and "[PERSON_" in leaving


def test_detect_speaks_the_pii_score_protocol() -> None:
    lines = [{"id": "a", "text": "call +1 415 555 0132"}, {"id": 7, "text": "nothing here"}]
    stdin = "".join(json.dumps(x) + "\n" for x in lines)
    for cmd in ([sys.executable, "-m", "islandrun.core.privacy"], [EXE, "privacy", "detect"]):
        proc = subprocess.run(cmd, input=stdin, capture_output=True, text=True, timeout=120)
        assert proc.returncode == 0, proc.stderr
        out = [json.loads(line) for line in proc.stdout.splitlines()]
        assert [o["id"] for o in out] == ["a", 7]
        span = out[0]["spans"][0]
        assert (span["type"], lines[0]["text"][span["start"] : span["end"]]) == ("PHONE", "+1 415 555 0132")
        assert out[1]["spans"] == [] and out[1]["elapsed_ms"] >= 0


def test_scan_json_and_config_terms(tmp_path: Path) -> None:
    assert EXE
    cfg = tmp_path / "config.toml"
    cfg.write_text('[privacy]\ndeny_terms = ["Project Nightjar"]\nallow_terms = ["Oslo"]\n')
    proc = subprocess.run(
        [EXE, "privacy", "scan", "--json", "-c", str(cfg), "-"],
        input="Project Nightjar launches in Oslo",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    preview = json.loads(proc.stdout)
    assert [e["text"] for e in preview["entities"]] == ["Project Nightjar"]
    assert preview["sanitized"].endswith("launches in Oslo")
    assert preview["level"] == "restricted"
