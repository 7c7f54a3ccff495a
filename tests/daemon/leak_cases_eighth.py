"""The eighth leak set (blind): realistic requests with planted sensitive values, for test_leaks_eighth.py.

Written blind (issue 16) by a helper who had not seen the detector, its lexicons, its tests, the team's notes
or the earlier sets' cases; nothing here was tuned or changed after a run. The building blocks (``LeakCase``,
``user``, ``parts``, tool helpers) are the second set's, imported unchanged, so every set is judged alike;
the texts, people and domains are new.

Each case is one chat request as a user (or an app built on IslandRun) would send it, and the exact
substrings that must never reach a lower-trust island, grouped by the field they were put in (the second
set's fields: content, parts, system, name, multi_turn, tool_desc, tool_param_desc, tool_enum, tool_args,
tool_args_number, escaped_quote, tool_result_escaped, stop; see its docstring).

Domains no earlier set used: probation letters, domestic-violence shelter intake, maternity discharge,
tumour boards, stroke rehabilitation, hearing aids, opticians, allergy clinics, transplant waiting lists,
hospices, vaccination records, workplace harassment, whistleblowing, union grievances, payday loans, pawn
shops, car-rental damage, traffic-camera appeals, e-scooter accidents, home-made wills, church and party
membership, poll-worker rosters, donor lists, loyalty cards, DNA-match chats, sperm donors, surrogacy,
foster care, juvenile court, missing persons, restraining orders, sick notes, smartwatch exports,
telemedicine, tuberculosis contact tracing, sleep clinics, eating-disorder care, firearms licences,
doping control, food banks, shelters, microloans, medical crowdfunding, driving-licence medicals, and
code with secrets (Kubernetes manifests, CI logs, commits, SSH configs, .env files). Identifiers with
check digits (national IDs, tax numbers, IBANs, cards) are valid by checksum (python-stdnum) but invented;
so are the people, addresses, phones, keys and passwords. Two cases carry an image or file part: they
are "either" (content that cannot be sanitised may be refused instead).
"""

from __future__ import annotations

from typing import Any

from .leak_cases_second import LeakCase, assistant, call, parts, result, system, tool, user

__all__ = ["CASES", "LeakCase"]

CASES: list[LeakCase] = []


def case(
    id: str, lang: str, domain: str, body: dict[str, Any], expect: str = "sanitize", **planted: tuple[str, ...]
) -> None:
    CASES.append(LeakCase(id, lang, domain, body, planted, expect))


# ---------------------------------------------------------------- code with secrets

case(
    "en-k8s-secret-review",
    "en",
    "Kubernetes secret manifest",
    {
        "messages": [
            system(
                "You are the review bot of Fernhollow's platform team. Escalate anything urgent to the on-call "
                "engineer Priya Raghunathan (+44 7700 914382, priya.raghunathan@fernhollow.io)."
            ),
            user(
                "can you check this before I kubectl apply it? it keeps crashlooping\n\n"
                "apiVersion: v1\nkind: Secret\nmetadata:\n  name: billing-db\n  namespace: payments\n"
                "type: Opaque\ndata:\n  DB_PASSWORD: VHE3I3ZMbTIhcFJ6OXdYZQ==\nstringData:\n"
                "  AWS_ACCESS_KEY_ID: AKIAZ7Q4MNB3XK2RLW5D\n"
                "  AWS_SECRET_ACCESS_KEY: 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\n"
                "  DATABASE_URL: postgresql://billing_rw:Tq7#vLm2!pRz9wXe@db-prod-3.fernhollow.internal:5432/billing\n"
                "  SLACK_WEBHOOK: https://hooks.slack.com/services/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\n"
            ),
        ]
    },
    system=("Priya Raghunathan", "+44 7700 914382", "priya.raghunathan@fernhollow.io"),
    content=(
        "VHE3I3ZMbTIhcFJ6OXdYZQ==",
        "AKIAZ7Q4MNB3XK2RLW5D",
        "wJ8rXq2LmT4vN9bYp1KcZ7hFdS3gE6uA0oIyR5tW",
        "Tq7#vLm2!pRz9wXe",
        "vN3kQ8mZ2rT5yW7pL9sD4fHa",
    ),
)

case(
    "en-ci-log-tokens",
    "en",
    "CI log with tokens",
    {
        "messages": [
            user(
                parts(
                    "Our GitHub Actions deploy job fails at the npm publish step. Log below, what's wrong?",
                    "Run npm publish --access public\n"
                    "npm notice Publishing to https://registry.npmjs.org/ with tag latest\n"
                    "npm verb config //registry.npmjs.org/:_authToken=npm_R7kQw2ZpLx9TmB4vYc8NdJ3hGf6sUe1aKo5i\n"
                    "npm ERR! 403 Forbidden - PUT https://registry.npmjs.org/@larchmont%2fsdk\n"
                    "env: GH_TOKEN=ghp_4mTqZ8vKx2LpR7wNc9YbJ3sHd6fGa1Ue5oXi\n"
                    "env: SENTRY_DSN=https://7c41e9a2b8d34f6f9e0a15c3d2b7e8f4@o482117.ingest.sentry.io/5739204\n"
                    "git config user.email dmitri.volkonsky@larchmont.dev",
                ),
                name="dmitri_volkonsky",
            ),
        ],
        "stop": ["\nDmitri Volkonsky:"],
    },
    parts=(
        "npm_R7kQw2ZpLx9TmB4vYc8NdJ3hGf6sUe1aKo5i",
        "ghp_4mTqZ8vKx2LpR7wNc9YbJ3sHd6fGa1Ue5oXi",
        "7c41e9a2b8d34f6f9e0a15c3d2b7e8f4",
        "dmitri.volkonsky@larchmont.dev",
    ),
    name=("dmitri_volkonsky",),
    stop=("Dmitri Volkonsky",),
)

case(
    "da-git-commit-noegle",
    "da",
    "Git commit with credentials",
    {
        "messages": [
            user(
                "Jeg har ved en fejl committet vores .env til GitHub. Hvordan fjerner jeg den fra historikken? "
                "Her er diffen:\n\n"
                "commit 9f3c2e71b4a0d8e6f5c1a2b3d4e5f60718293a4b\n"
                "Author: Mette Kjærgaard <mette.kjaergaard@post.dk>\n"
                "Date:   Tue Dec 1 09:14:02 2026 +0100\n\n"
                "+STRIPE_SECRET_KEY=sk_live_51NfQ2kLmX8vRt3ZbYp7WcJd9HsGa4Ue6oTi2QrBn\n"
                "+MITID_TEST_CPR=170571-1238\n"
                "+SUPPORT_TELEFON=+45 28 91 47 63\n"
                "+ADMIN_JWT=eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1XzU4MjEzIiwibmFtZSI6Ik1ldHRlIEtqw6ZyZ2Fh"
                "cmQi"
                "LCJlbWFpbCI6Im1ldHRlLmtqYWVyZ2FhcmRAcG9zdC5kayIsImlhdCI6MTc5NjU1MzYwMH0.Nu7jAPixhaTwZPfIsjofbo4bwCnq"
                "9np6h2HWxvLrnJc\n"
                "+KONTO=DK72 3455 1819 5622 46"
            ),
        ]
    },
    content=(
        "Mette Kjærgaard",
        "mette.kjaergaard@post.dk",
        "sk_live_51NfQ2kLmX8vRt3ZbYp7WcJd9HsGa4Ue6oTi2QrBn",
        "170571-1238",
        "+45 28 91 47 63",
        "Nu7jAPixhaTwZPfIsjofbo4bwCnq9np6h2HWxvLrnJc",
        "DK72 3455 1819 5622 46",
    ),
)

case(
    "fr-ca-revue-env",
    "fr-CA",
    ".env file review",
    {
        "messages": [
            system(
                "Tu aides l'équipe de Boulangerie Gagnon & fils à Trois-Rivières à revoir ses fichiers de "
                "configuration."
            ),
            user(
                "Salut! Peux-tu me dire si mon .env est correct pour la prod? Mon chum Étienne dit que c'est pas "
                "sécuritaire.\n\n"
                "APP_ENV=production\n"
                "DB_PASSWORD=Gagnon1987!Tabarnak\n"
                "TWILIO_AUTH_TOKEN=9b4e1f7a2c6d8e0b3a5f7c9d1e2b4a6f\n"
                "PROPRIO_NAS=527 193 049\n"
                "PROPRIO_TEL=819-555-0187\n"
                "PROPRIO_ADRESSE=1432, rue des Forges, app. 3, Trois-Rivières (Québec) G9A 2H5\n"
                "COURRIEL_ADMIN=sylvie.gagnon74@videotron.ca"
            ),
            assistant("Je vais vérifier chaque variable. Veux-tu que je la teste avec l'outil de validation?"),
            call(
                "valider_env",
                {
                    "fichier": ".env.production",
                    "mot_de_passe_bd": 'Gagnon"1987!Tab',
                    "proprietaire": "Sylvie Gagnon",
                },
            ),
            result({"statut": "refusé", "raison": "mot de passe trop faible pour Sylvie Gagnon, née à Lévis"}),
            user("Pis? C'est-tu correct ou pas?"),
        ],
        "tools": [
            tool(
                "valider_env",
                "Valide un fichier .env de production.",
                {"fichier": "string", "mot_de_passe_bd": "string", "proprietaire": "string"},
            )
        ],
    },
    content=(
        "Gagnon1987!Tabarnak",
        "9b4e1f7a2c6d8e0b3a5f7c9d1e2b4a6f",
        "527 193 049",
        "819-555-0187",
        "1432, rue des Forges, app. 3",
        "sylvie.gagnon74@videotron.ca",
    ),
    escaped_quote=('Gagnon"1987!Tab',),
    tool_args=("Sylvie Gagnon",),
)

