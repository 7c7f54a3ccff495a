"""`islandrun privacy`: What would leave this device, and as what: scan, detect, sanitize."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.table import Table

from .common import ConfigOption, console, load_or_exit

__all__ = ["app"]

app = typer.Typer(help="What would leave this device, and as what: scan, detect, sanitize.", no_args_is_help=True)


@app.command()
def scan(
    text: Annotated[str, typer.Argument(help="The text to check; '-' reads standard input.")],
    config: ConfigOption = None,
) -> None:
    """Show what detection finds in TEXT, the sensitivity level, and the text as it would leave."""
    from ..privacy.assess import assess_texts
    from ..privacy.detector import Detector
    from ..privacy.sanitize import Sanitizer

    cfg = load_or_exit(config).privacy
    body = sys.stdin.read() if text == "-" else text
    detector = Detector(
        ner=cfg.ner,
        spacy_model=cfg.spacy_model,
        min_score=cfg.min_score,
        deny_terms=cfg.deny_terms,
        allow_terms=cfg.allow_terms,
    )
    assessment = assess_texts([body], detector)
    sanitizer = Sanitizer(detector)
    vault = sanitizer.store.get("scan")
    sanitized, _ = sanitizer.sanitize_text(vault, body)
    table = Table("type", "found", "as", "confidence", "rule")
    for ent in assessment.entities:
        table.add_row(
            ent.type.value, ent.text, vault.placeholder_for(ent.type, ent.text), f"{ent.score:.2f}", ent.source
        )
    console.print(f"sensitivity: {assessment.level.value} ({assessment.score:.2f})")
    for reason in assessment.reasons:
        console.print(f"  - {reason}")
    if assessment.entities:
        console.print(table)
    console.print("would leave as:")
    console.print(sanitized, soft_wrap=True)


@app.command()
def detect(
    ner: Annotated[str, typer.Option(help="NER backend: lexical, spacy or both.")] = "lexical",
) -> None:
    """Read JSON lines {"id", "text"} on stdin, write {"id", "spans", "elapsed_ms"} lines (pii_score protocol)."""
    from ..privacy.__main__ import main

    raise typer.Exit(main(["--ner", ner]))
