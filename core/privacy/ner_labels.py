"""Names after a form label, in any script: "Name: …", "姓名：…", "ФИО: …", "الاسم: …", "Họ và tên: …",
and after the labels of the people in forms, claims and records ("Insured: …", "Kontoinhaber: …",
"被保险人：…", "Élève : …", "Mother: …").

A field labelled as a person's name holds one whatever it looks like — lower case, a script the
other finders read poorly, a family name alone. The value runs from the colon to the end of the
line or the next comma; it is a name when it is short (at most five words, or two to six CJK
characters), holds no digits or symbols, and is not an ordinary word ("Name: string, required").
"""

from __future__ import annotations

import re
from unicodedata import category

from .entities import Entity, EntityType
from .lexicons import common_rank, first_names
from .ner_lexicon import is_tech_term, name_data

__all__ = ["find_labelled_names"]

_LABELS = (
    # Latin script
    r"name|full\s+name|first\s+name|last\s+name|surname|patient(?:\s+name)?|patient's\s+name|customer\s+name|"
    r"client\s+name|contact\s+name|account\s+holder|cardholder|nom|prénom|nom\s+complet|nombre|apellidos?|"
    r"nombre\s+completo|nome|cognome|nome\s+completo|vorname|nachname|familienname|naam|voornaam|achternaam|"
    r"imię|nazwisko|imię\s+i\s+nazwisko|pacjent(?:ka)?|adı|soyadı?|ad\s+soyad|adı\s+soyadı|hasta(?:\s+adı)?|"
    r"họ\s+và\s+tên|họ\s+tên|tên|bệnh\s+nhân|người\s+liên\s+hệ|"
    # hu, ro, cs (Greek below)
    r"név|teljes\s+név|vezetéknév|keresztnév|beteg(?:\s+neve)?|ügyfél(?:\s+neve)?|biztosított|"
    r"nume(?:\s+complet)?|prenume|nume\s+și\s+prenume|pacient(?:ul|a)?|asigurat(?:ul|a)?|titular(?:ul)?|"
    r"jméno|příjmení|jméno\s+a\s+příjmení|celé\s+jméno|pacient(?:ka)?|pojištěn(?:ec|ka)|klient(?:ka)?|"
    # Cyrillic
    r"фио|ф\.\s?и\.\s?о\.|имя|фамилия|имя\s+и\s+фамилия|пациент(?:ка)?|піб|ім['’]я|прізвище|пацієнт(?:ка)?|"
    r"контактное\s+лицо|"
    # Greek, Arabic, Hebrew
    r"όνομα|ονοματεπώνυμο|επώνυμο|ασθενής|ασφαλισμένος|ασφαλισμένη|الاسم(?:\s+الكامل)?|اسم\s+المريض|المريضة?|שם(?:\s+מלא)?|שם\s+המטופל(?:ת)?|"
    # CJK
    r"姓名|名字|患者(?:姓名)?|病人(?:姓名)?|联系人|聯絡人|聯繫人|收件人|氏名|名前|患者名|担当者?|이름|성명|환자(?:명)?|담당자|"
    # the people of forms, claims and records: insured, policyholder, beneficiary, account holder, student,
    # parent or guardian, employee, driver (in languages where the word is not also a piece of software)
    r"insured(?:\s+(?:person|party|name))?|policy\s*holder|beneficiary|guardian|mother|father|"
    r"versicherungsnehmer(?:in)?|versicherte(?:r)?(?:\s+person)?|kontoinhaber(?:in)?|begünstigte(?:r)?|"
    r"schüler(?:in)?|mitarbeiter(?:in)?|fahrer(?:in)?|mutter|vater|erziehungsberechtigte(?:r)?|"
    r"assuré(?:e)?|bénéficiaire|titulaire(?:\s+du\s+compte)?|élève|conducteur|conductrice|mère|père|"
    r"asegurado|asegurada|beneficiari[oa]|titular(?:\s+de\s+la\s+cuenta)?|alumn[oa]|conductor(?:a)?|madre|padre|"
    r"assicurat[oa]|conducente|segurad[oa]|alun[oa]|mãe|pai|responsável|"
    r"ubezpieczon[ya]|właściciel(?:\s+rachunku)?|uczeń|uczennica|kierowca|matka|ojciec|"
    r"verzekerde|rekeninghouder|leerling|bestuurder|sigortalı|öğrenci|sürücü|hesap\s+sahibi|"
    r"người\s+được\s+bảo\s+hiểm|chủ\s+tài\s+khoản|học\s+sinh|sinh\s+viên|"
    r"страхователь|застрахованн(?:ый|ая)|получатель|владелец\s+сч[её]та|ученик|ученица|водитель|"
    r"المؤمن\s+عليه|المستفيد|اسم\s+الطالب|ولي\s+الأمر|המבוטח(?:ת)?|שם\s+התלמיד(?:ה)?|نام(?:\s+و\s+نام\s+خانوادگی)?|"
    # owners, applicants, tenants and passengers: of a pet, a car, a flat, a ticket ("Owner: …", "المالكة: …")
    r"owner|pet\s+owner|applicant|claimant|tenant|passenger|propriétaire|demandeu(?:r|se)|locataire|passag(?:er|ère)|"
    r"propietari[oa]|dueñ[oa]|solicitante|inquilin[oa]|pasajer[oa]|(?:tier)?halter(?:in)?|eigentümer(?:in)?|"
    r"antragsteller(?:in)?|mieter(?:in)?|propriet[aá]ri[oa]|requerente|passageir[oa]|richiedente|passegger[oa]|"
    r"владел(?:ец|ица)|хозя(?:ин|йка)|заявитель|арендатор|пассажир|المالك(?:ة)?|صاحب(?:ة)?\s+الحيوان|"
    r"مقدم(?:ة)?\s+الطلب|المستأجر(?:ة)?|المسافر(?:ة)?|הבעלים|המבקש(?:ת)?|השוכר(?:ת)?|"
    # the other side of a lease: lessor or landlord ("المؤجر: سامي حداد", "Vermieter: …", "임대인: …")
    r"المؤجر(?:ة)?|המשכיר(?:ה)?|vermieter(?:in)?|bailleu(?:r|resse)|arrendador(?:a)?|locator[ea]|senhori[oa]|"
    r"wynajmując[ya]|verhuurder|арендодатель|наймодатель|kiraya\s+veren|出租人|貸主|임대인|"
    r"被保险人|被保險人|投保人|受益人|持卡人|户名|戶名|学生姓名|學生姓名|家长|家長|申请人|申請人|"
    r"被保険者|契約者|受取人|口座名義|申請者|生徒氏名|피보험자|계약자|수익자|예금주|보호자|신청인|"
    # householders, tenants and owners of a flat or a pet ("세대주: 한지수", "世帯主：…", "户主：…")
    r"세대주|세입자|임차인|소유자|보호자명|世帯主|户主|戶主|业主|業主|承租人|飼い主|宠物主人|"
    # the staff and parties a system prompt or a record names by role ("Counsellor: …", "وکیل: …", "কাউন্সেলর: …",
    # "支配人：…"): a role held by one person, never a thing ("contact:" is often a number, "user:" a chat turn)
    r"lawyer|attorney|counsell?or|case\s*worker|social\s+worker|coordinator|supervisor|landlord|landlady|lessor|"
    r"executor|escalation\s+contact|contact\s+person|head\s*teacher|class\s+teacher|therapist|"
    r"advocaat|contactpersoon|behandelaar|mentor|gebruiker|rechtsanw[aä]lt(?:in)?|ansprechpartner(?:in)?|"
    r"betreuer(?:in)?|sachbearbeiter(?:in)?|klassenlehrer(?:in)?|avocat(?:e)?|référent(?:e)?|abogad[oa]|avvocat[oa]|"
    r"advogad[oa]|pedagog|wychowawc(?:a|zyni)|adwokat|opiekun(?:ka)?|"
    r"وکیل|مشاور|منیجر|مینیجر|کاؤنسلر|کونسلر|بیمه[\u200c\s]?گذار|ذی\u200c?نفع|موجر|مستأجر|مستاجر|ناروغ|"
    r"المحامي(?:ة)?|المستشار(?:ة)?|المشرف(?:ة)?|"
    r"কাউন্সেলর|কাউন্সিলর|সমন্বয়কারী|আইনজীবী|উকিল|পরামর্শদাতা|वकील|काउंसलर|परामर्शदाता|ठेकेदार|"
    r"支配人|院長|主治医|担当医|弁護士|責任者|報告者|店長|负责律师|負責律師|律师|律師|负责人|負責人|班主任|辅导员|輔導員|"
    r"원장|실장|팀장|담당의|주치의|상담사|변호사|담임"
)
# A label ends at a colon: only the few colons of a text are looked at, and the label searched just before.
_COLON = re.compile(r"[:：]\s*")
_LABEL_BEFORE = re.compile(rf"(?i:(?<![\w])(?:{_LABELS})\s*)\Z")
_LONGEST_LABEL = 48
_LONGEST_CJK_LABEL = 8
_VALUE_END = re.compile(r"[,，、;；()（）\[\]{}<>|/\\\n\r\t\"“”=।॥۔،؛]|\s{2,}|(?<!\b[A-Z])[.。](?:\s|$)")
# values that name a type or say nothing, in schemas and code: "name: str", "Name: N/A"
_PLACEHOLDERS = frozenset(
    {"str", "string", "int", "bool", "none", "null", "nil", "unknown", "n/a", "na", "tbd", "tba", "redacted", "test"}
)
# the small words inside names: "Ludwig van Beethoven", "Ahmed bin Said"
_PARTICLES = frozenset(
    {"van", "von", "de", "da", "del", "della", "di", "du", "der", "den", "bin", "ibn", "al", "el", "y"}
)
_CJK = re.compile("[\u3040-\u30ff\u4e00-\u9fff\u3400-\u4dbf\uac00-\ud7af]")
_BAD = re.compile(r"[\d@#$%&*=+_~^]")
_COMMON = 3000


