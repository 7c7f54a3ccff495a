"""`islandrun models`: Local models: the embedded default, your GGUF files, models already on disk."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from ..engines.catalog import ModelCatalog, ModelEntry, ModelSource, UserModelStore
from ..engines.embedded import embedded_model_path, ensure_embedded_model
from ..errors import IslandRunError
from .common import ConfigOption, console, err_console, fail, load_or_exit

__all__ = ["app"]

app = typer.Typer(
    help="Local models: the embedded default, your GGUF files, models already on disk.", no_args_is_help=True
)


def _size(entry: ModelEntry) -> str:
    size = entry.size_bytes()
    return "-" if size is None else f"{size / (1 << 20):,.0f} MiB"


@app.command("list")
def list_cmd(config: ConfigOption = None, as_json: bool = typer.Option(False, "--json", help="JSON output.")) -> None:
    """List every local model: embedded, configured, added, and found in other apps' folders."""
    catalog = ModelCatalog(load_or_exit(config).engine)
    try:
        entries = catalog.entries()
    except IslandRunError as exc:
        fail(exc)
    default = catalog.default_name()
    if as_json:
        rows = [
            {
                "name": e.name,
                "source": e.source.value,
                "path": str(e.path),
                "size_bytes": e.size_bytes(),
                "chat_format": e.chat_format,
                "default": e.name == default,
                "present": e.path.is_file(),
            }
            for e in entries
        ]
        console.print_json(json.dumps(rows))
        return
    table = Table(title="Local models", title_justify="left")
    for column in ("name", "source", "size", "chat format", "path"):
        table.add_column(column, overflow="fold")
    for e in entries:
        name = f"{e.name} (default)" if e.name == default else e.name
        path = str(e.path)
        if e.source is ModelSource.EMBEDDED and not e.path.is_file():
            path += "  [assembled on first use, or now with `islandrun models prepare`]"
        table.add_row(name, e.source.value, _size(e), e.chat_format or "file's template", path)
    console.print(table)


@app.command("add")
def add_cmd(
    path: Annotated[Path, typer.Argument(help="A GGUF model file (left where it is; never copied).")],
    name: Annotated[str | None, typer.Option("--name", help="Name to use (default: the file name).")] = None,
    chat_format: Annotated[
        str | None,
        typer.Option(
            "--chat-format", help="llama-cpp-python chat format (e.g. chatml, gemma) for files without a template."
        ),
    ] = None,
) -> None:
    """Add your own GGUF file by path. The file is checked first; a non-GGUF or damaged file is refused."""
    try:
        entry = UserModelStore().add(path, name, chat_format)
    except IslandRunError as exc:
        fail(exc)
    console.print(f"Added {entry.name}: {entry.path} ({_size(entry)})")


@app.command("remove")
def remove_cmd(name: Annotated[str, typer.Argument(help="The name of a model added with `models add`.")]) -> None:
    """Forget a model added with `models add` (the file itself is not deleted)."""
    try:
        entry = UserModelStore().remove(name)
    except IslandRunError as exc:
        fail(exc)
    console.print(f"Removed {entry.name} from the list (the file {entry.path} is untouched)")


@app.command("prepare")
def prepare_cmd() -> None:
    """Assemble the embedded default model into the data dir now (otherwise: at its first use)."""
    target = embedded_model_path()
    with Progress(
        TextColumn("[bold]Preparing the embedded model"),
        BarColumn(),
        DownloadColumn(),
        TimeRemainingColumn(),
        console=err_console,
        transient=False,
    ) as bar:
        task = bar.add_task("assemble", total=None)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        try:
            path = ensure_embedded_model(progress)
        except IslandRunError as exc:
            fail(exc)
    console.print(f"Embedded model ready: {path}" if path == target else str(path))
