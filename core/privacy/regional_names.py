"""People's names in Thai, Bengali, Persian, Indonesian, Swahili and Filipino, after a title or a name label.

A name alone is a weak sign in these languages (Faker's name lists for them are small and many
given names are ordinary words), so a name is taken only with a second sign in front of it:

- **a title or honorific**: Thai นาย/นาง/นางสาว/น.ส./ด.ช./ด.ญ./คุณ; Bengali জনাব/শ্রী/শ্রীমতী/মিসেস/
  বেগম/মোছাম্মৎ/মোঃ/ডাঃ; Persian آقای/خانم/جناب/سرکار خانم/دکتر; Indonesian Bapak/Ibu/Pak/Bu/Sdr./Sdri./
  Tn./Ny./Nn.; Swahili Bw./Bi./Bwana/Ndugu/Mzee/Dkt.; Filipino G./Gng./Bb./Ginoong/Ginang/Binibini and the
  personal-name markers si/ni/kay;
- **a name label**: ชื่อ, ชื่อ-สกุล, ผู้รับ; নাম-labels are :mod:`.indic_values`' (plus শিক্ষার্থী, গ্রাহক);
  نام, نام و نام خانوادگی, به نام; Nama, Nama lengkap, a.n.; Jina, Jina kamili, Anaitwa; Pangalan, Pasyente.

What follows is read by script: Thai has no spaces between words, so a name is the letters up to the
next space (the given name) and, after one space, the next run (the family name), particles such as
ค่ะ/ครับ cut off; in Latin script one to four capitalised words; in Bengali and Persian one to three
words, stopping at a common word or a case ending ("-ের", "-কে"), a comma or a digit.
"""

from __future__ import annotations

import itertools
import re
import unicodedata

from .entities import Entity, EntityType
from .lexicons import common_rank
from .ner_lexicon import name_data

