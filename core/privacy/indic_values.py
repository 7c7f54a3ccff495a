"""Indian identifiers, labelled form values, addresses and dates in Indic scripts (and Indian IDs in Latin).

Forms, claims and prescriptions written in Hindi or another Indian language name their values with a
label ("नाम:", "पता:", "पॉलिसी संख्या", "আধার", "முகவரி"), and their addresses follow one grammar
across the country (house number, lane, colony or sector, district, six-digit PIN code). This module
finds, on the detection view of the text:

- **Indian identifiers by shape, anywhere**: Aadhaar (12 digits, Verhoeff check; written in groups,
  or bare after a cue such as "Aadhaar"/"आधार" or in Indic text), PAN (``ABCPV1234F``, holder-type
  letter checked by python-stdnum), UPI payment handles (``9829045671@ybl``) and vehicle
  registrations (``RJ14 CD 4521``, with a state code);
- **values after a label** in Hindi/Marathi, Bengali, Tamil, Telugu, Gujarati, Punjabi, Kannada and
  Malayalam: a name (PERSON), an address (ADDRESS, to the end of the line), a phone number, a date
  of birth, Aadhaar/PAN/passport/voter-ID numbers (NATIONAL_ID), account numbers (BANK_ACCOUNT) and
  policy, claim, member, order, roll or registration numbers (ID_OTHER);
- **unlabelled Devanagari addresses**: a chain of comma-separated parts that holds an address word
  (मकान नंबर, फ्लैट, गली, मार्ग, नगर, कॉलोनी, सेक्टर, जिला, पिन कोड …) and a number;
- **dates with Hindi month names** ("12 मार्च 1980"), as :mod:`.dates` finds "12 March 1980".

Labels and words are matched with nukta and candrabindu folded (फ़ोन = फोन, माँ = मां); see :func:`label_re`.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from stdnum.in_ import aadhaar, pan

from .entities import Entity, EntityType

__all__ = [
    "INDIC",
    "INDIC_WORD",
    "find_indian_ids",
    "find_indic_dates",
    "find_indic_values",
    "fold",
    "folded_words",
    "label_re",
]

# Indic letters and marks: Devanagari (U+0900) to Sinhala (U+0DFF), without the dandas and the
# abbreviation sign, which are punctuation.
INDIC = "\u0900-\u0963\u0971-\u0dff\u200c\u200d"
INDIC_WORD = re.compile(f"[{INDIC}]+")
_NUKTAS = dict.fromkeys(map(ord, "\u093c\u09bc\u0a3c\u0abc\u0b3c\u0cbc\u200c\u200d"))
_CANDRABINDU = {0x0901: "\u0902", 0x0981: "\u0982"}


@lru_cache(maxsize=32768)
def fold(word: str) -> str:
    """The lookup form of an Indic word: NFKC, no nukta or zero-width joiner, candrabindu as anusvara."""
    return unicodedata.normalize("NFKC", word).translate(_NUKTAS).translate(_CANDRABINDU)


def folded_words(words: str) -> frozenset[str]:
    """The folded forms of the space-separated ``words``."""
    return frozenset(fold(w) for w in words.split())


def _label_piece(label: str) -> str:
    out = []
    for c in unicodedata.normalize("NFKC", label.strip()):
        if c in "\u093c\u09bc\u0a3c\u0abc\u0b3c\u0cbc":
            out.append(re.escape(c) + "?")
        elif c in "\u0901\u0902":
            out.append("[\u0901\u0902]")
        elif c == " ":
            out.append(r"\s+")
        else:
            out.append(re.escape(c))
    return "".join(out)


def label_re(labels: str) -> str:
    """An alternation of the ``|``-separated labels, longest first, nukta optional and candrabindu/anusvara alike."""
    pieces = sorted({_label_piece(x) for x in labels.split("|") if x.strip()}, key=len, reverse=True)
    return "(?:" + "|".join(pieces) + ")"


_B = f"(?=[{INDIC}A-Za-z])(?<![{INDIC}A-Za-z])"  # a label starts a word ...
_E = f"(?![{INDIC}A-Za-z])"  # ... and ends one
_GLUE = r"[ \t]*(?:\([^)\n]{0,24}\)[ \t]*)?(?:[:：=#–—-]+|:-)?[ \t]*"

# --- labels, by what their value is -------------------------------------------------------------

_NAME_LABELS = label_re(
    "नाम | पूरा नाम | पिता का नाम | माता का नाम | पति का नाम | पत्नी का नाम | अभिभावक का नाम | अभिभावक | "
    "आवेदक | आवेदक का नाम | बीमाधारक | बीमाधारक का नाम | बीमित व्यक्ति | नामांकित व्यक्ति | नॉमिनी | मरीज़ | "
    "मरीज़ का नाम | रोगी | रोगी का नाम | ग्राहक | ग्राहक का नाम | छात्र | छात्रा | छात्र का नाम | छात्रा का नाम | "
    "विद्यार्थी | विद्यार्थी का नाम | डॉक्टर | चिकित्सक | डॉक्टर का नाम | प्राप्तकर्ता | भेजने वाला | हस्ताक्षर | "
    "कर्मचारी का नाम | खाताधारक | खाताधारक का नाम | संपर्क व्यक्ति | नाव | पूर्ण नाव | वडिलांचे नाव | रुग्ण | "
    "प्रतिभागी | प्रतिभागी का नाम | कर्मचारी | सदस्य | सदस्य का नाम | यात्री | यात्री का नाम | उम्मीदवार | "
    "उम्मीदवार का नाम | लाभार्थी | लाभार्थी का नाम | विजेता | वादी | प्रतिवादी | आरोपी | किरायेदार | मकान मालिक | "
    "নাম | পুরো নাম | পিতার নাম | মাতার নাম | রোগীর নাম | রোগী | பெயர் | முழு பெயர் | தந்தை பெயர் | நோயாளி | "
    "నోయాళి | పేరు | పూర్తి పేరు | తండ్రి పేరు | రోగి | రోగి పేరు | નામ | પૂરું નામ | પિતાનું નામ | દર્દી | "
    "ਨਾਮ | ਨਾਂ | ਪੂਰਾ ਨਾਮ | ਪਿਤਾ ਦਾ ਨਾਮ | ਮਰੀਜ਼ | ಹೆಸರು | ಪೂರ್ಣ ಹೆಸರು | ತಂದೆಯ ಹೆಸರು | ರೋಗಿ | പേര് | "
    "മുഴുവൻ പേര് | പിതാവിന്റെ പേര് | രോഗി | ନାମ"
)
_ADDRESS_LABELS = label_re(
    "पता | स्थायी पता | वर्तमान पता | पत्राचार का पता | डिलीवरी पता | डिलीवरी का पता | घर का पता | निवास | "
    "आवासीय पता | पत्ता | Address | Addr. | Delivery address | Shipping address | "
    "ঠিকানা | বর্তমান ঠিকানা | স্থায়ী ঠিকানা | முகவரி | చిరునామా | સરનામું | ਪਤਾ | ವಿಳಾಸ | "
    "വിലാസം | ଠିକଣା"
)
_PHONE_LABELS = label_re(
    "फ़ोन | फ़ोन नंबर | फोन नं. | मोबाइल | मोबाइल नंबर | मोबाइल नं. | मो. | मो. नं. | दूरभाष | संपर्क | संपर्क नंबर | "
    "संपर्क सूत्र | व्हाट्सएप | व्हाट्सऐप | वॉट्सऐप | ফোন | মোবাইল | தொலைபேசி | கைபேசி | அலைபேசி | ఫోన్ | "
    "మొబైల్ | ફોન | મોબાઇલ | ਫ਼ੋਨ | ਮੋਬਾਈਲ | ಫೋನ್ | ಮೊಬೈಲ್ | ഫോൺ | മൊബൈൽ"
)
_DOB_LABELS = label_re(
    "जन्म तिथि | जन्मतिथि | जन्म दिनांक | जन्म की तारीख | जन्म तारीख | जन्मदिन | जन्म | জন্ম তারিখ | জন্মতারিখ | "
    "பிறந்த தேதி | పుట్టిన తేదీ | జన్మ తేదీ | જન્મ તારીખ | ਜਨਮ ਮਿਤੀ | ಜನ್ಮ ದಿನಾಂಕ | ജനന തീയതി | जन्म दिनांक"
)
_NUMBER_WORD = r"(?:संख्या|नंबर|नम्बर|नं\.?|क्रमांक|सं\.|आईडी|कोड|ID|No\.?|সংখ্যা|নম্বর|எண்|సంఖ్య|నంబర్|નંબર|ਨੰਬਰ|ಸಂಖ್ಯೆ|നമ്പർ)"
_NUMBER_WORDS = rf"(?:\s*{_NUMBER_WORD})?"
_NATIONAL_LABELS = label_re(
    "आधार | आधार कार्ड | यूआईडी | पैन | पैन कार्ड | पासपोर्ट | मतदाता पहचान पत्र | वोटर आईडी | मतदाता कार्ड | "
    "ड्राइविंग लाइसेंस | डीएल | राशन कार्ड | आयुष्मान कार्ड | আধার | প্যান | পাসপোর্ট | ஆதார் | பான் | "
    "கடவுச்சீட்டு | ఆధార్ | పాన్ | ఆధార్ కార్డ్ | આધાર | પાન | ਆਧਾਰ | ਪੈਨ | ಆಧಾರ್ | ಪ್ಯಾನ್ | ആധാർ | പാൻ | "
    # provident-fund and state-insurance numbers of a payslip (UAN, PF/EPF account, ESIC insurance number)
    "यूएएन | यूनिवर्सल अकाउंट | पीएफ | पीएफ खाता | ईपीएफ | ईपीएफओ | ईएसआईसी | ईएसआई | UAN | EPF | ESIC"
)
_ACCOUNT_LABELS = label_re(
    "खाता | खाता संख्या | खाता नंबर | खाता नं. | बैंक खाता | बैंक खाता संख्या | अकाउंट नंबर | खाते का नंबर | "
    "খাতা নম্বর | অ্যাকাউন্ট নম্বর | கணக்கு எண் | ఖాతా నంబర్ | ખાતા નંબર | ਖਾਤਾ ਨੰਬਰ | ಖಾತೆ ಸಂಖ್ಯೆ | അക്കൗണ്ട് നമ്പർ"
)
_ID_PREFIXES = label_re(
    "पॉलिसी | बीमा | बीमा पॉलिसी | दावा | क्लेम | सदस्य | सदस्यता | कर्मचारी | रोल | नामांकन | प्रवेश | पंजीकरण | "
    "रजिस्ट्रेशन | ऑर्डर | आर्डर | बिल | रसीद | केस | प्रकरण | शिकायत | टिकट | संदर्भ | रेफरेंस | वाहन | गाड़ी | "
    "ग्राहक | मरीज़ | रोगी | यूएचआईडी | ओपीडी | आईपीडी | भर्ती | कार्ड | आवेदन | फ़ाइल | लेनदेन | ट्रांजैक्शन | "
    "यूटीआर | चालान | इनवॉइस | प्रिस्क्रिप्शन | पर्ची | उपभोक्ता | कनेक्शन | एफआईआर | पॉलिसी का | दावे का | "
    "পলিসি | দাবি | ক্লেম | রোগী | পলিসি | பாலிசி | கோரிக்கை | క్లెయిమ్ | పాలసీ | પોલિસી | દાવા | ਪਾਲਿਸੀ | "
    "ಪಾಲಿಸಿ | ಕ್ಲೈಮ್ | പോളിസി | ക്ലെയിം"
)
_VALUE_ID = r"(?P<v>[A-Za-z0-9](?:[A-Za-z0-9]|[-/.](?=[A-Za-z0-9])|[ ](?=\d{2})){2,40})"
_VALUE_PHONE = r"(?P<v>\+?\d[\d \t().-]{5,18}\d)"
_HI_MONTHS = label_re(
    "जनवरी | फ़रवरी | फरवरी | मार्च | अप्रैल | अप्रेल | मई | जून | जुलाई | अगस्त | सितंबर | सितम्बर | अक्टूबर | "
    "अक्तूबर | नवंबर | नवम्बर | दिसंबर | दिसम्बर | জানুয়ারি | ফেব্রুয়ারি | মার্চ | এপ্রিল | মে | জুন | জুলাই | আগস্ট | "
    "সেপ্টেম্বর | অক্টোবর | নভেম্বর | ডিসেম্বর"
)
_DATE_SHAPE = (
    rf"(?:\d{{1,2}}[./-]\d{{1,2}}[./-]\d{{2,4}}|\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}\s*{_HI_MONTHS}{_E}(?:,?\s*\d{{4}})?)"
)

_VALUE_RULES: tuple[tuple[re.Pattern[str], EntityType, float, str], ...] = (
    (re.compile(_B + _PHONE_LABELS + _NUMBER_WORDS + _E + _GLUE + _VALUE_PHONE), EntityType.PHONE, 0.85, "indic-phone"),
    (re.compile(_B + _DOB_LABELS + _E + _GLUE + rf"(?P<v>{_DATE_SHAPE})"), EntityType.DATE, 0.85, "indic-dob"),
    (
        re.compile(_B + _NATIONAL_LABELS + _NUMBER_WORDS + _E + _GLUE + _VALUE_ID),
        EntityType.NATIONAL_ID,
        0.9,
        "indic-id-label",
    ),
    (
        re.compile(_B + _ACCOUNT_LABELS + _NUMBER_WORDS + _E + _GLUE + _VALUE_ID),
        EntityType.BANK_ACCOUNT,
        0.88,
        "indic-account",
    ),
    (
        re.compile(_B + _ID_PREFIXES + r"\s*" + _NUMBER_WORD + _E + _GLUE + _VALUE_ID),
        EntityType.ID_OTHER,
        0.85,
        "indic-id-label",
    ),
    # any "<word> संख्या/नंबर:" of a form, with a colon
    (
        re.compile(_B + f"[{INDIC}]+\\s+" + _NUMBER_WORD + _E + r"[ \t]*[:：][ \t]*" + _VALUE_ID),
        EntityType.ID_OTHER,
        0.8,
        "indic-id-label",
    ),
)
_DATE_ANYWHERE = re.compile(
    rf"(?<!\d)\d{{1,2}}\s*{_HI_MONTHS}{_E}(?:,?\s*\d{{4}}(?!\d))?|(?<![{INDIC}]){_HI_MONTHS}{_E},?\s*\d{{4}}(?!\d)"
)
_NAME_VALUE = re.compile(_B + _NAME_LABELS + _E + r"[ \t]*(?:[:：–—-]+|:-)[ \t]*")
_ADDRESS_VALUE = re.compile(_B + _ADDRESS_LABELS + _E + r"(?:\s+है)?[ \t]*(?:[:：–—-]+|:-)[ \t]*")
_NAME_END = re.compile(r"[,，;।॥|/\\\n\r\t()\[\]{}<>\"“”=]|\s{2,}|\.(?:\s|$)|[0-9@#$%&*+_~^]")
_ADDRESS_END = re.compile(r"[\n\r|]|[।॥](?!\d)|\s{3,}")
_TITLE_AT = re.compile(
    label_re(
        "श्री | श्रीमती | सुश्री | कुमारी | डॉ. | डॉ | डा. | डॉक्टर | प्रो. | ডাঃ | ডা. | டாக்டர் | திரு | திருமதி | "
        "డా. | ડૉ. | ਡਾ. | ಡಾ. | ഡോ."
    )
    + r"[ \t]*"
)
_NEXT_FIELD = re.compile(r"(?<=\d)\.\s|(?<=\s)[^\s:：,]{2,24}\s*[:：]")
_HAS_INDIC = re.compile(f"[{INDIC}]")
_FIELD_GLUE = re.compile("[:：–—-]")
_DIGIT = re.compile(r"\d")
_LABEL_AHEAD = re.compile(f"[{INDIC}A-Za-z .]{{2,30}}[:：]")

# --- Indian identifiers by shape -----------------------------------------------------------------

# (the look-behinds stand after the first digit, with it: the same matches, but the engine skips straight to a
# digit 2-9 instead of testing them at every position)
_AADHAAR_GROUPED = re.compile(r"[2-9](?<!\d[2-9])(?<!\d[.,/-][2-9])\d{3}([ -])\d{4}\1\d{4}(?!\d|[.,/-]\d)")
_AADHAAR_BARE = re.compile(r"[2-9](?<!\d[2-9])(?<!\d[.,/-][2-9])\d{11}(?!\d|[.,/-]\d)")
_AADHAAR_CUE = re.compile(f"(?i:aadha+r|aadhar|uidai|\\buid\\b)|आधार|আধার|ஆதார்|ఆధార్|આધાર|ਆਧਾਰ|ಆಧಾರ್|ആധാർ|[{INDIC}]")
_AADHAAR_LABELLED = re.compile(
    r"(?i:(?<![A-Za-z])(?:aadhaa?r|adhaar|uid)(?:\s*(?:card|no\.?|number|num|#))?)\s*[:：#-]?\s*(?:is\s+|hai\s+)?"
    r"(?P<v>[2-9]\d{3}([ -]?)\d{4}\2\d{4})(?!\d)"
)
_PAN = re.compile(r"(?<![A-Za-z0-9])[A-Z]{3}[ABCFGHJLPT][A-Z]\d{4}[A-Z](?![A-Za-z0-9])")
_PAN_LABELLED = re.compile(
    r"(?i:(?<![A-Za-z])pan(?:\s*(?:card|no\.?|number))?)\s*[:：-]?\s*(?P<v>[A-Za-z]{3}[ABCFGHJLPTabcfghjlpt][A-Za-z]\d{4}[A-Za-z])(?![A-Za-z0-9])"
)
_UPI = re.compile(
    r"(?<![\w.@-])[\w.-]{2,64}@(?:ok(?:axis|sbi|hdfcbank|icici)|ybl|ibl|axl|apl|paytm|upi|ptyes|ptsbi|ptaxis|pthdfc|"
    r"yapl|rapl|icici|sbi|hdfcbank|axisbank|kotak|barodampay|aubank|idfcbank|indus|freecharge|jio|airtel|fam|"
    r"slice|naviaxis|kbl|federal|pnb|boi|cnrb|unionbank)(?![\w.@-])"
)
_STATES = (
    "AN|AP|AR|AS|BR|CH|CG|DD|DL|DN|GA|GJ|HP|HR|JH|JK|KA|KL|LA|LD|MH|ML|MN|MP|MZ|NL|OD|OR|PB|PY|RJ|SK|TN|TR|TS|UK|UP|WB"
)
_VEHICLE = re.compile(
    rf"(?<![A-Za-z0-9])(?:(?:{_STATES})[ -]?\d{{1,2}}[A-Z]?[ -]?[A-Z]{{1,3}}[ -]?\d{{4}}"
    r"|\d{2}[ -]?BH[ -]?\d{4}[ -]?[A-Z]{1,2})(?![A-Za-z0-9])"
)
# The shapes of all of them in one pass: twelve digits, a PAN, an "@", a vehicle registration.
_FOUR_DIGITS = re.compile(r"\d{4}")
_LATIN_GATE = re.compile(
    r"\d{4}[ -]?\d{4}[ -]?\d{4}|[A-Za-z]{5}\d{4}[A-Za-z]|@|[A-Z]{2}[ -]?\d{1,2}[A-Z]?[ -]?[A-Z]{1,3}[ -]?\d{4}"
    r"|\d{2}[ -]?BH[ -]?\d{4}"
)

_DIGIT_RUN = re.compile(r"\d{4,}")


def _latin_gate(text: str) -> bool:
    """``_LATIN_GATE.search(text) is not None``, read only around the runs of four digits or more: every branch but
    "@" holds four digits in a row, with at most 11 characters before them and 10 after."""
    if "@" in text:
        return True
    search = _LATIN_GATE.search
    return any(search(text, max(0, m.start() - 11), m.end() + 10) for m in _DIGIT_RUN.finditer(text))


def _entity(kind: EntityType, m: re.Match[str], score: float, source: str, group: str | int = 0) -> Entity:
    return Entity(kind, m.start(group), m.end(group), m.group(group), score, source)


def _valid_aadhaar(value: str) -> bool:
    return bool(aadhaar.is_valid(value))


def find_indian_ids(text: str, indic: bool) -> list[Entity]:
    """Aadhaar, PAN, UPI handles and vehicle registrations, in any script's text."""
    if ("@" not in text and _FOUR_DIGITS.search(text) is None) or not _latin_gate(text):
        return []  # (every branch of the gate but "@" holds four digits in a row: a much cheaper scan first)
    grouped = (m for m in _AADHAAR_GROUPED.finditer(text) if _valid_aadhaar(m.group()))
    bare = (
        m
        for m in _AADHAAR_BARE.finditer(text)
        if _AADHAAR_CUE.search(text, max(0, m.start() - 40), m.start()) and _valid_aadhaar(m.group())
    )
    found = [_entity(EntityType.NATIONAL_ID, m, 0.9, "aadhaar") for m in (*grouped, *bare)]
    found.extend(_entity(EntityType.NATIONAL_ID, m, 0.9, "pan") for m in _PAN.finditer(text) if pan.is_valid(m.group()))
    # after their label the writer says what it is: kept even if the check fails
    found.extend(_entity(EntityType.NATIONAL_ID, m, 0.9, "aadhaar", "v") for m in _AADHAAR_LABELLED.finditer(text))
    found.extend(_entity(EntityType.NATIONAL_ID, m, 0.9, "pan", "v") for m in _PAN_LABELLED.finditer(text))
    if "@" in text:
        found.extend(
            Entity(EntityType.ID_OTHER, m.start(), m.end(), m.group(), 0.85, "upi") for m in _UPI.finditer(text)
        )
    found.extend(
        Entity(EntityType.ID_OTHER, m.start(), m.end(), m.group(), 0.8, "vehicle-in") for m in _VEHICLE.finditer(text)
    )
    return found


