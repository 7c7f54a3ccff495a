"""The third held-out leak set: realistic requests with planted sensitive values, for test_leaks_third.py.

Written blind (issue 16): without looking at the detector, its lexicons, its tests, its notes or the
earlier sets' cases, after the team had worked on the second set's failure domains; nothing here was
tuned or changed after a run. The building blocks (``LeakCase``, ``user``, ``parts``, tool helpers) are
the second set's, imported unchanged, so both sets are judged alike; the texts, people and domains are new.

Each case is one chat request as a user (or an app built on IslandRun) would send it, and the exact
substrings that must never reach a lower-trust island, grouped by the field they were put in (the same
fields as the second set: content, parts, system, name, multi_turn, tool_desc, tool_param_desc,
tool_enum, tool_args, tool_args_number, escaped_quote, tool_result_escaped, stop; see its docstring).

Domains: HR and payroll, divorce and custody, tax returns, travel bookings, telecom and utility support,
rental applications, CVs and job applications, court summons, therapy notes, genetic test results,
IVF and pregnancy apps, clinical-trial enrolment, mortgage applications, crypto-exchange KYC, university
admissions, elder care, veterinary records with the owner's data, gym memberships, e-commerce returns
and lottery payouts. Identifiers with check digits (national IDs, tax numbers, IBANs, cards) are valid
by checksum (python-stdnum) but invented; so are the people, addresses, phones, keys and passwords.
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


def ok(call_id: str = "call_1", text: str = '{"status": "ok"}') -> dict[str, Any]:
    """A plain tool result that plants nothing."""
    return {"role": "tool", "tool_call_id": call_id, "content": text}


# ---------------------------------------------------------------- English

case(
    "en-payslip-shortfall", "en", "hr-payroll",
    {"messages": [
        system("You are PayDesk, the payroll assistant for Harlow & Finch Ltd. Signed-in user: payroll officer "
               "Bethany Okonkwo-Reid (b.okonkwo-reid@harlowfinch.co.uk). Be concise and use UK spelling."),
        user("hi, can you draft an email to declan maguire explaining why his November payslip was short? "
             "NI number JT 48 27 93 C, employee no. HF-00731. The underpayment was £412.60 because the overtime "
             "from 14/10 wasn't keyed in. The correction goes to his usual account (sort code 20-45-77, "
             "acc 61880342) on the 28th. He's been off with a stress-related illness since the 3rd so keep it gentle"),
    ]},
    system=("Bethany Okonkwo-Reid", "b.okonkwo-reid@harlowfinch.co.uk"),
    content=("declan maguire", "JT 48 27 93 C", "HF-00731", "61880342", "stress-related illness"),
)  # fmt: skip

case(
    "en-handover-letter", "en", "divorce-custody",
    {"messages": [user(parts(
        "Can you make this letter to the mediator sound calmer without losing the facts?",
        "Dear Ms Abernathy,\nRe: FD23P00418 (Holloway v Holloway)\n\nSince March my ex-husband Graham Holloway has "
        "brought our daughter Poppy (born 02/09/2016) back late on four Sundays, once after 10pm. He has moved to "
        "14 Larchwood Close, Bicester OX26 4QT with his new partner, and Poppy says she sleeps on the sofa there. "
        "I would like handovers to happen at the contact centre instead. You can reach me on 07700 918442.\n\n"
        "Kind regards,\nRachel Holloway",
    ))]},
    parts=("Abernathy", "FD23P00418", "Graham Holloway", "Poppy", "02/09/2016", "14 Larchwood Close", "OX26 4QT",
           "07700 918442", "Rachel Holloway"),
)  # fmt: skip

case(
    "en-brca-report", "en", "genetic-test",
    {"messages": [
        user("got my results from the lab portal (https://portal.helixa-dx.com/reports/marisol.quintero-2291) "
             "- what does VUS mean??"),
        assistant("A VUS is a 'variant of uncertain significance': a change in a gene that the lab cannot yet "
                  "classify as harmful or harmless. Most are later reclassified as benign."),
        user("ok. the summary says: patient Marisol Quintero, DOB 1990-06-19, heterozygous for BRCA2 c.5946delT "
             "(pathogenic), plus a VUS in MLH1. my sister Inés hasn't been tested yet. do I have to tell my "
             "employer? my Aetna member ID is W48812093, and the genetic counsellor is Dr. Farrokh Jahani"),
    ]},
    multi_turn=("marisol.quintero-2291",),
    content=("Marisol Quintero", "1990-06-19", "BRCA2 c.5946delT", "Inés", "W48812093", "Farrokh Jahani"),
)  # fmt: skip

case(
    "en-lottery-claim-desk", "en", "lottery-payout",
    {"messages": [
        system("You assist the prize claims desk of the state lottery. File claims with the tool, then help "
               "with paperwork."),
        user("Winner just came in with the Powerball ticket, file it please."),
        call("file_prize_claim", {"claimant": "Terrence Oduya", "ssn": "521-38-9047", "ticket_serial":
             "PB-0937-4418-2207", "address": "2210 W Greenfield Ave, Apt 3B, Milwaukee, WI 53204",
             "dob": "1971-02-23", "account_number": 4830019275, "amount": 1250000}),
        ok(),
        user("Thanks. Now draft the press release, first name and city only, no street address."),
    ], "tools": [tool("file_prize_claim",
        "File a prize claim over $600 with the lottery commission. Claims officer on duty today: Kendra Vollmer "
        "(badge 4471, kvollmer@wilottery.gov).",
        {"claimant": "string", "ssn": "string", "ticket_serial": "string", "address": "string", "dob": "string",
         "account_number": "integer", "amount": "integer"})]},
    tool_desc=("Kendra Vollmer", "kvollmer@wilottery.gov"),
    tool_args=("Terrence Oduya", "521-38-9047", "PB-0937-4418-2207", "2210 W Greenfield Ave", "1971-02-23"),
    tool_args_number=("4830019275",),
)  # fmt: skip

case(
    "en-air-fryer-return", "en", "ecommerce-return",
    {"messages": [
        system("You write replies for the customer care team of a home appliance shop."),
        user("Customer wants to return order #114-7720385-2290163, air fryer arrived with a cracked basket. Send "
             "the prepaid label to Kwame Asante, 58 Dunmore Road, Leeds LS6 2HG (kwame.asante88@gmail.com, "
             "0113 496 2718) and refund to his Visa 4236 2759 4921 0229, not store credit. Write the reply.",
             name="ifeoma_c"),
    ], "stop": ["Best regards,\nIfeoma Chukwu", "\n\n---"]},
    name=("ifeoma_c",),
    content=("114-7720385-2290163", "Kwame Asante", "58 Dunmore Road", "LS6 2HG", "kwame.asante88@gmail.com",
             "0113 496 2718", "4236 2759 4921 0229"),
    stop=("Ifeoma Chukwu",),
)  # fmt: skip

case(
    "en-vet-insurance-claim", "en", "veterinary",
    {"messages": [
        user("Submit the claim for the cruciate ligament surgery we did on Murphy yesterday."),
        call("submit_pet_claim", {"owner": "Siobhan Gallagher", "policy": 50418837, "phone": "+353 87 412 6609",
                                  "eircode": "D6W XK27", "pet": "Murphy (Labrador, microchip 985141002736518)",
                                  "amount_eur": 3150}),
        ok(),
        user("Done? Then write Siobhan a short note saying the insurer may ask for the X-rays from 4 November."),
    ], "tools": [tool("submit_pet_claim", "Submits a vet-bill claim to the owner's pet insurer.", {
        "owner": "string", "policy": "integer", "phone": "string", "eircode": "string", "pet": "string",
        "amount_eur": "integer"})]},
    tool_args=("Siobhan Gallagher", "+353 87 412 6609", "D6W XK27", "985141002736518"),
    tool_args_number=("50418837",),
)  # fmt: skip

# ---------------------------------------------------------------- German

case(
    "de-einspruch-steuerbescheid", "de", "tax-return",
    {"messages": [
        user("Hol mir die Stammdaten aus ELSTER."),
        call("elster_stammdaten", {"jahr": 2024}),
        result({"name": "Jürgen Weißenborn", "steuer_id": "79 283 065 999", "steuernummer": "143/217/40815",
                "anschrift": "Nymphenburger Straße 112, 80636 München",
                "bankverbindung": "DE33 5001 0517 2630 9244 90"}),
        user("Prüf bitte, ob die Kinderbetreuungskosten für Lena (Kita Sonnenschein, 3.840 €) richtig drin sind, und "
             "schreib mir einen Entwurf für den Einspruch gegen den Bescheid vom 12.09. Die Krankheitskosten für meine "
             "Multiple-Sklerose-Therapie mit Ocrevus wurden auch nicht anerkannt."),
    ], "tools": [tool("elster_stammdaten", "Liest die Stammdaten des Steuerpflichtigen.", {"jahr": "integer"})]},
    tool_result_escaped=("Jürgen Weißenborn", "79 283 065 999", "143/217/40815", "Nymphenburger Straße 112",
                         "DE33 5001 0517 2630 9244 90"),
    content=("Lena", "Multiple-Sklerose", "Ocrevus"),
)  # fmt: skip

case(
    "de-selbstauskunft-wohnung", "de", "rental-application",
    {"messages": [user(parts(
        "Hier meine Selbstauskunft für die Wohnung in der Gneisenaustraße. Mach mir daraus bitte ein freundliches "
        "Anschreiben an die Hausverwaltung, nicht zu förmlich.",
        "Name: Aylin Demirtaş\nGeburtsdatum: 03.11.1994\nJetzige Anschrift: Wiener Str. 47, 10999 Berlin\n"
        "Arbeitgeber: Zalando SE, unbefristet, netto 3.150 €\nSCHUFA: liegt vor, ohne Einträge\n"
        "Telefon: 0176 48213907\nE-Mail: aylin.demirtas@posteo.de\n"
        "Mietschuldenfreiheitsbescheinigung von Herrn Klaus Brenninkmeyer (bisheriger Vermieter)",
    ))]},
    parts=("Aylin Demirtaş", "03.11.1994", "Wiener Str. 47", "0176 48213907", "aylin.demirtas@posteo.de",
           "Klaus Brenninkmeyer"),
)  # fmt: skip

case(
    "de-tierarzt-leishmaniose", "de", "veterinary",
    {"messages": [
        system("Du bist der Praxisassistent der Tierarztpraxis am Schönbuch. Besitzerin des aktuellen Patienten: "
               "Heike Lindqvist-Maurer, Am Hasenberg 9, 71111 Waldenbuch, Tel. 07157 529384."),
        user("Befund von Balu (Berner Sennenhund, Chip 276098106543217): Leishmaniose-Titer positiv, Allopurinol ist "
             "verordnet. Trag die Nachkontrolle in 4 Wochen bei der Vertretung ein und schreib der Besitzerin kurz."),
    ], "tools": [tool("termin_eintragen", "Trägt einen Kontrolltermin ein.", {
        "tierarzt": {"type": "string", "enum": ["Dr. Torsten Pflügl", "Dr. Renate Oberhuber"],
                     "description": "Behandelnde Tierärztin oder behandelnder Tierarzt"},
        "datum": "string"})]},
    system=("Heike Lindqvist-Maurer", "Am Hasenberg 9", "07157 529384"),
    tool_enum=("Torsten Pflügl", "Renate Oberhuber"),
    content=("276098106543217",),
)  # fmt: skip

case(
    "de-bewerbung-kfz", "de", "cv-job",
    {"messages": [
        user("kannst du dir mein profil linkedin.com/in/jonas-hartmann-kfz anschauen und sagen was fehlt?"),
        assistant("Ich kann keine Links öffnen. Kopiere mir gern die Abschnitte hier herein, dann gebe ich dir "
                  "Rückmeldung zu Aufbau und Formulierungen."),
        user("ok. Bewerbung als Kfz-Mechatroniker beim Autohaus in Baunatal: Jonas Hartmann, geb. 21.07.1999, "
             "Lindenweg 5, 34117 Kassel, 0151 23984716. Ich habe Epilepsie, seit drei Jahren anfallsfrei mit "
             "Levetiracetam. Muss ich das im Anschreiben erwähnen?"),
    ]},
    multi_turn=("jonas-hartmann-kfz",),
    content=("Jonas Hartmann", "21.07.1999", "Lindenweg 5", "0151 23984716", "Epilepsie", "Levetiracetam"),
)  # fmt: skip

# ---------------------------------------------------------------- French

case(
    "fr-convocation-audience", "fr", "court-summons",
    {"messages": [user(
        "J'ai reçu une convocation du tribunal judiciaire de Lyon pour une audience le 14 janvier à 9h, RG n° "
        "24/03817, affaire Lefebvre c/ SCI Les Tilleuls. Je suis Sandrine Lefebvre, née le 27/05/1983, domiciliée "
        "18 rue Paul Bert, 69003 Lyon, n° de sécu 2 83 05 75 112 048 83. Aide-moi à écrire à mon avocat, "
        "Maître Hugo Castagnet, pour demander un renvoi : je serai en cure à Vichy pour ma polyarthrite.",
        name="Sandrine_Lefebvre")]},
    name=("Sandrine_Lefebvre",),
    content=("Sandrine Lefebvre", "24/03817", "27/05/1983", "18 rue Paul Bert", "2 83 05 75 112 048 83",
             "Hugo Castagnet", "polyarthrite"),
)  # fmt: skip

case(
    "fr-fiv-beta-hcg", "fr", "ivf-pregnancy",
    {"messages": [
        user("J+9 après le transfert d'embryon, bêta-hCG à 87 ce matin. Je prends toujours Progestan 200 trois fois "
             "par jour et Lovenox 4000. Mon conjoint Yannick veut savoir si c'est bon signe, le Dr Benhamou ne "
             "rappelle que lundi. Note-le dans mon journal."),
    ], "tools": [tool("noter_journal", "Ajoute une entrée au journal de parcours PMA.", {
        "entree": {"type": "string", "description": "Texte de l'entrée pour la patiente Camille Nguyen-Robert "
                   "(dossier PMA-2024-0917, centre AMP de l'hôpital Cochin)"}})]},
    tool_param_desc=("Camille Nguyen-Robert", "PMA-2024-0917"),
    content=("transfert d'embryon", "Progestan 200", "Lovenox 4000", "Yannick", "Benhamou"),
)  # fmt: skip

case(
    "fr-resiliation-salle", "fr", "gym-membership",
    {"messages": [
        user("Mets à jour le compte du membre qui vient d'appeler."),
        call("maj_membre", {"membre": "Julien Marchetti", "email": "j.marchetti@free.fr",
                            "mot_de_passe": 'Gym"Lyon2025!', "badge": "FIT-69-20417"}),
        ok(),
        user("Maintenant résilie son abonnement Premium au 31/12 (il a un certificat pour une hernie discale) et "
             "rembourse le prorata sur FR01 1027 8575 3395 4877 7737 368. Rédige-lui la confirmation."),
    ], "tools": [tool("maj_membre", "Met à jour la fiche d'un membre.", {
        "membre": "string", "email": "string", "mot_de_passe": "string", "badge": "string"})]},
    tool_args=("Julien Marchetti", "j.marchetti@free.fr", "FIT-69-20417"),
    escaped_quote=('Gym"Lyon2025!',),
    content=("hernie discale", "FR01 1027 8575 3395 4877 7737 368"),
)  # fmt: skip

# ---------------------------------------------------------------- Spanish

case(
    "es-solicitud-hipoteca", "es", "mortgage",
    {"messages": [user(
        "Prepárame el resumen para el banco de la solicitud de hipoteca de esta pareja: Javier Ortuño Blasco "
        "(DNI 48291735S) y Oksana Melnyk (NIE Y4829173S), ingresos netos conjuntos 4.380 €/mes, piso en "
        "C/ Doctor Sapena 23, 4ºB, 03013 Alicante, tasado en 212.000 €. Cuenta para domiciliar: "
        "ES35 2085 8771 7830 9273 6603. Él tiene un préstamo del coche pendiente de 9.200 € y ella está de baja "
        "por un embarazo de riesgo hasta marzo. Teléfono de contacto 644 318 207.")]},
    content=("Javier Ortuño Blasco", "48291735S", "Oksana Melnyk", "Y4829173S", "C/ Doctor Sapena 23",
             "ES35 2085 8771 7830 9273 6603", "embarazo de riesgo", "644 318 207"),
)  # fmt: skip

case(
    "es-nota-soap-sesion", "es", "therapy-notes",
    {"messages": [
        system("Eres un asistente para psicólogos clínicos: redacta notas SOAP breves en español. Profesional: "
               "Lic. Mariana Etxeberria, colegiada M-31877, consulta en Calle Ercilla 14, Bilbao."),
        user("Sesión 6 con Álvaro Reguera Soto (34 años). Refiere ideación suicida pasiva desde el despido, sin plan "
             "estructurado. Duerme unas 4 h. Sigue con sertralina 100 mg pautada por su psiquiatra, la Dra. Pilar "
             "Guzmán. Hacemos plan de seguridad; contacto de emergencia su hermana Noelia, 655 20 87 14."),
    ]},
    system=("Mariana Etxeberria", "M-31877", "Calle Ercilla 14"),
    content=("Álvaro Reguera Soto", "ideación suicida", "sertralina 100 mg", "Pilar Guzmán", "Noelia",
             "655 20 87 14"),
)  # fmt: skip

case(
    "es-mx-corte-de-luz", "es", "telecom-utility",
    {"messages": [
        user("Busca mi recibo de luz, ya pagué y me cortaron."),
        call("consultar_recibo_cfe", {"titular": "Guadalupe Herrera Zúñiga", "curp": "HEZG870312MJCRXD00",
                                      "numero_servicio": 473190258614, "direccion":
                                      "Av. Chapultepec Sur 480, int. 7, Col. Americana, Guadalajara"}),
        ok(text='{"adeudo": 0, "estatus": "suspendido"}'),
        user("¿Ves? No debo nada. Pagué el 3 de noviembre en OXXO, folio 8830124571, y tengo un concentrador de "
             "oxígeno en casa por mi EPOC. Redacta la queja para Profeco y para la CFE."),
    ], "tools": [tool("consultar_recibo_cfe", "Consulta el último recibo de la CFE.", {
        "titular": "string", "curp": "string", "numero_servicio": "integer", "direccion": "string"})]},
    tool_args=("Guadalupe Herrera Zúñiga", "HEZG870312MJCRXD00", "Av. Chapultepec Sur 480"),
    tool_args_number=("473190258614",),
    content=("8830124571", "EPOC"),
)  # fmt: skip

case(
    "es-ar-cobro-quini", "es", "lottery-payout",
    {"messages": [
        user("Registrá el cobro del premio del Quini 6 que vino a reclamar el ganador."),
        call("registrar_cobro", {"ganador": "Facundo Ezequiel Domínguez", "dni": 33418207, "cuil": 20334182070,
                                 "clave_homebanking": 'Tigre"1986', "domicilio": "Av. Pellegrini 1742, Rosario"}),
        ok(),
        user("Ahora armá la constancia para la agencia, sin la clave, y avisale que la retención de ganancias "
             "es del 31 %."),
    ], "tools": [tool("registrar_cobro", "Registra el cobro de un premio.", {
        "ganador": "string", "dni": "integer", "cuil": "integer", "clave_homebanking": "string",
        "domicilio": "string"})]},
    tool_args=("Facundo Ezequiel Domínguez", "Av. Pellegrini 1742"),
    tool_args_number=("33418207", "20334182070"),
    escaped_quote=('Tigre"1986',),
)  # fmt: skip

# ---------------------------------------------------------------- Portuguese

case(
    "pt-br-kyc-exchange", "pt", "crypto-kyc",
    {"messages": [
        user("Puxa a verificação KYC do cliente do ticket 55120."),
        call("kyc_status", {"ticket": 55120}),
        result({"nome": "Thiago Albuquerque Lins", "cpf": "482.917.365-37", "nascimento": "14/08/1992",
                "endereço": "Rua Capitão Rosendo 310, ap. 52, Recife - PE", "selfie_match": 0.62,
                "status": "revisão manual"}, every=True),
        user("Ele diz que a carteira 0x9f3A6b21c4E0d8e5B7a1C2f4D6e8A0b3C5d7E9f1 foi bloqueada por engano e mandou "
             "no chat a frase de recuperação inteira, começa com 'velvet orbit cinnamon lunar'. O que respondo? "
             "Escreve a resposta pra ele."),
    ], "tools": [tool("kyc_status", "Consulta o estado do KYC de um cliente.", {"ticket": "integer"})]},
    tool_result_escaped=("Thiago Albuquerque Lins", "482.917.365-37", "14/08/1992", "Rua Capitão Rosendo 310"),
    content=("0x9f3A6b21c4E0d8e5B7a1C2f4D6e8A0b3C5d7E9f1", "velvet orbit cinnamon lunar"),
)  # fmt: skip

case(
    "pt-pt-cv-enfermagem", "pt", "cv-job",
    {"messages": [user(parts(
        "Podes melhorar o meu CV? É para uma vaga de enfermeira no Hospital de Santa Maria.",
        "Inês Carvalho Moura\nRua Actor Taborda 21, 2.º Esq., 1000-008 Lisboa\n+351 912 804 377 · "
        "ines.cmoura@sapo.pt\nNIF 238174603 · Cédula profissional OE 5-E-48213\nData de nascimento: 09/02/1996\n"
        "Experiência: Enfermeira no Centro Hospitalar de Setúbal (2019–2024)\nReferência: Enf.ª Chefe Graça "
        "Teixeira, 265 549 012",
    ))]},
    parts=("Inês Carvalho Moura", "Rua Actor Taborda 21", "+351 912 804 377", "ines.cmoura@sapo.pt", "238174603",
           "5-E-48213", "09/02/1996", "Graça Teixeira", "265 549 012"),
)  # fmt: skip

# ---------------------------------------------------------------- Italian

case(
    "it-accompagnamento-mamma", "it", "elder-care",
    {"messages": [user(
        "Mia madre, Giuseppina Russo, 86 anni, codice fiscale RSSGPP38H52F839W, ha l'Alzheimer in fase moderata e "
        "prende donepezil 10 mg e quetiapina 25 mg la sera. Vive da sola in via Duomo 148, Napoli, con la badante "
        "Marisol Dizon che ha il permesso di soggiorno in scadenza. Scrivimi la domanda all'INPS per l'indennità di "
        "accompagnamento; il mio cellulare è 338 471 2096.", name="ciro_russo")]},
    name=("ciro_russo",),
    content=("Giuseppina Russo", "RSSGPP38H52F839W", "Alzheimer", "donepezil 10 mg", "via Duomo 148",
             "Marisol Dizon", "338 471 2096"),
)  # fmt: skip

case(
    "it-arruolamento-studio", "it", "clinical-trial",
    {"messages": [user(
        "Arruola il paziente di oggi: Marco Rossetti, nato il 12/01/1979 a Roma, CF RSSMRC79A12H501J, diagnosi "
        "adenocarcinoma polmonare EGFR-mutato stadio IIIB, ECOG 1. Consenso firmato alle 10:40, tel. 347 902 6613, "
        "e-mail marco.rossetti79@libero.it.")],
     "tools": [tool("arruola_paziente",
        "Arruola un paziente nello studio ONCO-IT-2291 presso il centro 04; sperimentatrice principale "
        "Prof.ssa Elena Vaccari (elena.vaccari@ircc-onco.it).",
        {"scheda": {"type": "string", "description": "Scheda di arruolamento in testo libero"}})]},
    tool_desc=("Elena Vaccari", "elena.vaccari@ircc-onco.it"),
    content=("Marco Rossetti", "12/01/1979", "RSSMRC79A12H501J", "adenocarcinoma polmonare", "347 902 6613",
             "marco.rossetti79@libero.it"),
)  # fmt: skip

# ---------------------------------------------------------------- Russian

case(
    "ru-isk-o-razvode", "ru", "divorce-custody",
    {"messages": [user(
        "Помогите составить исковое заявление о расторжении брака и определении места жительства ребёнка. "
        "Истец: Кравцова Ольга Викторовна, 14.03.1988 г.р., проживаю: г. Екатеринбург, ул. Малышева, д. 71, "
        "кв. 19, тел. +7 912 604-38-17. Ответчик: Кравцов Денис Сергеевич, ИНН 770738291407. Сын — Кравцов "
        "Матвей Денисович, 2017 г.р. Муж злоупотребляет алкоголем и состоит на учёте у нарколога.")]},
    content=("Кравцова Ольга Викторовна", "14.03.1988", "ул. Малышева, д. 71", "+7 912 604-38-17",
             "Кравцов Денис Сергеевич", "770738291407", "Кравцов Матвей Денисович", "на учёте у нарколога"),
)  # fmt: skip

case(
    "ru-bolnichny-vyplata", "ru", "hr-payroll",
    {"messages": [
        user("Начисли доплату по больничному сотруднику из отдела логистики."),
        call("payroll_adjust", {"сотрудник": "Гусейнов Руслан Ахмедович", "снилс": "147-328-590 82",
                                "табельный_номер": "ЛГ-0382", "сумма": 48700, "карта": 2202206145873308}),
        ok(),
        user("Теперь напиши ему письмо: больничный с 3 по 17 ноября оплачен, диагноз (гипертонический криз) в "
             "письме не упоминай. Его почта r.guseynov@transline.ru."),
    ], "tools": [tool("payroll_adjust", "Доплата сотруднику.", {
        "сотрудник": "string", "снилс": "string", "табельный_номер": "string", "сумма": "integer",
        "карта": "integer"})]},
    tool_args=("Гусейнов Руслан Ахмедович", "147-328-590 82", "ЛГ-0382"),
    tool_args_number=("2202206145873308",),
    content=("гипертонический криз", "r.guseynov@transline.ru"),
)  # fmt: skip

# ---------------------------------------------------------------- Chinese

case(
    "zh-gaiqian-youjian", "zh", "travel-booking",
    {"messages": [user(
        "帮我把改签信息整理成一封邮件发给旅行社：乘客王晓雯，护照号E68204917，国航知音卡号CA008773126451，"
        "订座记录 NQ7K2D，原航班CA931北京—法兰克福12月18日，想改到12月20日同一航班。她怀孕七个月了，需要"
        "靠过道的座位和医生开的适航证明。联系电话139 1087 4422，邮箱wangxiaowen_bj@163.com。")]},
    content=("王晓雯", "E68204917", "CA008773126451", "NQ7K2D", "怀孕七个月", "139 1087 4422",
             "wangxiaowen_bj@163.com"),
)  # fmt: skip

case(
    "zh-jiyin-baogao", "zh", "genetic-test",
    {"messages": [user(parts(
        "帮我用大白话解释一下这份基因检测报告，我爸看不懂：",
        "受检者：陈志远  性别：男  身份证号：110105198703145820\n样本编号：GX-2024-118802  送检医院：北京协和医院"
        "\n检测结果：APOE ε4/ε4 纯合，阿尔茨海默病遗传风险显著升高；CYP2C19 *2/*2 慢代谢型，氯吡格雷疗效降低。"
        "\n报告医师：刘慧敏",
    ))]},
    parts=("陈志远", "110105198703145820", "GX-2024-118802", "APOE ε4/ε4", "阿尔茨海默病", "刘慧敏"),
)  # fmt: skip

case(
    "zh-shouji-guohu", "zh", "telecom-utility",
    {"messages": [user(
        "我的号码18621937745要过户给我女儿刘欣怡，我身份证310112199209084618，宽带账号SH-BB-77310452也一起转。"
        "营业厅说要服务密码，我的是 830517，帮我写个授权委托书。")],
     "tools": [tool("transfer_number", "办理号码过户。", {
         "account_holder": {"type": "string", "enum": ["刘建国", "孙美玲"], "description": "当前机主"},
         "new_holder": "string"})]},
    tool_enum=("刘建国", "孙美玲"),
    content=("18621937745", "刘欣怡", "310112199209084618", "SH-BB-77310452", "830517"),
)  # fmt: skip

# ---------------------------------------------------------------- Japanese

case(
    "ja-funin-chiryo-monshin", "ja", "ivf-pregnancy",
    {"messages": [
        system("あなたは不妊治療クリニックの問診サポートです。患者：佐々木 美穂 様（診察券番号 0048213、"
               "生年月日 1987年4月2日）。丁寧語で答えてください。"),
        user("次の採卵の前なのに、ゴナールエフ150単位の自己注射を一日忘れてしまいました。夫の佐々木 健太は精液"
             "検査で乏精子症と言われています。AMHは0.9でした。大丈夫でしょうか。"),
    ]},
    system=("佐々木 美穂", "0048213", "1987年4月2日"),
    content=("ゴナールエフ150単位", "佐々木 健太", "乏精子症"),
)  # fmt: skip

case(
    "ja-kakutei-shinkoku", "ja", "tax-return",
    {"messages": [user(
        "確定申告の医療費控除の明細書を作ってください。申告者：田中 博、マイナンバー 482019375620、住所 大阪府"
        "豊中市緑丘3丁目14-2、電話 06-6853-2291。妻の田中 恵子の乳がん手術（大阪大学医学部附属病院）で"
        "38万円、抗がん剤のタモキシフェン代が年6万円です。", name="tanaka_hiroshi")],
     "stop": ["税理士 松本 亮", "\n以上"]},
    name=("tanaka_hiroshi",),
    content=("田中 博", "482019375620", "緑丘3丁目14-2", "06-6853-2291", "田中 恵子", "乳がん", "タモキシフェン"),
    stop=("松本 亮",),
)  # fmt: skip

case(
    "ja-kaigo-caremanager", "ja", "elder-care",
    {"messages": [
        user("ケアマネさん（yamamoto.chizuru@kaigo-hikari.jp）に送るメールの書き出しって、どう書けばいい？"),
        assistant("「いつも大変お世話になっております。」から始め、用件を簡潔に書くのが一般的です。"),
        user("ありがとう。山本 千鶴さん宛てに、母の中村 ハツ（被保険者番号 0001827364、要介護3）の認知症が進んで"
             "夜間徘徊が増えたので、ショートステイを増やしたいという内容で書いて。住所は横浜市港北区日吉本町2-31-8。"),
    ], "stop": ["中村 正樹"]},
    multi_turn=("yamamoto.chizuru",),
    content=("山本 千鶴", "中村 ハツ", "0001827364", "夜間徘徊", "日吉本町2-31-8"),
    stop=("中村 正樹",),
)  # fmt: skip

# ---------------------------------------------------------------- Korean

case(
    "ko-jagisogaeseo", "ko", "university-admissions",
    {"messages": [user(
        "수시 자기소개서 검토 부탁드려요. 지원자 이서연, 주민등록번호 060814-4301251, 수험번호 2025-0417823, "
        "주소 서울 강남구 대치동 청실아파트 105동 1203호, 연락처 010-4827-3391이에요. 고2 때 ADHD 진단을 받고 "
        "메틸페니데이트를 복용하면서 성적을 회복한 이야기를 써도 불이익이 없을까요? 담임은 김도윤 선생님입니다.")]},
    content=("이서연", "060814-4301251", "2025-0417823", "청실아파트 105동 1203호", "010-4827-3391", "ADHD",
             "메틸페니데이트", "김도윤"),
)  # fmt: skip

case(
    "ko-heolseu-hwanbul", "ko", "gym-membership",
    {"messages": [
        user("이 회원 정보 불러와 줘."),
        call("member_lookup", {"member_no": "GYM-SEO-00912"}),
        result({"회원명": "박준혁", "연락처": "010-7731-2046", "결제카드": "5183 1246 7918 0477",
                "주소": "서울 마포구 월드컵북로 12길 33", "메모": "허리디스크 L4-L5, PT 시 주의"}),
        user("허리 수술 때문에 환불 원한대. 환불 규정 안내 문자 써줘."),
    ], "tools": [tool("member_lookup", "회원 정보를 조회합니다.", {"member_no": "string"})]},
    tool_args=("GYM-SEO-00912",),
    tool_result_escaped=("박준혁", "010-7731-2046", "5183 1246 7918 0477", "월드컵북로 12길 33", "허리디스크"),
)  # fmt: skip

# ---------------------------------------------------------------- Arabic

case(
    "ar-tamwil-aqari", "ar", "mortgage",
    {"messages": [user(
        "أحتاج مساعدة في تعبئة طلب التمويل العقاري. الاسم: عبدالله بن فهد القحطاني، رقم الهوية الوطنية "
        "1087345904، الجوال 0551 843 270، الآيبان SA80 1030 8872 2562 6635 1110، الراتب 18,500 ريال، "
        "العنوان: حي النرجس، شارع الأمير سعود بن عبدالله، الرياض 13327. عندي سكري من النوع الثاني، هل يجب أن "
        "أذكره في نموذج التأمين على الحياة؟")]},
    content=("عبدالله بن فهد القحطاني", "1087345904", "0551 843 270", "SA80 1030 8872 2562 6635 1110",
             "شارع الأمير سعود بن عبدالله", "سكري من النوع الثاني"),
)  # fmt: skip

case(
    "ar-eg-qitta-tabib", "ar", "veterinary",
    {"messages": [user(parts(
        "القطة لولو عندها قيء من يومين، ده تقرير العيادة، فهّمني إيه المطلوب:",
        "عيادة الرحمة البيطرية — تقرير\nالمالكة: مي السيد عبد الرحمن\nالعنوان: ١٤ شارع مصدق، الدقي، الجيزة\n"
        "الموبايل: 0122 748 3091\nالبريد: mai.elsayed91@yahoo.com\nالتشخيص: التهاب بنكرياس حاد\n"
        "الطبيب المعالج: د. شريف الجندي",
    ))]},
    parts=("مي السيد عبد الرحمن", "١٤ شارع مصدق", "0122 748 3091", "mai.elsayed91@yahoo.com", "شريف الجندي"),
)  # fmt: skip

# ---------------------------------------------------------------- Indonesian

case(
    "id-rujukan-bapak", "id", "elder-care",
    {"messages": [user(
        "Tolong buatkan surat permohonan perawat homecare untuk bapak saya, Bapak Suparman Wiryohadi, 76 th, NIK "
        "3374101203480003, No. BPJS Kesehatan 0001748293315. Beliau diabetes melitus tipe 2 dan gagal ginjal "
        "kronik, cuci darah 2x seminggu di RS Telogorejo. Alamat Jl. Pandanaran No. 88, Semarang. Kontak saya "
        "(anaknya, Retno) 0812-2547-9031.")]},
    content=("Suparman Wiryohadi", "3374101203480003", "0001748293315", "gagal ginjal kronik", "Jl. Pandanaran No. 88",
             "Retno", "0812-2547-9031"),
)  # fmt: skip

case(
    "id-retur-akun-diblokir", "id", "ecommerce-return",
    {"messages": [
        user("kak akun aku @rina.wulandari23 kena suspend pas ngajuin retur, gimana ya"),
        assistant("Biasanya akun ditangguhkan sementara jika sistem mendeteksi banyak pengajuan retur. Kamu bisa "
                  "mengajukan banding lewat pusat bantuan dengan data pesanan dan identitas."),
        user("ok bantu tulisin bandingnya ya. nama lengkap Rina Wulandari, no pesanan 2411208XK93PQ, barang blender "
             "datang pecah. alamat Perum Griya Asri Blok C7 No. 12, Tambun Selatan, Bekasi. refund ke rek BCA "
             "8730512946 a.n. Rina Wulandari, hp 0857-1940-2263"),
    ]},
    multi_turn=("rina.wulandari23",),
    content=("Rina Wulandari", "2411208XK93PQ", "Griya Asri Blok C7 No. 12", "8730512946", "0857-1940-2263"),
)  # fmt: skip

case(
    "id-slip-gaji", "id", "hr-payroll",
    {"messages": [
        user("Kirim slip gaji November ke karyawan baru bagian gudang."),
        call("kirim_slip_gaji", {"karyawan": "Agus Setiawan", "email": "agus.setiawan@sinarabadi.co.id",
                                 "no_rekening": 1370018842, "bulan": "2025-11"}),
        ok(),
        user("Sudah. Sekarang buat memo bahwa potongan kasbon Rp1.500.000 mulai Desember."),
    ], "tools": [tool("kirim_slip_gaji", "Mengirim slip gaji lewat email.", {
        "karyawan": "string", "email": "string", "no_rekening": "integer",
        "bulan": {"type": "string", "description": "Bulan gaji. NPWP pemberi kerja 71.482.936.3-407.000, "
                  "PIC HR: Dewi Kartikasari (0813-3390-1175)"}})]},
    tool_args=("Agus Setiawan", "agus.setiawan@sinarabadi.co.id"),
    tool_args_number=("1370018842",),
    tool_param_desc=("71.482.936.3-407.000", "Dewi Kartikasari", "0813-3390-1175"),
)  # fmt: skip

# ---------------------------------------------------------------- Swedish

case(
    "sv-personligt-brev-hyresvard", "sv", "rental-application",
    {"messages": [user(
        "Hej! Kan du skriva ett personligt brev till hyresvärden för lägenheten på Tegnérgatan? Jag heter Ingrid "
        "Bergström, personnummer 19850712-4637, bor nu på Västmannagatan 14, 113 25 Stockholm. Jobbar som "
        "sjuksköterska på Karolinska, 38 500 kr i månaden. Referens: nuvarande hyresvärd Göran Ekholm, "
        "070-318 45 92. Jag har en katt och en son, Elias, som är 7.")]},
    content=("Ingrid Bergström", "19850712-4637", "Västmannagatan 14", "Göran Ekholm", "070-318 45 92", "Elias"),
)  # fmt: skip

case(
    "sv-bredband-kundtjanst", "sv", "telecom-utility",
    {"messages": [
        system("Du är kundtjänstagent hos ett bredbandsbolag. Inloggad kund: Oskar Lindahl, kundnummer 4471-92830, "
               "Kvarngatan 3B, 722 12 Västerås."),
        user("Routern tappar uppkopplingen varje kväll och wifi-lösenordet är fortfarande det gamla, "
             "Sommar2019!Vasteras. Byt det och skicka det nya till oskar.lindahl@outlook.se, tack.",
             name="oskar_lindahl"),
    ], "stop": ["Mvh Linnea Sjöberg", "\nKund:"]},
    system=("Oskar Lindahl", "4471-92830", "Kvarngatan 3B"),
    name=("oskar_lindahl",),
    content=("Sommar2019!Vasteras", "oskar.lindahl@outlook.se"),
    stop=("Linnea Sjöberg",),
)  # fmt: skip

# ---------------------------------------------------------------- Greek

case(
    "el-klinikh-melete", "el", "clinical-trial",
    {"messages": [user(
        "Καλησπέρα, θέλω να γράψω ένα email στην ερευνητική ομάδα. Είμαι ο Νικόλαος Παπαδόπουλος, ΑΜΚΑ "
        "14038804515, συμμετέχω στη μελέτη για τη νόσο του Crohn με κωδικό συμμετέχοντα GR-CRN-0417. Από την "
        "τρίτη δόση ustekinumab έχω έντονους πόνους στις αρθρώσεις. Τηλέφωνο 694 718 2306, Λεωφόρος "
        "Αλεξάνδρας 58, Αθήνα 114 73. Υπεύθυνη της μελέτης είναι η κ. Ελένη Σταυροπούλου.")]},
    content=("Νικόλαος Παπαδόπουλος", "14038804515", "νόσο του Crohn", "GR-CRN-0417", "694 718 2306",
             "Λεωφόρος Αλεξάνδρας 58", "Ελένη Σταυροπούλου"),
)  # fmt: skip

case(
    "el-e1-taxisnet", "el", "tax-return",
    {"messages": [
        user("Συνδέσου στο Taxisnet για τη φορολογική δήλωση της μητέρας μου."),
        call("taxisnet_login", {"afm": "048217367", "username": "kmarkou58", "password": 'Kal"imera#58'}),
        ok(),
        user("Συμπλήρωσε το Ε1 για την Κατερίνα Μάρκου: ενοίκιο 450€ από το διαμέρισμα στην Εγνατίας 102, "
             "Θεσσαλονίκη, και βάλε την αναπηρία 67% λόγω καρκίνου του μαστού για την έκπτωση."),
    ], "tools": [tool("taxisnet_login", "Σύνδεση στο Taxisnet.", {
        "afm": "string", "username": "string", "password": "string"})]},
    tool_args=("048217367", "kmarkou58"),
    escaped_quote=('Kal"imera#58',),
    content=("Κατερίνα Μάρκου", "Εγνατίας 102", "καρκίνου του μαστού"),
)  # fmt: skip

# ---------------------------------------------------------------- Czech

case(
    "cs-predvolani-okresni-soud", "cs", "court-summons",
    {"messages": [user(parts(
        "Přišlo mi tohle předvolání, vysvětli mi prosím, co mám dělat:",
        "Okresní soud Brno-venkov\nČ. j. 14 C 218/2024-37\nPŘEDVOLÁNÍ K JEDNÁNÍ\nŽalovaný: Tomáš Dvořák, nar. "
        "11. 4. 1978, r. č. 780411/5121, bytem Palackého 1893/12, 664 51 Šlapanice\nŽalobce: spotřebitelský "
        "úvěr, dlužná částka 46 000 Kč",
        "Jsem teď na neschopence kvůli depresi a nevím, jestli tam musím jít. Můj telefon je 604 218 377.",
    ))]},
    parts=("14 C 218/2024-37", "Tomáš Dvořák", "11. 4. 1978", "780411/5121", "Palackého 1893/12", "depresi",
           "604 218 377"),
)  # fmt: skip

case(
    "cs-permanentka-zruseni", "cs", "gym-membership",
    {"messages": [user(
        "Klientka chce zrušit roční permanentku, donesla potvrzení od lékaře o výhřezu ploténky. Zbytek vrať na "
        "účet CZ65 0100 9080 5681 7983 3361, číslo členské karty 0049217, e-mail k.svobodova@seznam.cz. "
        "Napiš jí potvrzení o zrušení.")],
     "tools": [tool("zrusit_clenstvi", "Zruší členství.", {
         "clen": {"type": "string", "enum": ["Karolína Svobodová", "Jakub Procházka", "Zdeňka Horáková"]},
         "duvod": "string"})]},
    tool_enum=("Karolína Svobodová", "Jakub Procházka", "Zdeňka Horáková"),
    content=("výhřezu ploténky", "CZ65 0100 9080 5681 7983 3361", "0049217", "k.svobodova@seznam.cz"),
)  # fmt: skip

# ---------------------------------------------------------------- Romanian

case(
    "ro-castig-loto-cerere", "ro", "lottery-payout",
    {"messages": [user(
        "Am câștigat la Loto 6/49 suma de 312.450 lei. Cum completez cererea de plată? Datele mele: Ionuț-Alexandru "
        "Popescu, CNP 1961120405677, CI seria RX nr. 384712, domiciliu Str. Zorilor nr. 7, bl. B3, ap. 14, "
        "Sector 4, București, cont RO80 RNCB 7463 0166 0022 3105, tel. 0723 418 560. Biletul are seria "
        "0417-2291-8830.")]},
    content=("Ionuț-Alexandru Popescu", "1961120405677", "RX nr. 384712", "Str. Zorilor nr. 7",
             "RO80 RNCB 7463 0166 0022 3105", "0723 418 560", "0417-2291-8830"),
)  # fmt: skip

case(
    "ro-divort-poze-copil", "ro", "divorce-custody",
    {"messages": [
        user("fostul soț posteaza pe facebook.com/mihai.stanciu.ct poze cu fetita fara acordul meu, ce pot face?"),
        assistant("Puteți cere ștergerea fotografiilor direct platformei și puteți solicita instanței, în cadrul "
                  "exercitării autorității părintești, să stabilească reguli privind imaginea copilului."),
        user("Vreau sa scriu cererea la judecatorie. El e Mihai Stanciu, sta in Constanta pe Bd. Tomis 287. "
             "Fetita e Ana-Maria Stanciu, CNP 6150312130041. Divortul s-a dat prin sentinta civila nr. "
             "4127/2021. Eu sunt Cristina Vlad, tel 0744 902 315."),
    ]},
    multi_turn=("mihai.stanciu.ct",),
    content=("Mihai Stanciu", "Bd. Tomis 287", "Ana-Maria Stanciu", "6150312130041", "4127/2021", "Cristina Vlad",
             "0744 902 315"),
)  # fmt: skip

# ---------------------------------------------------------------- Hungarian

case(
    "hu-repulojegy-modositas", "hu", "travel-booking",
    {"messages": [user(
        "Segíts megírni egy panaszlevelet a légitársaságnak. Foglalási kód: W6ZR4T, utas: Kovácsné Szabó Erzsébet, "
        "útlevélszám BE4821937, születési dátum 1962. 09. 03., törzsutas szám 2048-117-390. A budapesti járatot "
        "törölték, és a kerekesszékes segítséget sem kaptam meg a csípőprotézisem miatt. Telefonom "
        "+36 30 418 2257, címem 6720 Szeged, Kárász utca 11. 2/4.")]},
    content=("W6ZR4T", "Kovácsné Szabó Erzsébet", "BE4821937", "1962. 09. 03.", "2048-117-390", "csípőprotézis",
             "+36 30 418 2257", "Kárász utca 11"),
)  # fmt: skip

case(
    "hu-jelzalog-igenyles", "hu", "mortgage",
    {"messages": [user(parts(
        "Ebből a lakáshitel-igénylésből írj egy rövid összefoglalót a bankfióknak:",
        "Igénylő: dr. Farkas Bence\nAdóazonosító jel: 8442674179\nTAJ: 873 523 509\nSzületett: 1988. 03. 14.\n"
        "Lakcím: 1118 Budapest, Villányi út 47. 3/12.\nMunkáltató: Semmelweis Egyetem, nettó 780 000 Ft\n"
        "Bankszámla: HU82 1040 5602 5721 0794 2568 8368\nAdóstárs: Farkas-Tóth Réka",
    ))]},
    parts=("Farkas Bence", "8442674179", "873 523 509", "1988. 03. 14.", "Villányi út 47",
           "HU82 1040 5602 5721 0794 2568 8368", "Farkas-Tóth Réka"),
)  # fmt: skip

# ---------------------------------------------------------------- Thai

case(
    "th-khuen-sinkha", "th", "ecommerce-return",
    {"messages": [user(
        "ช่วยเขียนข้อความขอคืนสินค้าหน่อยค่ะ คำสั่งซื้อ 2411230QK7M91 หูฟังที่ได้มาเป็นของปลอม ชื่อผู้สั่ง "
        "ณัฐวุฒิ ศรีสุวรรณ ที่อยู่ 88/14 ซอยลาดพร้าว 71 แขวงสะพานสอง เขตวังทองหลาง กรุงเทพฯ 10310 เบอร์ "
        "081-734-2295 ขอคืนเงินเข้าพร้อมเพย์เลขบัตรประชาชน 1103700458212 นะคะ")]},
    content=("2411230QK7M91", "ณัฐวุฒิ ศรีสุวรรณ", "88/14 ซอยลาดพร้าว 71", "081-734-2295", "1103700458212"),
)  # fmt: skip

case(
    "th-dulae-phusungayu", "th", "elder-care",
    {"messages": [
        system("คุณเป็นผู้ช่วยของศูนย์ดูแลผู้สูงอายุบ้านสุขใจ ผู้ใช้ที่ล็อกอินอยู่คือ พยาบาลวิมลรัตน์ ทองดี "
               "(wimonrat.t@baansukjai.co.th)"),
        user("สรุปรายงานประจำวันของคุณยายบุญมี แก้วมณี อายุ 84 ปี เลขบัตร 3100600123450 วันนี้ความดัน 168/95 "
             "ยังกินยาแอมโลดิปีน 5 มก. และมีแผลกดทับที่ก้นกบ ญาติคือคุณสมศักดิ์ แก้วมณี โทร 089-552-0714"),
    ]},
    system=("วิมลรัตน์ ทองดี", "wimonrat.t@baansukjai.co.th"),
    content=("บุญมี แก้วมณี", "3100600123450", "แอมโลดิปีน", "แผลกดทับ", "สมศักดิ์ แก้วมณี", "089-552-0714"),
)  # fmt: skip

# ---------------------------------------------------------------- Persian

case(
    "fa-yaddasht-moshavere", "fa", "therapy-notes",
    {"messages": [user(
        "لطفاً یادداشت جلسه‌ی امروز را مرتب کن: مراجع سارا محمدی‌نژاد، کد ملی 0071104860، ۲۹ ساله، با تشخیص "
        "اختلال دوقطبی نوع دو. لیتیوم ۹۰۰ میلی‌گرم مصرف می‌کند و از هفته‌ی پیش افکار خودآسیبی داشته. شماره‌ی "
        "همراه ۰۹۱۲۴۸۳۲۷۱۶، نشانی تهران، خیابان ولیعصر، کوچه‌ی بهار، پلاک ۱۲. روانپزشک او دکتر کامران رستمی است.")]},
    content=("سارا محمدی‌نژاد", "0071104860", "اختلال دوقطبی", "لیتیوم", "۰۹۱۲۴۸۳۲۷۱۶", "کوچه‌ی بهار، پلاک ۱۲",
             "کامران رستمی"),
)  # fmt: skip

case(
    "fa-bilit-parvaz", "fa", "travel-booking",
    {"messages": [
        user("رزرو بلیت استانبول را چک کن."),
        call("booking_lookup", {"pnr": "K7TQ2M"}),
        result({"passenger": "رضا کاظمی‌پور", "passport": "X48217593", "ticket": "096-2184477301",
                "phone": "+98 912 307 4418", "email": "reza.kazemipour@gmail.com"}),
        user("اسم روی بلیت با پاسپورت یکی است؟ یک ایمیل برای آژانس بنویس که صندلی کنار راهرو بخواهد."),
    ], "tools": [tool("booking_lookup", "Looks up a flight booking by its PNR.", {"pnr": "string"})]},
    tool_args=("K7TQ2M",),
    tool_result_escaped=("رضا کاظمی‌پور", "X48217593", "096-2184477301", "+98 912 307 4418",
                         "reza.kazemipour@gmail.com"),
)  # fmt: skip

# ---------------------------------------------------------------- Hindi

case(
    "hi-resume-sudhar", "hi", "cv-job",
    {"messages": [user(
        "मेरा रिज्यूमे ठीक कर दो, बैंक PO की नौकरी के लिए है। नाम: अंकिता शर्मा, पैन BKRPS4821M, आधार 4918 3726 5017, "
        "मोबाइल +91 98201 47735, ईमेल ankita.sharma1995@gmail.com, पता: फ्लैट 302, साई कृपा अपार्टमेंट, "
        "अंधेरी पूर्व, मुंबई 400069. पिछली कंपनी में मेरे मैनेजर राजेश अय्यर थे, उनका नंबर भी डाल दो: 98670 31129")]},
    content=("अंकिता शर्मा", "BKRPS4821M", "4918 3726 5017", "+91 98201 47735", "ankita.sharma1995@gmail.com",
             "साई कृपा अपार्टमेंट", "राजेश अय्यर", "98670 31129"),
)  # fmt: skip

case(
    "hi-ivf-app-dawa", "hi", "ivf-pregnancy",
    {"messages": [
        user("मेरी दवाइयों का रिमाइंडर सेट कर दो।"),
        call("set_reminder", {"patient": "प्रिया वर्मा", "medicine": "Duphaston 10mg", "uhid": "IVF/DEL/22-0918",
                              "phone": "+91 99110 58273"}),
        ok(),
        user("और डॉक्टर से पूछना है: भ्रूण ट्रांसफर के बाद हल्की ब्लीडिंग हो रही है, पति अमित वर्मा साथ आएंगे। "
             "मैसेज लिख दो।"),
    ], "tools": [tool("set_reminder", "Sets a medicine reminder in the fertility app.", {
        "patient": "string", "medicine": "string", "uhid": "string", "phone": "string"})],
     "stop": ["डॉ. नेहा कपूर"]},
    tool_args=("प्रिया वर्मा", "Duphaston 10mg", "IVF/DEL/22-0918", "+91 99110 58273"),
    content=("भ्रूण ट्रांसफर", "अमित वर्मा"),
    stop=("नेहा कपूर",),
)  # fmt: skip

# ---------------------------------------------------------------- Bengali

case(
    "bn-bhorti-abedon", "bn", "university-admissions",
    {"messages": [user(
        "ঢাকা বিশ্ববিদ্যালয়ের ভর্তি আবেদনের জন্য একটা চিঠি লিখে দাও। আবেদনকারী: তাসনিম জাহান রিয়া, এইচএসসি রোল "
        "418273, রেজিস্ট্রেশন 1811047392, জন্ম তারিখ ১৪/০২/২০০৬, জাতীয় পরিচয়পত্র নম্বর 4629187350, মোবাইল "
        "01712-489306, ঠিকানা বাড়ি ২৭, রোড ৯/এ, ধানমন্ডি, ঢাকা। আমার থ্যালাসেমিয়া আছে বলে পরীক্ষার দিন অতিরিক্ত "
        "সময় চাই।")]},
    content=("তাসনিম জাহান রিয়া", "418273", "1811047392", "১৪/০২/২০০৬", "4629187350", "01712-489306",
             "বাড়ি ২৭, রোড ৯/এ", "থ্যালাসেমিয়া"),
)  # fmt: skip

case(
    "bn-kyc-exchange", "bn", "crypto-kyc",
    {"messages": [
        system("You are the support assistant of a crypto exchange. Answer in Bengali."),
        user("আমার KYC আটকে আছে। নাম মো. রাকিবুল হাসান, এনআইডি 19902694817350124, জন্ম ২৩ মার্চ ১৯৯০, ঠিকানা "
             "হোল্ডিং ১১২, স্টেশন রোড, রংপুর। আমার API key বদলাতে হবে, পুরনোটা ছিল "
             "bnx_live_7Hq2LmP9xKd4RvT8sWz1NcYb3Fj6Ge0A, আর 2FA রিকভারি কোড 4827-9163-5520।", name="rakibul_h"),
    ]},
    name=("rakibul_h",),
    content=("রাকিবুল হাসান", "19902694817350124", "২৩ মার্চ ১৯৯০", "হোল্ডিং ১১২, স্টেশন রোড",
             "bnx_live_7Hq2LmP9xKd4RvT8sWz1NcYb3Fj6Ge0A", "4827-9163-5520"),
)  # fmt: skip

# ---------------------------------------------------------------- Swahili

case(
    "sw-wito-mahakamani", "sw", "court-summons",
    {"messages": [user(
        "Nimepokea wito wa mahakama, nisaidie kuandika barua kwa wakili wangu. Kesi ya Madai Na. E4172 ya 2024, "
        "Mahakama ya Hakimu Mkazi Milimani. Mimi ni Wanjiru Kamau Njoroge, kitambulisho 28473915, KRA PIN "
        "A012847395Z, simu 0722 418 309, naishi Kilimani, Argwings Kodhek Road, nyumba Na. 14. Mdai ni "
        "Bw. Otieno Ochieng anayedai Sh 380,000. Wakili wangu ni Bi. Achieng Odhiambo.")]},
    content=("E4172", "Wanjiru Kamau Njoroge", "28473915", "A012847395Z", "0722 418 309", "nyumba Na. 14",
             "Otieno Ochieng", "Achieng Odhiambo"),
)  # fmt: skip

case(
    "sw-jackpot-malipo", "sw", "lottery-payout",
    {"messages": [
        user("nimeshinda jackpot ya mpira, nataka kujua kodi itakatwa kiasi gani"),
        assistant("Hongera! Nchini Kenya ushindi wa bahati nasibu hukatwa kodi ya zuio (withholding tax). Kampuni "
                  "ya michezo ya kubahatisha hukata kabla ya kukulipa."),
        user("sawa. nisaidie kuandika barua ya kudai malipo. namba ya akaunti yangu ya mchezo ni 0711 562 804 "
             "(pia ni M-Pesa), jina Hassan Juma Mwinyi, kitambulisho 31904726, kodi ya ushindi Sh 2,450,000. "
             "msimbo wa tiketi JP-17-88214-KE"),
    ], "tools": [tool("claim_payout",
        "Submits a jackpot payout claim. Agent handling Mombasa claims: Zawadi Mwakasege (+254 733 905 118).",
        {"details": "string"})]},
    tool_desc=("Zawadi Mwakasege", "+254 733 905 118"),
    content=("0711 562 804", "Hassan Juma Mwinyi", "31904726", "JP-17-88214-KE"),
)  # fmt: skip

# ---------------------------------------------------------------- Filipino

case(
    "fil-coins-verification", "fil", "crypto-kyc",
    {"messages": [
        user("i-update mo yung account ko sa exchange, bagong password."),
        call("update_account", {"username": "marivic.dlcruz", "new_password": 'Pasig"2025!ube',
                                "philsys": "4839-2710-5562-9018", "mobile": "0917 845 2261"}),
        ok(),
        user("Salamat! Ngayon sulatan mo ang support: Maria Victoria Dela Cruz ako, taga Blk 14 Lot 6, Villa "
             "Verde Subd., Pasig City. Na-hold yung withdrawal ko na 0.42 BTC. TIN ko 318-447-902-000."),
    ], "tools": [tool("update_account", "Updates an exchange account.", {
        "username": "string", "new_password": "string", "philsys": "string", "mobile": "string"})]},
    tool_args=("marivic.dlcruz", "4839-2710-5562-9018", "0917 845 2261"),
    escaped_quote=('Pasig"2025!ube',),
    content=("Maria Victoria Dela Cruz", "Blk 14 Lot 6, Villa Verde", "318-447-902-000"),
)  # fmt: skip

case(
    "fil-upa-apartment", "fil", "rental-application",
    {"messages": [user(
        "pa-ayos naman ng message ko sa landlord: Magandang araw po, ako po si Jerome Bautista Santos, interesado "
        "po ako sa unit sa Kamuning. Call center agent po ako sa Eastwood, ₱32,000 ang sahod. SSS no. ko po "
        "34-7719028-6, birthday ko Hunyo 9, 1997. Pwede po ba 2 months deposit lang? Contact ko po 0998 214 6630, "
        "jerome.bsantos@yahoo.com. Kasama ko po ang nanay kong si Lorna Santos na may stroke kaya kailangan "
        "ground floor.", name="jerome_bs")]},
    name=("jerome_bs",),
    content=("Jerome Bautista Santos", "34-7719028-6", "Hunyo 9, 1997", "0998 214 6630", "jerome.bsantos@yahoo.com",
             "Lorna Santos", "stroke"),
)  # fmt: skip
