"""The disk cache of MIST's packed word tables (core/privacy/table_cache.py) only ever saves time.

- a table read back from the cache answers every word exactly as the table built from wordfreq does;
- a damaged file (cut short, one byte changed, not a table at all) is ignored and the table built again, and the
  file is made sound again;
- a cache folder that cannot be written costs a rebuild at the next start, never an error;
- a change of inputs (a new wordfreq version, another list size) is another file, never the old table.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import wordfreq

from islandrun.core.privacy import lexicons, medical_vocab, table_cache
from islandrun.core.privacy.packed_words import RankTable


@pytest.fixture(autouse=True)
def cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ISLANDRUN_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def _counting(words: list[str]) -> tuple[list[int], RankTable]:
    calls: list[int] = []

    def build() -> RankTable:
        calls.append(1)
        return RankTable(words)

    return calls, table_cache.cached_table(RankTable, "test", "inputs 1", build)


def test_a_table_read_back_answers_as_the_one_built_from_wordfreq() -> None:
    words = wordfreq.top_n_list("de", 40_000, wordlist="small")
    built = lexicons._build_ranks("de", "small")
    stored = table_cache.cached_table(RankTable, "common-de", "the test's inputs", lambda: built)
    read = table_cache.cached_table(RankTable, "common-de", "the test's inputs", lambda: pytest.fail("built again"))
    assert read is not stored  # read from the file, not the same object
    plain = {word: rank for rank, word in enumerate(words)}
    for word in [*words, "zzqx", "Straße", "STRASSE", "\ud800", ""]:
        assert read.get(word) == plain.get(word) == built.get(word), repr(word)
    assert len(read) == len(built)


@pytest.mark.parametrize("damage", ["cut", "flip", "garbage", "empty"])
def test_a_damaged_file_is_built_again_and_made_sound(damage: str, cache_folder: Path) -> None:
    words = ["und", "der", "die", "straße", "日本"]
    calls, _ = _counting(words)
    assert calls == [1]
    (path,) = (cache_folder / "word-tables").glob("test-*.bin")
    data = path.read_bytes()
    damaged = {
        "cut": data[: len(data) // 2],
        "flip": data[:20] + bytes([data[20] ^ 0xFF]) + data[21:],
        "garbage": b"not a table" * 10,
        "empty": b"",
    }[damage]
    path.write_bytes(damaged)
    calls, table = _counting(words)
    assert calls == [1]  # built again
    assert [table.get(w) for w in words] == [0, 1, 2, 3, 4]
    assert path.read_bytes() == data  # and stored soundly for the next start
    calls, _ = _counting(words)
    assert calls == []


def test_a_cache_folder_that_cannot_be_written_costs_only_a_rebuild(cache_folder: Path) -> None:
    cache_folder.parent.mkdir(parents=True, exist_ok=True)
    cache_folder.write_text("a file where the folder should be")
    for _ in range(2):
        calls, table = _counting(["a", "b"])
        assert calls == [1]
        assert table.get("b") == 1


def test_other_inputs_are_another_file_and_the_old_one_goes(cache_folder: Path) -> None:
    table_cache.cached_table(RankTable, "test", "wordfreq 3.1.1", lambda: RankTable(["old"]))
    table_cache.cached_table(RankTable, "test-other", "wordfreq 3.1.1", lambda: RankTable(["other"]))
    new = table_cache.cached_table(RankTable, "test", "wordfreq 3.2.0", lambda: RankTable(["new"]))
    assert new.get("new") == 0
    assert new.get("old") is None
    left = sorted(p.name.rsplit("-", 1)[0] for p in (cache_folder / "word-tables").iterdir())
    assert left == ["test", "test-other"]  # the stale "test" file is gone, another table's file stays


def test_a_language_wordfreq_does_not_list_is_an_empty_table() -> None:
    table = lexicons._build_ranks("sw", "small")  # wordfreq would answer with English's list
    assert len(table) == 0
    assert table.get("the") is None


def test_the_medical_vocabulary_read_back_is_the_one_built_from_its_file() -> None:
    raw = (Path(medical_vocab.__file__).parent / "data" / "medical_vocab.txt.gz").read_bytes()
    built = medical_vocab._build(raw)
    table_cache.cached_table(medical_vocab._Parts, "medical", "the test's inputs", lambda: built)
    read = table_cache.cached_table(medical_vocab._Parts, "medical", "the test's inputs", lambda: pytest.fail("built"))
    assert read is not built
    assert dict(read.index.items()) == dict(built.index.items())
    assert len(read.index) > 100_000
    assert read.modifiers == built.modifiers
    assert read.acronyms == built.acronyms
    assert read.cjk_terms == built.cjk_terms
    assert read.cjk_terms  # the file has terms in Chinese script: the round trip carried some