# --- unlabelled Devanagari addresses ---------------------------------------------------------------

# Words before their value ("मकान नंबर 24", "सेक्टर 15", "जिला रामपुर") ...
_ADDRESS_WORDS = label_re(
    "मकान | मकान नंबर | मकान नं. | मकान संख्या | म. नं. | म.नं. | घर नंबर | घर नं. | फ्लैट | फ्लैट नंबर | फ्लैट नं. | प्लॉट | "
    "प्लॉट नंबर | हाउस नंबर | हाउस नं. | भवन | कमरा नंबर | गली | गली नंबर | गली नं. | सेक्टर | ब्लॉक | मोहल्ला | मुहल्ला | "
    "गांव | ग्राम | पोस्ट | पो. | पोस्ट ऑफिस | डाकघर | तहसील | तह. | जिला | ज़िला | जि. | थाना | वार्ड | फेज़ | मंज़िल | पिन | "
    "पिन कोड | पिनकोड | टोला | नगरपालिका | नगर निगम | पंचायत"
)
# ... and words after the name they end ("लाजपत नगर", "गांधी मार्ग", "साई अपार्टमेंट").
_ADDRESS_ENDINGS = label_re(
    "मार्ग | रोड | सड़क | नगर | कॉलोनी | कालोनी | विहार | पुरम | एन्क्लेव | बाग | चौक | बाज़ार | अपार्टमेंट | सोसाइटी | टावर | "
    "बस्ती | लेन | मोहल्ला"
)
_ADDRESS_ANCHOR = re.compile(
    f"(?<![{INDIC}])(?:{_ADDRESS_WORDS}(?![{INDIC}])|(?P<ending>{_ADDRESS_ENDINGS})(?![{INDIC}])|"
    f"[{INDIC}]+(?:नगर|विहार|पुरम|कॉलोनी|बाग|गंज|पुरा)(?![{INDIC}]))"
)
FUNCTION_WORDS = folded_words(
    "में मैं है हैं था थी थे और का की के को से पर ने तक भी ही तो या कि यह वह ये वो हम आप तुम मेरा मेरी मेरे हमारा "
    "हमारी हमारे उनका उनकी उनके उसका उसकी उसके इस उस जो रहता रहती रहते रहा रही रहे हूँ हो होता होती जाता करता "
    "नहीं लिए बाद पास साथ एक कृपया भेजें भेज दें पे वाला वाली वाले"
)
_TOKEN = re.compile(r"[^\s,]+")
_NAME_BEFORE = re.compile(r"(?:[^\s,]+\s+){1,2}$")
_PIN = re.compile(r"(?<!\d)(?<!\d[.,/-])[1-9]\d{2} ?\d{3}(?!\d|[.,/-]\d)")
_PIN_LABELLED = re.compile(
    _B + label_re("पिन | पिन कोड | पिनकोड | पिन नं. | पिन नंबर") + _E + _GLUE + r"(?P<v>[1-9]\d{2} ?\d{3})(?!\d)"
)
_CLAUSE = re.compile(r"(?:[^।॥\n!?;.]|(?<!\d)\.|\.(?=\S))+")  # a period ends one after a number ("… 211001. मेरा")
_SEGMENT = re.compile(r"[^,،]+")


