"""Connecting apps (issue 18) against real daemons: an opt-in extra listener for apps in Docker or on
the LAN (its own Host names, the token still required), CORS for any origin scheme with the headers
real SDKs send, the token as ``x-api-key``, and defaults that stay closed: loopback only, token on
every request. Plus the config checks that refuse what would open too much."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import anthropic
import httpx
import openai
import psutil
import pytest

from islandrun.core.config import parse_config
from islandrun.core.daemon.extra_listeners import exposure_warning
from islandrun.core.errors import ConfigError

from .conftest import BASE_CONFIG, ISLANDRUN, Daemon

OBSIDIAN = "app://obsidian.md"
EXTENSION = "chrome-extension://abcdefghijklmnopabcdefghijklmnop"

# The request headers the openai JS SDK (openai@6.49.0, src/client.ts buildHeaders and
# src/internal/detect-platform.ts) sets on a chat request in a browser, as the browser lists the
# non-safelisted ones in a preflight (lower case, sorted; Accept is safelisted), plus the
# X-IslandRun-* options IslandRun's docs tell apps to send.
OPENAI_JS_PREFLIGHT = [
    "authorization",
    "content-type",
    "x-islandrun-sensitivity",
    "x-islandrun-tier",
    "x-stainless-arch",
    "x-stainless-lang",
    "x-stainless-os",
    "x-stainless-package-version",
    "x-stainless-retry-count",
    "x-stainless-runtime",
    "x-stainless-runtime-version",
    "x-stainless-timeout",
]
# @anthropic-ai/sdk in a browser (1.17.0, src/client.ts; dangerouslyAllowBrowser adds the
# anthropic-dangerous-direct-browser-access header): it sends the key as a bearer token, older
# versions as x-api-key; plus the rest of the X-IslandRun-* options chat_flow reads.
ANTHROPIC_JS_PREFLIGHT = [
    "anthropic-beta",
    "anthropic-dangerous-direct-browser-access",
    "anthropic-version",
    "authorization",
    "content-type",
    "x-api-key",
    "x-islandrun-collection",
    "x-islandrun-conversation-id",
    "x-islandrun-dataset",
    "x-islandrun-max-cost",
    "x-islandrun-max-latency-ms",
    "x-islandrun-max-passages",
    "x-stainless-helper-method",
]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def taken() -> Iterator[int]:
    """A port something else holds for the whole module."""
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        yield int(holder.getsockname()[1])


@pytest.fixture(scope="module")
def extra_port() -> int:
    return _free_port()


@pytest.fixture(scope="module")
def apps_daemon(tmp_path_factory: pytest.TempPathFactory, extra_port: int, taken: int) -> Iterator[Daemon]:
    config = BASE_CONFIG + (
        "\n[server]\n"
        f'extra_listen = ["127.0.0.1:{extra_port}", "127.0.0.1:{taken}"]\n'
        'allowed_hosts = ["host.docker.internal"]\n'
        f'cors_origins = ["{OBSIDIAN}", "{EXTENSION}"]\n'
    )
    running = Daemon(tmp_path_factory.mktemp("connecting"), config).start()
    yield running
    running.stop()


def _docker(daemon: Daemon, port: int, token: str | None, **headers: str) -> httpx.Client:
    """A client as an app in a container sees the daemon: http://host.docker.internal:PORT (Docker
    Desktop forwards that name to the host's loopback; here the Host header says it)."""
    sent = {"Host": f"host.docker.internal:{port}", **headers}
    if token is not None:
        sent["Authorization"] = f"Bearer {token}"
    return httpx.Client(base_url=f"http://127.0.0.1:{port}", headers=sent, timeout=120)


def _listening(daemon: Daemon) -> set[tuple[str, int]]:
    assert daemon.proc is not None
    process = psutil.Process(daemon.proc.pid)
    found = set()
    for proc in (process, *process.children(recursive=True)):
        for conn in proc.net_connections(kind="inet"):
            if conn.status == psutil.CONN_LISTEN:
                found.add((conn.laddr.ip, conn.laddr.port))
    return found


# -- the extra listener ---------------------------------------------------------------------------


