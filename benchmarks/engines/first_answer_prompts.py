"""The 30 simple prompts of the first-answer benchmark, with what an acceptable answer must do.

Written for issue 19 by hand (no public benchmark): greetings, facts, short instructions, and
requests with a system prompt. ``accept`` is the rule the answers were judged by (by a person,
reading each answer: see ``first_answer_verdicts.json``); it is a description, not a regex.
"""

from __future__ import annotations

from typing import TypedDict


class Prompt(TypedDict):
    id: str
    kind: str
    system: str | None
    user: str
    accept: str
    history: list[tuple[str, str]]  # earlier (user, assistant) turns


def _p(
    id_: str, kind: str, user: str, accept: str, system: str | None = None, history: list[tuple[str, str]] | None = None
) -> Prompt:
    return {"id": id_, "kind": kind, "system": system, "user": user, "accept": accept, "history": history or []}


PROMPTS: list[Prompt] = [
    # greetings and small talk
    _p("g1", "greeting", "Hello!", "a greeting back, nothing strange"),
    _p("g2", "greeting", "Hi, how are you today?", "a friendly reply about itself or offering help"),
    _p("g3", "greeting", "Good morning! Can you help me?", "says yes / asks what with"),
    _p("g4", "greeting", "Hello! What is the capital of France?", "Paris"),
    _p("g5", "greeting", "Thanks for your help!", "you're welcome or similar"),
    # facts
    _p("f1", "fact", "What is the capital of Japan?", "Tokyo"),
    _p("f2", "fact", "How many days are there in a week?", "seven"),
    _p("f3", "fact", "What colour is the sky on a clear day?", "blue"),
    _p("f4", "fact", "Who wrote Romeo and Juliet?", "Shakespeare"),
    _p("f5", "fact", "What is the largest planet in our solar system?", "Jupiter"),
    _p("f6", "fact", "What is 12 times 7?", "84"),
    _p("f7", "fact", "At what temperature does water boil at sea level, in Celsius?", "100"),
    _p("f8", "fact", "What language is spoken in Brazil?", "Portuguese"),
    _p("f9", "fact", "How many legs does a spider have?", "eight"),
    _p("f10", "fact", "What gas do plants take in from the air?", "carbon dioxide"),
    # short instructions
    _p("i1", "instruction", "Write one sentence about cats.", "one on-topic sentence about cats"),
    _p("i2", "instruction", "List three fruits.", "three fruits"),
    _p("i3", "instruction", "Translate 'thank you' into French.", "merci"),
    _p("i4", "instruction", "Give me a synonym for 'happy'.", "a real synonym (glad, joyful, cheerful…)"),
    _p("i5", "instruction", "Say 'yes' or 'no': is the sun a star?", "yes"),
    _p("i6", "instruction", "Write a short title for a story about a lost dog.", "a plausible title"),
    _p("i7", "instruction", "Count from one to five.", "1 2 3 4 5 in order"),
    _p("i8", "instruction", "Name a colour of the rainbow.", "one of the rainbow's colours"),
    _p("i9", "instruction", "Give me a tip for sleeping better.", "a sensible tip"),
    _p("i10", "instruction", "What is the opposite of 'hot'?", "cold"),
    # with a system prompt
    _p(
        "s1",
        "system",
        "What is your name?",
        "says it is Pip (or an assistant called Pip)",
        system="You are Pip, a friendly assistant. Answer briefly.",
    ),
    _p(
        "s2",
        "system",
        "What is the capital of Italy?",
        "Rome, in capitals or at least in English",
        system="Answer in English, in one short sentence.",
    ),
    _p(
        "s3",
        "system",
        "Tell me about the weather.",
        "stays a weather assistant; no echo of the system prompt",
        system="You are a helpful assistant for a weather app. Keep answers short.",
    ),
    _p(
        "s4",
        "system",
        "Can you recommend a book?",
        "names a book (title), no echo of the system prompt",
        system="You are a librarian. Recommend one book when asked.",
    ),
    _p("s5", "system", "How do I say hello in Spanish?", "hola", system="You are a language tutor. Be concise."),
]

# A second set, written after the first set's results were seen and before either model was run
# on it: a tie-break between the two embedded models, with two-turn conversations (where a chat
# template matters). Same judging rules.
HOLDOUT: list[Prompt] = [
    _p("h1", "greeting", "Hey there!", "a greeting back"),
    _p("h2", "greeting", "Good evening.", "a polite greeting back"),
    _p("h3", "fact", "What is the capital of Germany?", "Berlin"),
    _p("h4", "fact", "How many continents are there?", "seven"),
    _p("h5", "fact", "What animal says 'moo'?", "a cow"),
    _p("h6", "fact", "What is 5 plus 3?", "8"),
    _p("h7", "fact", "Which ocean is the largest?", "the Pacific"),
    _p("h8", "fact", "What do bees make?", "honey"),
    _p("h9", "instruction", "Name two primary colours.", "two of red, blue, yellow"),
    _p("h10", "instruction", "Write a one-line greeting for a birthday card.", "a birthday greeting"),
    _p("h11", "instruction", "Spell the word 'cat' backwards.", "tac"),
    _p("h12", "instruction", "Give me a word that rhymes with 'moon'.", "a rhyme (soon, spoon, June…)"),
    _p(
        "h13",
        "system",
        "What can you do?",
        "describes itself as a cooking helper",
        system="You are a cooking assistant. Answer in one sentence.",
    ),
    _p("h14", "system", "Is it safe to drink seawater?", "no", system="Answer only with yes or no, then one sentence."),
    _p("h15", "system", "What is 2 plus 2?", "4, briefly", system="You are a maths tutor for children."),
    _p(
        "h16",
        "multi-turn",
        "And what is its capital?",
        "Paris",
        history=[("Which country is the Eiffel Tower in?", "The Eiffel Tower is in France.")],
    ),
    _p(
        "h17",
        "multi-turn",
        "What is my name?",
        "Anna",
        history=[("Hi, my name is Anna.", "Nice to meet you, Anna! How can I help?")],
    ),
    _p(
        "h18",
        "multi-turn",
        "Thanks! And one more?",
        "another fruit, different from apple",
        history=[("Name a fruit.", "Apple.")],
    ),
    _p(
        "h19",
        "multi-turn",
        "Can you say it in French?",
        "bonjour",
        history=[("How do you say hello in Spanish?", "Hola.")],
    ),
    _p(
        "h20",
        "multi-turn",
        "Why?",
        "a sensible reason the sky is blue (scattering of sunlight)",
        history=[("What colour is the sky?", "The sky is blue on a clear day.")],
    ),
]
