"""Values recognised by what stands next to them, whatever the language of the words around.

- **A dose makes a medicine**: a Han, katakana or Hangul run written directly against a dose in mg, mcg,
  µg, IU or 毫克 is a medicine ("恩替卡韦0.5mg"); words of scripts with spaces ("Torasemid 10 mg") are
  :func:`.medical_setting.dose_findings`'s, which knows each script's everyday words.
- **A person-role noun makes an identifier**: a code with letters, a separator and digits right
  after a customer, patient, employee or member word ("den Kunden AT-77120", "sicil no TR-4471").
- **Staff, customer and account number labels** in more languages than :mod:`.identifiers` knows:
  Personalnummer, табельный номер, sicil no, numéro client, número de cliente, numer klienta, מספר
  עובד, מספר לקוח, 工号, 员工号, 客户号, 普通預金, 口座 …
- **Log-in names**: the value after "login", "username", "Benutzername", "identifiant", "usuario",
  "логин" … is an identifier (it opens one person's account).
- **Recovery and licence keys by shape**: three or more dash-separated groups of 4–6 capital
  letters and digits, mixing both (``7F3K-Q9WD-22LM-X8PA``).
"""

from __future__ import annotations

import re

from .cues import Cues
from .entities import Entity, EntityType
from .label_starts import LabelStarts
from .reference_codes import find_reference_codes

__all__ = ["find_context_values"]

# Words in scripts with spaces go through medical_setting.dose_findings (which knows each script's everyday
# words); here only Han, katakana and Hangul runs written against the dose ("恩替卡韦0.5mg").
_DOSE = re.compile(
    r"(?P<drug>[\u4e00-\u9fff\u30a0-\u30ff\uac00-\ud7af]{2,10})"
    r"\s?(?:\d+(?:[.,]\d+)?\s?(?:mg|mcg|µg|μg|ug|IU|I\.E\.|UI|ME|毫克|微克|ミリグラム|밀리그램)(?![A-Za-z])"
    r"|\d+(?:[.,]\d+)?\s?mg/(?:kg|d|Tag|day))"
)
_ROLE_ID = re.compile(
    r"(?<![^\W\d_])(?i:customer|client|kunden?|kundin|cliente|klient(?:a|em)?|клиент(?:а|у)?|müşteri(?:mizin)?|"
    r"patient(?:en|in)?|paciente|pacjent(?:a|ka)?|пациент(?:а|у)?|hasta|employee|mitarbeiter(?:in|s)?|empleado|"
    r"salarié|dipendente|pracownik(?:a)?|сотрудник(?:а|у)?|personel(?:imiz)?|member|mitglied)"
    r"[^\n]{0,24}?"  # "numéro client, par ex. CLI-0048812", "the customer's number is AB-55120"
    r"(?<![\w-])(?P<value>[A-Z]{1,5}[-/]\d{3,}[A-Z0-9-]*)(?![\w-])"
)
_STAFF_LABELS = re.compile(
    r"(?:(?<![^\W\d_])(?i:personalnummer|personal-nr\.?|mitarbeiternummer|табельн\w+\s+номер\w*|"
    r"sicil\s+(?:no|numarası)|müşteri\s+(?:no|numarası)|numéro\s+(?:de\s+)?client|n°\s+client|"
    r"número\s+de\s+(?:cliente|empleado)|numero\s+(?:cliente|di\s+matricola)|numer\s+(?:klienta|pracownika)|"
    r"номер\s+(?:клиента|сотрудника|договора)|מספר\s+(?:עובד|לקוח|חשבון)|"
    r"login|log-in|username|user\s*name|user\s+id|benutzername|anmeldename|identifiant|nom\s+d'utilisateur|"
    r"usuario|nombre\s+de\s+usuario|nome\s+utente|nazwa\s+użytkownika|логин|имя\s+пользователя|kullanıcı\s+adı)"
    r"(?![^\W\d_])|工号|员工号|員工號|客户号|客戶號|会员号|普通預金|当座預金|口座|ユーザー名|ログインID|아이디|사용자\s?이름)"
    # what the account is for, before the value: "usuario de banca online (…)", "login for the portal: …"
    r"(?:\s+(?i:de|del|for|für|du|di|do|da|na|to|of)\s+[^\W\d_]+(?:\s+[^\W\d_]+){0,3}(?=\s*[:：(（]))?"
    r"\s*(?P<sep>[:：#=（(]|は|是|는)?\s*(?P<value>[^\s,;，、。）)\u3040-\u309f]{3,64})"
)
_STAFF_LABELS_AT = LabelStarts(_STAFF_LABELS)  # tried only where a label starts (see label_starts)
_RECOVERY_KEY = re.compile(
    r"(?<![A-Za-z0-9-])(?=[A-Z0-9-]*\d)(?=[A-Z0-9-]*[A-Z])[A-Z0-9]{4,6}(?:-[A-Z0-9]{4,6}){2,7}(?![A-Za-z0-9-])"
)


# Cheap necessary conditions, checked before the costly scans: a role ID's value holds "-" or "/" and three
# digits; in ASCII text a staff label is one of these words (the label words in other letters never match
# ASCII text, but for the dotless ı of "kullanıcı", which a case-blind regex takes for an i); a recovery key
# holds at least two hyphens.
_ROLE_VALUE_HINT = re.compile(r"[-/]\d{3}")
_ASCII_STAFF_WORDS = (
    "personal",
    "mitarbeiternummer",
    "sicil",
    "numer",
    "login",
    "log-in",
    "user",
    "benutzername",
    "anmeldename",
    "identifiant",
    "utilisateur",
    "usuario",
    "utente",
    "kullan",
)


_STAFF_CUES = Cues(_ASCII_STAFF_WORDS)


def _may_hold_staff_label(text: str) -> bool:
    if not text.isascii():
        return True
    return _STAFF_CUES.in_text(text)  # any(word in text.lower() …), one pass for every finder (.cues)


def find_context_values(text: str) -> list[Entity]:
    found: list[Entity] = []
    found.extend(
        Entity(EntityType.MEDICAL, m.start("drug"), m.end("drug"), m.group("drug"), 0.8, "dose")
        for m in _DOSE.finditer(text)
    )
    found.extend(
        Entity(EntityType.ID_OTHER, m.start("value"), m.end("value"), m.group("value"), 0.85, "role-id")
        for m in (_ROLE_ID.finditer(text) if _ROLE_VALUE_HINT.search(text) else ())
    )
    for m in _STAFF_LABELS_AT.finditer(text) if _may_hold_staff_label(text) else ():
        value = m.group("value").rstrip(".!?")
        if len(value) < 3 or (not m.group("sep") and not any(c.isdigit() or c in "._@-" for c in value)):
            continue  # "the login page is broken": a label word in prose, no value after it
        start = m.start("value")
        found.append(Entity(EntityType.ID_OTHER, start, start + len(value), value, 0.85, "staff-label"))
    found.extend(
        Entity(EntityType.SECRET, m.start(), m.end(), m.group(), 0.85, "key-shape")
        for m in (_RECOVERY_KEY.finditer(text) if text.count("-") >= 2 else ())
    )
    found.extend(find_reference_codes(text))
    return found
