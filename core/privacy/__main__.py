"""``python -m islandrun.core.privacy``: the detector over stdin/stdout (the pii_score protocol).

Each input line is ``{"id": ..., "text": ...}``; each output line is
``{"id": ..., "spans": [{"start", "end", "type", "score"}], "elapsed_ms": ...}`` with the types
of the shared scoring vocabulary. ``--ner spacy|both`` switches the NER backend.
"""

from __future__ import annotations

import argparse
import json
import sys
import time

from .detector import Detector
from .entities import EntityType

__all__ = ["SCORE_TYPES", "main"]

# Our fine types in the vocabulary of tools/pii_score.py.
SCORE_TYPES: dict[EntityType, str] = {
    EntityType.ADDRESS: "LOCATION",
    EntityType.NATIONAL_ID: "ID_OTHER",
    EntityType.BANK_ACCOUNT: "ID_OTHER",
    EntityType.SECRET: "ID_OTHER",
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m islandrun.core.privacy", description=__doc__)
    parser.add_argument("--ner", choices=["lexical", "spacy", "both"], default="lexical")
    parser.add_argument("--spacy-model", default="en_core_web_sm")
    parser.add_argument("--jsonl", action="store_true", help="accepted for compatibility; JSONL is the only format")
    args = parser.parse_args(argv)
    detector = Detector(ner=args.ner, spacy_model=args.spacy_model)
    detector.warm_up()
    out = sys.stdout
    for line in sys.stdin:
        if not line.strip():
            continue
        item = json.loads(line)
        text = str(item.get("text", ""))
        started = time.perf_counter()
        entities = detector.detect(text)
        elapsed_ms = (time.perf_counter() - started) * 1000
        spans = [
            {"start": e.start, "end": e.end, "type": SCORE_TYPES.get(e.type, e.type.value), "score": round(e.score, 3)}
            for e in entities
        ]
        out.write(json.dumps({"id": item.get("id"), "spans": spans, "elapsed_ms": round(elapsed_ms, 4)}) + "\n")
    out.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
