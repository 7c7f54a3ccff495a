"""Which language a text is in, roughly: enough to know which words are ordinary.

German capitalises every noun ("Termin", "Arzt"); a capitalised word that is ordinary in the
text's language is not a name. The script decides first (Han, kana, Hangul, Cyrillic, Arabic, or Persian
when a letter only Persian writes occurs, Hebrew, Greek, Thai, Vietnamese letters); within Latin script, stop
words of European languages decide; English is the default. The result is an ISO 639-1 code that ``wordfreq`` knows.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = [
    "LANGUAGES",
    "PERSIAN_LETTERS",
    "UNDETERMINED",
    "guess_language",
    "is_stop_word",
    "letter_words",
    "script_language",
]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_STOPWORDS: dict[str, frozenset[str]] = {
    "en": _words(
        "the and is are was to of in that it for with on this you not have be at my your we they from but or "
        "what how can will would please a an i me"
    ),
    "de": _words(
        "der die das und ist nicht ich mit ein eine einen einem zu den von auf für sie es dem wir bei beim "
        "habe haben hat bin sind mein meine bitte aber oder auch noch nur wie was wenn im vom zum zur "
        "du mir dir uns man nach kann kannst warum erkläre sich welche welcher welches welchen"
    ),
    "fr": _words(
        "le la les et est une des du pour pas que qui dans avec sur je nous vous au aux mon ma mes est sont "
        "ai avons mais ou très bonjour merci"
    ),
    "es": _words(
        "el la los las y es una por para con que del en se no su al lo como mi mis tengo estoy muy pero "
        "hola gracias está son qué cómo cuál dónde"
    ),
    "it": _words(
        "il lo la gli le e è una per con che del della non di sono un nel mio mia ho ciao grazie ma anche "
        "molto questo questa come si quanto quale sono a cosa fa dei delle alla nella perché i da dal al ai ci"
    ),
    "nl": _words(
        "de het een en is niet van dat ik met voor op zijn ook aan je maar mijn heb heeft wat hoe bij naar dank graag"
    ),
    "pt": _words(
        "o a os as e é um uma para com que não do da dos em no na por meu minha tenho estou muito mas olá obrigado "
        "quais qual são está estão você"
    ),
    "pl": _words(
        "i w z na nie się to że jest do co jak czy o po dla od przez mi mnie proszę które który która jestem "
        "mam ale tak oraz dlaczego gdzie kiedy jaki jaka jakie kim był była są być"
    ),
    "sv": _words(
        "och att det är som en ett på för med jag inte till av om har hur vad kan vi du min mitt i den så när "
        "från över eller också vid sig hon han"
    ),
    "cs": _words(
        "a je se na že to v do jsem jak co pro by být ale jsou prosím mám který která jaké jaký kdy kde proč "
        "kolik nebo bez kdo od za po tam mi mě"
    ),
    "tr": _words(
        "ve bir bu için ile da de ne nasıl mi mı mu mü misin musun nedir nelerdir hakkında çok ama ben sen var "
        "yok değil gibi daha"
    ),
    "id": _words(
        "dan yang di ini itu untuk dengan tidak saya apa bagaimana ada dari ke akan bisa berapa apakah atau juga "
        "sudah harus kapan mengapa kenapa siapa tolong lebih mau lalu saja kami kita anda adalah cara buatkan"
    ),
    # Hungarian, Romanian, Swahili, Filipino: words their texts are full of and the languages above lack
    "hu": _words(
        "a az és hogy nem egy van meg mit hogyan milyen melyik hány mennyi miért kell vagy volt lesz már csak "
        "még ez azt ezt nekem után között szeretnék mikor hol ki mi érdemes lehet nagyon kérem"
    ),
    "ro": _words(
        "și în este cu pe care sunt nu mai din ce cum pentru să am ai cât câte unde când vreau sau fi acest "
        "această foarte după îmi mi-ar poate trebuie"
    ),
    "sw": _words(
        "na ya wa kwa ni za katika hii hiyo gani nini je kuna sana au lakini mimi wewe yake yangu kama bado pia "
        "zaidi ipi wapi lini naomba tafadhali habari nani ngapi mara nina bila dhidi"
    ),
    "fil": _words(
        "ang ng mga sa ay ko mo ba ako ka siya kami tayo ito iyan paano ano saan kailan bakit sino alin po hindi "
        "naman kasi lang din rin ninyo natin na nang kung tuwing laban"
    ),
    # Serbo-Croatian (Serbian, Bosnian, Montenegrin, Croatian in Latin letters: wordfreq's "sh") and Uzbek and Kazakh
    # in Latin letters (no word list: these words are all that is known ordinary; issue 16, HB)
    "sh": _words(
        "je da se za od su sa koja koji koje kako šta što gde gdje ili li nije treba može mogu bih sam smo "
        "ste ću će daj molim hvala između kada zašto koliko ovo ovaj ova ima imam"
    ),
    "uz": _words(
        "va uchun bilan qanday nima qaysi haqida kerak emas ham bu men siz biz qancha qayerda nega bo'ladi bormi "
        "yo'q bor bering yozib boshqa yoki lekin hozir keyin oldin juda eng ko'p mening sizning uning ular bo'lsa "
        "qilib qiling bo'lgan edi mumkin kerakmi qilish beradi jäne üşın qalai qanşa qai ne bar joq emes dep osy bul "
        "bolady kerek turady jazyp berşı menıñ sızdıñ onyñ olar jaily"
    ),
}
# Letters that only Vietnamese uses among Latin-script languages.
# (not "ă", which Romanian writes too)
_VIETNAMESE = re.compile("[ơưđạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.IGNORECASE)
# s with a dot below, or e and o with a dot below and a tone mark: Yoruba writes them beside ẹ and ọ (which Vietnamese
# writes too), Vietnamese never does; its grave accents ("mo ṣe lè se") are no Italian either
_YORUBA = re.compile("[ṣṢ]|[ẹọẸỌ][\u0300\u0301]")
_UMLAUT = re.compile("[äöüÄÖÜ]")
# Azerbaijani's schwa: no other Latin-script language writes it (no word list: its first words as in Uzbek)
_AZERBAIJANI = re.compile("[əƏ]")
# Letters only languages without a word list write: Maltese ħ, Hausa's hooked ɓ ɗ ƙ
_NO_LIST_LETTERS = re.compile("[ħĦɓɗƙƁƊƘ]")
# Latin letters that one language of the list writes and the others do not.
_LETTERS_OF: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("pl", re.compile("[ąęłńśźżĄĘŁŃŚŹŻ]")),
    ("tr", re.compile("[ğıİşĞŞ]")),
    ("cs", re.compile("[ěřůĚŘŮ]")),
    ("de", re.compile("ß")),
    ("es", re.compile("[ñÑ¿¡]")),
    ("hu", re.compile("[őűŐŰ]")),
    ("ro", re.compile("[șțȘȚ]")),
    ("pt", re.compile("[ãÃ]|[õÕ](?=[eE])")),  # Portuguese writes õ before e ("põe", "lições"); Estonian anywhere
    # a word ending in a grave-accented vowel other than "à" ("può", "più", "così", "Pellicanò"): Italian
    ("it", re.compile("[^\\W\\d_][òùì](?![^\\W\\d_])")),
)
_ASCII_LANGUAGES = frozenset({"sw", "fil", "id"})
_SCRIPTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("ja", re.compile("[\u3040-\u30ff]")),  # kana: Japanese even among kanji
    ("ko", re.compile("[\uac00-\ud7af\u1100-\u11ff]")),
    ("zh", re.compile("[\u4e00-\u9fff\u3400-\u4dbf]")),
    ("uk", re.compile("[ґєії]", re.IGNORECASE)),
    ("ru", re.compile("[\u0400-\u04ff]")),
    ("ar", re.compile("[\u0600-\u06ff]")),
    ("he", re.compile("[\u0590-\u05ff]")),
    ("el", re.compile("[\u0370-\u03ff]")),
    # Indic scripts (Devanagari stands for Hindi; Marathi and Nepali share it)
    ("hi", re.compile("[\u0900-\u097f]")),
    ("bn", re.compile("[\u0980-\u09ff]")),
    ("pa", re.compile("[\u0a00-\u0a7f]")),
    ("gu", re.compile("[\u0a80-\u0aff]")),
    ("or", re.compile("[\u0b00-\u0b7f]")),
    ("ta", re.compile("[\u0b80-\u0bff]")),
    ("te", re.compile("[\u0c00-\u0c7f]")),
    ("kn", re.compile("[\u0c80-\u0cff]")),
    ("ml", re.compile("[\u0d00-\u0d7f]")),
    ("si", re.compile("[\u0d80-\u0dff]")),
    ("th", re.compile("[\u0e00-\u0e7f]")),
)
# Letters of the Arabic script that Persian writes and Arabic does not: پ چ ژ گ and the Persian forms of kāf and
# yeh (ک ی). One of them makes an Arabic-script text Persian, here and in regional_langs (the one rule).
PERSIAN_LETTERS = re.compile("[\u067e\u0686\u0698\u06af\u06a9\u06cc]")
# Any of the scripts above, in one scan: most texts hold none (Latin with accents), and skip the loop over them.
# One character class (an alternation of 20 classes tried each one at every character: ~40x slower); the
# case-blind Ukrainian letters lie inside the Cyrillic block, with their capitals.
_ANY_SCRIPT = re.compile("[" + "".join(pattern.pattern[1:-1] for lang, pattern in _SCRIPTS if lang != "uk") + "]")
LANGUAGES = tuple(_STOPWORDS)
_LANGS_OF: dict[str, tuple[str, ...]] = {}
for _lang, _stop in _STOPWORDS.items():
    for _word in _stop:
        _LANGS_OF[_word] = (*_LANGS_OF.get(_word, ()), _lang)
_WORD = re.compile(r"[^\W\d_]+")
_LETTERS = re.compile(r"[^\W\d_]")
# The last text letter_words read, and its words (one pair, swapped whole: threads never see half of one).
_last_words: tuple[str, tuple[str, ...]] = ("", ())


def letter_words(text: str) -> tuple[str, ...]:
    """The runs of letters in ``text`` (``[^\\W\\d_]+``), as written. The last answer is kept: the language
    guess and the regional language test read the same text's words one after the other."""
    global _last_words
    last = _last_words
    if last[0] is text:
        return last[1]
    words = tuple(_WORD.findall(text))
    _last_words = (text, words)
    return words