def test_the_extra_listener_answers_to_its_host_names_with_the_token_only(apps_daemon: Daemon, extra_port: int) -> None:
    with _docker(apps_daemon, extra_port, apps_daemon.token) as client:
        assert client.get("/v1/models").status_code == 200
        assert client.get("/v1/models", headers={"Host": f"127.0.0.1:{extra_port}"}).status_code == 200
        for host in ("evil.example", f"mypc.local:{extra_port}", "host.docker.internal.evil.example"):
            refused = client.get("/v1/models", headers={"Host": host})
            assert refused.status_code == 421, host
            assert "[server] allowed_hosts" in refused.json()["error"]["message"]
            if "docker" not in host:  # the refusal names the key, never the names let in
                assert "host.docker.internal" not in refused.json()["error"]["message"]
    with _docker(apps_daemon, extra_port, None) as client:
        missing = client.get("/v1/models")
        assert missing.status_code == 401
        assert "`islandrun token`" in missing.json()["error"]["message"]
    with _docker(apps_daemon, extra_port, "x" * len(apps_daemon.token)) as client:
        assert client.get("/v1/models").status_code == 401


def test_a_chat_through_the_extra_listener_with_the_openai_client(apps_daemon: Daemon, extra_port: int) -> None:
    client = openai.OpenAI(
        base_url=f"http://127.0.0.1:{extra_port}/v1",
        api_key=apps_daemon.token,
        default_headers={"Host": f"host.docker.internal:{extra_port}", "Origin": OBSIDIAN},
        max_retries=0,
    )
    raw = client.chat.completions.with_raw_response.create(
        model="default", messages=[{"role": "user", "content": "Say hi."}], max_tokens=4
    )
    assert raw.parse().choices[0].message.content is not None
    assert raw.headers["x-islandrun-island"] == "local"
    assert raw.headers["access-control-allow-origin"] == OBSIDIAN
    exposed = {h.strip().lower() for h in raw.headers["access-control-expose-headers"].split(",")}
    assert {"x-islandrun-island", "x-islandrun-route-id"} <= exposed  # a browser app can read them


def test_the_loopback_listener_still_refuses_the_extra_host_names(apps_daemon: Daemon) -> None:
    with apps_daemon.client() as client:
        refused = client.get("/v1/models", headers={"Host": f"host.docker.internal:{apps_daemon.port}"})
    assert refused.status_code == 421
    message = refused.json()["error"]["message"]
    assert "loopback" in message and "extra_listen" in message


def test_the_extra_listener_is_open_and_one_that_cannot_open_costs_only_itself(
    apps_daemon: Daemon, extra_port: int, taken: int
) -> None:
    assert _listening(apps_daemon) == {("127.0.0.1", apps_daemon.port), ("127.0.0.1", extra_port)}
    with apps_daemon.client() as client:
        health = client.get("/api/health").json()
    assert health["listeners"] == [
        {"url": f"http://127.0.0.1:{apps_daemon.port}", "allowed_hosts": [], "open": True, "problem": None},
        {
            "url": f"http://127.0.0.1:{extra_port}",
            "allowed_hosts": ["host.docker.internal", "127.0.0.1"],
            "open": True,
            "problem": None,
        },
        {
            "url": f"http://127.0.0.1:{taken}",
            "allowed_hosts": ["host.docker.internal", "127.0.0.1"],
            "open": False,
            "problem": "Address already in use",
        },
    ]


def test_the_default_config_listens_on_loopback_only_and_refuses_docker_names(daemon: Daemon) -> None:
    assert _listening(daemon) == {("127.0.0.1", daemon.port)}
    with daemon.client() as client:
        refused = client.get("/v1/models", headers={"Host": f"host.docker.internal:{daemon.port}"})
        assert refused.status_code == 421
        preflight = client.options(
            "/v1/chat/completions",
            headers={"Origin": OBSIDIAN, "Access-Control-Request-Method": "POST"},
        )
        assert "access-control-allow-origin" not in preflight.headers  # no origin is allowed by default
    assert httpx.get(f"{daemon.url}/v1/models").status_code == 401


# -- CORS -----------------------------------------------------------------------------------------


def _preflight(daemon: Daemon, origin: str, headers: list[str], method: str = "POST") -> httpx.Response:
    return httpx.options(
        f"{daemon.url}/v1/chat/completions",
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": method,
            "Access-Control-Request-Headers": ",".join(headers),
        },
    )


def test_a_preflight_with_the_openai_js_sdk_headers_from_obsidian_is_allowed(apps_daemon: Daemon) -> None:
    answer = _preflight(apps_daemon, OBSIDIAN, OPENAI_JS_PREFLIGHT)
    assert answer.status_code == 200, answer.text
    assert answer.headers["access-control-allow-origin"] == OBSIDIAN
    allowed = {h.strip().lower() for h in answer.headers["access-control-allow-headers"].split(",")}
    assert set(OPENAI_JS_PREFLIGHT) <= allowed
    assert "access-control-allow-credentials" not in answer.headers


