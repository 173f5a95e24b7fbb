"""Import problems (spec/interchange.md, issue 8): every one found, in line order, at the line that caused it."""

import pytest
from django.db import connection

from dip import db_roles
from dip.interchange import registry
from dip.models import Area, CustodySuite
from dip.tests.test_interchange import ORG, messages, run

pytestmark = pytest.mark.django_db


def area(ref: str, name: str = "") -> dict:
    return {"type": "area", "ref": ref, "name": name or f"Area {ref}"}


def suite(ref: str, area_ref: str, name: str = "") -> dict:
    return {"type": "custody_suite", "ref": ref, "name": name or f"Suite {ref}", "area": area_ref}


def test_a_ref_repeated_for_a_type_is_refused_naming_both_lines_within_and_across_batches():
    records = [
        area("A"), area("B"),
        suite("A", "A"),             # the same ref for another type is a different record
        area("A", "Again"),          # line 4: next batch, repeats line 1
        area("C"), area("C", "C2"),  # line 6 repeats line 5, same batch
    ]
    result = run(records, batch_size=3)
    assert messages(result) == [
        "line 4: area A: ref: repeats the ref of line 1 (a ref is unique within its type)",
        "line 6: area C: ref: repeats the ref of line 5 (a ref is unique within its type)",
    ]
    assert not Area.objects.exists()


def test_a_repeat_of_an_invalid_line_still_names_the_first_and_refs_to_it_add_no_noise():
    result = run([{"type": "area", "ref": "A"}, area("A"), suite("S", "A")])
    assert messages(result) == [
        "line 1: area A: name: required",
        "line 2: area A: ref: repeats the ref of line 1 (a ref is unique within its type)",
    ]


def test_importing_the_same_file_twice_is_not_a_repeat():
    assert run(ORG).ok
    assert run(ORG).ok


def test_problems_are_listed_in_line_order_whichever_check_found_them():
    result = run([
        area("A"),
        suite("S1", "NOPE"),                    # found when refs are resolved
        {**area("B"), "colour": "red"},         # found when the line is read
        suite("S2", "A", name="x" * 101),
    ])
    assert messages(result) == [
        "line 2: custody_suite S1: area: no area with ref NOPE earlier in the file or in the database",
        "line 3: area B: colour: unknown field",
        "line 4: custody_suite S2: name: must be at most 100 characters",
    ]


@pytest.fixture
def refusing_trigger(monkeypatch):
    """A database trigger the record type's rules do not know: refuses areas named "Refused".
    Schema changes are the owner's (dip/db_roles.py); the test's transaction undoes them."""
    with db_roles.as_owner(), connection.cursor() as cursor:
        cursor.execute("""
            CREATE FUNCTION pgtrigger_test_refuse_name_abc12() RETURNS trigger AS $$
            BEGIN
                IF NEW.name = 'Refused' THEN
                    RAISE EXCEPTION 'area %: this name is refused', NEW.ref USING ERRCODE = 'check_violation';
                END IF;
                RETURN NEW;
            END $$ LANGUAGE plpgsql;
            CREATE TRIGGER test_refuse_name BEFORE INSERT OR UPDATE ON dip_area
                FOR EACH ROW EXECUTE FUNCTION pgtrigger_test_refuse_name_abc12();
            ALTER TABLE dip_custodysuite ADD CONSTRAINT test_suite_name_not_x CHECK (name <> 'X');
        """)
    monkeypatch.setattr(registry.get("area"), "db_fields", {"test_refuse_name": "name"})


def test_database_errors_are_reported_at_their_line_in_every_batch(refusing_trigger):
    records = [
        area("A"),
        suite("S1", "A"),                   # valid, and refers to a record the refused batch writes again
        suite("S3", "A", name="X"),         # line 3: a check constraint
        {"type": "area", "ref": "B"},       # line 4: found by the rules
        area("R1", "Refused"),              # line 5: the trigger, second batch
        suite("S2", "R1"),                  # refers to the refused record: no second report
        area("R2", "Refused"),              # line 7: the trigger again
        area("C"),
    ]
    result = run(records, batch_size=4)
    assert messages(result) == [
        "line 3: custody_suite S3: name: breaks the database rule test_suite_name_not_x",
        "line 4: area B: name: required",
        "line 5: area R1: name: this name is refused",
        "line 7: area R2: name: this name is refused",
    ]
    assert not Area.objects.exists() and not CustodySuite.objects.exists()


def test_a_database_error_on_an_update_names_its_line_and_never_an_internal_id(refusing_trigger):
    assert run([area("A"), area("B")]).ok
    result = run([area("A"), area("B", "Refused")])
    assert messages(result) == ["line 2: area B: name: this name is refused"]
    assert Area.objects.get(ref="B").name == "Area B"


def test_only_the_first_100_problems_in_line_order_are_kept():
    records = [area(f"A{i}") for i in range(50)] + [{"type": "area", "ref": f"B{i}"} for i in range(150)]
    result = run(records, batch_size=70)
    assert result.truncated and len(result.problems) == 100
    assert [p.line for p in result.problems] == list(range(51, 151))