__all__ = ["find_regional_names"]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _view_re(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``pattern`` compiled as the detection view writes text (NFKC: "ำ" is "ํา", "ড়" is "ড়")."""
    return re.compile(unicodedata.normalize("NFKC", pattern), flags)


_TH = "\u0e01-\u0e4e"
# Words that follow a Thai title but make no name: "นายจ้าง" employer, "นางพยาบาล" nurse, "คุณแม่" mother,
# "คุณคิด" you think.
_TH_NOT_NAME = {
    "นาย": _view_re(
        r"ก(?:รัฐมนตรี|เทศมนตรี|ฯ|[ \t]|$)|จ้าง|หน้า|ทุน|พราน|ท่า|อำเภอ|ร้อย|พล(?!อย)|สิบ|ทหาร|ตำรวจ|ด่าน|ประตู|ห้าง|แบบ"
    ),
    "นาง": _view_re(r"ฟ้า|งาม|พยาบาล|แบบ|เอก(?!ชัย)|ร้าย|สนม|กำนัล|ไม้|พญา|เงือก"),
    "คุณ": _view_re(
        r"แม่|พ่อ|ป้า|ลุง|ยาย|ตา(?!ล)|ปู่|ย่า|น้า|อา(?!รี)|พี่|น้อง|ลูก|หมอ|ครู|ท่าน|ผู้|ลูกค้า|คิด|ช่วย|จะ|ได้|ไม่|เป็น|มี|"
        r"ต้อง|ก็|ทำ|ว่า|ค่ะ|ครับ|คะ|สามารถ|เคย|อยาก|ชอบ|รู้|เห็น|บอก|ควร|ใช้|อยู่|ไป|มา|"
        r"ภาพ|ค่า|สมบัติ|ประโยชน์|ธรรม|ลักษณะ|วุฒิ|ูปการ"  # คุณภาพ quality, คุณค่า value, คุณสมบัติ property ...
    ),
}
_TH_KIN = _view_re(r"(?:แม่|พ่อ|ป้า|ลุง|ยาย|ตา|ปู่|ย่า|น้า|อา|พี่|น้อง)(?=[\u0e01-\u0e2e])")
# Words that hold a title's letters after their own first letters: the title is inside a word, not before a name
# ("มิถุนายน" June holds "นาย", "ทนาย" lawyer, "ขอบคุณ" thank you, "บุญคุณ" gratitude, "พระคุณ" kindness).
_TH_INSIDE = {
    "นาย": _view_re(r"(?:มิถุ|(?<!า)ท)\Z"),
    "คุณ": _view_re(r"(?:ขอบ|บุญ|พระ)\Z"),
}
_TH_STOP = _view_re(r"ค่ะ|ครับ|คะ|นะ|จ้ะ|จ้า|ว่า|และ|กับ|ที่|ซึ่ง|อายุ|เป็น|ได้|จะ|ไม่|ของ|มา|ไป|ให้|แล้ว|เลข|โทร|เบอร์")
_TH_TITLE_WORDS: tuple[str, ...] = (r"นางสาว", r"น\.ส\.", r"นาง", r"นาย", r"เด็กชาย", r"เด็กหญิง", r"ด\.ช\.", r"ด\.ญ\.")
_TH_TITLE_WORDS += (r"คุณ", r"นายแพทย์", r"แพทย์หญิง", r"นพ\.", r"พญ\.", r"ผศ\.", r"รศ\.", r"ดร\.")
_TH_TITLES = "|".join(
    sorted(
        _TH_TITLE_WORDS,
        key=len,
        reverse=True,
    )
)
_TH_LABELS = r"ชื่อ-นามสกุล|ชื่อ-สกุล|ชื่อ - สกุล|ชื่อสกุล|ชื่อผู้ป่วย|ชื่อผู้รับรางวัล|ชื่อผู้รับ|ผู้รับ|ชื่อผู้เอาประกัน|ผู้เอาประกัน|ชื่อ"
_TH_NAME = _view_re(
    rf"(?:(?P<label>{_TH_LABELS})[ \t]*[:：]?[ \t]*(?:(?:{_TH_TITLES})[ \t]*)?|(?P<title>{_TH_TITLES})[ \t]*)"
    rf"(?P<given>[{_TH}]{{2,20}})(?:[ \t](?P<family>[{_TH}]{{2,25}}))?"
)

_BN = "\u0980-\u09ff"
_BN_TITLES = (
    r"জনাব|জনাবা|শ্রীমতী|শ্রীমতি|শ্রী|মিসেস|মিস্টার|বেগম|মোছাম্মৎ|মোসাম্মৎ|মোছাঃ|মোসাঃ|মোঃ|মো\.|ডাঃ|ডা\.|কুমারী|"
    r"শিক্ষার্থী|ছাত্র|ছাত্রী|গ্রাহক|আবেদনকারী|প্রাপক|মাতার নাম|স্বামীর নাম|রোগী|বিবাদী|বাদী|আসামি|পিতা|মাতা|স্বামী|স্ত্রী"
)
_BN_NAME = _view_re(
    rf"(?<![{_BN}])(?:{_BN_TITLES})(?![{_BN}])[ \t]*[:：]?[ \t]*"
    rf"(?:(?:মৃত|মরহুম|মরহুমা|মোঃ|মো\.|মোছাঃ|মোসাঃ)[ \t]*)?(?P<name>[{_BN}]{{2,16}}(?:[ \t]+[{_BN}]{{2,16}}){{0,3}})"
)
# Kin after "my/his/her" ("আমার বাবা আব্দুল করিম"): a name when the lexicon knows one of its words
_BN_KIN = _view_re(
    rf"(?<![{_BN}])(?:আমার|তার|তাঁর|ওর|ওনার|ওঁর)[ \t]+(?:বাবা|মা|আব্বা|আম্মা|আব্বু|আম্মু|ভাই|বোন|ছেলে|মেয়ে|"
    rf"স্বামী|স্ত্রী|দাদা|দাদি|নানা|নানি|শ্বশুর|শাশুড়ি)(?![{_BN}])[ \t]+"
    rf"(?P<name>[{_BN}]{{2,16}}(?:[ \t]+[{_BN}]{{2,16}}){{0,3}})"
)
_BN_STOP = frozenset(
    unicodedata.normalize("NFKC", w)
    for w in _words(
        "ও এবং আর এর কে থেকে পর জন্য বয়স সাথে সঙ্গে আমার আমি তিনি তার তাঁর উনি হয় হচ্ছে ছিলেন আছেন করে করেন "
        "নাম পিতার মাতার রোল জন্ম ঠিকানা মোবাইল গ্রাম থানা জেলা সাহেব নম্বর"
    )
)
_BN_CASE = tuple(unicodedata.normalize("NFKC", w) for w in ("ের", "কে", "তে", "দের", "েরা", "রা", "য়ের"))

_FA = "\u0621-\u064a\u067e\u0679\u0686\u0688\u0691\u0698\u06a9\u06af\u06ba\u06be\u06c1\u06cc\u06d2\u200c"  # Urdu too
# Kin ("همسرش علی رضایی", "پسرم رضا") name a person as titles do, when the lexicon knows the first word.
_FA_KIN = (
    "همسرم|همسرش|همسر|شوهرم|شوهرش|خانمم|زنم|پسرم|پسرش|دخترم|دخترش|برادرم|برادرش|خواهرم|خواهرش|پدرم|پدرش|"
    "مادرم|مادرش|نامزدم|پدربزرگم|مادربزرگم|"
    # Urdu kin and titles, written in the same script ("میرے والد محمد اسلم", "بیٹا عمران", "ڈاکٹر …")
    "والد|والدہ|بیٹا|بیٹی|بیٹے|بھائی|بہن|بیوی|شوہر|ڈاکٹر|مریضہ|مریض"
)
_FA_TITLES = (
    r"سرکار خانم|جناب آقای|آقای|آقا|خانم|جناب|دکتر|مهندس|نام و نام خانوادگی|نام بیمار|نام|به نام|مراجع|بیمار|" + _FA_KIN
)
_FA_WEAK_TITLES = frozenset({"دکتر", "مهندس", "مراجع", "بیمار", "آقا", *_FA_KIN.split("|")})
_FA_NAME = _view_re(
    rf"(?<![{_FA}])(?P<t>{_FA_TITLES})(?![{_FA}])[ \t]*[:：]?[ \t]*(?:(?:آقای|خانم|دکتر|مهندس|حاج|حاجی)[ \t]+)?"
    rf"(?P<name>[{_FA}]{{2,16}}(?:[ \t]+[{_FA}]{{2,16}}){{0,2}})"
)
_FA_STOP = _words(
    "گفت گفته گفتند دارم داری دارد هستم هستید کرد کرده کردم کردند شده می نمی خیلی هنوز باید لطفا "
    "و را که از به با در برای این آن من شما ما او ایشان است هست بود شد دارد دارند ساله سال هم یا تا اگر "
    "عزیز جان محترم گرامی خودم خودش کد شماره تلفن تاریخ نشانی آدرس همراه دکتر مهندس بیمار مراجع "
    "صاحب صاحبہ کا کی کے نے ہے ہیں کو سے میں اور بھی تھا تھی عمر"
)

_LATIN_TITLES = {
    "id": r"Bapak|Bpk\.|Ibu|Pak|Bu|Sdr\.|Sdri\.|Saudara|Saudari|Tn\.|Ny\.|Nn\.|Nama lengkap|Nama Pasien|Nama pasien|"
    r"drg\.|dr\.|Dr\.|[Dd]okter|[Ss]uster|[Bb]idan|"  # a dentist, doctor, nurse or midwife by name ("drg. Putri")
    # kin before a name: "adik saya Wulan", "istri saya Rina", "anakku Budi"
    r"(?:[Aa]dik|[Kk]akak|[Aa]nak|[Ii]stri|[Ss]uami|[Ii]bu|[Aa]yah|[Kk]eponakan|[Ss]epupu)(?:\s+saya|ku)|"
    r"Nama Ayah|Nama Ibu Kandung|Nama Ibu|Nama|a\.n\.|atas nama|Penerima|Pemohon|Tertanggung|Pasien",
    "sw": r"Bw\.|Bi\.|Bwana|Ndugu|Mzee|Dkt\.|Dk\.|Jina kamili|Jina la mgonjwa|Jina|Anaitwa|anaitwa|Mpokeaji|Mgonjwa",
    "tl": r"G\.|Gng\.|Bb\.|Ginoong|Ginang|Binibini|Pangalan ng pasyente|Buong pangalan|Pangalan|Pasyente|si|ni|kay",
}
# Titles that may follow a name label ("Jina: Bw. Baraka", "Nama: Ibu Sari").
_HONORIFICS = (
    r"Bapak|Bpk\.|Ibu|Pak|Bu|Sdr\.|Sdri\.|Tn\.|Ny\.|Nn\.|Bw\.|Bi\.|Bwana|Ndugu|Mzee|Dkt\.|G\.|Gng\.|Bb\.|Dr\.|dr\."
)
_CAP = r"[A-ZÀ-Þ][a-zß-ÿ'’]+(?:-[A-Z][a-zß-ÿ]+)?"
_PARTICLE = r"(?:bin|binti|dela|de|del|de la|delos|van|al|el)"
_LATIN_NAME = {
    lang: _view_re(
        rf"(?<![\w.])(?P<t>{titles})(?![\w])[ \t]*[:：]?[ \t]*(?:(?:{_HONORIFICS})[ \t]+)?"
        rf"(?P<name>{_CAP}(?:[ \t]+(?:{_PARTICLE}[ \t]+)?{_CAP}){{0,3}})"
    )
    for lang, titles in _LATIN_TITLES.items()
}
# Tagalog possessives before a personal-name marker: someone the writer knows ("anak kong si", "kapatid niya si").
_POSSESSIVE = _view_re(
    r"(?<![\w])(?:ko|kong|mo|mong|niya|nya|namin|naming|natin|ating|aking|kanyang|kaniyang|iyong)(?![\w])"
)
# Capitalised words after a title that are no name ("Ibu Kota" capital city, "Bapak Presiden").
_LATIN_NOT_NAME = _words(
    "kota negara presiden menteri gubernur bupati walikota camat lurah guru dokter dosen direktur ketua kepala "
    "saya kami kita anda dia mereka yang dan rumah sakit the my our dear mama baba rais waziri daktari "
    "mwalimu mkuu harusi mungu yesu sa ng ang mga ako ikaw siya kami tayo sila po doktor nars"
)


def _thai(text: str) -> list[Entity]:
    out: list[Entity] = []
    pos = 0
    while (m := _TH_NAME.search(text, pos)) is not None:
        pos = m.start() + 1  # a rejected match may hide a title inside it ("คุณแม่ของดิฉัน นางบุญมี ...")
        given, family = m.group("given"), m.group("family")
        gstart = m.start("given")
        kin = _TH_KIN.match(given) if m.group("title") == "คุณ" else None
        if kin is not None and not (family and len(given) - kin.end() >= 2 and not _TH_STOP.match(given, kin.end())):
            kin = None  # "คุณแม่ของดิฉัน นางบุญมี …": "my mother", the name comes after its own title
        if kin is not None and family:
            # "คุณยายสมศรี แก้วประเสริฐ": a kin word after คุณ, then a given and a family name
            given, gstart = given[kin.end() :], gstart + kin.end()
        not_name = _TH_NOT_NAME.get(m.group("title") or "")
        if kin is None and not_name is not None and not_name.match(given):
            continue
        inside = _TH_INSIDE.get(m.group("title") or "")
        if inside is not None and inside.search(text, max(0, m.start() - 6), m.start()):
            continue  # "เดือนมิถุนายนดีไหม": June, not Mr. "ดีไหม"
        cut = _TH_STOP.search(given, 2)
        if cut:
            given, family = given[: cut.start()], None
        if len(given) < 2:
            continue
        end = gstart + len(given)
        if family:
            stop = _TH_STOP.search(family, 2)
            family = family[: stop.start()] if stop else family
            if len(family) >= 2 and not _TH_STOP.match(family):
                end = m.start("family") + len(family)
        if m.group("title") == "คุณ" and end == gstart + len(given):
            continue  # "คุณ" is also "you": a given name alone after it is too weak
        out.append(Entity(EntityType.PERSON, gstart, end, text[gstart:end], 0.8, "th-name"))
        pos = end
    return out


def _words_name(text: str, m: re.Match[str], stop: frozenset[str], source: str) -> Entity | None:
    start = m.start("name")
    end = start
    for w in re.finditer(r"\S+", m.group("name")):
        word = w.group()
        if word in stop or (source == "bn-name" and len(word) > 3 and word.endswith(_BN_CASE)):
            break
        end = start + w.end()
    if end == start:
        return None
    return Entity(EntityType.PERSON, start, end, text[start:end], 0.8, source)


# The writer introducing themselves: "من مریم حسینی هستم", "اسم من …", "اسمم … است" (taken when the first word is a
# given name the lexicon knows)
_FA_SELF = _view_re(
    rf"(?<![{_FA}])(?:من|اینجانب|اسم من|اسمم|نام من|نامم)[ \t]+"
    rf"(?P<name>[{_FA}]{{2,16}}(?:[ \t]+[{_FA}]{{2,16}}){{0,2}})"
    rf"[ \t]*(?:هستم|است|هست|می‌باشم|میباشم)(?![{_FA}])"
)


# Persian family names by their endings, joined with a ZWNJ or not ("کاظمی‌پور", "کاظمیپور"):
# -پور, -زاده, -نژاد, and -فر, -نیا, -راد, -منش after the -ی of a first part ("یزدانی‌فر", "محمدی‌نژاد").
_FA_FAMILY = _view_re(
    rf"(?<![{_FA}])(?P<name>[{_FA}]{{2,14}}[ \t]+[{_FA}]{{2,14}}"
    rf"(?:پور|زاده|نژاد|ی\u200c?(?:فر|نیا|راد|منش)))(?![{_FA}])"
)
_FA_FAMILY_END = ("ی", "پور", "زاده", "نژاد", "فر", "نیا", "راد", "منش", "نام", "یان")


def _uncommon(word: str) -> bool:
    """A Persian word outside the language's 3,000 most frequent (given and family names mostly are)."""
    rank = common_rank(word, "fa")
    return rank is None or rank > 3000


def _unknown_name(words: list[str]) -> bool:
    """Two or three uncommon words, the last with a family name's ending or no rank at all, after a weak title: the
    lists lack most Persian names ("دکتر کامران رستمی"), but "بیمار دچار افسردگی" (suffers from) has a common word."""
    return (
        2 <= len(words) <= 3
        and all(_uncommon(w) for w in words)
        and (words[-1].endswith(_FA_FAMILY_END) or common_rank(words[-1], "fa") is None)
    )


# Urdu: a title, then one to three words, then a postposition or an honorific that closes the noun phrase ("ڈاکٹر
# عائشہ ملک کے لیے", "مسز نسرین بٹ سے"): those words are the name, whatever the name lists hold (they lack most Urdu
# names). Not "ڈاکٹر صاحب نے" (the doctor said): صاحب is the honorific itself, so no word is left before it.
_UR_TITLED = re.compile(
    rf"(?<![{_FA}])(?:ڈاکٹر|جناب|محترمہ|محترم|مسز|مسٹر|مس|بیگم|پروفیسر|انجینئر|حاجی|چوہدری)[ \t]+"
    rf"(?P<name>(?!صاحب|صاحبہ|جی)[{_FA}]{{2,}}(?:[ \t]+(?!صاحب|صاحبہ|جی|کے|کی|کو|سے|نے|کا)[{_FA}]{{2,}}){{0,2}})"
    rf"[ \t]+(?:کے|کی|کو|سے|نے|کا|صاحب|صاحبہ|جی|کا|والے)(?![{_FA}])"
)
_UR_NOT_NAME = frozenset({"صاحب", "صاحبہ", "جی", "سے", "نے", "کے", "کی", "کو", "کا", "اور", "یا", "نہیں", "بھی", "ہی"})


def _urdu_titled(text: str) -> list[Entity]:
    return [
        Entity(EntityType.PERSON, m.start("name"), m.end("name"), m.group("name"), 0.75, "ur-name")
        for m in _UR_TITLED.finditer(text)
        if not _UR_NOT_NAME.intersection(m.group("name").split())
    ]


def _persian(text: str) -> list[Entity]:
    names = name_data()
    out = [
        Entity(EntityType.PERSON, m.start("name"), m.end("name"), m.group("name"), 0.8, "fa-name")
        for m in _FA_SELF.finditer(text)
        if m.group("name").split()[0] in names.first
    ]
    for m in _FA_FAMILY.finditer(text):
        words = m.group("name").split()
        rank = common_rank(words[0], "fa")  # a given name may be frequent ("رضا", "مهدی"), a function word is more so
        if words[0] not in _FA_STOP and (words[0] in names.first or rank is None or rank > 300):
            out.append(Entity(EntityType.PERSON, m.start("name"), m.end("name"), m.group("name"), 0.8, "fa-name"))
    for m in _FA_NAME.finditer(text):
        words = m.group("name").split()
        first = words[0]
        if (
            m.group("t") in _FA_WEAK_TITLES
            and first not in names.first
            and first not in names.last
            and not _unknown_name(list(itertools.takewhile(lambda w: w not in _FA_STOP, words)))
        ):
            continue  # "دکتر گفت ..." (the doctor said), "بیمار دچار ..." (the patient suffers)
        if (e := _words_name(text, m, _FA_STOP, "fa-name")) is not None:
            out.append(e)
    if "\u06c1" in text or "\u06d2" in text or "\u0679" in text or "\u0688" in text:  # ہ ے ٹ ڈ: Urdu letters
        out.extend(_urdu_titled(text))
    return out


def _latin(text: str, lang: str) -> list[Entity]:
    out: list[Entity] = []
    for m in _LATIN_NAME[lang].finditer(text):
        words = m.group("name").split()
        keep: list[str] = []
        for w in words:
            if w.lower() in _LATIN_NOT_NAME:
                break
            keep.append(w)
        if not keep or (m.group("t") in ("si", "ni", "kay", "Pak", "Bu", "Ibu", "G.") and len(keep[0]) < 3):
            continue
        if (
            m.group("t") in ("si", "ni", "kay")
            and len(keep) > 1
            and not _POSSESSIVE.search(text, max(0, m.start() - 24), m.start())
        ):
            continue  # "si Manny Pacquiao" in a question is a public figure; "ang anak kong si Miguel Santos" is not
        start = m.start("name")
        end = start + m.group("name").index(keep[-1]) + len(keep[-1])
        out.append(Entity(EntityType.PERSON, start, end, text[start:end], 0.8, f"{lang}-name"))
    return out


def _bengali_kin(text: str) -> list[Entity]:
    names = name_data()
    out: list[Entity] = []
    for m in _BN_KIN.finditer(text):
        e = _words_name(text, m, _BN_STOP, "bn-name")
        if e is not None and any(w in names.first or w in names.last for w in e.text.split()):
            out.append(e)
    return out


def find_regional_names(text: str, langs: frozenset[str]) -> list[Entity]:
    """Names after a title or a name label, for the regional languages of ``text``."""
    out: list[Entity] = []
    if "th" in langs:
        out.extend(_thai(text))
    if "bn" in langs:
        out.extend(e for m in _BN_NAME.finditer(text) if (e := _words_name(text, m, _BN_STOP, "bn-name")))
        out.extend(_bengali_kin(text))
    if "fa" in langs:
        out.extend(_persian(text))
    for lang in ("id", "sw", "tl"):
        if lang in langs:
            out.extend(_latin(text, lang))
    return out
