"""The Linux system package, built here with Briefcase (installers/package.py), installed with apt
into a clean Debian bookworm root made by debootstrap: `islandrun --version`, `islandrun doctor`,
and a headless `islandrun serve` answering one chat request on the embedded model.

Needs root, debootstrap and the Debian mirror this machine's apt uses. Slow: the package build
(about a minute warm; more on a fresh clone) and the clean root (debootstrap, then apt installs
the package's dependencies) happen once per test session. A warm machine keeps debootstrap's root
as a tarball (a week) and apt's downloaded .debs in ~/.cache/islandrun-tests: the root is still
unpacked fresh and apt still installs every dependency from the freshly fetched index. Times go
to the test output (-s).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
SUITE = "bookworm"
# What a warm machine keeps between test sessions (ISLANDRUN_TEST_CACHE; delete it for a cold run).
CACHE = Path(os.environ.get("ISLANDRUN_TEST_CACHE", Path.home() / ".cache" / "islandrun-tests"))
ARCHIVES = CACHE / f"apt-archives-{SUITE}"
ROOT_CACHE_DAYS = 7
CLEAN_ENV = {"PATH": "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin", "HOME": "/root", "LANG": "C.UTF-8"}

pytestmark = [
    pytest.mark.slow,
    pytest.mark.timeout(1800),
    pytest.mark.skipif(sys.platform != "linux" or os.geteuid() != 0, reason="needs root on Linux"),
    pytest.mark.skipif(
        any(shutil.which(tool) is None for tool in ("debootstrap", "dpkg-deb", "mount")),
        reason="needs debootstrap (apt-get install debootstrap)",
    ),
]


def debian_mirror() -> str:
    """The Debian mirror this machine's apt uses (deb822 .sources or one-line lists)."""
    if override := os.environ.get("ISLANDRUN_DEBIAN_MIRROR"):
        return override
    apt = Path("/etc/apt")
    texts = [p.read_text() for p in [apt / "sources.list", *sorted(apt.glob("sources.list.d/*"))] if p.is_file()]
    for text in texts:
        for uri in re.findall(r"^URIs:\s*(\S+)", text, re.MULTILINE) + re.findall(
            r"^deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+" + SUITE + r"\s", text, re.MULTILINE
        ):
            if uri.rstrip("/").endswith("/debian"):
                return uri
    return "http://deb.debian.org/debian"


def timed(label: str, times: dict[str, float], command: list[str], **kwargs: object) -> str:
    started = time.monotonic()
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)  # type: ignore[call-overload]
    times[label] = time.monotonic() - started
    print(f"[packaging] {label}: {times[label]:.1f} s", flush=True)
    assert result.returncode == 0, (
        f"{label} failed ({result.returncode}):\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
    )
    return str(result.stdout)


@pytest.fixture(scope="session")
def times() -> dict[str, float]:
    return {}


@pytest.fixture(scope="session")
def deb(times: dict[str, float]) -> Path:
    out = timed(
        "package build (installers/package.py linux)",
        times,
        [sys.executable, str(ROOT / "installers" / "package.py"), "linux", "--fast-compression"],
        timeout=1500,
    )
    [built] = re.findall(r"^built (\S+\.deb)$", out, re.MULTILINE)
    return Path(built)


def clean_root(root: Path, times: dict[str, float]) -> None:
    """A fresh minbase root: debootstrap's output, kept as a tarball in the test cache for a week so a
    warm run unpacks it (seconds) instead of fetching and installing the base system again (~40 s).
    Unpacked into a new folder every session: nothing a test did to a root is ever reused."""
    key = hashlib.sha256(f"{SUITE} minbase {debian_mirror()}".encode()).hexdigest()[:12]
    tarball = CACHE / f"debootstrap-{SUITE}-minbase-{key}.tar"
    fresh = tarball.is_file() and time.time() - tarball.stat().st_mtime < ROOT_CACHE_DAYS * 86400
    if fresh:
        root.mkdir(parents=True)
        timed("clean root from the cached debootstrap", times, ["tar", "-xpf", str(tarball), "-C", str(root)])
        return
    timed(
        "debootstrap (minbase)",
        times,
        ["debootstrap", "--variant=minbase", SUITE, str(root), debian_mirror()],
        timeout=900,
    )
    CACHE.mkdir(parents=True, exist_ok=True)
    partial = tarball.with_suffix(".partial")
    subprocess.run(["tar", "-cpf", str(partial), "-C", str(root), "."], check=True)
    partial.replace(tarball)  # whole or absent: a run cut short never leaves half a root behind