def _ordinary(word: str, limit: int = _COMMON) -> bool:
    lowered = word.lower().strip(".'’")
    if lowered in first_names() or lowered in name_data().first or lowered in name_data().last:
        return False
    for lang in ("en", "de", "fr", "es", "pl", "ru", "tr"):
        rank = common_rank(lowered, lang)
        if rank is not None and rank < limit:
            return True
    return False


def find_labelled_names(text: str) -> list[Entity]:
    """PERSON entities for the values of name fields (see the module docstring)."""
    found: list[Entity] = []
    after_colon = 0  # a label holds no colon: it starts after the one before
    for colon in _COLON.finditer(text):
        lo, after_colon = after_colon, colon.end()
        last = colon.start() - 1
        while last >= 0 and text[last] in " \t":
            last -= 1
        if last < 0 or not (text[last].isalpha() or text[last] == "." or category(text[last])[0] == "M"):
            continue  # '"name": …', "10:30", "http://": no label word before the colon
        reach = _LONGEST_CJK_LABEL if text[last] >= "\u3040" else _LONGEST_LABEL
        if _LABEL_BEFORE.search(text, max(lo, colon.start() - reach), colon.start()) is None:
            continue
        start = colon.end()
        end_match = _VALUE_END.search(text, start, min(len(text), start + 60))
        end = end_match.start() if end_match else min(len(text), start + 60)
        value = text[start:end].rstrip(" .:")
        if not value or _BAD.search(value):
            continue
        end = start + len(value)
        if _CJK.search(value):
            bare = value.replace(" ", "").replace("・", "")
            if not 2 <= len(bare) <= 6 or not all(_CJK.match(c) for c in bare):
                continue
        else:
            words = value.split()
            if not 1 <= len(words) <= 5 or not all(any(c.isalpha() for c in w) for w in words):
                continue
            if any(w.lower() in _PLACEHOLDERS or is_tech_term(w.lower()) for w in words):
                continue
            limit = 20_000 if value.islower() else _COMMON
            # every word but particles and initials must be no ordinary word ("Deploy to production")
            words = [w for w in words if w.lower() not in _PARTICLES and len(w.rstrip(".")) > 1]
            if not words or any(_ordinary(w, limit) for w in words):
                continue
        found.append(Entity(EntityType.PERSON, start, end, value, 0.8, "names-label"))
    return found
