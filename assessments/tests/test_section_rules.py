"""The section rules are written once (assessments.models.sections): the pages' forms and the completion service
ask the same ones, so what a page refuses the service refuses too, with no form and no request."""

import pytest
from django.core.exceptions import ValidationError

from assessments.forms.assessment import SECTIONS, SectionForm
from assessments.models import sections
from assessments.services import assessment as service
from assessments.tests.assessment_fixtures import VALID, make_assessment, make_client
from dip import roles


@pytest.fixture
def worker(make_user):
    return make_user(roles.CUSTODY_WORKER)


@pytest.mark.parametrize("section", [s for s in SECTIONS if issubclass(s.form, SectionForm)], ids=lambda s: s.slug)
def test_each_form_requires_what_the_rules_require(section):
    required = [name for name, field in section.form.base_fields.items() if field.required]
    assert required == sections.REQUIRED[section.slug]
    assert section.form.slug == section.slug


def test_a_complete_draft_has_no_problems(worker, area):
    assert service.section_problems(make_assessment(make_client(area), worker, completed=False)) == {}


@pytest.mark.parametrize(("changes", "section"), [
    ({"assessment_type": ""}, "context"),
    ({"location": "custody_suite", "custody_suite": None}, "context"),
    ({"main_substance": "opiates", "second_substance": "", "third_substance": "crack", "third_route": "smoke",
      "third_days": 2}, "substances"),
    ({"alcohol_days": 0, "alcohol_units_daily": 6}, "alcohol"),
    ({"main_route": "inject", "injecting_status": "never"}, "injecting"),
    ({"currently_in_treatment": "yes", "current_provider": " "}, "treatment"),
    ({"pregnant": "yes"}, "needs"),  # the client is recorded as male
    ({"overdose_risk": "high", "risk_detail": ""}, "risks"),
    ({"outcome": ""}, "outcome"),
])
def test_the_completion_service_refuses_what_a_page_would(worker, area, changes, section):
    draft = make_assessment(make_client(area, sex="M"), worker, completed=False, **changes)
    with pytest.raises(ValidationError) as excinfo:
        service.assessment_complete(user=worker, assessment=draft)
    assert section in excinfo.value.message_dict
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_rules_read_typed_answers_and_skip_fields_already_refused():
    values = {**VALID, "currently_in_treatment": "yes", "current_provider": ""}
    assert sections.section_errors("treatment", values) == {"current_provider": ["Enter the current treatment provider"]}
    assert sections.section_errors("treatment", values, skip={"current_provider"}) == {}