case(
    "en-ssh-config",
    "en",
    "SSH config",
    {
        "messages": [
            user(
                "why does `ssh bastion` ask for a password every time? my ~/.ssh/config:\n\n"
                "Host bastion\n  HostName 203.0.113.47\n  User okonkwo.chidi\n  Port 2222\n"
                "  IdentityFile ~/.ssh/id_ed25519_okonkwo\n"
                "  # passphrase: marigold-tractor-Ikeja-1979\n"
                "Host db-lagos\n  HostName 10.24.7.19\n  ProxyJump bastion\n"
                "  # sudo pw for chidi: N0k!aLumia920\n"
            ),
        ],
        "tools": [
            tool(
                "open_ticket",
                "Opens an IT ticket on behalf of Chidi Okonkwo (staff no. NG-44817, desk phone +234 803 418 2207).",
                {"summary": "string"},
            )
        ],
    },
    content=("okonkwo.chidi", "marigold-tractor-Ikeja-1979", "N0k!aLumia920"),
    tool_desc=("Chidi Okonkwo", "NG-44817", "+234 803 418 2207"),
)

# ---------------------------------------------------------------- justice, safety, abuse

case(
    "de-bewaehrungshilfe-brief",
    "de",
    "probation letter",
    {
        "messages": [
            user(
                "Kannst du diesen Brief an meinen Bewährungshelfer höflicher formulieren?\n\n"
                "Sehr geehrter Herr Brandstätter,\n"
                "ich, Kevin Schüttler, geb. 14.03.1996, Az. 3 KLs 412 Js 18833/24 (Landgericht Dortmund), kann den "
                "Termin am Donnerstag nicht wahrnehmen, weil ich in der Substitutionsambulanz mein Methadon "
                "bekomme. Meine neue Adresse ist Uhlandstraße 27, 44147 Dortmund, Handy 0176 48213309. "
                "Die Auflage zur Alkoholabstinenz halte ich ein (letzte EtG-Probe negativ).\n"
                "Mit freundlichen Grüßen"
            ),
        ],
        "stop": ["Kevin Schüttler:"],
    },
    content=(
        "Brandstätter",
        "14.03.1996",
        "3 KLs 412 Js 18833/24",
        "Methadon",
        "Uhlandstraße 27",
        "0176 48213309",
    ),
    stop=("Kevin Schüttler",),
)

case(
    "ar-dar-iwaa-nisaa",
    "ar",
    "domestic-violence shelter intake",
    {
        "messages": [
            system(
                "أنت مساعد لتعبئة استمارة القبول في دار إيواء النساء في عمّان. الحالة الحالية: السيدة رنا عبد الهادي "
                "الخطيب، "
                "هاتف الطوارئ 0791234587."
            ),
            user(
                "الرجاء تلخيص ملاحظات المقابلة: وصلت رنا مع ابنتها لين (٦ سنوات) بعد أن ضربها زوجها ماهر سليم الخطيب. "
                "لديها كسر في الضلع وكدمات في الوجه، وتتناول سيرترالين للاكتئاب. عنوانها السابق: جبل الحسين، شارع "
                "خالد بن "
                "الوليد، عمارة ١٤. الرقم الوطني 9861053728."
            ),
        ]
    },
    system=("رنا عبد الهادي الخطيب", "0791234587"),
    content=(
        "ماهر سليم الخطيب",
        "كسر في الضلع",
        "سيرترالين",
        "جبل الحسين، شارع خالد بن الوليد، عمارة ١٤",
        "9861053728",
    ),
)

case(
    "es-mx-orden-proteccion",
    "es-MX",
    "restraining order",
    {
        "messages": [
            user(
                "Necesito redactar la solicitud de orden de protección ante el juez. Datos: víctima Guadalupe Ortiz "
                "Mendoza, CURP GOMA850312MDFNRL00, domicilio Calle Pino Suárez 218, Col. Centro, C.P. 64000, "
                "Monterrey, N.L.; agresor Jesús Herrera Ramírez, CURP HERJ790228HJCRMN06, me manda mensajes al "
                "81 1742 6093 desde el número 33 2718 4450. Ya presenté denuncia con carpeta de investigación "
                "NL-MTY-2026-041877."
            ),
        ],
        "stop": ["Jesús Herrera:", "Guadalupe Ortiz:"],
    },
    content=(
        "Guadalupe Ortiz Mendoza",
        "GOMA850312MDFNRL00",
        "Calle Pino Suárez 218",
        "HERJ790228HJCRMN06",
        "81 1742 6093",
        "33 2718 4450",
        "NL-MTY-2026-041877",
    ),
    stop=("Jesús Herrera", "Guadalupe Ortiz"),
)

case(
    "bg-detski-sad-pravosadie",
    "bg",
    "juvenile court",
    {
        "messages": [
            user(
                "Помогнете ми да подготвя становище до Районен съд – Пловдив по дело № 2417/2026 г. за "
                "непълнолетния Ивайло Стоянов Петков, ЕГН 0843155128, роден на 15.03.2008 г. Живее с баба си "
                "Радка Петкова на ул. „Капитан Райчо“ № 56, ет. 2, Пловдив. Диагностициран е с ADHD и "
                "приема метилфенидат. Телефон на бабата: 0888 413 927."
            ),
        ]
    },
    content=(
        "2417/2026",
        "Ивайло Стоянов Петков",
        "0843155128",
        "15.03.2008",
        "Радка Петкова",
        "ул. „Капитан Райчо“ № 56",
        "метилфенидат",
        "0888 413 927",
    ),
)

case(
    "ru-propal-chelovek",
    "ru",
    "missing-person report",
    {
        "messages": [
            user(
                "помогите составить заявление о пропаже для лизы алерт. пропал мой отец, "
                "геннадий фёдорович журавлёв, 12.06.1951 г.р., страдает болезнью альцгеймера и сахарным диабетом 2 "
                "типа, "
                "ушёл из дома 5 декабря около 15:00 по адресу г. Екатеринбург, ул. Малышева, д. 84, кв. 117. "
                "Был в серой куртке. Мой телефон +7 912 604-38-15, СНИЛС отца 418-273-195 84."
            ),
        ],
        "tools": [
            tool(
                "create_report",
                "Отправляет заявку в поисковый отряд.",
                {
                    "region": {"type": "string", "enum": ["Свердловская область", "Челябинская область"]},
                    "contact": {
                        "type": "string",
                        "description": "Контакт заявителя, например Журавлёва Оксана Геннадьевна",
                    },
                },
            )
        ],
    },
    content=(
        "геннадий фёдорович журавлёв",
        "12.06.1951",
        "болезнью альцгеймера",
        "ул. Малышева, д. 84, кв. 117",
        "+7 912 604-38-15",
        "418-273-195 84",
    ),
    tool_param_desc=("Журавлёва Оксана Геннадьевна",),
)

case(
    "cs-pokuta-radar",
    "cs",
    "traffic-camera appeal",
    {
        "messages": [
            user(
                "Dobrý den, potřebuji odpor proti příkazu za překročení rychlosti (úsekové měření na D1). "
                "Řidičem nebyla já, ale můj bývalý partner. Údaje: Kateřina Dvořáková, rodné číslo 875412/1002, "
                "bytem Vinohradská 1874/112, 130 00 Praha 3, tel. 604 218 937. Vozidlo SPZ 5AJ 8142, "
                "č. j. MMB/0418273/2026. Přikládám i to, že jsem toho dne byla na dialýze... ne, pardon, na "
                "chemoterapii ve FN Motol."
            ),
        ],
        "tools": [
            tool(
                "podat_odpor",
                "Podá odpor přes datovou schránku.",
                {
                    "datova_schranka": {
                        "type": "string",
                        "description": "ID datové schránky, u paní Dvořákové je to q7hx2mb",
                    },
                    "spz": "string",
                },
            )
        ],
    },
    content=(
        "Kateřina Dvořáková",
        "875412/1002",
        "Vinohradská 1874/112",
        "604 218 937",
        "5AJ 8142",
        "MMB/0418273/2026",
        "chemoterapii",
    ),
    tool_param_desc=("q7hx2mb",),
)

