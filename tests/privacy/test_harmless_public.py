"""Harmless prompts about public figures, sports, products, recipes and travel, in ten languages, go out
unchanged; the same names in a task about someone, or beside "my", are still replaced.

The held-out harmless set saw a German question about Goethe, laptop advice, meal prep, Wimbledon, Spanish
football, Copernicus, a trip to Porto and Russian chess changed. These prompts were written for the classes
(a public figure in a question about their works or titles, a brand and its product, a city one visits, the
words of a recipe), not copied from that set. Issue 16 allows one harmless prompt in twenty to change."""

from __future__ import annotations

import pytest

from islandrun.core.privacy.detector import default_detector
from islandrun.core.privacy.entities import EntityType

HARMLESS = [
    # en
    "I'm buying a laptop for university. Is a Lenovo ThinkPad X1 better than a MacBook Air or a Dell XPS 13?",
    "Can you give me a meal prep plan for the week with chicken, quinoa, sweet potatoes and broccoli?",
    "Who has won the most Wimbledon titles, Federer or Djokovic, and how many did Serena Williams win?",
    "I love chess. Which openings did Garry Kasparov play most against Anatoly Karpov?",
    "What did Isaac Newton and Gottfried Leibniz argue about, and who invented calculus first?",
    "Should I get Nike Pegasus or Adidas Ultraboost running shoes for my first marathon?",
    "Give me a recipe for shepherd's pie with Worcestershire sauce and Yorkshire pudding on the side.",
    "Which is better for a beginner, a Canon EOS R50 or a Sony A6400? I mostly shoot landscapes.",
    "Explain Einstein's theory of relativity like I'm twelve.",
    "How many goals did Cristiano Ronaldo score for Manchester United?",
    # de
    "Welche Werke von Goethe sollte ich zuerst lesen, wenn mir Schiller gefallen hat?",
    "Was ist der Unterschied zwischen Bayern München und Borussia Dortmund in der Bundesliga-Geschichte?",
    "Ich suche ein Rezept für Käsespätzle mit Röstzwiebeln, was brauche ich?",
    "Welches Smartphone ist besser, das Samsung Galaxy S24 oder das iPhone 15?",
    "Warum gilt Beethoven als Wegbereiter der Romantik?",
    "Wir fahren im Sommer nach Hamburg. Was kann man dort mit Kindern machen?",
    # fr
    "Quels sont les romans les plus connus de Victor Hugo et d'Émile Zola ?",
    "Je prépare un bœuf bourguignon pour six personnes, combien de temps faut-il le laisser mijoter ?",
    "Qui a gagné Roland-Garros le plus de fois, Rafael Nadal ou Björn Borg ?",
    "Je pars à Lyon ce week-end, que me conseillez-vous de visiter ?",
    "Pourquoi Napoléon Bonaparte a-t-il perdu à Waterloo ?",
    "Est-ce que le Paris Saint-Germain a déjà gagné la Ligue des champions ?",
    # es
    "¿Quién es mejor jugador, Messi o Cristiano Ronaldo? ¿Cuántos Balones de Oro tiene cada uno?",
    "¿Cuántas Champions ha ganado el Real Madrid y cuántas el Barça?",
    "Quiero hacer una paella valenciana, ¿qué ingredientes necesito?",
    "¿Qué pintó Pablo Picasso durante su período azul?",
    "Voy a viajar a Sevilla en abril, ¿qué me recomiendas ver?",
    "¿Qué portátil me recomiendas para editar vídeo, un ASUS ROG o un MacBook Pro?",
    # it
    "Quali sono le opere più famose di Leonardo da Vinci e dove si trovano?",
    "Come si prepara la carbonara senza panna?",
    "Chi ha vinto più scudetti, la Juventus o l'Inter?",
    "Perché Galileo Galilei fu processato dalla Chiesa?",
    "Vado a Napoli per tre giorni, cosa mi consigli di mangiare?",
    "Meglio una Fiat Panda o una Volkswagen Polo come prima auto?",
    # pt
    "Vou viajar para o Porto no próximo mês. Quais são os melhores sítios para visitar?",
    "Quem foi Fernando Pessoa e quais são os seus heterónimos?",
    "Como se faz um bacalhau à Brás?",
    "Quantos golos marcou Eusébio pelo Benfica?",
    "Qual é melhor para estudar, um Xiaomi Redmi Note ou um Samsung Galaxy A54?",
    "O que descobriu Vasco da Gama na sua viagem à Índia?",
    # pl
    "Co odkrył Mikołaj Kopernik i dlaczego jego teoria była tak ważna?",
    "Jakie są najważniejsze utwory Fryderyka Chopina?",
    "Jak zrobić pierogi ruskie? Potrzebuję przepisu na ciasto.",
    "Ile razy Robert Lewandowski został królem strzelców Bundesligi?",
    "Co warto zobaczyć w Krakowie w weekend?",
    "Kim była Maria Skłodowska-Curie?",
    # ru
    "Какие партии Гарри Каспарова против Анатолия Карпова считаются лучшими?",
    "Какие романы написал Фёдор Достоевский?",
    "Как приготовить борщ с говядиной?",
    "Что посмотреть в Санкт-Петербурге за два дня?",
    "Почему Юрий Гагарин стал первым человеком в космосе?",
    "Какой ноутбук лучше для учёбы: Lenovo или ASUS?",
    # nl
    "Welke schilderijen van Rembrandt hangen in het Rijksmuseum?",
    "Hoe maak ik stamppot met boerenkool en rookworst?",
    "Hoeveel keer heeft Ajax de Champions League gewonnen?",
    "Wat moet ik zien in Utrecht als ik één dag heb?",
    "Waarom is Vincent van Gogh zo beroemd geworden?",
    # tr
    "Mustafa Kemal Atatürk hangi reformları yaptı?",
    "Galatasaray kaç kez Süper Lig şampiyonu oldu?",
    "İstanbul'da iki günde neler görülmeli?",
    "Mercimek çorbası nasıl yapılır?",
    "Orhan Pamuk hangi romanlarıyla Nobel ödülü kazandı?",
]