def _function_word(word: str) -> bool:
    """A Hindi postposition, pronoun, auxiliary or conjunction ("में", "है", "और", "मेरा"): no part of an address."""
    return fold(word) in FUNCTION_WORDS


def _trim(text: str, start: int, end: int) -> int:
    """The end of the address part of ``text[start:end]``: before its first function word ("… जयपुर है")."""
    for w in _TOKEN.finditer(text, start, end):
        if _function_word(w.group()):
            return w.start()
    return end


def _skip_space(text: str, i: int) -> int:
    while i < len(text) and text[i].isspace():
        i += 1
    return i


def _indic_addresses(text: str) -> list[Entity]:
    """A run of comma-separated parts, one with an address word, one with a number (see the module docstring)."""
    found = [
        Entity(EntityType.ADDRESS, m.start("v"), m.end("v"), m.group("v"), 0.8, "indic-pin")
        for m in _PIN_LABELLED.finditer(text)
    ]
    if _ADDRESS_ANCHOR.search(text) is None:
        return found
    for clause in _CLAUSE.finditer(text):
        segments = [(m.start(), m.end()) for m in _SEGMENT.finditer(text, clause.start(), clause.end())]
        i = 0
        while i < len(segments):
            s, e = segments[i]
            anchor = _ADDRESS_ANCHOR.search(text, s, e)
            if anchor is None:
                i += 1
                continue
            start, end = anchor.start(), e
            if anchor.group("ending"):  # the name before "नगर", "मार्ग": up to two words, no everyday ones
                before = _NAME_BEFORE.search(text, s, start)
                for w in re.finditer(r"\S+", text[before.start() : start] if before else ""):
                    if not _function_word(w.group()):
                        start = before.start() + w.start() if before else start
                        break
            if i > 0 and start == _skip_space(text, s):
                ps, pe = segments[i - 1]  # a house number before it: "B-12, लाजपत नगर"
                if len(text[ps:pe].split()) <= 2 and any(c.isdigit() for c in text[ps:pe]):
                    start = _skip_space(text, ps)
            end = _trim(text, anchor.end(), e)
            has_number = any(c.isdigit() for c in text[start:end])
            j = i + 1
            while j < len(segments) and end == e:  # the next part, unless this one went on with other words
                ss, se = segments[j]
                part = text[ss:se]
                if _ADDRESS_ANCHOR.search(text, ss, se) or _PIN.search(part) or len(part.split()) <= 2:
                    e = se
                    end = _trim(text, ss, se)
                    has_number = has_number or any(c.isdigit() for c in text[ss:end])
                    j += 1
                    continue
                break
            value = text[start:end].rstrip(" .-–")
            pin = list(_PIN.finditer(value))
            if pin and not _ADDRESS_ANCHOR.search(value, pin[-1].end()):
                value = value[: pin[-1].end()]  # stop at the PIN code ("… 302016 है")
            if has_number and (j > i + 1 or _PIN.search(value) or len(value.split()) >= 2):
                found.append(Entity(EntityType.ADDRESS, start, start + len(value), value, 0.85, "indic-address"))
            i = j
    return found