case(
    "it-segnalazione-whistleblowing",
    "it",
    "whistleblower report",
    {
        "messages": [
            system(
                "Sei l'assistente del canale whistleblowing di Ferrari Logistica S.p.A. Il segnalante di questa "
                "sessione "
                "è anonimo verso l'azienda; la gestrice della segnalazione è l'avv. Chiara Ferraresi."
            ),
            user(
                "Voglio segnalare che il responsabile acquisti, Gianluca Bonetti (codice fiscale BNCGLI58M17F205M), "
                "riceve pagamenti sul conto IT92 K873 3983 5711 6129 6020 934 da un fornitore di Verona. "
                "Io sono Giulia Ferri, codice fiscale FRRGLI77D45L219M, cell. 347 218 5590, ma non voglio che si "
                "sappia. "
                "Ho le email del 12 marzo."
            ),
        ]
    },
    system=("Chiara Ferraresi",),
    content=(
        "Gianluca Bonetti",
        "BNCGLI58M17F205M",
        "IT92 K873 3983 5711 6129 6020 934",
        "Giulia Ferri",
        "FRRGLI77D45L219M",
        "347 218 5590",
    ),
)

case(
    "tr-sendika-sikayet",
    "tr",
    "union grievance",
    {
        "messages": [
            user(
                "Sendikaya şikâyet dilekçesi yazmama yardım eder misin? Ben Emine Yıldırımoğlu, T.C. Kimlik No "
                "38517264028, Birleşik Metal-İş üye no 34-118702. Ustabaşı Hakan Koçyiğit vardiyada beni "
                "taciz etti, sonra depresyon tanısıyla rapor aldım. Adres: Fevzi Çakmak Mah. Gül Sok. No:7 D:4, "
                "Esenyurt/İstanbul. Tel: 0532 471 80 26."
            ),
            assistant("Tabii. Dilekçeyi kime hitaben yazalım?"),
            user(
                "İşyeri temsilcisi Serkan abiye. Kıdem tazminatı için IBAN'ım TR47 8454 1375 6943 4696 8599 56.",
                name="emine_yildirimoglu",
            ),
        ]
    },
    content=(
        "Emine Yıldırımoğlu",
        "38517264028",
        "34-118702",
        "Hakan Koçyiğit",
        "Fevzi Çakmak Mah. Gül Sok. No:7 D:4",
        "0532 471 80 26",
        "TR47 8454 1375 6943 4696 8599 56",
    ),
    name=("emine_yildirimoglu",),
)

case(
    "km-kar-ruk-rean-kar-ngar",
    "km",
    "workplace harassment complaint",
    {
        "messages": [
            user(
                "សូមជួយសរសេរពាក្យបណ្តឹងទៅក្រសួងការងារ។ ខ្ញុំឈ្មោះ ស៊ុន សុភ័ក្ត្រា ធ្វើការនៅរោងចក្រកាត់ដេរ "
                "ក្នុងខណ្ឌពោធិ៍សែនជ័យ។ ប្រធានក្រុម ឈឹម វណ្ណៈ បានរំលោភបំពានផ្លូវភេទលើខ្ញុំ។ "
                "លេខអត្តសញ្ញាណប័ណ្ណ 010428375 លេខទូរស័ព្ទ 012 847 391 ។ ផ្ទះលេខ 27 ផ្លូវ 2004 ភូមិត្រពាំងឈូក។"
            ),
        ]
    },
    content=(
        "ស៊ុន សុភ័ក្ត្រា",
        "ឈឹម វណ្ណៈ",
        "010428375",
        "012 847 391",
        "ផ្ទះលេខ 27 ផ្លូវ 2004",
    ),
)

case(
    "he-omna-hashama",
    "he",
    "foster-care placement",
    {
        "messages": [
            user(
                "אני עובדת סוציאלית ברווחה בבאר שבע. תנסח לי סיכום החלטת השמה: הילד נועם אברג'ל, ת.ז. 039482716, "
                "יושם במשפחת אומנה של יוסי ושרית מזרחי ברחוב הנשיאים 14, דימונה. האם, מורן אברג'ל, "
                "מטופלת בגמילה מקנביס ונמצאת בהוסטל. טלפון האומנה: 052-7314498."
            ),
            call("update_case", {"child_id": 39482716, "foster_family": "יוסי ושרית מזרחי"}),
            result({"status": "ok", "social_worker": "ליאת בן שושן", "court": "בית משפט לנוער באר שבע"}),
            user("מעולה. עכשיו תנסח את הסיכום."),
        ],
        "tools": [
            tool("update_case", "מעדכן תיק ברווחה.", {"child_id": "integer", "foster_family": "string"}),
        ],
    },
    content=("נועם אברג'ל", "039482716", "הנשיאים 14", "מורן אברג'ל", "052-7314498"),
    tool_args=("יוסי ושרית מזרחי",),
    tool_args_number=("39482716",),
    tool_result_escaped=("ליאת בן שושן",),
)

case(
    "en-probation-curfew-tag",
    "en",
    "electronic monitoring",
    {
        "messages": [
            system(
                "You draft letters for Tyne Valley Probation Delivery Unit. Current officer: Shona McAllister. "
                "Never include the victim's address."
            ),
            user(
                "Draft a curfew variation letter for Liam Patrick Doherty (DOB 22/09/1989, PNC 11/482917K, "
                "NOMIS A4821DX). His tag keeps alarming at 14 Wellfield Terrace, Gateshead NE10 9QB because of "
                "the dead zone upstairs. He's also been prescribed pregabalin and the pharmacy is late. "
                "His mobile is 07421 583906."
            ),
        ],
        "tools": [
            tool(
                "send_letter",
                "Sends a letter through the probation case management system.",
                {
                    "officer": {"type": "string", "enum": ["Shona McAllister", "Graham Tulloch"]},
                    "crn": {"type": "string", "description": "Case reference number, e.g. X482119"},
                },
            )
        ],
    },
    system=("Shona McAllister",),
    content=(
        "Liam Patrick Doherty",
        "22/09/1989",
        "11/482917K",
        "A4821DX",
        "14 Wellfield Terrace",
        "pregabalin",
        "07421 583906",
    ),
    tool_enum=("Graham Tulloch",),
    tool_param_desc=("X482119",),
)

# ---------------------------------------------------------------- health

case(
    "fr-sortie-maternite",
    "fr",
    "maternity ward discharge",
    {
        "messages": [
            user(
                "Résume-moi ce compte rendu de sortie de maternité pour que ma mère comprenne :\n"
                "Patiente : Mme Aurélie Lemaire-Boucher, née le 03/11/1993, NIR 2 93 11 75 114 203 56\n"
                "Accouchement le 28/11 à 38 SA+4 par césarienne en urgence pour pré-éclampsie sévère. "
                "Hémorragie de la délivrance (1200 ml), transfusion de 2 CGR. Nouveau-né : Léon, 3120 g, "
                "ictère traité par photothérapie. Sortie sous Lovenox 4000 UI. Sage-femme référente : "
                "Mme Nadia Benslimane, 06 71 48 29 53. Adresse : 17 bis rue des Tanneurs, 59800 Lille."
            ),
        ],
        "tools": [
            tool(
                "envoyer_sms",
                "Envoie un SMS à la famille.",
                {"destinataire": {"type": "string", "enum": ["Maman (Brigitte Lemaire)", "Papa"]}, "texte": "string"},
            )
        ],
    },
    content=(
        "Aurélie Lemaire-Boucher",
        "03/11/1993",
        "2 93 11 75 114 203 56",
        "pré-éclampsie sévère",
        "Hémorragie de la délivrance",
        "Nadia Benslimane",
        "06 71 48 29 53",
        "17 bis rue des Tanneurs",
    ),
    tool_enum=("Brigitte Lemaire",),
)

case(
    "zh-zhongliu-mdt",
    "zh",
    "oncology tumour board",
    {
        "messages": [
            system("你是中山大学附属肿瘤医院胸外科MDT会议的记录助手。今天的主持人是吴建国主任。"),
            user(
                "请把下面的病例整理成MDT讨论摘要：患者林秀芳，女，61岁，身份证号440305198503174624，住院号ZL2026-118734。"
                "诊断：右肺上叶腺癌 cT2aN1M0，EGFR 19外显子缺失。既往乙肝病史。联系电话13826471953，"
                "住址深圳市南山区桃园路28号阳光花园3栋1502。"
            ),
            call("query_his", {"patient_id": "ZL2026-118734", "doctor": "吴建国"}, ascii_only=True),
            result({"pathology": "浸润性腺癌，贴壁型为主", "family": "女儿 陈思雨 13902847716"}),
            user("好，再加上病理结果写成摘要。"),
        ],
        "tools": [tool("query_his", "查询医院信息系统。", {"patient_id": "string", "doctor": "string"})],
    },
    system=("吴建国",),
    content=(
        "林秀芳",
        "440305198503174624",
        "ZL2026-118734",
        "右肺上叶腺癌",
        "乙肝",
        "13826471953",
        "桃园路28号阳光花园3栋1502",
    ),
    tool_result_escaped=("陈思雨", "13902847716"),
)

case(
    "hi-stroke-punarvas",
    "hi",
    "stroke rehabilitation",
    {
        "messages": [
            user(
                "मेरे पिताजी श्री रामनिवास अग्रवाल (उम्र 68) को 2 नवंबर को इस्कीमिक स्ट्रोक हुआ, दाएँ हाथ में लकवा और "
                "बोलने में दिक्कत (अफ़ेज़िया) है। फिजियोथेरेपिस्ट डॉ. नेहा भार्गव रोज़ घर आती हैं। उनका आधार 4831 "
                "2075 9626 है "
                "और पता मकान नं. 42, गली नं. 5, शास्त्री नगर, जयपुर 302016 है। कृपया घर पर व्यायाम की सूची बना दीजिए। "
                "मेरा नंबर 98290 41736 है।"
            ),
        ],
        "tools": [
            tool(
                "book_session",
                "Books a physiotherapy home visit.",
                {"patient_aadhaar": "integer", "therapist": "string"},
            )
        ],
    },
    content=(
        "रामनिवास अग्रवाल",
        "इस्कीमिक स्ट्रोक",
        "अफ़ेज़िया",
        "नेहा भार्गव",
        "4831 2075 9626",
        "मकान नं. 42, गली नं. 5, शास्त्री नगर",
        "98290 41736",
    ),
)