# the same kinds of names where they are someone's data: a task about a person, "my", where one lives
PRIVATE = [
    ("Write to Anna Weber about her novel and ask when the next chapter is due.", "Anna Weber"),
    ("I wrote a novel with Tomasz Grabarczyk, can you review the first chapter?", "Tomasz Grabarczyk"),
    ("My colleague Jan Nowak won the chess tournament; which openings should I study to beat him?", "Jan Nowak"),
    ("¿Puedes enviar a Pablo Ortega Ruiz el informe sobre sus goles de la temporada?", "Pablo Ortega Ruiz"),
    ("Napisz do Katarzyny Wiśniewskiej, że jej obraz jest gotowy do odbioru.", "Katarzyny Wiśniewskiej"),
    ("Напиши Ивану Соколову, что его партии в турнире записаны.", "Ивану Соколову"),
    ("Kannst du Herrn Albrecht Kühne einen Termin für seine Werke-Ausstellung schicken?", "Albrecht Kühne"),
    ("I live in Lyon with my husband, what should we visit this weekend?", "Lyon"),
    ("Plan my move to Ghent next month, what should I visit first?", "Ghent"),
    ("Anna Kowalczyk and I are flying to Porto, what should we see?", "Anna Kowalczyk"),
    ("She works at Lenovo as a product manager, her name is Mei Lin.", "Mei Lin"),
]


def _changed(text: str) -> list[tuple[str, str]]:
    return [(e.type.name, e.text) for e in default_detector().detect(text)]


def test_at_most_one_harmless_prompt_in_twenty_changes() -> None:
    assert len(HARMLESS) >= 60
    changed = {text: found for text in HARMLESS if (found := _changed(text))}
    assert len(changed) * 20 <= len(HARMLESS), changed


@pytest.mark.parametrize(
    "text",
    [
        "Is a Lenovo ThinkPad X1 better than a MacBook Air or a Dell XPS 13?",
        "Explain Einstein's theory of relativity like I'm twelve.",
        "Quels sont les romans les plus connus de Victor Hugo et d'Émile Zola ?",
        "¿Qué pintó Pablo Picasso durante su período azul?",
        "Co odkrył Mikołaj Kopernik i dlaczego jego teoria była tak ważna?",
        "Какие партии Гарри Каспарова против Анатолия Карпова считаются лучшими?",
        "I love chess. Which openings did Garry Kasparov play most against Anatoly Karpov?",
        "Je pars à Lyon ce week-end, que me conseillez-vous de visiter ?",
    ],
)
def test_each_class_stays_clean(text: str) -> None:
    assert _changed(text) == []


@pytest.mark.parametrize(("text", "value"), PRIVATE)
def test_the_same_names_about_someone_are_replaced(text: str, value: str) -> None:
    start = text.index(value)
    found = default_detector().detect(text)
    assert any(e.start < start + len(value) and start < e.end for e in found), [(e.type.name, e.text) for e in found]


def test_a_brand_that_is_someones_employer_is_an_organization() -> None:
    text = "Zoe Young from Flightaware spent a year at Teradata."
    kinds = {e.text: e.type for e in default_detector().detect(text)}
    assert kinds.get("Teradata") is EntityType.ORGANIZATION, kinds


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Which games does Tom Fischer like? I need a birthday gift.", "Tom Fischer"),
        ("¿Qué le regalo a Lucía Beltrán por su cumpleaños?", "Lucía Beltrán"),
        ("How is Priya Raman's career going since she moved teams?", "Priya Raman"),
    ],
)
def test_a_question_about_someone_without_a_public_figures_sign_keeps_them(text: str, value: str) -> None:
    start = text.index(value)
    found = default_detector().detect(text)
    assert any(e.start < start + len(value) and start < e.end for e in found), [(e.type.name, e.text) for e in found]