def test_a_preflight_with_the_anthropic_js_sdk_headers_from_an_extension_is_allowed(apps_daemon: Daemon) -> None:
    for method in ("GET", "POST", "PUT", "DELETE"):
        answer = _preflight(apps_daemon, EXTENSION, ANTHROPIC_JS_PREFLIGHT, method)
        assert answer.status_code == 200, (method, answer.text)
        assert answer.headers["access-control-allow-origin"] == EXTENSION
        allowed = {h.strip().lower() for h in answer.headers["access-control-allow-headers"].split(",")}
        assert set(ANTHROPIC_JS_PREFLIGHT) <= allowed


def test_an_unlisted_origin_gets_no_grant(apps_daemon: Daemon) -> None:
    for origin in ("https://evil.example", "app://obsidian.md.evil.example", "chrome-extension://otherextension"):
        answer = _preflight(apps_daemon, origin, OPENAI_JS_PREFLIGHT)
        assert answer.status_code >= 400, origin
        assert "access-control-allow-origin" not in answer.headers, origin
        with apps_daemon.client() as client:
            simple = client.get("/v1/models", headers={"Origin": origin})
        assert simple.status_code == 200 and "access-control-allow-origin" not in simple.headers, origin


def test_a_listed_origin_sees_a_401_as_a_401_and_may_reach_a_private_address(apps_daemon: Daemon) -> None:
    """A wrong token from an allowed app is a readable 401, not an opaque CORS failure; Chrome's
    private-network preflight (a public origin calling 127.0.0.1) is answered for listed origins."""
    wrong = httpx.get(f"{apps_daemon.url}/v1/models", headers={"Origin": OBSIDIAN, "Authorization": "Bearer nope"})
    assert wrong.status_code == 401 and wrong.headers["access-control-allow-origin"] == OBSIDIAN
    private = httpx.options(
        f"{apps_daemon.url}/v1/models",
        headers={
            "Origin": EXTENSION,
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Private-Network": "true",
        },
    )
    assert private.status_code == 200 and private.headers["access-control-allow-private-network"] == "true"


# -- x-api-key ------------------------------------------------------------------------------------


def test_the_token_works_with_the_anthropic_client_as_bearer_or_x_api_key(apps_daemon: Daemon) -> None:
    """anthropic 2.x sends its api_key as a bearer token; older SDKs, Anthropic's curl examples and
    proxies such as LiteLLM send ``x-api-key`` (here through the client's own headers)."""
    sent: list[dict[str, str]] = []

    def client(**options: object) -> anthropic.Anthropic:
        hooks = anthropic.DefaultHttpxClient(event_hooks={"request": [lambda r: sent.append(dict(r.headers))]})
        return anthropic.Anthropic(base_url=apps_daemon.url, max_retries=0, http_client=hooks, **options)  # type: ignore[arg-type]

    assert client(api_key=apps_daemon.token).get("/v1/models", cast_to=object)
    assert sent[-1]["authorization"] == f"Bearer {apps_daemon.token}"
    assert client(default_headers={"X-Api-Key": apps_daemon.token}).get("/v1/models", cast_to=object)
    assert sent[-1]["x-api-key"] == apps_daemon.token and "authorization" not in sent[-1]
    with pytest.raises(anthropic.AuthenticationError, match="islandrun token"):
        client(default_headers={"X-Api-Key": "x" * len(apps_daemon.token)}).get("/v1/models", cast_to=object)


def test_x_api_key_takes_app_tokens_and_refuses_two_different_tokens(apps_daemon: Daemon) -> None:
    made = subprocess.run(
        [ISLANDRUN, "apps", "add", "obsidian"], env=apps_daemon.env, capture_output=True, text=True, timeout=60
    )
    assert made.returncode == 0, made.stderr
    app_token = made.stdout.split()[0]
    url = f"{apps_daemon.url}/v1/models"
    assert httpx.get(url, headers={"x-api-key": app_token}).status_code == 200
    same = {"x-api-key": apps_daemon.token, "Authorization": f"Bearer {apps_daemon.token}"}
    assert httpx.get(url, headers=same).status_code == 200
    mixed = httpx.get(url, headers={"x-api-key": app_token, "Authorization": "Bearer wrong"})
    assert mixed.status_code == 401 and "different tokens" in mixed.json()["error"]["message"]
    assert httpx.get(url, headers={"x-api-key": "wrong"}).status_code == 401
    assert httpx.get(url, headers={"x-api-key": ""}).status_code == 401