case(
    "ja-hochouki-fitting",
    "ja",
    "hearing-aid fitting",
    {
        "messages": [
            user(
                "補聴器の調整記録をまとめてください。\n氏名：佐々木 トシ子（ささき としこ）様、昭和12年4月3日生\n"
                "住所：宮城県仙台市青葉区上杉3丁目8-21 コーポ上杉205\n電話：022-271-4839\n"
                "診断：両側感音難聴（右65dB、左72dB）、メニエール病の既往\n"
                "担当：認定補聴器技能者 横山 亮介\n身体障害者手帳 第0418273号"
            ),
        ],
        "stop": ["佐々木様：", "横山："],
    },
    content=(
        "佐々木 トシ子",
        "昭和12年4月3日",
        "上杉3丁目8-21 コーポ上杉205",
        "022-271-4839",
        "両側感音難聴",
        "メニエール病",
        "第0418273号",
    ),
    stop=("佐々木様", "横山"),
)

case(
    "si-akshi-vaidya",
    "si",
    "optician",
    {
        "messages": [
            user(
                "මගේ අම්මාගේ ඇස් පරීක්ෂණ වාර්තාව ඉංග්‍රීසියට පරිවර්තනය කරන්න: රෝගියා කුසුම් ජයසිංහ මහත්මිය, "
                "ජා.හැ.අ. 195863402117, ලිපිනය අංක 14/3, ගාලු පාර, වැල්ලවත්ත. ග්ලුකෝමාව සහ දියවැඩියා රෙටිනෝපතිය. "
                "දුරකථන 077 348 2916. වෛද්‍ය ප්‍රියන්ත වික්‍රමසූරිය."
            ),
        ]
    },
    content=(
        "කුසුම් ජයසිංහ",
        "195863402117",
        "අංක 14/3, ගාලු පාර",
        "ග්ලුකෝමාව",
        "දියවැඩියා රෙටිනෝපතිය",
        "077 348 2916",
        "ප්‍රියන්ත වික්‍රමසූරිය",
    ),
)

case(
    "fa-alerji-kodak",
    "fa",
    "allergy clinic",
    {
        "messages": [
            user(
                "برای مهد کودک یک نامه بنویس که پسرم آرین رضایی‌نژاد، کد ملی ۰۰۱۲۷۴۸۳۹۰، به بادام زمینی و کنجد حساسیت "
                "شدید (آنافیلاکسی) دارد و همیشه اپی‌پن همراهش است. پزشکش دکتر مهسا طباطبایی در کلینیک آلرژی است. "
                "شماره من ۰۹۱۲ ۴۸۳ ۷۱۵۶ و آدرس: تهران، خیابان شریعتی، کوچه یاس، پلاک ۱۸، واحد ۴."
            ),
        ],
        "tools": [
            tool(
                "send_letter",
                "نامه را برای مدیر مهد می‌فرستد.",
                {"principal": {"type": "string", "enum": ["خانم فرشته کاظمی", "آقای نادری"]}},
            )
        ],
    },
    content=(
        "آرین رضایی‌نژاد",
        "۰۰۱۲۷۴۸۳۹۰",
        "آنافیلاکسی",
        "مهسا طباطبایی",
        "۰۹۱۲ ۴۸۳ ۷۱۵۶",
        "کوچه یاس، پلاک ۱۸",
    ),
    tool_enum=("فرشته کاظمی",),
)

case(
    "pt-pt-lista-transplante",
    "pt-PT",
    "transplant waiting list",
    {
        "messages": [
            user(
                "Boa tarde. Preciso de uma carta para a Unidade de Transplantação do Hospital Curry Cabral a pedir "
                "informação sobre a minha posição na lista de espera para transplante hepático. Sou o Rui Manuel "
                "Carvalho Nogueira, NIF 236175807, n.º de utente SNS 284 193 067, morada Rua Actor Taborda 35, 2.º "
                "Esq., "
                "1000-007 Lisboa, telemóvel 912 483 076. Tenho cirrose por hepatite C e MELD 24."
            ),
        ],
        "tools": [
            tool(
                "enviar_email",
                "Envia um email para o hospital.",
                {
                    "para": {"type": "string", "description": "Endereço, por ex. coord.transplante@chlc.min-saude.pt"},
                    "assinatura": {
                        "type": "string",
                        "description": "Assinatura do doente: Rui Nogueira, utente 284193067",
                    },
                },
            )
        ],
    },
    content=(
        "Rui Manuel Carvalho Nogueira",
        "236175807",
        "284 193 067",
        "Rua Actor Taborda 35, 2.º Esq.",
        "912 483 076",
        "cirrose por hepatite C",
    ),
    tool_param_desc=("284193067",),
)

case(
    "nl-hospice-overdracht",
    "nl",
    "hospice",
    {
        "messages": [
            system(
                "Je helpt vrijwilligers van Hospice De Linde in Zwolle met overdrachten. Coördinator: Marjolein ter "
                "Horst."
            ),
            user(
                parts(
                    "Overdracht nachtdienst kamer 3:",
                    "Dhr. Gerrit-Jan Hofstede (BSN 173948261), 79 jr, gemetastaseerd pancreascarcinoom, palliatieve "
                    "sedatie besproken met huisarts Van Dalen. Morfinepomp 30 mg/24u. Dochter Anneke: 06-41827360. "
                    "Hij wil dat dominee Pieters komt. Adres dochter: Thorbeckegracht 48, 8011 VN Zwolle.",
                ),
                name="marjolein_terhorst",
            ),
        ]
    },
    system=("Marjolein ter Horst",),
    name=("marjolein_terhorst",),
    parts=(
        "Gerrit-Jan Hofstede",
        "173948261",
        "pancreascarcinoom",
        "Morfinepomp",
        "06-41827360",
        "Thorbeckegracht 48",
    ),
)

case(
    "vi-so-tiem-chung",
    "vi",
    "vaccination records",
    {
        "messages": [
            user(
                "Giúp mình nhập sổ tiêm chủng của bé vào app: bé Nguyễn Ngọc Bảo Anh, sinh 14/02/2024, mã định danh "
                "079324018563, mẹ là Trần Thị Thu Hà, SĐT 0908 417 326, địa chỉ 42/7 Nguyễn Thị Minh Khai, Phường Đa "
                "Kao, "
                "Quận 1. Bé bị dị ứng trứng nên hoãn mũi cúm. Đã tiêm 6in1 mũi 3 tại VNVC Hoàng Văn Thụ."
            ),
            call("luu_so_tiem", {"ma_dinh_danh": 79324018563, "ten_be": "Nguyễn Ngọc Bảo Anh"}),
            result({"trang_thai": "đã lưu", "bac_si": "BS. Lê Minh Khôi", "ghi_chu": "dị ứng trứng"}),
            user("Lịch mũi tiếp theo là khi nào?"),
        ],
        "tools": [tool("luu_so_tiem", "Lưu sổ tiêm chủng.", {"ma_dinh_danh": "integer", "ten_be": "string"})],
    },
    content=(
        "Nguyễn Ngọc Bảo Anh",
        "14/02/2024",
        "079324018563",
        "Trần Thị Thu Hà",
        "0908 417 326",
        "42/7 Nguyễn Thị Minh Khai",
        "dị ứng trứng",
    ),
    tool_args_number=("79324018563",),
    tool_result_escaped=("Lê Minh Khôi",),
)

case(
    "ne-kshayarog-samparka",
    "ne",
    "tuberculosis contact tracing",
    {
        "messages": [
            user(
                "क्षयरोग सम्पर्क खोजको रिपोर्ट अंग्रेजीमा बनाइदिनुहोस्: बिरामी सीता कुमारी थापा मगर, उमेर ३४, "
                "नागरिकता नं. २७-०१-७४-०५८१२, ठेगाना: बुटवल उपमहानगरपालिका वडा नं. ११, रूपन्देही। "
                "एमडीआर क्षयरोग पुष्टि भएको। घरमा श्रीमान् दिल बहादुर थापा र छोरा सुमन। मोबाइल ९८४७०३१६२५।"
            ),
        ]
    },
    content=(
        "सीता कुमारी थापा मगर",
        "२७-०१-७४-०५८१२",
        "बुटवल उपमहानगरपालिका वडा नं. ११",
        "एमडीआर क्षयरोग",
        "दिल बहादुर थापा",
        "९८४७०३१६२५",
    ),
)

