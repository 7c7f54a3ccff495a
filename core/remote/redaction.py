"""Keeping credentials out of logs and error messages.

:func:`remember_secret` registers a credential the process holds (the keyring reader calls it);
:func:`redact` replaces every registered secret, and anything shaped like a bearer token or a
provider key, with ``[REDACTED]``. :func:`install_log_redaction` applies it to every log record
the process creates (through the record factory, so every handler, present or later, sees only
masked text); registering the first secret installs it. :class:`RedactingFilter` does the same
for one handler.
"""

from __future__ import annotations

import logging
import re
import threading
from typing import Any

__all__ = ["RedactingFilter", "install_log_redaction", "redact", "remember_secret"]

_MASK = "[REDACTED]"
_lock = threading.Lock()
_secrets: set[str] = set()
# Shapes of credentials that may appear even when IslandRun never held them (an upstream error
# body quoting a key, a header dump): bearer tokens, x-api-key values, sk-/sk-ant-/gsk_/... keys.
_SHAPES = re.compile(
    r"(?i)(?<=bearer )[A-Za-z0-9._~+/=-]{8,}"
    r"|(?<=x-api-key: )\S{8,}"
    r"|(?<=x-api-key=)\S{8,}"
    r"|\b(?:sk|rk|pk)-(?:ant-|proj-|or-v1-)?[A-Za-z0-9_-]{12,}"
    r"|\bgsk_[A-Za-z0-9]{12,}"
    r"|\bhf_[A-Za-z0-9]{12,}"
)


def remember_secret(secret: str) -> None:
    """Redact ``secret`` from every log record and error message from now on (ignored if under 6 chars)."""
    if len(secret) >= 6:
        with _lock:
            _secrets.add(secret)
        install_log_redaction()


def redact(text: str, *extra: str) -> str:
    with _lock:
        known = sorted({*_secrets, *(e for e in extra if e and len(e) >= 6)}, key=len, reverse=True)
    for secret in known:
        if secret in text:
            text = text.replace(secret, _MASK)
    return _SHAPES.sub(_MASK, text)


def _redact_record(record: logging.LogRecord) -> None:
    try:
        message = record.getMessage()
    except Exception:  # a broken format string: the handler reports it, as logging always does
        return
    clean = redact(message)
    if clean != message:
        record.msg, record.args = clean, None
    if record.exc_info and record.exc_info[1] is not None and not record.exc_text:
        # Formatters reuse a set exc_text: the traceback is masked once, here.
        record.exc_text = redact(logging.Formatter().formatException(record.exc_info))


class RedactingFilter(logging.Filter):
    """Masks secrets in each record that passes the handler it is attached to."""

    def filter(self, record: logging.LogRecord) -> bool:
        _redact_record(record)
        return True


_installed = False


def install_log_redaction() -> None:
    """Mask secrets in every log record this process creates, whatever handler emits it.

    Installed through the log record factory, so handlers added later are covered too. Idempotent;
    :func:`remember_secret` calls it, so any process that holds a key has it on.
    """
    global _installed
    with _lock:
        if _installed:
            return
        previous = logging.getLogRecordFactory()

        def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
            record = previous(*args, **kwargs)
            _redact_record(record)
            return record

        logging.setLogRecordFactory(factory)
        _installed = True