# -- the configuration ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "key", "says"),
    [
        ('extra_listen = ["localhost:47521"]', "server.extra_listen[0]", "not an IP"),
        ('extra_listen = ["0.0.0.0:70000"]', "server.extra_listen[0]", "port must be 1-65535"),
        ('extra_listen = ["0.0.0.0"]', "server.extra_listen[0]", "port"),
        ('extra_listen = ["::1:47521"]', "server.extra_listen[0]", "brackets"),
        ('allowed_hosts = ["*.local"]', "server.allowed_hosts[0]", "wildcards are not allowed"),
        ('allowed_hosts = ["http://mypc.local:80"]', "server.allowed_hosts[0]", "without scheme or port"),
        ('cors_origins = ["*"]', "server.cors_origins[0]", "any web page"),
        ('cors_origins = ["null"]', "server.cors_origins[0]", "sandboxed frames"),
        ('cors_origins = ["http://localhost:3000/"]', "server.cors_origins[0]", "write 'http://localhost:3000'"),
        ('cors_origins = ["obsidian.md"]', "server.cors_origins[0]", "scheme://host[:port]"),
    ],
)
def test_addresses_hosts_and_origins_are_checked_with_a_message_naming_the_key(line: str, key: str, says: str) -> None:
    with pytest.raises(ConfigError) as err:
        parse_config(f"[server]\n{line}\n")
    [(where, message)] = err.value.problems
    assert where == key and says in message


def test_addresses_hosts_and_origins_are_kept_in_the_form_they_are_compared_in() -> None:
    server = parse_config(
        "[server]\n"
        'extra_listen = ["0.0.0.0:47521", "[::]:47522", "172.17.0.1:47523"]\n'
        'allowed_hosts = ["Host.Docker.Internal", "MyPC.local.", "192.168.1.20", "fe80::1"]\n'
        'cors_origins = ["APP://obsidian.md", "moz-extension://8a3c2e2e-1b2c-4d5e-9f00-123456789abc", '
        '"tauri://localhost", "capacitor://localhost", "http://localhost:3000", "https://notes.example:443"]\n'
    ).server
    assert server.extra_listen == ["0.0.0.0:47521", "[::]:47522", "172.17.0.1:47523"]
    assert server.allowed_hosts == ["host.docker.internal", "mypc.local", "192.168.1.20", "[fe80::1]"]
    assert server.cors_origins == [
        "app://obsidian.md",
        "moz-extension://8a3c2e2e-1b2c-4d5e-9f00-123456789abc",
        "tauri://localhost",
        "capacitor://localhost",
        "http://localhost:3000",
        "https://notes.example",  # as browsers send it: no default port
    ]


def test_binding_beyond_loopback_is_warned_about() -> None:
    assert exposure_warning("127.0.0.1", 47521) is None and exposure_warning("::1", 47521) is None
    every = exposure_warning("0.0.0.0", 47521)
    assert every is not None and "every network interface" in every and "token" in every
    assert "unencrypted" in (exposure_warning("192.168.1.20", 47521) or "")


def test_serve_refuses_a_bad_listen_flag_naming_it(tmp_path: Path) -> None:
    env = Daemon(tmp_path).env
    bad = subprocess.run(
        [ISLANDRUN, "serve", "--listen", "mypc.local:47521"], env=env, capture_output=True, text=True, timeout=60
    )
    assert bad.returncode == 2
    assert "--listen" in bad.stderr and "not an IP" in bad.stderr


# -- the token across a reboot (last: it restarts the daemon) -----------------------------------


def test_the_token_survives_a_cleared_runtime_dir_and_the_log_says_what_was_opened(
    apps_daemon: Daemon, extra_port: int, taken: int
) -> None:
    token = apps_daemon.token
    assert apps_daemon.stop() == 0
    log = apps_daemon.log[-1]
    assert f"Also listening:        http://127.0.0.1:{extra_port}/v1" in log
    assert f"Not listening:         http://127.0.0.1:{taken} (Address already in use)" in log
    assert f"extra_listen http://127.0.0.1:{taken} is not open: Address already in use" in log  # the warning
    shutil.rmtree(apps_daemon.runtime)  # what a reboot does to $XDG_RUNTIME_DIR
    apps_daemon.start()
    assert apps_daemon.token == token
    assert json.loads((apps_daemon.runtime / "daemon.json").read_text())["pid"] == apps_daemon.proc.pid  # type: ignore[union-attr]
    with _docker(apps_daemon, extra_port, token) as client:
        assert client.get("/v1/models").status_code == 200