case(
    "ml-urakkam-clinic",
    "ml",
    "sleep clinic",
    {
        "messages": [
            user(
                "ഉറക്ക പരിശോധനയുടെ റിപ്പോർട്ട് ലളിതമായി വിശദീകരിക്കാമോ? രോഗി: ജോസഫ് മാത്യു കുര്യാക്കോസ്, 52 വയസ്സ്, "
                "കഠിനമായ ഒബ്സ്ട്രക്ടീവ് സ്ലീപ് അപ്നിയ (AHI 41), CPAP നിർദ്ദേശിച്ചു. വിലാസം: പുത്തൻപുരയ്ക്കൽ വീട്, "
                "കടവന്ത്ര, എറണാകുളം 682020. ഫോൺ 94470 31826. ഡോ. ലക്ഷ്മി നായർ."
            ),
        ],
        "tools": [
            tool(
                "order_cpap",
                "Orders a CPAP machine from the vendor.",
                {
                    "patient_phone": {"type": "string", "description": "Default contact: 94470 31826 (Joseph)"},
                    "pressure_cm": "integer",
                },
            )
        ],
    },
    content=(
        "ജോസഫ് മാത്യു കുര്യാക്കോസ്",
        "ഒബ്സ്ട്രക്ടീവ് സ്ലീപ് അപ്നിയ",
        "പുത്തൻപുരയ്ക്കൽ വീട്",
        "ലക്ഷ്മി നായർ",
    ),
    tool_param_desc=("94470 31826",),
)

case(
    "te-aahara-rugmata",
    "te",
    "eating-disorder clinic",
    {
        "messages": [
            system("మీరు హైదరాబాద్‌లోని మైండ్‌కేర్ క్లినిక్ కౌన్సెలర్ శ్రీలక్ష్మి రెడ్డికి సహాయకుడు."),
            user(
                "ఈ సెషన్ నోట్స్‌ను సారాంశం చేయండి: క్లయింట్ కావ్య వెంకటేశ్వరన్, 19 సం., అనోరెక్సియా నెర్వోసా, BMI "
                "15.8. "
                "తల్లి పద్మావతి ఫోన్ 98480 27164. ఇంటి చిరునామా ఫ్లాట్ 302, సాయి ఎన్‌క్లేవ్, కూకట్‌పల్లి. "
                "స్వీయ హాని ఆలోచనలు ఉన్నాయి."
            ),
        ]
    },
    system=("శ్రీలక్ష్మి రెడ్డి",),
    content=("కావ్య వెంకటేశ్వరన్", "అనోరెక్సియా నెర్వోసా", "98480 27164", "ఫ్లాట్ 302, సాయి ఎన్‌క్లేవ్", "స్వీయ హాని"),
)

case(
    "sk-smartwatch-export",
    "sk",
    "smartwatch health export",
    {
        "messages": [
            user(
                "Mám export z hodiniek, pomôž mi ho zhrnúť pre kardiologičku MUDr. Zuzanu Kmeťovú:\n"
                '{"user":"Tomáš Hrivnák","rc":"790305/1002","email":"tomas.hrivnak@azet.sk",'
                '"afib_episodes":7,"diagnosis":"fibrilácia predsiení","med":"Eliquis 5 mg",'
                '"home":"Hlavná 118, 080 01 Prešov"}'
            ),
            call("fetch_ecg", {"owner": "Tomáš Hrivnák", "device_serial": 48120937}),
            result({"ecg": "nepravidelný rytmus", "owner_phone": "+421 905 318 427"}, every=True),
            user("A čo hovoria tie EKG záznamy?"),
        ],
        "tools": [
            tool("fetch_ecg", "Stiahne EKG záznamy z hodiniek.", {"owner": "string", "device_serial": "integer"})
        ],
    },
    content=(
        "Zuzanu Kmeťovú",
        "790305/1002",
        "tomas.hrivnak@azet.sk",
        "fibrilácia predsiení",
        "Hlavná 118, 080 01 Prešov",
    ),
    tool_args=("Tomáš Hrivnák",),
    tool_args_number=("48120937",),
    tool_result_escaped=("+421 905 318 427",),
)

case(
    "hy-herakhosayin-bzhishk",
    "hy",
    "telemedicine chat transcript",
    {
        "messages": [
            user(
                "Թարգմանիր ռուսերեն այս տելեբժշկական զրույցը։\n"
                "Բժիշկ Արմինե Հովհաննիսյան: Բարև, պարոն Գևորգ Սարգսյան, ինչպե՞ս է ձեր ճնշումը։\n"
                "Հիվանդ: 170/100, գլխացավ ունեմ, խմում եմ լոզարտան։ Հեռախոս՝ +374 91 428 615, "
                "հասցե՝ Երևան, Կոմիտասի պողոտա 47, բն. 19։ Անձնագիր AT0418273։"
            ),
        ],
        "stop": ["Արմինե Հովհաննիսյան:"],
    },
    content=("Գևորգ Սարգսյան", "լոզարտան", "+374 91 428 615", "Կոմիտասի պողոտա 47, բն. 19", "AT0418273"),
    stop=("Արմինե Հովհաննիսյան",),
)

case(
    "fi-sairauslomatodistus",
    "fi",
    "sick note for employer",
    {
        "messages": [
            user(
                "Kirjoita esihenkilölleni viesti, jossa kerron sairauslomasta mutta en diagnoosia. Tässä "
                "lääkärintodistus:\n"
                "Potilas: Johanna Kristiina Mäkelä, hetu 140289-2002\n"
                "Diagnoosi: F32.1 keskivaikea masennustila, uupumus\n"
                "Sairausloma 7.12.–3.1., Terveystalo Tampere, lääkäri Antti Räsänen\n"
                "Osoite: Hämeenkatu 22 B 14, 33200 Tampere, puh. 040 518 2937"
            ),
        ],
        "tools": [
            tool(
                "laheta_viesti",
                "Lähettää viestin Teamsissa.",
                {"vastaanottaja": {"type": "string", "enum": ["Pekka Lindroos (esihenkilö)", "HR-tiimi"]}},
            )
        ],
    },
    content=(
        "Johanna Kristiina Mäkelä",
        "140289-2002",
        "keskivaikea masennustila",
        "Antti Räsänen",
        "Hämeenkatu 22 B 14",
        "040 518 2937",
    ),
    tool_enum=("Pekka Lindroos",),
)

# ---------------------------------------------------------------- money, goods, vehicles

case(
    "pl-chwilowka-windykacja",
    "pl",
    "payday loans",
    {
        "messages": [
            user("hej, dostałem maila od jarek.wisniewski82@interia.pl w sprawie pożyczki, czy to oszustwo?"),
            assistant("Proszę wkleić treść wiadomości, sprawdzę ją."),
            user(
                "Treść: Szanowny Panie Jarosław Wiśniewski, PESEL 92031704185, Pana chwilówka nr PZ/2026/118402 na "
                "kwotę 4 800 zł jest przeterminowana. Prosimy o wpłatę na rachunek PL46 3788 1421 7461 9444 8446 3533 "
                "do piątku. Adres do korespondencji: ul. Piotrkowska 211 m. 14, 90-451 Łódź. Kontakt z doradcą "
                "Magdaleną Zawadzką: 512 847 390."
            ),
        ]
    },
    multi_turn=("jarek.wisniewski82",),
    content=(
        "Jarosław Wiśniewski",
        "92031704185",
        "PZ/2026/118402",
        "PL46 3788 1421 7461 9444 8446 3533",
        "ul. Piotrkowska 211 m. 14",
        "Magdaleną Zawadzką",
        "512 847 390",
    ),
)

case(
    "pt-br-casa-de-penhores",
    "pt-BR",
    "pawn shop",
    {
        "messages": [
            system(
                "Você é o atendente virtual do penhor da Caixa, agência Sé (São Paulo). Cliente autenticada: "
                "Maria Aparecida dos Santos Lima, CPF 415.728.390-23."
            ),
            user(
                "Oi, quero renovar o contrato de penhor 0235.213.00041827-6 das minhas joias (aliança e cordão de ouro "
                "da minha mãe falecida). Meu cartão para pagar é 4147 2093 8165 3727, validade 08/29, CVV 418. "
                "Meu zap é (11) 98417-2653."
            ),
            call("renovar_penhor", {"contrato": "0235.213.00041827-6", "cpf": 41572839023, "cvv": 418}),
            result(
                {
                    "status": "aprovado",
                    "titular": "Maria Aparecida dos Santos Lima",
                    "endereco": "Rua Tabatinguera, 140, ap. 62",
                }
            ),
            user("Deu certo?"),
        ],
        "tools": [
            tool(
                "renovar_penhor",
                "Renova um contrato de penhor.",
                {"contrato": "string", "cpf": "integer", "cvv": "integer"},
            )
        ],
    },
    system=("Maria Aparecida dos Santos Lima", "415.728.390-23"),
    content=("0235.213.00041827-6", "4147 2093 8165 3727", "(11) 98417-2653"),
    tool_args_number=("41572839023",),
    tool_result_escaped=("Rua Tabatinguera, 140, ap. 62",),
)

