"""From findings to a sensitivity level: the one table (DESIGN §2 "Sensitivity levels").

| found                                                          | level        | score |
|----------------------------------------------------------------|--------------|-------|
| nothing                                                        | public       | 0.10  |
| a name, place, organization, URL or date on its own            | internal     | 0.40  |
| contact details: e-mail, phone, postal address, IP address     | confidential | 0.70  |
| a person together with a date, place, organization or contact  | confidential | 0.70  |
| clinical wording ("diagnosed", "prescribed") without a term    | confidential | 0.70  |
| government IDs: SSN, national IDs, passport/licence numbers    | restricted   | 0.95  |
| payment and bank data: cards, IBAN, bank accounts              | restricted   | 0.95  |
| credentials and secrets: API keys, private keys, passwords     | restricted   | 0.95  |
| health about someone: a condition, medication or ICD-10 code   | restricted   | 0.95  |
|   with a person, "I/my/me", "patient" or "you have" in the text |              |       |
| a condition or medication named with no one it is about         | confidential | 0.70  |
|   ("what are the side effects of ibuprofen?")                   |              |       |
| the model classifier failed or timed out (when it is enabled)  | restricted   | 0.95  |

The level is the highest row that applies; a client may raise it, never lower it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..sensitivity import SensitivityLevel
from .entities import Entity, EntityType

__all__ = ["ENTITY_LEVEL", "Assessment", "combine", "level_for"]

ENTITY_LEVEL: dict[EntityType, SensitivityLevel] = {
    EntityType.PERSON: SensitivityLevel.INTERNAL,
    EntityType.LOCATION: SensitivityLevel.INTERNAL,
    EntityType.ORGANIZATION: SensitivityLevel.INTERNAL,
    EntityType.URL: SensitivityLevel.INTERNAL,
    EntityType.DATE: SensitivityLevel.INTERNAL,
    EntityType.EMAIL: SensitivityLevel.CONFIDENTIAL,
    EntityType.PHONE: SensitivityLevel.CONFIDENTIAL,
    EntityType.ADDRESS: SensitivityLevel.CONFIDENTIAL,
    EntityType.IP_ADDRESS: SensitivityLevel.CONFIDENTIAL,
    EntityType.SSN: SensitivityLevel.RESTRICTED,
    EntityType.NATIONAL_ID: SensitivityLevel.RESTRICTED,
    EntityType.ID_OTHER: SensitivityLevel.RESTRICTED,
    EntityType.CREDIT_CARD: SensitivityLevel.RESTRICTED,
    EntityType.IBAN: SensitivityLevel.RESTRICTED,
    EntityType.BANK_ACCOUNT: SensitivityLevel.RESTRICTED,
    EntityType.SECRET: SensitivityLevel.RESTRICTED,
    EntityType.MEDICAL: SensitivityLevel.RESTRICTED,
    EntityType.SPECIAL_CATEGORY: SensitivityLevel.RESTRICTED,  # GDPR Art. 9, as health is
}
_ORDER = [
    SensitivityLevel.PUBLIC,
    SensitivityLevel.INTERNAL,
    SensitivityLevel.CONFIDENTIAL,
    SensitivityLevel.RESTRICTED,
]
_LINKABLE = frozenset(
    {
        EntityType.DATE,
        EntityType.LOCATION,
        EntityType.ORGANIZATION,
        EntityType.ADDRESS,
        EntityType.EMAIL,
        EntityType.PHONE,
        EntityType.IP_ADDRESS,
    }
)
_CLINICAL = re.compile(
    r"(?i)\b(?:diagnos(?:is|ed|tic)|prognosis|prescri(?:bed|ption)|dosage|medical\s+(?:history|record)|"
    r"discharge\s+summary|lab\s+results|blood\s+test|symptoms?|inpatient|outpatient|psychiatrist|oncologist|"
    r"therapist|surgery|icu)\b"
)


_GENERAL_MEDICAL = "MEDICAL (general, about no one)"
_PERSONAL = re.compile(
    r"(?i)\b(?:i|i'm|i've|i'd|me|my|mine|myself|we|our|us|patient|pt|client|you\s+have|your\s+(?:condition|diagnosis|"
    r"medication|results)|he|she|his|her|him|son|daughter|wife|husband|mother|father|mom|dad|child|baby"
    # the same in the languages users write: first person, "the patient", close family
    r"|ich|mich|mir|mein|meine|meinem|meinen|meiner|wir|uns|unser|unsere|patientin|sohn|tochter|mutter|vater"
    r"|frau|mann|je|j'ai|moi|mon|mes|nous|notre|nos|patiente|fils|fille|mère|père|femme|mari|enfant"
    r"|yo|mis|nosotros|nuestro|nuestra|paciente|hijo|hija|madre|padre|esposa|esposo|marido|niño|niña"
    r"|io|mio|mia|miei|mie|noi|nostro|nostra|figlio|figlia|moglie|marito|bambino|bambina"
    r"|eu|meu|minha|meus|minhas|nós|nosso|nossa|filho|filha|mãe|pai|esposa|criança"
    r"|mijn|wij|ons|onze|zoon|dochter|moeder|vader|vrouw"
    r"|mnie|mój|moja|moje|mojej|mojego|my|nasz|nasza|pacjent|pacjentka|syn|córka|matka|ojciec|żona|mąż|dziecko"
    r"|я|меня|мне|мой|моя|моё|мои|мы|нас|наш|наша|пациент|пациентка|сын|дочь|мать|мама|отец|папа|жена|муж|ребёнок"
    r"|benim|bana|beni|bizim|annem|babam|oğlum|kızım|eşim"
    r"|tôi|mình|chúng\s+tôi|bệnh\s+nhân|con\s+tôi|vợ\s+tôi|chồng\s+tôi|mẹ\s+tôi|bố\s+tôi"
    r"|أنا|ابني|ابنتي|زوجي|زوجتي|أمي|أبي|المريض|المريضة|אני|שלי|הבן|הבת|אשתי|בעלי|אמא|אבא|המטופל|המטופלת"
    r")\b"
    # Devanagari vowel signs are not word characters to ``\b``: its own edges
    r"|(?<![\u0900-\u097f])(?:मैं|मुझे|मेरा|मेरी|मेरे|हम|हमें|हमारा|हमारी|माँ|मां|पिता|बेटा|बेटी|पति|पत्नी|मरीज़|मरीज)"
    r"(?![\u0900-\u097f])"
    # scripts without spaces: no word edges
    r"|我|我的|我们|患者|病人|孩子|儿子|女儿|妻子|丈夫|妈妈|爸爸|私|僕|俺|母|父|息子|娘|妻|夫|患者さん"
    r"|저는|제가|저의|나는|내가|제\s|우리|환자|아들|딸|아내|남편|엄마|아빠|어머니|아버지"
)


def _level_of(kind: EntityType | str) -> SensitivityLevel:
    return SensitivityLevel.CONFIDENTIAL if kind == _GENERAL_MEDICAL else ENTITY_LEVEL[EntityType(kind)]


def _name_of(kind: EntityType | str) -> str:
    return kind.value if isinstance(kind, EntityType) else kind


def _max(a: SensitivityLevel, b: SensitivityLevel) -> SensitivityLevel:
    return a if _ORDER.index(a) >= _ORDER.index(b) else b


@dataclass(frozen=True, slots=True)
class Assessment:
    """MIST's verdict on a request: its level, the numeric score WAVES uses, what was found and why."""

    level: SensitivityLevel
    entities: Sequence[Entity]
    reasons: Sequence[str] = field(default_factory=tuple)

    @property
    def score(self) -> float:
        return self.level.score

    @property
    def counts(self) -> dict[str, int]:
        """Entity types and how many of each (what the audit log may record; never values)."""
        return dict(Counter(e.type.value for e in self.entities))


