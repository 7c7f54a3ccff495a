"""Names in Telugu, Kannada, Malayalam, Gurmukhi (Punjabi) and Sinhala text, each with a second sign.

These languages have no word-frequency list in ``wordfreq``, so an everyday word cannot be told from a rare one;
a name is taken only where the text says a person is named (the name keys are :mod:`.names_brahmic`'s):

- **a title before it** (డా., శ్రీమతి, ಶ್ರೀ, ഡോ., ਪ੍ਰੋ., ආචාර්ය, වෛද්‍ය …): one word whatever it is, more while
  they are listed names or the run ends at punctuation or an honorific;
- **an honorific after it** (గారు, ಅವರು, സാർ, ਜੀ, මහතා, මහත්මිය, මෙනවිය … with their case endings: గారికి,
  ಅವರಿಗೆ, സാറിന്, මහතාට): the word before it, and listed names before that;
- **an introduction**: "my name" (నా పేరు, ನನ್ನ ಹೆಸರು, എന്റെ പേര്, ਮੇਰਾ ਨਾਮ, මගේ නම), any "… name" word followed
  by a value (మా మేనేజర్ పేరు రవితేజ), "I am X." (నేను X., ഞാൻ X.), a kin or role word (నా భార్య సుజాతకి,
  ਮੇਰੀ ਪਤਨੀ ਹਰਪ੍ਰੀਤ, යජමාన, සරපංච్) and a form label with a colon (రోగి:, ಕಕ್ಷಿದಾರರು:, ഉടമ:, ਵਿਦਿਆਰਥੀ:, නම:; any
  label that is an agent noun: -ದಾರರು, -ವವರು, -దారు, -කරු);
- **initials** before a word, as South India and Sri Lanka write names (కె. వి. సుధాకర్, එච්. එම්. දිනේෂ්): two
  initials, or one before a listed name;
- **given name and family name** (a listed family name after any word that is no everyday word of the lists below)
  in a text about someone;
- **a value of names alone** (a tool argument of two to four words), when a listed given name starts it, a listed
  family name ends it or a word ends like a family name of the region (-శెట్టి, -ಪ್ಪ, -സിംഹ …).

A name found only by a title, an honorific or initials in a question about no one the writer deals with ("ಕುವೆಂಪು ಅವರಿಗೆ
ಜ್ಞಾನಪೀಠ ಯಾವ ಕೃತಿಗೆ ಸಿಕ್ಕಿತು?") is a public figure and is left. The everyday words that end or refuse a name
(pronouns, postpositions, question words, frequent verbs, kin and role words) are curated short lists.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .entities import Entity, EntityType
from .indic_values import INDIC, fold
from .names_brahmic import brahmic_names, key, script_of

__all__ = ["SOUTH", "about_someone_south", "find_south_names", "south_name_alone"]

SOUTH = re.compile("[\u0a00-\u0a7f\u0c00-\u0dff]")  # Gurmukhi, Telugu, Kannada, Malayalam, Sinhala letters
_W = f"[{INDIC}]"


def _split(words: str) -> list[str]:
    return words.split()


def _alt(words: str) -> str:
    return "|".join(sorted((re.escape(w) for w in words.split("|") if w.strip()), key=len, reverse=True)).replace(
        r"\ ", r"\s+"
    )


_TITLES = _alt(
    "డా.|డాక్టర్|శ్రీ|శ్రీమతి|శ్రీయుత|కుమారి|ప్రొ.|ప్రొఫెసర్|ಡಾ.|ಡಾಕ್ಟರ್|ಶ್ರೀ|ಶ್ರೀಮತಿ|ಕುಮಾರಿ|ಪ್ರೊ.|ಪ್ರೊಫೆಸರ್|"
    "ഡോ.|ഡോക്ടർ|ശ്രീ|ശ്രീമതി|കുമാരി|പ്രൊഫ.|പ്രൊഫസർ|ਡਾ.|ਡਾਕਟਰ|ਸ੍ਰੀ|ਸ਼੍ਰੀ|ਸ਼੍ਰੀਮਤੀ|ਪ੍ਰੋ.|ਪ੍ਰੋਫੈਸਰ|ਸਰਦਾਰ|ਬੀਬੀ|"
    "ආචාර්ය|මහාචාර්ය|වෛද්‍ය|වෛද්ය|දොස්තර|ගරු|ශ්‍රීමත්|සහෝදර|නීතිඥ"
)
_HONORIFICS = (
    "గారు|గారి|గారికి|గారికే|గారిని|గారితో|గారూ|మేడం|మేడమ్|సార్|ಅವರು|ಅವರಿಗೆ|ಅವರೇ|ಅವರ|ಅವರನ್ನು|ಅವರಿಂದ|ಸರ್|ಮೇಡಂ|"
    "സാർ|സാറിന്|സാറിനെ|സാറിന്റെ|മാഡം|ചേട്ടൻ|ചേച്ചി|ജി|ਜੀ|ਸਾਹਿਬ|ਸਾਹਬ|"
    "මහතා|මහතාට|මහතාගේ|මහතාව|මහත්මිය|මහත්මියට|මහත්මියගේ|මෙනවිය|මෙනවියට|මිය|මයා"
)
_HONORIFIC = re.compile(f"(?<!{_W})(?:{_alt(_HONORIFICS)})(?!{_W})")
_TITLE = re.compile(f"(?<!{_W})(?:{_TITLES})(?!{_W}|\\.)[ \t]*(?=[{INDIC}])")
_MY_NAME = _alt("నా పేరు|ನನ್ನ ಹೆಸರು|എന്റെ പേര്|ਮੇਰਾ ਨਾਮ|ਮੇਰਾ ਨਾਂ|මගේ නම|මාගේ නම")
_NAME_WORD = _alt("పేరు|ಹೆಸರು|പേര്|ਨਾਮ|ਨਾਂ|නම")
_I_AM = _alt("నేను|ನಾನು|ഞാൻ|ਮੈਂ|මම")
_KIN = (
    "భార్య|భర్త|అబ్బాయి|అమ్మాయి|కొడుకు|కూతురు|పాప|అమ్మ|నాన్న|అన్న|అక్క|తమ్ముడు|చెల్లి|మేనేజర్|యజమాని|టీచర్|"
    "నర్సు|ఇంచార్జి|లాయర్|స్నేహితుడు|స్నేహితురాలు|ಮಗಳು|ಮಗ|ಹೆಂಡತಿ|ಗಂಡ|ಅಮ್ಮ|ಅಪ್ಪ|ತಂದೆ|ತಾಯಿ|ಶಿಕ್ಷಕಿ|ಶಿಕ್ಷಕ|"
    "ವ್ಯವಸ್ಥಾಪಕ|ಮಾಲೀಕ|ಸ್ನೇಹಿತ|ഭാര്യ|ഭർത്താവ്|മകൻ|മകൾ|അമ്മ|അച്ഛൻ|വീട്ടുടമസ്ഥൻ|ഹെഡ്മാസ്റ്റർ|ടീച്ചർ|മാനേജർ|"
    "സുഹൃത്ത്|ਪਤਨੀ|ਪਤੀ|ਪੁੱਤਰ|ਧੀ|ਭਰਾ|ਭੈਣ|ਮਾਂ|ਪਿਤਾ|ਸਰਪੰਚ|ਅਧਿਆਪਕ|ਮੈਨੇਜਰ|ਦੋਸਤ|පුතා|දුව|බිරිඳ|සැමියා|"
    "අම්මා|තාත්තා|අයියා|අක්කා|මල්ලි|නංගි|කළමනාකරු|විදුහල්පති|ගුරුතුමා|ගුරුතුමිය|යාළුවා|හිමි"
)
_KIN_RE = re.compile(f"(?<!{_W})(?:{_alt(_KIN)})(?!{_W})[ \t]+")
_LABEL = re.compile(
    f"(?<!{_W})(?:"
    + _alt(
        "పేరు|పూర్తి పేరు|రోగి|విద్యార్థి|తండ్రి|తల్లి|దరఖాస్తుదారు|ఖాతాదారు|కుటుంబ పెద్ద|వైద్యులు|ఉపాధ్యాయుడు|నామినీ|"
        "ಹೆಸರು|ರೋಗಿ|ವಿದ್ಯಾರ್ಥಿ|ಕ್ಲೈಂಟ್|ಮಾಲೀಕರು|ಶಿಕ್ಷಕರು|ವೈದ್ಯರು|ಪೇರು|പേര്|രോഗി|ഉടമ|അപേക്ഷകൻ|അപേക്ഷക|"
        "വിദ്യാർത്ഥി|ഡോക്ടർ|അധ്യാപകൻ|അധ്യാപിക|ക്ലയന്റ്|ਨਾਮ|ਨਾਂ|ਮਰੀਜ਼|ਵਿਦਿਆਰਥੀ|ਅਧਿਆਪਕ|ਬਿਨੈਕਾਰ|ਖਾਤਾਧਾਰਕ|"
        "ਮਾਲਕ|ਕਿਰਾਏਦਾਰ|ਦਸਤਖ਼ਤ|ਦਸਤਖਤ|ਗਾਹਕ|ਪਿਤਾ|ਮਾਤਾ|ਪਤੀ|ਪਤਨੀ|නම|සම්පූර්ණ නම|රෝගියා|ශිෂ්‍යයා|සිසුවා|පියා|මව|"
        "අයදුම්කරු|ගිණුම් හිමියා|විදුහල්පති|පන්ති භාරාචාර්ය|ගුරුවරයා|සේවාදායකයා|" + _KIN
    )
    + f"|{_W}+(?:ದಾರರು|ದಾರ|ವವರು|దారు|దారుడు|കാരൻ|കാരി|ਧਾਰਕ|කරු|කාරිය|හිමියා))"
    + r"[ \t]*[:：–—-][ \t]*"
)
_INITIAL = re.compile(f"(?<!{_W})({_W}{{1,5}}\\.[ \t]*)")
# Everyday words that end a name or are none (pronouns, postpositions, question words, copulas, frequent verbs).
_STOP = (
    frozenset(
        fold(w)
        for w in _split(
            "నా మా మీ మీరు నేను మేము ఆమె అతను ఆయన ఈ ఆ ఒక ఏమిటి ఏంటి ఎవరు ఎక్కడ ఎప్పుడు ఎలా ఎందుకు ఉంది "
            "ఉన్నారు లేదు కాదు కూడా మరియు లో తో కి కు కోసం గురించి చేయండి రాయండి చెప్పండి పంపండి పొందిన "
            "పెట్టారు సరే ನನ್ನ ನಮ್ಮ ನಿಮ್ಮ ನಾನು ನೀವು ಅವರು ಅವಳು ಅವನು ಈ ಆ ಒಂದು ಏನು ಯಾರು ಎಲ್ಲಿ ಯಾವ ಇದೆ ಇಲ್ಲ "
            "ಮತ್ತು ಬಗ್ಗೆ ಬರೆಯಿರಿ ಮಾಡಿ എന്റെ ഞങ്ങളുടെ നിങ്ങളുടെ ഞാൻ അവൻ അവൾ ഈ ആ ഒരു എന്ത് എന്താണ് ആര് ആരാണ് "
            "ഉണ്ട് ഇല്ല അല്ല എന്നാൽ ഒപ്പം ਮੇਰਾ ਮੇਰੀ ਮੇਰੇ ਸਾਡਾ ਸਾਡੇ ਤੁਹਾਡਾ ਮੈਂ ਉਹ ਇਹ ਇੱਕ ਕੀ ਕੌਣ ਹੈ ਹਾਂ ਸੀ "
            "ਨਹੀਂ ਅਤੇ ਤੇ ਨੂੰ ਦਾ ਦੀ ਦੇ ਨੇ ਵਿੱਚ ਲਈ ਵੱਲੋਂ ਨਾਲ මගේ අපේ ඔබේ මම ඔහු ඇය මේ ඒ එක කුමක්ද මොකක්ද කවුද "
            "ඇත නැත සහ හා ද යි නිසා දැන් සඳහා ගැන"
        )
    )
    | frozenset(fold(w) for w in _KIN.split("|"))
    | frozenset(fold(w) for w in _HONORIFICS.split("|"))
)
# Case endings a name takes in running text (stripped to look it up): Telugu కి/కు/ని, Kannada ಗೆ/ಳ, Malayalam
# ന്റെ/ക്ക്/യുടെ/വിന്, Sinhala ට/ගේ
_ENDINGS = tuple(
    sorted(
        (
            fold(e)
            for e in _split(
                "కి కు ని ను తో కే గారు ಗೆ ಿಗೆ ನಿಗೆ ಳಿಗೆ ಳ ನ ರ ವರು ിന്റെ ന്റെ ിന് ിനെ വിന്റെ വിന് വിനെ യുടെ ുടെ "
                "യ്ക്ക് ക്ക് യെ ിൽ ും ට ගේ ගෙන් ව ත් ටත්"
            )
        ),
        key=len,
        reverse=True,
    )
)
# Endings of family and given names of the region ("మేడిశెట్టి", "ಚನ್ನಬಸಪ್ಪ", "ವಿಕ್ರಮಸಿಂಹ"), as keys
_NAME_ENDS = tuple(
    key(e)
    for e in _split(
        "శెట్టి రెడ్డి రావు య్య మ్మ బాబు లక్ష్మి ఆంజనేయులు ాంజనేయులు ేశ్వర్లు ಶೆಟ್ಟಿ ಪ್ಪ ಮ್ಮ ಯ್ಯ ಗೌಡ "
        "ಸ್ವಾಮಿ ಲಕ್ಷ್ಮಿ കുട്ടി ലക്ഷ്മി സിംഹ ਪ੍ਰੀਤ ਜੀਤ ਵਿੰਦਰ ਦੀਪ ਸਿੰਘ ਕੌਰ සිංහ රත්න නායක සූරිය වර්ධන "
        "සේකර තිලක කෝන් ආරච්චි"
    )
)
_END_PUNCT = re.compile(r"[ \t]*(?:[,，;:.!?।॥()\"'\n]|$)")
_VERB_ENDS = tuple(fold(e) for e in ["ాను", "ను", "ೇನೆ", "ನೆ", "ನು", "ുന്നു", "ാം", "ਾਂ", "මි"])
_QUESTION = re.compile(r"[?？]\s*$")


_PERSONAL = re.compile(
    f"(?<!{_W})(?:{_MY_NAME}|{_I_AM}|{_alt(_KIN)}|"
    + _alt("నా|మా|నాకు|మాకు|ನನ್ನ|ನಮ್ಮ|ನನಗೆ|എന്റെ|ഞങ്ങളുടെ|എനിക്ക്|ਮੇਰਾ|ਮੇਰੀ|ਮੇਰੇ|ਸਾਡੇ|ਸਾਡਾ|ਮੈਨੂੰ|මගේ|අපේ|මට|මාගේ")
    + f")(?!{_W})"
)


def about_someone_south(text: str) -> bool:
    """Whether the text speaks of the writer or someone they deal with (a first-person, kin or role word)."""
    return _PERSONAL.search(text) is not None


@lru_cache(maxsize=16384)
def _look(word: str) -> tuple[bool, bool]:
    """Whether ``word`` (or its stem without a case ending) is a listed given name, a listed family name."""
    names = brahmic_names()
    w = fold(word)
    forms = [w] + [w[: -len(e)] for e in _ENDINGS if w.endswith(e) and len(w) > len(e) + 1]
    for f in forms:
        k = key(f)
        first, last = names.is_first(k), k in names.last
        if first or last:
            return first, last
    return False, False


def _listed(word: str) -> bool:
    return any(_look(word))


def _stop(word: str) -> bool:
    return fold(word) in _STOP


def _name_like(word: str) -> bool:
    return _listed(word) or key(word).endswith(_NAME_ENDS)


def _person(text: str, start: int, end: int, score: float, source: str) -> Entity:
    return Entity(EntityType.PERSON, start, end, text[start:end], score, source)


def _run(text: str, tokens: list[re.Match[str]], at: int, limit: int = 3) -> list[re.Match[str]]:
    """The tokens from the one starting at ``at``, joined by one space, none an everyday word, at most ``limit``."""
    first = next((i for i, m in enumerate(tokens) if m.start() == at), None)
    if first is None:
        return []
    out: list[re.Match[str]] = []
    for m in tokens[first : first + limit]:
        if out and text[out[-1].end() : m.start()] not in (" ", "\u00a0"):
            break
        if _stop(m.group()) or _HONORIFIC.fullmatch(m.group()):
            break
        out.append(m)
    return out


def _ends(text: str, m: re.Match[str]) -> bool:
    """Whether a name may end after ``m``: punctuation, the end, or an honorific follows."""
    if _END_PUNCT.match(text, m.end()):
        return True
    rest = text[m.end() :].lstrip(" \t")
    h = _HONORIFIC.match(rest)
    return h is not None


def _take(text: str, run: list[re.Match[str]], first_any: bool, loose: bool = True) -> list[re.Match[str]]:
    """The longest prefix of ``run`` that is a name: later words listed, or (``loose``) the run ending at
    punctuation."""
    if not run or (not first_any and not _name_like(run[0].group())):
        return []
    for k in range(len(run), 0, -1):
        if k == 1 or all(_name_like(m.group()) for m in run[1:k]) or (loose and _ends(text, run[k - 1])):
            return run[:k]
    return run[:1]


def find_south_names(text: str, tokens: list[re.Match[str]], about_someone: bool) -> list[Entity]:
    """PERSON entities in Telugu, Kannada, Malayalam, Gurmukhi and Sinhala text (see the module docstring)."""
    found: list[Entity] = []
    weak: list[Entity] = []  # only a title, an honorific or initials: dropped in a question about no one

    def add(run: list[re.Match[str]], score: float, source: str, start: int | None = None) -> None:
        if run and script_of(run[0].group()[0]) is not None:
            found.append(_person(text, run[0].start() if start is None else start, run[-1].end(), score, source))

    for m in _TITLE.finditer(text):
        if _INITIAL.match(text, m.end()):
            continue  # "ආචාර්ය ඊ. ඩබ්ලිව්. අදිකාරම්": the initials' rule takes it
        run = _take(text, _run(text, tokens, m.end()), True)
        if run:
            weak.append(_person(text, run[0].start(), run[-1].end(), 0.8, "names-south-title"))
    for m in _HONORIFIC.finditer(text):
        before = [t for t in tokens if t.end() <= m.start()][-3:]
        named: list[re.Match[str]] = []
        for t in reversed(before):
            gap = text[t.end() : (named[0].start() if named else m.start())]
            if gap not in (" ", "\u00a0") or _stop(t.group()) or re.search(r"\d", gap):
                break
            if named and not _name_like(t.group()):
                break
            named.insert(0, t)
        if named and script_of(named[0].group()[0]) is not None:
            weak.append(_person(text, named[0].start(), named[-1].end(), 0.75, "names-south-honorific"))
    intro = re.compile(
        f"(?<!{_W})(?:(?:{_MY_NAME}|{_NAME_WORD})(?!{_W})[ \t]*[:：–-]?|(?P<i>{_I_AM})(?!{_W}))[ \t]+(?=[{INDIC}])"
    )
    for m in intro.finditer(text):
        run = _run(text, tokens, m.end())
        # "I am X.": the run must end the sentence, and no word of it is a verb of the first person (or X is listed)
        plain = run and _ends(text, run[-1]) and not any(fold(t.group()).endswith(_VERB_ENDS) for t in run)
        if m.group("i") and not plain and not (run and _listed(run[0].group())):
            continue
        add(_take(text, run, True), 0.8, "names-south-intro")
    for m in _KIN_RE.finditer(text):
        run = _run(text, tokens, m.end())
        if run and not (len(run) == 1 and fold(run[0].group()).endswith(_VERB_ENDS)):
            add(_take(text, run, True, loose=False), 0.7, "names-south-kin")  # "అబ్బాయి కార్తీక్‌కి డిప్రెషన్,"
    for m in _LABEL.finditer(text):
        start = m.end()
        title = _TITLE.match(text, start)
        run = _run(text, tokens, title.end() if title else start, 4)
        while run and _ends(text, run[-1]):
            add(run, 0.85, "names-south-label")
            # a list of people after one label: "ਵਿਦਿਆਰਥੀ: ਅਰਸ਼ਦੀਪ, ਨਵਜੋਤ।"
            comma = re.compile(r"[ \t]*[,，][ \t]*").match(text, run[-1].end())
            run = _run(text, tokens, comma.end(), 3) if comma else []
    for m in _INITIAL.finditer(text):
        if m.start() and text[m.start() - 1] == ".":
            continue
        initials = [m]
        while (n := _INITIAL.match(text, initials[-1].end())) is not None:
            initials.append(n)
        run = _run(text, tokens, initials[-1].end(), 2)
        if run and (len(initials) >= 2 or _listed(run[0].group())) and not any(c.isdigit() for c in m.group()):
            run = _take(text, run, True)
            weak.append(_person(text, m.start(), run[-1].end(), 0.8, "names-south-initials"))
    if about_someone:
        for i in range(len(tokens) - 1):
            a, b = tokens[i], tokens[i + 1]
            if text[a.end() : b.start()] != " " or _stop(a.group()) or _stop(b.group()):
                continue
            fa, _ = _look(a.group())
            fb, lb = _look(b.group())
            if (lb and (fa or script_of(a.group()[0]) is not None)) or (fa and fb):
                add([a, b], 0.75, "names-south-pair")
    question = _QUESTION.search(text) is not None
    if weak and not (question and not about_someone):  # "ಕುವೆಂಪು ಅವರಿಗೆ … ಸಿಕ್ಕಿತು?" names a public figure
        found.extend(weak)
    return found


_ALONE = re.compile(rf"\s*(?:[A-Za-z][\w .-]{{0,40}}:\s*)?[{INDIC}.]+(?: [{INDIC}.]+){{1,3}}\s*")


def south_name_alone(text: str, tokens: list[re.Match[str]]) -> list[Entity]:
    """A value of two to four words that is a name of the region ("ನಾಗರಾಜ್ ಶೆಟ್ಟಿ", "ਮਨਦੀਪ ਕੌਰ ਗਰੇਵਾਲ")."""
    if not 2 <= len(tokens) <= 4 or not _ALONE.fullmatch(text) or script_of(tokens[0].group()[0]) is None:
        return []
    words = [t.group() for t in tokens]
    if any(_stop(w) for w in words):
        return []
    first = _look(words[0])[0]
    last = _look(words[-1])[1]
    if first or last or any(key(w).endswith(_NAME_ENDS) for w in words):
        return [_person(text, tokens[0].start(), tokens[-1].end(), 0.75, "names-south-alone")]
    if len(tokens) == 2 and len(words[-1]) <= 2:  # a name and an initial without its period: "ಸಿಂಚನಾ ಎಂ"
        return [_person(text, tokens[0].start(), tokens[-1].end(), 0.75, "names-south-alone")]
    return []
