"""Role names. Each role is a Django Group created by migration dip.0002_roles."""

CUSTODY_WORKER = "Custody drug worker"
PROBATION_OFFICER = "Probation officer"
TEAM_MANAGER = "Team manager"
TREATMENT_WORKER = "Treatment provider worker"
PCC_ANALYST = "PCC analyst"
DPO = "Data protection officer"
SYSADMIN = "System administrator"
# Sees the national roll-up (ALL) and every area's published report; created by reports.0002_national_role.
NATIONAL_ANALYST = "National analyst"

ALL = [CUSTODY_WORKER, PROBATION_OFFICER, TEAM_MANAGER, TREATMENT_WORKER, PCC_ANALYST, DPO, SYSADMIN, NATIONAL_ANALYST]

# Roles that never see a person-level record (reference/access-model.md).
NO_PERSON_RECORDS = {PCC_ANALYST, SYSADMIN, NATIONAL_ANALYST}
# Roles that may change case records (a DPO reads only).
CASEWORK = {CUSTODY_WORKER, PROBATION_OFFICER, TEAM_MANAGER, TREATMENT_WORKER}

# Commissioner reports (reports/access.py): who sees them, and who may see them unsuppressed.
REPORT_READERS = {PCC_ANALYST, TEAM_MANAGER, DPO, NATIONAL_ANALYST}
UNSUPPRESSED_REPORT_READERS = {TEAM_MANAGER, DPO}