def script_language(text: str) -> str | None:
    """The language a non-Latin script (or Vietnamese lettering) shows, if at least a few letters do."""
    sample = text[:4000]
    if sample.isascii():
        return None
    letters = -1
    for lang, pattern in _SCRIPTS if _ANY_SCRIPT.search(sample) else ():
        if pattern.search(sample) is None:
            continue
        count = len(pattern.findall(sample))
        if letters < 0:
            letters = len(_LETTERS.findall(sample))
        if count >= 2 and count >= 0.2 * letters:
            return "fa" if lang == "ar" and PERSIAN_LETTERS.search(sample) else lang
    if len(_VIETNAMESE.findall(sample)) >= 2 and not _YORUBA.search(sample):
        return "vi"
    if len(_AZERBAIJANI.findall(sample)) >= 2:
        return "az"
    if _NO_LIST_LETTERS.search(sample):
        return UNDETERMINED
    return None


def is_stop_word(word_lower: str, lang: str) -> bool:
    """Whether the word is one of the stop words this module tells ``lang`` by (for languages without a
    ``wordfreq`` list, such as Swahili, the only ordinary words known)."""
    return lang in _LANGS_OF.get(word_lower, ())


@lru_cache(maxsize=256)
def guess_language(text: str) -> str:
    """An ISO 639-1 code; "en" unless the script or another language's stop words clearly win.

    Cached: the name finder and the general-question filter ask about the same text."""
    by_script = script_language(text)
    if by_script is not None:
        return by_script
    words = list(map(str.lower, letter_words(text[:4000])))
    if len(words) < 4:
        return "en"
    counts = dict.fromkeys(_STOPWORDS, 0)
    for langs in [_LANGS_OF[word] for word in words if word in _LANGS_OF]:  # stop words only
        for lang in langs:
            counts[lang] += 1
    best = max(counts, key=lambda lang: counts[lang])
    needed = 3 if len(words) > 12 else 2
    if best != "en" and counts[best] >= needed and counts[best] > counts["en"] * 1.5:
        if best in _ASCII_LANGUAGES and _YORUBA.search(text, 0, 4000):
            return _beyond_the_lists(text)  # "Báwo ni mo ṣe …": Yoruba's "ni", "mo" are Swahili and Filipino words
        if best in _ASCII_LANGUAGES:
            # Swahili, Filipino and Indonesian write no letter beyond ASCII: "Kapadokya'ya" is Turkish
            for lang, letters in _LETTERS_OF:
                if letters.search(text, 0, 4000):
                    return lang
        return best
    if counts["en"] < needed:
        # few stop words either way: letters that only one of these languages writes decide, then the words
        for lang, letters in () if _YORUBA.search(text, 0, 4000) else _LETTERS_OF:
            if letters.search(text, 0, 4000) and not (lang == "pt" and _UMLAUT.search(text, 0, 4000)):
                return lang  # (õ beside ä, ö, ü is Estonian: "Kas Tallinnast … sõita")
        return _by_vocabulary(words, counts, text)
    if (counts["en"] < needed + 2 and len(words) >= 8 and not text.isascii()) or counts["en"] == needed:
        # just enough English stop words ("i", "a", "is", "an" are Welsh and Irish words too): English unless
        # English knows less than half of its words ("Beth yw'r ffordd … i gopa'r Wyddfa, ac a yw'r trên …")
        return _beyond_the_lists(text)
    return "en"


