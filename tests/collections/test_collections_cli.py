"""``islandrun collections`` end to end through the real CLI (typer runner), config from the file."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from islandrun.core.cli.main import app
from islandrun.core.config import parse_config
from islandrun.core.errors import ConfigError

runner = CliRunner()


def _fts_only_config() -> None:
    cfg = Path(os.environ["ISLANDRUN_CONFIG_DIR"]) / "config.toml"
    cfg.write_text("[collections]\nembeddings = false\nchunk_chars = 800\n")


def test_add_list_search_reindex_remove(docs: Path) -> None:
    _fts_only_config()
    (docs / "junk.txt").write_bytes(b"\x00\xff" * 300)
    added = runner.invoke(app, ["collections", "add", "docs", str(docs)])
    assert added.exit_code == 0, added.output
    assert "4 indexed" in added.output
    assert "junk.txt: binary content" in added.output
    assert "embeddings are off" in added.output

    listed = runner.invoke(app, ["collections", "list", "--json"])
    [row] = json.loads(listed.output)
    assert row["name"] == "docs" and row["documents"] == 4

    found = runner.invoke(app, ["collections", "search", "docs", "vacation days", "-k", "1", "--json"])
    [passage] = json.loads(found.output)
    assert passage["source"] == "notes.txt" and "twenty-five" in passage["text"]

    (docs / "tool.py").unlink()
    again = runner.invoke(app, ["collections", "reindex", "docs"])
    assert "1 removed" in again.output and "removed  tool.py" in again.output

    removed = runner.invoke(app, ["collections", "remove", "docs"])
    assert removed.exit_code == 0
    missing = runner.invoke(app, ["collections", "search", "docs", "x"])
    assert missing.exit_code == 2 and "no collection named 'docs'" in missing.output


def test_reindex_of_a_vanished_folder_fails_visibly(docs: Path) -> None:
    _fts_only_config()
    assert runner.invoke(app, ["collections", "add", "docs", str(docs)]).exit_code == 0
    docs.rename(docs.with_name("elsewhere"))
    result = runner.invoke(app, ["collections", "reindex", "docs"])
    assert result.exit_code == 1
    assert "is gone" in result.output


def test_collections_config_section_is_strict() -> None:
    assert parse_config("[collections]\nembeddings = false\n").collections.embeddings is False
    with pytest.raises(ConfigError, match="chunk_overlap"):
        parse_config("[collections]\nchunk_chars = 1000\nchunk_overlap = 600\n")
