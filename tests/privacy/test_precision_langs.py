"""Harmless prompts in Hungarian, Romanian, Czech, Greek, Italian, Indonesian, Filipino, Turkish, Polish, Swahili,
Bengali, Thai and Persian go out unchanged; the same kinds of text about the writer or someone they deal with
keep their values.

Written for the classes that changed such prompts (issue 16, third blind set): a language without stop words
in the list taken for English, so its capitalised ordinary words ("Hogyan", "Câte", "Berapa") became names; a
landmark ("Castelul Bran", "Candi Borobudur") or an inflected city ("Budapestről") taken for a person; a general
health question in a language that leaves the subject out; a public figure's goals or titles in a language whose
words the public-figure rule lacked; a product compared with a brand ("Lenovo IdeaPad czy HP Pavilion"); the dates
of a trip. None of these sentences is copied from a test set."""

from __future__ import annotations

import pytest

from islandrun.core.privacy.detector import default_detector
from islandrun.core.privacy.language import guess_language

HARMLESS: dict[str, list[str]] = {
    "hu": [
        "Hogyan készül a gulyásleves? 500 g marhahús, 2 hagyma, 3 burgonya és 1 evőkanál pirospaprika van itthon.",
        "Jövő héten Budapestről Debrecenbe utazom, majd Egerbe. Mit érdemes megnézni a Bazilika környékén?",
        "Ki nyerte a Ferencváros és az Újpest derbijét 2023-ban? Szoboszlai Dominik játszott a válogatottban?",
        "Milyen tünetei vannak a magas vérnyomásnak, és mikor kell orvoshoz fordulni?",
        "Melyik a jobb, a Samsung Galaxy A54 vagy a Xiaomi Redmi Note 13 egy diáknak?",
        "Mennyi ideig kell sütni a rakott krumplit 180 fokon? Tejföl, tojás és kolbász kell bele.",
        "Miért nyert Puskás Ferenc olyan sok gólt a Honvédban és a Real Madridban?",
        "Hány kalória van egy szelet Dobos tortában? Diétázom és érdekel.",
        "Mi a különbség a Szent István Bazilika és a Mátyás-templom építészete között?",
        "Szeretnék Szegeden halászlét enni. Melyik étterem a legjobb a Tisza partján?",
    ],
    "ro": [
        "Cum se fac sarmalele? Am 1 kg de carne tocată, o varză murată și 200 g de orez.",
        "Plec la Brașov pe 14 iulie și apoi la Sibiu. Ce pot vizita în Centrul Vechi în două zile?",
        "Câte titluri a câștigat Steaua București în Liga 1? Gheorghe Hagi a jucat acolo?",
        "Care sunt simptomele diabetului de tip 2 și ce analize trebuie făcute?",
        "Este mai bun un laptop Lenovo IdeaPad sau un Asus VivoBook pentru facultate?",
        "Recomandă-mi un traseu de trei zile prin Delta Dunării, cu plecare din Tulcea pe 3 august.",
        "De ce este Nadia Comăneci atât de faimoasă în gimnastică?",
        "Ce vreme este în Constanța în septembrie? Merită mersul la mare?",
        "Care este diferența dintre Castelul Bran și Castelul Peleș?",
    ],
    "cs": [
        "Jak se dělá svíčková na smetaně? Mám 1 kg hovězího, 2 mrkve a 200 ml smetany.",
        "Pojedu 15. června do Prahy a pak do Českého Krumlova. Co stojí za vidění?",
        "Kolik gólů dal Patrik Schick za Spartu Praha a za Leverkusen?",
        "Jaké jsou příznaky chřipky a kdy je potřeba jít k lékaři?",
        "Jak snížit vysoký krevní tlak bez léků?",
        "Kdo vyhrál hokejové mistrovství světa v roce 2024? Hrál tam David Pastrňák?",
        "Recept na bramboráky: 1 kg brambor, 2 vejce, česnek, majoránka a mouka.",
    ],
    "el": [
        "Πώς φτιάχνω μουσακά; Έχω 1 κιλό μελιτζάνες, 500 γραμμάρια κιμά και μπεσαμέλ.",
        "Πόσα πρωταθλήματα έχει ο Ολυμπιακός και πόσα ο Παναθηναϊκός;",
        "Ποια είναι τα συμπτώματα της γρίπης και πότε πρέπει να πάω στον γιατρό;",
        "Ποιος έγραψε την Οδύσσεια και τι λέει για τον Οδυσσέα;",
        "Τι καιρό κάνει στη Θεσσαλονίκη τον Οκτώβριο;",
    ],
    "it": [
        "Come si fa il tiramisù? Ho 500 g di mascarpone, 4 uova e 300 g di savoiardi.",
        "Parto per Firenze il 10 maggio e poi vado a Siena e Pisa. Cosa vedere in tre giorni?",
        "Quanti gol ha segnato Francesco Totti con la Roma? E Del Piero con la Juventus?",
        "Che tempo fa a Venezia a novembre? C'è l'acqua alta?",
        "Chi ha vinto il Giro d'Italia nel 2023? Ha partecipato Filippo Ganna?",
    ],
    "id": [
        "Bagaimana cara membuat rendang daging? Saya punya 1 kg daging sapi, santan 2 liter dan cabai.",
        "Berapa kali Persib Bandung juara Liga 1? Siapa pencetak gol terbanyak musim lalu?",
        "Lebih bagus mana, laptop Acer Aspire 5 atau Asus Vivobook 14 untuk kuliah?",
        "Resep nasi goreng kampung: nasi 2 piring, bawang merah 5 siung, kecap manis 2 sendok makan.",
        "Mengapa Soekarno disebut Bapak Proklamator Indonesia?",
        "Jam berapa Candi Borobudur buka, dan berapa harga tiketnya tahun 2024?",
        "Tolong jelaskan perbedaan antara Bahasa Indonesia dan Bahasa Melayu.",
    ],
    "fil": [
        "Pupunta ako sa Palawan sa Disyembre 20, tapos sa Boracay. Ano ang dapat puntahan?",
        "Ano ang mga sintomas ng dengue at kailan dapat pumunta sa ospital?",
        "Bakit tinawag na pambansang bayani si Jose Rizal?",
        "Resipe ng sinigang na baboy: sampalok, kangkong, labanos at kamatis.",
    ],
    "tr": [
        "Ağustosun 10'unda Kapadokya'ya, sonra Antalya'ya gideceğim. Neleri görmeliyim?",
        "Migrenin belirtileri nelerdir ve ne zaman doktora gitmek gerekir?",
    ],
    "pl": [
        "Ile bramek strzelił Robert Lewandowski dla Barcelony w sezonie 2023?",
        "Który laptop jest lepszy dla studenta, Lenovo IdeaPad czy HP Pavilion?",
    ],
    "th": [
        "อาการของไข้เลือดออกมีอะไรบ้าง และควรไปหาหมอเมื่อไหร่",
        "ความดันโลหิตสูงควรกินอาหารอะไร",
    ],
}