# Languages whose word lists decide a text without enough stop words ("Resep nasi goreng: nasi 2 piring, bawang
# merah"): lists the detector loads at warm-up anyway (lexicons.WARM_LANGUAGES).
# Not the languages the stop words already tell well (German, French, Spanish …): a German text with few stop
# words stays as it was read before.
# Italian, Portuguese and Serbo-Croatian ("sh": wordfreq's list for Croatian, Serbian and Bosnian) join them for
# short labels without a stop word ("Diario infermieristico ADI, ASL Roma 2. Operatrice: …", "Registo de
# enfermagem …", "Dnevnik patronaže …"): read as English, their capitalised first nouns were taken for names.
_VOCABULARY_LANGUAGES = ("cs", "tr", "id", "hu", "ro", "fil", "it", "pt", "sh")
# wordfreq's other Latin-script lists, read only for a text no language above takes (issue 16, HC: "Hvernig kemst
# ég …", "Kaip nuvykti …" read as English had their capitalised first words taken for names); loaded then, not at
# warm-up (~0.2 MB each)
_MORE_VOCABULARY_LANGUAGES = ("da", "nb", "fi", "is", "lt", "lv", "sk", "sl", "ca", "ms")
_VOCABULARY_RANK = 20_000
# The Latin-script languages whose lists the detector loads at warm-up (lexicons.WARM_LANGUAGES): a text one of them
# knows half of is none of the undetermined ones
_LISTED_LATIN = ("fr", "de", "es", "it", "pt", "nl", "pl", "sv", "cs", "tr", "id", "hu", "ro", "fil")
# A Latin-script text that no list knows and English knows little of (Estonian, Albanian, Basque, Welsh, Maltese,
# Malagasy, Yoruba, Hausa, Zulu, Irish …): ISO 639-2 "undetermined". No word of it is known ordinary, so the name
# rules read its capitalised words as they read Uzbek (names.py): only a listed name opens a sentence.
UNDETERMINED = "und"
_ENGLISH_SHARE = 0.5  # English knows fewer than this share of its words
_LATIN_WORD = re.compile("[a-zA-Z\u00c0-\u024f\u1e00-\u1eff]")


