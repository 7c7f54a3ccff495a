"""Held-out leak cases for tests/daemon/test_leaks.py, written without looking at the detector.

Each case is one realistic chat-completions request (clinical notes, HR mail, support tickets,
code with secrets, legal letters, chats, multi-turn conversations, tool calls) in one of a dozen
languages, with the sensitive values planted in it listed per *field* they travel in. A planted
value is an exact substring of the request (before JSON encoding) and must never reach a
lower-trust island. Every value here is invented: the people, addresses and numbers belong to
nobody (documentation IBANs, test card numbers, example.* domains, checksum-valid made-up IDs).

Fields: ``content`` (a string message), ``parts`` (text content parts), ``system``, ``name``
(the message's ``name``), ``multi_turn`` (a value that is obvious only in a later message but
also sits in an earlier one), ``tool_desc`` / ``tool_param_desc`` / ``tool_enum`` /
``tool_fn_name`` (tool definitions), ``tool_args`` / ``tool_args_number`` (an assistant turn's
tool-call arguments, JSON; the latter a JSON *number*), ``tool_result`` / ``tool_result_escaped``
(a tool message; the latter JSON with ``\\uXXXX`` escapes), ``stop``, ``extra_key`` (a key on a
message that OpenAI does not define), ``image_url`` (an image part: must be refused) and
``escaped_quote`` (a secret with a ``"`` in it).

``expect``: ``either`` = refused with a 4xx (nothing sent) or sanitised, as the user allows;
``sanitize`` = it must be sent sanitised (a refusal is the bug issue 16 names: a value learnt in
a later message must be replaced in the earlier ones too, not make the guard refuse);
``refuse`` = it must be refused (content that cannot be sanitised).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

__all__ = ["CASES", "LeakCase"]


@dataclass(frozen=True)
class LeakCase:
    id: str
    lang: str
    domain: str
    body: dict[str, Any]
    planted: dict[str, tuple[str, ...]]
    expect: str = "either"
    notes: str = field(default="", compare=False)

    def __repr__(self) -> str:  # the id only: failures should not print the planted values
        return f"LeakCase({self.id})"

    def values(self) -> list[tuple[str, str]]:
        """(field, value) for every planted value."""
        return [(f, v) for f, values in self.planted.items() for v in values]


def u(text: str, **extra: Any) -> dict[str, Any]:
    return {"role": "user", "content": text, **extra}


def a(text: str) -> dict[str, Any]:
    return {"role": "assistant", "content": text}


def s(text: str) -> dict[str, Any]:
    return {"role": "system", "content": text}


def call(call_id: str, name: str, args: dict[str, Any] | str) -> dict[str, Any]:
    arguments = args if isinstance(args, str) else json.dumps(args, ensure_ascii=False)
    return {
        "role": "assistant",
        "content": None,
        "tool_calls": [{"id": call_id, "type": "function", "function": {"name": name, "arguments": arguments}}],
    }


def result(call_id: str, content: str) -> dict[str, Any]:
    return {"role": "tool", "tool_call_id": call_id, "content": content}


def tool(name: str, description: str, properties: dict[str, Any]) -> dict[str, Any]:
    parameters = {"type": "object", "properties": properties}
    return {"type": "function", "function": {"name": name, "description": description, "parameters": parameters}}


def escaped(record: dict[str, Any]) -> str:
    """A tool result as many APIs return it: JSON with every non-ASCII character as \\uXXXX."""
    return json.dumps(record, ensure_ascii=True)


def c(id: str, lang: str, domain: str, body: dict[str, Any] | list[dict[str, Any]], expect: str = "either",
      **planted: tuple[str, ...]) -> LeakCase:  # fmt: skip
    return LeakCase(id, lang, domain, {"messages": body} if isinstance(body, list) else body, planted, expect)


STR = {"type": "string"}

# fmt: off
CASES: list[LeakCase] = [
    # ------------------------------------------------------------------ English
    c("en-clinical-discharge", "en", "clinical", [u(
        "Discharge summary draft, please tidy up the wording:\nPatient: Harold Beckwith, DOB 14/03/1958, "
        "MRN 00482913. Address: 27 Larkspur Lane, Dayton, OH 45402. Admitted with community-acquired "
        "pneumonia; background of COPD and type 2 diabetes on metformin 500 mg twice daily and tiotropium. "
        "Wife Glenda can be reached at (937) 555-0143.")],
        content=("Beckwith", "14/03/1958", "00482913", "27 Larkspur Lane", "pneumonia", "COPD", "type 2 diabetes",
                 "metformin", "tiotropium", "(937) 555-0143")),
    c("en-hr-medical-leave", "en", "hr", [u(
        "Hi Priya, quick heads-up before Thursday's review: Marcus Oyelaran (employee no. EMP-204817) is going "
        "on medical leave from 3 June for treatment of major depressive disorder. Please move his salary "
        "payments to the new account, sort code 20-45-77, account 43918260. Keep this between us. Jen")],
        content=("Oyelaran", "EMP-204817", "major depressive disorder", "20-45-77", "43918260")),
    c("en-support-card", "en", "support", [u(
        "Order A-55821 was charged twice. Card 4111 1111 1111 1111, exp 09/28, CVV 737, billing name Dolores "
        "Fairweather, 1182 Whitmore Ave, Apt 4B, Portland, OR 97205. Refund to the same card please. "
        "Phone +1 503-555-0187, email d.fairweather@example.net")],
        content=("4111 1111 1111 1111", "09/28", "737", "Fairweather", "1182 Whitmore Ave", "+1 503-555-0187",
                 "d.fairweather@example.net")),
    c("en-code-secrets", "en", "code", [u(
        "Why does boto3 say the signature does not match? My settings.py:\n```python\n"
        'AWS_ACCESS_KEY_ID = "AKIAZ7Q4M2LX9PRT5VNE"\n'
        'AWS_SECRET_ACCESS_KEY = "wJ8rXq2/Kp9vLm4Tn7Zb+Yc3Hd6Fs1Ge5Au0QiOw"\n'
        'STRIPE_KEY = "sk_live_51MzT8vKq4Rb2Xy7Np3Lc9Wd6"\n'
        'DATABASE_URL = "postgresql://billing:Gr4nite-Falcon-93@db.internal.example:5432/billing"\n```')],
        content=("AKIAZ7Q4M2LX9PRT5VNE", "wJ8rXq2/Kp9vLm4Tn7Zb+Yc3Hd6Fs1Ge5Au0QiOw",
                 "sk_live_51MzT8vKq4Rb2Xy7Np3Lc9Wd6", "Gr4nite-Falcon-93")),
    c("en-chat-jwt", "en", "code", [u(
        "My API call fails with 401. I send Authorization: Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
        "eyJzdWIiOiI4ODE5MjMiLCJuYW1lIjoiS2FyYSBWZWxsIiwiaWF0IjoxNzE2MjM5MDIyfQ."
        "4Xq9cT1nVb8mZ2rL5kP7wY3sD6fH0jG1aE9uI4oQ2tM - is the token expired?")],
        content=("eyJzdWIiOiI4ODE5MjMiLCJuYW1lIjoiS2FyYSBWZWxsIiwiaWF0IjoxNzE2MjM5MDIyfQ",
                 "4Xq9cT1nVb8mZ2rL5kP7wY3sD6fH0jG1aE9uI4oQ2tM")),
    c("en-legal-tenancy", "en", "legal", [u(
        "Please redraft this letter more formally: Re: tenancy at Flat 3, 19 Camberwell Grove, London SE5 8JA. "
        "Our client, Mr Oluwaseun Adeyemi-Hart (NI number QQ 12 34 56 C), disputes the deduction of GBP 1,450 "
        "from his deposit. The county court claim number is K01CL482.")],
        content=("19 Camberwell Grove", "SE5 8JA", "Adeyemi-Hart", "QQ 12 34 56 C", "K01CL482")),
    c("en-chat-crypto-social", "en", "chat", [u(
        "send the 0.42 BTC refund to bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq not my old address "
        "1BoatSLRHtKNngkdXEeobR76b53LETtpyT. the USDC goes to 0x52908400098527886E0F7030069857D2E4169EE7. "
        "dm me on telegram @quietfalcon_88 or insta @lena.borowski.art")],
        content=("bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", "1BoatSLRHtKNngkdXEeobR76b53LETtpyT",
                 "0x52908400098527886E0F7030069857D2E4169EE7", "@quietfalcon_88", "lena.borowski")),
    c("en-insurance-ids", "en", "support", [u(
        "My claim was rejected. Policy number HLX-7782-0041-B, member ID MBR00938271. It was for my son's ADHD "
        "assessment and his methylphenidate prescription. Can you write an appeal?")],
        content=("HLX-7782-0041-B", "MBR00938271", "ADHD", "methylphenidate")),
    c("en-name-field", "en", "chat", [
        s("You are a meeting assistant."),
        u("Can you turn my notes into three bullets? We agreed to hire two engineers in Q3.", name="maria_kowalski")],
        name=("maria_kowalski",)),
    c("en-stop-name", "en", "support", {
        "messages": [u("Continue this support transcript with the agent's next line only.\nAgent: Hello, how can I "
                       "help?\nCustomer: my router keeps dropping the connection every evening.\nAgent:")],
        "stop": ["\nTheodora Vance:", "\nCustomer:"]},
        stop=("Theodora Vance",)),
    c("en-tool-definitions", "en", "tool", {
        "messages": [u("Page the on-call doctor about the patient in bed 12.")],
        "tools": [tool("notify_on_call",
                       "Pages the on-call doctor, currently Dr. Rosalind Achterberg (pager 07700 900461).",
                       {"ward": {"type": "string", "description": "Ward code; Dr. Achterberg covers ward 7B"},
                        "patient": {"type": "string", "enum": ["Bertram Quillfeather", "Ines Marchetti-Rowe"]}})]},
        tool_desc=("Achterberg", "07700 900461"), tool_enum=("Quillfeather", "Marchetti-Rowe")),
    c("en-tool-args-number", "en", "tool", {
        "messages": [
            u("Pay Siobhan for the kitchen work from my current account."),
            call("call_1", "transfer_funds", {"from_account": 40916284, "to_iban": "GB82 WEST 1234 5698 7654 32",
                                              "beneficiary": "Siobhan Gallagher-Reyes", "amount": 250}),
            result("call_1", '{"status": "ok", "reference": "TX-99120"}'),
            u("Do the same transfer again next month.")],
        "tools": [tool("transfer_funds", "Transfers money between accounts.",
                       {"from_account": {"type": "integer"}, "to_iban": STR, "beneficiary": STR,
                        "amount": {"type": "number"}})]},
        tool_args_number=("40916284",), tool_args=("GB82 WEST 1234 5698 7654 32", "Gallagher-Reyes")),
    c("en-multi-turn-order", "en", "chat", [
        u("what did okonkwo-blaise say about the deadline again?"),
        a("You mentioned earlier that the deadline might move to Friday."),
        u("Right. For the record my colleague is Chidera Okonkwo-Blaise, chidera.ob@example.com, "
          "mobile +44 7700 900823. Draft a note asking her to confirm.")], "sanitize",
        multi_turn=("okonkwo-blaise",), content=("chidera.ob@example.com", "+44 7700 900823")),
    c("en-extra-key", "en", "support", [
        u("Summarise the customer's complaint in one line: the parcel arrived damaged and late.",
          customer={"email": "rupert.haverbrook@example.co.uk", "phone": "+44 20 7946 0321"})],
        extra_key=("rupert.haverbrook@example.co.uk", "+44 20 7946 0321")),
    c("en-escaped-quote", "en", "code", [u(
        "Our deploy script fails because the password contains a quote: export DB_PASS='q7\"Vx!29mKp#Lr'. "
        "How do I escape it properly in bash?")],
        escaped_quote=('q7"Vx!29mKp#Lr', "Vx!29mKp#Lr")),
    c("en-escaped-quote-tool-args", "en", "tool", {
        "messages": [
            u("Store the new SMTP password in the vault."),
            call("call_7", "set_secret", {"name": "SMTP_PASSWORD", "value": 'Zr8"pL0w!Qe5-Tuv'}),
            result("call_7", '{"ok": true}'),
            u("Now set it once more, same value.")],
        "tools": [tool("set_secret", "Stores a secret.", {"name": STR, "value": STR})]},
        escaped_quote=('Zr8"pL0w!Qe5-Tuv', "pL0w!Qe5-Tuv")),
    c("en-image-part", "en", "clinical", [{"role": "user", "content": [
        {"type": "text", "text": "What does this scan of Mrs Halvorsen's wrist show?"},
        {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfF"
                                                   "cSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="}}]}],
        "refuse", image_url=("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQ",)),
    c("en-obfuscated", "en", "chat", [u(
        "New contact details for the newsletter: marguerite dot okafor at protonmail dot com. Patient "
        "Joh\u200banna Ruiz-Ferreira (born 1990-02-11) wants the v\u043elkov.andrei@example.com thread cc'd.")],
        content=("okafor", "Ruiz-Ferreira", "1990-02-11", "v\u043elkov.andrei@example.com")),
    c("en-lowercase-chat", "en", "chat", [u(
        "hey its dave mcallister lol, new number is 07911 123456 and my addy is 14 kingsley rd, leeds ls6 2aa. "
        "can u write a msg to the landlord saying the boiler is broken")],
        content=("mcallister", "07911 123456", "14 kingsley rd", "ls6 2aa")),
    c("en-secrets-recovery", "en", "support", [u(
        "I am locked out of my bank app. Backup codes I saved: 4829-1736, 9051-2284. TOTP seed JBSWY3DPEHPK3PXP. "
        "Card PIN is 4417. My basic auth header is Basic YWRtaW46UzNjcjN0UGFzcyE=. What should I do first?")],
        content=("4829-1736", "9051-2284", "JBSWY3DPEHPK3PXP", "4417", "YWRtaW46UzNjcjN0UGFzcyE=")),
    c("en-system-prompt", "en", "clinical", [
        s("You are the assistant of Dr. Evangeline Thornbury's practice (NPI 1234567893, 44 Elm Street, Ithaca). "
          "Be brief."),
        u("Draft a reminder for tomorrow's appointments.")],
        system=("Thornbury", "1234567893", "44 Elm Street")),
    c("en-tool-function-name", "en", "tool", {
        "messages": [u("Fetch the latest lab records.")],
        "tools": [tool("get_labs_for_harriet_blackwood", "Returns lab results.", {"since": STR})]},
        tool_fn_name=("harriet_blackwood",)),
    # ------------------------------------------------------------------ German
    c("de-clinical", "de", "clinical", [u(
        "Arztbrief-Entwurf, bitte in verständlicher Sprache zusammenfassen: Frau Hildegard Brünnhofer, geb. "
        "02.11.1949, wohnhaft Lindenstraße 14, 80331 München, Versichertennummer A123456780. Diagnosen: "
        "Vorhofflimmern, chronische Niereninsuffizienz Stadium 3. Medikation: Apixaban 5 mg 1-0-1, Torasemid 10 mg.")],
        content=("Brünnhofer", "02.11.1949", "Lindenstraße 14", "A123456780", "Vorhofflimmern", "Niereninsuffizienz",
                 "Apixaban", "Torasemid")),
    c("de-hr", "de", "hr", [u(
        "Betreff: Austritt Herr Tobias Wendelken, Personalnummer P-0048213, Steuer-ID 86095742719, "
        "IBAN DE89 3704 0044 0532 0130 00. Er war seit März wegen Burnout krankgeschrieben. "
        "Bitte ein wohlwollendes Arbeitszeugnis formulieren.")],
        content=("Wendelken", "P-0048213", "86095742719", "DE89 3704 0044 0532 0130 00", "Burnout")),
    c("de-support-name-field", "de", "support", [u(
        "Mein Passwort für das Kundenportal lautet Sonnenblume#1987 und funktioniert nicht mehr. "
        "Kundennummer KD-558120. Was kann ich tun?", name="lukas_hoffmeister")],
        name=("lukas_hoffmeister",), content=("Sonnenblume#1987", "KD-558120")),
    c("de-legal-stop", "de", "legal", {
        "messages": [u(
            "Schreibe die Antwort der Kanzlei an Herrn Kemal Yıldırım-Schulz, Aktenzeichen 3 O 214/23, wegen der "
            "Mietminderung in der Wohnung Kastanienallee 7, 10435 Berlin.")],
        "stop": ["Dr. Friederike Obermaier-Lantz"]},
        content=("Yıldırım-Schulz", "3 O 214/23", "Kastanienallee 7"), stop=("Obermaier-Lantz",)),
    c("de-tool-result-escaped", "de", "tool", {
        "messages": [
            u("Such den Kunden AT-77120 heraus."),
            call("call_2", "lookup_customer", {"kunden_nr": "AT-77120"}),
            result("call_2", escaped({"kunde": "Jürgen Größlinger", "strasse": "Bahnhofstraße 21", "ort": "Graz",
                                      "telefon": "+43 316 872 4415", "diagnose": "Multiple Sklerose"})),
            u("Fasse den Datensatz in zwei Sätzen zusammen.")],
        "tools": [tool("lookup_customer", "Sucht einen Kunden.", {"kunden_nr": STR})]},
        tool_result_escaped=("Größlinger", "Bahnhofstraße 21", "+43 316 872 4415", "Multiple Sklerose"),
        tool_args=("AT-77120",)),
    c("de-multi-turn", "de", "chat", [
        u("Hat die Schmidtbauer schon geantwortet?"),
        a("Nein, bisher ist keine Antwort gekommen."),
        u("Dann schreib Frau Annegret Schmidtbauer an: annegret.s@example.de, Tel. 0171 2345678. "
          "Freundlich nachfragen.")], "sanitize",
        multi_turn=("Schmidtbauer",), content=("annegret.s@example.de", "0171 2345678")),
    c("de-chat-parts", "de", "chat", [{"role": "user", "content": [
        {"type": "text", "text": "Meine Tochter hat seit gestern Scharlach."},
        {"type": "text", "text": "Unser Kinderarzt Dr. Volkmar Riedesel, Goethestraße 3, Tel. 089 4411 2290, hat "
                                 "Amoxicillin verschrieben. Wie lange ist sie ansteckend?"}]}],
        parts=("Scharlach", "Riedesel", "Goethestraße 3", "089 4411 2290", "Amoxicillin")),
    # ------------------------------------------------------------------ French
    c("fr-clinical", "fr", "clinical", [u(
        "Compte rendu à reformuler : Mme Solange Dufresne-Marchal, née le 17/08/1962, NIR 2 62 08 75 115 042 09, "
        "demeurant 12 rue des Lilas, 69003 Lyon. Antécédents : sclérose en plaques, dépression sévère. "
        "Traitement : fingolimod, sertraline 50 mg.")],
        content=("Dufresne-Marchal", "17/08/1962", "2 62 08 75 115 042 09", "12 rue des Lilas", "sclérose en plaques",
                 "dépression", "fingolimod", "sertraline")),
    c("fr-hr", "fr", "hr", [u(
        "Bonjour Camille, suite à l'entretien, M. Grégoire Lefebvre-Nkoulou (matricule RH-3390-17) part en congé "
        "maladie pour un trouble bipolaire. Merci de verser son solde sur FR76 3000 6000 0112 3456 7890 189. "
        "Cordialement, Hélène")],
        content=("Lefebvre-Nkoulou", "RH-3390-17", "trouble bipolaire", "FR76 3000 6000 0112 3456 7890 189")),
    c("fr-support-tool-args", "fr", "tool", {
        "messages": [
            u("Mets à jour l'adresse de la cliente."),
            call("call_3", "update_client", {"client": "Apolline Vasseur", "adresse": "8 avenue Jean Jaurès, Bordeaux",
                                             "telephone": "+33 6 12 34 56 78", "carte": 4974012345678915}),
            result("call_3", '{"ok": true}'),
            u("Refais la même mise à jour sur le compte de facturation.")],
        "tools": [tool("update_client", "Met à jour un client.", {"client": STR, "adresse": STR, "telephone": STR,
                                                                  "carte": {"type": "integer"}})]},
        tool_args=("Vasseur", "8 avenue Jean Jaurès", "+33 6 12 34 56 78"), tool_args_number=("4974012345678915",)),
    c("fr-legal-name-field", "fr", "legal", [u(
        "Rédige une mise en demeure à M. Thierry Valcourt, 45 boulevard Haussmann, 75009 Paris, pour loyers "
        "impayés depuis janvier (dossier n° LIT-2024-0883).", name="benedicte_arnoux")],
        name=("benedicte_arnoux",), content=("Valcourt", "45 boulevard Haussmann", "LIT-2024-0883")),
    c("fr-chat-obfuscated", "fr", "chat", [u(
        "écris-moi à jeanne point morvillier arobase gmail point com, ou sur insta @jeanne.morvillier_ ; "
        "mon code de récupération est 7F3K-Q9WD-22LM-X8PA, garde-le pour moi")],
        content=("morvillier", "7F3K-Q9WD-22LM-X8PA")),
    c("fr-tool-enum", "fr", "tool", {
        "messages": [u("Assigne le dossier de litige au bon conseiller.")],
        "tools": [tool("assigner_dossier", "Assigne un dossier à un conseiller.",
                       {"conseiller": {"type": "string", "enum": ["Mathilde Roussel-Aubry", "Karim Benslimane"]},
                        "client": {"type": "string",
                                   "description": "numéro client, par ex. CLI-0048812 (Mme Oudin)"}})]},
        tool_enum=("Roussel-Aubry", "Benslimane"), tool_param_desc=("CLI-0048812", "Oudin")),
    # ------------------------------------------------------------------ Spanish
    c("es-clinical", "es", "clinical", [u(
        "Nota de evolución: paciente Rosario Villaseñor Echeverría, DNI 12345678Z, historia clínica HC-0092714, "
        "domicilio Calle del Olivo 23, 3ºB, 28012 Madrid, teléfono 612 345 678. Diagnóstico: VIH en tratamiento con "
        "Biktarvy, trastorno de ansiedad generalizada. Redáctala más clara.")],
        content=("Villaseñor", "12345678Z", "HC-0092714", "Calle del Olivo 23", "612 345 678", "VIH", "Biktarvy",
                 "trastorno de ansiedad")),
    c("es-hr", "es", "hr", [u(
        "Hola Marta: a Joaquín Berrocal Ibáñez (nº de empleado 44721) le han diagnosticado cáncer de colon y "
        "estará de baja. Su cuenta para la nómina: ES91 2100 0418 4502 0005 1332. No lo comentes con el equipo.")],
        content=("Berrocal", "44721", "cáncer de colon", "ES91 2100 0418 4502 0005 1332")),
    c("es-support-card", "es", "support", [u(
        "Hola, me cobraron dos veces. Tarjeta 5555 5555 5555 4444, caducidad 11/27, código de seguridad 318. "
        "Titular: Inmaculada Zorrilla Peñafiel. Mi correo es inma.zorrilla@example.es")],
        content=("5555 5555 5555 4444", "11/27", "318", "Zorrilla", "inma.zorrilla@example.es")),
    c("es-multi-turn", "es", "legal", [
        u("¿Le mandaste el contrato a Quiroga?"),
        a("Sí, se lo envié ayer por la tarde."),
        u("Perfecto. Los datos de Esteban Quiroga Landa para la factura: NIF 48291736Q, calle Mayor 5, Zaragoza.")],
        "sanitize", multi_turn=("Quiroga",), content=("48291736Q", "calle Mayor 5")),
    c("es-tool-result-escaped", "es", "tool", {
        "messages": [
            u("Busca la ficha del paciente 5521."),
            call("call_4", "buscar_paciente", {"id": "5521"}),
            result("call_4", escaped({"paciente": "José Núñez Aldana", "alergias": "penicilina",
                                      "diagnóstico": "epilepsia", "teléfono": "+34 655 123 987"})),
            u("Resume la ficha para la enfermera.")],
        "tools": [tool("buscar_paciente", "Busca un paciente.", {"id": STR})]},
        tool_result_escaped=("José Núñez", "Núñez", "penicilina", "epilepsia", "+34 655 123 987")),
    c("es-stop", "es", "support", {
        "messages": [u("Continúa el diálogo de atención al cliente:\nAgente: ¿En qué puedo ayudarle?\nCliente:")],
        "stop": ["\nLucía Campoamor:"]},
        stop=("Campoamor",)),
    # ------------------------------------------------------------------ Polish
    c("pl-clinical", "pl", "clinical", [u(
        "Karta informacyjna: pacjent Zbigniew Przybyłowicz, PESEL 44051401359, zam. ul. Kwiatowa 12/4, "
        "31-444 Kraków. Rozpoznanie: cukrzyca typu 2, nadciśnienie tętnicze. Leki: metformina 1000 mg, "
        "ramipryl 5 mg. Proszę uprościć język.")],
        content=("Przybyłowicz", "44051401359", "Kwiatowa 12/4", "31-444", "cukrzyca typu 2", "nadciśnienie",
                 "metformina", "ramipryl")),
    c("pl-hr-name-field", "pl", "hr", [u(
        "Proszę przygotować aneks do umowy dla Pani Agnieszki Wróblewskiej (nr pracownika PR-10293), "
        "NIP 526-104-08-28, konto PL61 1090 1014 0000 0712 1981 2874.", name="maria_kowalski")],
        name=("maria_kowalski",), content=("Wróblewskiej", "PR-10293", "526-104-08-28",
                                           "PL61 1090 1014 0000 0712 1981 2874")),
    c("pl-support", "pl", "support", [u(
        "Dzień dobry, nie mogę się zalogować. Login: tomasz.grabarczyk, hasło: Jesień2023!Mazury, "
        "telefon 601 234 567. Numer klienta 0083-551-902.")],
        content=("grabarczyk", "Jesień2023!Mazury", "601 234 567", "0083-551-902")),
    c("pl-multi-turn", "pl", "clinical", [
        u("Czy Gąsiorowska już dostała wyniki?"),
        a("Nie mam jeszcze tej informacji."),
        u("Pani Halina Gąsiorowska, tel. +48 512 998 340. Wyniki: depresja umiarkowana, leczenie sertraliną. "
          "Napisz do niej krótką wiadomość.")], "sanitize",
        multi_turn=("Gąsiorowska",), content=("+48 512 998 340", "depresja", "sertraliną")),
    c("pl-tool-args", "pl", "tool", {
        "messages": [
            u("Zarezerwuj wizytę kontrolną."),
            call("call_5", "zarezerwuj_wizyte", {"pacjent": "Krystyna Lewandowska-Mróz", "pesel": "02270803624",
                                                 "powod": "kontrola po zawale serca"}),
            result("call_5", '{"termin": "2025-03-04T10:00"}'),
            u("Przełóż ją o tydzień.")],
        "tools": [tool("zarezerwuj_wizyte", "Rezerwuje wizytę.", {"pacjent": STR, "pesel": STR, "powod": STR})]},
        tool_args=("Lewandowska-Mróz", "02270803624", "zawale")),
    c("pl-extra-key", "pl", "support", [
        u("Odpowiedz klientowi, że zwrot został zlecony.",
          metadata={"notatka": "Klient Wojciech Szczepański, karta 4012 8888 8888 1881"})],
        extra_key=("Szczepański", "4012 8888 8888 1881")),
    # ------------------------------------------------------------------ Chinese
    c("zh-clinical", "zh", "clinical", [u(
        "病历摘要：患者王秀英，女，身份证号11010519491231002X，住址北京市朝阳区建国路88号3单元502室，电话13812345678。"
        "诊断：乙型肝炎、抑郁症。用药：恩替卡韦0.5mg。请整理成通俗的说明。")],
        content=("王秀英", "11010519491231002X", "建国路88号", "13812345678", "乙型肝炎", "抑郁症", "恩替卡韦")),
    c("zh-hr", "zh", "hr", [u(
        "张经理您好，员工李建国（工号HR-20318）因胃癌需要长期病假，工资请转到他的招商银行卡6225880137705563。")],
        content=("李建国", "HR-20318", "胃癌", "6225880137705563")),
    c("zh-support-name-field", "zh", "support", [u(
        "我的账号密码是 Xy@2024beijing，登录不了。邮箱chen.jiahui@example.cn，手机号+86 139 1234 5678。",
        name="chen_jiahui")],
        name=("chen_jiahui",), content=("Xy@2024beijing", "chen.jiahui@example.cn", "+86 139 1234 5678")),
    c("zh-tool-result-escaped", "zh", "tool", {
        "messages": [
            u("查一下这个保单。"),
            call("call_6", "lookup_policy", {"policy": "PA-8837261"}),
            result("call_6", escaped({"客户": "刘德明", "地址": "上海市徐汇区漕溪北路398号", "电话": "021-64871234"})),
            u("用一句话总结。")],
        "tools": [tool("lookup_policy", "查询保单", {"policy": STR})]},
        tool_result_escaped=("刘德明", "漕溪北路398号", "021-64871234"), tool_args=("PA-8837261",)),
    c("zh-multi-turn", "zh", "chat", [
        u("赵丽华那边怎么说？"),
        a("目前还没有回复。"),
        u("请给赵丽华女士写封邮件，邮箱zhao.lihua@example.com，电话15900001111。")], "sanitize",
        multi_turn=("赵丽华",), content=("zhao.lihua@example.com", "15900001111")),
    c("zh-stop", "zh", "support", {
        "messages": [u("继续这段客服对话：\n客服：您好，请问有什么可以帮您？\n客户：")],
        "stop": ["\n周子轩："]},
        stop=("周子轩",)),
    # ------------------------------------------------------------------ Japanese
    c("ja-clinical", "ja", "clinical", [u(
        "診療情報提供書：患者 佐々木美穂 様（昭和52年4月3日生）、住所 東京都世田谷区北沢2-14-7、電話 090-1234-5678。"
        "診断：統合失調症、2型糖尿病。処方：オランザピン10mg、メトホルミン。わかりやすく要約してください。")],
        content=("佐々木美穂", "昭和52年4月3日", "北沢2-14-7", "090-1234-5678", "統合失調症", "2型糖尿病",
                 "オランザピン", "メトホルミン")),
    c("ja-hr", "ja", "hr", [u(
        "人事部各位　社員番号JP-558201の高橋健太郎さんが適応障害で休職します。マイナンバー123456789018、"
        "給与口座は普通預金4820913です。")],
        content=("高橋健太郎", "JP-558201", "適応障害", "123456789018", "4820913")),
    c("ja-support-fullwidth", "ja", "support", [u(
        "ログインできません。メール：ｙｕｋｉ．ｍａｔｓｕｄａ＠ｅｘａｍｐｌｅ．ｊｐ、電話：０９０－８７６５－４３２１、"
        "会員番号M-00239918。")],
        content=("ｙｕｋｉ．ｍａｔｓｕｄａ＠ｅｘａｍｐｌｅ．ｊｐ", "０９０－８７６５－４３２１", "M-00239918")),
    c("ja-tool-args", "ja", "tool", {
        "messages": [
            u("予約を登録して。"),
            call("call_8", "book_appointment", {"氏名": "中村優子", "生年月日": "1988-07-21", "症状": "パニック障害"}),
            result("call_8", '{"ok": true}'),
            u("同じ内容で来週も予約して。")],
        "tools": [tool("book_appointment", "予約を登録する", {"氏名": STR, "生年月日": STR, "症状": STR})]},
        tool_args=("中村優子", "1988-07-21", "パニック障害")),
    c("ja-name-stop", "ja", "chat", {
        "messages": [u("この会話の続きを書いてください。\n店員：いらっしゃいませ。\n客：", name="yamamoto_takeshi")],
        "stop": ["\n山本剛："]},
        name=("yamamoto_takeshi",), stop=("山本剛",)),
    c("ja-multi-turn", "ja", "chat", [
        u("小林さんから連絡ありました？"),
        a("まだありません。"),
        u("小林由美子さん（yumiko.k@example.jp、080-2222-3333）に確認のメールを書いてください。")], "sanitize",
        multi_turn=("小林",), content=("由美子", "yumiko.k@example.jp", "080-2222-3333")),
    # ------------------------------------------------------------------ Arabic
    c("ar-clinical", "ar", "clinical", [u(
        "ملخص الخروج: المريض محمد عبد الله الشمري، رقم الهوية الوطنية 1012345678، العنوان: شارع الملك فهد، حي العليا، "
        "الرياض 12211، الهاتف +966 50 123 4567. التشخيص: داء السكري من النوع الثاني مع اكتئاب. العلاج: الإنسولين.")],
        content=("الشمري", "1012345678", "شارع الملك فهد", "+966 50 123 4567", "السكري", "اكتئاب", "الإنسولين")),
    c("ar-hr", "ar", "hr", [u(
        "السيدة فاطمة بن علي (الرقم الوظيفي EMP-77310) في إجازة مرضية بسبب حمل عالي الخطورة. يرجى تحويل راتبها إلى "
        "الحساب AE07 0331 2345 6789 0123 456.")],
        content=("بن علي", "EMP-77310", "حمل عالي الخطورة", "AE07 0331 2345 6789 0123 456")),
    c("ar-support-name-field", "ar", "support", [u(
        "لا أستطيع الدخول إلى حسابي. بريدي khaled.haddad@example.ae ورقم هاتفي 0501234567، وكلمة المرور القديمة "
        "كانت Sahara!2022", name="khaled_haddad")],
        name=("khaled_haddad",), content=("khaled.haddad@example.ae", "0501234567", "Sahara!2022")),
    c("ar-tool-result-escaped", "ar", "tool", {
        "messages": [
            u("ابحث عن العميل."),
            call("call_9", "find_customer", {"query": "latest"}),
            result("call_9", escaped({"الاسم": "يوسف الحربي", "الهوية": "784-1985-1234567-1",
                                      "الهاتف": "+971 55 765 4321"})),
            u("لخّص البيانات.")],
        "tools": [tool("find_customer", "يبحث عن عميل", {"query": STR})]},
        tool_result_escaped=("الحربي", "784-1985-1234567-1", "+971 55 765 4321")),
    c("ar-multi-turn", "ar", "chat", [
        u("هل ردّت القحطاني؟"),
        a("ليس بعد."),
        u("أرسل رسالة إلى نورة القحطاني على البريد noura.q@example.sa والهاتف +966 55 987 6543.")], "sanitize",
        multi_turn=("القحطاني",), content=("noura.q@example.sa", "+966 55 987 6543")),
    # ------------------------------------------------------------------ Russian
    c("ru-clinical", "ru", "clinical", [u(
        "Выписка: пациентка Светлана Игоревна Кузнецова, 12.05.1971 г.р., СНИЛС 112-233-445 95, полис ОМС "
        "7712 3456 7890 1234, адрес: г. Москва, ул. Профсоюзная, д. 45, кв. 12. Диагноз: ВИЧ-инфекция, туберкулёз "
        "лёгких. Лечение: долутегравир. Сократи текст.")],
        content=("Кузнецова", "12.05.1971", "112-233-445 95", "7712 3456 7890 1234", "Профсоюзная, д. 45", "ВИЧ",
                 "туберкулёз", "долутегравир")),
    c("ru-hr", "ru", "hr", [u(
        "Коллеги, сотрудник Артём Белозёрский (табельный номер 00-4417) уходит на лечение от алкогольной "
        "зависимости. Паспорт 45 12 345678, ИНН 500100732259. Прошу не разглашать.")],
        content=("Белозёрский", "00-4417", "алкогольной зависимости", "45 12 345678", "500100732259")),
    c("ru-code-secrets", "ru", "code", [u(
        "Вот мой конфиг, почему бот не подключается?\n```\nTELEGRAM_BOT_TOKEN=6123456789:AAHfK3x9Lq_Zp2Wm8Rt5Yv1Bn4Cd7"
        "Ef0Gh\nDB_PASSWORD=Вишня_2024!\n```")],
        content=("AAHfK3x9Lq_Zp2Wm8Rt5Yv1Bn4Cd7Ef0Gh", "Вишня_2024!")),
    c("ru-tool-args-number", "ru", "tool", {
        "messages": [
            u("Оплати счёт за аренду."),
            call("call_10", "pay_invoice", {"плательщик": "Дмитрий Соколовский", "счёт": 40817810099910004312,
                                            "бик": "044525225", "сумма": 45000}),
            result("call_10", '{"status": "paid"}'),
            u("Повтори платёж в следующем месяце.")],
        "tools": [tool("pay_invoice", "Оплачивает счёт", {"плательщик": STR, "счёт": {"type": "integer"}, "бик": STR,
                                                            "сумма": {"type": "number"}})]},
        tool_args=("Соколовский", "044525225"), tool_args_number=("40817810099910004312",)),
    c("ru-extra-key", "ru", "support", [
        u("Кратко ответь клиенту, что заказ отправлен.",
          client_info={"ФИО": "Ольга Вершинина", "телефон": "+7 916 123-45-67"})],
        extra_key=("Вершинина", "+7 916 123-45-67")),
    c("ru-multi-turn", "ru", "chat", [
        u("Мельников прислал документы?"),
        a("Пока нет."),
        u("Напомни Игорю Мельникову: igor.m@example.ru, +7 903 555-12-34.")], "sanitize",
        multi_turn=("Мельников",), content=("igor.m@example.ru", "+7 903 555-12-34")),
    # ------------------------------------------------------------------ other languages
    c("pt-clinical", "pt", "clinical", [u(
        "Paciente Conceição Albuquerque Figueiredo, CPF 123.456.789-09, Rua das Flores 120, São Paulo. "
        "Diagnóstico: lúpus eritematoso sistêmico; em uso de hidroxicloroquina. Resuma para a família.")],
        content=("Figueiredo", "123.456.789-09", "Rua das Flores 120", "lúpus", "hidroxicloroquina")),
    c("it-hr", "it", "hr", [u(
        "Ciao Giulia, il dipendente Ludovico Santangelo (matricola IT-88213, codice fiscale SNTLDV85M12H501Z) è in "
        "malattia per un'ernia del disco. IBAN IT60 X054 2811 1010 0000 0123 456.")],
        content=("Santangelo", "IT-88213", "SNTLDV85M12H501Z", "ernia del disco", "IT60 X054 2811 1010 0000 0123 456")),
    c("it-tool-desc-secret", "it", "tool", {
        "messages": [u("Trova gli ordini aperti di questa settimana.")],
        "tools": [tool("crm_search", "Interroga il CRM. Header di autenticazione: X-Key crm_live_9fK2mQ7xR4tB8wZ1nL6p",
                       {"query": {"type": "string", "description": "testo libero, es. 'Rossi Arredamenti'"}})]},
        tool_desc=("crm_live_9fK2mQ7xR4tB8wZ1nL6p",)),
    c("nl-support", "nl", "support", [u(
        "Mijn BSN is 111222333 en mijn IBAN NL91 ABNA 0417 1643 00. Ik woon op Prinsengracht 263, 1016 GV "
        "Amsterdam. Naam: Maartje van Oosterhout. Kunt u mijn adres wijzigen?")],
        content=("111222333", "NL91 ABNA 0417 1643 00", "Prinsengracht 263", "1016 GV", "Oosterhout")),
    c("ko-clinical", "ko", "clinical", [u(
        "환자 김민준, 주민등록번호 900101-1234568, 주소 서울특별시 강남구 테헤란로 152, 전화 010-9876-5432. "
        "진단: 공황장애, 처방: 알프라졸람. 보호자용으로 요약해 주세요.")],
        content=("김민준", "900101-1234568", "테헤란로 152", "010-9876-5432", "공황장애", "알프라졸람")),
    c("he-hr", "he", "hr", [u(
        "העובדת מיכל אברהמי (מספר עובד 55821, ת.ז. 039337423) בחופשת מחלה בגלל סרטן השד. טלפון 052-3456789.")],
        content=("אברהמי", "55821", "039337423", "סרטן השד", "052-3456789")),
    c("vi-support", "vi", "support", [u(
        "Tôi là Nguyễn Thị Hồng Nhung, số CCCD 001190012345, địa chỉ 25 Lý Thường Kiệt, Hoàn Kiếm, Hà Nội, "
        "SĐT 0912 345 678. Tôi bị tiểu đường, xin tư vấn bảo hiểm.")],
        content=("Hồng Nhung", "001190012345", "25 Lý Thường Kiệt", "0912 345 678", "tiểu đường")),
    c("tr-hr", "tr", "hr", [u(
        "Merhaba, personelimiz Elif Karabulut (sicil no TR-4471, TC kimlik 10000000146) hamilelik nedeniyle "
        "izinde. Maaş IBAN: TR33 0006 1005 1978 6457 8413 26.")],
        content=("Karabulut", "TR-4471", "10000000146", "hamilelik", "TR33 0006 1005 1978 6457 8413 26")),
]
# fmt: on
