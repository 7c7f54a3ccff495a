"""Stop sequences read as what they are: a speaker's tag (``"\\nनसरीन:"``, ``"\\nUser:"``), not a sentence (issue 16).

A chat client's ``stop`` usually holds the tag that begins the next turn of a transcript. Such a tag names a
role (User, Assistant, Kunde, 사용자, उपयोगकर्ता … — a closed class, listed below in the languages users write
in) or a participant, whose name the detector often cannot tell from a bare word of its script with no
sentence around it. :func:`speaker_tag` splits a stop sequence into its role words and the rest;
:func:`tag_name` is the rest when it is a name written in a non-Latin script (fail closed: a stop sequence is
short and a false finding only costs a placeholder the model sees everywhere else too). A tag made only of
role words is no finding at all (``"\\nKunde:"``, ``"\\nUsuario:"``).
"""

from __future__ import annotations

import re

__all__ = ["is_role_tag", "speaker_tag", "tag_name"]


def _words(text: str) -> list[str]:
    """The words of a space-separated list (long vocabularies read better as text than as list literals)."""
    return text.split()


_TAG = re.compile(r"\s*(?P<who>[^\s:：#\[\]<>{}|`*=/\\][^:：\n#\[\]<>{}|`*=/\\]{0,40}?)\s*[:：]\s*")
# Roles a transcript's turns are tagged with (case-folded), in the languages of the level table and others.
_ROLES = frozenset(
    _words(
        "user users assistant human ai bot system model q a question answer observation thought action input "
        "output result response customer client agent operator support doctor dr patient teacher student "
        "interviewer candidate narrator host guest me you final "
        # the parts of a scene a model is asked to write (issue 16, HC)
        "tourist guide waiter barista seller buyer turista guía camarero vendedor comprador touriste serveur vendeur "
        "reiseleiter kellner verkäufer guida cameriere venditore "
        "kunde kundin benutzer nutzer assistent frage antwort arzt ärztin patientin "
        "usuario usuaria asistente pregunta respuesta cliente médico paciente "
        "utilisateur utilisatrice réponse médecin "
        "utente domanda risposta medico "
        "gebruiker vraag antwoord klant "
        "użytkownik asystent pytanie odpowiedź klient lekarz pacjent "
        "kullanıcı asistan soru cevap müşteri doktor hasta "
        "pengguna asisten pertanyaan jawaban pelanggan "
        "người dùng trợ lý khách hàng bác sĩ bệnh nhân "
        "пользователь ассистент помощник вопрос ответ клиент оператор врач пациент користувач асистент "
        "χρήστης βοηθός ερώτηση απάντηση πελάτης γιατρός ασθενής "
        "משתמש עוזר לקוח שאלה תשובה רופא מטופל "
        "مستخدم المستخدم المساعد مساعد العميل عميل سؤال جواب طبيب مريض "
        "کاربر دستیار مشتری پاسخ سوال پرسش پزشک بیمار صارف معاون "
        "उपयोगकर्ता सहायक ग्राहक प्रश्न उत्तर डॉक्टर रोगी मरीज़ मरीज "
        "ব্যবহারকারী সহকারী গ্রাহক প্রশ্ন উত্তর ডাক্তার রোগী "
        "பயனர் உதவியாளர் வாடிக்கையாளர் கேள்வி பதில் மருத்துவர் நோயாளி "
        "ผู้ใช้ ผู้ช่วย ลูกค้า คำถาม คำตอบ แพทย์ ผู้ป่วย "
        "사용자 상담사 고객 어시스턴트 질문 답변 의사 환자 상담원 "
        "ユーザー アシスタント 質問 回答 顧客 お客様 医師 患者 "
        "用户 用戶 助手 客户 客戶 问 答 问题 回答 客服 医生 患者 "
        "ተጠቃሚ ረዳት ደንበኛ ጥያቄ መልስ ሐኪም ታካሚ "
        "mtumiaji msaidizi mteja swali jibu daktari mgonjwa gumagamit katulong"
    )
)


def speaker_tag(stop: str) -> tuple[list[str], str] | None:
    """``"\\nKlient Jan Nowak:"`` → (``["klient"]``, ``"Jan Nowak"``); None when ``stop`` is no speaker's tag."""
    m = _TAG.fullmatch(stop)
    if m is None:
        return None
    words = m.group("who").split()
    if not 1 <= len(words) <= 5:
        return None
    roles: list[str] = []
    while words and words[0].casefold().rstrip(".") in _ROLES:
        roles.append(words.pop(0).casefold())
    return roles, " ".join(words)


def is_role_tag(stop: str) -> bool:
    """A tag made only of role words (``"\\nUser:"``, ``"\\n사용자:"``): no one's name."""
    tag = speaker_tag(stop)
    return tag is not None and bool(tag[0]) and not tag[1]


def tag_name(stop: str) -> str | None:
    """The name in a speaker's tag written in a non-Latin script (``"\\nनसरीन:"`` → ``"नसरीन"``), else None."""
    tag = speaker_tag(stop)
    if tag is None or not tag[1]:
        return None
    rest = tag[1]
    if any(c.isascii() and c.isalpha() for c in rest) or any(c.isdigit() for c in rest):
        return None  # Latin-script names are the detector's (it reads them well alone); digits: no name
    return rest if any(c.isalpha() for c in rest) else None
