"""MIST on Indian text: names, addresses, labelled values, Indian identifiers and health terms in
Devanagari and the other Indic scripts, romanised Indian names, and harmless Hindi prompts that must
come out untouched. Every text here was written for these tests."""

from __future__ import annotations

import pytest

from islandrun.core.privacy.detector import default_detector
from islandrun.core.privacy.entities import Entity, EntityType
from islandrun.core.privacy.indic_values import find_indian_ids, fold
from islandrun.core.privacy.medical_indic import find_indic_medical
from islandrun.core.privacy.ner_indic import find_indic, warm_up_indic

ORG = EntityType.ORGANIZATION
P, A, PH, D, N, ID, B, M = (
    EntityType.PERSON,
    EntityType.ADDRESS,
    EntityType.PHONE,
    EntityType.DATE,
    EntityType.NATIONAL_ID,
    EntityType.ID_OTHER,
    EntityType.BANK_ACCOUNT,
    EntityType.MEDICAL,
)

# Valid Verhoeff check digits (stdnum.verhoeff): 2345 6789 0124, 8765 4321 0988.
CASES: list[tuple[str, str, list[tuple[EntityType, str]]]] = [
    (
        "clinic letter",
        "सेवा में,\nडॉ. विनीता सक्सेना\nसिटी केयर क्लिनिक, लखनऊ\n\nमहोदया, मेरे पिताजी श्री रामप्रसाद तिवारी (उम्र 68) को "
        "पिछले साल उच्च रक्तचाप और टाइप 2 मधुमेह का निदान हुआ था। अब उन्हें गुर्दे की बीमारी भी है और सप्ताह में दो बार "
        "डायलिसिस होता है। मोबाइल: +91 94150 22871\nभवदीय, अंकित तिवारी",
        [
            (P, "विनीता सक्सेना"),
            (P, "रामप्रसाद तिवारी"),
            (M, "उच्च रक्तचाप"),
            (M, "मधुमेह"),
            (M, "गुर्दे की बीमारी"),
            (M, "डायलिसिस"),
            (PH, "+91 94150 22871"),
            (P, "अंकित तिवारी"),
        ],
    ),
    (
        "insurance claim form",
        "स्वास्थ्य बीमा दावा फॉर्म\nबीमाधारक का नाम: कविता मल्होत्रा\nजन्म तिथि: 14 सितंबर 1986\n"
        "पॉलिसी नंबर: 2345/67/2024/0091\n"
        "दावा संख्या - CLM/24/889120\nआधार संख्या: 8765 4321 0988\nखाता संख्या: 50100234567812\n"
        "पता: फ्लैट नं. 302, गुलमोहर अपार्टमेंट, सेक्टर 21, गुरुग्राम, हरियाणा 122016\nभर्ती का कारण: निमोनिया",
        [
            (P, "कविता मल्होत्रा"),
            (D, "14 सितंबर 1986"),
            (ID, "2345/67/2024/0091"),
            (ID, "CLM/24/889120"),
            (N, "8765 4321 0988"),
            (B, "50100234567812"),
            (A, "फ्लैट नं. 302, गुलमोहर अपार्टमेंट, सेक्टर 21, गुरुग्राम, हरियाणा 122016"),
            (M, "निमोनिया"),
        ],
    ),
    (
        "pharmacy order in a chat",
        "भैया, मेरी दवाइयाँ भिजवा दीजिए: थायरोक्सिन 50 mcg, मेटफॉर्मिन 500 mg (60 गोलियाँ) और इंसुलिन पेन। नाम - सुरेश यादव, "
        "पता: मकान नंबर 45, गली नंबर 7, राजीव नगर, पटना 800024. फ़ोन ९९३४०१२३४५. पेमेंट UPI से: suresh.yadav@oksbi",
        [
            (M, "थायरोक्सिन"),
            (M, "मेटफॉर्मिन"),
            (M, "इंसुलिन"),
            (P, "सुरेश यादव"),
            (A, "मकान नंबर 45, गली नंबर 7, राजीव नगर, पटना 800024"),
            (PH, "९९३४०१२३४५"),
            (ID, "suresh.yadav@oksbi"),
        ],
    ),
    (
        "school note",
        "प्रिय अभिभावक,\nआपकी बेटी प्रिया शर्मा (कक्षा 7-ब) पिछले तीन दिनों से बुखार के कारण स्कूल नहीं आई। कृपया डॉक्टर का "
        "प्रमाणपत्र भेजें।\nकक्षा अध्यापिका, श्रीमती सुमन चौहान",
        [(P, "प्रिया शर्मा"), (M, "बुखार"), (P, "सुमन चौहान")],
    ),
    (
        "unlabelled address and honorific",
        "हम मकान नंबर 45, गली नंबर 7, राजीव नगर, पटना 800024 में रहते हैं। कल शर्मा जी और गीता देवी आए थे, गीता जी को दमा है।",
        [(A, "मकान नंबर 45, गली नंबर 7, राजीव नगर, पटना 800024"), (P, "शर्मा"), (P, "गीता देवी"), (M, "दमा")],
    ),
    (
        "village address",
        "ग्राम रामपुर, पोस्ट बिलासपुर, तहसील सदर, जिला रामपुर, उत्तर प्रदेश - 244901 पर पार्सल भेजें।",
        [(A, "ग्राम रामपुर, पोस्ट बिलासपुर, तहसील सदर, जिला रामपुर, उत्तर प्रदेश - 244901")],
    ),
    (
        "Aadhaar in Devanagari digits, PAN in lower case, date of birth",
        "मेरा आधार २३४५६७८९०१२४ है और पैन कार्ड abcpv1234f है। जन्मतिथि: 5 अगस्त 1979",
        [(N, "२३४५६७८९०१२४"), (N, "abcpv1234f"), (D, "5 अगस्त 1979")],
    ),
    (
        "introduced in the first person",
        "मेरा नाम दीपक वर्मा है और मैं दिल्ली में रहता हूँ। मेरी पत्नी अनीता को अवसाद है, वह सर्ट्रालाइन लेती हैं।",
        [(P, "दीपक वर्मा"), (M, "अवसाद"), (M, "सर्ट्रालाइन")],
    ),
    (
        "Marathi form",
        "नाव: संजय पाटील\nपत्ता: घर नं. 12, शिवाजी नगर, पुणे 411005\nमोबाइल: 9822012345\nमला मधुमेह आहे.",
        [(P, "संजय पाटील"), (A, "घर नं. 12, शिवाजी नगर, पुणे 411005"), (PH, "9822012345"), (M, "मधुमेह")],
    ),
    (
        "Bengali form",
        "নাম: রাহুল চৌধুরী\nঠিকানা: ১২/৩ বালিগঞ্জ প্লেস, কলকাতা ৭০০০১৯\nফোন: ৯৮৩০০ ১২৩৪৫\nআমার ডায়াবেটিস আর উচ্চ রক্তচাপ আছে।",
        [(P, "রাহুল চৌধুরী"), (A, "১২/৩ বালিগঞ্জ প্লেস, কলকাতা ৭০০০১৯"), (PH, "৯৮৩০০ ১২৩৪৫"), (M, "উচ্চ রক্তচাপ")],
    ),
    (
        "Tamil form",
        "பெயர்: கார்த்திக் சுப்பிரமணியம்\nமுகவரி: 15, காந்தி தெரு, மயிலாப்பூர், சென்னை 600004\nகைபேசி: 9840012345\n"
        "எனக்கு நீரிழிவு நோய் உள்ளது.",
        [(P, "கார்த்திக் சுப்பிரமணியம்"), (PH, "9840012345"), (M, "நீரிழிவு நோய்")],
    ),
    (
        "Telugu form",
        "పేరు: వెంకట రమణ\nచిరునామా: ఇంటి నం. 8-2-293, బంజారా హిల్స్, హైదరాబాద్ 500034\nఫోన్: 9849012345\nనాకు మధుమేహం ఉంది.",
        [(P, "వెంకట రమణ"), (PH, "9849012345"), (M, "మధుమేహం")],
    ),
    (
        "Gujarati form",
        "નામ: હેતલ પટેલ\nસરનામું: 21, શાંતિ નગર સોસાયટી, અમદાવાદ 380015\nમોબાઇલ: 9825012345\nમને ડાયાબિટીસ છે.",
        [(P, "હેતલ પટેલ"), (A, "21, શાંતિ નગર સોસાયટી, અમદાવાદ 380015"), (M, "ડાયાબિટીસ")],
    ),
    (
        "Punjabi form",
        "ਨਾਮ: ਗੁਰਪ੍ਰੀਤ ਸਿੰਘ\nਪਤਾ: ਮਕਾਨ ਨੰ. 55, ਮਾਡਲ ਟਾਊਨ, ਲੁਧਿਆਣਾ 141002\nਫ਼ੋਨ: 9815012345\nਮੈਨੂੰ ਸ਼ੂਗਰ ਅਤੇ ਦਮਾ ਹੈ।",
        [(P, "ਗੁਰਪ੍ਰੀਤ ਸਿੰਘ"), (A, "ਮਕਾਨ ਨੰ. 55, ਮਾਡਲ ਟਾਊਨ, ਲੁਧਿਆਣਾ 141002"), (PH, "9815012345"), (M, "ਦਮਾ")],
    ),
    (
        "Kannada form",
        "ಹೆಸರು: ಮಂಜುನಾಥ ಗೌಡ\nವಿಳಾಸ: 34, 5ನೇ ಕ್ರಾಸ್, ಜಯನಗರ, ಬೆಂಗಳೂರು 560041\nಫೋನ್: 9845012345\nನನಗೆ ಮಧುಮೇಹ ಇದೆ.",
        [(P, "ಮಂಜುನಾಥ ಗೌಡ"), (A, "34, 5ನೇ ಕ್ರಾಸ್, ಜಯನಗರ, ಬೆಂಗಳೂರು 560041"), (M, "ಮಧುಮೇಹ")],
    ),
    (
        "Malayalam form",
        "പേര്: അനൂപ് മേനോൻ\nവിലാസം: ടി.സി. 12/345, പട്ടം, തിരുവനന്തപുരം 695004\nഫോൺ: 9847012345\nഎനിക്ക് പ്രമേഹം ഉണ്ട്.",
        [(P, "അനൂപ് മേനോൻ"), (PH, "9847012345"), (M, "പ്രമേഹം")],
    ),
    (
        "Hinglish with a car and a claim",
        "Hi, main Neha Gupta hoon. Mera Aadhaar 2345 6789 0124 hai aur PAN BNZPG4321K. Meri car RJ14 CD 4521 ka "
        "accident hua tha.",
        [(P, "Neha Gupta"), (N, "2345 6789 0124"), (N, "BNZPG4321K"), (ID, "RJ14 CD 4521")],
    ),
    (
        "pharmacy order with English labels",
        "Order for: श्रीमती कमला देवी, Mob: 98111 22334, Address: B-12, लाजपत नगर II, नई दिल्ली-110024. दवाएं: Amlodipine "
        "5mg. Car DL 3C AB 1234.",
        [(P, "कमला देवी"), (PH, "98111 22334"), (A, "B-12, लाजपत नगर II, नई दिल्ली-110024"), (ID, "DL 3C AB 1234")],
    ),
    (
        "discharge summary",
        "रोगी का नाम: मोहन लाल शर्मा, आयु: 62 वर्ष, भर्ती तिथि: 12/02/2024, निदान: हृदयाघात, एंजियोप्लास्टी की गई।",
        [(P, "मोहन लाल शर्मा"), (D, "12/02/2024"), (M, "हृदयाघात"), (M, "एंजियोप्लास्टी")],
    ),
    (
        "address in a sentence",
        "हमारा पता है: 56, गांधी मार्ग, सिविल लाइंस, इलाहाबाद 211001. मेरा पता मकान नंबर 24 शास्त्री नगर जयपुर है",
        [(A, "56, गांधी मार्ग, सिविल लाइंस, इलाहाबाद 211001"), (A, "मकान नंबर 24 शास्त्री नगर जयपुर")],
    ),
    (
        "romanised names in English",
        "Patient Rajesh Kumar and his wife Priya Sharma, Aadhaar 876543210988, live at H.No. 24, Shastri Nagar, "
        "Jaipur 302016.",
        [(P, "Rajesh Kumar"), (P, "Priya Sharma"), (N, "876543210988")],
    ),
]


