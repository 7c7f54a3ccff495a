"""`islandrun privacy`: What would leave this device, and as what: scan, detect, sanitize."""

from __future__ import annotations

import json
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
    as_json: Annotated[bool, typer.Option("--json", help="Print the preview as JSON.")] = False,
    config: ConfigOption = None,
) -> None:
    """Show what detection finds in TEXT, the sensitivity level, and the text as it would leave."""
    from ..privacy.detector import detector_from_config
    from ..privacy.preview import scan_preview

    cfg = load_or_exit(config).privacy
    body = sys.stdin.read() if text == "-" else text
    preview = scan_preview(body, detector_from_config(cfg))
    if as_json:
        console.print(json.dumps(preview, ensure_ascii=False, indent=2), soft_wrap=True)
        return
    console.print(f"sensitivity: {preview['level']} ({preview['score']:.2f})")
    for reason in preview["reasons"]:
        console.print(f"  - {reason}")
    if preview["entities"]:
        table = Table("type", "found", "as", "confidence", "rule")
        for ent in preview["entities"]:
            table.add_row(ent["type"], ent["text"], ent["placeholder"], f"{ent['score']:.2f}", ent["rule"])
        console.print(table)
    console.print("would leave as:")
    console.print(preview["sanitized"], soft_wrap=True)


@app.command()
def detect(
    ner: Annotated[str, typer.Option(help="NER backend: lexical, spacy or both.")] = "lexical",
    spacy_model: Annotated[str, typer.Option(help="spaCy package for --ner spacy/both.")] = "en_core_web_sm",
) -> None:
    """Read JSON lines {"id", "text"} on stdin, write {"id", "spans", "elapsed_ms"} lines (pii_score protocol)."""
    from ..privacy.__main__ import main

    raise typer.Exit(main(["--ner", ner, "--spacy-model", spacy_model]))