def _by_vocabulary(words: list[str], stop_counts: dict[str, int], text: str = "") -> str:
    """The language whose common words make up most of ``words`` (at least half of them, and clearly more than
    English's); "en" otherwise. Only for texts that stop words left undecided: a few per cent of prompts. Between
    languages that know as many words, the one with more of its stop words wins ("Registro di classe …": Italian)."""
    from .lexicons import common_rank

    plain = [w for w in words[:60] if len(w) > 1]
    if len(plain) < 4:
        return "en"

    def known(lang: str) -> int:  # (rank 0 is the language's first word: "di", "de", "the")
        return sum(1 for w in plain if (rank := common_rank(w, lang)) is not None and rank < _VOCABULARY_RANK)

    english = known("en")
    best, best_count = "en", english
    best_stops = 0
    for lang in _VOCABULARY_LANGUAGES:
        count, stops = known(lang), stop_counts.get(lang, 0)
        if count > best_count or (count == best_count and best != "en" and stops > best_stops):
            best, best_count, best_stops = lang, count, stops
    if best != "en" and best_count * 2 >= len(plain) and best_count > english * 1.5:
        return best
    return _beyond_the_lists(text)


_SHORT_WORDS = 3  # fewer lower-case words than this say nothing about a text's language


def _beyond_the_lists(text: str) -> str:
    """For a text English knows less than half of: the language of wordfreq's other Latin-script lists that knows
    at least half of it, else :data:`UNDETERMINED`; "en" for an English text, a short one or another script. Only
    the words written in lower case count: names ("Attendees: Priya Raghunathan, Tomasz Nowicki …") are no
    language's words."""
    from .lexicons import common_rank

    plain = [w for w in letter_words(text[:4000])[:80] if len(w) > 1 and w.islower()]
    if len(plain) < _SHORT_WORDS or not _LATIN_WORD.match(plain[0]):
        return "en"  # (other scripts keep their own rules: Ethiopic, Armenian …)

    def known(lang: str) -> int:
        return sum(1 for w in plain if (rank := common_rank(w, lang)) is not None and rank < _VOCABULARY_RANK)

    if len(plain) < 6:
        # a short question ("Goorma ayay Soomaaliya xorriyadda qaadatay?"): some list must know half of its words
        langs = ("en", *_MORE_VOCABULARY_LANGUAGES, *_LISTED_LATIN)
        return "en" if any(known(lang) * 2 >= len(plain) for lang in langs) else UNDETERMINED

    english = known("en")
    if english >= _ENGLISH_SHARE * len(plain):
        return "en"
    best, best_count = "en", english
    for lang in _MORE_VOCABULARY_LANGUAGES:
        count = known(lang)
        if count > best_count:
            best, best_count = lang, count
    if best != "en" and best_count * 2 >= len(plain) and best_count > english * 1.5:
        return best
    if any(known(lang) * 2 >= len(plain) for lang in _LISTED_LATIN):
        return "en"  # a language the stop words missed ("Voici un export JSON …" full of keys): read as before
    return UNDETERMINED