def level_for(entities: Sequence[Entity], texts: Iterable[str] = ()) -> tuple[SensitivityLevel, list[str]]:
    """The level the table gives ``entities`` (plus clinical wording in ``texts``), with one reason per step up."""
    texts = list(texts)
    level = SensitivityLevel.PUBLIC
    reasons: list[str] = []
    found_kinds: set[EntityType | str] = {e.type for e in entities}
    personal = EntityType.PERSON in found_kinds or any(_PERSONAL.search(t) for t in texts)
    if EntityType.MEDICAL in found_kinds and not personal:
        # a drug or disease named in a general question is not someone's health data
        found_kinds = (found_kinds - {EntityType.MEDICAL}) | {_GENERAL_MEDICAL}
    if found_kinds:
        level = max((_level_of(k) for k in found_kinds), key=_ORDER.index)
        top = sorted(_name_of(k) for k in found_kinds if _level_of(k) is level)
        reasons.append(f"{', '.join(top)} found → {level.value}")
    kinds = {e.type for e in entities}
    if EntityType.PERSON in kinds and kinds & _LINKABLE and _ORDER.index(level) < 2:
        level = SensitivityLevel.CONFIDENTIAL
        reasons.append("a person together with identifying details → confidential")
    if _ORDER.index(level) < 2 and any(_CLINICAL.search(t) for t in texts):
        level = SensitivityLevel.CONFIDENTIAL
        reasons.append("clinical wording → confidential")
    if not reasons:
        reasons.append("nothing sensitive found → public")
    return level, reasons


def combine(a: SensitivityLevel, b: SensitivityLevel) -> SensitivityLevel:
    return _max(a, b)
