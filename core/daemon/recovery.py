"""After a crash: what was out when the daemon stopped is written down, and paid for.

Before a request leaves the device the pipeline appends a ``dispatch`` row to the audit log and
marks its reservation dispatched (:meth:`Pipeline.dispatch_intent`); the ``route`` row follows when
it finishes, whatever the outcome. A daemon killed in between leaves a ``dispatch`` row alone. At
the next start every such request gets its ``route`` row (outcome ``interrupted``: the prompt
reached the island, the answer never came back), and its reservation is settled at the estimate
— the island may bill it — while reservations that never left are released at $0.
"""

from __future__ import annotations

import logging

from ..audit import AuditLog, AuditRecord
from ..ledger import Ledger

__all__ = ["recover_interrupted"]

log = logging.getLogger(__name__)


def recover_interrupted(audit: AuditLog, ledger: Ledger) -> tuple[int, int, int]:
    """Close what a crash left open. Returns ``(audit rows added, reservations released, settled)``."""
    released, settled = ledger.release_abandoned()
    added = 0
    for entry in audit.unfinished_dispatches():
        row = entry.record
        audit.append(
            AuditRecord(
                event="route",
                request_id=row.request_id,
                route_id=row.route_id,
                island=row.island,
                tier=row.tier,
                sensitivity=row.sensitivity,
                entities=row.entities,
                sanitized=row.sanitized,
                outcome="interrupted",
                detail=f"the daemon stopped while this request was out (dispatch row {entry.seq}); "
                "the prompt had left this device; any reservation was settled at its estimate",
            )
        )
        added += 1
    if added or released or settled:
        log.warning(
            "an earlier run stopped mid-request: %d interrupted request(s) recorded, %d reservation(s) released, "
            "%d settled at the estimate",
            added,
            released,
            settled,
        )
    return added, released, settled
