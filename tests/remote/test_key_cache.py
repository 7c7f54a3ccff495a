"""The daemon's key lookups: a key is read from the keyring once per ``cache_ttl_s``, and a keyring
that fails (none on a headless machine, or locked) is not asked again on every request for a while
(:data:`~islandrun.core.remote.credentials.FAILURE_TTL_S`), yet each request still gets the failure
that names the problem."""

from __future__ import annotations

import keyring.backend
import keyring.errors
import pytest

from islandrun.core.remote.credentials import KeyringCredentials
from islandrun.core.remote.errors import CredentialsError, KeyringUnavailableError

KEY = "sk-cache-test-7Qm2"


class Flaky(keyring.backend.KeyringBackend):
    """An OS-keyring-looking backend whose reads fail until ``working`` is set; counts its reads."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        self.reads = 0
        self.working = False

    def get_password(self, service: str, username: str) -> str | None:
        self.reads += 1
        if not self.working:
            raise keyring.errors.KeyringLocked("locked")
        return KEY

    def set_password(self, service: str, username: str, password: str) -> None:
        self.working = True  # the user unlocked the keyring and stored the key

    def delete_password(self, service: str, username: str) -> None:
        raise AssertionError("not written here")


Flaky.__module__ = "keyring.backends.SecretService"  # what KeyringCredentials accepts as an OS keyring


async def test_a_failing_keyring_is_asked_once_and_every_request_still_gets_its_error() -> None:
    backend = Flaky()
    store = KeyringCredentials(backend=backend)
    for _ in range(3):
        with pytest.raises(KeyringUnavailableError, match="locked"):
            await store.api_key("claude")
    assert backend.reads == 1


async def test_a_keyring_that_works_again_is_read_once_the_failure_has_aged() -> None:
    backend = Flaky()
    store = KeyringCredentials(backend=backend, cache_ttl_s=0.0)  # nothing is remembered
    with pytest.raises(CredentialsError):
        await store.api_key("claude")
    backend.working = True
    assert await store.api_key("claude") == KEY
    assert backend.reads == 2


async def test_a_key_is_read_once_while_cached() -> None:
    backend = Flaky()
    backend.working = True
    store = KeyringCredentials(backend=backend)
    assert [await store.api_key("claude") for _ in range(3)] == [KEY] * 3
    assert backend.reads == 1


async def test_a_key_stored_after_a_failure_is_used_by_the_next_request() -> None:
    backend = Flaky()
    store = KeyringCredentials(backend=backend)
    with pytest.raises(KeyringUnavailableError):
        await store.api_key("claude")
    store.set("claude", KEY)  # e.g. `islandrun keys set claude` through the daemon
    assert await store.api_key("claude") == KEY  # not the remembered failure
