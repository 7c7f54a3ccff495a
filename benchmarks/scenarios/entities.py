"""Real-looking entity values for the prompt generator: names, places, contact details, health
terms and identifiers with valid checksums (Luhn, IBAN mod-97), so detection meets what it would
meet in practice. Every value is synthetic; a seeded :class:`random.Random` draws them."""

from __future__ import annotations

import random
import string

__all__ = [
    "CITIES",
    "CONDITIONS",
    "FIRST_NAMES",
    "LAST_NAMES",
    "MEDICATIONS",
    "Faker",
]

FIRST_NAMES = (
    "Maria", "James", "Aisha", "Wei", "Sofia", "Daniel", "Priya", "Mohammed", "Elena", "Thomas",
    "Fatima", "Lucas", "Hannah", "Kenji", "Olivia", "Carlos", "Ngozi", "Ethan", "Leila", "Marcus",
    "Isabel", "Dmitri", "Grace", "Rahul", "Chloe", "Samuel", "Yuki", "Gabriel", "Amara", "Peter",
    "Lina", "Robert", "Mei", "Oliver", "Zainab", "Henry", "Ingrid", "Diego", "Sarah", "Tobias",
    "Nadia", "William", "Ananya", "Jonas", "Beatriz", "Michael", "Emily", "Hiroshi", "Claire", "Omar",
)  # fmt: skip
LAST_NAMES = (
    "Gonzalez", "Carter", "Okafor", "Zhang", "Rossi", "Fischer", "Patel", "Haddad", "Novak", "Murphy",
    "Nguyen", "Silva", "Schmidt", "Tanaka", "Johnson", "Kowalski", "Adeyemi", "Brennan", "Moreau", "Lindqvist",
    "Hernandez", "Ivanova", "Walsh", "Sharma", "Dubois", "Mensah", "Yamamoto", "Costa", "Abara", "Becker",
    "Reyes", "O'Brien", "Chen", "Andersen", "Farouk", "Wright", "Kim", "Alvarez", "Thompson", "Müller",
)  # fmt: skip
CITIES = (
    ("Boston", "MA", "02118"), ("Springfield", "IL", "62704"), ("Austin", "TX", "78701"),
    ("Portland", "OR", "97205"), ("Denver", "CO", "80203"), ("Madison", "WI", "53703"),
    ("Columbus", "OH", "43215"), ("Raleigh", "NC", "27601"), ("Sacramento", "CA", "95814"),
    ("Pittsburgh", "PA", "15213"), ("Minneapolis", "MN", "55401"), ("Nashville", "TN", "37203"),
)  # fmt: skip
STREETS = (
    "Elm Street", "Maple Avenue", "Oak Lane", "Harbor Road", "Washington Boulevard", "Cedar Court",
    "Lincoln Avenue", "Willow Drive", "Park Place", "Sunset Terrace", "Mill Road", "Chestnut Street",
)  # fmt: skip
HOSPITALS = (
    "St. Mary's Hospital", "Mercy General", "Riverside Medical Center", "Northgate Clinic",
    "Lakeview Family Practice", "Massachusetts General Hospital", "Cedar Valley Health",
)  # fmt: skip
ORGANIZATIONS = (
    "Acme Logistics", "Blue Harbor Insurance", "Northwind Traders", "Globex Corporation",
    "Riverside School District", "Summit Credit Union", "Initech", "Contoso Ltd",
)  # fmt: skip
CONDITIONS = (
    "type 2 diabetes mellitus", "hypertension", "atrial fibrillation", "major depressive disorder",
    "chronic kidney disease stage 3", "asthma", "COPD", "congestive heart failure", "hypothyroidism",
    "rheumatoid arthritis", "generalized anxiety disorder", "migraine", "HIV", "hepatitis C",
    "breast cancer", "epilepsy", "Crohn's disease", "bipolar disorder", "osteoporosis", "sleep apnea",
    "community-acquired pneumonia", "deep vein thrombosis", "gout", "multiple sclerosis",
)  # fmt: skip
MEDICATIONS = (
    "metformin 500 mg twice daily", "lisinopril 10 mg daily", "apixaban 5 mg twice daily",
    "sertraline 50 mg daily", "levothyroxine 75 mcg daily", "albuterol inhaler as needed",
    "atorvastatin 40 mg at night", "furosemide 40 mg daily", "methotrexate 15 mg weekly",
    "insulin glargine 20 units at bedtime", "lamotrigine 100 mg twice daily", "prednisone 20 mg daily",
    "amlodipine 5 mg daily", "warfarin 5 mg daily", "omeprazole 20 mg daily", "quetiapine 100 mg at night",
)  # fmt: skip
ICD10 = ("E11.9", "I10", "I48.91", "F32.1", "N18.3", "J45.909", "J44.1", "I50.9", "E03.9", "M06.9", "G43.909")
EMAIL_DOMAINS = ("gmail.com", "outlook.com", "yahoo.com", "icloud.com", "proton.me", "fastmail.com")
AREA_CODES = ("617", "312", "512", "503", "720", "608", "614", "919", "916", "412", "612", "615")


