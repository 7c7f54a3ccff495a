"""The ninth leak set (blind): realistic requests with planted sensitive values, for test_leaks_ninth.py.

Written blind (issue 16) by helper HD, who had not seen the detector, its lexicons, its tests, the team's
notes or any earlier set's cases (only the second set's building blocks and the eighth set's header were
read); nothing here was tuned or changed after a run. The building blocks (``LeakCase``, ``user``,
``parts``, tool helpers) are the second set's, imported unchanged, so every set is judged alike; the
texts, people and domains are new.

Each case is one chat request as a user (or an app built on IslandRun) would send it, and the exact
substrings that must never reach a lower-trust island, grouped by the field they were put in (the second
set's fields: content, parts, system, name, multi_turn, tool_desc, tool_param_desc, tool_enum, tool_args,
tool_args_number, escaped_quote, tool_result_escaped, stop; see its docstring).

Everyday life first: eating disorders, pregnancy care, addiction clinics, HIV tests, disability benefits,
dementia and carers, school admissions and special needs, bullying, rent rises, deposits, evictions,
payday and mobile loans, student debt, debt counselling, sick leave, pregnancy at work, custody and
divorce, asylum and work permits, remittances, passports and visas, dating and marriage proposals,
insurance claims, plus developer text (an SQL dump with customers, a web-server log, a .env file). Names
are written as people write them (nicknames, first names only, titles, case endings and particles
attached); addresses, IDs and phones in local formats. Identifiers with check digits (national IDs, tax
numbers, IBANs, cards) are valid by checksum (python-stdnum) but invented; so are the people, addresses,
phones, keys and passwords.
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


# ---------------------------------------------------------------- developer text

case(
    "en-sql-dump-customers",
    "en",
    "SQL dump with customers",
    {
        "messages": [
            user(
                "why does this import fail on the 3rd row?? mysql says duplicate entry but the ids are different\n\n"
                "INSERT INTO customers (id, full_name, email, phone, card_last4, card_full, dob, ship_addr) VALUES\n"
                "(1041, 'Deborah Okafor-Lindqvist', 'debbie.okafor@protonmail.com', '+1 (503) 482-7719', '0003',"
                " '4539861277340003', '1979-04-22', '2218 NE Killingsworth St, Portland, OR 97211'),\n"
                "(1042, 'Ruairi Castellanos', 'rcastellanos77@gmail.com', '+1 (971) 336-0184', '0002',"
                " '5167304188220002', '1988-11-03', '740 Birch Hollow Ln, Beaverton, OR 97006'),\n"
                "(1043, 'Deborah Okafor-Lindqvist', 'DEBBIE.OKAFOR@protonmail.com', '+1 (503) 482-7719', '0003',"
                " '4539861277340003', '1979-04-22', '2218 NE Killingsworth St, Portland, OR 97211');\n"
                "-- admin pw for the staging db is Wq8!zr-Tulip-4417 fyi"
            ),
        ]
    },
    content=(
        "Deborah Okafor-Lindqvist",
        "debbie.okafor@protonmail.com",
        "+1 (503) 482-7719",
        "4539861277340003",
        "2218 NE Killingsworth St, Portland, OR 97211",
        "Ruairi Castellanos",
        "rcastellanos77@gmail.com",
        "+1 (971) 336-0184",
        "5167304188220002",
        "740 Birch Hollow Ln, Beaverton, OR 97006",
        "Wq8!zr-Tulip-4417",
    ),
)

case(
    "en-nginx-log-transcript-stop",
    "en",
    "web server log and support transcript",
    {
        "messages": [
            system(
                "Continue the support transcript as Agent. Never speak for the customer. Customer on this ticket:"
                " Jolene Marchetti, account 88-41927, callback +1 312 555 0147."
            ),
            user(
                "Customer: hi my login keeps bouncing me out, here's what your status page told me to paste\n"
                '203.0.113.84 - jmarchetti [07/Dec/2026:14:02:11 +0000] "GET /account/settings?session='
                'b7f3e91ac04d5d2e8a61f0c9 HTTP/1.1" 302 0 "-" "Mozilla/5.0"\n'
                '203.0.113.84 - jmarchetti [07/Dec/2026:14:02:12 +0000] "POST /login?email=jolene.marchetti%40'
                'outlook.com HTTP/1.1" 401 38\nAgent:'
            ),
        ],
        "stop": ["\nJolene Marchetti:", "\nCustomer (jolene.marchetti@outlook.com):"],
    },
    system=("Jolene Marchetti", "88-41927", "+1 312 555 0147"),
    content=("b7f3e91ac04d5d2e8a61f0c9", "jmarchetti", "jolene.marchetti%40outlook.com"),
    stop=("\nJolene Marchetti:", "jolene.marchetti@outlook.com"),
)

case(
    "en-dotenv-deploy-tool",
    "en",
    ".env file written by a deploy tool",
    {
        "messages": [
            system("You are DeployPal. Use write_env to update secrets; confirm each change to the user."),
            user("rotate the smtp password and put the new stripe key in please"),
            call(
                "write_env",
                {
                    "file": ".env.production",
                    "SMTP_USER": "notifications@halvorsen-bakery.no",
                    "SMTP_PASSWORD": 'k7"Rq!m2#Vb9zL_eT',
                    "STRIPE_SECRET_KEY": "sk_live_51Nq8ZxKp4rT7vB2mW9sL3dF6gH1jY0cUeRaQoPiMnBv",
                    "OWNER_PHONE": "+47 934 81 726",
                },
            ),
            {"role": "tool", "tool_call_id": "call_1", "content": "ok: 4 keys written"},
            user("thanks, did the owner (Ingrid Halvorsen) get the sms?"),
        ],
        "tools": [
            tool(
                "write_env",
                "Write key/value pairs to an env file on the deploy host.",
                {
                    "file": "string",
                    "SMTP_USER": "string",
                    "SMTP_PASSWORD": "string",
                    "STRIPE_SECRET_KEY": "string",
                    "OWNER_PHONE": "string",
                },
            )
        ],
    },
    content=("Ingrid Halvorsen",),
    tool_args=(
        "notifications@halvorsen-bakery.no",
        "sk_live_51Nq8ZxKp4rT7vB2mW9sL3dF6gH1jY0cUeRaQoPiMnBv",
        "+47 934 81 726",
    ),
    escaped_quote=('k7"Rq!m2#Vb9zL_eT',),
)

# ---------------------------------------------------------------- health

case(
    "en-eating-disorder-referral",
    "en",
    "eating-disorder referral",
    {
        "messages": [
            user(
                "Hi, I need help writing an email to CAMHS. My daughter Maddie (Madison Threlkeld, dob 14/03/2011, "
                "NHS no 943 476 5919) has been losing weight since September, the GP Dr Okonjo thinks its anorexia "
                "nervosa and she's been making herself sick after tea. We're at 14 Larkspur Close, Harrogate "
                "HG2 7QD, my mobile is 07723 418906. Can you make it sound urgent but not hysterical lol",
                name="sarah_threlkeld",
            ),
        ]
    },
    content=(
        "Maddie",
        "Madison Threlkeld",
        "14/03/2011",
        "943 476 5919",
        "anorexia nervosa",
        "14 Larkspur Close, Harrogate HG2 7QD",
        "07723 418906",
    ),
    name=("sarah_threlkeld",),
)

case(
    "fr-grossesse-suivi-sage-femme",
    "fr",
    "pregnancy follow-up",
    {
        "messages": [
            user(
                parts(
                    "Bonjour, je suis enceinte de 28 SA et la sage-femme (Mme Kerbrat) m'a diagnostiqué un diabète "
                    "gestationnel.",
                    "Je m'appelle Aurélie Vandamme, n° sécu 2 87 06 75 116 042 80 — enfin 287067511604280 sur la "
                    "carte vitale. J'habite 12 rue des Tanneurs, 59800 Lille, tel 06 41 87 29 53.",
                    "Tu peux me faire un menu type pour la semaine ? Et mon conjoint Kévin veut savoir si c'est "
                    "de sa faute (non).",
                )
            ),
        ]
    },
    parts=(
        "Kerbrat",
        "diabète gestationnel",
        "Aurélie Vandamme",
        "287067511604280",
        "12 rue des Tanneurs, 59800 Lille",
        "06 41 87 29 53",
        "Kévin",
    ),
)

case(
    "ru-narkolog-anonimno",
    "ru",
    "addiction clinic",
    {
        "messages": [
            user(
                "Подскажите, как уговорить брата лечь в наркологию. Лёша (Журавлёв Алексей Игоревич, 1986 г.р.) "
                "пьёт третью неделю, у него алкогольная зависимость и уже была белая горячка в прошлом году. "
                "Живём на ул. Профсоюзная, д. 93, корп. 2, кв. 41, Москва. Мой номер +7 916 482-37-19, ИНН "
                "брата 771483921563 — в клинике сказали нужен. Если Лёше станет хуже, звонить Журавлёвой "
                "Нине Петровне (мама)?"
            ),
        ]
    },
    content=(
        "Лёша",
        "Журавлёв Алексей Игоревич",
        "алкогольная зависимость",
        "белая горячка",
        "ул. Профсоюзная, д. 93, корп. 2, кв. 41",
        "+7 916 482-37-19",
        "771483921563",
        "Журавлёвой Нине Петровне",
    ),
)

case(
    "hi-hiv-jaanch-report",
    "hi",
    "HIV test result",
    {
        "messages": [
            system("आप एक गोपनीय स्वास्थ्य सहायक हैं। जवाब सरल हिंदी में दें।"),
            user("मेरी लैब रिपोर्ट देख लो, पोर्टल से निकाली है"),
            call("fetch_lab_report", {"aadhaar": "4827 1936 0153", "lab": "Saral Diagnostics, Sangam Vihar"}),
            result(
                {
                    "patient": "राजेश कुमार यादव",
                    "mobile": "98271 46305",
                    "test": "HIV-1/2 ELISA",
                    "result": "एचआईवी पॉजिटिव (reactive)",
                    "address": "मकान नं. 112, गली नं. 4, संगम विहार, नई दिल्ली 110080",
                }
            ),
            user(
                "bhai ye reactive ka matlab kya hai? राजेश भैया को कैसे बताऊं, वो मेरे बड़े भाई हैं और "
                "भाभी सुनीता को अभी कुछ नहीं पता"
            ),
        ],
        "tools": [
            tool("fetch_lab_report", "Fetch a lab report by Aadhaar number.", {"aadhaar": "string", "lab": "string"})
        ],
    },
    tool_args=("4827 1936 0153",),
    tool_result_escaped=(
        "राजेश कुमार यादव",
        "98271 46305",
        "एचआईवी पॉजिटिव",
        "मकान नं. 112, गली नं. 4, संगम विहार, नई दिल्ली 110080",
    ),
    content=("राजेश भैया", "सुनीता"),
)

case(
    "ta-karppa-kaala-sarkkarai",
    "ta",
    "pregnancy registration",
    {
        "messages": [
            user(
                "வணக்கம், என் மனைவி கவிதா முருகன் 6 மாத கர்ப்பம். டாக்டர் கர்ப்பகால சர்க்கரை நோய் இருக்குன்னு "
                "சொன்னாங்க. PICME number 132004871925. வீடு: 12, பெரியார் நகர் 3வது தெரு, மதுரை 625002. "
                "என் நம்பர் 94432 81706. கவிதாவுக்கு என்ன சாப்பாடு கொடுக்கலாம்? amma-kitta sollala innum"
            ),
        ]
    },
    content=(
        "கவிதா முருகன்",
        "கர்ப்பகால சர்க்கரை நோய்",
        "132004871925",
        "12, பெரியார் நகர் 3வது தெரு, மதுரை 625002",
        "94432 81706",
        "கவிதாவுக்கு",
    ),
)

case(
    "zh-xinli-zixun-yuyue",
    "zh",
    "counselling booking",
    {
        "messages": [
            system("你是心理咨询中心的预约助手，帮用户改约时间。"),
            user("我想把下周的咨询改到周五晚上，可以吗？最近焦虑症又犯了，晚上睡不着。"),
        ],
        "tools": [
            tool(
                "reschedule_session",
                "改约心理咨询。",
                {
                    "client_id": {
                        "type": "string",
                        "description": "来访者身份证号，当前用户为王晓雯，440305198908172539",
                    },
                    "slot": {
                        "type": "string",
                        "description": "新时间。来访者电话 138 1746 2953，地址 上海市徐汇区漕溪北路88弄5号1203室",
                    },
                },
            )
        ],
    },
    content=("焦虑症",),
    tool_param_desc=("王晓雯", "440305198908172539", "138 1746 2953", "上海市徐汇区漕溪北路88弄5号1203室"),
)

case(
    "ja-kaigo-hoken-shinsei",
    "ja",
    "long-term care application",
    {
        "messages": [
            user(
                parts(
                    "母の介護保険の申請書を書いています。文章を整えてください。",
                    "申請者：佐々木トミ子（昭和14年5月2日生）、被保険者番号 0123847561、住所 埼玉県川口市芝新町3-14-8。"
                    "アルツハイマー型認知症と診断され、最近は夜中に徘徊します。",
                    "連絡先は長男の佐々木健一、090-4827-1639です。トミ子さんは糖尿病もあります。",
                )
            ),
        ]
    },
    parts=(
        "佐々木トミ子",
        "0123847561",
        "埼玉県川口市芝新町3-14-8",
        "アルツハイマー型認知症",
        "佐々木健一",
        "090-4827-1639",
        "トミ子さん",
    ),
)

case(
    "ko-imsin-chulsan-hyuga",
    "ko",
    "pregnancy at work",
    {
        "messages": [
            user(
                "팀장님한테 보낼 메시지 좀 다듬어 주세요. '박 팀장님, 김지현입니다. 임신 14주차인데 임신중독증 "
                "위험이 있다고 해서 단축근무 신청하려고 합니다. 주민번호 910415-2384711 필요하시면 말씀해주세요. "
                "연락은 010-4827-3916으로 주세요.' 아 그리고 지현씨라고 부르는 거 싫다고 말해도 될까요?",
                name="jihyun_kim91",
            ),
        ]
    },
    content=("김지현", "임신중독증", "910415-2384711", "010-4827-3916", "지현씨"),
    name=("jihyun_kim91",),
)

case(
    "id-bpjs-cuci-darah",
    "id",
    "health insurance dialysis",
    {
        "messages": [
            user("tolong cek status rujukan ibu saya ya, yg kemarin ditolak"),
            call(
                "cek_rujukan_bpjs",
                {"no_kartu": "0001847362915", "nik": 3174056208910003, "nama": "Siti Rahmawati"},
            ),
            result(
                {
                    "status": "DITOLAK",
                    "alasan": "diagnosa gagal ginjal kronis stadium 5 butuh rujukan ulang dari RSUD Tarakan",
                    "alamat": "Jl. Kebon Jeruk Raya No. 27, RT 004/RW 007, Kebon Jeruk, Jakarta Barat",
                }
            ),
            user("jadi bu Siti harus ke faskes lagi? no hp saya 0812-3847-2916 kalau perlu dihubungi"),
        ],
        "tools": [
            tool(
                "cek_rujukan_bpjs",
                "Cek status rujukan BPJS Kesehatan.",
                {"no_kartu": "string", "nik": "integer", "nama": "string"},
            )
        ],
    },
    tool_args=("0001847362915", "Siti Rahmawati"),
    tool_args_number=("3174056208910003",),
    tool_result_escaped=("gagal ginjal kronis", "Jl. Kebon Jeruk Raya No. 27, RT 004/RW 007"),
    content=("bu Siti", "0812-3847-2916"),
)

case(
    "et-perearst-diabeet",
    "et",
    "family doctor message",
    {
        "messages": [
            user(
                "Tere! Aita kirjutada perearstile kiri. Olen Kadri Tamm, isikukood 49208152712. Mul on II tüüpi "
                "diabeet ja nüüd ka kõrgvererõhktõbi, vajan retsepti pikendust. Dr. Saar ütles, et Kadrile "
                "kirjutatakse uus metformiin. Aadress Tartu mnt 52-17, 10115 Tallinn, tel +372 5384 7261."
            ),
        ]
    },
    content=(
        "Kadri Tamm",
        "49208152712",
        "II tüüpi diabeet",
        "kõrgvererõhktõbi",
        "Dr. Saar",
        "Kadrile",
        "Tartu mnt 52-17, 10115 Tallinn",
        "+372 5384 7261",
    ),
)

case(
    "is-heimilislaeknir-thunglyndi",
    "is",
    "depression and sick note",
    {
        "messages": [
            user(
                "Hæ, getur þú hjálpað mér að skrifa póst til yfirmanns? Ég heiti Guðrún Sigurðardóttir, kt. "
                "110393-0089. Heimilislæknirinn greindi mig með þunglyndi og kvíðaröskun og ég þarf veikindaleyfi "
                "í 3 vikur. Hann vill hitta Guðrúnu aftur 2. janúar. Síminn minn er 862 4719 og ég bý á "
                "Laugavegi 48, 101 Reykjavík."
            ),
        ]
    },
    content=(
        "Guðrún Sigurðardóttir",
        "110393-0089",
        "þunglyndi",
        "kvíðaröskun",
        "Guðrúnu",
        "862 4719",
        "Laugavegi 48, 101 Reykjavík",
    ),
)

case(
    "eu-ospitalea-bularreko-minbizia",
    "eu",
    "cancer treatment leave",
    {
        "messages": [
            user(
                "Kaixo! Nire ama Itziar Agirre Etxeberria da (NAN 72915384W). Bularreko minbizia diagnostikatu "
                "diote Donostia Ospitalean eta kimioterapia hasiko du. Itziarri laguntza eskatu nahi diogu "
                "Osakidetzan. Helbidea: Kale Nagusia 14, 3. ezk., 20003 Donostia. Nire telefonoa 688 41 72 93. "
                "Nola idatzi eskaera?"
            ),
        ]
    },
    content=(
        "Itziar Agirre Etxeberria",
        "72915384W",
        "Bularreko minbizia",
        "kimioterapia",
        "Itziarri",
        "Kale Nagusia 14, 3. ezk., 20003 Donostia",
        "688 41 72 93",
    ),
)

case(
    "am-yeskuar-beshita-kelinik",
    "am",
    "diabetes clinic",
    {
        "messages": [
            user(
                "ሰላም። አባቴ አበበ ታደሰ ወልደሚካኤል የስኳር በሽታ አለበት፣ ኢንሱሊን ይወስዳል። ስልክ ቁጥሩ +251 91 148 2736 ነው። "
                "አድራሻ፡ ቦሌ ክፍለ ከተማ ወረዳ 03 የቤት ቁጥር 1147፣ አዲስ አበባ። የፋይዳ ቁጥር 6193 2748 0531። "
                "ለሐኪሙ ዶ/ር መሰረት አለሙ ደብዳቤ እንዴት ልጻፍ?"
            ),
        ]
    },
    content=(
        "አበበ ታደሰ ወልደሚካኤል",
        "የስኳር በሽታ",
        "+251 91 148 2736",
        "ቦሌ ክፍለ ከተማ ወረዳ 03 የቤት ቁጥር 1147",
        "6193 2748 0531",
        "መሰረት አለሙ",
    ),
)

case(
    "ig-ime-ime-na-shuga",
    "ig",
    "pregnancy and diabetes",
    {
        "messages": [
            user(
                "Biko nyere m aka. Aha m bụ Chiamaka Okonkwo, adị m ime ọnwa anọ, dọkịta kwuru na m nwere ọrịa "
                "shuga n'oge ime. NIN m bụ 48271936015, ekwentị 0803 482 7196. Ebe m bi: No 14 Zik Avenue, Uwani, "
                "Enugu. Nne Ada (nne di m, Adaeze Okonkwo) na-achọ ka m gaa ụlọ ọgwụ ọdịnala. Kedu ihe m ga-eri?"
            ),
        ]
    },
    content=(
        "Chiamaka Okonkwo",
        "ọrịa shuga",
        "48271936015",
        "0803 482 7196",
        "No 14 Zik Avenue, Uwani, Enugu",
        "Adaeze Okonkwo",
    ),
)

case(
    "az-xestexana-diabet",
    "az",
    "hospital discharge",
    {
        "messages": [
            user(
                "Salam, anam Günel Məmmədova (FİN 5KR8T2M) Mərkəzi Klinikadan çıxarılıb, şəkərli diabet və "
                "hipertoniya diaqnozu var. Günel xanımın dərmanlarını necə bölüm? Ünvan: Nizami küç. 47, mənzil 12, "
                "Bakı AZ1010. Mənim nömrəm +994 50 482 71 93. Həkim Rauf müəllim dedi ki, insulin lazımdır."
            ),
        ]
    },
    content=(
        "Günel Məmmədova",
        "5KR8T2M",
        "şəkərli diabet",
        "Günel xanımın",
        "Nizami küç. 47, mənzil 12",
        "+994 50 482 71 93",
        "Rauf müəllim",
    ),
)

case(
    "he-bituach-leumi-nechut",
    "he",
    "disability benefits",
    {
        "messages": [
            system("אתה עוזר למילוי טפסים של ביטוח לאומי."),
            user("תמלא לי בבקשה את הטופס של קצבת נכות כללית לפי מה שיש בכלי"),
        ],
        "tools": [
            tool(
                "fill_btl_form",
                "ממלא טופס קצבת נכות עבור יוסי אברהמי, ת.ז. 039281746, טלפון 052-4817396, "
                "כתובת רחוב הרצל 47 דירה 8, חולון. אבחנה: טרשת נפוצה.",
                {"form_id": "string", "percent": "integer"},
            )
        ],
    },
    tool_desc=("יוסי אברהמי", "039281746", "052-4817396", "רחוב הרצל 47 דירה 8, חולון", "טרשת נפוצה"),
)

case(
    "el-amka-anapiria-fysikotherapeia",
    "el",
    "disability and physiotherapy",
    {
        "messages": [
            user(
                "Καλησπέρα, ο πατέρας μου Γιώργος Παπαδάκης (ΑΜΚΑ 14038204674) έχει κινητική αναπηρία 67% μετά "
                "από εγκεφαλικό. Του Γιώργου του έκοψαν τις φυσικοθεραπείες από τον ΕΟΠΥΥ. Μένουμε Εγνατίας 112, "
                "54630 Θεσσαλονίκη, κινητό 697 482 3195. Πώς κάνω ένσταση; Η φυσιοθεραπεύτρια κα Λαμπράκη λέει ότι "
                "χρειάζεται γνωμάτευση ΚΕΠΑ."
            ),
        ]
    },
    content=(
        "Γιώργος Παπαδάκης",
        "14038204674",
        "κινητική αναπηρία 67%",
        "εγκεφαλικό",
        "Του Γιώργου",
        "Εγνατίας 112, 54630 Θεσσαλονίκη",
        "697 482 3195",
        "Λαμπράκη",
    ),
)

# ---------------------------------------------------------------- family, school, elder care

case(
    "it-badante-nonna-demenza",
    "it",
    "elder care and live-in carer",
    {
        "messages": [
            system(
                "Sei l'assistente della famiglia Ferraiolo. Paziente: Giuseppina Ferraiolo (nonna Pina), "
                "Via Tiburtina 1123, 00156 Roma. Diagnosi: demenza senile con episodi di incontinenza. "
                "Badante: Oksana Melnyk, cell. +39 347 218 6094. Stipendio su IBAN IT60 X054 2811 1010 0000 0123 456."
            ),
            user("mi scrivi un promemoria per la badante per le medicine della sera? in italiano semplice"),
        ]
    },
    system=(
        "Giuseppina Ferraiolo",
        "nonna Pina",
        "Via Tiburtina 1123, 00156 Roma",
        "demenza senile",
        "Oksana Melnyk",
        "+39 347 218 6094",
        "IT60 X054 2811 1010 0000 0123 456",
    ),
)

case(
    "ga-cuiditheoir-neal",
    "ga",
    "carer's allowance",
    {
        "messages": [
            user(
                "Dia duit, an féidir leat cabhrú liom iarratas ar Liúntas Cúramóra a scríobh as Gaeilge? Tugaim "
                "aire do mo mháthair, Máire Ní Bhriain (PPS 7293841A), a bhfuil néaltrú uirthi. Tá Mháire ina "
                "cónaí liom ag 12 Bóthar na Trá, Gaillimh H91 X2K4. Mo uimhir: 087 482 9136. Dúirt an Dr. "
                "Ó Flatharta go bhfuil sí ag dul in olcas."
            ),
        ]
    },
    content=(
        "Máire Ní Bhriain",
        "7293841A",
        "néaltrú",
        "Mháire",
        "12 Bóthar na Trá, Gaillimh H91 X2K4",
        "087 482 9136",
        "Ó Flatharta",
    ),
)

case(
    "cy-ysgol-anghenion-dysgu",
    "cy",
    "special educational needs",
    {
        "messages": [
            user(
                "Helo, dw i angen ysgrifennu at bennaeth Ysgol Syr Hugh Owen am fy mab, Gethin Prydderch (Blwyddyn "
                "5). Mae ganddo ddyslecsia ac awtistiaeth ac mae'n cael ei fwlio. Elin Prydderch ydw i, 3 Heol y "
                "Felin, Caernarfon LL55 1AR, ffôn 07812 439 615. Mae Mrs Prydderch o'r ysgol (dim perthynas!) "
                "yn dweud bod angen CDU. Diolch!"
            ),
        ]
    },
    content=(
        "Gethin Prydderch",
        "ddyslecsia",
        "awtistiaeth",
        "Elin Prydderch",
        "3 Heol y Felin, Caernarfon LL55 1AR",
        "07812 439 615",
    ),
)

case(
    "bn-school-bhorti-autism",
    "bn",
    "school admission",
    {
        "messages": [
            user(
                "আমার মেয়ে তাহমিনা আক্তার মিম, বয়স ৬, ওর অটিজম আছে। স্কুলে ভর্তির জন্য আবেদন লিখে দিন। জন্ম নিবন্ধন "
                "নম্বর 20154712894036218। বাবা: রফিকুল ইসলাম, মোবাইল 01711-482936। ঠিকানা: বাসা ৩২, রোড ৭, "
                "ধানমন্ডি, ঢাকা ১২০৫। মিমের স্পিচ থেরাপি চলে।"
            ),
        ]
    },
    content=(
        "তাহমিনা আক্তার মিম",
        "অটিজম",
        "20154712894036218",
        "রফিকুল ইসলাম",
        "01711-482936",
        "বাসা ৩২, রোড ৭, ধানমন্ডি, ঢাকা ১২০৫",
        "মিমের",
    ),
)

case(
    "th-rongrian-klangkang",
    "th",
    "school bullying and ADHD",
    {
        "messages": [
            user(
                "ช่วยเขียนจดหมายถึงครูประจำชั้นหน่อยค่ะ ลูกชาย ด.ช.ธนกร ศรีสวัสดิ์ (น้องภูมิ) ป.4/2 "
                "โดนเพื่อนแกล้งทุกวัน น้องเป็นโรคสมาธิสั้น กินยาอยู่ เลขบัตรประชาชนน้อง 1103701483920 "
                "บ้านเลขที่ 99/12 หมู่ 4 ต.บางพูด อ.ปากเกร็ด จ.นนทบุรี 11120 เบอร์แม่ 081-462-9735 ค่ะ"
            ),
        ]
    },
    content=(
        "ธนกร ศรีสวัสดิ์",
        "น้องภูมิ",
        "โรคสมาธิสั้น",
        "1103701483920",
        "99/12 หมู่ 4 ต.บางพูด อ.ปากเกร็ด จ.นนทบุรี 11120",
        "081-462-9735",
    ),
)

case(
    "lt-mokykla-pagalba",
    "lt",
    "school support and custody",
    {
        "messages": [
            user(
                "Sveiki, padėkite parašyti prašymą mokyklai. Mano sūnus Jonukas (Jonas Petrauskas, a.k. "
                "48903120681 — ne, čia mano, Rūtos Petrauskienės) po skyrybų gyvena su manimi. Tėvui Mindaugui "
                "Petrauskui teismas apribojo bendravimą. Adresas Savanorių pr. 176-12, Vilnius, tel. +370 612 48371. "
                "Rūtai (man) skambinkite tik po 17 val."
            ),
        ]
    },
    content=(
        "Jonukas",
        "Jonas Petrauskas",
        "48903120681",
        "Rūtos Petrauskienės",
        "Mindaugui",
        "Savanorių pr. 176-12, Vilnius",
        "+370 612 48371",
        "Rūtai",
    ),
)

# ---------------------------------------------------------------- housing

case(
    "de-mieterhoehung-widerspruch",
    "de",
    "rent increase objection",
    {
        "messages": [
            user(
                "Hallo, kannst du mir einen Widerspruch gegen die Mieterhöhung schreiben? Vermieter ist Herr "
                "Szymański von der Hasenheide Wohnbau GmbH. Wir, Familie Öztürk-Lehmann (Deniz und Jana), wohnen "
                "Hasenheide 71, 10967 Berlin, 3. OG links. Miete geht auf IBAN DE44 5001 0517 5407 3249 31. "
                "Meine Steuer-ID ist 47162930050, falls das wegen Wohngeld relevant ist. Handy 0176 48291736. "
                "Jana ist übrigens seit der Fehlgeburt krankgeschrieben, falls das was ändert."
            ),
        ]
    },
    content=(
        "Szymański",
        "Öztürk-Lehmann",
        "Hasenheide 71, 10967 Berlin",
        "DE44 5001 0517 5407 3249 31",
        "47162930050",
        "0176 48291736",
        "Fehlgeburt",
    ),
)

case(
    "tr-kira-depozito-iade",
    "tr",
    "deposit refund",
    {
        "messages": [
            user(
                "ev sahibime whatsapptan yazcam, önce kimlik bilgileri için instagramdan da bakabilirsin "
                "@aysekaplan.design"
            ),
            assistant("Tamam, mesajı birlikte yazalım. Ev sahibinizin adı ve depozito tutarı nedir?"),
            user(
                "Mehmet Bey'e yazılacak (Mehmet Karadağ). Ben Ayşe Kaplan, TC 38471629550. Daire Bağdat Cad. "
                "No:214 D:9 Kadıköy/İstanbul. Depozito 45.000 TL, IBAN TR33 0006 1005 1978 6457 8413 26'ya "
                "yatırsın. Telefonum 0532 418 27 93. Çok kibar olmasın ama kaba da olmasın"
            ),
        ]
    },
    multi_turn=("aysekaplan.design",),
    content=(
        "Mehmet Bey'e",
        "Mehmet Karadağ",
        "Ayşe Kaplan",
        "38471629550",
        "Bağdat Cad. No:214 D:9 Kadıköy/İstanbul",
        "TR33 0006 1005 1978 6457 8413 26",
        "0532 418 27 93",
    ),
)

case(
    "ca-desnonament-lloguer",
    "ca",
    "eviction",
    {
        "messages": [
            user(
                "Hola! M'ha arribat un burofax de desnonament. Sóc la Montserrat Puigvert i Roca (NIE no, DNI "
                "47392816M), visc al C/ de Sant Pere Més Alt 32, 2n 1a, 08003 Barcelona amb la meva filla. El "
                "propietari, en Jordi Vilaseca, diu que li dec tres mesos. Vaig estar de baixa per una depressió "
                "greu. El meu mòbil és 622 48 19 73 i pago per ES91 2100 0418 4502 0005 1332. Què faig?"
            ),
        ]
    },
    content=(
        "Montserrat Puigvert i Roca",
        "47392816M",
        "C/ de Sant Pere Més Alt 32, 2n 1a, 08003 Barcelona",
        "Jordi Vilaseca",
        "depressió greu",
        "622 48 19 73",
        "ES91 2100 0418 4502 0005 1332",
    ),
)

case(
    "lv-ire-dzivoklis-depozits",
    "lv",
    "rental dispute",
    {
        "messages": [
            user(
                "Sveiki! Palīdziet uzrakstīt pretenziju izīrētājam. Īrnieks: Jānis Bērziņš, p.k. 150387-13244. "
                "Dzīvoklis Brīvības iela 88-14, Rīga, LV-1001. Bērziņa kungs (tas esmu es) samaksāja depozītu uz "
                "LV07 HABA 0551 0382 9471 5. Izīrētāja Inese Kalniņa neatbild uz +371 2948 3716. Mana sieva Līga "
                "pēc dzemdībām ir slima, mums vajag naudu."
            ),
        ]
    },
    content=(
        "Jānis Bērziņš",
        "150387-13244",
        "Brīvības iela 88-14, Rīga, LV-1001",
        "Bērziņa kungs",
        "LV07 HABA 0551 0382 9471 5",
        "Inese Kalniņa",
        "+371 2948 3716",
    ),
)

case(
    "mt-kera-tiswija",
    "mt",
    "rent and repairs",
    {
        "messages": [
            user(
                "Bonġu, nixtieq nikteb ittra lis-sid tal-appartament. Jien Ċetta Borġ, karta tal-identità 0482193M. "
                "Noqgħod 12, Triq il-Kbira, Ħaż-Żebbuġ ZBG 1021. Il-landlord, is-Sur Grech, ma jridx isewwi "
                "l-umdità u t-tifel tiegħi għandu l-ażma. Tel 7948 2136. Il-kera nħallasha fuq MT84 MALT 0110 "
                "0001 2345 MTLC AST0 01S."
            ),
        ]
    },
    content=(
        "Ċetta Borġ",
        "0482193M",
        "12, Triq il-Kbira, Ħaż-Żebbuġ ZBG 1021",
        "is-Sur Grech",
        "l-ażma",
        "7948 2136",
        "MT84 MALT 0110 0001 2345 MTLC AST0 01S",
    ),
)

# ---------------------------------------------------------------- money: loans, debts, benefits

case(
    "pt-br-consignado-inss",
    "pt",
    "payroll loan on a pension",
    {
        "messages": [
            user(
                "oi, minha mãe Dona Cida (Aparecida Nogueira da Silva, CPF 318.274.659-64) caiu num golpe de "
                "empréstimo consignado no benefício do INSS nº 187.432.905-6. ela tem mal de parkinson e não "
                "lembra de ter assinado nada. mora na Rua Padre Eustáquio, 1840, ap. 302, Belo Horizonte - MG, "
                "30720-100. meu zap (31) 98847-2316. como faço reclamação no consumidor.gov?"
            ),
        ]
    },
    content=(
        "Dona Cida",
        "Aparecida Nogueira da Silva",
        "318.274.659-64",
        "187.432.905-6",
        "mal de parkinson",
        "Rua Padre Eustáquio, 1840, ap. 302, Belo Horizonte - MG, 30720-100",
        "(31) 98847-2316",
    ),
)

case(
    "uk-vpo-dopomoha-zayava",
    "uk",
    "displaced-person benefit",
    {
        "messages": [
            system("Ти помічник для заповнення заяв на Дії. Відповідай українською."),
            user("подай заяву на допомогу ВПО, дані вже є"),
            call(
                "submit_vpo_application",
                {
                    "pib": "Дмитрук Оксана Василівна",
                    "rnokpp": 3184605277,
                    "children": ["Дмитрук Марія, 2017"],
                    "address": "вул. Шевченка 14, кв. 7, м. Ірпінь, Київська обл.",
                    "iban": "UA74 3052 9900 0002 6007 2335 6600 1",
                    "disability_group": "ІІ група інвалідності (після контузії)",
                },
            ),
            {"role": "tool", "tool_call_id": "call_1", "content": '{"status": "accepted", "n": 48210}'},
            user("дякую! а Марічці в школу довідку треба окремо? мій тел +380 67 294 18 53"),
        ],
        "tools": [
            tool(
                "submit_vpo_application",
                "Подати заяву на допомогу ВПО.",
                {
                    "pib": "string",
                    "rnokpp": "integer",
                    "children": {"type": "array", "items": {"type": "string"}},
                    "address": "string",
                    "iban": "string",
                    "disability_group": "string",
                },
            )
        ],
    },
    tool_args=(
        "Дмитрук Оксана Василівна",
        "Дмитрук Марія",
        "вул. Шевченка 14, кв. 7, м. Ірпінь",
        "UA74 3052 9900 0002 6007 2335 6600 1",
        "ІІ група інвалідності",
    ),
    tool_args_number=("3184605277",),
    content=("Марічці", "+380 67 294 18 53"),
)

case(
    "vi-vay-tin-dung-den",
    "vi",
    "loan shark debt",
    {
        "messages": [
            user("bọn cho vay nó nhắn tin khủng bố quá, mình chuyển khoản trả góp rồi mà vẫn bị đòi"),
            call(
                "tra_cuu_giao_dich",
                {"so_tai_khoan": 19036482917015, "chu_tk": "Nguyễn Thị Hồng Nhung", "cccd": "001189024736"},
            ),
            result({"giao_dich": [{"ngay": "02/12/2026", "so_tien": 3500000, "nguoi_nhan": "Trần Văn Khải"}]}),
            user(
                "đấy, chị Nhung trả rồi. nó còn dọa đến nhà Số 27 ngõ 165 Cầu Giấy, Hà Nội, gọi 0912 483 726 "
                "suốt. có nên báo công an phường Dịch Vọng không?"
            ),
        ],
        "tools": [
            tool(
                "tra_cuu_giao_dich",
                "Tra cứu giao dịch ngân hàng.",
                {"so_tai_khoan": "integer", "chu_tk": "string", "cccd": "string"},
            )
        ],
    },
    tool_args_number=("19036482917015",),
    tool_args=("Nguyễn Thị Hồng Nhung", "001189024736"),
    tool_result_escaped=("Trần Văn Khải",),
    content=("chị Nhung", "Số 27 ngõ 165 Cầu Giấy, Hà Nội", "0912 483 726"),
)

case(
    "ms-pinjaman-ptptn-tertunggak",
    "ms",
    "student loan arrears",
    {
        "messages": [
            user(
                "Salam, saya nak minta tolong tulis surat rayuan PTPTN. Nama saya Nur Aisyah binti Kamaruddin, "
                "No. KP 920314-10-5482. Saya berhenti kerja sebab kena kanser serviks tahun lepas. Alamat: No. 18, "
                "Jalan SS 2/55, 47300 Petaling Jaya, Selangor. Tel 012-748 3915. Akaun Maybank 1642 3918 5720. "
                "Kak Long (Nur Fatihah) boleh jadi penjamin."
            ),
        ]
    },
    content=(
        "Nur Aisyah binti Kamaruddin",
        "920314-10-5482",
        "kanser serviks",
        "No. 18, Jalan SS 2/55, 47300 Petaling Jaya",
        "012-748 3915",
        "1642 3918 5720",
        "Nur Fatihah",
    ),
)

case(
    "nl-schuldhulp-toeslagen",
    "nl",
    "debt counselling and benefits",
    {
        "messages": [
            user(
                "Goedemiddag, ik wil me aanmelden bij de schuldhulpverlening van de gemeente. Mevrouw El Amrani "
                "(Fatima El Amrani, BSN 284619371) — dat ben ik. Ik heb een betalingsachterstand bij de "
                "Belastingdienst door de toeslagenaffaire en zit in een burn-out. Adres Vlietstraat 28-II, 1091 ZR "
                "Amsterdam, 06-48271936, rekening NL63 INGB 0007 3829 14. Kunt u een brief opstellen?"
            ),
        ]
    },
    content=(
        "El Amrani",
        "284619371",
        "burn-out",
        "Vlietstraat 28-II, 1091 ZR Amsterdam",
        "06-48271936",
        "NL63 INGB 0007 3829 14",
    ),
)

case(
    "sw-mkopo-simu-ugonjwa",
    "sw",
    "mobile loan arrears",
    {
        "messages": [
            user(
                "Habari, naomba unisaidie kuandika barua kwa kampuni ya mkopo wa simu. Mimi ni Grace Wanjiru "
                "Kamau (Mama Wanjiru), kitambulisho 28471936, M-Pesa 0722 483 917. Nimeshindwa kulipa kwa sababu "
                "nina kisukari na nilikuwa hospitali Kenyatta wiki tatu. Wananipigia hadi bosi wangu Bw. Otieno. "
                "Ninaishi Kahawa West, nyumba B14, Nairobi."
            ),
        ]
    },
    content=(
        "Grace Wanjiru Kamau",
        "Mama Wanjiru",
        "28471936",
        "0722 483 917",
        "kisukari",
        "Bw. Otieno",
        "Kahawa West, nyumba B14",
    ),
)

case(
    "af-skuld-bank-depressie",
    "af",
    "bank debt review",
    {
        "messages": [
            user(
                "Goeiemôre, ek wil 'n brief aan die bank skryf oor skuldhersiening. My ma, Tannie Riana (Riana "
                "van der Merwe, ID 9106270129089), het 'n lening by Capitec wat sy nie kan betaal nie. Sy het "
                "ernstige depressie en die dokter, dr. Botha, het haar afgeboek. Sy woon Kerkstraat 17, Worcester, "
                "6850. My selnommer 082 481 7296."
            ),
        ]
    },
    content=(
        "Tannie Riana",
        "Riana van der Merwe",
        "9106270129089",
        "ernstige depressie",
        "dr. Botha",
        "Kerkstraat 17, Worcester, 6850",
        "082 481 7296",
    ),
)

case(
    "gu-vima-claim-angioplasty",
    "gu",
    "health insurance claim",
    {
        "messages": [
            user("પપ્પાનો ક્લેમ ફાઇલ કરવો છે, કોના નામે કરું?"),
        ],
        "tools": [
            tool(
                "file_claim",
                "Mediclaim ફાઇલ કરો. પોલિસી POL/2024/88317265, સરનામું ૧૪, શાંતિકુંજ સોસાયટી, મણિનગર, અમદાવાદ.",
                {
                    "claimant": {"type": "string", "enum": ["ભાવેશભાઈ પટેલ", "હેતલબેન પટેલ"]},
                    "procedure": {"type": "string", "enum": ["એન્જિયોપ્લાસ્ટી", "ડાયાલિસિસ"]},
                    "contact": {"type": "string", "enum": ["98250 41736"]},
                },
            )
        ],
    },
    tool_desc=("POL/2024/88317265", "૧૪, શાંતિકુંજ સોસાયટી, મણિનગર"),
    tool_enum=("ભાવેશભાઈ પટેલ", "હેતલબેન પટેલ", "98250 41736"),
)

case(
    "mn-zeel-barildaa",
    "mn",
    "pawned-car loan",
    {
        "messages": [
            user(
                "Сайн байна уу, ББСБ-ээс авсан зээлээ сунгуулах өргөдөл бичихэд туслаач. Би Батболдын Сарангэрэл, "
                "РД УБ89031247. Хаяг: Баянзүрх дүүрэг, 13-р хороо, 45-р байр, 28 тоот. Утас 9911 4827. Нөхөр "
                "Ганзоригийн архины асуудлаас болж ажилгүй болсон. Сарангэрэлд дахиад хугацаа өгөөч гэж бичмээр байна."
            ),
        ]
    },
    content=(
        "Батболдын Сарангэрэл",
        "УБ89031247",
        "Баянзүрх дүүрэг, 13-р хороо, 45-р байр, 28 тоот",
        "9911 4827",
        "Ганзоригийн",
        "Сарангэрэлд",
    ),
)

# ---------------------------------------------------------------- work and HR

case(
    "pl-zwolnienie-depresja-hr",
    "pl",
    "sick leave and HR",
    {
        "messages": [
            user("Napisz do mnie na m.kowalczyk88@wp.pl jak skończysz? a, i to ja z działu logistyki"),
            assistant("Nie mogę wysyłać maili, ale pomogę napisać wiadomość. O co chodzi?"),
            user(
                "Jestem Magda Kowalczyk. Muszę napisać do kadr, że mam zwolnienie L4 na 30 dni, psychiatra "
                "rozpoznał epizod depresyjny. PESEL 88071415284. Kierownik, Grzesiek Wróblewski, już wie. Proszę "
                "też, żeby Pani Kowalczyk z księgowości (moja teściowa!) nie miała dostępu do mojej teczki. "
                "Tel. 604 218 377."
            ),
        ]
    },
    multi_turn=("m.kowalczyk88@wp.pl",),
    content=(
        "Magda Kowalczyk",
        "epizod depresyjny",
        "88071415284",
        "Grzesiek Wróblewski",
        "604 218 377",
    ),
)

case(
    "ro-concediu-medical-hernie",
    "ro",
    "sick leave",
    {
        "messages": [
            user(
                "Bună, vreau un mail pentru HR. Sunt Ioana Popescu, CNP 2900512403813. Am hernie de disc L5-S1 "
                "și dl doctor Ionescu mi-a dat concediu medical 14 zile. Doamnei Mureșan de la resurse umane "
                "să-i trimit certificatul? Adresa mea: Str. Observatorului nr. 34, ap. 12, Cluj-Napoca. Tel "
                "0742 381 967."
            ),
        ]
    },
    content=(
        "Ioana Popescu",
        "2900512403813",
        "hernie de disc",
        "Ionescu",
        "Doamnei Mureșan",
        "Str. Observatorului nr. 34, ap. 12, Cluj-Napoca",
        "0742 381 967",
    ),
)

case(
    "bs-ugovor-trudnoca-otkaz",
    "bs",
    "pregnancy dismissal",
    {
        "messages": [
            user(
                "Pozdrav, dobila sam otkaz kad sam rekla da sam trudna. Ja sam Amra Hodžić, JMBG 1503988175035, "
                "radila u firmi kod direktora Seada Begića. Amri su rekli da nije 'produktivna'. Adresa: Ferhadija "
                "17, 71000 Sarajevo, tel 061 482 937, račun BA39 1290 0794 0102 8494. Kako napisati žalbu "
                "inspekciji rada? Imam i visok pritisak u trudnoći."
            ),
        ]
    },
    content=(
        "Amra Hodžić",
        "1503988175035",
        "Seada Begića",
        "Amri",
        "Ferhadija 17, 71000 Sarajevo",
        "061 482 937",
        "BA39 1290 0794 0102 8494",
    ),
)

case(
    "kn-kelasa-apaghata",
    "kn",
    "workplace accident",
    {
        "messages": [
            user(
                "ನಮಸ್ಕಾರ, ನನ್ನ ಅಣ್ಣ ಮಂಜುನಾಥ ಗೌಡ ಫ್ಯಾಕ್ಟರಿಯಲ್ಲಿ ಕೈ ಬೆರಳು ಕಳೆದುಕೊಂಡರು. ESI ನಂಬರ್ 3104827193. "
                "ಮ್ಯಾನೇಜರ್ ಶ್ರೀನಿವಾಸ್ ರಾವ್ ಕಂಪೆನ್ಸೇಶನ್ ಕೊಡಲ್ಲ ಅಂತಾರೆ. ವಿಳಾಸ: ನಂ. 48, 2ನೇ ಕ್ರಾಸ್, ಪೀಣ್ಯ 2ನೇ ಹಂತ, "
                "ಬೆಂಗಳೂರು 560058. ಫೋನ್ 99801 47263. ಮಂಜುನಾಥನಿಗೆ ಏನು ಹಕ್ಕುಗಳಿವೆ?"
            ),
        ]
    },
    content=(
        "ಮಂಜುನಾಥ ಗೌಡ",
        "3104827193",
        "ಶ್ರೀನಿವಾಸ್ ರಾವ್",
        "ನಂ. 48, 2ನೇ ಕ್ರಾಸ್, ಪೀಣ್ಯ 2ನೇ ಹಂತ",
        "99801 47263",
        "ಮಂಜುನಾಥನಿಗೆ",
    ),
)

case(
    "sv-forsakringskassan-adhd",
    "sv",
    "child disability allowance",
    {
        "messages": [
            user("hej! jag heter linnea på insta (linnea.sjoberg.ume) om du undrar vem jag är haha"),
            assistant("Hej! Vad kan jag hjälpa dig med?"),
            user(
                "Jag ska söka omvårdnadsbidrag för min son Elias Sjöberg (personnr 19860923-4177 är mitt, hans "
                "hittar jag inte). Han har adhd och autism och BUP säger att han behöver stöd hela dagarna. Jag, "
                "Linnea Sjöberg, bor på Storgatan 14 B, 903 26 Umeå, tel 070-482 19 36. Kan du skriva "
                "motiveringen?"
            ),
        ]
    },
    multi_turn=("linnea.sjoberg.ume",),
    content=(
        "Elias Sjöberg",
        "19860923-4177",
        "adhd och autism",
        "Linnea Sjöberg",
        "Storgatan 14 B, 903 26 Umeå",
        "070-482 19 36",
    ),
)

# ---------------------------------------------------------------- legal: custody, divorce, immigration, police

case(
    "es-custodia-divorcio",
    "es",
    "custody and divorce",
    {
        "messages": [
            user(
                "Necesito preparar lo que le voy a decir a la abogada (la Sra. Quintanilla). Me estoy divorciando "
                "de Rubén Castaño Ibarra, DNI 72915384W no perdón ese es el mío, el suyo no lo tengo. Queremos "
                "custodia compartida de la niña, Lucía (la Luci), pero él tiene una condena por violencia de "
                "género de 2021. Vivo en C/ Doctor Fleming 23, 3ºB, 28036 Madrid, móvil +34 612 47 93 08. "
                "La pensión me la ingresa en ES91 2100 0418 4502 0005 1332."
            ),
        ]
    },
    content=(
        "Quintanilla",
        "Rubén Castaño Ibarra",
        "72915384W",
        "la Luci",
        "violencia de género",
        "C/ Doctor Fleming 23, 3ºB, 28036 Madrid",
        "+34 612 47 93 08",
        "ES91 2100 0418 4502 0005 1332",
    ),
)

case(
    "fa-moshavere-talagh",
    "fa",
    "divorce counselling",
    {
        "messages": [
            user(
                "سلام. می‌خوام برای دادگاه خانواده درخواست طلاق بنویسم. من مریم رضایی هستم، کد ملی 0482719362. "
                "همسرم مهرداد کاظمی اعتیاد به شیشه داره و من افسردگی شدید گرفتم. آدرس: تهران، خیابان ستارخان، "
                "کوچه شهید نوروزی، پلاک ۱۸، واحد ۳. شماره‌ام ۰۹۱۲ ۳۴۸ ۷۶۱۵. آقای کاظمی تهدید کرده بچه رو می‌بره."
            ),
        ]
    },
    content=(
        "مریم رضایی",
        "0482719362",
        "مهرداد کاظمی",
        "اعتیاد به شیشه",
        "افسردگی شدید",
        "خیابان ستارخان، کوچه شهید نوروزی، پلاک ۱۸",
        "۰۹۱۲ ۳۴۸ ۷۶۱۵",
        "آقای کاظمی",
    ),
)

case(
    "ar-iqama-kafala-naql",
    "ar",
    "work-permit transfer",
    {
        "messages": [
            system("أنت مساعد مكتب استقدام. لخّص حالة العامل بلغة واضحة."),
            user("هذا ملف العامل من النظام، ساعدني أكتب طلب نقل كفالة"),
            call("get_worker_file", {"iqama": "2418736590"}),
            result(
                {
                    "name": "محمد عبد الرحيم السيد",
                    "passport": "A28471936",
                    "sponsor": "مؤسسة أحمد الزهراني للمقاولات",
                    "phone": "+966 55 381 4729",
                    "medical": "التهاب الكبد الوبائي ب",
                },
                every=True,
            ),
            user("الكفيل أبو فهد ما يرد على الجوال، وراتب محمد متأخر أربعة أشهر"),
        ],
        "tools": [tool("get_worker_file", "ملف العامل حسب رقم الإقامة.", {"iqama": "string"})],
    },
    tool_args=("2418736590",),
    tool_result_escaped=(
        "محمد عبد الرحيم السيد",
        "A28471936",
        "أحمد الزهراني",
        "+966 55 381 4729",
        "التهاب الكبد الوبائي ب",
    ),
    content=("أبو فهد",),
)

case(
    "ur-rishta-shugar",
    "ur",
    "marriage proposal",
    {
        "messages": [
            user(
                "اسلام علیکم، رشتے کے لیے بائیو ڈیٹا بنانا ہے۔ لڑکی: عائشہ ملک، شناختی کارڈ 35202-4817396-2، "
                "گھر: مکان نمبر 47-B، گلبرگ III، لاہور۔ ابو کا نمبر 0300-4817263۔ عائشہ کو شوگر ہے مگر رشتے "
                "والوں کو ابھی نہیں بتانا۔ خالہ نسرین نے لڑکا بتایا ہے، فیصل بٹ۔"
            ),
        ]
    },
    content=(
        "عائشہ ملک",
        "35202-4817396-2",
        "مکان نمبر 47-B، گلبرگ III، لاہور",
        "0300-4817263",
        "شوگر",
        "خالہ نسرین",
        "فیصل بٹ",
    ),
)

case(
    "ps-paspot-tazkira",
    "ps",
    "passport and visa",
    {
        "messages": [
            user(
                "سلام، زما ورور ذبیح الله احمدزی پاسپورټ ته اړتیا لري. د تذکرې شمېره 1400-0101-48271 ده، زوړ "
                "پاسپورټ P04827193. تلیفون +93 78 482 7193. کور: کابل، خیرخانه، دوهمه برخه، کوڅه ۷. هغه د "
                "جګړې له امله رواني ستونزه (ټراما) لري. د ذبیح الله لپاره لیک ولیکئ."
            ),
        ]
    },
    content=(
        "ذبیح الله احمدزی",
        "1400-0101-48271",
        "P04827193",
        "+93 78 482 7193",
        "خیرخانه، دوهمه برخه، کوڅه ۷",
        "ذبیح الله",
    ),
)

case(
    "ku-penaber-bamf",
    "ku",
    "asylum interview",
    {
        "messages": [
            user(
                "Silav, ez Rojda Xelîl im, ji Qamişloyê. Hevpeyvîna min a BAMF'ê heye, Aktenzeichen 8127394-438. "
                "Navnîşana min: Heimstraße 12, 33602 Bielefeld. Hejmara min +49 1523 7481926. Birayê min Azad "
                "Xelîl li girtîgehê hat îşkencekirin. Rojdayê jî trawma heye, nikare xew bike. Ji kerema xwe alîkariya "
                "min bike ku çîroka xwe binivîsim."
            ),
        ]
    },
    content=(
        "Rojda Xelîl",
        "8127394-438",
        "Heimstraße 12, 33602 Bielefeld",
        "+49 1523 7481926",
        "Azad Xelîl",
        "Rojdayê",
        "trawma",
    ),
)

case(
    "so-xawilaad-sonkorow",
    "so",
    "remittance and health",
    {
        "messages": [
            user(
                "Asc, waxaan rabaa inaan lacag u diro hooyaday Xaliimo Cabdi Warsame oo ku nool Degmada Hodan, "
                "Muqdisho. Waxay qabtaa sonkorow iyo dhiig kar. Taleefankeeda EVC +252 61 548 2917. Aniga "
                "Cabdiraxmaan Maxamed Cali, baasaboor P01847293. Xaliimo waxay u baahan tahay daawo."
            ),
        ]
    },
    content=(
        "Xaliimo Cabdi Warsame",
        "Degmada Hodan",
        "sonkorow",
        "+252 61 548 2917",
        "Cabdiraxmaan Maxamed Cali",
        "P01847293",
    ),
)

case(
    "mk-razvod-izdrska",
    "mk",
    "divorce and child support",
    {
        "messages": [
            user(
                "Здраво, треба да напишам тужба за издршка. Јас сум Марија Стојановска, ЕМБГ 2307986455022, "
                "живеам на ул. Партизанска 27/3-8, Битола. Поранешниот маж Драган Стојановски не плаќа за "
                "Ивана веќе 8 месеци. Тел 070 482 931. Марија (јас) имам дијабетес тип 1 и не работам."
            ),
        ]
    },
    content=(
        "Марија Стојановска",
        "2307986455022",
        "ул. Партизанска 27/3-8, Битола",
        "Драган Стојановски",
        "070 482 931",
        "дијабетес тип 1",
    ),
)

case(
    "sq-pasaporta-emigrim",
    "sq",
    "passport and travel booking",
    {
        "messages": [
            user(
                "Pershendetje, dua te rezervoj fluturimin Tiranë–Londër per Arbër Gashin (pasaporta BC4827193, "
                "lindur 12.07.1994). Arbëri ka epilepsi, duhet te ulet afer daljes. Paguaj me kartën "
                "5522034199180008. Adresa: Rruga e Kavajës, Pallati 142, Shk. 3, Ap. 18, Tiranë. Tel "
                "+355 69 482 7316."
            ),
        ]
    },
    content=(
        "Arbër Gashin",
        "BC4827193",
        "12.07.1994",
        "Arbëri",
        "epilepsi",
        "5522034199180008",
        "Rruga e Kavajës, Pallati 142, Shk. 3, Ap. 18",
        "+355 69 482 7316",
    ),
)

case(
    "tl-ofw-visa-buntis",
    "tl",
    "overseas work visa",
    {
        "messages": [
            system("Ikaw ay assistant ng isang recruitment agency. Sumagot sa Taglish."),
            user(
                "Hi po! Si Ate Cel po ito (Maricel Dela Cruz), passport P4827193B. Ma'am tanong ko lang po, "
                "buntis po ako 3 months, pwede pa ba ako umalis papuntang Dubai? Address ko Blk 12 Lot 7, "
                "Phase 2, Brgy. San Isidro, Cainta, Rizal. Cp 0917 482 3619. Si Jomar po yung asawa ko.",
                name="maricel_delacruz",
            ),
        ],
        "stop": ["\nMaricel Dela Cruz:", "Ate Cel:"],
    },
    content=(
        "Ate Cel",
        "Maricel Dela Cruz",
        "P4827193B",
        "buntis",
        "Blk 12 Lot 7, Phase 2, Brgy. San Isidro, Cainta, Rizal",
        "0917 482 3619",
        "Jomar",
    ),
    name=("maricel_delacruz",),
    stop=("\nMaricel Dela Cruz:",),
)

case(
    "ky-migrant-patent",
    "ky",
    "migrant worker permit",
    {
        "messages": [
            user(
                "Саламатсызбы, Орусияга патент алуу үчүн арыз жазып бериңизчи. Мен Айгерим Токтогулова, ПИН "
                "21503199000417. Күйөөм Нурлан Асанов Москвада, телефону +7 925 481 73 92. Менин номерим "
                "+996 555 48 27 19. Дарегим: Бишкек ш., Жал мкр, 23-үй, 41-батир. Айгеримге кургак учук "
                "диагнозу коюлган, медициналык кароодон өтө аламбы?"
            ),
        ]
    },
    content=(
        "Айгерим Токтогулова",
        "21503199000417",
        "Нурлан Асанов",
        "+7 925 481 73 92",
        "+996 555 48 27 19",
        "Жал мкр, 23-үй, 41-батир",
        "Айгеримге",
        "кургак учук",
    ),
)

# ---------------------------------------------------------------- dating, religion, insurance

case(
    "en-dating-match-safety",
    "en",
    "dating safety check",
    {
        "messages": [
            user(
                "ok so I matched with this guy on hinge, Tobias (Tobi) Wexler-Ngata, he says he's 34 and works at "
                "the Royal Free. he gave me his number 07946 381 527 and wants to meet at his flat, Flat 3, "
                "22 Gayton Road, London NW3 1TX. he mentioned he's on PrEP and asked if I'm on it too lol. "
                "is it weird he already knows my address (Bex, 9 Agincourt Rd)? how do I stay safe"
            ),
        ]
    },
    content=(
        "Tobias (Tobi) Wexler-Ngata",
        "07946 381 527",
        "Flat 3, 22 Gayton Road, London NW3 1TX",
        "PrEP",
        "9 Agincourt Rd",
    ),
)

case(
    "ar-eg-zawaj-kanisa",
    "ar",
    "church marriage file",
    {
        "messages": [
            user(
                "أنا مينا جرجس فهمي، رقمي القومي 29403152401873، وعايز أكتب خطاب للكنيسة (كنيسة مارجرجس بشبرا) "
                "عشان ملف الخطوبة مع مارينا عادل. أبونا بيشوي طلب شهادة خلو أمراض، وأنا عندي أنيميا البحر المتوسط. "
                "عنواني ١٤ شارع الترعة البولاقية، شبرا، القاهرة. موبايل 0122 481 7396."
            ),
        ]
    },
    content=(
        "مينا جرجس فهمي",
        "29403152401873",
        "مارينا عادل",
        "أبونا بيشوي",
        "أنيميا البحر المتوسط",
        "١٤ شارع الترعة البولاقية، شبرا",
        "0122 481 7396",
    ),
)