class Chroot:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.mounts: list[Path] = []

    def mount(self, *args: str, target: str) -> None:
        path = self.root / target
        path.mkdir(parents=True, exist_ok=True)
        subprocess.run(["mount", *args, str(path)], check=True)
        self.mounts.append(path)

    def run(
        self, *command: str, env: dict[str, str] | None = None, timeout: float = 120
    ) -> subprocess.CompletedProcess[str]:
        full = ["chroot", str(self.root), "env", "-i", *(f"{k}={v}" for k, v in {**CLEAN_ENV, **(env or {})}.items())]
        return subprocess.run([*full, *command], capture_output=True, text=True, timeout=timeout)

    def popen(self, *command: str, env: dict[str, str]) -> subprocess.Popen[str]:
        full = ["chroot", str(self.root), "env", "-i", *(f"{k}={v}" for k, v in {**CLEAN_ENV, **env}.items())]
        return subprocess.Popen([*full, *command], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

    def unmount_all(self) -> None:
        for path in reversed(self.mounts):
            if subprocess.run(["umount", str(path)], capture_output=True).returncode != 0:
                subprocess.run(["umount", "-l", str(path)], capture_output=True)
        self.mounts.clear()


@pytest.fixture(scope="session")
def installed(deb: Path, times: dict[str, float], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Chroot]:
    chroot = Chroot(tmp_path_factory.mktemp("debroot") / "root")
    try:
        clean_root(chroot.root, times)
        chroot.mount("-t", "proc", "proc", target="proc")
        chroot.mount("-t", "sysfs", "sysfs", target="sys")
        chroot.mount("--bind", "/dev", target="dev")
        chroot.mount("-t", "tmpfs", "tmpfs", target="run")
        shutil.copy2("/etc/resolv.conf", chroot.root / "etc" / "resolv.conf")
        shutil.copy2(deb, chroot.root / "tmp" / deb.name)
        # apt keeps the .debs it fetched in a cache outside the root: a later session downloads only what
        # changed on the mirror (apt checks every cached file against the index it just fetched).
        (ARCHIVES / "partial").mkdir(parents=True, exist_ok=True)
        chroot.mount("--bind", str(ARCHIVES), target="var/cache/apt/archives")
        started = time.monotonic()
        update = chroot.run("apt-get", "update", "-qq", timeout=300)
        assert update.returncode == 0, update.stderr
        install = chroot.run(
            "apt-get", "install", "-y", "-qq", "--no-install-recommends", f"/tmp/{deb.name}",
            env={"DEBIAN_FRONTEND": "noninteractive"}, timeout=900,
        )  # fmt: skip
        times["apt install of the .deb and its dependencies"] = time.monotonic() - started
        print(f"[packaging] apt install: {times['apt install of the .deb and its dependencies']:.1f} s", flush=True)
        assert install.returncode == 0, install.stdout[-4000:] + install.stderr[-4000:]
        yield chroot
    finally:
        chroot.unmount_all()
        shutil.rmtree(chroot.root, ignore_errors=True)
        print(f"[packaging] times: {json.dumps({k: round(v, 1) for k, v in times.items()})}", flush=True)


def test_the_package_installs_the_commands_the_unit_and_the_desktop_entry(installed: Chroot) -> None:
    root = installed.root
    assert (root / "usr/bin/islandrun").is_file()
    assert os.readlink(root / "usr/bin/islandrun-tray") == "islandrun"
    assert (root / "usr/lib/systemd/user/islandrun.service").read_text() == (
        ROOT / "installers/linux/islandrun.service"
    ).read_text()
    assert (root / "usr/share/applications/org.islandrun.islandrun.desktop").is_file()
    assert (root / "usr/share/icons/hicolor/256x256/apps/islandrun.png").is_file()
    status = installed.run("dpkg-query", "-W", "-f", "${Status} ${Version}", "islandrun")
    assert status.stdout.startswith("install ok installed 0.1.0")


def test_version(installed: Chroot) -> None:
    from islandrun.core import __version__

    result = installed.run("islandrun", "--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"islandrun {__version__}"


def test_doctor_has_no_failures_and_sees_the_cpu_build_and_the_embedded_model(installed: Chroot) -> None:
    result = installed.run("islandrun", "doctor", "--json", "--timeout", "30", timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    checks = {item["check"]: item for item in json.loads(result.stdout)["checks"]}
    assert checks["engine"]["summary"].startswith("llama-cpp-python 0.3.36, CPU build")
    assert checks["model"]["status"] in {"ok", "warn"} and "smollm2-135m-instruct" in checks["model"]["summary"]
    assert checks["config"]["status"] == "ok"
    assert checks["keyring"]["status"] == "warn"  # a bare root has no Secret Service: said, not hidden


def test_serve_answers_a_chat_request_on_the_embedded_model(installed: Chroot) -> None:
    env = {"XDG_RUNTIME_DIR": "/run/user/0"}
    (installed.root / "run/user/0").mkdir(parents=True, exist_ok=True, mode=0o700)
    daemon = installed.popen("islandrun", "serve", "--port", "0", env=env)
    info = installed.root / "run/user/0/islandrun/daemon.json"
    try:
        deadline = time.monotonic() + 240
        while not info.exists():
            assert daemon.poll() is None, f"islandrun serve exited {daemon.returncode}: {daemon.stdout.read()}"  # type: ignore[union-attr]
            assert time.monotonic() < deadline, "the daemon did not start in 240 s"
            time.sleep(0.2)
        port = json.loads(info.read_text())["port"]
        token = installed.run("islandrun", "token", env=env)
        assert token.returncode == 0, token.stderr
        started = time.monotonic()
        response = httpx.post(
            f"http://127.0.0.1:{port}/v1/chat/completions",
            headers={"Authorization": f"Bearer {token.stdout.strip()}"},
            json={"model": "default", "messages": [{"role": "user", "content": "Say hello."}], "max_tokens": 16},
            timeout=300,
        )
        print(f"[packaging] first chat request: {time.monotonic() - started:.1f} s", flush=True)
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["choices"][0]["message"]["role"] == "assistant"
        assert body["usage"]["completion_tokens"] > 0
        assert body["model"]
    finally:
        daemon.terminate()
        try:
            daemon.wait(timeout=60)
        except subprocess.TimeoutExpired:
            daemon.kill()
            daemon.wait()


def test_islandrun_tray_starts_the_tray_app_whose_libraries_the_package_declares(installed: Chroot) -> None:
    """`islandrun-tray` imports PySide6 (Qt needs the xcb/GL/D-Bus libraries the package depends on)."""
    result = installed.run("islandrun-tray", "--help")
    assert result.returncode == 0, result.stderr
    assert "IslandRun's tray app." in result.stdout
    bare = installed.run("islandrun")  # no arguments: the CLI's help, not the tray
    assert "Usage: islandrun" in bare.stdout + bare.stderr