class Faker:
    """Draws entity values from a seeded generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def pick(self, seq: tuple[str, ...]) -> str:
        return self.rng.choice(seq)

    def first(self) -> str:
        return self.pick(FIRST_NAMES)

    def last(self) -> str:
        return self.pick(LAST_NAMES)

    def person(self) -> str:
        return f"{self.first()} {self.last()}"

    def city(self) -> str:
        return self.rng.choice(CITIES)[0]

    def address(self) -> str:
        city, state, zip_code = self.rng.choice(CITIES)
        return f"{self.rng.randint(3, 2999)} {self.pick(STREETS)}, {city}, {state} {zip_code}"

    def phone(self) -> str:
        area = self.pick(AREA_CODES)
        exchange = self.rng.randint(201, 989)
        line = self.rng.randint(0, 9999)
        style = self.rng.randrange(3)
        if style == 0:
            return f"({area}) {exchange}-{line:04d}"
        if style == 1:
            return f"{area}-{exchange}-{line:04d}"
        return f"+1 {area} {exchange} {line:04d}"

    def email(self, name: str | None = None) -> str:
        first, last = (name or self.person()).split(" ", 1)
        local = self.rng.choice((f"{first}.{last}", f"{first[0]}{last}", f"{first}{self.rng.randint(1, 99)}"))
        # Mailbox names are ASCII in practice: Müller → mueller, O'Brien → obrien.
        local = local.lower().replace(" ", "").replace("'", "").replace("ü", "ue")
        return f"{local}@{self.pick(EMAIL_DOMAINS)}"

    def date(self) -> str:
        year, month, day = self.rng.randint(2024, 2026), self.rng.randint(1, 12), self.rng.randint(1, 28)
        style = self.rng.randrange(3)
        months = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                  "October", "November", "December")  # fmt: skip
        if style == 0:
            return f"{year}-{month:02d}-{day:02d}"
        if style == 1:
            return f"{month:02d}/{day:02d}/{year}"
        return f"{months[month - 1]} {day}, {year}"

    def birth_date(self) -> str:
        return f"{self.rng.randint(1, 12):02d}/{self.rng.randint(1, 28):02d}/{self.rng.randint(1938, 2004)}"

    def mrn(self) -> str:
        return f"{self.rng.randint(1_000_000, 9_999_999)}"

    def ssn(self) -> str:
        area = self.rng.choice([a for a in range(1, 900) if a != 666])
        return f"{area:03d}-{self.rng.randint(1, 99):02d}-{self.rng.randint(1, 9999):04d}"

    def card(self) -> str:
        digits = [4] + [self.rng.randint(0, 9) for _ in range(14)]
        total = 0
        for i, d in enumerate(reversed(digits)):  # Luhn check digit over the 15 digits
            d2 = d * 2 if i % 2 == 0 else d
            total += d2 - 9 if d2 > 9 else d2
        digits.append((10 - total % 10) % 10)
        s = "".join(map(str, digits))
        return " ".join(s[i : i + 4] for i in range(0, 16, 4))

    def iban(self) -> str:
        bban = f"{self.rng.randint(10_000_000, 99_999_999)}{self.rng.randint(0, 9_999_999_999):010d}"
        numeric = bban + "1314" + "00"  # "DE" → 13 14, check digits 00 for the computation
        check = 98 - int(numeric) % 97
        raw = f"DE{check:02d}{bban}"
        return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))

    def api_key(self) -> str:
        alphabet = string.ascii_letters + string.digits
        kind = self.rng.randrange(3)
        if kind == 0:
            return "sk-proj-" + "".join(self.rng.choice(alphabet) for _ in range(40))
        if kind == 1:
            return "AKIA" + "".join(self.rng.choice(string.ascii_uppercase + string.digits) for _ in range(16))
        return "ghp_" + "".join(self.rng.choice(alphabet) for _ in range(36))

    def password(self) -> str:
        alphabet = string.ascii_letters + string.digits + "!#$%&*"
        return "".join(self.rng.choice(alphabet) for _ in range(14))