def _covered(found: list[Entity], kind: EntityType, value: str) -> bool:
    return any(e.type is kind and value in e.text for e in found)


@pytest.mark.parametrize(("label", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_indian_texts_have_their_values_found(label: str, text: str, expected: list[tuple[EntityType, str]]) -> None:
    found = default_detector().detect(text)
    missing = [(k.value, v) for k, v in expected if not _covered(found, k, v)]
    assert not missing, [(e.type.value, e.text) for e in found]
    for e in found:
        assert text[e.start : e.end] == e.text


HARMLESS = [
    "पनीर बटर मसाला बनाने की विधि बताइए। इसमें कितना मक्खन और क्रीम डालें?",
    "दाल मखनी को प्रेशर कुकर में कितनी सीटी तक पकाना चाहिए?",
    "सचिन तेंदुलकर ने टेस्ट क्रिकेट में कितने शतक बनाए?",
    "2011 का क्रिकेट विश्व कप भारत ने किसके खिलाफ जीता था?",
    "विराट कोहली किस टीम के कप्तान थे?",
    "क्रिकेट के नियम समझाइए: एक ओवर में कितनी गेंदें होती हैं?",
    "महात्मा गांधी ने दांडी मार्च कब शुरू किया था?",
    "मुगल साम्राज्य का पतन क्यों हुआ? संक्षेप में समझाइए।",
    "भारत का संविधान 26 जनवरी 1950 को लागू हुआ था। इसके बारे में बताइए।",
    "किरण बेदी भारत की पहली महिला आईपीएस अधिकारी थीं, उनके बारे में लिखिए।",
    "Python में list को reverse कैसे करें? एक उदाहरण दीजिए।",
    "JavaScript में async/await का उपयोग कैसे होता है?",
    "SQL में JOIN और LEFT JOIN में क्या अंतर है?",
    "इस कोड में error क्यों आ रहा है: for i in range(10): print(i)",
    "Java में HashMap और TreeMap में क्या फर्क है?",
    "जयपुर में घूमने के लिए सबसे अच्छी जगहें कौन सी हैं?",
    "दिल्ली से आगरा ट्रेन से जाने में कितना समय लगता है?",
    "मैं गोवा घूमने जाना चाहता हूँ, कौन सा महीना अच्छा है?",
    "गंगा नदी की लंबाई कितनी है?",
    "प्रकाश संश्लेषण की प्रक्रिया को सरल शब्दों में समझाइए।",
    "आज मौसम कैसा रहेगा? क्या बारिश होगी?",
    "आशा है कि आप सब ठीक हैं। आज हम विज्ञान के बारे में पढ़ेंगे।",
    "सूरज पूर्व दिशा में उगता है और पश्चिम में डूबता है।",
    "राम और श्याम दो दोस्त थे, उनकी एक छोटी कहानी लिखिए।",
    "श्री गणेश की पूजा कैसे की जाती है?",
    "मुझे एक कविता लिखनी है बसंत ऋतु पर, मदद करो।",
    "मेरे लिए एक हफ्ते का शाकाहारी भोजन प्लान बनाओ।",
    "रविवार को मैं बाजार जाऊँगा, सब्जियों की सूची बना दो।",
    "सरकारी अस्पताल में इलाज मुफ्त होता है क्या?",
    "बच्चों के लिए एक अच्छा स्कूल कैसे चुनें?",
    "শীতকালে কলকাতায় কী কী দেখার আছে?",
    "சென்னையில் சிறந்த உணவகங்கள் எவை?",
    "హైదరాబాద్ బిర్యానీ ఎలా తయారు చేయాలి?",
    "ગુજરાતી ઢોકળા કેવી રીતે બનાવવા?",
]


@pytest.mark.parametrize("text", HARMLESS)
def test_harmless_indian_prompts_come_out_with_nothing_found(text: str) -> None:
    assert default_detector().detect(text) == []


def test_aadhaar_needs_its_checksum_or_its_label() -> None:
    # a bare 12-digit number in English text is no Aadhaar without a cue; with the cue and a valid check it is
    assert not [e for e in find_indian_ids("order 234567890124 shipped", indic=False) if e.type is N]
    assert {e.text for e in find_indian_ids("aadhar no 234567890124", indic=False)} == {"234567890124"}
    assert not find_indian_ids("Aadhaar pending, ref 234567890125", indic=False)  # check digit wrong, no label glue
    assert [e.text for e in find_indian_ids("Aadhaar: 2345 6789 0125", indic=False)] == ["2345 6789 0125"]  # labelled
    assert [e.text for e in find_indian_ids("grouped 2345-6789-0124 anywhere", indic=False)] == ["2345-6789-0124"]


def test_pan_checks_the_holder_letter() -> None:
    assert {e.text for e in find_indian_ids("PAN ABCPV1234F", indic=False)} == {"ABCPV1234F"}
    assert not find_indian_ids("code ABCDE1234F", indic=False)  # "D" is no PAN holder type


def test_upi_handles_and_vehicle_numbers() -> None:
    found = find_indian_ids("pay 9829045671@ybl, car MH 12 AB 1234, not me@example.com", indic=False)
    assert [(e.type, e.text) for e in found] == [(ID, "9829045671@ybl"), (ID, "MH 12 AB 1234")]


def test_everyday_health_words_need_health_context() -> None:
    assert find_indic_medical("आज बहुत थकान है, चलो घूमने चलते हैं।") == []
    found = find_indic_medical("डॉक्टर ने कहा कि थकान और खांसी है, दवा दी।")
    assert [e.text for e in found] == ["थकान", "खांसी"]
    assert all(e.type is M for e in found)


def test_condition_heads_skip_frequent_words() -> None:
    assert [e.text for e in find_indic_medical("उन्हें त्वचा रोग है")] == ["त्वचा रोग"]
    assert find_indic_medical("इस रोग के बारे में") == []


def test_names_need_a_second_sign() -> None:
    # two names from the lists in a text about no one: a general question, nothing found
    assert not [e for e in find_indic("विनोद खन्ना ने कितनी फिल्मों में काम किया?") if e.type is P]
    # the same pair in a personal text, after a title, or before an honorific
    assert [e.text for e in find_indic("मेरे दोस्त विनोद खन्ना आए थे।") if e.type is P] == ["विनोद खन्ना"]
    assert [e.text for e in find_indic("डॉ. खन्ना से मिलना है") if e.type is P] == ["खन्ना"]
    assert [e.text for e in find_indic("कल वर्मा जी आएंगे") if e.type is P] == ["वर्मा"]


def test_an_address_stops_where_the_sentence_goes_on() -> None:
    found = [e.text for e in find_indic("मेरा पता मकान नंबर 24 शास्त्री नगर जयपुर है और मैं वहीं रहता हूँ") if e.type is A]
    assert found == ["मकान नंबर 24 शास्त्री नगर जयपुर"]
    # a place name with no number is no postal address
    assert not [e for e in find_indic("मैं लाजपत नगर में रहता हूँ।") if e.type is A]


def test_organizations_need_a_name_before_their_word() -> None:
    orgs = [e.text for e in find_indic("मैं अपोलो अस्पताल में भर्ती था, दवा शर्मा मेडिकल स्टोर से ली।") if e.type is ORG]
    assert orgs == ["अपोलो अस्पताल", "शर्मा मेडिकल स्टोर"]
    assert not [e for e in find_indic("बुखार के कारण स्कूल नहीं गया, सरकारी अस्पताल गया।") if e.type is ORG]


def test_fold_makes_nukta_and_candrabindu_optional() -> None:
    assert fold("फ़ोन") == fold("फोन")
    assert fold("माँ") == fold("मां")


def test_text_without_indic_letters_costs_one_search() -> None:
    assert find_indic("How do I sort a list in Python?") == []


@pytest.mark.parametrize("text", ["\u200d", "\u093c\u200c", "क\u200d", "\u0901 \u0951", "नाम:", "पता: ,", "आधार"])
def test_fragments_of_indic_text_do_not_break_it(text: str) -> None:
    for e in default_detector().detect(text):
        assert text[e.start : e.end] == e.text


def test_warm_up_loads_everything_once() -> None:
    warm_up_indic()
    warm_up_indic()
