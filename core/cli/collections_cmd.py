"""``islandrun collections``: document collections on this island (add, list, reindex, search, remove)."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from ..collections import CollectionError, CollectionStore, IndexProgress, IndexReport, SearchMode
from .common import ConfigOption, console, err_console, fail, load_or_exit

__all__ = ["app"]

app = typer.Typer(help="Document collections this island holds (indexed for retrieval).", no_args_is_help=True)

JsonOption = Annotated[bool, typer.Option("--json", help="JSON output.")]


def _store(config: Path | None) -> CollectionStore:
    try:
        return CollectionStore(config=load_or_exit(config).collections)
    except CollectionError as exc:
        fail(exc)


def _index_with_progress(store: CollectionStore, name: str) -> IndexReport:
    with Progress(
        TextColumn("[bold]indexing[/] {task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err_console,
        transient=True,
    ) as bar:
        task = bar.add_task(name, total=None)

        def update(step: IndexProgress) -> None:
            what = f"{name} {step.path}" if step.phase == "files" else f"{name}: embedding passages"
            bar.update(task, total=step.total, completed=step.done, description=what[:60])

        return store.index(name, progress=update)


def _print_report(report: IndexReport, as_json: bool) -> None:
    if as_json:
        console.print_json(json.dumps({**asdict(report), "documents_per_second": report.documents_per_second}))
        return
    if report.problem:
        err_console.print(f"[bold red]Not indexed[/]: {report.problem}")
        return
    console.print(
        f"{report.name}: {len(report.indexed)} indexed, {report.unchanged} unchanged, {len(report.removed)} removed, "
        f"{len(report.skipped)} skipped, {report.unsupported} of other types ignored "
        f"— {report.chunks_added} passages in {report.seconds:.1f} s ({report.documents_per_second:.1f} docs/s)"
    )
    for path in report.removed:
        console.print(f"  removed  {path} (no longer in the folder)")
    for skipped in report.skipped:
        kept = " — earlier version kept" if skipped.kept_previous else ""
        console.print(f"  skipped  {skipped.path}: {skipped.reason}{kept}")
    if report.embeddings:
        console.print(f"  embeddings: {report.embeddings} ({report.embedded} passages embedded)")
    else:
        err_console.print(f"  [yellow]no embeddings[/]: {report.embeddings_note}")


@app.command("add")
def add_cmd(
    name: Annotated[str, typer.Argument(help="Collection name (lower-case letters, digits, '.', '_', '-').")],
    path: Annotated[Path, typer.Argument(help="Folder of documents (text, Markdown, PDF, source code).")],
    config: ConfigOption = None,
    as_json: JsonOption = False,
) -> None:
    """Register a folder as a collection and index it."""
    store = _store(config)
    try:
        store.add(name, path)
        report = _index_with_progress(store, name)
    except CollectionError as exc:
        fail(exc)
    _print_report(report, as_json)
    if report.problem:
        raise typer.Exit(1)


@app.command("reindex")
def reindex_cmd(
    name: Annotated[str, typer.Argument(help="Collection name.")],
    config: ConfigOption = None,
    as_json: JsonOption = False,
) -> None:
    """Re-index a collection: read new and changed files, drop vanished ones."""
    store = _store(config)
    try:
        report = _index_with_progress(store, name)
    except CollectionError as exc:
        fail(exc)
    _print_report(report, as_json)
    if report.problem:
        raise typer.Exit(1)


def _size(n: int) -> str:
    value = float(n)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{n} B"  # pragma: no cover


@app.command("list")
def list_cmd(config: ConfigOption = None, as_json: JsonOption = False) -> None:
    """List collections: name, documents, passages, size, last indexed, embeddings."""
    store = _store(config)
    try:
        items = store.list()
    except CollectionError as exc:
        fail(exc)
    if as_json:
        console.print_json(json.dumps([asdict(item) for item in items]))
        return
    if not items:
        console.print("No collections. Add one with `islandrun collections add NAME PATH`.")
        return
    table = Table(title="Collections", title_justify="left")
    for column in ("name", "documents", "passages", "size", "indexed", "embeddings", "folder"):
        table.add_column(column)
    for item in items:
        when = datetime.fromtimestamp(item.updated, UTC).strftime("%Y-%m-%d %H:%M UTC") if item.updated else "never"
        table.add_row(
            item.name,
            str(item.documents),
            str(item.chunks),
            _size(item.bytes),
            when,
            item.embeddings or f"none: {item.embeddings_note}",
            str(store.root(item.name)),
        )
    console.print(table)


@app.command("search")
def search_cmd(
    name: Annotated[str, typer.Argument(help="Collection name.")],
    query: Annotated[str, typer.Argument(help="What to look for.")],
    k: Annotated[int, typer.Option("-k", help="How many passages.", min=1, max=100)] = 5,
    mode: Annotated[SearchMode, typer.Option("--mode", help="hybrid, fts (BM25) or embedding.")] = SearchMode.HYBRID,
    config: ConfigOption = None,
    as_json: JsonOption = False,
) -> None:
    """Retrieve the passages of a collection that best match a query."""
    store = _store(config)
    try:
        passages = store.search(name, query, k=k, mode=mode)
    except CollectionError as exc:
        fail(exc)
    if as_json:
        console.print_json(json.dumps([asdict(p) for p in passages]))
        return
    if not passages:
        console.print("No matching passages.")
        return
    for rank, passage in enumerate(passages, start=1):
        console.print(
            f"{rank}. {passage.source} (passage {passage.chunk_id}, score {passage.score:.4f}, "
            f"found by {' + '.join(passage.matched_by)})"
        )
        console.print("   " + passage.text[:400].replace("\n", "\n   ") + ("…" if len(passage.text) > 400 else ""))


@app.command("remove")
def remove_cmd(name: Annotated[str, typer.Argument(help="Collection name.")], config: ConfigOption = None) -> None:
    """Forget a collection (deletes its index; the folder and its files are not touched)."""
    store = _store(config)
    try:
        store.remove(name)
    except CollectionError as exc:
        fail(exc)
    console.print(f"Removed collection {name!r} (its files are untouched).")
