"""Keeping credentials out of logs and error messages.

:func:`remember_secret` registers a credential the process holds (the keyring reader calls it);
:func:`redact` replaces every registered secret, and anything shaped like a bearer token or a
provider key, with ``[REDACTED]``. :class:`RedactingFilter` applies it to every log record that
passes a handler; :func:`install_log_redaction` puts it on the root logger's handlers (the daemon
calls it once after configuring logging; a handler added later needs its own call).
"""

from __future__ import annotations

import logging
import re
import threading

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


def redact(text: str, *extra: str) -> str:
    with _lock:
        known = sorted({*_secrets, *(e for e in extra if e and len(e) >= 6)}, key=len, reverse=True)
    for secret in known:
        if secret in text:
            text = text.replace(secret, _MASK)
    return _SHAPES.sub(_MASK, text)


class RedactingFilter(logging.Filter):
    """Rewrites each record's message with secrets masked (formatting it first, once)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        clean = redact(message)
        if record.exc_info and record.exc_info[1] is not None:
            # Formatted tracebacks quote exception messages: mask those too.
            exc_text = logging.Formatter().formatException(record.exc_info)
            record.exc_text = redact(exc_text)
        if clean != message or record.args:
            record.msg, record.args = clean, None
        return True


def install_log_redaction(logger: logging.Logger | None = None) -> RedactingFilter:
    """Add one :class:`RedactingFilter` to every handler of ``logger`` (default: the root logger)."""
    target = logger or logging.getLogger()
    flt = RedactingFilter()
    for handler in target.handlers:
        if not any(isinstance(f, RedactingFilter) for f in handler.filters):
            handler.addFilter(flt)
    return flt