case(
    "ko-rent-car-pason",
    "ko",
    "car-rental damage",
    {
        "messages": [
            user(
                "렌터카 파손 분쟁 내용증명 좀 써 주세요. 저는 박서연이고 "
                "주민등록번호 860924-2348004, 연락처 010-4827-3196입니다. "
                "제주 롯데렌터카에서 12월 1일에 빌린 차량 번호 68호 4821 아반떼에 "
                "반납 후 범퍼 긁힘으로 87만 원을 청구받았어요. "
                "주소는 서울특별시 마포구 월드컵북로 396, 상암파크 101동 1203호입니다. 담당 직원은 김태윤 대리였습니다."
            ),
        ],
        "tools": [
            tool(
                "send_certified_mail",
                "내용증명을 우체국으로 발송합니다.",
                {
                    "sender": {"type": "string", "enum": ["박서연", "대리인"]},
                    "amount_krw": "integer",
                },
            )
        ],
    },
    content=("860924-2348004", "010-4827-3196", "68호 4821", "월드컵북로 396, 상암파크 101동 1203호", "김태윤"),
    tool_enum=("박서연",),
)

case(
    "th-scooter-uberhet",
    "th",
    "e-scooter accident",
    {
        "messages": [
            user(
                "ช่วยเขียนบันทึกเหตุการณ์ให้บริษัทประกันหน่อยค่ะ ดิฉันนางสาวพิมพ์ชนก ศรีสวัสดิ์ เลขบัตรประชาชน "
                "3-5011-00482-73-3 "
                "ขี่สกู๊ตเตอร์ไฟฟ้าเช่าชนกับรถจักรยานยนต์ทะเบียน 2กข 4817 เชียงใหม่ บนถนนนิมมานเหมินท์ซอย 9 "
                "ได้รับบาดเจ็บกระดูกข้อมือหัก รักษาที่โรงพยาบาลมหาราชนครเชียงใหม่ HN 6418273 เบอร์โทร 089-417-2638"
            ),
        ],
        "stop": ["พิมพ์ชนก:"],
    },
    content=(
        "พิมพ์ชนก ศรีสวัสดิ์",
        "3-5011-00482-73-3",
        "2กข 4817",
        "กระดูกข้อมือหัก",
        "HN 6418273",
        "089-417-2638",
    ),
    stop=("พิมพ์ชนก",),
)

case(
    "uz-mikrokredit",
    "uz",
    "microloans",
    {
        "messages": [
            user(
                "Mikrokredit arizasini rus tiliga tarjima qilib bering: Men, Dilnoza Rustamovna Karimova, "
                "JShShIR 41708923450018, pasport AD 4182735, manzil: Toshkent sh., Chilonzor tumani, 9-kvartal, "
                "14-uy, 37-xonadon. Tel: +998 90 418 27 36. Kasbim tikuvchi, oylik daromadim 3 500 000 so'm. "
                "Qarz: Hamkorbank, karta 8600 1294 4817 3306."
            ),
        ]
    },
    content=(
        "Dilnoza Rustamovna Karimova",
        "41708923450018",
        "AD 4182735",
        "Chilonzor tumani, 9-kvartal, 14-uy, 37-xonadon",
        "+998 90 418 27 36",
        "8600 1294 4817 3306",
    ),
)

case(
    "kk-bonus-karta-eksport",
    "kk",
    "loyalty-card export",
    {
        "messages": [
            user(
                "Мына CSV экспортты талдап беріңізші, қай клиенттер көп сатып алады?\n"
                "карта_нөмірі;аты_жөні;ЖСН;телефон;мекенжай\n"
                "7700418273;Айгерім Серікқызы Нұрланова;910823404182;+7 701 482 7315;Алматы, Абай даңғылы 150, "
                "42-пәтер\n"
                "7700418274;Ерлан Бақытжанұлы Сейітов;850417300218;+7 777 318 4926;Астана, Қабанбай батыр 11, 7-пәтер"
            ),
            call("segment_customers", {"card_ids": [7700418273, 7700418274], "owner": "Айгерім Серікқызы Нұрланова"}),
            result({"top": "Ерлан Бақытжанұлы Сейітов", "spent_kzt": 1482700}),
            user("Рахмет, енді қорытынды жаз."),
        ],
        "tools": [
            tool(
                "segment_customers",
                "Сегменттеу.",
                {"card_ids": {"type": "array", "items": {"type": "integer"}}, "owner": "string"},
            )
        ],
    },
    content=(
        "910823404182",
        "+7 701 482 7315",
        "Абай даңғылы 150, 42-пәтер",
        "850417300218",
        "+7 777 318 4926",
        "Қабанбай батыр 11, 7-пәтер",
    ),
    tool_args=("Айгерім Серікқызы Нұрланова",),
    tool_args_number=("7700418273", "7700418274"),
    tool_result_escaped=("Ерлан Бақытжанұлы Сейітов",),
)

case(
    "ja-chusha-ihan",
    "ja",
    "parking fines",
    {
        "messages": [
            user(
                "放置違反金の弁明書を書きたいです。車の使用者は私、田中 美咲で、運転免許証番号は第 302418273650 号、"
                "車両番号は「品川 300 さ 41-82」です。実は当日、母（田中 和子）が脳梗塞で救急搬送されて、"
                "東京都品川区西五反田7-14-3 パークハイツ602の前に停めていました。連絡先は090-4182-7359です。"
            ),
        ]
    },
    content=(
        "田中 美咲",
        "302418273650",
        "品川 300 さ 41-82",
        "田中 和子",
        "脳梗塞",
        "西五反田7-14-3 パークハイツ602",
        "090-4182-7359",
    ),
)

case(
    "en-rental-damage-photo",
    "en",
    "car-rental damage",
    {
        "messages": [
            {
                "role": "user",
                "content": [
                    {
                        "type": "text",
                        "text": "Photo of the scratch they are charging me for. Renter: Siobhan O'Rourke-Whelan.",
                    },
                    {
                        "type": "image_url",
                        "image_url": {
                            "url": "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk"
                            "+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
                        },
                    },
                ],
            },
            assistant("I can see a light scratch near the rear bumper. What does the rental agreement say?"),
            user(
                "Agreement RA-7741-0928, card on file 5164 8392 0174 6387, licence OROUR854271S99XW. "
                "Call me on +353 87 418 2736, I'm at 12 Ashgrove Park, Ballincollig, Co. Cork P31 K4W2."
            ),
        ]
    },
    expect="either",
    parts=("Siobhan O'Rourke-Whelan",),
    content=("RA-7741-0928", "5164 8392 0174 6387", "OROUR854271S99XW", "+353 87 418 2736", "12 Ashgrove Park"),
)

case(
    "es-testamento-olografo",
    "es",
    "home-made will",
    {
        "messages": [
            user(
                "Quiero hacer un testamento ológrafo sin notario. ¿Está bien así?\n"
                "Yo, Encarnación Villalobos Ruiz, con DNI 48217365G, vecina de Calle Mayor 14, 3.º B, 30001 Murcia, "
                "en pleno uso de mis facultades aunque diagnosticada de párkinson, dejo mi piso a mi sobrino "
                "Álvaro Villalobos Peña (DNI 30584129V) y mi cuenta ES66 2038 4718 3460 0041 8273 a la "
                "parroquia. Mi teléfono 968 214 739."
            ),
        ],
        "tools": [
            tool(
                "guardar_borrador",
                "Guarda el borrador del testamento de Encarnación Villalobos Ruiz en su carpeta privada.",
                {"texto": "string"},
            )
        ],
    },
    content=(
        "48217365G",
        "Calle Mayor 14, 3.º B",
        "párkinson",
        "Álvaro Villalobos Peña",
        "30584129V",
        "ES66 2038 4718 3460 0041 8273",
        "968 214 739",
    ),
    tool_desc=("Encarnación Villalobos Ruiz",),
)

# ---------------------------------------------------------------- membership, civic, family

case(
    "hu-part-tagnyilvantartas",
    "hu",
    "political party membership",
    {
        "messages": [
            system(
                "Ön a Zöld Jövő Párt (fiktív) tagnyilvántartó asszisztense. A lekérdező: Szabó-Kertész Réka "
                "megyei titkár, reka.szabo.kertesz@zoldjovo.hu."
            ),
            user(
                "Írd meg az új tag belépési megerősítését: Horváth Gergely Ádám, adóazonosító jel 8400684125, "
                "TAJ 041827301, lakcím 6720 Szeged, Kárász utca 9. 2/5., telefon +36 30 418 2736. "
                "Tagdíj levonás a HU42 1177 3016 1111 1018 0000 0000 számláról."
            ),
        ],
        "tools": [
            tool(
                "rogzit_tagot",
                "Új tag rögzítése.",
                {"adoazonosito": "integer", "korzet": {"type": "string", "enum": ["Szeged-Belváros", "Szeged-Tarján"]}},
            )
        ],
    },
    system=("Szabó-Kertész Réka", "reka.szabo.kertesz@zoldjovo.hu"),
    content=(
        "Horváth Gergely Ádám",
        "8400684125",
        "041827301",
        "Kárász utca 9. 2/5.",
        "+36 30 418 2736",
        "HU42 1177 3016 1111 1018 0000 0000",
    ),
)

