"""Telling code lines from prose (core/privacy/lines.py): Greek writes its question mark as ";".

A line that ends in ";" is a statement of C, Java or JavaScript, and on a code line the name, address and
contact finders ask for more evidence. A Greek question ends in ";" too, so it must read as prose.
"""

from __future__ import annotations

import pytest

from islandrun.core.privacy.lines import is_code


@pytest.mark.parametrize(
    "line",
    [
        "Ποια είναι η καλύτερη εποχή για να επισκεφτώ τη Σαντορίνη; Πόσες μέρες χρειάζομαι;",
        "Γιατί μου ήρθε λογαριασμός 412 ευρώ για την Οδό Αγίου Δημητρίου 45, Θεσσαλονίκη;",
        "Το κινητό μου είναι 694 712 3308, με παίρνετε αύριο;",
    ],
)
def test_a_greek_question_is_prose(line: str) -> None:
    assert not is_code(line)


@pytest.mark.parametrize("line", ["int count = 0;", "return user.name;", "console.log(total);", "x++;"])
def test_a_statement_ending_in_a_semicolon_is_code(line: str) -> None:
    assert is_code(line)
