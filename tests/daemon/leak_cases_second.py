"""The second held-out leak set: realistic requests with planted sensitive values, for test_leaks_second.py.

Written without looking at the detector, its lexicons, its tests or the first held-out set, after the
team had fixed what the first set found; nothing here was tuned or changed after a run. Each case is one
chat request as a user would send it to ``islandrun serve`` and the exact substrings that must never reach
a lower-trust island, grouped by the field they were put in:

- ``content`` / ``parts``: a message's string content / its list of text parts;
- ``system``: the system prompt;
- ``name``: a message's ``name`` field;
- ``multi_turn``: a value written earlier in another form (lower case, inside a URL or a handle) and
  recognisable only from a later turn;
- ``tool_desc`` / ``tool_param_desc`` / ``tool_enum``: a tool definition's description, a parameter's
  description, a parameter's ``enum`` values;
- ``tool_args`` / ``tool_args_number``: strings / numbers in an assistant tool call's JSON arguments;
- ``escaped_quote``: a secret with a ``"`` inside tool-call arguments;
- ``tool_result_escaped``: a tool result that is JSON with ``\\uXXXX`` escapes;
- ``stop``: the request's stop sequences.

Domains the first set may not have stressed: insurance claims, school and child records, immigration
paperwork, pharmacy orders, banking chats, dating-app messages, real-estate contracts, police and
incident reports, CRM exports pasted as CSV/JSON, logs with tokens and IPs, git/SSH configuration and
calendar invites. Identifiers with check digits (IBANs, cards, national IDs) are valid but invented; so
are the keys, tokens, people and addresses.

``expect`` is "sanitize" (text can always be sanitised, so a refusal is a failure, though not a leak) or
"either" (a private key: refusing the request is as good as sanitising it).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

# ---------------------------------------------------------------- building blocks


@dataclass(frozen=True)
class LeakCase:
    id: str
    lang: str
    domain: str
    body: dict[str, Any]
    planted: dict[str, tuple[str, ...]] = field(default_factory=dict)
    expect: str = "sanitize"

    def values(self) -> list[tuple[str, str]]:
        """(field, value) for every planted value."""
        return [(f, v) for f, values in self.planted.items() for v in values]


def user(content: str | list[dict[str, str]], name: str | None = None) -> dict[str, Any]:
    message: dict[str, Any] = {"role": "user", "content": content}
    if name:
        message["name"] = name
    return message


def parts(*texts: str) -> list[dict[str, str]]:
    return [{"type": "text", "text": t} for t in texts]


def system(text: str) -> dict[str, Any]:
    return {"role": "system", "content": text}


def assistant(text: str) -> dict[str, Any]:
    return {"role": "assistant", "content": text}


def call(function: str, arguments: dict[str, Any], call_id: str = "call_1", ascii_only: bool = False) -> dict[str, Any]:
    """An assistant turn that called a tool, its arguments as JSON text (as clients send them)."""
    text = json.dumps(arguments, ensure_ascii=ascii_only)
    function_call = {"id": call_id, "type": "function", "function": {"name": function, "arguments": text}}
    return {"role": "assistant", "content": None, "tool_calls": [function_call]}


def result(value: Any, call_id: str = "call_1", every: bool = False) -> dict[str, Any]:
    """A tool result as JSON text with \\uXXXX escapes: every non-ASCII character (as Python's and many
    servers' default encoders write it) and, with ``every``, every ASCII character that is not a letter,
    a digit or a space as well (as HTML-safe encoders do)."""
    return {"role": "tool", "tool_call_id": call_id, "content": escaped_json(value, every)}


def escaped_json(value: Any, every: bool = False) -> str:
    if isinstance(value, str):
        out = []
        for char in value:
            if char.isascii() and (char.isalnum() or char == " " or not every) and char not in '"\\':
                out.append(char if char.isprintable() else f"\\u{ord(char):04x}")
            else:
                units = char.encode("utf-16-be")
                out += [f"\\u{int.from_bytes(units[i : i + 2], 'big'):04x}" for i in range(0, len(units), 2)]
        return '"' + "".join(out) + '"'
    if isinstance(value, dict):
        return "{" + ", ".join(f"{escaped_json(k, every)}: {escaped_json(v, every)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(escaped_json(v, every) for v in value) + "]"
    return json.dumps(value)


def tool(name: str, description: str, properties: dict[str, Any]) -> dict[str, Any]:
    """A function tool; a property given as a bare type name becomes {"type": name}."""
    props = {k: ({"type": v} if isinstance(v, str) else v) for k, v in properties.items()}
    parameters = {"type": "object", "properties": props, "required": list(props)}
    return {"type": "function", "function": {"name": name, "description": description, "parameters": parameters}}


# Invented secrets in real providers' formats.
JWT_SUPPORT = (
    "eyJhbGciOiAiSFMyNTYiLCAidHlwIjogIkpXVCJ9.eyJzdWIiOiAidV81ODIxMyIsICJlbWFpbCI6ICJyLmhhZGRhZEBvcmFuZ2UuZnIiLCAi"
    "ZXhwIjogMTc5NjAwMDAwMH0.SaFukHoLbcMJTKP7hgna1U9VNn_P-loKx4VJcWNq9MI"
)
JWT_SCHOOL = (
    "eyJhbGciOiAiSFMyNTYiLCAidHlwIjogIkpXVCJ9.eyJzdWIiOiAiODgzMDEyNyIsICJuYW1lIjogIk9rc2FuYSBIcnl0c2Vua28iLCAicm9s"
    "ZSI6ICJ0ZWFjaGVyIiwgImlhdCI6IDE3NjQ5NTA0MDB9.7Ld5DF1NjBtk4n6RYQU-jPM0r0pHNALaK2eODBnrtzI"
)
ANTHROPIC_KEY = "sk-ant-api03-HkaRZSjoumQQFQzcmPexqFUs_TViMrm_7HAeAD4B6Cy_FDd2x9KAL02Ia9_0x_W816HX-0yuzKNYxOW0"
SSH_KEY_LINE = "QyNTUxOQAAACqOnTUtxwNe9mnpBdDEB5xzKT2zvXo9jV8uMfvdxC6lpq10L+p0KdCrlW+Kx5"


CASES: list[LeakCase] = []


def case(
    id: str, lang: str, domain: str, body: dict[str, Any], expect: str = "sanitize", **planted: tuple[str, ...]
) -> None:
    CASES.append(LeakCase(id, lang, domain, body, planted, expect))


# ---------------------------------------------------------------- English

case(
    "en-home-claim-tools", "en", "insurance claim",
    {
        "messages": [
            system("You are ClaimDesk, the assistant of adjuster Dwayne Whitlock-Achebe at Harborline Mutual. "
                   "Be concise."),
            user("Open the contents claim for the Ankeny Street burglary we discussed on the phone."),
            call("submit_claim", {
                "claimant": "Rosalind Fairweather-Ngata",
                "incident": "Burglary at 2209 SE Ankeny St, Portland, OR 97214 on the night of Nov 14; laptop and "
                            "engagement ring taken",
                "member_id": 88310274,
                "amount_usd": 6450.0,
            }),
            result({"claim": "CLM-558201", "status": "pending",
                    "note": "Police report PPB-24-331907 attached; payout to checking acct 4471029385"}, every=True),
            user("Thanks. Draft a short note to the insured saying the claim is in and a loss adjuster will call "
                 "within 3 business days."),
        ],
        "tools": [tool(
            "submit_claim",
            "Submit a home-contents claim on policy HM-HC-7730-2186; call the insured on (503) 884-2917 before "
            "submitting.",
            {
                "claimant": {"type": "string", "description": "Named insured on the policy",
                             "enum": ["Rosalind Fairweather-Ngata", "Tevita Ngata"]},
                "incident": "string",
                "member_id": "integer",
                "amount_usd": "number",
            },
        )],
    },
    system=("Whitlock-Achebe",),
    tool_desc=("HM-HC-7730-2186", "(503) 884-2917"),
    tool_enum=("Fairweather-Ngata", "Tevita Ngata"),
    tool_args=("2209 SE Ankeny St",),
    tool_args_number=("88310274",),
    tool_result_escaped=("PPB-24-331907", "4471029385"),
)  # fmt: skip

case(
    "en-gitlab-ssh-config", "en", "git config / SSH keys",
    {"messages": [user(
        "My pushes to GitLab fail since yesterday. Here's my setup, what's wrong?\n\n"
        "~/.gitconfig\n[user]\n\tname = Callum Bright-Okafor\n\temail = callum.brightokafor@protonmail.com\n"
        "[credential]\n\thelper = store\n[remote \"origin\"]\n"
        "\turl = https://oauth2:glpat-BjRLOXeiQtmhkJACKTFD@gitlab.com/bright-okafor/ledger-sync.git\n\n"
        "~/.ssh/config\nHost build-box\n  HostName 81.169.147.62\n  User callum\n  IdentityFile ~/.ssh/id_ed25519\n\n"
        "~/.ssh/id_ed25519\n-----BEGIN OPENSSH PRIVATE KEY-----\n"
        "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n"
        f"{SSH_KEY_LINE}\n"
        "BoZCyd+BjnroeGoNZzjSe5C7iminWMAFqkVM7HMDu5YoG+giOQ5rkFEaGQz1b5Z+ShVmrKu\n"
        "-----END OPENSSH PRIVATE KEY-----\n\n"
        "remote: HTTP Basic: Access denied. The provided password or token is incorrect."
    )]},
    expect="either",
    content=("Bright-Okafor", "callum.brightokafor@protonmail.com", "glpat-BjRLOXeiQtmhkJACKTFD", "81.169.147.62",
             SSH_KEY_LINE),
)  # fmt: skip

case(
    "en-gateway-access-log", "en", "logs with tokens and IPs",
    {"messages": [user(
        "Why is this request 401ing? Access log from our API gateway:\n\n"
        "91.64.212.17 - - [05/Dec/2026:22:41:07 +0000] \"GET /v2/export?format=csv&email=ruth.okafor%40gmail.com"
        "&api_key=AIzaYR9IehS87jCenlkXOajNSDo1HD7NlWpopgV HTTP/1.1\" 401 112 \"-\" \"python-requests/2.32.3\"\n"
        "91.64.212.17 - - [05/Dec/2026:22:41:09 +0000] \"POST /v2/session HTTP/1.1\" 200 845 \"-\" "
        "\"okhttp/4.12.0\"\n\n"
        f"request headers:\nAuthorization: Bearer {JWT_SUPPORT}\n"
        "X-Slack-Token: xoxb-035593082898-8800813124596-HGE9Hngi6Gezpq8UPktsn3NK\n\n"
        "The upstream says the JWT is expired but the exp claim looks fine to me."
    )]},
    content=("91.64.212.17", "ruth.okafor", "AIzaYR9IehS87jCenlkXOajNSDo1HD7NlWpopgV", JWT_SUPPORT,
             "xoxb-035593082898-8800813124596-HGE9Hngi6Gezpq8UPktsn3NK"),
)  # fmt: skip

case(
    "en-dating-reply", "en", "dating-app messages",
    {"messages": [
        system("You help me write replies on a dating app. Keep my tone: warm, a bit nerdy."),
        user("she wrote: 'hey! i'm priya, saw you like bouldering too :) my insta is @priya.climbs.sf if you want "
             "to see my awful beta videos'", name="jamie_holloway"),
        assistant("Cute opener! Do you want something playful or straightforward?"),
        user("playful. she asked for my number so add it: (628) 714-2290. and tell her i'm on PrEP and tested "
             "negative last month since she asked, but nicely. her full name from linkedin is Priya Raghunathan, "
             "email priya dot raghunathan at outlook dot com, don't put that in the message lol",
             name="jamie_holloway"),
    ]},
    name=("holloway",),
    multi_turn=("priya",),
    content=("(628) 714-2290", "on PrEP", "Raghunathan"),
)  # fmt: skip

case(
    "en-therapy-invite-ics", "en", "calendar invite",
    {
        "messages": [user(
            "Can you turn this invite into a plain-English reminder for my partner?\n\n"
            "BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nDTSTART;TZID=Europe/London:20261209T171500\n"
            "SUMMARY:CBT session - panic disorder (week 6)\n"
            "ORGANIZER;CN=Dr Niamh Gallagher-Price:mailto:n.gallagherprice@mindwellclinic.co.uk\n"
            "ATTENDEE;CN=Imogen Farquharson;ROLE=REQ-PARTICIPANT:mailto:imogen.farq@btinternet.com\n"
            "LOCATION:Flat 3, 14 Alder Grove, Headington, Oxford OX3 9LP\n"
            "DESCRIPTION:Join by video if unwell: https://mindwell.zoom.us/j/84720193375?pwd=Rk9hM2xQd0ZyZ1h0 "
            "Passcode: 771204\nEND:VEVENT\nEND:VCALENDAR"
        )],
        "stop": ["\nLove, Tobias Wrenfield", "END:VCALENDAR"],
    },
    content=("Gallagher-Price", "gallagherprice", "Farquharson", "imogen.farq@btinternet.com", "14 Alder Grove",
             "OX3 9LP", "panic disorder", "Rk9hM2xQd0ZyZ1h0", "771204"),
    stop=("Wrenfield",),
)  # fmt: skip

case(
    "en-iep-student-record", "en", "school / child record",
    {"messages": [user(parts(
        "Please turn this into talking points for tomorrow's IEP meeting (it stays internal):\n",
        "Student: mason okonkwo-reyes | DOB 02/11/2015 | Grade 5, Room 12\nDistrict ID: WCSD-5529-0183\n"
        "Needs: dyslexia (phonological), ADHD combined type; takes Concerta 18 mg at 7:30am, nurse keeps a backup "
        "dose.\nGuardian: Adaeze Okonkwo, cell 775-302-8841, 1180 Wingfield Hills Rd, Sparks, NV 89436\n",
        "Teacher notes: reading at 2nd-grade level; responds well to audiobooks and short breaks.",
    ))]},
    parts=("okonkwo", "02/11/2015", "WCSD-5529-0183", "dyslexia", "ADHD", "Concerta", "Adaeze", "775-302-8841",
           "1180 Wingfield Hills Rd"),
)  # fmt: skip

case(
    "en-2fa-migration", "en", "account secrets",
    {"messages": [user(
        "I'm moving my 2FA to a new phone. The old authenticator export shows:\n"
        "otpauth://totp/Kraken:dmitri.falkenrath@fastmail.com?secret=FARROIVLTGYARQYBUJBD6JICAXFUU4BP&issuer=Kraken\n"
        "Backup codes: r7r6-zm39  7h9j-fxg2  tedm-qs3m\n"
        "My OpenAI key for the bot is sk-proj-pxImanDyMYYSBJBpNHWWLVih5dKnyIVacRRzaHDLGCyxaSu6 and the Hugging Face "
        "token hf_kfNAO8XFQ3sR4Kos9CW1tQSc8DDJ1r58dQ. Which of these do I need to rotate, and in what order?"
    )]},
    content=("falkenrath", "FARROIVLTGYARQYBUJBD6JICAXFUU4BP", "r7r6-zm39", "7h9j-fxg2", "tedm-qs3m",
             "sk-proj-pxImanDyMYYSBJBpNHWWLVih5dKnyIVacRRzaHDLGCyxaSu6", "hf_kfNAO8XFQ3sR4Kos9CW1tQSc8DDJ1r58dQ"),
)  # fmt: skip

# ---------------------------------------------------------------- German

case(
    "de-kfz-schadenmeldung", "de", "insurance claim",
    {"messages": [
        system("Du bist der Schadenassistent der Rheinländischen Versicherung AG. Sachbearbeiterin: Frau Henrike "
               "Albers-Demir, Durchwahl 0221 4738-215."),
        user("Bitte formuliere eine Schadenmeldung aus meinen Stichpunkten:\n"
             "- Versicherungsscheinnummer: KV-4471-2209-83\n"
             "- Versicherungsnehmer: jürgen weißbäcker, geb. 23.04.1961\n"
             "- Anschrift: Kastanienweg 7a, 79102 Freiburg im Breisgau\n"
             "- Fahrzeug: VW Touran, amtl. Kennzeichen FR-JW 482\n"
             "- Unfall am 02.12. auf der B31 bei Kirchzarten, Gegner hat Vorfahrt missachtet\n"
             "- Danach wurde bei mir ein Schleudertrauma (HWS-Distorsion) diagnostiziert\n"
             "- Auszahlung bitte auf DE44 5001 0517 5407 3249 31"),
    ]},
    system=("Albers-Demir", "0221 4738-215"),
    content=("KV-4471-2209-83", "weißbäcker", "23.04.1961", "Kastanienweg 7a", "FR-JW 482", "Schleudertrauma",
             "HWS-Distorsion", "DE44 5001 0517 5407 3249 31"),
)  # fmt: skip

case(
    "de-apotheke-vorbestellung", "de", "pharmacy order",
    {
        "messages": [
            user("Bitte die Vorbestellung für die Stammkundin von heute früh anlegen, das Rezept liegt vor."),
            call("bestellung_anlegen", {
                "kunde": "Gerlinde Oberhuber",
                "praeparat": "Quetiapin 100 mg, 100 Filmtabletten",
                "kundennummer": 5520318,
                "abholung": "Mittwoch ab 10 Uhr",
                "hinweis": "Versichertennummer T482039175, chronische paranoide Schizophrenie",
            }),
            result({"ok": True, "anschrift": "Lindenstraße 3, 94032 Passau", "telefon": "0851 / 93 41 27",
                    "geburtsdatum": "11.08.1958"}, every=True),
            user("Danke. Schreib mir noch eine SMS-Vorlage, dass die Bestellung morgen ab 10 Uhr abholbereit ist."),
        ],
        "tools": [tool("bestellung_anlegen", "Legt eine Vorbestellung in der Apothekensoftware an.",
                       {"kunde": "string", "praeparat": "string", "kundennummer": "integer", "abholung": "string",
                        "hinweis": "string"})],
    },
    tool_args=("Oberhuber", "Quetiapin", "T482039175", "Schizophrenie"),
    tool_args_number=("5520318",),
    tool_result_escaped=("Lindenstraße 3", "0851 / 93 41 27", "11.08.1958"),
)  # fmt: skip

case(
    "de-bank-ueberweisung-chat", "de", "banking chat",
    {"messages": [
        user("das geld für die miete geht wieder an lindqvist-haas, wie letzten monat. kannst du das vorbereiten?"),
        assistant("Gern. Bitte nennen Sie mir die vollständigen Empfängerdaten und den Verwendungszweck."),
        user("Empfängerin: Marlene Lindqvist-Haas, IBAN NL96 RABO 0318 4629 07, Verwendungszweck Miete Dezember. "
             "Meine Online-Banking-PIN ist 48213 und die TAN aus der SMS lautet 739 104 – bitte gleich ausführen."),
    ]},
    multi_turn=("lindqvist-haas",),
    content=("NL96 RABO 0318 4629 07", "48213", "739 104"),
)  # fmt: skip

case(
    "de-polizei-einsatzbericht", "de", "police / incident report",
    {
        "messages": [user(
            "Fasse diesen Einsatzbericht für die Akte sachlich zusammen:\n\n"
            "Einsatzbericht PI Nürnberg-Ost, Tgb.-Nr. 2026-118734\n"
            "Geschädigte: Svetlana Brückner-Yilmaz, geb. 17.09.1990, wohnhaft Äußere Sulzbacher Str. 118, "
            "90491 Nürnberg, Tel. 0176 28419036\nPersonalausweis-Nr.: L7Y84K2N1\n"
            "Tatverdächtiger: Ex-Partner Dragan Petković, ca. 35 J., polizeibekannt\n"
            "Sachverhalt: Die Geschädigte gab an, am 04.12. gegen 23:10 Uhr im Treppenhaus gewürgt worden zu sein. "
            "Sichtbare Hämatome am Hals; der RTW brachte sie ins Klinikum Nord. Sie ist in der 14. Woche schwanger."
        )],
        "stop": ["\nUnterschrift: POK Reinholz"],
    },
    content=("2026-118734", "Brückner-Yilmaz", "17.09.1990", "Äußere Sulzbacher Str. 118", "0176 28419036",
             "L7Y84K2N1", "Petković", "schwanger"),
    stop=("Reinholz",),
)  # fmt: skip

# ---------------------------------------------------------------- French

case(
    "fr-titre-de-sejour-recours", "fr", "immigration paperwork",
    {"messages": [
        system("Tu aides Maître Clémence Aubrac-Diallo, avocate en droit des étrangers au barreau de "
               "Seine-Saint-Denis, à préparer ses courriers. Cabinet : 12 avenue Paul Vaillant-Couturier, "
               "93200 Saint-Denis."),
        user("Rédige un recours gracieux pour mon client :\n"
             "M. Moussa Keïta, né le 3 février 1984 à Bamako (Mali)\n"
             "N° étranger : 7501234567 — N° de dossier ANEF : ANEF-75-2024-118342\n"
             "Passeport malien n° AA4829175 (expiré)\n"
             "Adresse : 27 rue des Envierges, 75020 Paris — Tél : 07 58 21 94 36\n"
             "Refus de renouvellement de sa carte de séjour « vie privée et familiale » notifié le 18/11/2026 ; "
             "il est suivi pour une hépatite B chronique à l'hôpital Saint-Louis."),
    ]},
    system=("Aubrac-Diallo", "12 avenue Paul Vaillant-Couturier"),
    content=("Keïta", "3 février 1984", "7501234567", "ANEF-75-2024-118342", "AA4829175", "27 rue des Envierges",
             "07 58 21 94 36", "hépatite B"),
)  # fmt: skip

case(
    "fr-mutuelle-remboursement", "fr", "insurance claim",
    {
        "messages": [
            user("Fais la demande de remboursement pour la perfusion de ma femme du 28 novembre."),
            call("demande_remboursement", {
                "beneficiaire": "Hélène Marchetti-Roux",
                "numero_securite_sociale": "284027511504296",
                "acte": "Perfusion d'Ocrevus (ocrélizumab) – sclérose en plaques récurrente",
                "montant": 312.5,
            }),
            result({"statut": "reçu", "dossier": "MGEN-RB-2026-44817"}, every=True),
            user("Merci, fais-moi un récap de deux lignes pour mes comptes."),
        ],
        "tools": [tool("demande_remboursement", "Envoie une demande de remboursement à la mutuelle.", {
            "beneficiaire": {"type": "string", "description": "Bénéficiaire du contrat",
                             "enum": ["Hélène Marchetti-Roux", "Baptiste Marchetti-Roux", "Lou Marchetti-Roux"]},
            "numero_securite_sociale": {"type": "string",
                                        "description": "NIR de l'assuré principal (Baptiste : 1 81 06 69 383 117 67)"},
            "acte": "string",
            "montant": "number",
        })],
    },
    tool_enum=("Marchetti-Roux",),
    tool_param_desc=("1 81 06 69 383 117 67",),
    tool_args=("284027511504296", "Ocrevus", "sclérose en plaques"),
    tool_result_escaped=("MGEN-RB-2026-44817",),
)  # fmt: skip

case(
    "fr-crm-export-json", "fr", "CRM export (JSON)",
    {"messages": [user(
        "Voici un export JSON de notre CRM. Quels clients n'ont pas été relancés depuis 90 jours ?\n```json\n"
        '[{"id":"C-10482","nom":"Lefèvre","prenom":"Anaïs","email":"anais.lefevre@laposte.net",'
        '"tel":"06 12 48 93 57","ville":"Roubaix","derniere_relance":"2026-08-14",'
        '"iban":"FR17 3000 4028 3700 0109 3178 146"},\n'
        '{"id":"C-10517","nom":"Benhamou","prenom":"Yacine","email":"y.benhamou@free.fr","tel":"+33 6 71 20 58 14",'
        '"ville":"Tourcoing","derniere_relance":"2026-11-02","iban":null},\n'
        '{"id":"C-10533","nom":"Grandjean","prenom":"Odile","email":"odile.grandjean62 [at] orange [point] fr",'
        '"tel":"03 21 47 80 19","ville":"Arras","derniere_relance":"2026-06-30","iban":null}]\n```'
    )]},
    content=("Lefèvre", "anais.lefevre@laposte.net", "06 12 48 93 57", "FR17 3000 4028 3700 0109 3178 146",
             "Benhamou", "+33 6 71 20 58 14", "Grandjean", "03 21 47 80 19"),
)  # fmt: skip

case(
    "fr-ticket-support-jwt", "fr", "logs with tokens",
    {"messages": [user(parts(
        "Ticket #88213 — le client n'arrive plus à se connecter. Extrait des en-têtes :\n",
        f"Authorization: Bearer {JWT_SUPPORT}\nX-Client-Id: web-prod\n",
        "Il m'a aussi envoyé son mot de passe par mail (!) : mot de passe : Cerise!2024#Lyon — identifiant r.haddad. "
        "Son nom : Rachid Haddad, tél. 04 78 92 31 65. Que dois-je lui répondre et que faire côté sécurité ?",
    ))]},
    parts=(JWT_SUPPORT, "Cerise!2024#Lyon", "Haddad", "04 78 92 31 65"),
)  # fmt: skip

# ---------------------------------------------------------------- Spanish

case(
    "es-contrato-arrendamiento", "es", "real-estate contract",
    {"messages": [
        system("Eres el asistente de la Inmobiliaria Lavapiés Hogar. Agente responsable: Nerea Goikoetxea Ibarra, "
               "móvil 622 418 907."),
        user("Redacta la cláusula de identificación de las partes del contrato de arrendamiento:\n"
             "ARRENDADOR: D. Ramiro Escudero Villalba, DNI 48213907L, con domicilio en Calle de Embajadores 118, "
             "3º B, 28045 Madrid.\n"
             "ARRENDATARIA: Dña. Ximena Quispe Huamán, NIE Y4821390Y, nacida el 9 de julio de 1993 en Cusco (Perú).\n"
             "Renta: 1.150 € mensuales, domiciliada en la cuenta ES91 2100 0418 4502 0005 1332.\n"
             "Fianza: dos mensualidades."),
    ]},
    system=("Goikoetxea", "622 418 907"),
    content=("Escudero Villalba", "48213907L", "Calle de Embajadores 118", "Quispe Huamán", "Y4821390Y",
             "9 de julio de 1993", "ES91 2100 0418 4502 0005 1332"),
)  # fmt: skip

case(
    "es-farmacia-encargo", "es", "pharmacy order",
    {"messages": [
        user("hola, quiero encargar lo de siempre para mi madre, la señora santamaría", name="rocio_santamaria"),
        assistant("¡Claro! ¿Me confirmas su nombre completo y los medicamentos?"),
        user("Es Dolores Santamaría Ortega, tarjeta sanitaria BBSO480512918017. Le han subido el Plenur (carbonato "
             "de litio) a 400 mg dos veces al día por su trastorno bipolar, y también necesita Sintrom. Lo recoge mi "
             "hermano el jueves; si hay dudas, escríbeme a rocio (arroba) santamaria-ortega (punto) es.",
             name="rocio_santamaria"),
    ]},
    name=("rocio_santamaria",),
    multi_turn=("santamaría",),
    content=("BBSO480512918017", "Plenur", "carbonato de litio", "trastorno bipolar", "Sintrom",
             "santamaria-ortega"),
)  # fmt: skip

case(
    "es-banca-verificacion", "es", "banking chat",
    {
        "messages": [user(
            "Estoy chateando con el banco y me piden verificar mis datos. ¿Es seguro mandarles esto?\n"
            "Tarjeta 5526 8463 3214 2652, caducidad 08/29, CVV 417, titular Fernando Izquierdo Lasarte, "
            "clave de firma: 739164. También me pidieron el usuario de banca online (fizquierdo.lasarte) y la "
            "contraseña: Lasarte_1979!"
        )],
        "stop": ["\nGestor: Begoña Urquiaga"],
    },
    content=("5526 8463 3214 2652", "08/29", "CVV 417", "Izquierdo", "739164", "Lasarte_1979!"),
    stop=("Urquiaga",),
)  # fmt: skip

case(
    "es-colegio-ficha-alumno", "es", "school / child record",
    {
        "messages": [
            user("Saca la ficha del alumno de 3º B que está faltando tanto."),
            call("generar_informe", {
                "alumno": "Thiago Benítez Maldonado",
                "curso": "3º B Primaria",
                "observaciones": "Faltas justificadas por ingresos hospitalarios: diabetes tipo 1 con hipoglucemias "
                                 "nocturnas",
            }),
            result({"alumno": "Thiago Benítez Maldonado", "fecha_nacimiento": "21/03/2017", "alergias": "celiaquía",
                    "madre": "Lucía Maldonado Ferrer", "telefono_madre": "+34 655 30 21 87"}),
            user("Con eso, escribe un correo breve a la familia para una tutoría el martes."),
        ],
        "tools": [tool("generar_informe", "Genera el informe trimestral de un alumno.",
                       {"alumno": "string", "curso": "string", "observaciones": "string"})],
    },
    tool_args=("Benítez Maldonado", "diabetes tipo 1"),
    tool_result_escaped=("21/03/2017", "celiaquía", "Maldonado Ferrer", "+34 655 30 21 87"),
)  # fmt: skip

# ---------------------------------------------------------------- Italian

case(
    "it-denuncia-sinistro", "it", "insurance claim",
    {"messages": [user(parts(
        "Devo compilare la denuncia di sinistro per l'assicurazione. Dati:\n",
        "Assicurato: Guido Scarpellini, C.F. SCRGDU78A14F205K, nato a Milano il 14/01/1978\n"
        "Polizza n. POL/2024/MI-0093817 — targa FG 482 KL\n"
        "Residenza: Via Cesare da Sesto 21, 20123 Milano\n",
        "Dinamica: tamponato al semaforo di viale Papiniano; al pronto soccorso mi hanno riscontrato una frattura "
        "composta del radio destro. IBAN per il rimborso: IT27 Y030 6909 6061 0000 0118 274.",
    ))]},
    parts=("Scarpellini", "SCRGDU78A14F205K", "14/01/1978", "POL/2024/MI-0093817", "FG 482 KL",
           "Via Cesare da Sesto 21", "frattura composta del radio", "IT27 Y030 6909 6061 0000 0118 274"),
)  # fmt: skip

case(
    "it-scuola-circolare", "it", "school / child record",
    {"messages": [
        system("Sei l'assistente della segreteria dell'I.C. Pascoli. Referente per l'alunna Giulia Bernardini "
               "(classe 3ªA, nata il 12/12/2014): certificazione L.104 per epilessia farmacoresistente, in terapia "
               "con Keppra."),
        user("Scrivi una circolare per la gita al museo di venerdì con le istruzioni per gli accompagnatori dei "
             "bambini che assumono farmaci.", name="prof_carla_mezzasalma"),
    ]},
    system=("Bernardini", "12/12/2014", "epilessia", "Keppra"),
    name=("mezzasalma",),
)  # fmt: skip

case(
    "it-log-pagamenti", "it", "logs with tokens and IPs",
    {"messages": [user(
        "Il webhook dei pagamenti va in errore, ecco il log:\n"
        "2026-12-05 21:14:33 ERROR stripe.client: invalid request (key=sk_live_i3YqHh7wkMz0OmdOpEQUjCyt)\n"
        "2026-12-05 21:14:33 INFO  customer=cus_R8fK2mLq email=tommaso.invernizzi@tiscali.it ip=151.38.214.92\n"
        "2026-12-05 21:14:34 WARN  retry 2/5 card=**** **** **** 1475 owner=\"Tommaso Invernizzi\"\n"
        "Che cosa significa e come lo sistemo?"
    )]},
    content=("sk_live_i3YqHh7wkMz0OmdOpEQUjCyt", "Invernizzi", "151.38.214.92"),
)  # fmt: skip

# ---------------------------------------------------------------- Polish

case(
    "pl-zgloszenie-szkody", "pl", "insurance claim",
    {
        "messages": [user(
            "Opisz szkodę: zalanie mieszkania przy ul. Długiej 14/6, 31-147 Kraków przez sąsiada z góry. Choruję na "
            "cukrzycę typu 1 i zalało mi lodówkę z insuliną (NovoRapid), więc proszę o pilną wizytę likwidatora. "
            "Kontakt: 601 234 587."
        )],
        "tools": [tool("zglos_szkode",
                       "Zgłasza szkodę z polisy PZU/KR/2023/558102 ubezpieczonej Bożeny Kwiatkowskiej-Rybak "
                       "(PESEL 84021703928).",
                       {"opis": "string"})],
    },
    tool_desc=("PZU/KR/2023/558102", "Kwiatkowskiej-Rybak", "84021703928"),
    content=("Długiej 14/6", "31-147", "cukrzycę typu 1", "NovoRapid", "601 234 587"),
)  # fmt: skip

case(
    "pl-szkola-wychowawczyni", "pl", "school / child record",
    {"messages": [
        user("muszę napisać do wójcik w sprawie zachowania syna, pomożesz?"),
        assistant("Jasne. Kim jest adresatka i czego dotyczy sprawa?"),
        user("Pani Barbara Wójcik, wychowawczyni 4b w SP nr 12. Syn: Kacper Zawadzki, ur. 26.11.2015, "
             "PESEL 15312607414, nr legitymacji 4812/2019/SP12. Ma zdiagnozowany zespół Aspergera i od września "
             "bierze Rispolept. Mój numer: 512 38 94 07."),
    ]},
    multi_turn=("wójcik",),
    content=("Zawadzki", "26.11.2015", "15312607414", "4812/2019/SP12", "zespół Aspergera", "Rispolept",
             "512 38 94 07"),
)  # fmt: skip

case(
    "pl-przelew-czynsz", "pl", "banking chat",
    {
        "messages": [
            user("Zrób przelew za czynsz jak co miesiąc."),
            call("przelew", {
                "odbiorca": "Wspólnota Mieszkaniowa Ogrodowa 7, zarządca Zdzisław Pawlikowski",
                "nr_rachunku": "61 1090 1014 0000 0712 1981 2874",
                "kwota": 845.0,
                "pesel_zleceniodawcy": 79051203847,
                "tytul": "czynsz 12/2026 lok. 18",
            }),
            result({"status": "wykonano", "saldo": 2310.55, "login": "ewa.maciejewska82"}, every=True),
            user("Podsumuj mi ten przelew jednym zdaniem."),
        ],
        "tools": [tool("przelew", "Wykonuje przelew krajowy.", {
            "odbiorca": "string", "nr_rachunku": "string", "kwota": "number", "pesel_zleceniodawcy": "integer",
            "tytul": "string"})],
    },
    tool_args=("Pawlikowski", "61 1090 1014 0000 0712 1981 2874"),
    tool_args_number=("79051203847",),
    tool_result_escaped=("maciejewska",),
)  # fmt: skip

# ---------------------------------------------------------------- Portuguese

case(
    "pt-cpcv-imovel", "pt", "real-estate contract",
    {"messages": [user(
        "Revê este CPCV (contrato-promessa de compra e venda) e diz-me se falta alguma coisa:\n"
        "PROMITENTE VENDEDOR: Joaquim Manuel Fontes Carvalhais, NIF 259817341, CC n.º 12839475 4ZY8, residente na "
        "Rua da Prata 142, 2.º Esq., 1100-420 Lisboa.\n"
        "PROMITENTE COMPRADORA: Inês Raposo Quintela, NIF 214733904, casada com Duarte Quintela.\n"
        "Sinal: 25.000 €, transferido para PT50 0002 0123 1234 5678 9015 4.\n"
        "Imóvel: fração autónoma \"F\", artigo matricial 4172, freguesia de Santa Maria Maior."
    )]},
    content=("Carvalhais", "259817341", "12839475 4ZY8", "Rua da Prata 142", "1100-420", "Quintela", "214733904",
             "PT50 0002 0123 1234 5678 9015 4"),
)  # fmt: skip

case(
    "pt-br-crm-csv", "pt", "CRM export (CSV)",
    {"messages": [user(parts(
        "Segue a exportação do CRM em CSV. Quero uma lista de quem está com boleto vencido:\n",
        "nome;cpf;email;celular;cidade;status\n"
        "Larissa Albuquerque Tavares;382.194.507-97;lari.tavares@gmail.com;(11) 98734-2210;São Paulo;vencido\n"
        "Wellington Souza Brandão;705.318.246-08;wsbrandao@hotmail.com;(21) 99620-4418;Niterói;pago\n"
        "Débora Castanheira;129.064.835-24;debora.castanheira@uol.com.br;(31) 98852-1037;Belo Horizonte;vencido\n",
        "Responda em português, só nomes e cidades.",
    ))]},
    parts=("Tavares", "382.194.507-97", "(11) 98734-2210", "Brandão", "wsbrandao@hotmail.com", "Castanheira",
           "129.064.835-24"),
)  # fmt: skip

case(
    "pt-relatorio-neurologia", "pt", "medical report",
    {"messages": [
        user("abre isto e resume-me os exames: "
             "https://portal.clinicadoparque.pt/pacientes/ana-sofia-magalhaes/exames?id=88123"),
        assistant("Não consigo abrir links. Podes colar aqui o texto do relatório?"),
        user("Relatório de neurologia — Doente: Ana Sofia Magalhães, 58 anos, n.º SNS 284 193 775. Diagnóstico: "
             "doença de Parkinson idiopática, estadio 2 de Hoehn & Yahr. Medicação: levodopa/carbidopa 100/25 mg "
             "3x/dia e rasagilina 1 mg. Próxima consulta com a Dra. Filipa Noronha."),
    ]},
    multi_turn=("ana-sofia-magalhaes",),
    content=("Magalhães", "284 193 775", "doença de Parkinson", "levodopa", "rasagilina", "Noronha"),
)  # fmt: skip

# ---------------------------------------------------------------- Dutch

case(
    "nl-zorgdeclaratie", "nl", "insurance claim",
    {"messages": [user(
        "Dien de declaratie in voor mijn infuus met Humira (adalimumab) van 3 december in Rijnstate; ik heb de "
        "ziekte van Crohn. Verzekerde: Sanne Hoogeveen-Tjin, geboren 14-06-1988, Rozendaalselaan 57, 6822 BV Arnhem."
    )],
     "tools": [tool("declaratie_indienen", "Dient een zorgdeclaratie in bij de verzekeraar.", {
         "verzekerde": {"type": "string", "description": "Naam van de verzekerde"},
         "bsn": {"type": "string", "description": "BSN van de verzekerde; bij deze klant altijd 183920454"},
         "polisnummer": {"type": "string", "description": "Polisnummer van Sanne: ZK-2291-0047-NL"},
         "omschrijving": {"type": "string"},
     })]},
    tool_param_desc=("183920454", "ZK-2291-0047-NL"),
    content=("Humira", "adalimumab", "ziekte van Crohn", "Hoogeveen-Tjin", "14-06-1988", "Rozendaalselaan 57",
             "6822 BV"),
)  # fmt: skip

case(
    "nl-aangifte-transcript", "nl", "police / incident report",
    {
        "messages": [
            system("Je schrijft een proces-verbaal van aangifte op basis van een gespreksverslag. Schrijf alleen de "
                   "volgende beurt van de verbalisant."),
            user("Verslag:\nVerbalisant: Wat zijn uw adres en telefoonnummer?\n"
                 "Aangever: Kerkstraat 88-II, 1017 GM Amsterdam, telefoon 06-41827395.\n"
                 "Verbalisant: Wat is er gebeurd?\n"
                 "Aangever: Mijn fiets en laptop zijn uit de schuur gestolen. Mijn buurman, Youssef el Amrani, zag "
                 "een man in een rode jas. Ik heet trouwens de Wit, met een kleine d.\nVerbalisant:",
                 name="annelies_dewit"),
        ],
        "stop": ["\nAangever:", "\nAnnelies de Wit:"],
    },
    name=("annelies_dewit",),
    content=("Kerkstraat 88-II", "1017 GM", "06-41827395", "el Amrani"),
    stop=("Annelies de Wit",),
)  # fmt: skip

case(
    "nl-deploy-env-secrets", "nl", "logs with tokens / git config",
    {"messages": [
        system("Je bent een DevOps-assistent. Context: repository van Pieter-Jan Verhoeven-Smits "
               "(pj.verhoeven@smitsdevops.nl), productieserver 185.107.56.233."),
        user("Waarom faalt mijn deploy? Dit is mijn .env en de fout:\n"
             "AWS_ACCESS_KEY_ID=AKIAXVT986V88W424H6J\n"
             "AWS_SECRET_ACCESS_KEY=2h91AoliUjoLFrvIuzPhqmO+y/6pLE7dbv+hvTHK\n"
             "GITHUB_TOKEN=ghp_Oj25VMPLWTT2Her2RRuw3hhvOLhXh9TRPgto\n"
             "DB_URL=postgres://deploy:Zomer2026!Vlieland@db.internal:5432/shop\n\n"
             "error: An error occurred (SignatureDoesNotMatch) when calling the PutObject operation"),
    ]},
    system=("Verhoeven-Smits", "pj.verhoeven@smitsdevops.nl", "185.107.56.233"),
    content=("AKIAXVT986V88W424H6J", "2h91AoliUjoLFrvIuzPhqmO+y/6pLE7dbv+hvTHK",
             "ghp_Oj25VMPLWTT2Her2RRuw3hhvOLhXh9TRPgto", "Zomer2026!Vlieland"),
)  # fmt: skip

# ---------------------------------------------------------------- Chinese

case(
    "zh-lipei-shenqing", "zh", "insurance claim",
    {"messages": [user(
        "帮我把下面的理赔材料整理成正式的理赔申请书：\n"
        "被保险人：王秀英，身份证号110105198607234516，电话13917284056联系\n"
        "保单号：PICC-SH-2025-00782913\n"
        "住址：上海市浦东新区张杨路1288弄6号502室\n"
        "出险经过：11月28日在家中摔倒，诊断为腰椎压缩性骨折，既往有2型糖尿病，长期服用二甲双胍。\n"
        "收款账户：工商银行 6222021077389648459"
    )]},
    content=("王秀英", "110105198607234516", "13917284056", "PICC-SH-2025-00782913", "张杨路1288弄6号502室",
             "腰椎压缩性骨折", "2型糖尿病", "二甲双胍", "6222021077389648459"),
)  # fmt: skip

case(
    "zh-banzhuren-tongzhi", "zh", "school / child record",
    {
        "messages": [
            user("给李梓涵家长发个通知，说明天体检要空腹。"),
            call("send_notice", {
                "student": "李梓涵",
                "message": "李梓涵家长您好：明天体检请空腹。孩子有哮喘，请带好沙丁胺醇气雾剂。"
                           "家长联系人：李建国 139 0172 3384",
            }),
            result({"status": "sent", "wechat": "lijianguo_1982"}, every=True),
            user("好的，再帮我写一句提醒其他同学带校服。"),
        ],
        "tools": [tool("send_notice", "向家长发送通知。班主任：刘海燕老师（手机 186 2103 7745）。", {
            "student": {"type": "string", "description": "学生姓名", "enum": ["李梓涵", "陈一诺", "赵子轩"]},
            "message": "string",
        })],
    },
    tool_desc=("刘海燕", "186 2103 7745"),
    tool_enum=("李梓涵", "陈一诺", "赵子轩"),
    tool_args=("哮喘", "沙丁胺醇", "李建国", "139 0172 3384"),
    tool_result_escaped=("lijianguo_1982",),
)  # fmt: skip

case(
    "zh-liuxue-qianzheng", "zh", "immigration paperwork",
    {"messages": [user(parts(
        "我在办理加拿大学签，帮我检查一下这份信息表有没有问题：",
        "姓名（拼音）：ZHOU, Yutong 周雨桐\n护照号码：E48203917\n出生日期：2003年5月9日\n"
        "家庭住址：广东省深圳市南山区科苑路15号科兴科学园B栋1802\n"
        "紧急联系人：周建华（父亲），+86 135 1028 6647\n存款证明账户：6217 0032 8800 4417 265\n",
        "另外我的UCI号码是 1108-4729，签证官的邮件请发到 yutong.zhou03@163.com。",
    ))]},
    parts=("周雨桐", "Yutong", "E48203917", "2003年5月9日", "科苑路15号", "周建华", "+86 135 1028 6647",
           "6217 0032 8800 4417 265", "1108-4729"),
)  # fmt: skip

# ---------------------------------------------------------------- Japanese

case(
    "ja-fukuyaku-shido", "ja", "pharmacy order",
    {"messages": [
        system("あなたは「さくら調剤薬局 三軒茶屋店」の薬剤師アシスタントです。担当薬剤師：小野寺 絢子。"),
        user("次の処方内容で服薬指導用のメモを作ってください。\n"
             "患者氏名：佐藤 美咲（さとう みさき）\n生年月日：1986年7月23日\n"
             "住所：東京都世田谷区太子堂4-12-7 グランメゾン305\n電話：090-4821-3376\n"
             "保険者番号：06137284　記号・番号：世田谷 12-3456\n病名：統合失調症\n"
             "処方：オランザピン錠10mg 1日1回就寝前 28日分"),
    ]},
    system=("小野寺",),
    content=("佐藤", "さとう", "1986年7月23日", "太子堂4-12-7", "090-4821-3376", "06137284", "統合失調症",
             "オランザピン"),
)  # fmt: skip

case(
    "ja-mendan-yotei", "ja", "calendar invite",
    {
        "messages": [
            user("来週のkenji tanakaさんとの面談、カレンダーに入れておいて"),
            assistant("承知しました。日時と場所を教えてください。"),
            user("12月10日（木）15:00、相手は田中 健二（タナカ ケンジ）さん、携帯 080-3392-1175。"
                 "場所は大阪市北区梅田2丁目4-9 "
                 "ブリーゼタワー18階。転職の相談で、うつ病で休職中とのことなので配慮してください。"),
        ],
        "stop": ["\n山内 由紀子:"],
    },
    multi_turn=("kenji tanaka",),
    content=("田中", "080-3392-1175", "梅田2丁目4-9", "うつ病"),
    stop=("山内",),
)  # fmt: skip

case(
    "ja-mynumber-log", "ja", "logs with tokens and IPs",
    {
        "messages": [
            user("マイナンバー連携APIのエラーを調べて"),
            call("search_logs", {
                "query": "user_id=u_771203 AND my_number=482039175627 AND client_ip=126.77.214.30",
                "since": "2026-12-05T00:00:00+09:00",
            }),
            result({"hits": [{"msg": "マイナンバー 4820 3917 5627 照合失敗: 氏名カナ不一致 ヤマグチ ハルト",
                              "api_key": ANTHROPIC_KEY}]}, every=True),
            user("原因をまとめて。APIキーは漏れてないよね？"),
        ],
        "tools": [tool("search_logs", "ログ基盤を検索する。", {"query": "string", "since": "string"})],
    },
    tool_args=("482039175627", "126.77.214.30"),
    tool_result_escaped=("4820 3917 5627", "ヤマグチ", ANTHROPIC_KEY),
)  # fmt: skip

# ---------------------------------------------------------------- Korean

case(
    "ko-daechul-seoryu", "ko", "banking chat",
    {
        "messages": [user(
            "은행에 보낼 대출 서류 내용을 정리해 줘.\n성명: 김서연\n주민등록번호: 921104-2837154\n"
            "주소: 서울특별시 마포구 월드컵북로 396, 101동 1203호\n연락처: 010-4827-3391\n"
            "급여계좌: 국민은행 123401-04-567890\n재직: (주)한빛소프트, 연봉 5,800만원\n"
            "참고: 작년에 공황장애로 3개월 병가를 냈음"
        )],
        "stop": ["\n담당자 박지훈:"],
    },
    content=("김서연", "921104-2837154", "월드컵북로 396", "101동 1203호", "010-4827-3391", "123401-04-567890",
             "공황장애"),
    stop=("박지훈",),
)  # fmt: skip

case(
    "ko-sogaeting-dapjang", "ko", "dating-app messages",
    {"messages": [
        user("매칭된 사람이 'jiwoo'라고만 했는데 답장 좀 써줘. 첫 메시지: '안녕하세요! 주말에 등산 좋아하세요?'",
             name="seoyeon_lee"),
        assistant("좋아요! 어떤 분위기로 쓸까요?"),
        user("친근하게. 근데 인스타 보니까 풀네임이 최지우(Choi Jiwoo)고 카톡 아이디 jiwoo_choi91 알려줬어. 나는 카톡 "
             "seoyeon.lee0412, 번호 010-7734-2058 줘도 괜찮다고 써줘.", name="seoyeon_lee"),
    ]},
    name=("seoyeon_lee",),
    multi_turn=("jiwoo",),
    content=("최지우", "seoyeon.lee0412", "010-7734-2058"),
)  # fmt: skip

case(
    "ko-jeongsin-yeyak", "ko", "medical appointment",
    {
        "messages": [
            user("정신건강의학과 재진 예약 잡아줘."),
            call("book_followup", {"patient_id": "SNUH-20931847", "department": "정신건강의학과",
                                   "date": "2026-12-17"}),
            result({"result": "예약완료", "patient": "한지민", "diagnosis": "주요우울장애",
                    "prescription": "설트랄린 50mg", "phone": "010-5521-8803"}),
            user("예약 확인 문자 문구 써줘. 진단명은 빼고."),
        ],
        "tools": [tool("book_followup", "진료 예약을 잡는다.", {
            "patient_id": {"type": "string", "description": "환자번호 (이 환자는 SNUH-20931847)"},
            "department": "string",
            "date": "string",
        })],
    },
    tool_param_desc=("SNUH-20931847",),
    tool_result_escaped=("한지민", "주요우울장애", "설트랄린", "010-5521-8803"),
)  # fmt: skip

# ---------------------------------------------------------------- Arabic

case(
    "ar-tajdid-iqama", "ar", "immigration paperwork",
    {"messages": [
        system("أنت مساعد مكتب الخدمات العامة لشركة النخبة للمقاولات. المسؤول: الأستاذ فيصل العتيبي، جوال 0503918427."),
        user("اكتب خطاب تجديد إقامة للموظف التالي:\n"
             "الاسم: يوسف سليم النجار\nالجنسية: أردني\nرقم الإقامة: 2438109275\nرقم الجواز: R4827193\n"
             "تاريخ الميلاد: 1990/04/17\nالجوال: +966 55 482 9173\n"
             "العنوان: حي الملز، شارع الأمير سلمان، مبنى 14، الرياض 12629\n"
             "الحساب: SA03 8000 0000 6080 1016 7519\n"
             "ملاحظة: لديه مرض السكري من النوع الثاني ويحتاج إجازة مرضية لمدة أسبوعين."),
    ]},
    system=("العتيبي", "0503918427"),
    content=("النجار", "2438109275", "R4827193", "1990/04/17", "+966 55 482 9173", "شارع الأمير سلمان",
             "SA03 8000 0000 6080 1016 7519", "السكري"),
)  # fmt: skip

case(
    "ar-sarf-wasfa", "ar", "pharmacy order",
    {
        "messages": [
            user("اطلب لأمي إعادة صرف الدواء المعتاد من الصيدلية."),
            call("refill_prescription", {
                "patient": "هدى الزعبي",
                "medication": "وارفارين 5 ملغ — رجفان أذيني",
                "national_id": 9861034527,
            }),
            result({"status": "جاهز للاستلام", "pharmacy": "صيدلية الشفاء – إربد"}),
            user("متى أستطيع الاستلام؟ اكتب لي رسالة قصيرة لأخي."),
        ],
        "tools": [tool("refill_prescription", "يطلب صرف وصفة متكررة من الصيدلية.", {
            "patient": {"type": "string", "enum": ["هدى الزعبي", "كريم الزعبي"]},
            "medication": "string",
            "national_id": "integer",
        })],
    },
    tool_enum=("الزعبي",),
    tool_args=("وارفارين", "رجفان أذيني"),
    tool_args_number=("9861034527",),
)  # fmt: skip

# ---------------------------------------------------------------- Russian

case(
    "ru-zayavlenie-policiya", "ru", "police / incident report",
    {"messages": [user(parts(
        "Помогите составить заявление в полицию по этому черновику:\n",
        "Я, Громова Светлана Игоревна, 05.09.1971 г.р., паспорт 45 12 583920, выдан ОВД «Зюзино» г. Москвы, "
        "СНИЛС 137-450-928 69, проживаю по адресу: г. Москва, ул. Профсоюзная, д. 93, кв. 41, "
        "тел. 8 (916) 482-37-19.\n",
        "03.12.2026 неизвестный позвонил мне, представился сотрудником банка и узнал код из СМС; с карты "
        "2200 6704 8812 2361 списано 184 000 руб. Прошу учесть, что у меня ВИЧ-инфекция, я на терапии, и стресс "
        "опасен для моего здоровья.",
    ))]},
    parts=("Громова", "05.09.1971", "45 12 583920", "137-450-928 69", "Профсоюзная, д. 93", "8 (916) 482-37-19",
           "2200 6704 8812 2361", "ВИЧ-инфекция"),
)  # fmt: skip

case(
    "ru-vyplata-kripto", "ru", "banking chat (crypto)",
    {
        "messages": [
            user("оплати работу дизайнеру, кошелёк тот же, что был у ворониной"),
            call("create_payout", {"recipient": "Воронина Алёна",
                                   "wallet": "0xf577b1665629e2ed1149e0bc8ea35dcc16324df5", "amount_usdt": 1200}),
            result({"status": "в очереди", "tx": None}),
            user("Подожди, у Алёны Ворониной новый адрес — bc1qcug3kqun05g346ncgazkesmvre7aqpzetjzghq, её телеграм "
                 "@alyona_voronina_art. Напиши ей, что оплата будет завтра."),
        ],
        "tools": [tool("create_payout", "Создаёт выплату подрядчику.",
                       {"recipient": "string", "wallet": "string", "amount_usdt": "number"})],
    },
    multi_turn=("ворониной",),
    tool_args=("Воронина", "0xf577b1665629e2ed1149e0bc8ea35dcc16324df5"),
    content=("bc1qcug3kqun05g346ncgazkesmvre7aqpzetjzghq", "@alyona_voronina_art"),
)  # fmt: skip

# ---------------------------------------------------------------- Ukrainian

case(
    "uk-kartka-uchnia", "uk", "school / child record",
    {
        "messages": [
            user("Знайди картку учня 7-Б, про якого питала мама на зборах."),
            call("get_student", {"student_id": "8830127"}),
            result({"ПІБ": "Гриценко Остап Андрійович", "дата_народження": "14.02.2013", "РНОКПП": "3184057264",
                    "діагноз": "бронхіальна астма", "телефон_мами": "+380 67 318 42 09"}),
            user("Напиши мамі коротко, що Остап пропустив контрольну. "
                 f"Для доступу до журналу ось мій токен: {JWT_SCHOOL}"),
        ],
        "tools": [tool("get_student", "Повертає картку учня з електронного журналу.", {"student_id": "string"})],
    },
    tool_args=("8830127",),
    tool_result_escaped=("Гриценко", "14.02.2013", "3184057264", "бронхіальна астма", "+380 67 318 42 09"),
    content=(JWT_SCHOOL,),
)  # fmt: skip

case(
    "uk-bank-pidtrymka", "uk", "banking chat",
    {
        "messages": [
            system("Ти — асистент служби підтримки банку. Клієнтка: Мирослава Дячук, картка 4348 1371 8116 1475, "
                   "IBAN UA74 3052 9900 0002 6007 2335 6600 1."),
            user("Склади відповідь клієнтці, що заблоковану картку перевипустять за 5 робочих днів."),
        ],
        "stop": ["\nОператор Тарас Ковальчук:"],
    },
    system=("Дячук", "4348 1371 8116 1475", "UA74 3052 9900 0002 6007 2335 6600 1"),
    stop=("Ковальчук",),
)  # fmt: skip

# ---------------------------------------------------------------- Hindi

case(
    "hi-bima-claim", "hi", "insurance claim",
    {"messages": [user(
        "कृपया मेरे स्वास्थ्य बीमा क्लेम के लिए एक पत्र लिखें:\nनाम: सुनीता वर्मा\n"
        "पॉलिसी संख्या: SH/DEL/2025/0048211\nआधार: 7392 5814 0620\nपैन: BQRPV4821K\n"
        "पता: मकान नं. 27, सेक्टर 15, रोहिणी, नई दिल्ली 110085\nमोबाइल: 98114 27356\n"
        "बीमारी: मधुमेह और उच्च रक्तचाप; 2 दिसंबर को मैक्स अस्पताल में एंजियोप्लास्टी हुई।",
        name="sunita_verma",
    )]},
    name=("sunita_verma",),
    content=("वर्मा", "SH/DEL/2025/0048211", "7392 5814 0620", "BQRPV4821K", "मकान नं. 27", "98114 27356", "मधुमेह",
             "एंजियोप्लास्टी"),
)  # fmt: skip

case(
    "hi-pharmacy-order", "hi", "pharmacy order",
    {
        "messages": [
            user("पापा की दवाइयाँ फिर से ऑर्डर कर दो।"),
            call("place_order", {"items": "टेल्मिसार्टन 40 mg x 30, मेटफॉर्मिन 500 mg x 60",
                                 "payment": "UPI rajesh.malhotra58@okicici"}),
            result({"order": "PX-88213", "status": "confirmed"}),
            user("ऑर्डर की पुष्टि का मैसेज पापा के लिए लिखो।"),
        ],
        "tools": [tool("place_order",
                       "ऑनलाइन फ़ार्मेसी पर ऑर्डर देता है। डिलीवरी: राजेश मल्होत्रा, फ्लैट 4B, "
                       "गुलमोहर अपार्टमेंट, बांद्रा वेस्ट, मुंबई 400050",
                       {"items": "string", "payment": "string"})],
    },
    tool_desc=("मल्होत्रा", "गुलमोहर अपार्टमेंट"),
    tool_args=("टेल्मिसार्टन", "मेटफॉर्मिन", "rajesh.malhotra58@okicici"),
)  # fmt: skip

# ---------------------------------------------------------------- Turkish

case(
    "tr-kira-sozlesmesi", "tr", "real-estate contract",
    {"messages": [
        system("Sen Moda Emlak'ın sözleşme asistanısın. Danışman: Ece Karaosmanoğlu, cep 0533 741 20 86."),
        user("Kira sözleşmesinin taraflar kısmını yaz:\n"
             "Kiraya veren: Halil İbrahim Çağlayan, T.C. Kimlik No: 38471902622\n"
             "Kiracı: Zeynep Aydınlıoğlu, T.C. Kimlik No: 52710394832, doğum tarihi 19.10.1995\n"
             "Taşınmaz: Bağdat Caddesi No: 214 Daire: 9, 34728 Kadıköy/İstanbul\n"
             "Kira bedeli TR33 0006 1005 1978 6457 8413 26 numaralı hesaba yatırılacaktır.\n"
             "Kiracının telefonu: 0532 418 27 93"),
    ]},
    system=("Karaosmanoğlu", "0533 741 20 86"),
    content=("Çağlayan", "38471902622", "Aydınlıoğlu", "52710394832", "19.10.1995", "Bağdat Caddesi No: 214",
             "TR33 0006 1005 1978 6457 8413 26", "0532 418 27 93"),
)  # fmt: skip

case(
    "tr-diyaliz-mail", "tr", "medical appointment",
    {
        "messages": [
            user("babam için diyaliz merkezine bir mail yazalım, merkezde sorumlu hemşire yıldırım hanım"),
            assistant("Tabii. Babanızın bilgilerini ve talebinizi yazar mısınız?"),
            user("Hemşire Gülay Yıldırım'a yazılacak. Babam Mehmet Ali Korkmaz, kronik böbrek yetmezliği nedeniyle "
                 "haftada üç gün hemodiyalize giriyor; salı seansını perşembeye almak istiyoruz. Hasta dosya no: "
                 "DYL-2024/0419."),
        ],
        "stop": ["\nSaygılarımla,\nElif Tunçdemir"],
    },
    multi_turn=("yıldırım",),
    content=("Korkmaz", "kronik böbrek yetmezliği", "hemodiyaliz", "DYL-2024/0419"),
    stop=("Tunçdemir",),
)  # fmt: skip

# ---------------------------------------------------------------- Vietnamese

case(
    "vi-don-hoan-tien", "vi", "banking chat",
    {"messages": [user(parts(
        "Giúp tôi viết đơn đề nghị ngân hàng hoàn tiền giao dịch bị lừa đảo.\n",
        "Họ tên: Nguyễn Thị Thu Hà\nSố CCCD: 001186023457\nNgày sinh: 12/06/1986\n"
        "Địa chỉ: số 18 ngõ 102 phố Trường Chinh, phường Phương Mai, quận Đống Đa, Hà Nội\n"
        "SĐT: 0912 438 765\nSố tài khoản Vietcombank: 0451000382917\n",
        "Ngày 01/12 tôi chuyển 45.000.000 đồng cho người tự xưng là nhân viên bệnh viện, nói rằng con tôi cần "
        "phẫu thuật gấp vì bệnh tim bẩm sinh.",
    ))]},
    parts=("Thị Thu Hà", "001186023457", "12/06/1986", "số 18 ngõ 102", "0912 438 765", "0451000382917",
           "bệnh tim bẩm sinh"),
)  # fmt: skip

case(
    "vi-lien-lac-phu-huynh", "vi", "school / child record",
    {
        "messages": [
            user("Tra thông tin phụ huynh của em Khôi lớp 2A."),
            call("tra_cuu_hoc_sinh", {"hoc_sinh": "Trần Minh Khôi"}),
            result({"phu_huynh": "Trần Văn Đức", "sdt": "0987 615 204",
                    "dia_chi": "42/7 Nguyễn Thị Minh Khai, Quận 3, TP.HCM",
                    "suc_khoe": "động kinh, đang dùng Depakine"},
                   every=True),
            user("Soạn tin nhắn mời phụ huynh họp vào thứ Sáu."),
        ],
        "tools": [
            tool("tra_cuu_hoc_sinh", "Tra cứu hồ sơ học sinh.", {
                "hoc_sinh": {"type": "string", "enum": ["Trần Minh Khôi", "Lê Bảo Ngọc", "Phạm Gia Huy"]}}),
            tool("gui_thong_bao", "Gửi thông báo cho phụ huynh.", {"noi_dung": "string"}),
        ],
    },
    tool_enum=("Minh Khôi", "Bảo Ngọc", "Gia Huy"),
    tool_result_escaped=("Trần Văn Đức", "0987 615 204", "42/7 Nguyễn Thị Minh Khai", "động kinh", "Depakine"),
)  # fmt: skip

# ---------------------------------------------------------------- Hebrew

case(
    "he-michtav-kupat-cholim", "he", "medical letter",
    {"messages": [
        system("אתה עוזר של מרפאה בחיפה. רופאה מטפלת: ד\"ר מיכל אברמוביץ'."),
        user("נסח מכתב לקופת החולים בשם המטופלת:\nשם: דנה לוינשטיין\nת\"ז: 039182746\nתאריך לידה: 22.01.1979\n"
             "כתובת: רחוב הרצל 45, דירה 7, חיפה 3303115\nטלפון: 052-4819273\n"
             "אבחנה: סכרת סוג 2 עם נוירופתיה\nטיפול: ג'ארדיאנס 10 מ\"ג\nבקשה: אישור לבדיקת MRI."),
    ]},
    system=("אברמוביץ",),
    content=("לוינשטיין", "039182746", "22.01.1979", "הרצל 45", "052-4819273", "סכרת", "נוירופתיה", "ג'ארדיאנס"),
)  # fmt: skip

case(
    "he-crm-update", "he", "customer CRM",
    {
        "messages": [
            user("עדכן את הסיסמה של הלקוח בפורטל.", name="yossi_mizrahi"),
            call("update_customer", {"customer_name": "אורי בן-עמי", "id_number": 315720490,
                                     "new_password": "Gal\"Ilan#77"}),
            result({"ok": True}),
            user("תודה. תכתוב לו הודעה קצרה שהסיסמה עודכנה.", name="yossi_mizrahi"),
        ],
        "tools": [tool("update_customer", "מעדכן כרטיס לקוח ב-CRM.",
                       {"customer_name": "string", "id_number": "integer", "new_password": "string"})],
    },
    name=("yossi_mizrahi",),
    tool_args=("בן-עמי",),
    tool_args_number=("315720490",),
    escaped_quote=('Gal"Ilan#77',),
)  # fmt: skip