case(
    "sr-birackiodbor-spisak",
    "sr",
    "poll-worker roster",
    {
        "messages": [
            user(
                "Направи ми табелу чланова бирачког одбора за бирачко место бр. 47, Нови Сад:\n"
                "1. Милица Јовановић, ЈМБГ 1704985710318, Булевар ослобођења 88, стан 12, тел. 063 418 2736 — "
                "председник\n"
                "2. Небојша Стефановић, тел. 064 827 3190 — заменик\n"
                "Напомена: Милица је у другом стању и има гестацијски дијабетес, треба јој столица."
            ),
        ],
        "tools": [
            tool(
                "posalji_spisak",
                "Šalje spisak opštinskoj izbornoj komisiji.",
                {
                    "kontakt": {
                        "type": "string",
                        "description": "Kontakt koordinatora: Dragan Ilić, dragan.ilic@oik-ns.rs",
                    }
                },
            )
        ],
    },
    content=(
        "Милица Јовановић",
        "1704985710318",
        "Булевар ослобођења 88, стан 12",
        "063 418 2736",
        "Небојша Стефановић",
        "064 827 3190",
        "гестацијски дијабетес",
    ),
    tool_param_desc=("Dragan Ilić", "dragan.ilic@oik-ns.rs"),
)

case(
    "hr-dna-podudaranje",
    "hr",
    "genealogy DNA match chat",
    {
        "messages": [
            user("evo mog profila na myheritage: myheritage.com/member/ivana-peric-kovac-1982, vidiš li podudaranja?"),
            assistant("Ne mogu otvoriti poveznicu, ali kopirajte mi poruku podudaranja."),
            user(
                "Poruka: 'Draga Ivana Perić Kovač, naš DNA test pokazuje 1.740 cM zajedničke DNA, što znači da ste "
                "vjerojatno moja polusestra. Moj otac Zdravko Matić (OIB 69382150472) je 1981. radio u Splitu. "
                "Ja sam Tihana Matić, Ulica Domovinskog rata 41, 21000 Split, 091 418 2736.' "
                "Jesam li ja posvojena? Moja mama nikad nije spominjala Zdravka."
            ),
        ]
    },
    multi_turn=("ivana-peric-kovac-1982",),
    content=(
        "Ivana Perić Kovač",
        "Zdravko Matić",
        "69382150472",
        "Tihana Matić",
        "Ulica Domovinskog rata 41",
        "091 418 2736",
    ),
)

case(
    "ka-eklesia-tsevroba",
    "ka",
    "church membership",
    {
        "messages": [
            user(
                "გთხოვთ, შეადგინეთ წერილი სამრევლოს საბჭოსთვის: ჩვენი ახალი წევრი ნინო გიორგის ასული ბერიძე, პირადი "
                "ნომერი "
                "01024082735, მცხოვრები თბილისი, ვაჟა-ფშაველას გამზირი 72, ბინა 15, ტელ. 599 41 82 73. "
                "ის სიმსივნის მკურნალობას გადის და ითხოვს ზიარებას სახლში. მოძღვარი: მამა დავით ჩხეიძე."
            ),
        ],
        "tools": [
            tool(
                "record_member",
                "Adds a member to the parish list.",
                {
                    "personal_no": "integer",
                    "donation_iban": {"type": "string", "description": "Default GE29 NB00 0000 0101 9049 17"},
                },
            )
        ],
    },
    content=(
        "ნინო გიორგის ასული ბერიძე",
        "01024082735",
        "ვაჟა-ფშაველას გამზირი 72, ბინა 15",
        "599 41 82 73",
        "სიმსივნის",
        "დავით ჩხეიძე",
    ),
    tool_param_desc=("GE29 NB00 0000 0101 9049 17",),
)

case(
    "id-daftar-donatur",
    "id",
    "charity donor list",
    {
        "messages": [
            user(
                "Tolong rapikan daftar donatur yayasan kami jadi tabel:\n"
                "- Ibu Sri Wahyuningsih, NIK 3273015708910001, Jl. Dago Asri II No. 17, Bandung, 0812-2418-7365, "
                "donasi Rp 25.000.000 via BCA 4182736509\n"
                "- Bpk. Hendra Gunawan Tanoto, 0821-4827-3190, kartu kredit 4042 7163 9058 2149\n"
                "Catatan: Bu Sri minta anonim karena sedang kemoterapi kanker payudara."
            ),
        ],
        "stop": ["Sri Wahyuningsih:"],
    },
    content=(
        "3273015708910001",
        "Jl. Dago Asri II No. 17",
        "0812-2418-7365",
        "4182736509",
        "Hendra Gunawan Tanoto",
        "0821-4827-3190",
        "4042 7163 9058 2149",
        "kanker payudara",
    ),
    stop=("Sri Wahyuningsih",),
)

case(
    "no-saeddonor-profil",
    "no",
    "sperm donor profile",
    {
        "messages": [
            user(
                "Jeg vil skrive en kort, anonymisert donorprofil til sædbanken, men her er alt de har om meg: "
                "Henrik Sørensen Aasland, fødselsnummer 23049245033, Møllergata 19 B, 0179 Oslo, "
                "mobil 924 18 273, e-post henrik.aasland@online.no. Familiehistorie: far med bipolar lidelse, "
                "farmor med Huntingtons sykdom (jeg er ikke testet). Kontonummer 1503.41.82736."
            ),
        ],
        "tools": [
            tool(
                "send_to_bank",
                "Sender profil til Nordisk Sædbank (kontaktperson: bioingeniør Lise Fjeldstad, 22 41 82 70).",
                {"profile": "string"},
            )
        ],
    },
    content=(
        "Henrik Sørensen Aasland",
        "23049245033",
        "Møllergata 19 B",
        "924 18 273",
        "henrik.aasland@online.no",
        "bipolar lidelse",
        "Huntingtons sykdom",
        "1503.41.82736",
    ),
    tool_desc=("Lise Fjeldstad", "22 41 82 70"),
)

case(
    "mr-sarogasi-karar",
    "mr",
    "surrogacy contract",
    {
        "messages": [
            user(
                "या सरोगसी कराराचा सारांश मराठीत सोप्या भाषेत लिहा: इच्छुक पालक श्री. अमोल विनायक देशपांडे आणि "
                "सौ. प्राजक्ता अमोल देशपांडे, पत्ता फ्लॅट क्र. ७०४, सिद्धिविनायक हाइट्स, कोथरूड, पुणे ४११०३८. "
                "सरोगेट माता: सुनीता बाळू गायकवाड, आधार 7391 0462 5888, मोबाइल 98220 41736. "
                "प्राजक्ता यांना गर्भाशय नसल्याचे (MRKH सिंड्रोम) निदान."
            ),
        ]
    },
    content=(
        "अमोल विनायक देशपांडे",
        "प्राजक्ता अमोल देशपांडे",
        "फ्लॅट क्र. ७०४, सिद्धिविनायक हाइट्स",
        "सुनीता बाळू गायकवाड",
        "7391 0462 5888",
        "98220 41736",
        "MRKH सिंड्रोम",
    ),
)

case(
    "pa-langar-food-bank",
    "pa",
    "food bank registration",
    {
        "messages": [
            user(
                "ਫੂਡ ਬੈਂਕ ਦੀ ਰਜਿਸਟ੍ਰੇਸ਼ਨ ਫਾਰਮ ਅੰਗਰੇਜ਼ੀ ਵਿੱਚ ਭਰਨ ਵਿੱਚ ਮਦਦ ਕਰੋ: ਨਾਮ ਗੁਰਪ੍ਰੀਤ ਕੌਰ ਸੰਧੂ, ਪਤੀ ਹਰਜਿੰਦਰ ਸਿੰਘ "
                "ਸੰਧੂ, "
                "ਪਤਾ ਮਕਾਨ ਨੰ. 2417, ਗਲੀ ਨੰ. 3, ਮਾਡਲ ਟਾਊਨ, ਲੁਧਿਆਣਾ। ਫ਼ੋਨ 98141 27365। ਪਤੀ ਨੂੰ ਗੁਰਦੇ ਫੇਲ੍ਹ ਹੋਣ ਕਾਰਨ ਕੰਮ "
                "ਨਹੀਂ ਮਿਲਦਾ। "
                "ਆਧਾਰ 4831 2075 9626 ਨਹੀਂ, ਸਹੀ ਹੈ 7391 0462 5888।"
            ),
        ]
    },
    content=(
        "ਗੁਰਪ੍ਰੀਤ ਕੌਰ ਸੰਧੂ",
        "ਹਰਜਿੰਦਰ ਸਿੰਘ ਸੰਧੂ",
        "ਮਕਾਨ ਨੰ. 2417, ਗਲੀ ਨੰ. 3, ਮਾਡਲ ਟਾਊਨ",
        "98141 27365",
        "ਗੁਰਦੇ ਫੇਲ੍ਹ",
        "7391 0462 5888",
    ),
)

case(
    "my-ahlwe-sakhan",
    "my",
    "homeless shelter registration",
    {
        "messages": [
            user(
                "အိမ်ခြေမဲ့ စောင့်ရှောက်ရေးစခန်း စာရင်းသွင်းဖို့ ကူညီပါ။ အမည် ဒေါ်ခင်မာလာဝင်း၊ မှတ်ပုံတင် "
                "၁၂/ဗဟန(နိုင်)၀၄၁၈၂၇၊ "
                "အသက် ၅၄ နှစ်၊ ယခင်နေရပ် အမှတ် ၃၇၊ သီရိမင်္ဂလာလမ်း၊ ကမာရွတ်မြို့နယ်။ ဆီးချိုရောဂါ ရှိသည်။ "
                "သမီး မချိုချိုအေး ဖုန်း ၀၉-၄၂၈၁၇၃၆၅၀။"
            ),
        ]
    },
    content=(
        "ဒေါ်ခင်မာလာဝင်း",
        "၁၂/ဗဟန(နိုင်)၀၄၁၈၂၇",
        "အမှတ် ၃၇၊ သီရိမင်္ဂလာလမ်း",
        "ဆီးချိုရောဂါ",
        "မချိုချိုအေး",
        "၀၉-၄၂၈၁၇၃၆၅၀",
    ),
)

