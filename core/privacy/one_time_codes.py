"""One-time codes: the TAN, OTP or verification code a bank or a service sends to confirm an action.

Whoever holds such a code while it is valid can approve the payment or the log-in it was sent for:
it is a secret, even though it is only a few digits. A code is recognised by the word that names it,
in the languages of the banks' and services' own messages — TAN / mTAN / pushTAN, OTP, one-time
code, verification / confirmation / security code, SMS code, Bestätigungscode, código de
verificación, clave de firma, code de confirmation, codice di verifica, kod SMS, код подтверждения,
doğrulama kodu, mã OTP, 验证码, 認証コード, 인증번호 … — followed, within a few words on the same line
("die TAN aus der SMS lautet …", "clave de firma: …"), by four to eight digits, possibly written in
two groups of three ("739 104").

A substring test decides whether the rule runs at all (most texts hold none of the label words), and again
whether the few characters before a code-shaped number are worth the label pattern.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .cues import Cues
from .entities import Entity, EntityType

__all__ = ["find_one_time_codes"]

_LABEL_WORDS = (
    r"(?:m|sms|push|chip|photo|e)?-?tan|otp|one[\s-]time\s+(?:pass)?(?:code|password|pin)|"
    r"(?:verification|confirmation|security|authori[sz]ation|authentication|auth|login|sms|2fa|mfa)[\s-]code|"
    r"bestätigungscode|sicherheitscode|freigabecode|sms-code|"
    r"c[óo]digo\s+(?:de\s+)?(?:verificaci[óo]n|confirmaci[óo]n|seguridad|sms|otp|verifica[çc][ãa]o|confirma[çc][ãa]o)|"
    r"clave\s+(?:de\s+)?(?:firma|operaciones|sms|otp|un\s+solo\s+uso)|"
    r"code\s+(?:de\s+)?(?:v[ée]rification|confirmation|s[ée]curit[ée]|sms|otp|validation)|"
    r"codice\s+(?:di\s+)?(?:verifica|conferma|sicurezza|otp|sms)|"
    r"kod\s+(?:sms|weryfikacyjny|potwierdzaj[ąa]cy|autoryzacyjny|blik)|"
    r"код\s+(?:подтверждения|из\s+(?:смс|sms)|смс|sms)|"
    r"do[ğg]rulama\s+kodu|onay\s+kodu|verificatiecode|bevestigingscode|"
    r"m[ãa]\s+(?:otp|x[áa]c\s+(?:nh[ậa]n|th[ựu]c))"
)
_LABELS_CJK = (
    r"验证码|驗證碼|動態碼|认证码|認証コード|確認コード|ワンタイムパスワード|인증\s?번호|인증\s?코드|확인\s?코드"
)
# A code-shaped number (cheap to find, and rare), then its label in the few characters before it on its line.
_CODE = re.compile(r"(?<![\d.,/-])(?:\d{3}[ ]\d{3}|\d{4,8})(?![\d]|[.,/:-]\d)")
_LABEL_BEFORE = re.compile(
    r"(?:(?<![^\W\d_])(?P<label>(?i:" + _LABEL_WORDS + r"))(?![^\W\d_])|" + _LABELS_CJK + r")"
    r"[^\n\d]{0,30}$"  # a few words before the code: "aus der SMS lautet", "de firma:", "is"
)
# Without one of these (lower case; "TAN" only in capitals: "tan" is a colour and a function) no label can be
# in the text, nor in the few characters before a code.
_HINTS = (
    "otp", "code", "código", "codigo", "codice", "clave", "kod", "код", "mã ", "ma ", "one-time", "one time",
    "验证", "驗證", "動態", "认证", "認証", "確認", "ワンタイム", "인증", "확인",
)  # fmt: skip


_CUES = Cues(_HINTS)


def _hinted(text: str) -> bool:
    return "TAN" in text or _CUES.in_text(text)  # any(h in text.lower() …), one pass for every finder (.cues)


_WINDOW = 48


def find_one_time_codes(text: str) -> Iterator[Entity]:
    """Each one-time code after the word that names it (see the module docstring)."""
    if not _hinted(text):
        return
    for m in _CODE.finditer(text):
        window = text[max(0, m.start() - _WINDOW) : m.start()]
        label = _LABEL_BEFORE.search(window) if _hinted(window) else None
        if label is None:
            continue
        word = label.group("label") or ""
        if word.lower().endswith("tan") and not word.endswith("TAN"):
            continue  # a bank's TAN is written in capitals
        yield Entity(EntityType.SECRET, m.start(), m.end(), m.group(), 0.88, "one-time-code")
