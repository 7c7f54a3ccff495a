"""Vietnamese bank accounts: the number after "tài khoản" / "STK", with the bank's name between them or not.

"tài khoản Vietcombank 0451000387219", "STK: 19036...", "số tài khoản 0071 0004 12345 (BIDV)": the label and the
number are split by the bank's name, which the labelled-value rules (a value right after its label) do not read
through. The number is 6 to 19 digits, in groups or not (examples written before the fix:
tests/privacy/test_classes_korean_vi.py).
Cost: four substring tests on any text, a search only on one with "kho" or "tk" in it.
"""

from __future__ import annotations

import re

from .entities import Entity, EntityType

__all__ = ["find_vietnamese_accounts"]

_ACCOUNT = re.compile(
    r"(?i:\b(?:số\s+tài\s+khoản|tài\s+khoản(?:\s+ngân\s+hàng)?|số\s+tk|stk|tk))"
    r"(?:\s+(?:của\s+)?(?:ngân\s+hàng\s+)?[A-Z][A-Za-z]{1,14}(?:\s?bank)?)?\s*[:：\-]?\s*"
    r"(?P<n>\d(?:[ .]?\d){5,18})(?!\d)"
)


def find_vietnamese_accounts(text: str) -> list[Entity]:
    """BANK_ACCOUNT entities for the numbers after a Vietnamese account label (see the module docstring)."""
    if "kho" not in text and "tk" not in text and "TK" not in text and "Tk" not in text:
        return []  # no label ("tài khoản", "STK", "TK"): most texts stop at these substring tests
    return [
        Entity(EntityType.BANK_ACCOUNT, m.start("n"), m.end("n"), m.group("n"), 0.85, "account-vi")
        for m in _ACCOUNT.finditer(text)
    ]
