"""Load the trigger offences: CJCSA 2000 Schedule 6 as amended (reference/domain.md §3.1).

Each row is on the list for a half-open period [valid_from, valid_to). The list as it stood on the
arrest date decides. Dates:
- 30 November 2000: Schedule 6 as enacted (Royal Assent of the Criminal Justice and Court Services Act 2000).
- 27 July 2004: handling stolen goods added, with begging and persistent begging (SI 2004/1892) [VERIFY begging].
- 15 January 2007: the Fraud Act 2006 repealed obtaining property by deception (Theft Act 1968 s15)
  and its offences of fraud and of articles for use in frauds became trigger offences.
"""

import datetime

from django.db import migrations

ENACTED = datetime.date(2000, 11, 30)
AMENDED_2004 = datetime.date(2004, 7, 27)
FRAUD_ACT = datetime.date(2007, 1, 15)

THEFT = "Theft Act 1968"
MDA = "Misuse of Drugs Act 1971"
FRAUD = "Fraud Act 2006"
ATTEMPT = "Criminal Attempts Act 1981"
VAGRANCY = "Vagrancy Act 1824"

# code, statute, section, title, specified Class A only, valid_from, valid_to
OFFENCES = [
    ("theft-act-1968-s1", THEFT, "s1", "Theft", False, ENACTED, None),
    ("theft-act-1968-s8", THEFT, "s8", "Robbery", False, ENACTED, None),
    ("theft-act-1968-s9", THEFT, "s9", "Burglary", False, ENACTED, None),
    ("theft-act-1968-s10", THEFT, "s10", "Aggravated burglary", False, ENACTED, None),
    ("theft-act-1968-s12", THEFT, "s12", "Taking a motor vehicle or other conveyance without authority", False,
     ENACTED, None),
    ("theft-act-1968-s12a", THEFT, "s12A", "Aggravated vehicle-taking", False, ENACTED, None),
    ("theft-act-1968-s15", THEFT, "s15", "Obtaining property by deception", False, ENACTED, FRAUD_ACT),
    ("theft-act-1968-s22", THEFT, "s22", "Handling stolen goods", False, AMENDED_2004, None),
    ("theft-act-1968-s25", THEFT, "s25", "Going equipped for stealing", False, ENACTED, None),
    ("mda-1971-s4", MDA, "s4", "Production or supply of a controlled drug", True, ENACTED, None),
    ("mda-1971-s5-2", MDA, "s5(2)", "Possession of a controlled drug", True, ENACTED, None),
    ("mda-1971-s5-3", MDA, "s5(3)", "Possession of a controlled drug with intent to supply", True, ENACTED, None),
    ("fraud-act-2006-s1", FRAUD, "s1", "Fraud", False, FRAUD_ACT, None),
    ("fraud-act-2006-s6", FRAUD, "s6", "Possession of articles for use in frauds", False, FRAUD_ACT, None),
    ("fraud-act-2006-s7", FRAUD, "s7", "Making or supplying articles for use in frauds", False, FRAUD_ACT, None),
    ("attempt-theft", ATTEMPT, "s1(1)", "Attempted theft", False, ENACTED, None),
    ("attempt-robbery", ATTEMPT, "s1(1)", "Attempted robbery", False, ENACTED, None),
    ("attempt-burglary", ATTEMPT, "s1(1)", "Attempted burglary", False, ENACTED, None),
    ("attempt-deception", ATTEMPT, "s1(1)", "Attempted obtaining property by deception", False, ENACTED, FRAUD_ACT),
    ("attempt-handling", ATTEMPT, "s1(1)", "Attempted handling stolen goods", False, AMENDED_2004, None),
    ("attempt-fraud", ATTEMPT, "s1(1)", "Attempted fraud", False, FRAUD_ACT, None),
    ("vagrancy-act-1824-s3", VAGRANCY, "s3", "Begging", False, AMENDED_2004, None),
    ("vagrancy-act-1824-s4", VAGRANCY, "s4", "Persistent begging", False, AMENDED_2004, None),
]


def load(apps, schema_editor):
    TriggerOffence = apps.get_model("testing", "TriggerOffence")
    for code, statute, section, title, class_a, valid_from, valid_to in OFFENCES:
        TriggerOffence.objects.update_or_create(
            code=code, valid_from=valid_from,
            defaults={"statute": statute, "section": section, "title": title,
                      "specified_class_a_only": class_a, "valid_to": valid_to},
        )


def unload(apps, schema_editor):
    apps.get_model("testing", "TriggerOffence").objects.filter(code__in=[row[0] for row in OFFENCES]).delete()


class Migration(migrations.Migration):
    dependencies = [("testing", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