case(
    "yo-owo-itoju-iya",
    "yo",
    "medical crowdfunding",
    {
        "messages": [
            user(
                "Jọ̀wọ́ kọ ìpolówó GoFundMe ní èdè Gẹ̀ẹ́sì fún ìyá mi: Àdùkẹ́ Olúwaṣeun Adébáyọ̀, ọmọ ọdún 58, tí "
                "wọ́n ṣàyẹ̀wò "
                "àrùn jẹjẹrẹ ọmú (breast cancer) ní UCH Ibadan. Ó nílò ₦4,500,000 fún chemotherapy. "
                "Àkáǹtì: GTBank 0418273659, orúkọ Adebayo Adukẹ Oluwaseun. Fóònù: 0803 418 2736. "
                "Ilé: No. 12, Ọ̀nà Adébáyọ̀, Bódìjà, Ibadan.",
                name="tunde_adebayo",
            ),
        ]
    },
    content=(
        "Àdùkẹ́ Olúwaṣeun Adébáyọ̀",
        "àrùn jẹjẹrẹ ọmú",
        "0418273659",
        "0803 418 2736",
        "No. 12, Ọ̀nà Adébáyọ̀, Bódìjà",
    ),
    name=("tunde_adebayo",),
)

case(
    "zh-hk-gasai-jiuyi",
    "zh-HK",
    "driving-licence medical",
    {
        "messages": [
            user(
                "唔該幫我寫封信畀運輸署，話我已經兩年冇再發癲癇，想續駕駛執照。我叫陳嘉欣，身份證號碼K418273(1)，"
                "住喺九龍旺角彌敦道688號旺角中心二期18樓D室，電話9418 2736。主診醫生係伊利沙伯醫院腦科嘅梁志偉醫生，"
                "我而家食緊拉莫三嗪（Lamotrigine）。"
            ),
            call("ehealth_login", {"hkid": "K418273(1)", "password": 'Kayan"0418!'}),
            result({"record": "癲癇 (G40.9)，最後發作 2024年11月", "doctor": "梁志偉"}),
            user("咁封信可以點寫？"),
        ],
        "tools": [tool("ehealth_login", "登入醫健通。", {"hkid": "string", "password": "string"})],
    },
    content=("陳嘉欣", "K418273(1)", "彌敦道688號旺角中心二期18樓D室", "9418 2736", "梁志偉", "拉莫三嗪"),
    escaped_quote=('Kayan"0418!',),
    tool_result_escaped=("癲癇 (G40.9)",),
)

case(
    "de-dopingkontrolle",
    "de",
    "doping control",
    {
        "messages": [
            system(
                "Du unterstützt die Athletensprecherin des Deutschen Leichtathletik-Verbands (fiktiv), Jana Oberhuber."
            ),
            user(
                "Ich habe eine Whereabouts-Verwarnung bekommen. Bitte hilf mir beim Einspruch an die NADA:\n"
                "Name: Lukas Pfeffermann, geb. 09.07.2001, ADAMS-ID 4182736, Steuer-ID 47382051609.\n"
                "Ich war am 18.11. nicht in der Trainingshalle, sondern in der Notaufnahme der Uniklinik Freiburg "
                "wegen "
                "einer Kreuzbandruptur. Ich nehme seitdem Tilidin auf ärztliche Ausnahmegenehmigung (TUE-Nr. "
                "DE-TUE-2026-0418)."
            ),
            call("adams_login", {"athlete_id": 4182736, "password": 'Pfeffer"Mann2001'}),
            result({"whereabouts": "Wohnung: Wiesentalstraße 12, 79115 Freiburg", "missed_tests": 1}),
            user("Und jetzt den Einspruch bitte."),
        ],
        "tools": [tool("adams_login", "Meldet sich bei ADAMS an.", {"athlete_id": "integer", "password": "string"})],
    },
    system=("Jana Oberhuber",),
    content=("Lukas Pfeffermann", "09.07.2001", "47382051609", "Kreuzbandruptur", "Tilidin", "DE-TUE-2026-0418"),
    tool_args_number=("4182736",),
    escaped_quote=('Pfeffer"Mann2001',),
    tool_result_escaped=("Wiesentalstraße 12",),
)

case(
    "en-shotgun-certificate",
    "en",
    "firearms licence",
    {
        "messages": [
            user("quick q, my mate @ghillie_rory on insta says the police will ask my GP about my mental health?"),
            assistant(
                "Yes, police firearms licensing usually asks your GP for a medical proforma. Shall I help with the "
                "form?"
            ),
            user(
                "yes please. Applicant Rory Alasdair Buchanan, born 27/04/1981, NHS number 485 210 9370, "
                "address Tigh na Mara, 4 Shore Road, Ullapool IV26 2UR, tel 07834 190 527. I had a depressive "
                "episode in 2019 and took sertraline for a year. GP is Dr Morag Fraser at Ullapool Medical Practice."
            ),
        ],
        "stop": ["Rory Buchanan:"],
    },
    multi_turn=("ghillie_rory",),
    content=(
        "Rory Alasdair Buchanan",
        "27/04/1981",
        "485 210 9370",
        "4 Shore Road, Ullapool IV26 2UR",
        "07834 190 527",
        "depressive episode",
        "Morag Fraser",
    ),
    stop=("Rory Buchanan",),
)

case(
    "ha-asibitin-sikila",
    "ha",
    "sickle-cell clinic",
    {
        "messages": [
            user(
                "Don Allah ka fassara wannan takardar asibiti zuwa Turanci: Maras lafiya: Aisha Abubakar Danjuma, "
                "shekara 9, tana da cutar sikila (HbSS), an yi mata ƙarin jini sau uku a bana. Mahaifinta Malam "
                "Abubakar Sani Danjuma, NIN 41827365092, waya 0803 627 4185, gida: Lamba 14, Titin Zoo, Kano. "
                "Likita: Dr. Hauwa Bello, Aminu Kano Teaching Hospital."
            ),
        ]
    },
    content=(
        "Aisha Abubakar Danjuma",
        "cutar sikila",
        "HbSS",
        "Abubakar Sani Danjuma",
        "41827365092",
        "0803 627 4185",
        "Lamba 14, Titin Zoo",
        "Hauwa Bello",
    ),
)

case(
    "zu-stokvel-amalungu",
    "zu",
    "stokvel savings club",
    {
        "messages": [
            user(
                "Ngicela ungibhalele incwadi yokwamukela ilungu elisha le-stokvel yethu: uNomvula Precious Mkhize, "
                "inombolo kamazisi 8305144182081, ohlala ku-17 Mthembu Street, KwaMashu, 4359, ucingo 072 418 2736. "
                "Uzokhokha R500 njalo ngenyanga ku-akhawunti ye-Capitec 1418273659. Uthe uphethwe yisifo sikashukela "
                "nomfutho wegazi ophakeme."
            ),
        ],
        "tools": [
            tool(
                "add_member",
                "Adds a member to the stokvel register.",
                {"treasurer": {"type": "string", "enum": ["Thandiwe Ngcobo", "Sipho Dlamini"]}, "id_number": "integer"},
            )
        ],
    },
    content=(
        "Nomvula Precious Mkhize",
        "8305144182081",
        "17 Mthembu Street, KwaMashu",
        "072 418 2736",
        "1418273659",
        "isifo sikashukela",
    ),
    tool_enum=("Thandiwe Ngcobo", "Sipho Dlamini"),
)

case(
    "de-mobbing-beschwerde-pdf",
    "de",
    "workplace harassment complaint",
    {
        "messages": [
            {
                "role": "user",
                "content": [
                    {
                        "type": "text",
                        "text": "Anbei meine Beschwerde an den Betriebsrat (PDF). Ich bin Aylin Demirtaş-Keller, "
                        "Personalnummer 004182.",
                    },
                    {
                        "type": "file",
                        "file": {
                            "filename": "beschwerde_demirtas.pdf",
                            "file_data": "data:application/pdf;base64,JVBERi0xLjQKJcfsj6IKMSAwIG9iago8PC9UeXBl"
                            "L0NhdGFsb2c+PgplbmRvYmoK",
                        },
                    },
                ],
            },
            assistant("Danke, was soll ich mit der Beschwerde machen?"),
            user(
                "Kürze sie auf eine Seite. Es geht um meinen Teamleiter Markus Vollrath, der mich seit März wegen "
                "meiner Endometriose-Fehltage bloßstellt. Rückruf unter 0151 27418365."
            ),
        ]
    },
    expect="either",
    parts=("Aylin Demirtaş-Keller", "004182"),
    content=("Markus Vollrath", "Endometriose", "0151 27418365"),
)