def _changed(text: str) -> list[tuple[str, str]]:
    return [(e.type.name, e.text) for e in default_detector().detect(text)]


@pytest.mark.parametrize(("lang", "text"), [(lang, text) for lang, texts in HARMLESS.items() for text in texts])
def test_harmless_prompt_goes_out_unchanged(lang: str, text: str) -> None:
    assert _changed(text) == []


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Hogyan készül a gulyásleves? Mennyi ideig kell főzni?", "hu"),
        ("Care sunt simptomele diabetului și ce analize trebuie făcute?", "ro"),
        ("Ninawezaje kupika pilau ya nyama kwa watu kumi?", "sw"),
        ("Paano magluto ng adobong manok na may gata?", "fil"),
        ("Resep nasi goreng kampung: nasi 2 piring, bawang merah 5 siung, kecap manis.", "id"),
        ("Recomandă-mi un traseu prin Delta Dunării în august.", "ro"),
        ("Ağustosun 10'unda Kapadokya'ya, sonra Antalya'ya gideceğim.", "tr"),
    ],
)
def test_language_is_told_by_its_words_and_letters(text: str, lang: str) -> None:
    assert guess_language(text) == lang


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # the writer's own illness, with the verb that says "I" ("mám", "ho", "tengo", "έχω")
        ("Mám chřipku a horečku 39, jaké jsou příznaky zápalu plic?", "chřipku"),
        ("Ho l'influenza da tre giorni, quali sono i sintomi della polmonite?", "influenza"),
        ("Tengo diabetes, ¿cuáles son los síntomas de la hipoglucemia?", "diabetes"),
        ("Mój syn ma cukrzycę, jakie są objawy hipoglikemii?", "cukrzycę"),
        # a person travelling with the writer keeps their name, whatever the place rules say
        ("Jadę do Gdańska z Anną Kowalską 12 lipca, co warto zobaczyć?", "Anną Kowalską"),
        # a person beside "or" and a brand is still a person
        ("Napisz do Jana Kowalskiego czy Samsung Galaxy jest lepszy.", "Jana Kowalskiego"),
        # where someone lives is no trip
        ("Locuiesc în Cluj-Napoca, str. Memorandumului 28, și am diabet. Care sunt simptomele?", "diabet"),
        ("Holnap Kovács Eszter jön a rendelőbe, Budapesten lakik.", "Kovács Eszter"),
    ],
)
def test_the_same_kinds_about_someone_are_replaced(text: str, value: str) -> None:
    start = text.index(value)
    found = default_detector().detect(text)
    assert any(e.start < start + len(value) and start < e.end for e in found), _changed(text)
