"""Identifiers known by the label before them or by their own shape, in several languages.

**Personal identifiers.** A value with digits (``PT-44871``, ``24-CV-1187``, ``MBR 7731-002``) is an
identifier when the words before it name something that belongs to one person: a policy, a membership,
an employee, a patient, a case or file, a customer, a contract, a claim, a licence, a student record
(``Versicherungsnummer``, ``numéro de dossier``, ``número de póliza``, ``会員番号`` …), or when its own
prefix is such an abbreviation (``EMP#00417``, ``MRN-…``, ``RX-…``). These follow HIPAA's list of direct
identifiers (record, beneficiary, account, licence numbers) and GDPR's "online identifiers": each is
stable, issued to one person, and opens that person's file to whoever holds it. The paperwork of
insurance claims (``Schadennummer``, ``numero sinistro``, ``numer szkody``, ``理赔编号``), prescriptions
(``Rezept-Nr.``, ``receta electrónica n.º``, ``処方箋番号``), school records (``NIA``, ``numéro d'élève``,
``学籍号``), residence and visa files (``titre de séjour n°``, ``passeport``, ``numéro de demande``) is
read the same way, with one word allowed between a noun and its number word ("contrat auto n°"). A
value may be written in space-separated groups, a short last group included ("7781 2290 11",
"0044 7712 A"); plates and VINs come from :mod:`.vehicles`.

**Not personal.** Order, invoice, ticket, tracking, shipment, serial, build, version, SKU and similar
numbers identify a transaction or a thing, not a person: on their own they tell an outsider nothing
about anyone, they are short-lived, and a support question is useless once they are hidden. A value
after such a label is left alone, even if a personal word appears further back.

**Banking.** Account numbers after an account label; US ABA routing numbers (checksum, python-stdnum);
UK sort codes and Australian BSBs after their label; card CVV/CVC and expiry dates after a label or right
after a card number; Bitcoin addresses (base58check / bech32 checksums, python-stdnum; a SegWit address
whose checksum fails by its ``bc1q``/``bc1p`` shape) and Ethereum addresses (``0x`` and 40 hex digits).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from functools import cache

import ahocorasick  # type: ignore[import-not-found]  # pyahocorasick ships no type information
from stdnum import bitcoin
from stdnum.us import rtn as us_rtn

from .cues import Cues
from .entities import Entity, EntityType
from .lines import is_code, line_at
from .normalize import LATIN_WORD, lower_view
from .vehicles import find_vehicle_ids

__all__ = ["card_neighbours", "find_identifiers"]

_L = LATIN_WORD  # letters that make a word continue (digits next to CJK or Cyrillic do not)

# A value: optional letter prefix (``PT-``, ``EMP#``, ``MBR ``, up to three letter groups: ``PICC-SH-``,
# ``PZU/KR/``), then digits and letters in groups.


def _lower_rule(pattern: str) -> re.Pattern[str]:
    """A case-blind rule matched against :func:`.normalize.lower_view` (much faster than ``re.IGNORECASE``)."""
    return re.compile(pattern.replace("(?i:", "(?:"))


def _words(text: str) -> list[str]:
    """The words of a space-separated list (long vocabularies read better as text than as list literals)."""
    return text.split()


# A short last group ("7781 2290 11", "0044 7712 A") only where the value ends: punctuation or the line end.
_GROUP_END = r"[ ]?[,;()\n]|\.(?:\s|$)|$"
_ID_VALUE = re.compile(
    r"(?<![" + _L + r"@/.-])(?:[#№]\s?)?"
    r"(?:[A-Z]{2,6}[ ](?=\d)|(?:[A-Za-zА-ЯЁ]{1,8}[-/]){0,2}[A-Za-zА-ЯЁ]{1,8}(?:[-/.:]|\s?#\s?)(?=[A-Za-z0-9]*\d)"
    r"|[A-Za-z]{1,4}(?=\d))?"
    r"\d[A-Za-z0-9]*+(?:[-/.][A-Za-z0-9]++|[ ]\d[A-Za-z0-9]{2,}+|[ ]\d[A-Za-z0-9]?(?=[ ][A-Z0-9]|" + _GROUP_END + ")"
    r"|[ ][A-Z]{1,3}\d{0,2}(?=" + _GROUP_END + ")){0,6}"
    r"(?![" + _L + r"@-]|[./][A-Za-z0-9])"
)
# Nouns that make the value after them personal on their own ("policy 88123", "Patient: PT-44871") ...
_PERSONAL_NOUNS = (
    # a police or crime report belongs to the person who filed it (before "poli[çc]e", which takes "police")
    r"police\s+(?:report|reference|case|file)|crime\s+(?:reference|report)|accident\s+report|"
    r"patient|member(?:ship)?|policy(?:holder)?|insurance|insured|subscriber|beneficiary|employee|customer|"
    r"client|claim|docket|mrn|medical\s+record|health\s+record|licen[cs]e|driver'?s?\s+licen[cs]e|passport|"
    r"matriculation|cardholder|pnr|social\s+insurance|"
    r"aktenzeichen|versicherung|mitglied|klant|medlem|"
    r"adh[ée]rent|assur[ée]|matricule|s[ée]curit[ée]\s+sociale|allocataire|dossier|"
    r"p[óo]liza|afiliado|afiliaci[óo]n|expediente|paciente|historia\s+cl[íi]nica|seguridad\s+social|"
    r"polizza|tessera\s+sanitaria|assicurato|matricola|cartella\s+clinica|ap[óo]lice|utente|segurado|matr[íi]cula|"
    r"polisy|ubezpieczenia|pacjenta|sygnatura(?:\s+akt)?|ctps|prontu[áa]rio|carteira\s+de\s+trabalho|"
    r"полис|пациент|паспорт|paspor|kitambulisho|"
    # a contract or account number as a tool argument's key ("contract: 88120457", "cuenta: 20381234")
    r"contract(?=\s*[:=])|contrato(?=\s*[:=])|"
    r"passeport|pasaporte|passaporto|paszport(?:u)?|paspoort|pasaport|passaporte|agdref|nia|ine|"
    r"ubezpieczon(?:y|ego|a)|verzekerde|poli[çc]e|beg[üu]nstigte|versicherungsnehmer(?:in)?|"
    r"titular|titulaire|intestatario|tarjeta\s+sanitaria|carte\s+vitale|cart[ãa]o\s+de\s+cidad[ãa]o|"
    r"(?:cc|bi)(?=\s+n\.?[º°])|"  # "CC n.º", "BI n.º": Portugal's identity cards
    # a utility meter or supply point is one household's ("medidor 7Y4831", "meter: 80217735", "CUPS ES00…"),
    # a Spanish clinical record (NHC) or a Russian sick note (больничный, листок нетрудоспособности) one patient's
    r"medidor|contador|compteur|z[äa]hler|contatore|licznik(?:a)?|счётчик\w*|счетчик\w*|meter(?=\s*[:=#])|cups|"
    r"nhc|(?:электронн\w+\s+)?больничн\w*|листк?\w*\s+нетрудоспособности"
)
# ... and nouns that do only with a number word ("case no. 24-CV-1187", "file #2231", "student ID 20231187").
_WEAK_NOUNS = (
    r"case|file|chart|contract|student|staff|personnel|payroll|enrol?lment|permit|visa|badge|registration|"
    r"national|identity|id\s+card|health\s+card|insurance\s+card|tax(?:payer)?|voter|citizen(?:ship)?|"
    r"resident|tenant|lease|loan|mortgage|benefits?|pension|booking|reservation|account\s+holder|meter|"
    r"kunde|personal|vertrag|polis|lid|zaak|kund|police|employ[ée]|client|socio|cliente|contrato|empleado|"
    r"pratica|tessera|contratto|dipendente|processo|benefici[áa]rio|funcion[áa]rio|klienta|sprawy|umowy|"
    r"pracownika|legitymacji|договор|клиент|сотрудник|дело|"
    r"sinistro|siniestro|sinistre|szkody|schade|skade|skada|hasar|dosya|reclamo|r[ée]clamation|reclama[çc][ãa]o|"
    r"prescription|rx|rezept|re[çc]ete|рецепт|"
    r"(?:receta|ricetta|recepta|ordonnance|receita)(?:\s+(?:electr[óo]nica|elettronica|elektroniczn\w+|"
    r"[ée]lectronique|eletr[óo]nica|m[ée]dica|médicale))?|"
    r"application|antrag|solicitud|demande|domanda|wniosku|aanvraag|ba[şs]vuru|"
    r"alumno|sch[üu]ler(?:in)?|[ée]l[èe]ve|[ée]tudiant|studente|alunno|ucznia|leerling|[öo][ğg]renci|"
    r"assurance|verzekering|sigorta|[ée]tranger|hasta|titre\s+de\s+s[ée]jour|permesso\s+di\s+soggiorno|"
    r"karty\s+pobytu|aufenthaltstitel|tarjeta|karta|carte|contrat"
)
_NUMBER_WORDS = (
    r"id|ids|number|num|no|nr|nº|n°|#|code|ref(?:erence)?|identifier|nummer|num[ée]ro|n[úu]mero|numero|numer|"
    r"nro|kod|c[óo]digo|codice|номер|№|n\.[º°o]|n|numarası|numaras[ıi]|nummeret|numret|nambari|namba"
)
_COMPOUND_STEMS = (
    r"versicherten|versicherungs|kranken|mitglieds|kunden|personal|vertrags|policen|polis|patienten|fall|"
    r"matrikel|steuer|ausweis|reisepass|pass|führerschein|akten|renten|sozialversicherungs|klant|lid|"
    r"dossier|zaak|personeels|contract|medlems|kund|forsikrings|försäkrings|ärende|sags|pasient|potilas|"
    r"asiakas|jäsen|henkilö|vakuutus|sopimus|socio|burgerservice|schaden|schadens|relatie|klanten|rezept|"
    r"verordnungs|vorgangs|antrags|aufenthaltstitel|schüler|leerling|studenten|mandanten|sinistre|polis"
)
_CJK_LABELS = (
    r"(?:会員|患者|社員|従業員|顧客|保険証?|保険者|被保険者|契約|診察券|学籍|受給者|処方箋?|証券|事故|在留カード|申請)番号|"
    r"(?:会員|患者|利用者|ユーザー|顧客|社員)id|"  # matched on the lower-case view, as all labels are
    r"(?:保单|保險單|会员|會員|病历|病歷|客户|客戶|合同|员工|員工|工|学|學|学籍|學籍|病案|医保|社保|"
    r"理赔|理賠|赔案|案件|处方|處方|证件|證件|护照|護照|签证|簽證|申请|申請|报案|報案)(?:号码?|號碼?|编号|編號|单号|單號)|"
    r"(?:회원|보험|환자|고객|계약|사원|직원|학)\s?번호|사번|"
    # Hebrew and Arabic: the number word first, then whose ("מספר חבר בכללית", "رقم الملف")
    r"מספר\s+(?:חבר|לקוח|מטופל|תיק|פוליסה|מבוטח|עובד|דרכון|רישיון)(?:\s+ב?[\u05d0-\u05ea]{2,12})?|"
    r"رقم\s+(?:الملف|العضوية|المريض|العميل|الموظف|البوليصة|الجواز|جواز\s+السفر|الهوية)"
)
# A word between a noun and its number word ("contrat auto n°", "case file no.") that is no other label.
_NOT_OWNERS = (
    r"(?:order|invoice|ticket|tracking|shipment|confirmation|transaction|request|page|version|item)(?![^\W\d_])"
)
_ROMANCE_OF = r"(?:de\s+(?:la\s+|l['’]\s*)?|d['’]\s*|di\s+|del(?:la)?\s+|da\s+|do\s+|dla\s+)?"
_PERSONAL_AT = _lower_rule(
    r"(?i:(?:"
    r"(?:" + _PERSONAL_NOUNS + r")(?:[\s_-]*(?:" + _NUMBER_WORDS + r"))?\.?"
    r"|(?:" + _WEAK_NOUNS + r")(?:\s+(?!" + _NOT_OWNERS + r")[^\W\d_]{2,14})?[\s_-]*(?:" + _NUMBER_WORDS + r")\.?"
    r"|(?:" + _NUMBER_WORDS + r")\.?\s+" + _ROMANCE_OF + r"(?:" + _PERSONAL_NOUNS + "|" + _WEAK_NOUNS + r")"
    r"|(?:" + _COMPOUND_STEMS + r")[\w-]{0,14}?(?:nummer|numer|nr|nummeret|numret|numero|numeroa|nro)\.?"
    r"|id|ident(?:ifier|ification)(?:\s+(?:number|no))?"
    r")(?![^\W\d_])|" + _CJK_LABELS + r")"
    r"(?:\s*\([^)\n]{0,20}\))?"
)
_OTHER_AT = _lower_rule(
    r"(?i:(?:order|invoice|tracking|shipment|parcel|package|ticket|issue|bug|pr(?![^\W\d_])|pull\s+request|"
    r"commit|build|version|release|serial|sku|part|model|isbn|issn|item|product|article|flight|train|room|"
    r"table|gate|seat|page|chapter|line|port|pid|job|task|error|step|row|column|lot|batch|transaction|"
    r"confirmation|request|incident|change|bestell|rechnungs|auftrags|sendungs|artikel|serien|versions|"
    r"commande|facture|suivi|pedido|factura|seguimiento|ordine|fattura|spedizione|zamówienia|faktury)"
    r"[^\W\d_]{0,8}(?:[\s_-]*(?:" + _NUMBER_WORDS + r"))?\.?"
    r"|注文番号|订单号|訂單號|주문\s?번호)"
)
_ACCOUNT_AT = _lower_rule(
    r"(?i:(?:bank\s+)?account\s*(?:number|no\.?|#)?|acc(?:t|\.)?\s*(?:no\.?|#)?|a/c(?:\s+no\.?)?|"
    r"konto(?:nummer|nr\.?)?|rekening(?:nummer)?|num[ée]ro\s+de\s+compte|n[úu]mero\s+de\s+cuenta|"
    r"(?:cuenta|conta|conto|compte)(?=\s*[:=])|numero\s+di\s+conto|n[úu]mero\s+da\s+conta|numer\s+(?:konta|rachunku)|счёт|счет|口座番号|账号|帳號|계좌\s?번호|"
    r"(?:银行|銀行)?卡号|(?:銀行)?卡號|số\s+tài\s+khoản|رقم\s+الحساب|מספר\s+חשבון|hesap\s+(?:no|numarası)|"
    r"sort[\s-]?code|bsb|blz|bankleitzahl)"
)
_ROUTING_AT = _lower_rule(r"(?i:routing\s*(?:number|no\.?|#)?|aba(?:\s+(?:number|no\.?))?|rtn|transit\s+number)")
# Between a label and its value only punctuation and a few small words ("policy no. is: …", "Nummer lautet …",
# "my member ID on file is …"); "patient homozygous for S135L" is not a patient number.
_GLUE_WORDS = (
    r"is|was|are|reads|on\s+file|lautet|ist|est|es|é|è|je|jest|da|de|du|del|di|do|number|no|nr|num|id|of|for|"
    r"my|your|his|her|their|our|the|this|mein|meine|ihre|mon|ma|votre|mi|su|il|la|van|von|nambari|namba"
)
# An issuer or an owner before the value's colon ("N° de dossier ANEF : …", "Polisnummer van Sanne: …"), or
# one word before a number word ("Passeport malien n° …", "contrat habitation numéro …").
_NUMBER_MARK = r"(?:n[°º]|n\.[º°o]|(?i:no|nr|number|num[ée]ro|n[úu]mero|numer|nummer|nambari|namba)(?![^\W\d_]))"
_ISSUER = (
    r"[A-Z][^\W\d_]{1,14}(?=(?:\s+[A-Z][^\W\d_]{1,14})?\s*[:#])|[^\W\d_]{2,14}(?=\s+" + _NUMBER_MARK + r")"
    # the issuing country before a document number ("paspor Jerman C4F7K2L91", "pasaporte colombiano AB1234567")
    r"|[A-Za-z][^\W\d_]{2,14}(?=\s+[A-Z]{0,2}\d[A-Z0-9]{5,}(?![\w-]))"
)
_AFTER_LABEL = re.compile(
    r"(?:[\s:#=.,()\-–—'’\"]|n[°º]|(?i:" + _GLUE_WORDS + r")(?![^\W\d_])|" + _ISSUER + r"){0,12}?"
    r"(?P<v>" + _ID_VALUE.pattern + ")"
)
# A unit right after a number: a quantity, no one's identifier (issue 16, HC)
_UNIT_AFTER = re.compile(
    r"\s?(?i:g|gr|grams?|gramm|kg|mg|ml|l|litres?|liters?|cm|mm|km|m|min|minutes?|hours?|°\s?[CF]?|%|cups?|oz|lbs?|"
    r"pounds?|euros?|dollars?|eur|usd)(?![^\W\d_])"
)
# Prefixes that say whose identifier it is: "EMP#00417", "MRN-55102", "POL-2023-884512".
_PREFIX_ID = re.compile(
    r"(?:(?:EMP|EE|MBR|MEM|POL|PT|PAT|PID|MRN|CLM|CUST|CUS|CID|ACCT|ACC|INS|STU|CASE|DOSS|HR|PER|LIC|PP)"
    r"(?:\s?#\s?|[-/:]|\s)?|(?:RX|Rx|SIN|CLAIM|POLICY)(?:[-/#]|\s?#\s?)(?=\d{3}))\d[A-Za-z0-9]*+(?:[-/.][A-Za-z0-9]++)*(?!["
    + _L
    + r"@-]|[./][A-Za-z0-9])"
)
# The literal prefixes of _PREFIX_ID, one of which starts every match: one scan for them skips most texts
# (tests/privacy/test_speed_shortcuts_hints.py checks that it lists them all).
_PREFIX_ID_HINT = re.compile(
    "EMP|EE|MBR|MEM|POL|PT|PAT|PID|MRN|CLM|CUST|CUS|CID|ACCT|ACC|INS|STU|CASE|DOSS|HR|PER|LIC|PP|RX|Rx|SIN|CLAIM|POLICY"
)
# Where a label can start: Aho-Corasick over these stems (lower case) finds the few places worth a regex.
_STEMS = _words(
    "patient member polic insur subscrib beneficiar employ customer client claim docket mrn medical "
    "health licen driver passport matricul cardholder pnr social aktenzeichen versicherung mitglied klant "
    "medlem adh assur sécurit securit allocataire dossier póliza poliza afiliad expediente paciente "
    "historia seguridad polizza tessera assicurat matricola cartella apólice apolice utente segurado "
    "matrícula polisy ubezpiecz pacjent sygnatur полис пациент паспорт case file chart contract student "
    "staff personnel payroll enrol permit visa badge registration national identity tax voter citizen "
    "resident tenant lease loan mortgage benefit pension booking reservation account kunde personal "
    "vertrag polis lid zaak kund socio cliente contrat empleado pratica dipendente processo benefici "
    "funcion klienta sprawy umowy pracownika legitymacji договор клиент сотрудник дело id ident num nº n° "
    "nr no nro kod código codigo codice code номер № nummer numer order invoice tracking shipment parcel "
    "package ticket issue bug pr pull commit build version release serial sku part model isbn issn item "
    "product article flight train room table gate seat page chapter line port pid job task error step row "
    "column lot batch transaction confirmation request incident change bestell rechnung auftrag sendung "
    "artikel serien commande facture suivi pedido factura seguimiento ordine fattura spedizione zamówieni "
    "faktur 注文番号 订单号 訂單號 주문 acct a/c konto acc rekening compte cuenta conto conta rachunk счёт счет "
    "口座番号 "
    "账号 帳號 계좌 routing aba rtn transit sort bsb blz bankleitzahl bank 番号 号 번호 사번 "
    "passeport pasaporte passaporto paszport paspoort pasaport passaporte agdref nia ubezpieczon verzekerde "
    "poliç begünstigt titular titulaire intestatario sinistr siniestro szkod schade skade skada hasar dosya "
    "reclam réclam prescription rx rezept receta ricetta recepta ordonnance receita рецепт reçete recete "
    "application antrag solicitud demande domanda wniosk aanvraag başvuru basvuru alumno schüler élève eleve "
    "étudiant etudiant studente alunno uczni leerling öğrenci ogrenci assurance verzekering sigorta étranger "
    "etranger hasta titre permesso karty aufenthalt tarjeta carte karta relatie klanten verordnung "
    "vorgang mandant studenten medidor contador compteur zähler zahler contatore licznik счётчик счетчик meter "
    "cups nhc электронн больничн листо листк paspor kitambulisho nambari namba contrato ctps prontu carteira "
    "號 编号 編號 卡号 卡號 số رقم מספר hesap núm cartão cartao crime accident cc bi "
)
# Every character of the CJK labels above: a CJK label can only start with one of them.
_CJK_LABEL_CHARS = frozenset(
    c for c in _CJK_LABELS + _OTHER_AT.pattern + _ACCOUNT_AT.pattern if "\u3040" <= c <= "\u30ff" or c >= "\u4e00"
)
_SORT_CODE = _lower_rule(
    r"(?i:(?:sort[\s-]?code|\bs/c\b|\bbsb\b)[^\n\d;!?]{0,12}?)(?P<v>\d{2}[- ]?\d{2}[- ]?\d{2}|\d{3}-\d{3})(?!\d)"
)
_CVV = _lower_rule(
    r"(?i:(?<![^\W\d_])(?:cvv2?|cvc2?|cvn|cid|csc|card\s+(?:security|verification)\s+(?:code|value|number)|"
    r"security\s+code|(?:karten)?prüfnummer|cryptogramme(?:\s+visuel)?|c[óo]digo\s+de\s+seguridad|"
    r"codice\s+di\s+sicurezza|código\s+de\s+segurança)"
    r"(?:\s+(?:is|was|code|ist|est|es|é))?\s*[:=#-]?\s*)(?P<v>\d{3,4})(?![\d/.,-]?\d)"
)
_EXPIRY = _lower_rule(
    r"(?i:(?<![^\W\d_])(?:exp(?:iry|iration|ires?|\.)?(?:\s+date)?|valid\s+(?:thru|through|until|till|to)|"
    r"good\s+thru|gültig\s+bis|ablaufdatum|date\s+d['’]expiration|expire\s+(?:le|fin)|vence|caducidad|"
    r"vencimiento|scadenza|validade|ważna\s+do|срок\s+действия)\s*[:.]?\s*(?:on\s+|end\s+|le\s+)?)"
    r"(?P<v>(?:0?[1-9]|1[0-2])\s?[/.-]\s?(?:20\d{2}|\d{2}))(?![\d/.-]?\d)"
)
_CARD_WORDS = _lower_rule(r"(?i:card|visa|mastercard|amex|carte|karte|tarjeta|carta|cartão|karta|カード|卡)")
_AFTER_CARD = re.compile(
    r"[\s,;|]*(?:(?i:exp\w*|valid\s+\w+)\s*[:.]?\s*)?(?P<exp>(?:0[1-9]|1[0-2])\s?/\s?(?:20\d{2}|\d{2}))(?![\d/])"
    r"(?:[\s,;|]+(?:(?i:cvv2?|cvc2?|csc|cid)\s*[:#]?\s*)?(?P<cvv>\d{3,4})(?!\d))?"
)
_BTC = re.compile(
    r"(?<![A-Za-z0-9])(?:[13][1-9A-HJ-NP-Za-km-z]{25,34}|bc1[02-9ac-hj-np-z]{11,71}|BC1[02-9AC-HJ-NP-Z]{11,71})"
    r"(?![A-Za-z0-9])"
)
_BECH32_SHAPE = re.compile(r"bc1[qp](?:[02-9ac-hj-np-z]{38}|[02-9ac-hj-np-z]{58})", re.IGNORECASE)
_ETH = re.compile(r"(?<![A-Za-z0-9])0x[0-9a-fA-F]{40}(?![0-9a-fA-F])")
_DATE_LIKE = re.compile(r"\d{1,4}([-/.])\d{1,2}\1\d{1,4}|\d+(?:\.\d+)+|[vV]\d+(?:\.\d+)*")


def _ent(kind: EntityType, text: str, start: int, end: int, score: float, source: str) -> Entity:
    return Entity(kind, start, end, text[start:end], score, source)


@cache
def _stem_automaton() -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for stem in _STEMS:
        automaton.add_word(stem, len(stem))
    automaton.make_automaton()
    return automaton


def _labels(text: str) -> list[tuple[int, str, int]]:
    """(end, kind, start) of every label in ``text``; kind is personal, other, account or routing."""
    found: dict[int, tuple[int, str]] = {}  # start -> (end, kind)
    low = lower_view(text)
    for last, size in _stem_automaton().iter(low):
        start = last - size + 1
        if start in found:
            continue
        if start > 0 and text[start - 1].isalpha():
            if not text[start].isascii() and not text[start - 1].isascii():
                # a CJK label (会員番号, 保单号, 在留カード番号) starts with one of the labels' characters
                starts: Sequence[int] = [s for s in range(max(0, start - 6), start) if text[s] in _CJK_LABEL_CHARS]
            else:
                ws = start
                while ws > 0 and text[ws - 1].isalpha():
                    ws -= 1
                starts = range(ws, ws + 1)  # the end of a compound: Versicherungsnummer
        else:
            starts = range(start, start + 1)
        for s in starts:
            if s > 0 and text[s - 1].isalpha() and (text[s].isascii() or text[s - 1].isascii()):
                continue
            best: tuple[int, str] | None = None
            for kind, pattern in (("other", _OTHER_AT), ("account", _ACCOUNT_AT), ("routing", _ROUTING_AT)):
                m = pattern.match(low, s)
                if m and (m.end() >= len(text) or not text[m.end()].isalpha()) and (best is None or m.end() > best[0]):
                    best = (m.end(), kind)
            m = _PERSONAL_AT.match(low, s)
            if m and (best is None or m.end() > best[0]):
                best = (m.end(), "personal")
            if best is not None:
                found[s] = best
                break
    return sorted((end, kind, start) for start, (end, kind) in found.items())


def _labelled_ids(text: str) -> Iterator[Entity]:
    """A value right after a label (the closest label before a value decides), or with a personal prefix."""
    labels = _labels(text)
    first_start: dict[int, int] = {}  # label end -> the earliest start of a label ending there
    for end, _, label_start in labels:
        first_start[end] = min(label_start, first_start.get(end, label_start))
    taken: list[tuple[int, int]] = []  # value spans, in text order
    for i, (end, kind, label_start) in enumerate(labels):
        m = _AFTER_LABEL.match(text, end)
        if m is None:
            continue
        start, stop = m.span("v")
        value = m.group("v")
        if sum(c.isdigit() for c in value) < 3 or _DATE_LIKE.fullmatch(value) or _UNIT_AFTER.match(text, stop):
            continue  # (a quantity: "How many cups is 250 grams", CUPS being a Spanish supply point's label)
        if first_start[end] < label_start:
            continue  # the tail of a longer label ("request id"): the longer one decides
        nxt = labels[i + 1] if i + 1 < len(labels) else None
        if nxt is not None and nxt[0] <= start and not (nxt[0] == end and nxt[2] > label_start):
            continue  # a closer label ("policy renewal order 12345"): that one decides
        bare_id = text[label_start:end].strip().lower() in ("id", "ids")
        if bare_id and "=" in text[end:start] and is_code(line_at(text, start)):
            continue  # "WHERE id = 1042": a row in code, not a person's identifier
        if bare_id and label_start > 0 and text[label_start - 1] in "\"'" and text[end : end + 1] in "\"'":
            continue  # {"id": 1042}: a record's key in data or code
        taken.append((start, stop))
        if kind == "account" or kind == "routing":
            compact = "".join(c for c in value if c.isdigit())
            valid_rtn = kind == "routing" and len(compact) == 9 and us_rtn.is_valid(compact)
            yield _ent(EntityType.BANK_ACCOUNT, text, start, stop, 0.92 if valid_rtn else 0.8, "account-label")
        elif kind == "personal":
            yield _ent(EntityType.ID_OTHER, text, start, stop, 0.85, "id-label")
    taken.sort()
    taken_starts = [a for a, _ in taken]
    other_ends = [stop for stop, k, _ in labels if k == "other"]  # sorted: labels are sorted by end
    for m in _PREFIX_ID.finditer(text) if _PREFIX_ID_HINT.search(text) else ():
        if m.start() > 0 and (text[m.start() - 1].isalnum() or text[m.start() - 1] in "_@/.#-"):
            continue
        i = bisect.bisect_left(taken_starts, m.end())  # the spans that start before this one ends
        if any(b > m.start() for _, b in taken[max(0, i - 2) : i]):
            continue
        j = bisect.bisect_right(other_ends, m.start())
        if j > 0 and m.start() - other_ends[j - 1] < 24:
            continue  # "ticket EMP-2231" is a ticket
        yield _ent(EntityType.ID_OTHER, text, m.start(), m.end(), 0.75, "id-prefix")


_SORT_HINTS = ("sort", "s/c", "bsb")
_CVV_HINTS = (
    "cvv",
    "cvc",
    "cvn",
    "cid",
    "csc",
    "security",
    "prüfnummer",
    "cryptogramme",
    "seguridad",
    "sicurezza",
    "segurança",
)
_EXPIRY_HINTS = (
    "exp", "valid", "good thru", "gültig", "ablauf", "vence", "caducidad", "vencimiento", "scadenza", "validade",
    "ważna", "срок",
)  # fmt: skip


_SORT_CUES, _CVV_CUES, _EXPIRY_CUES = Cues(_SORT_HINTS), Cues(_CVV_HINTS), Cues(_EXPIRY_HINTS)


def _banking(text: str) -> Iterator[Entity]:
    low = lower_view(text)
    if _SORT_CUES.in_lower(low):  # any(h in low …), one pass for every finder's cue words (.cues)
        for m in _SORT_CODE.finditer(low):
            yield _ent(EntityType.BANK_ACCOUNT, text, m.start("v"), m.end("v"), 0.88, "sort-code")
    if _CVV_CUES.in_lower(low):
        for m in _CVV.finditer(low):
            yield _ent(EntityType.CREDIT_CARD, text, m.start("v"), m.end("v"), 0.9, "cvv")
    if not _EXPIRY_CUES.in_lower(low):
        return
    for m in _EXPIRY.finditer(low):
        near = low[max(0, m.start() - 80) : m.end() + 40]
        score = 0.88 if _CARD_WORDS.search(near) else 0.6
        yield _ent(EntityType.CREDIT_CARD, text, m.start("v"), m.end("v"), score, "card-expiry")


def _crypto(text: str) -> Iterator[Entity]:
    for m in _BTC.finditer(text):
        if bitcoin.is_valid(m.group()):
            yield _ent(EntityType.BANK_ACCOUNT, text, m.start(), m.end(), 0.95, "bitcoin")
        elif _BECH32_SHAPE.fullmatch(m.group()):
            # a mistyped (or made-up) SegWit address is still someone's wallet: "bc1q" and 38 or 58 bech32
            # characters in one case, which no word or code identifier looks like
            yield _ent(EntityType.BANK_ACCOUNT, text, m.start(), m.end(), 0.85, "bitcoin-shape")
    if "0x" in text:
        for m in _ETH.finditer(text):
            yield _ent(EntityType.BANK_ACCOUNT, text, m.start(), m.end(), 0.99, "ethereum")


def card_neighbours(text: str, cards: list[Entity]) -> Iterator[Entity]:
    """The expiry date and CVV written right after a card number ("4111 … 1111 08/27 123")."""
    for card in cards:
        m = _AFTER_CARD.match(text, card.end)
        if m is None or m.start("exp") - card.end > 24:
            continue
        yield _ent(EntityType.CREDIT_CARD, text, m.start("exp"), m.end("exp"), 0.9, "card-expiry")
        if m.group("cvv") is not None:
            yield _ent(EntityType.CREDIT_CARD, text, m.start("cvv"), m.end("cvv"), 0.9, "cvv")


def find_identifiers(text: str) -> Iterator[Entity]:
    """Labelled personal and bank identifiers, card CVV/expiry, crypto addresses, vehicle plates and VINs
    (text with digits only)."""
    yield from _labelled_ids(text)
    yield from _banking(text)
    yield from _crypto(text)
    yield from find_vehicle_ids(text)
