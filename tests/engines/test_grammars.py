"""The output grammars built from a client's JSON schema (core/engines/grammars.py)."""

from __future__ import annotations


def test_a_json_string_in_the_grammar_admits_no_raw_control_character() -> None:
    """JSON forbids an unescaped tab or newline inside a string; llama-cpp-python's converter allows it, so a model
    could write JSON no parser accepts (seen once: the llm CLI's --schema answer failed json.loads)."""
    from islandrun.core.engines.grammars import gbnf_for

    gbnf = gbnf_for({"type": "object", "properties": {"name": {"type": "string"}}}, "response_format")
    char = next(line for line in gbnf.splitlines() if line.startswith("char ::="))
    assert char.startswith('char ::= [^"\\\\\\x7F\\x00-\\x1F] |'), char
