"""Values typed by their column header, JSON key or ``key=value`` name; product tables and code stay clean."""

from __future__ import annotations

import pytest

from islandrun.core.privacy.detector import default_detector
from islandrun.core.privacy.entities import EntityType
from islandrun.core.privacy.tables import field_type, find_field_values


def _covered(text: str, value: str) -> bool:
    start = text.index(value)
    return any(e.start <= start and e.end >= start + len(value) for e in default_detector().detect(text))


_CSV = (
    "nome,cpf,email,telefone,data_nascimento\n"
    "João Silva,123.456.789-09,joao@ex.com.br,(11) 98765-4321,12/05/1980\n"
    "ana souza,987.654.321-00,ana@ex.com.br,(21) 99876-5432,03/11/1992"
)
_MD = (
    "| Name | DOB | Policy |\n|---|---|---|\n"
    "| karen oduya | 1975-02-11 | 88-KL-2291 |\n| li wei | 1990-09-30 | 77-KL-4412 |"
)
_TSV = "employee_id\tfull_name\tphone\nE-2291\tmaria gonzalez\t+34 612 34 56 78\nE-4471\tpeter olsen\t+45 20 12 34 56"
_SEMI = "Nome;CPF;Telefone;Nascimento\nCarla Dias;529.982.247-25;(21) 99123-4567;02/03/1988"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        (_CSV, "João Silva"),
        (_CSV, "ana souza"),
        (_CSV, "987.654.321-00"),
        (_CSV, "03/11/1992"),
        (_MD, "karen oduya"),
        (_MD, "li wei"),
        (_MD, "77-KL-4412"),
        (_TSV, "maria gonzalez"),
        (_TSV, "E-4471"),
        (_SEMI, "Carla Dias"),
        (_SEMI, "02/03/1988"),
    ],
)
def test_table_columns_type_their_cells(text: str, value: str) -> None:
    assert _covered(text, value)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ('{"insured_name": "Tomasz Wrona", "policy_no": "PL-99812"}', "Tomasz Wrona"),
        ('{"patient": {"full_name": "Hana Kowalczyk", "mrn": "MR-0091-22"}}', "MR-0091-22"),
        ('{"dob": "14.02.1965", "insurance_id": "AOK 88120441"}', "AOK 88120441"),
        ("user_id=u_884120 session=AB12CD34EF acct=88120044", "u_884120"),
        ("user_id=u_884120 session=AB12CD34EF acct=88120044", "88120044"),
        ("login ok username=k.wagner member_id=MB77120", "k.wagner"),
        ("login ok username=k.wagner member_id=MB77120", "MB77120"),
    ],
)
def test_keys_type_their_values(text: str, value: str) -> None:
    assert _covered(text, value)


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("data_nascimento", EntityType.DATE),
        ("dateOfBirth", EntityType.DATE),
        ("customer_name", EntityType.PERSON),
        ("insuredId", EntityType.ID_OTHER),
        ("姓名", EntityType.PERSON),
        ("telefone", EntityType.PHONE),
        ("iban", EntityType.BANK_ACCOUNT),
        ("order_id", None),
        ("product_name", None),
        ("id", None),
        ("version", None),
        ("file_name", None),
    ],
)
def test_field_types(name: str, kind: EntityType | None) -> None:
    assert field_type(name) is kind


@pytest.mark.parametrize(
    "text",
    [
        "name,price,stock\nApple,1.20,300\nBanana,0.50,1200",
        "product_id,product_name,price\nP-1001,Desk lamp,29.99\nP-1002,Chair,89.00",
        "| Model | Year | Price |\n|---|---|---|\n| Golf | 2019 | 15900 |",
        'const config = {"user": "postgres", "host": "localhost", "port": 5432, "database": "app"};',
        "handler: user_id = event['user_id']\nrows = db.query(sql, (user_id,))",
        "level=info msg=started pid=4471 port=8080 version=1.28.3",
        'settings = {"name": "my-app", "version": "1.2.3", "account": "acme-prod"}',
        '{"pan": 0.5, "gain": 1.25, "age": 42}',
        "key=value pairs: timeout=30 retries=3 region=eu-west-1",
    ],
)
def test_product_tables_code_and_config_have_no_field_values(text: str) -> None:
    assert find_field_values(text) == []
