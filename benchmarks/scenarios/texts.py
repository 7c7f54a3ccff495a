"""Realistic prompts with known ground truth: clinical notes, chat, support tickets, code, finance.

Each template plants entities of known kinds; the *true* sensitivity of a text is what DESIGN's
level table gives those planted kinds (health, IDs, payment data, secrets → restricted; contact
details or a person with identifying details → confidential; a name, place or organization alone →
internal; nothing → public). Detection (MIST) never sees the label: the simulator runs the real
:func:`islandrun.core.privacy.assess.assess` on the text and compares.

Templates are written as people write prompts, not to suit the detector: abbreviations ("pt",
"hx"), lower-case drug names, names not in any lexicon, IDs in several formats.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from islandrun.core.sensitivity import SensitivityLevel

from .entities import CONDITIONS, HOSPITALS, ICD10, MEDICATIONS, ORGANIZATIONS, Faker

__all__ = ["DOMAINS", "Prompt", "generate_prompts", "template_count"]

Template = Callable[[Faker], str]
RES, CON, INT, PUB = (
    SensitivityLevel.RESTRICTED,
    SensitivityLevel.CONFIDENTIAL,
    SensitivityLevel.INTERNAL,
    SensitivityLevel.PUBLIC,
)


@dataclass(frozen=True, slots=True)
class Prompt:
    text: str
    true_level: SensitivityLevel
    domain: str  # clinical | chat | support | code | finance
    template: str  # "<domain>/<level>/<index>": which template made it


def _cond(f: Faker) -> str:
    return f.pick(CONDITIONS)


def _med(f: Faker) -> str:
    return f.pick(MEDICATIONS)


# --- clinical -----------------------------------------------------------------------------
CLINICAL: dict[SensitivityLevel, list[Template]] = {
    RES: [
        lambda f: (
            f"Summarize this note for the handoff: {f.person()} (DOB {f.birth_date()}, MRN {f.mrn()}) seen on "
            f"{f.date()} for {_cond(f)}. Continue {_med(f)}; recheck labs in 3 months."
        ),
        lambda f: (
            f"pt {f.first()} {f.last()}, {f.rng.randint(24, 91)}yo, hx of {_cond(f)} and {_cond(f)}, "
            f"presents w/ SOB and ankle edema. currently on {_med(f)}. draft the assessment and plan"
        ),
        lambda f: (
            f"Write a discharge summary for {f.person()}, admitted to {f.pick(HOSPITALS)} on {f.date()} with "
            f"{_cond(f)}, treated with IV antibiotics, discharged on {_med(f)}."
        ),
        lambda f: (
            f"Rewrite in plain language for the patient: Dx {f.pick(ICD10)}, start {_med(f)}, "
            f"follow up with Dr. {f.last()} in two weeks."
        ),
        lambda f: (
            f"Prior authorization letter: member {f.person()}, member ID {f.mrn()}{f.rng.randint(10, 99)}, "
            f"SSN {f.ssn()}, requesting coverage of {_med(f)} for {_cond(f)}."
        ),
        lambda f: (
            f"Lab results for {f.person()}: HbA1c {f.rng.randint(60, 110) / 10:.1f}%, eGFR {f.rng.randint(25, 95)}, "
            f"LDL {f.rng.randint(70, 190)} mg/dL. Known {_cond(f)}. What should I flag for the physician?"
        ),
        lambda f: (
            f"Referral to psychiatry for {f.first()} {f.last()} — {_cond(f)}, poor response to {_med(f)}, "
            f"passive suicidal ideation last week, lives alone at {f.address()}."
        ),
        lambda f: f"Mrs. {f.last()} in bed {f.rng.randint(1, 24)} refused her chemo again today, how do I chart that?",
        lambda f: f"bp 162/98 on recheck, pt {f.last()} says she stopped the water pill. next steps?",
    ],
    CON: [
        lambda f: f"Draft a reminder text to {f.person()} at {f.phone()} about the appointment on {f.date()} at 9:30.",
        lambda f: f"Send an email to {f.email()} confirming that {f.person()}'s follow-up visit moved to {f.date()}.",
        lambda f: (
            f"The family of {f.person()} asked for a callback on {f.phone()} before the meeting with "
            f"Dr. {f.last()} on Thursday."
        ),
        lambda f: f"Update the contact details: {f.person()}, {f.address()}, phone {f.phone()}.",
        lambda f: (
            f"{f.person()} from {f.pick(ORGANIZATIONS)} will pick up the records on {f.date()}; "
            f"write a short cover note."
        ),
    ],
    INT: [
        lambda f: f"Write a welcome message for our new nurse {f.person()} joining the ward next month.",
        lambda f: f"Summarize what {f.pick(HOSPITALS)} changed in its visitor policy this year.",
        lambda f: f"Draft an agenda for the staff meeting chaired by Dr. {f.person()}.",
    ],
    PUB: [
        lambda _f: "Explain how the flu vaccine works, for a patient leaflet at a sixth-grade reading level.",
        lambda _f: "What are the current guidelines for hand hygiene between patient contacts?",
        lambda _f: "What is the difference between a generic and a brand-name drug? One paragraph for a FAQ.",
        lambda _f: "Create a checklist for restocking a crash cart at the start of a shift.",
        lambda _f: "Translate 'please fast for 8 hours before your blood draw' into Spanish and French.",
    ],
}

# --- chat (personal) ----------------------------------------------------------------------
CHAT: dict[SensitivityLevel, list[Template]] = {
    RES: [
        lambda f: f"My doctor says I have {_cond(f)} and put me on {_med(f)}. What should I ask at my next visit?",
        lambda f: f"Help me write to my insurer: my SSN is {f.ssn()} and they rejected my claim from {f.date()}.",
        lambda f: (
            f"I've been feeling low for weeks, my therapist thinks it's {_cond(f)}. How do I tell my "
            f"manager {f.first()} I need time off?"
        ),
        lambda _f: "My HIV test came back positive yesterday and I don't know who to tell first. Help me think.",
    ],
    CON: [
        lambda f: f"Write a polite note to my landlord {f.person()} at {f.address()} about the broken heater.",
        lambda f: f"Plan a birthday dinner for {f.person()} on {f.date()} in {f.city()}, around $40 a head.",
        lambda f: f"Reply to {f.email()} and say I can meet {f.first()} on {f.date()} after 5 pm.",
        lambda f: f"Text {f.first()} at {f.phone()} that I'm running 15 minutes late.",
        lambda f: f"My new address is {f.address()}, write a short note to update my friends.",
    ],
    INT: [
        lambda f: f"Give me gift ideas for my sister {f.first()}, she likes hiking and board games.",
        lambda f: f"What's a nice weekend itinerary for {f.city()} in autumn?",
        lambda f: f"Summarize the news about {f.pick(ORGANIZATIONS)} for me.",
    ],
    PUB: [
        lambda _f: "Can you recommend a good recipe for a vegetarian lasagna?",
        lambda _f: "Explain the difference between a Roth IRA and a traditional IRA.",
        lambda _f: "What are some good stretches after a long run?",
        lambda _f: "Write a haiku about the first snow of winter.",
        lambda _f: "How do I get red wine out of a cotton shirt?",
        lambda _f: "Suggest five science fiction novels for someone who loved Dune.",
    ],
}

# --- support tickets ----------------------------------------------------------------------
SUPPORT: dict[SensitivityLevel, list[Template]] = {
    RES: [
        lambda f: (
            f"Ticket #{f.rng.randint(10000, 99999)}: customer {f.person()} disputes a charge on card {f.card()}. "
            f"Draft a reply."
        ),
        lambda f: (
            f"Refund request from {f.person()}: please send the money to IBAN {f.iban()}. Write the confirmation."
        ),
    ],
    CON: [
        lambda f: (
            f"Customer {f.person()}, {f.address()}, says order #A{f.rng.randint(1000, 9999)} arrived damaged. "
            f"Write an apology and offer a replacement."
        ),
        lambda f: (
            f"{f.person()} ({f.email()}) can't log in since the update on {f.date()}. Suggest troubleshooting steps."
        ),
        lambda f: f"Call back {f.person()} on {f.phone()} about the delayed delivery; write talking points.",
    ],
    INT: [
        lambda f: f"Summarize this week's tickets from {f.pick(ORGANIZATIONS)} about slow exports.",
        lambda f: f"Write a thank-you note to our support agent {f.person()} for closing 200 tickets.",
    ],
    PUB: [
        lambda _f: "Write a canned reply explaining how to reset a password from the login page.",
        lambda _f: "Classify this ticket as billing, bug or feature request: 'the export button does nothing'.",
        lambda _f: "Draft an FAQ entry about our 30-day return policy.",
    ],
}

# --- code ---------------------------------------------------------------------------------
CODE: dict[SensitivityLevel, list[Template]] = {
    RES: [
        lambda f: (
            f'Why does this fail with 401?\n\nimport requests\nAPI_KEY = "{f.api_key()}"\n'
            f"r = requests.get(url, headers={{'Authorization': f'Bearer {{API_KEY}}'}})"
        ),
        lambda f: (
            f"Fix my docker-compose: environment:\n  POSTGRES_USER: admin\n  POSTGRES_PASSWORD: {f.password()}\n"
            f"the db container keeps restarting"
        ),
    ],
    CON: [
        lambda f: (
            f"Write a SQL query that finds the orders of the customer with email '{f.email()}' placed after {f.date()}."
        ),
    ],
    INT: [
        lambda f: f"Review this pull request description written by {f.person()}: 'refactor cache eviction'.",
    ],
    PUB: [
        lambda _f: "Fix this Python function: def add(a, b): return a - b",
        lambda _f: "Write a bash one-liner that counts lines in all .py files under src/.",
        lambda _f: "Explain the difference between a process and a thread with a short Go example.",
        lambda _f: "Why does my React useEffect run twice in development mode?",
        lambda _f: "Convert this list comprehension to a generator expression: [x * x for x in range(10)]",
    ],
}

# --- finance (personal) -------------------------------------------------------------------
FINANCE: dict[SensitivityLevel, list[Template]] = {
    RES: [
        lambda f: f"Check if this IBAN is formatted right before I pay rent: {f.iban()}",
        lambda f: f"I was charged twice on my card {f.card()} on {f.date()}. Write a dispute letter.",
    ],
    CON: [
        lambda f: (
            f"Split the ${f.rng.randint(60, 400)} utilities bill with {f.person()} and draft a message to {f.email()}."
        ),
    ],
    INT: [
        lambda f: f"Is {f.pick(ORGANIZATIONS)} a reasonable employer for a data analyst?",
    ],
    PUB: [
        lambda _f: "How does compound interest work? Show an example with $1,000 at 5 % for 10 years.",
        lambda _f: "Make a simple monthly budget template with categories.",
    ],
}

DOMAINS: Mapping[str, Mapping[SensitivityLevel, list[Template]]] = {
    "clinical": CLINICAL,
    "chat": CHAT,
    "support": SUPPORT,
    "code": CODE,
    "finance": FINANCE,
}


def template_count() -> int:
    return sum(len(ts) for by_level in DOMAINS.values() for ts in by_level.values())


def generate_prompts(
    rng: random.Random,
    n: int,
    level_mix: Mapping[SensitivityLevel, float],
    domain_mix: Mapping[str, float],
) -> list[Prompt]:
    """``n`` prompts whose true levels follow ``level_mix`` exactly (largest remainders) and whose
    domains are drawn from ``domain_mix`` among the domains that have a template at that level."""
    faker = Faker(rng)
    counts = _apportion(n, level_mix)
    levels = [level for level, count in counts.items() for _ in range(count)]
    rng.shuffle(levels)
    prompts: list[Prompt] = []
    for level in levels:
        domains = [d for d in domain_mix if DOMAINS[d].get(level)]
        weights = [domain_mix[d] for d in domains]
        domain = rng.choices(domains, weights)[0]
        index = rng.randrange(len(DOMAINS[domain][level]))
        text = DOMAINS[domain][level][index](faker)
        prompts.append(Prompt(text, level, domain, f"{domain}/{level.value}/{index}"))
    return prompts


def _apportion(n: int, mix: Mapping[SensitivityLevel, float]) -> dict[SensitivityLevel, int]:
    total = sum(mix.values())
    exact = {level: n * share / total for level, share in mix.items()}
    counts = {level: int(value) for level, value in exact.items()}
    rest = n - sum(counts.values())
    for level in sorted(exact, key=lambda lv: exact[lv] - counts[lv], reverse=True)[:rest]:
        counts[level] += 1
    return counts