# --- labelled names and addresses, values after labels --------------------------------------------


def _labelled_free_text(text: str) -> list[Entity]:
    found: list[Entity] = []
    for m in _NAME_VALUE.finditer(text):
        title = _TITLE_AT.match(text, m.end())
        start = title.end() if title else m.end()
        stop = _NAME_END.search(text, start, min(len(text), start + 60))
        value = text[start : stop.start() if stop else min(len(text), start + 60)].rstrip(" .:-")
        words = value.split()
        if not 1 <= len(words) <= 5 or not all(any(c.isalpha() for c in w) for w in words):
            continue
        if _LABEL_AHEAD.match(value):
            continue  # an empty field followed by the next label
        found.append(Entity(EntityType.PERSON, start, start + len(value), value, 0.85, "indic-name-label"))
    for m in _ADDRESS_VALUE.finditer(text):
        start = m.end()
        stop = _ADDRESS_END.search(text, start, min(len(text), start + 160))
        end = stop.start() if stop else min(len(text), start + 160)
        # the next field on the same line ("… 201301. फ़ोन …", "… जयपुर, मोबाइल: …") ends the address
        patterns = [rule[0] for rule in _VALUE_RULES] + [_NAME_VALUE, _NEXT_FIELD]
        ahead = [p.search(text, start, end) for p in patterns]
        end = min([a.start() for a in ahead if a is not None] + [end])
        value = text[start:end].rstrip(" .,;:-")
        if m.group().isascii() and not _HAS_INDIC.search(value):
            continue  # "Address: 1 Main Street" is the Latin finders' (addresses.py)
        if len(value) >= 4:
            found.append(Entity(EntityType.ADDRESS, start, start + len(value), value, 0.86, "indic-address-label"))
    return found


def _after_labels(text: str) -> list[Entity]:
    found: list[Entity] = []
    for pattern, kind, score, source in _VALUE_RULES:
        for m in pattern.finditer(text):
            value = m.group("v").rstrip(" .-/")
            if kind is not EntityType.DATE and (len(value) < 4 or not any(c.isdigit() for c in value)):
                continue
            if kind is EntityType.PHONE and sum(c.isdigit() for c in value) < 7:
                continue
            start = m.start("v")
            found.append(Entity(kind, start, start + len(value), value, score, source))
    return found


def find_indic_dates(text: str) -> list[Entity]:
    """Dates written with month names ("12 मार्च 1980"); the caller keeps them only in a text about someone."""
    return [
        Entity(EntityType.DATE, m.start(), m.end(), m.group(), 0.85, "indic-date")
        for m in _DATE_ANYWHERE.finditer(text)
    ]


def find_indic_values(text: str) -> list[Entity]:
    """Labelled names and addresses, values after labels and addresses in a text known to hold Indic letters."""
    found = _labelled_free_text(text) if _FIELD_GLUE.search(text) else []
    if _DIGIT.search(text):  # every other value holds a digit
        found.extend(_after_labels(text))
        found.extend(_indic_addresses(text))
    return found
