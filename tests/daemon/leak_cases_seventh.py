"""The seventh leak set (blind): realistic requests with planted sensitive values, for test_leaks_seventh.py.

Written blind (issue 16) by a helper who had not seen the detector, its lexicons, its tests, the team's notes
or the earlier sets' cases; nothing here was tuned or changed after a run. The building blocks (``LeakCase``,
``user``, ``parts``, tool helpers) are the second set's, imported unchanged, so every set is judged alike;
the texts, people and domains are new.

Each case is one chat request as a user (or an app built on IslandRun) would send it, and the exact
substrings that must never reach a lower-trust island, grouped by the field they were put in (the second
set's fields: content, parts, system, name, multi_turn, tool_desc, tool_param_desc, tool_enum, tool_args,
tool_args_number, escaped_quote, tool_result_escaped, stop; see its docstring).

Domains no earlier set used: inheritance and notaries, bankruptcy, asylum interviews, HIV clinic
follow-up, psychiatric discharge, school counselling, military service records, life insurance, developer
incident reports with credentials, support-chat exports, hotel guest lists, airline manifests, lab-results
portals, home nursing, parish and civil registries, scholarships, road accidents, jobseeker benefits,
student loans, hospital billing disputes, child-protection referrals, tenant screening, powers of
attorney, customs declarations, organ donation, occupational health and blood donation. Identifiers with
check digits (national IDs, tax numbers, IBANs, cards) are valid by checksum (python-stdnum) but invented;
so are the people, addresses, phones, keys and passwords. A few cases carry an image or file part in an
earlier turn: they are "either" (content that cannot be sanitised may be refused instead).
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


def image(url: str) -> dict[str, Any]:
    """An image content part (cannot be sanitised)."""
    return {"type": "image_url", "image_url": {"url": url}}


def attachment(filename: str, data_url: str) -> dict[str, Any]:
    """A file content part (cannot be sanitised; its file name can)."""
    return {"type": "file", "file": {"filename": filename, "file_data": data_url}}


# The cases, laid out by hand (one request per block, as written): not reformatted.
# fmt: off

# ---------------------------------------------------------------- English

case(
    "en-incident-db-url", "en", "developer incident report",
    {
        "messages": [
            system("You are the on-call assistant for Ledgerline's platform team. Escalation contact: "
                   "Priya Raghunathan, +44 7700 912384 (personal mobile, nights only)."),
            user("Postmortem draft for INC-4471. At 02:14 UTC a debug log line shipped the prod DB URL "
                 "postgres://billing_svc:Vn7qLx2pRz84@db-ledger-prod.internal:5432/ledger to Datadog, together "
                 "with AWS key AKIA4QZ7WDYH3KXN5T2R / wJ9r+Xk2VbQ7nLp0sTz/4mHcF8yEaD1uGi6oR3eN. It was "
                 "reported by a customer, Hannah Whitcombe (hannah.w@whitcombe-design.co.uk). I already "
                 "rotated the DB password, see the tool call. Write the timeline and next steps."),
            call("rotate_secret", {"path": "secret/prod/ledger/db", "new_value": 'Qe4"mZ!9tLw2#Hs'}),
            result({"status": "rotated", "approved_by": "Ifẹoluwa Adébáyọ̀", "ticket": "INC-4471"}),
        ],
        "tools": [tool("rotate_secret", "Rotate a credential in Vault. Runbook owner: marcus.oyelaran@ledgerline.io",
                       {"path": "string", "new_value": "string"})],
    },
    system=("Priya Raghunathan", "+44 7700 912384"),
    content=("Vn7qLx2pRz84", "AKIA4QZ7WDYH3KXN5T2R", "wJ9r+Xk2VbQ7nLp0sTz/4mHcF8yEaD1uGi6oR3eN",
             "Hannah Whitcombe", "hannah.w@whitcombe-design.co.uk"),
    escaped_quote=('Qe4"mZ!9tLw2#Hs',),
    tool_result_escaped=("Ifẹoluwa Adébáyọ̀",),
    tool_desc=("marcus.oyelaran@ledgerline.io",),
)

case(
    "en-hiv-clinic-followup", "en", "HIV clinic follow-up",
    {
        "messages": [
            user("hey can you help me write a text to my partner. i'm Jerome Batiste, got my results back from "
                 "the Ryan White clinic on Tulane Ave today. viral load undetectable (<20 copies/mL), CD4 612. "
                 "still on Biktarvy once a day. my clinic number is 504-988-3147 and my patient ID is "
                 "TMC-00738215 in case he wants to call with me. i want to tell Andre before our anniversary "
                 "on saturday, he doesn't know my status yet", name="jbatiste_nola"),
        ],
        "stop": ["Jerome:"],
    },
    content=("Jerome Batiste", "undetectable (<20 copies/mL)", "Biktarvy", "504-988-3147", "TMC-00738215",
             "CD4 612"),
    name=("jbatiste_nola",),
    stop=("Jerome:",),
)

case(
    "en-life-insurance-underwriting", "en", "life insurance",
    {
        "messages": [
            system("Underwriting copilot for Harrowgate Mutual. Applicant file loaded: policy no. LF-2207-558314, "
                   "applicant Siobhán Ní Bhriain, DOB 14/09/1981, NI number QQ 12 34 56 C."),
            user("Summarise the medical disclosures: type 1 diabetes since age 11 (HbA1c 8.4% last March), one "
                 "admission for diabetic ketoacidosis in 2023 at St James's, and she discloses an eating "
                 "disorder (diabulimia) treated at the Lighthouse Clinic. Her GP is Dr Aoife Kavanagh. "
                 "Sum assured £350,000, beneficiary her son Cian Ó Briain."),
        ],
        "tools": [tool("rate_applicant", "Return a loading for the applicant",
                       {"policy": "string", "conditions": {"type": "array", "items": {"type": "string"},
                        "description": "conditions, e.g. 'type 1 diabetes', 'diabulimia'"}})],
    },
    system=("LF-2207-558314", "Siobhán Ní Bhriain", "14/09/1981", "QQ 12 34 56 C"),
    content=("HbA1c 8.4%", "diabetic ketoacidosis", "Dr Aoife Kavanagh", "Cian Ó Briain", "eating disorder"),
    tool_param_desc=("diabulimia",),
)

case(
    "en-support-chat-csv", "en", "support-chat export",
    {
        "messages": [
            user(parts(
                "Cluster these support chats by topic and give me a count per topic. Export from Zendesk:",
                "ticket_id,created,customer,email,phone,message\n"
                "881203,2026-11-30,Dolores Quintanilla,dquintanilla77@gmail.com,(915) 555-0187,\"my card "
                "5173535017068722 exp 09/28 got charged twice\"\n"
                "881207,2026-11-30,Tavita Faleolo,tavita.f@outlook.co.nz,021 448 9023,\"reset pin please, "
                "old one was 4471\"\n"
                "881215,2026-12-01,Gustavo Ribeiro Lima,gus.rlima@uol.com.br,+55 21 99812-4470,\"cancel my "
                "account, CPF 606.394.202-57\"",
            )),
        ],
    },
    parts=("Dolores Quintanilla", "dquintanilla77@gmail.com", "(915) 555-0187", "5173535017068722",
           "Tavita Faleolo", "tavita.f@outlook.co.nz", "021 448 9023", "Gustavo Ribeiro Lima",
           "gus.rlima@uol.com.br", "+55 21 99812-4470", "606.394.202-57"),
)

case(
    "en-student-loan-multi", "en", "student loans",
    {
        "messages": [
            user("my servicer portal is myfedloan.example/acct/okonkwo.chinedu, it keeps timing out"),
            assistant("Sorry to hear that. What do you need from the portal?"),
            user("I'm Chinedu Okonkwo, SSN 181-31-1582, loan account 4410-778-902. I'm on the SAVE plan and "
                 "my income dropped after my layoff from Boeing in October. Draft a hardship forbearance "
                 "request to send from chinedu.okonkwo84@yahoo.com, my address is 2210 Pine St Apt 5B, "
                 "Everett, WA 98201."),
        ],
    },
    multi_turn=("okonkwo.chinedu",),
    content=("Chinedu Okonkwo", "181-31-1582", "4410-778-902", "chinedu.okonkwo84@yahoo.com",
             "2210 Pine St Apt 5B"),
)

# ---------------------------------------------------------------- German

case(
    "de-erbschein-notar", "de", "inheritance and notary",
    {
        "messages": [
            system("Du bist die Kanzleiassistenz von Notar Dr. Wolfram Hechenberger, Maximilianstraße 31, "
                   "80539 München."),
            user("Bitte formuliere den Antrag auf Erteilung eines Erbscheins. Erblasserin: Ingeborg Pfisterer, "
                 "geb. 03.11.1938, verstorben am 19.10.2026 im Klinikum Schwabing, zuletzt wohnhaft "
                 "Ungererstraße 112, 80805 München, Steuer-ID 25489627318. Erben zu je 1/2: ihr Sohn "
                 "Rüdiger Pfisterer und ihre Enkelin Lea-Marie Pfisterer-Okafor. Nachlasskonto bei der "
                 "Stadtsparkasse: DE28 5001 0517 8381 7473 81."),
        ],
        "stop": ["Ingeborg Pfisterer"],
    },
    system=("Dr. Wolfram Hechenberger", "Maximilianstraße 31"),
    content=("03.11.1938", "Ungererstraße 112", "25489627318", "Rüdiger Pfisterer", "Lea-Marie Pfisterer-Okafor",
             "DE28 5001 0517 8381 7473 81"),
    stop=("Ingeborg Pfisterer",),
)

case(
    "de-betriebsarzt-g37", "de", "occupational health check",
    {
        "messages": [
            user("Kannst du mir den Befund vom Betriebsarzt in einfachen Worten erklären? Steht drin: "
                 "„Frau Svetlana Koch, Personalnr. 0047112, G 37 Bildschirmarbeitsplatz: Visus rechts 0,6, "
                 "beginnende Katarakt re., Verdacht auf Sicca-Syndrom. Zusätzlich: rezidivierende depressive "
                 "Störung, gegenwärtig mittelgradig (F33.1), unter Sertralin 100 mg.“ Darf mein Chef, "
                 "Herr Bölükbaşı, das alles sehen? Meine Nummer falls jemand zurückrufen soll: 0176 / 4491 2087"),
        ],
        "tools": [tool("termin_buchen", "Bucht einen Termin beim Betriebsarzt",
                       {"mitarbeiter": {"type": "string", "enum": ["Svetlana Koch", "Torben Lüdecke"]},
                        "datum": "string"})],
    },
    content=("Svetlana Koch", "0047112", "beginnende Katarakt", "Sicca-Syndrom", "rezidivierende depressive Störung",
             "Sertralin 100 mg", "Bölükbaşı", "0176 / 4491 2087"),
    tool_enum=("Torben Lüdecke",),
)

case(
    "de-insolvenz-verbraucher", "de", "bankruptcy",
    {
        "messages": [
            user("Ich muss Privatinsolvenz anmelden und brauche Hilfe beim Gläubigerverzeichnis.", name="k.wendland"),
            call("glaeubiger_anlegen", {"schuldner": "Kerstin Wendland", "glaeubiger": "Creditreform Dresden",
                                        "forderung_eur": 18437, "aktenzeichen": "IN 412/26"}),
            result({"gespeichert": True, "schuldner_adresse": "Görlitzer Straße 7, 01099 Dresden",
                    "geburtsdatum": "22.06.1979"}),
            user("Danke. Die zweite Forderung ist von der Santander Consumer Bank, Kreditvertrag 7720 1184 55, "
                 "noch 9.212,40 €. Meine Schuldnerberaterin bei der Diakonie heißt Frau Hiltrud Ebersbach."),
        ],
        "tools": [tool("glaeubiger_anlegen", "Legt einen Gläubiger im Verzeichnis an",
                       {"schuldner": "string", "glaeubiger": "string", "forderung_eur": "integer",
                        "aktenzeichen": "string"})],
    },
    name=("k.wendland",),
    tool_args=("Kerstin Wendland",),
    tool_args_number=("18437",),
    tool_result_escaped=("Görlitzer Straße 7", "22.06.1979"),
    content=("7720 1184 55", "Hiltrud Ebersbach"),
)

# ---------------------------------------------------------------- French

case(
    "fr-sortie-psychiatrie", "fr", "psychiatric discharge summary",
    {
        "messages": [
            system("Assistant de rédaction du service de psychiatrie adulte, CHU de Rennes. Médecin référent : "
                   "Dr Gwenaëlle Le Goff."),
            user("Rédige le compte rendu de sortie : M. Yannick Tréguier, né le 07/02/1990, NIR "
                 "2 85 07 75 115 709 42, hospitalisé en soins à la demande d'un tiers du 02/11 au 28/11/2026 "
                 "pour épisode maniaque avec caractéristiques psychotiques dans le cadre d'un trouble bipolaire "
                 "de type I. Traitement de sortie : lithium 800 mg/j (lithémie 0,8 mmol/L), olanzapine 10 mg. "
                 "Tiers demandeur : sa sœur, Mme Maëlle Tréguier, 06 71 28 44 90."),
        ],
        "stop": ["M. Tréguier", "Fin du CR"],
    },
    system=("Dr Gwenaëlle Le Goff",),
    content=("Yannick Tréguier", "07/02/1990", "2 85 07 75 115 709 42", "épisode maniaque",
             "trouble bipolaire", "lithium 800 mg/j", "Maëlle Tréguier", "06 71 28 44 90"),
    stop=("M. Tréguier",),
)

case(
    "fr-procuration-notariee", "fr", "power of attorney",
    {
        "messages": [
            user("Peux-tu vérifier cette procuration avant que je l'envoie au notaire ?\n\nJe soussignée "
                 "Odette Vaillancourt-Chabot, demeurant 14 rue des Tanneurs, 67000 Strasbourg, née le "
                 "21 avril 1941, donne pouvoir à mon neveu Baptiste Chabot, demeurant 3 allée des Tilleuls, "
                 "69300 Caluire-et-Cuire, de vendre en mon nom l'appartement situé 8 quai Saint-Nicolas, "
                 "lot n° 27, et de faire virer le prix sur mon compte FR66 3000 6000 1539 6371 5636 916. "
                 "Fait à Strasbourg, la mandante souffre d'une maladie de Parkinson et signe avec difficulté."),
        ],
    },
    content=("Odette Vaillancourt-Chabot", "14 rue des Tanneurs", "21 avril 1941", "Baptiste Chabot",
             "3 allée des Tilleuls", "FR66 3000 6000 1539 6371 5636 916", "maladie de Parkinson"),
)

case(
    "fr-be-constat-amiable", "fr", "road accident statement",
    {
        "messages": [
            user("j'ai eu un accrochage ce matin à Liège, aide-moi à remplir le constat"),
            call("remplir_constat", {"conducteur_a": "Jérémie Delvaux", "permis_a": "B 4417 2290 13",
                                     "plaque_a": "1-KSV-284", "numero_national_a": "85.07.30-743.94",
                                     "assureur_a": "Ethias police 45.118.902"}),
            result({"conducteur_b": "Nadia Benhaddou", "plaque_b": "2-GHT-617", "blessure_b": "entorse cervicale",
                    "telephone_b": "0478 22 91 36"}),
            user("La conductrice B dit qu'elle a mal au cou, elle est partie aux urgences de la Citadelle. "
                 "Résume ce qu'il faut écrire dans la case observations."),
        ],
        "tools": [tool("remplir_constat", "Remplit le constat amiable européen",
                       {"conducteur_a": "string", "permis_a": "string", "plaque_a": "string",
                        "numero_national_a": "string", "assureur_a": "string"})],
    },
    tool_args=("Jérémie Delvaux", "B 4417 2290 13", "1-KSV-284", "85.07.30-743.94", "45.118.902"),
    tool_result_escaped=("Nadia Benhaddou", "2-GHT-617", "entorse cervicale", "0478 22 91 36"),
)

# ---------------------------------------------------------------- Spanish

case(
    "es-asilo-entrevista", "es", "asylum interview notes",
    {
        "messages": [
            system("Eres asistente jurídico de CEAR Madrid. Abogada responsable: Itziar Goikoetxea Larrañaga."),
            user("Pasa a limpio mis notas de la entrevista de protección internacional:\nSolicitante: Yohana "
                 "Marisol Cuéllar Ibarra, nacionalidad venezolana, NIE X5868672S, expediente de asilo "
                 "28-AS-2026-014773. Relata detención en el SEBIN en 2024 y agresión sexual durante la "
                 "custodia; presenta síntomas de trastorno de estrés postraumático. Su hijo, Santiago Cuéllar, "
                 "de 9 años, está escolarizado en el CEIP Pío XII. Vive en C/ de Toledo 84, 2º izq., 28005 "
                 "Madrid. Teléfono: 612 48 91 07."),
        ],
    },
    system=("Itziar Goikoetxea Larrañaga",),
    content=("Yohana Marisol Cuéllar Ibarra", "X5868672S", "28-AS-2026-014773", "agresión sexual",
             "trastorno de estrés postraumático", "Santiago Cuéllar", "C/ de Toledo 84, 2º izq.", "612 48 91 07"),
)

case(
    "es-mx-factura-hospital", "es", "hospital billing dispute",
    {
        "messages": [
            user("Ayúdame a redactar una queja a PROFECO. Me cobraron dos veces la colecistectomía "
                 "laparoscópica en el Hospital Ángeles Pedregal. Paciente: María Guadalupe Gómez Arellano, "
                 "CURP GOMA900315MDFNRL04, folio de cuenta HAP-2611-99812. Me cargaron $87,450 MXN a la "
                 "tarjeta 4459768477846174 y otra vez $87,450 a la misma. Mi correo es "
                 "lupita.gomez.are@hotmail.com y vivo en Av. Insurgentes Sur 1602, Int. 804, Col. Crédito "
                 "Constructor, Benito Juárez, 03940 CDMX."),
        ],
        "stop": ["Lupita Gómez", "Atentamente"],
    },
    content=("colecistectomía laparoscópica", "María Guadalupe Gómez Arellano", "GOMA900315MDFNRL04",
             "HAP-2611-99812", "4459768477846174", "lupita.gomez.are@hotmail.com", "Av. Insurgentes Sur 1602"),
    stop=("Lupita Gómez",),
)

case(
    "es-ar-donacion-organos", "es", "organ donation consent",
    {
        "messages": [
            user("Necesito llenar el acta de voluntad de donación del INCUCAI para mi papá, con esto:"),
            call("acta_incucai", {"donante": "Héctor Aníbal Benedetti", "cuit": "27-44032061-4",
                                  "organos": ["riñones", "córneas", "hígado"],
                                  "grupo_sanguineo": "0 Rh negativo", "testigo": "Florencia Benedetti"}),
            result({"estado": "registrado", "domicilio": "Av. Pellegrini 1324, Rosario, Santa Fe",
                    "diagnostico": "esclerosis lateral amiotrófica"}),
            user("¿Qué pasa si después cambia de opinión? Él tiene ELA y ya casi no puede firmar."),
        ],
        "tools": [tool("acta_incucai", "Registra la voluntad de donación",
                       {"donante": "string", "cuit": "string", "organos": {"type": "array"},
                        "grupo_sanguineo": "string", "testigo": "string"})],
    },
    tool_args=("Héctor Aníbal Benedetti", "27-44032061-4", "0 Rh negativo", "Florencia Benedetti"),
    tool_result_escaped=("Av. Pellegrini 1324", "esclerosis lateral amiotrófica"),
)

# ---------------------------------------------------------------- Italian

case(
    "it-successione-notaio", "it", "inheritance and notary",
    {
        "messages": [
            user("Mi aiuti a preparare la dichiarazione di successione? Defunto: Luca Bernardini, codice fiscale "
                 "BRNLCU64M15L219G, nato a Torino il 15/08/1964, morto il 2 novembre 2026 all'ospedale "
                 "Molinette per carcinoma pancreatico. Eredi: la moglie Giulia Esposito (C.F. "
                 "SPSGLI79D62F839T) e la figlia minorenne Beatrice. Conto cointestato IT64 X054 2811 1019 "
                 "8984 0883 236. Casa in via Nizza 156, 10126 Torino.", name="giulia_esposito79"),
        ],
    },
    content=("Luca Bernardini", "BRNLCU64M15L219G", "15/08/1964", "carcinoma pancreatico", "Giulia Esposito",
             "SPSGLI79D62F839T", "IT64 X054 2811 1019 8984 0883 236", "via Nizza 156"),
    name=("giulia_esposito79",),
)

case(
    "it-assistenza-domiciliare", "it", "home-nursing log",
    {
        "messages": [
            system("Diario infermieristico ADI, ASL Roma 2. Operatrice: Rosaria Pellicanò, cell. 347 218 9034."),
            user("Trasforma queste note in un diario leggibile per il medico di base: visita a domicilio sig. "
                 "Tommaso Iannuzzi, via Tuscolana 901 scala B int. 12. Lesione da pressione sacrale stadio III, "
                 "medicata con idrocolloide. PEG pulita. Glicemia 212 mg/dl. La figlia Antonella lamenta che "
                 "il padre non riconosce più nessuno (demenza vascolare avanzata). Tessera sanitaria "
                 "80380000500012345678."),
        ],
        "tools": [tool("salva_diario", "Salva una voce del diario infermieristico",
                       {"paziente": {"type": "string", "description": "es. 'Tommaso Iannuzzi'"},
                        "nota": "string"})],
    },
    system=("Rosaria Pellicanò", "347 218 9034"),
    content=("Tommaso Iannuzzi", "via Tuscolana 901", "Lesione da pressione sacrale", "demenza vascolare",
             "80380000500012345678"),
    tool_param_desc=("Tommaso Iannuzzi",),
)

# ---------------------------------------------------------------- Portuguese (Brazil)

case(
    "pt-br-seguro-desemprego", "pt-BR", "jobseeker benefits",
    {
        "messages": [
            user("oi, fui demitida sem justa causa e quero dar entrada no seguro-desemprego pelo app da carteira "
                 "digital. meus dados: Thaís Regina Nogueira dos Santos, CPF 572.469.136-10, PIS 120.54983.21-9, "
                 "CTPS 0048213 série 0031-SP. trabalhei na Magazine Luiza de 2019 a 2026. moro na Rua Voluntários "
                 "da Pátria, 2841, apto 63, Santana, São Paulo - SP, 02401-000. celular (11) 97432-1186. "
                 "tô fazendo tratamento pra depressão no CAPS e não sei se isso atrapalha"),
        ],
        "stop": ["Thaís:"],
    },
    content=("Thaís Regina Nogueira dos Santos", "572.469.136-10", "120.54983.21-9", "0048213",
             "Rua Voluntários da Pátria, 2841", "(11) 97432-1186", "tratamento pra depressão"),
    stop=("Thaís:",),
)

case(
    "pt-br-bolsa-estudos", "pt-BR", "scholarship application",
    {
        "messages": [
            user("Revisa minha carta pro ProUni? Quero falar da minha história."),
            assistant("Claro! Cole a carta aqui."),
            user(parts(
                "Meu nome é Kauã Henrique Araújo Bezerra, tenho 18 anos e moro em Parnamirim (RN), na Rua "
                "Pedro Velho 77.",
                "Minha mãe, Francisca Araújo, é diarista e tem anemia falciforme; meu pai está preso desde 2021 "
                "na Penitenciária de Alcaçuz.",
                "Renda per capita: R$ 412,00. NIS 203.81746.55-2. E-mail: kaua.bezerra08@gmail.com.",
            )),
        ],
    },
    parts=("Kauã Henrique Araújo Bezerra", "Rua Pedro Velho 77", "Francisca Araújo", "anemia falciforme",
           "preso desde 2021", "203.81746.55-2", "kaua.bezerra08@gmail.com"),
)

# ---------------------------------------------------------------- Dutch

case(
    "nl-jeugdzorg-melding", "nl", "child-protection referral",
    {
        "messages": [
            system("Je helpt medewerkers van Veilig Thuis Utrecht met het opstellen van meldingen. Gebruiker: "
                   "Femke van der Heijden-Bakker."),
            user("Maak hier een melding van: leerling Noah Verbeek (8 jaar, groep 5, BSN 278611898) kwam "
                 "maandag met blauwe plekken op beide bovenarmen. Hij zegt dat 'papa boos was'. Vader: Ruud "
                 "Verbeek, moeder: Samira El Idrissi. Adres: Kanaalweg 41bis, 3526 KL Utrecht. Tel. moeder "
                 "06-41279385. Er loopt al een traject bij het wijkteam, contactpersoon Jurgen Mulders."),
        ],
        "tools": [tool("melding_opslaan", "Slaat een melding op in het dossier",
                       {"kind": {"type": "string", "enum": ["Noah Verbeek", "Daan Verbeek"]}, "tekst": "string"})],
    },
    system=("Femke van der Heijden-Bakker",),
    content=("Noah Verbeek", "278611898", "Ruud Verbeek", "Samira El Idrissi", "Kanaalweg 41bis",
             "06-41279385", "Jurgen Mulders"),
    tool_enum=("Daan Verbeek",),
)

case(
    "nl-bloeddonatie-keuring", "nl", "blood donation",
    {
        "messages": [
            user("ik ben afgekeurd bij sanquin en snap de brief niet. kun je het uitleggen?", name="pieter_kroes"),
            user("Geachte heer P.J. Kroes, donornummer NLD-0417-28833, geboren 11-05-1987, Zwanenburgwal 212-II, "
                 "1011 JH Amsterdam. Bij de keuring van 24 november is hepatitis B (HBsAg positief) aangetoond. "
                 "U wordt blijvend uitgesloten van donatie. Wij adviseren contact met uw huisarts, mw. dr. "
                 "Ellen Ravesteijn."),
        ],
    },
    name=("pieter_kroes",),
    content=("P.J. Kroes", "NLD-0417-28833", "11-05-1987", "Zwanenburgwal 212-II", "HBsAg positief",
             "Ellen Ravesteijn"),
)

# ---------------------------------------------------------------- Polish

case(
    "pl-akta-wojskowe", "pl", "military service records",
    {
        "messages": [
            user("Pomóż mi napisać wniosek do WKU o kopię książeczki wojskowej. Dane: szer. rez. Bartłomiej "
                 "Zawadzki, PESEL 88031018308, syn Mirosława, seria i nr książeczki AW 4417902, przydział "
                 "mobilizacyjny do 18 Dywizji Zmechanizowanej. W 2012 uznany za niezdolnego (kat. D) z powodu "
                 "padaczki. Adres: ul. Piotrkowska 118 m. 7, 90-006 Łódź, tel. +48 601 238 447."),
        ],
        "stop": ["Zawadzki"],
    },
    content=("Bartłomiej Zawadzki", "88031018308", "AW 4417902", "padaczki", "ul. Piotrkowska 118 m. 7",
             "+48 601 238 447"),
    stop=("Zawadzki",),
)

case(
    "pl-szkolny-psycholog", "pl", "school counselling",
    {
        "messages": [
            system("Asystent pedagoga szkolnego, SP nr 12 w Gdyni. Pedagog: mgr Dorota Wiśniewska-Kruk."),
            user("oliwka z 7b znowu przyszła z pociętymi przedramionami, pisze mi na librusie wieczorami"),
            assistant("To poważne. Czy chcesz przygotować notatkę do dyrekcji i wniosek do poradni?"),
            user("Tak. Uczennica Oliwia Kamińska, ur. 14.02.2013, samookaleczenia od września, myśli samobójcze "
                 "zgłoszone 3 grudnia. Matka Ewelina Kamińska (tel. 509 331 742) nie odbiera. Ojciec w Norwegii."),
        ],
    },
    system=("Dorota Wiśniewska-Kruk",),
    multi_turn=("oliwka",),
    content=("Oliwia Kamińska", "14.02.2013", "samookaleczenia", "myśli samobójcze", "Ewelina Kamińska",
             "509 331 742"),
)

# ---------------------------------------------------------------- Turkish

case(
    "tr-veraset-ilami", "tr", "inheritance and notary",
    {
        "messages": [
            user("Veraset ilamı için sulh hukuk mahkemesine dilekçe yazar mısın? Murisimiz babam Hüseyin "
                 "Karaosmanoğlu, TC kimlik no 30338790496, 12 Eylül 2026'da Acıbadem Altunizade'de akciğer "
                 "kanserinden vefat etti. Mirasçılar: annem Nermin Karaosmanoğlu ve ben, Elif Şahika "
                 "Karaosmanoğlu Demir (TC 99224762146). Adres: Bağdat Cad. No: 214 D: 9, 34728 Kadıköy/İstanbul. "
                 "Telefonum 0532 417 28 90.", name="elif_sahika"),
        ],
    },
    content=("Hüseyin Karaosmanoğlu", "30338790496", "akciğer kanserinden", "Nermin Karaosmanoğlu",
             "Elif Şahika Karaosmanoğlu Demir", "99224762146", "Bağdat Cad. No: 214 D: 9", "0532 417 28 90"),
    name=("elif_sahika",),
)

case(
    "tr-gumruk-beyan", "tr", "customs declaration",
    {
        "messages": [
            user("Havalimanında gümrükte beyan etmem gereken ilaçlar için form doldurmama yardım et."),
            call("gumruk_beyani", {"yolcu": "Oğuzhan Yıldırımkaya", "pasaport": "U28471955",
                                   "ucus": "TK1980 LHR-IST", "nakit_eur": 14500,
                                   "ilac": "Truvada (PrEP) 3 kutu"}),
            result({"durum": "ön beyan alındı", "referans": "GB-IST-2026-118204",
                    "adres": "Moda Cad. Şair Nefi Sok. No 11/4, Kadıköy"}),
            user("Nakiti ve ilacı yazdım, başka ne gerekli? Reçetemi Dr. Ayşegül Tanrıverdi yazdı."),
        ],
        "tools": [tool("gumruk_beyani", "Yolcu gümrük ön beyanı gönderir",
                       {"yolcu": "string", "pasaport": "string", "ucus": "string", "nakit_eur": "integer",
                        "ilac": "string"})],
    },
    tool_args=("Oğuzhan Yıldırımkaya", "U28471955", "Truvada (PrEP)"),
    tool_args_number=("14500",),
    tool_result_escaped=("GB-IST-2026-118204", "Şair Nefi Sok. No 11/4"),
    content=("Ayşegül Tanrıverdi",),
)

# ---------------------------------------------------------------- Russian

case(
    "ru-bankrotstvo-fizlica", "ru", "bankruptcy",
    {
        "messages": [
            system("Ты помощник арбитражного управляющего Виталия Сергеевича Прохоренко (рег. номер в реестре "
                   "СРО 18734)."),
            user("Подготовь заявление о признании гражданина банкротом. Должник: Гусейнова Зарема Магомедовна, "
                 "ИНН 773374272841, СНИЛС 137-482-915 87, дата рождения 04.09.1976, адрес: г. Москва, "
                 "ул. Профсоюзная, д. 93, корп. 2, кв. 148. Задолженность перед Сбербанком 1 284 600 руб. "
                 "по кредитной карте 4030890809044183. Должница инвалид II группы (рассеянный склероз)."),
        ],
        "stop": ["Гусейнова З.М."],
    },
    system=("Виталия Сергеевича Прохоренко",),
    content=("Гусейнова Зарема Магомедовна", "773374272841", "137-482-915 87", "04.09.1976",
             "ул. Профсоюзная, д. 93, корп. 2, кв. 148", "4030890809044183", "рассеянный склероз"),
    stop=("Гусейнова З.М.",),
)

case(
    "ru-voenny-bilet", "ru", "military service records",
    {
        "messages": [
            user("брат пропал связь с ним с октября, в/ч 41598, помоги составить запрос"),
            call("zapros_minoborony", {"fio": "Тимофеев Артём Игоревич", "voenny_bilet": "АС 2284701",
                                       "lichny_nomer": "Х-417329", "rodstvennik": "Тимофеева Ксения Игоревна"}),
            result({"status": "принято", "telefon_zayavitelya": "+7 (912) 604-38-17",
                    "adres": "г. Пермь, ул. Ленина, д. 66, кв. 31"}),
            user("И ещё он до призыва лечился от наркозависимости в краевом наркодиспансере, это важно?"),
        ],
        "tools": [tool("zapros_minoborony", "Отправляет запрос о военнослужащем",
                       {"fio": "string", "voenny_bilet": "string", "lichny_nomer": "string",
                        "rodstvennik": "string"})],
    },
    tool_args=("Тимофеев Артём Игоревич", "АС 2284701", "Х-417329", "Тимофеева Ксения Игоревна"),
    tool_result_escaped=("+7 (912) 604-38-17", "ул. Ленина, д. 66, кв. 31"),
    content=("наркозависимости",),
)

# ---------------------------------------------------------------- Ukrainian

case(
    "uk-vpo-dovidka-shchasa", "uk", "jobseeker benefits",
    {
        "messages": [
            user("Допоможіть заповнити заяву до центру зайнятості на допомогу по безробіттю. Я Оксана Миколаївна "
                 "Дзюба, РНОКПП 8528133223, довідка ВПО № 6312-7004182, переселилася з Маріуполя. Зараз живу: "
                 "вул. Січових Стрільців, 37, кв. 12, м. Київ, 04053. Тел. +380 67 214 90 53. Маю "
                 "посттравматичний стресовий розлад після окупації, лікар — Гнатюк Тарас Петрович.",
                 name="oksana_dziuba"),
        ],
        "tools": [tool("zayava_tsz", "Подає заяву до центру зайнятості",
                       {"pib": {"type": "string", "description": "ПІБ, напр. Дзюба Оксана Миколаївна"},
                        "rnokpp": "string"})],
    },
    content=("Оксана Миколаївна", "8528133223", "6312-7004182", "вул. Січових Стрільців, 37, кв. 12",
             "+380 67 214 90 53", "посттравматичний стресовий розлад", "Гнатюк Тарас Петрович"),
    name=("oksana_dziuba",),
    tool_param_desc=("Дзюба Оксана Миколаївна",),
)

case(
    "uk-poliklinika-analizy", "uk", "lab-results portal",
    {
        "messages": [
            system("Ви — асистент порталу результатів лабораторії «Синево». Пацієнт: Левченко Богдан Олегович, "
                   "номер замовлення SYN-77420915."),
            user("Поясніть мої аналізи: АЛТ 187 Од/л, АСТ 142 Од/л, анти-HCV позитивний, РНК HCV 2,4×10⁶ МО/мл. "
                   "Лікар сказав — хронічний гепатит C. Чи треба казати дружині Ірині?"),
        ],
        "stop": ["Левченко:"],
    },
    system=("Левченко Богдан Олегович", "SYN-77420915"),
    content=("анти-HCV позитивний", "РНК HCV 2,4×10⁶ МО/мл", "хронічний гепатит C"),
    stop=("Левченко:",),
)

# ---------------------------------------------------------------- Arabic

case(
    "ar-sa-wasiyya-tarika", "ar", "inheritance and notary",
    {
        "messages": [
            user("أريد مساعدة في حصر الورثة لدى كتابة العدل. المتوفى: عبد الرحمن بن سعيد الشهري، رقم الهوية "
                 "1083462174، توفي في مستشفى الملك فيصل التخصصي بسبب فشل كلوي. الورثة: زوجته نورة القحطاني "
                 "وأبناؤه فيصل وريم. الحساب البنكي: SA76 8083 6388 8241 4738 0121. العنوان: حي الملقا، شارع "
                 "أنس بن مالك، مبنى 4471، الرياض 13521. جوال فيصل: 0551 238 904"),
        ],
        "stop": ["عبد الرحمن الشهري"],
    },
    content=("عبد الرحمن بن سعيد الشهري", "1083462174", "فشل كلوي", "نورة القحطاني",
             "SA76 8083 6388 8241 4738 0121", "مبنى 4471", "0551 238 904"),
    stop=("عبد الرحمن الشهري",),
)

case(
    "ar-eg-shahadat-milad", "ar", "parish and civil registry",
    {
        "messages": [
            user("عايزة أطلع شهادة ميلاد مميكنة لبنتي من السجل المدني، ساعدني في البيانات"),
            call("talab_sijil_madani", {"ism_al_mawlud": "ملك أحمد عبد الفتاح", "raqm_qawmi": "32104150102938",
                                        "al_umm": "سمر محمود الجندي", "mahal_al_milad": "مستشفى الدمرداش"}),
            result({"al_hala": "مقبول", "al_unwan": "١٤ شارع الترعة البولاقية، شبرا، القاهرة",
                    "hatif": "٠١٠٢٣٤٥٦٧٨٩"}),
            user("هل أحتاج حضور الأب؟ هو مسافر السعودية من سنتين ومفيش تواصل."),
        ],
        "tools": [tool("talab_sijil_madani", "طلب مستخرج رسمي من السجل المدني",
                       {"ism_al_mawlud": "string", "raqm_qawmi": "string", "al_umm": "string",
                        "mahal_al_milad": "string"})],
    },
    tool_args=("ملك أحمد عبد الفتاح", "32104150102938", "سمر محمود الجندي"),
    tool_result_escaped=("١٤ شارع الترعة البولاقية", "٠١٠٢٣٤٥٦٧٨٩"),
)

# ---------------------------------------------------------------- Persian

case(
    "fa-panahandegi-mosahebe", "fa", "asylum interview notes",
    {
        "messages": [
            system("شما دستیار مترجم دفتر کمک حقوقی پناهجویان در آتن هستید. مترجم: مریم سلطانی‌نژاد."),
            user("یادداشت‌های مصاحبه را مرتب کن: متقاضی فرهاد رحیمی‌پور، کد ملی ۰۰۸۴۵۲۹۱۷۲، متولد ۱۳۶۸/۰۴/۲۲، "
                 "به دلیل تغییر دین به مسیحیت در زندان اوین بازداشت شده و شکنجه شده است. همسرش لیلا کریمی در "
                 "تهران، خیابان شریعتی، کوچه یاس، پلاک ۱۲ زندگی می‌کند. تلفن او ۰۹۱۲ ۳۴۷ ۸۸۱۵ است."),
        ],
    },
    system=("مریم سلطانی‌نژاد",),
    content=("فرهاد رحیمی‌پور", "۰۰۸۴۵۲۹۱۷۲", "۱۳۶۸/۰۴/۲۲", "تغییر دین به مسیحیت", "لیلا کریمی",
             "کوچه یاس، پلاک ۱۲", "۰۹۱۲ ۳۴۷ ۸۸۱۵"),
)

case(
    "fa-bime-omr", "fa", "life insurance",
    {
        "messages": [
            user("سلام، برای بیمه عمر و سرمایه‌گذاری فرم پزشکی را پر می‌کنم", name="kian_tehrani"),
            assistant("سلام! بفرمایید، چه سؤالی دارید؟"),
            user(parts(
                "بیمه‌گذار: کیان طهرانی، کد ملی 1276345801، شماره بیمه‌نامه 140-88-237715.",
                "سابقه بیماری: دیابت نوع دو و سکته قلبی خفیف در سال ۱۴۰۱، مصرف متفورمین ۱۰۰۰.",
                "ذی‌نفع: همسرم پریسا افشار، شماره حساب شبا IR820540102680020817909002.",
            )),
        ],
    },
    name=("kian_tehrani",),
    parts=("کیان طهرانی", "1276345801", "140-88-237715", "دیابت نوع دو", "سکته قلبی خفیف", "پریسا افشار",
           "IR820540102680020817909002"),
)

# ---------------------------------------------------------------- Hebrew

case(
    "he-yipui-koach", "he", "power of attorney",
    {
        "messages": [
            user("תנסח לי ייפוי כוח מתמשך. הממנה: רבקה (ריקי) אזולאי, ת.ז. 627101579, ילידת 1946, גרה ברחוב "
                 "הרצל 45 דירה 3, חיפה. מיופה הכוח: בנה, אבישי אזולאי, טלפון 052-4671893. הממנה אובחנה "
                 "לאחרונה במחלת אלצהיימר בשלב מוקדם במרכז הרפואי רמב\"ם, הרופאה המטפלת ד\"ר מיכל בן-עמי. "
                 "חשבון בנק לאומי: IL27 0108 0020 9161 0418 807."),
        ],
        "tools": [tool("rishum_yipui_koach", "רישום באפוטרופוס הכללי",
                       {"ממנה": {"type": "string", "enum": ["רבקה אזולאי", "שמעון אזולאי"]}})],
    },
    content=("רבקה (ריקי) אזולאי", "627101579", "הרצל 45 דירה 3", "אבישי אזולאי", "052-4671893",
             "אלצהיימר", "מיכל בן-עמי", "IL27 0108 0020 9161 0418 807"),
    tool_enum=("שמעון אזולאי",),
)

case(
    "he-tzav-ishpuz-psychiatri", "he", "psychiatric discharge summary",
    {
        "messages": [
            system("אתה עוזר כתיבה במחלקה הפסיכיאטרית של מרכז שלוותה. רופא תורן: ד\"ר עידו רוזנבלום."),
            user("סכם את השחרור: המטופל יונתן שטרן, ת\"ז 685467433, אושפז בצו אשפוז כפוי בעקבות ניסיון "
                 "אובדני (נטילת יתר של קלונקס). אבחנה: הפרעה סכיזואפקטיבית. בשחרור: קלוזפין 300 מ\"ג. "
                 "איש קשר: אמו, דליה שטרן, 054-7730218."),
        ],
        "stop": ["יונתן שטרן:"],
    },
    system=("עידו רוזנבלום",),
    content=("יונתן שטרן", "685467433", "ניסיון אובדני", "הפרעה סכיזואפקטיבית", "קלוזפין 300",
             "דליה שטרן", "054-7730218"),
    stop=("יונתן שטרן:",),
)

# ---------------------------------------------------------------- Hindi

case(
    "hi-shiksha-rin", "hi", "student loans",
    {
        "messages": [
            user("मुझे एजुकेशन लोन की EMI टालने के लिए बैंक को आवेदन लिखना है। मेरा नाम अंकिता शर्मा है, आधार "
                 "4785 3740 5517, पैन BQKPS4821L, लोन खाता संख्या 36210045781 (SBI, मालवीय नगर शाखा)। पता: "
                 "मकान नं. 27, गली नं. 4, शास्त्री नगर, जयपुर 302016। मोबाइल +91 98290 41736। पिताजी को "
                 "पिछले महीने लकवा (स्ट्रोक) हुआ है और घर की आय बंद है।", name="ankita_sharma_jpr"),
        ],
    },
    content=("अंकिता शर्मा", "4785 3740 5517", "BQKPS4821L", "36210045781", "मकान नं. 27, गली नं. 4",
             "+91 98290 41736", "लकवा (स्ट्रोक)"),
    name=("ankita_sharma_jpr",),
)

case(
    "hi-naukri-swasthya-janch", "hi", "occupational health check",
    {
        "messages": [
            user("फैक्ट्री की मेडिकल जाँच रिपोर्ट आई है, समझा दो"),
            call("report_padho", {"karmchari": "राजेश कुमार यादव", "karmchari_sankhya": 40418,
                                  "esic": "3100124587", "thekedar": "सुनील मौर्य"}),
            result({"nidan": "सिलिकोसिस (प्रारंभिक)", "fev1": "FEV1 62%", "patta": "ग्राम भटौली, तहसील "
                    "पिंडरा, वाराणसी"}),
            user("क्या मुझे अब भी पत्थर काटने का काम करना चाहिए? डर लग रहा है।"),
        ],
        "tools": [tool("report_padho", "कर्मचारी की चिकित्सा रिपोर्ट लाता है",
                       {"karmchari": "string", "karmchari_sankhya": "integer", "esic": "string",
                        "thekedar": "string"})],
    },
    tool_args=("राजेश कुमार यादव", "3100124587", "सुनील मौर्य"),
    tool_args_number=("40418",),
    tool_result_escaped=("सिलिकोसिस", "ग्राम भटौली"),
)

# ---------------------------------------------------------------- Urdu

case(
    "ur-hbl-qarz-diwaliya", "ur", "bankruptcy",
    {
        "messages": [
            system("آپ لاہور کی ایک لاء فرم کے معاون ہیں۔ وکیل: بیرسٹر سعدیہ ملک۔"),
            user("میرے کاروبار کا دیوالیہ ہو گیا ہے، بینک کو خط لکھنا ہے۔ نام: محمد عمران بٹ، شناختی کارڈ "
                 "35202-5107757-6، اکاؤنٹ PK21 SCBL 4654 2036 6694 7121۔ پتہ: مکان نمبر 12، گلی نمبر 5، "
                 "ماڈل ٹاؤن، لاہور۔ فون 0300-4172896۔ مجھے دل کا دورہ پڑا تھا اس لیے دکان بند کرنی پڑی۔"),
        ],
        "stop": ["عمران بٹ"],
    },
    system=("سعدیہ ملک",),
    content=("محمد عمران بٹ", "35202-5107757-6", "PK21 SCBL 4654 2036 6694 7121", "مکان نمبر 12، گلی نمبر 5",
             "0300-4172896", "دل کا دورہ"),
    stop=("عمران بٹ",),
)

# ---------------------------------------------------------------- Bengali

case(
    "bn-bhumi-uttoradhikar", "bn", "inheritance and notary",
    {
        "messages": [
            user("বাবার জমির নামজারির জন্য আবেদন লিখে দিন। মৃত ব্যক্তি: মোঃ আবুল কাশেম মিয়া, জাতীয় পরিচয়পত্র নং "
                 "১৯৬৮২৬৯৪৮১২৩৪৫৬৭৮, মৃত্যু ২২ অক্টোবর ২০২৬, যক্ষ্মায়। ওয়ারিশ: রোকেয়া বেগম (স্ত্রী), "
                 "তানভীর কাশেম (পুত্র)। ঠিকানা: বাড়ি ১২, রোড ৫, ধানমন্ডি, ঢাকা ১২০৫। মোবাইল: ০১৭১২-৩৪৫৬৭৮।",
                 name="tanvir_kashem"),
        ],
    },
    content=("আবুল কাশেম মিয়া", "১৯৬৮২৬৯৪৮১২৩৪৫৬৭৮", "যক্ষ্মায়", "রোকেয়া বেগম", "তানভীর কাশেম",
             "বাড়ি ১২, রোড ৫, ধানমন্ডি", "০১৭১২-৩৪৫৬৭৮"),
    name=("tanvir_kashem",),
)

case(
    "bn-hiv-clinic", "bn", "HIV clinic follow-up",
    {
        "messages": [
            system("আপনি আশার আলো সোসাইটির স্বাস্থ্যকর্মীদের সহকারী। কাউন্সেলর: শারমিন আক্তার।"),
            user("রোগী: সুমাইয়া ইসলাম, ART নম্বর DMC-ART-04417, এইচআইভি পজিটিভ, টেনোফোভির-লামিভুডিন-ডলুটেগ্রাভির "
                 "চলছে। গত মাসে ভাইরাল লোড ১২০০ কপি। স্বামী জানেন না। ফোন ০১৯১১ ২০৪৭৮৩। ফলো-আপের জন্য "
                 "একটা এসএমএস লিখুন যাতে কেউ বুঝতে না পারে।"),
        ],
        "tools": [tool("sms_pathao", "রোগীকে এসএমএস পাঠায়",
                       {"phone": {"type": "string", "description": "যেমন ০১৯১১ ২০৪৭৮৩"}, "text": "string"})],
    },
    system=("শারমিন আক্তার",),
    content=("সুমাইয়া ইসলাম", "DMC-ART-04417", "এইচআইভি পজিটিভ", "টেনোফোভির-লামিভুডিন-ডলুটেগ্রাভির"),
    tool_param_desc=("০১৯১১ ২০৪৭৮৩",),
)

# ---------------------------------------------------------------- Tamil

case(
    "ta-saalai-vibathu", "ta", "road accident statement",
    {
        "messages": [
            user("காவல் நிலையத்தில் கொடுக்க விபத்து வாக்குமூலம் எழுத உதவுங்கள். நான் முருகேசன் செல்வராஜ், ஆதார் "
                 "2102 4677 1716, வாகன எண் TN 38 BK 4471. நேற்று இரவு அவிநாசி சாலையில் என் பைக்கை லாரி "
                 "மோதியது. எனக்கு இடது தொடை எலும்பு முறிவு, கங்கா மருத்துவமனையில் அறுவை சிகிச்சை. முகவரி: "
                 "14/2, காமராஜர் தெரு, பீளமேடு, கோயம்புத்தூர் 641004. கைபேசி 94431 27865."),
        ],
        "stop": ["முருகேசன்:"],
    },
    content=("முருகேசன் செல்வராஜ்", "2102 4677 1716", "TN 38 BK 4471", "தொடை எலும்பு முறிவு",
             "14/2, காமராஜர் தெரு", "94431 27865"),
    stop=("முருகேசன்:",),
)

# ---------------------------------------------------------------- Chinese

case(
    "zh-hangban-lvke-mingdan", "zh", "airline passenger manifest",
    {
        "messages": [
            user(parts(
                "帮我把这份旅客名单整理成表格，按座位排序：",
                "航班 MU5137 上海虹桥-北京首都 12月9日\n"
                "1. 欧阳慧琳 身份证110105198304166114 座位14C 手机13816274409\n"
                "2. 司马振宇 身份证110105198304161006 座位14D 特殊服务：轮椅，癫痫病史\n"
                "3. 黎嘉欣 护照E71942853 座位22A 常旅客号 MU 6218841907",
            )),
        ],
    },
    parts=("欧阳慧琳", "110105198304166114", "13816274409", "司马振宇", "110105198304161006", "癫痫病史",
           "黎嘉欣", "E71942853", "6218841907"),
)

case(
    "zh-yiyuan-zhangdan-jiufen", "zh", "hospital billing dispute",
    {
        "messages": [
            system("你是某律所的医疗纠纷咨询助手，承办律师：诸葛婉清，电话021-62478830。"),
            user("我父亲龚建国在瑞金医院做了冠状动脉搭桥手术，出院结算单多收了38600元的进口支架费，可他根本没放支架。"
                 "住院号ZY2026114587，医保卡号S11041782，家住上海市徐汇区漕溪北路398弄12号603室。我是他儿子龚晓峰，"
                 "手机13917735062。帮我写投诉信。"),
        ],
        "stop": ["龚建国"],
    },
    system=("诸葛婉清", "021-62478830"),
    content=("冠状动脉搭桥手术", "ZY2026114587", "S11041782", "漕溪北路398弄12号603室", "龚晓峰", "13917735062"),
    stop=("龚建国",),
)

case(
    "zh-tw-jiuye-baoxian", "zh", "jobseeker benefits",
    {
        "messages": [
            user("勞保局的失業給付要怎麼申請？", name="hsu_meiling"),
            call("shiye_jifu_shenqing", {"xingming": "許美玲", "shenfenzheng": "A224163954",
                                         "yuanxinzi": 41250, "zhanghu": "700-0001234567-8"}),
            result({"zhuangtai": "受理", "dizhi": "臺北市大安區和平東路二段96巷7號3樓", "jiuzhen": "乳癌化療中"}),
            user("我還在做化療，這樣會影響嗎？"),
        ],
        "tools": [tool("shiye_jifu_shenqing", "提交失業給付申請",
                       {"xingming": "string", "shenfenzheng": "string", "yuanxinzi": "integer",
                        "zhanghu": "string"})],
    },
    name=("hsu_meiling",),
    tool_args=("許美玲", "A224163954", "700-0001234567-8"),
    tool_args_number=("41250",),
    tool_result_escaped=("和平東路二段96巷7號3樓", "乳癌化療中"),
)

# ---------------------------------------------------------------- Japanese

case(
    "ja-hotel-shukuhaku-meibo", "ja", "hotel guest list",
    {
        "messages": [
            system("あなたは京都・祇園の旅館「花見小路 松乃」のフロント補助です。"
                   "支配人：二階堂 紗月（内線 204、携帯 080-4471-2093）。"),
            user("明日チェックインのお客様リストを英語に訳して。\n"
                 "・東雲 蓮司 様（2名）〒150-0041 東京都渋谷区神南1丁目19-11 パークウェースクエア2 4階、090-3318-7724、"
                 "食物アレルギー：そば（アナフィラキシー歴あり）\n"
                 "・Ms. Ingrid Solheim, passport 35782104, nut allergy, card ending 2330"),
        ],
    },
    system=("二階堂 紗月", "080-4471-2093"),
    content=("東雲 蓮司", "神南1丁目19-11", "090-3318-7724", "アナフィラキシー歴あり", "Ingrid Solheim", "35782104"),
)

case(
    "ja-ishoku-donor", "ja", "organ donation consent",
    {
        "messages": [
            user("こないだ話した件、あきやまのおばあちゃんのことなんだけど"),
            assistant("はい、どのようなご相談でしょうか。"),
            user("祖母の秋山 千鶴子（マイナンバー 0900 5474 9952）が脳死と判定されました。"
                 "本人は臓器提供意思表示カードに署名していました。"
                 "家族承諾書を書く必要があって、代表者は私、秋山 悠真です。連絡先 070-2841-6390、"
                 "住所は 〒460-0008 名古屋市中区栄3-15-33 栄ガスビル 1203号。"),
        ],
    },
    multi_turn=("あきやま",),
    content=("秋山 千鶴子", "0900 5474 9952", "脳死と判定", "秋山 悠真", "070-2841-6390", "栄3-15-33"),
)

# ---------------------------------------------------------------- Korean

case(
    "ko-sanjae-geonganggeomjin", "ko", "occupational health check",
    {
        "messages": [
            user("회사 특수건강검진 결과 해석 좀 해줘. 성명 윤서진, 주민등록번호 850612-2796593, 사번 HK-20417. "
                 "소음성 난청(D1 판정), 벤젠 노출로 백혈구 감소증 의심, 재검 필요. 담당 의사 탁현우. 집 주소는 "
                 "서울특별시 마포구 월드컵북로 396, 101동 1502호, 연락처 010-8832-4176."),
        ],
        "tools": [tool("jaegeom_yeyak", "재검진 예약",
                       {"geunroja": {"type": "string", "enum": ["윤서진", "차민혁"]}, "nalja": "string"})],
        "stop": ["윤서진:"],
    },
    content=("윤서진", "850612-2796593", "HK-20417", "소음성 난청", "백혈구 감소증", "탁현우",
             "월드컵북로 396, 101동 1502호", "010-8832-4176"),
    tool_enum=("차민혁",),
    stop=("윤서진:",),
)

case(
    "ko-adong-hakdae-singo", "ko", "child-protection referral",
    {
        "messages": [
            system("당신은 ○○초등학교 보건교사 남궁예린을 돕는 아동학대 신고서 작성 도우미입니다."),
            user("3학년 2반 표지훈 학생(2017년 5월 3일생)이 등에 화상 흉터가 있고 밥을 못 먹고 와요. 보호자는 "
                 "계부 선우태식(010-5527-8190). 주소 인천광역시 부평구 부평대로 88, 302호. 112 신고서 초안을 써줘."),
        ],
    },
    system=("남궁예린",),
    content=("표지훈", "2017년 5월 3일생", "화상 흉터", "선우태식", "010-5527-8190", "부평대로 88, 302호"),
)

# ---------------------------------------------------------------- Vietnamese

case(
    "vi-khai-sinh-giao-xu", "vi", "parish and civil registry",
    {
        "messages": [
            user([{"type": "text", "text": "Đây là ảnh giấy rửa tội của con tôi, tên trên đó là Phêrô Trịnh Gia Bảo."},
                  image("https://photos.example.net/u/88213/rua-toi-trinh-gia-bao.jpg")]),
            assistant("Tôi đã nhận được ảnh. Bạn cần làm thủ tục gì?"),
            user("Tôi cần trích lục khai sinh ở UBND phường để nộp cho giáo xứ Tân Định. Cháu Trịnh Gia Bảo, sinh "
                 "ngày 17/06/2019, mẹ là Lê Thị Hồng Nhung, CCCD 079186004215, địa chỉ số 18 ngõ 52 phố Tô Vĩnh "
                 "Diện, Khương Trung, Thanh Xuân, Hà Nội. Điện thoại 0912 845 306."),
        ],
    },
    expect="either",
    parts=("Phêrô Trịnh Gia Bảo", "rua-toi-trinh-gia-bao"),
    content=("17/06/2019", "Lê Thị Hồng Nhung", "079186004215", "số 18 ngõ 52 phố Tô Vĩnh Diện", "0912 845 306"),
)

case(
    "vi-kham-suc-khoe-lao-dong", "vi", "occupational health check",
    {
        "messages": [
            system("Bạn là trợ lý phòng nhân sự Công ty TNHH May Phú An. Người dùng: chị Đoàn Thị Kim Thoa, "
                   "phòng Hành chính."),
            user("Tóm tắt kết quả khám sức khỏe định kỳ để báo cáo: công nhân Huỳnh Văn Lộc, mã NV PA-11873, "
                 "mã số thuế 6923384490, viêm gan B mạn tính, lao phổi cũ đã điều trị, đề nghị chuyển bộ phận. "
                 "Vợ là Phan Thị Mỹ Duyên, SĐT 0987 412 663."),
        ],
        "stop": ["Huỳnh Văn Lộc"],
    },
    system=("Đoàn Thị Kim Thoa",),
    content=("PA-11873", "6923384490", "viêm gan B mạn tính", "lao phổi cũ", "Phan Thị Mỹ Duyên", "0987 412 663"),
    stop=("Huỳnh Văn Lộc",),
)

# ---------------------------------------------------------------- Thai

case(
    "th-pakan-chiwit", "th", "life insurance",
    {
        "messages": [
            user("ช่วยเขียนจดหมายเคลมประกันชีวิตให้หน่อยค่ะ ผู้เอาประกัน นายสมศักดิ์ วงศ์สุวรรณ "
                 "เลขบัตรประชาชน 1-7553-92948-73-3 กรมธรรม์เลขที่ TLI-0088412775 เสียชีวิตด้วยโรคมะเร็งตับ "
                 "ที่โรงพยาบาลศิริราช ผู้รับประโยชน์ นางสาวพิมพ์ชนก วงศ์สุวรรณ โทร 081-627-4493 "
                 "ที่อยู่ 99/123 หมู่ 4 ซอยรามคำแหง 24 แขวงหัวหมาก เขตบางกะปิ กรุงเทพฯ 10240",
                 name="pimchanok_w"),
        ],
    },
    content=("สมศักดิ์ วงศ์สุวรรณ", "1-7553-92948-73-3", "TLI-0088412775", "มะเร็งตับ", "พิมพ์ชนก วงศ์สุวรรณ",
             "081-627-4493", "99/123 หมู่ 4 ซอยรามคำแหง 24"),
    name=("pimchanok_w",),
)

case(
    "th-pueng-rak-yaa-jit", "th", "psychiatric discharge summary",
    {
        "messages": [
            user("สรุปใบจำหน่ายผู้ป่วยให้ญาติอ่านเข้าใจง่าย"),
            call("jamnai_phu_puay", {"phu_puay": "นายธนากร ศรีประเสริฐ", "hn": "HN 64-018827",
                                     "bat_prachachon": "1449387880626", "phu_dulae": "นางบุญเรือน ศรีประเสริฐ"}),
            result({"rok": "โรคจิตเภท และติดเมทแอมเฟตามีน", "ya": "ริสเพอริโดน 4 มก.",
                    "nat": "นัดพบ นพ.กฤษดา อินทรวงศ์ 15 ม.ค."}),
            user("แม่เขาอ่านหนังสือไม่ค่อยออก เขียนให้สั้นๆ นะ"),
        ],
        "tools": [tool("jamnai_phu_puay", "ดึงใบสรุปการจำหน่ายผู้ป่วย",
                       {"phu_puay": "string", "hn": "string", "bat_prachachon": "string", "phu_dulae": "string"})],
    },
    tool_args=("ธนากร ศรีประเสริฐ", "HN 64-018827", "1449387880626", "บุญเรือน ศรีประเสริฐ"),
    tool_result_escaped=("โรคจิตเภท", "ติดเมทแอมเฟตามีน", "ริสเพอริโดน", "กฤษดา อินทรวงศ์"),
)

# ---------------------------------------------------------------- Indonesian

case(
    "id-sewa-skrining-penyewa", "id", "tenant screening report",
    {
        "messages": [
            system("Kamu asisten agen properti KostKu. Agen: Bu Ratna Siregar, WA 0811-6027-4418."),
            user("Buat ringkasan skrining calon penyewa: Yosua Manuputty, NIK 3171521008900004, kerja di Tokopedia, "
                 "gaji Rp 18.500.000/bln, rekening BCA 5271049382. Riwayat: pernah menunggak sewa di Apartemen "
                 "Kalibata City Tower Flamboyan lt. 11 no. 07, dan catatan SLIK OJK kol-5. Istri: Debora Latuheru."),
        ],
        "tools": [tool("simpan_skrining", "Simpan hasil skrining penyewa",
                       {"hasil": {"type": "string", "enum": ["lolos", "ditolak"]},
                        "nik": {"type": "string", "description": "NIK calon, mis. 3171521008900004"}})],
    },
    system=("Ratna Siregar", "0811-6027-4418"),
    content=("Yosua Manuputty", "3171521008900004", "5271049382", "Tower Flamboyan lt. 11 no. 07", "kol-5",
             "Debora Latuheru"),
    tool_param_desc=("3171521008900004",),
)

case(
    "id-bpjs-hemodialisa-tagihan", "id", "hospital billing dispute",
    {
        "messages": [
            user("rs nya nagih biaya padahal pakai bpjs, tolong bikinin surat keberatan", name="wayan_sudarsana"),
            user(parts(
                "Pasien: I Wayan Sudarsana, No. BPJS 0001273845519, RM 08-44-17.",
                "Tindakan: operasi katarak mata kiri (fakoemulsifikasi) di RS Sanglah, tagihan Rp 7.450.000.",
                "Alamat: Jl. Tukad Badung No. 88, Renon, Denpasar. HP 0857-3891-2046.",
            )),
        ],
    },
    name=("wayan_sudarsana",),
    parts=("I Wayan Sudarsana", "0001273845519", "RM 08-44-17", "operasi katarak", "Jl. Tukad Badung No. 88",
           "0857-3891-2046"),
)

# ---------------------------------------------------------------- Malay

case(
    "ms-ptptn-pinjaman", "ms", "student loans",
    {
        "messages": [
            user("Tolong tulis surat rayuan penstrukturan semula bayaran balik PTPTN. Nama saya Nurul Aisyah binti "
                 "Kamarudin, No. MyKad 900215-14-9543, No. akaun pinjaman 10000483827. Alamat: No. 23, Jalan SS "
                 "2/24, 47300 Petaling Jaya, Selangor. Tel 012-763 4581. Saya baru disahkan menghidap lupus (SLE) "
                 "dan tak dapat bekerja sepenuh masa."),
        ],
        "tools": [tool("hantar_rayuan", "Hantar rayuan kepada PTPTN",
                       {"peminjam": {"type": "string", "description": "cth. Nurul Aisyah binti Kamarudin"},
                        "jumlah_bulanan": "integer"})],
    },
    content=("900215-14-9543", "10000483827", "No. 23, Jalan SS 2/24", "012-763 4581", "lupus (SLE)"),
    tool_param_desc=("Nurul Aisyah binti Kamarudin",),
)

# ---------------------------------------------------------------- Filipino

case(
    "tl-ofw-kontrata-barangay", "tl", "jobseeker benefits",
    {
        "messages": [
            user("pa-check naman yung application ko sa DOLE TUPAD, baka may mali"),
            call("tupad_application", {"pangalan": "Marites Dumalagan Espiritu", "sss": "34-1234567-8",
                                       "philhealth": "12-345678901-2", "edad": 41, "tirahan": "Blk 7 Lot 12, "
                                       "Phase 2, Brgy. San Isidro, Cainta, Rizal"}),
            result({"status": "pending", "cellphone": "0917 482 6631", "remarks": "may tuberculosis, DOTS ongoing"}),
            user("Kailangan ko pa ba ng medical certificate? Nasa DOTS pa ako hanggang Marso."),
        ],
        "tools": [tool("tupad_application", "Submit a TUPAD emergency employment application",
                       {"pangalan": "string", "sss": "string", "philhealth": "string", "edad": "integer",
                        "tirahan": "string"})],
        "stop": ["Marites:"],
    },
    tool_args=("Marites Dumalagan Espiritu", "34-1234567-8", "12-345678901-2", "Blk 7 Lot 12"),
    tool_result_escaped=("0917 482 6631", "may tuberculosis"),
    stop=("Marites:",),
)

# ---------------------------------------------------------------- Swahili

case(
    "sw-mkopo-wanafunzi-helb", "sw", "student loans",
    {
        "messages": [
            system("Wewe ni msaidizi wa ofisi ya msaada wa wanafunzi, Chuo Kikuu cha Nairobi. Afisa: Bi. Wanjiru "
                   "Kamau-Mwangi."),
            user("Niandikie barua ya kuomba kuahirisha malipo ya mkopo wa HELB. Mimi ni Baraka Otieno Odhiambo, "
                 "kitambulisho namba 28456731, KRA PIN A012345678Z, namba ya mkopo HELB/UG/2019/0447123. Simu "
                 "0712 345 678 (M-Pesa). Ninaishi Nyumba Na. 14, Barabara ya Ngong, Nairobi. Nimegundulika na "
                 "kifafa na siwezi kuendesha gari tena kazini."),
        ],
        "stop": ["Baraka:"],
    },
    system=("Wanjiru Kamau-Mwangi",),
    content=("Baraka Otieno Odhiambo", "28456731", "A012345678Z", "HELB/UG/2019/0447123", "0712 345 678",
             "Nyumba Na. 14, Barabara ya Ngong", "kifafa"),
    stop=("Baraka:",),
)

case(
    "sw-tz-ustawi-mtoto", "sw", "child-protection referral",
    {
        "messages": [
            user([{"type": "text", "text": "Hii ni ripoti ya daktari ya mtoto, nimeambatisha."},
                  attachment("ripoti_Neema_Mrema_Amana.pdf",
                             "data:application/pdf;base64,JVBERi0xLjQKJcfsj6IKNSAwIG9iago=")]),
            assistant("Nimepokea faili. Nikusaidie vipi?"),
            user("Niandikie rufaa kwa afisa ustawi wa jamii wa Ilala: mtoto Neema Mrema, miaka 11, alipimwa katika "
                 "Hospitali ya Amana na kukutwa na mimba ya wiki 14; anadai mjomba wake, Juma Salim Kisanga, "
                 "alimnyanyasa. Mama yake, Rehema Mrema, simu 0754 219 830, anaishi Mtaa wa Kisutu, nyumba "
                 "namba 37, Dar es Salaam."),
        ],
    },
    expect="either",
    parts=("Neema_Mrema",),
    content=("Neema Mrema", "mimba ya wiki 14", "Juma Salim Kisanga", "Rehema Mrema", "0754 219 830",
             "nyumba namba 37"),
)

# ---------------------------------------------------------------- Amharic

case(
    "am-yegumruk-meglecha", "am", "customs declaration",
    {
        "messages": [
            user("በቦሌ አየር ማረፊያ የጉምሩክ መግለጫ እንድሞላ እርዳኝ። ስሜ ሰላማዊት ተስፋዬ ገብሬ ነው፣ ፓስፖርት ቁጥር EP4412970፣ "
                 "ስልክ +251 91 127 4483። አድራሻ፡ ቦሌ ክፍለ ከተማ ወረዳ 03 የቤት ቁጥር 1245። ለእናቴ የኢንሱሊን መርፌዎች "
                 "(የስኳር በሽታ) እና 4,200 ዶላር ይዣለሁ።", name="selamawit_t"),
        ],
    },
    content=("ሰላማዊት ተስፋዬ ገብሬ", "EP4412970", "+251 91 127 4483", "የቤት ቁጥር 1245", "የስኳር በሽታ"),
    name=("selamawit_t",),
)

# ---------------------------------------------------------------- Swedish

case(
    "sv-bouppteckning", "sv", "inheritance and notary",
    {
        "messages": [
            user("hjälp mig med bouppteckningen efter mamma"),
            call("skapa_bouppteckning", {"avliden": "Gunilla Margareta Sjöberg", "personnummer": "850312-1991",
                                         "dodsorsak_intyg": "ALS", "dodsbodelagare": ["Fredrik Sjöberg",
                                                                                     "Ebba Sjöberg Lindqvist"]}),
            result({"adress": "Storgatan 12, 114 51 Stockholm", "bank": "SE16 6000 3699 3563 2729 5181",
                    "forrattare": "Jenny Åkesson"}),
            user("Vem av oss ska stå som kontaktperson mot Skatteverket? Jag, Fredrik, nås på 070-218 44 93."),
        ],
        "tools": [tool("skapa_bouppteckning", "Skapar ett utkast till bouppteckning",
                       {"avliden": "string", "personnummer": "string", "dodsorsak_intyg": "string",
                        "dodsbodelagare": {"type": "array"}})],
    },
    tool_args=("Gunilla Margareta Sjöberg", "850312-1991", "Ebba Sjöberg Lindqvist"),
    tool_result_escaped=("Storgatan 12", "SE16 6000 3699 3563 2729 5181", "Jenny Åkesson"),
    content=("070-218 44 93",),
)

# ---------------------------------------------------------------- Romanian

case(
    "ro-evaluare-chirias", "ro", "tenant screening report",
    {
        "messages": [
            system("Ești asistentul agenției imobiliare Casa Nordului. Agent: Cosmin Vlădescu, tel. 0722 418 905."),
            user("Fă-mi un rezumat al verificării chiriașului: Andreea-Ioana Murgulescu, CNP 2900101052921, "
                 "angajată la Emag, salariu net 6.800 lei, cont RO34 RNCB 8830 4180 4509 3947. Biroul de Credit "
                 "arată o restanță la Provident. Declară că este însărcinată în luna a 5-a și are un câine. Adresa "
                 "actuală: Str. Mihai Eminescu nr. 14, bl. A3, sc. 2, ap. 17, sector 2, București."),
        ],
        "stop": ["Murgulescu:"],
    },
    system=("Cosmin Vlădescu", "0722 418 905"),
    content=("Andreea-Ioana Murgulescu", "2900101052921", "RO34 RNCB 8830 4180 4509 3947", "însărcinată în luna a 5-a",
             "bl. A3, sc. 2, ap. 17"),
    stop=("Murgulescu:",),
)

# ---------------------------------------------------------------- Greek

case(
    "el-asfalisi-zois-apozimiosi", "el", "life insurance",
    {
        "messages": [
            user("Θέλω να στείλω αίτηση αποζημίωσης στην ασφαλιστική για τον θάνατο του συζύγου μου.",
                 name="katerina_papadaki"),
            user("Ασφαλισμένος: Δημήτριος Παπαδάκης, ΑΜΚΑ 15038563621, αρ. συμβολαίου ΖΩ-7714-20983. Αιτία θανάτου: "
                 "ανεύρυσμα αορτής. Δικαιούχος: Αικατερίνη Παπαδάκη, IBAN GR09 0110 1256 2482 3136 1456 726, "
                 "κινητό 694 812 3307, Οδός Ερμού 45, 105 63 Αθήνα."),
        ],
    },
    name=("katerina_papadaki",),
    content=("Δημήτριος Παπαδάκης", "15038563621", "ΖΩ-7714-20983", "ανεύρυσμα αορτής", "Αικατερίνη Παπαδάκη",
             "GR09 0110 1256 2482 3136 1456 726", "694 812 3307", "Οδός Ερμού 45"),
)

# ---------------------------------------------------------------- more tool fields (several languages)

case(
    "en-manifest-api-sync", "en", "airline passenger manifest",
    {
        "messages": [
            user("The APIS upload to CBP failed for EI105 DUB-JFK. Re-send the passenger below and tell me what "
                 "the error means. She needs wheelchair assistance and travels with oxygen (COPD)."),
            call("apis_resend", {"pnr": "K7Q2XD", "passenger": "Abimbola Fashola-Reid", "dob": "1979-03-28",
                                 "passport": "PA8841972", "ff_number": 41882093771,
                                 "redress_number": 2290417}),
            result({"error": "DOB mismatch", "on_file": "Abimbola FASHOLA-REID, 28 MAR 1979, 14 Grange Park Rd, "
                    "Raheny, Dublin 5, D05 X9K2"}, every=True),
        ],
        "tools": [tool("apis_resend", "Re-send one passenger's APIS data. Escalations go to the manifest owner "
                       "Gráinne Mac Cárthaigh (grainne.maccarthaigh@shamrock-ops.ie, +353 87 204 6618).",
                       {"pnr": "string", "passenger": "string", "dob": "string", "passport": "string",
                        "ff_number": "integer", "redress_number": "integer"})],
    },
    content=("wheelchair assistance", "COPD"),
    tool_args=("K7Q2XD", "Abimbola Fashola-Reid", "1979-03-28", "PA8841972"),
    tool_args_number=("41882093771", "2290417"),
    tool_result_escaped=("14 Grange Park Rd", "D05 X9K2"),
    tool_desc=("Gráinne Mac Cárthaigh", "grainne.maccarthaigh@shamrock-ops.ie", "+353 87 204 6618"),
)

case(
    "de-support-export-json", "de", "support-chat export",
    {
        "messages": [
            user("mein login im kundenportal ist j.ostrowski-hartmann, komme seit gestern nicht mehr rein"),
            assistant("Ich schaue nach. Ich habe ein temporäres Passwort gesetzt."),
            call("passwort_zuruecksetzen", {"login": "j.ostrowski-hartmann", "temp_passwort": 'Kl9"vB#2qq!Tz',
                                            "kundennummer": 70418833}),
            result({"kunde": "Jana Ostrowski-Hartmann", "email": "jana.o-h@posteo.de",
                    "telefon": "+49 351 88 47 120", "iban": "DE28 5001 0517 8381 7473 81"}, every=True),
            user("Ich bin Jana Ostrowski-Hartmann. Bitte fasse den Chatverlauf für die Übergabe an den "
                 "Second-Level-Support zusammen, ohne mir das Passwort noch mal zu schicken."),
        ],
        "tools": [tool("passwort_zuruecksetzen", "Setzt das Passwort eines Kundenkontos zurück",
                       {"login": "string", "temp_passwort": "string", "kundennummer": "integer"})],
    },
    multi_turn=("j.ostrowski-hartmann",),
    escaped_quote=('Kl9"vB#2qq!Tz',),
    tool_args_number=("70418833",),
    tool_result_escaped=("jana.o-h@posteo.de", "+49 351 88 47 120"),
    content=("Jana Ostrowski-Hartmann",),
)

case(
    "ja-incident-slack-token", "ja", "developer incident report",
    {
        "messages": [
            system("社内インシデント報告アシスタント。"
                   "報告先：情報セキュリティ室 久我山 航平（kugayama.kohei@hoshizora-pay.co.jp）"),
            user("障害報告書を書いて。昨夜23時ごろ、決済APIの設定ファイルが公開リポジトリにpushされた。"
                 "含まれていたのは "
                 "Slack Bot トークン xoxb-5821734409-7730158842017-Qm3vT8sLx2KpZr9NwYd4Hc6F と "
                 "Stripe キー sk_live_51Nq8ZkLw3rT7yV2mXcB9pQe4。pushしたのは業務委託の 小田切 舞 さん。"),
            call("rotate_db_password", {"cluster": "pay-prod-tokyo", "new_password": 'mX7"eR2#uQ9w$Lp',
                                        "operator_employee_no": 208417}),
            result({"status": "ok", "rotated_at": "2026-12-07T00:41:09+09:00"}),
        ],
        "tools": [tool("rotate_db_password", "本番DBのパスワードを更新する（承認者：鳳 真理子 080-5527-1934）",
                       {"cluster": "string", "new_password": "string", "operator_employee_no": "integer"})],
    },
    system=("久我山 航平", "kugayama.kohei@hoshizora-pay.co.jp"),
    content=("xoxb-5821734409-7730158842017-Qm3vT8sLx2KpZr9NwYd4Hc6F", "sk_live_51Nq8ZkLw3rT7yV2mXcB9pQe4",
             "小田切 舞"),
    escaped_quote=('mX7"eR2#uQ9w$Lp',),
    tool_args_number=("208417",),
    tool_desc=("鳳 真理子", "080-5527-1934"),
)

case(
    "ru-gostinitsa-registratsiya", "ru", "hotel guest list",
    {
        "messages": [
            user("бронь делала на почту lena.vorontsova.spb@mail.ru, подтвердите регистрацию"),
            assistant("Нашла бронь. Для миграционного учёта нужны паспортные данные."),
            user("Гостья: VORONTSOVA ELENA, паспорт РФ 4519 837260, выдан ГУ МВД по г. Санкт-Петербургу, "
                 "дата рождения 30.12.1992. Прописка: Лиговский пр., д. 50, кв. 214. Телефон +7 921 448-30-76. "
                 "Просьба: номер подальше от лифта, у неё эпилепсия и мигрени."),
            call("registratsiya_gostya", {"familiya": "Воронцова", "imya": "Елена", "pasport": 4519837260,
                                          "nomer_komnaty": 417}),
            result({"status": "зарегистрирована", "nomer": 417}),
        ],
        "tools": [tool("registratsiya_gostya", "Регистрирует гостя (администратор: Зульфия Хабибуллина)",
                       {"familiya": "string", "imya": "string", "pasport": "integer", "nomer_komnaty": "integer"})],
    },
    multi_turn=("lena.vorontsova.spb@mail.ru",),
    content=("VORONTSOVA ELENA", "4519 837260", "30.12.1992", "Лиговский пр., д. 50, кв. 214", "+7 921 448-30-76",
             "эпилепсия"),
    tool_args=("Воронцова",),
    tool_args_number=("4519837260",),
    tool_desc=("Зульфия Хабибуллина",),
)

case(
    "fr-ca-don-sang-multi", "fr", "blood donation",
    {
        "messages": [
            user("salut, c'est pour mon dossier héma-québec, mon courriel c'est mtremblay.lavoie@videotron.ca"),
            assistant("Bonjour! Que puis-je faire pour vous?"),
            user("Je m'appelle Mathis Tremblay-Lavoie, NAM TREM 8807 1514, né le 15 juillet 1988, 2245 rue "
                 "Beaubien Est, Montréal (Québec) H2G 1M8, 514 772-0483. On m'a refusé parce que j'ai eu un "
                 "lymphome de Hodgkin en 2019. Écris une lettre pour demander une réévaluation."),
        ],
        "stop": ["Mathis:"],
    },
    multi_turn=("mtremblay.lavoie",),
    content=("Mathis Tremblay-Lavoie", "TREM 8807 1514", "15 juillet 1988", "2245 rue Beaubien Est", "514 772-0483",
             "lymphome de Hodgkin"),
    stop=("Mathis:",),
)
# fmt: on
