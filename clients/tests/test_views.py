"""Client pages: search by POST, create with the duplicate check, client page, edits, consent, access log."""

import datetime

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from clients.models import AccessGrant, Client, ClientAlias, ClientRelation, Consent
from conftest import sign_in
from dip import roles
from dip.models import AuditEvent, Team

DOB = datetime.date(1988, 4, 7)


@pytest.fixture
def worker(make_user):
    return make_user(roles.CUSTODY_WORKER)


@pytest.fixture
def client_record(worker):
    client = Client.objects.create(given_name="Zoë", family_name="O'Neill", date_of_birth=DOB, sex="F",
                                   area=worker.team.area)
    ClientRelation.objects.create(client=client, team=worker.team, reason=ClientRelation.Reason.RECORDED)
    return client


def new_client_data(home, **overrides):
    data = {
        "given_name": "Zoe", "family_name": "ONeill", "date_of_birth_0": "7", "date_of_birth_1": "4",
        "date_of_birth_2": "1988", "sex": "F", "ethnicity": "Z", "area": str(home.pk), "postcode": "",
        "pnc_id": "", "nhs_number": "",
    }
    data.update(overrides)
    return data


class TestSearch:
    url = reverse("clients:client-search")

    def test_results_come_on_the_post_response_with_reasons(self, signed_in, worker, client_record):
        response = signed_in(worker).post(self.url, {"name": "zoe oneill"})
        assert response.status_code == 200
        assert response.context["results"][0].client == client_record
        assert client_record.get_absolute_url().encode() in response.content
        assert b"Name is similar" in response.content or b"Name matches" in response.content

    def test_a_query_string_is_ignored(self, signed_in, worker, client_record):
        response = signed_in(worker).get(self.url, {"name": "Zoe ONeill"})
        assert response.status_code == 200
        assert response.context["results"] is None
        assert AuditEvent.objects.filter(action=AuditEvent.Action.SEARCH).count() == 0

    def test_search_is_audited_without_the_terms(self, signed_in, worker, client_record):
        signed_in(worker).post(self.url, {"name": "Zoe ONeill", "date_of_birth_0": "7", "date_of_birth_1": "4",
                                          "date_of_birth_2": "1988"})
        [event] = AuditEvent.objects.exclude(action=AuditEvent.Action.LOGIN)
        assert event.action == AuditEvent.Action.SEARCH
        text = str(event.detail) + event.reason + event.object_id
        assert "neill" not in text.lower() and "1988" not in text
        assert event.client_ids == [client_record.pk]

    def test_search_terms_never_reach_urls_or_logs(self, signed_in, worker, caplog):
        caplog.set_level("DEBUG")
        http = signed_in(worker)
        for data in ({"name": "Zebedee Uniquename"}, {"name": "Zebedee Uniquename", "pnc_id": "bad"}):
            response = http.post(self.url, data)
            assert "uniquename" not in response.request["PATH_INFO"].lower() + response.request.get("QUERY_STRING", "")
        assert "uniquename" not in caplog.text.lower()
        assert all("uniquename" not in str(e.detail).lower() for e in AuditEvent.objects.all())

    def test_no_match_offers_to_create(self, signed_in, worker):
        response = signed_in(worker).post(self.url, {"name": "Nobody Atall"})
        assert b"No matching clients" in response.content
        assert reverse("clients:client-create").encode() in response.content

    @pytest.mark.parametrize(
        "data",
        [
            {},
            {"name": "!!!"},
            {"pnc_id": "2001/0123456A"},
            {"nhs_number": "9434765918"},
            {"date_of_birth_0": "31", "date_of_birth_1": "2", "date_of_birth_2": "1990"},
            {"date_of_birth_0": "1", "date_of_birth_1": "1", "date_of_birth_2": "99999999999999999999999"},
            {"date_of_birth_0": "x", "date_of_birth_1": "1", "date_of_birth_2": "1990"},
            {"name": "a" * 5000},
        ],
    )
    def test_bad_input_is_a_400_with_an_error_summary(self, signed_in, worker, data):
        response = signed_in(worker).post(self.url, data)
        assert response.status_code == 400
        assert b"govuk-error-summary" in response.content

    def test_typed_input_is_kept_on_error(self, signed_in, worker):
        response = signed_in(worker).post(self.url, {"name": "Zoe", "pnc_id": "2001/0123456A"})
        assert b'value="Zoe"' in response.content and b"2001/0123456A" in response.content


class TestCreate:
    url = reverse("clients:client-create")

    def test_create_relates_the_team_and_audits(self, signed_in, worker):
        response = signed_in(worker).post(self.url, new_client_data(worker.team.area, pnc_id="2001/123456f"))
        client = Client.objects.get()
        assert response.status_code == 302 and response["Location"] == client.get_absolute_url()
        assert client.pnc_id == "2001/0123456F"
        assert ClientRelation.objects.filter(client=client, team=worker.team).exists()
        assert AuditEvent.objects.filter(action=AuditEvent.Action.CREATE, client_id=client.pk).count() == 1

    def test_near_duplicate_is_shown_and_the_worker_chooses(self, signed_in, worker, client_record):
        http = signed_in(worker)
        data = new_client_data(worker.team.area, given_name="O'Neill", family_name="Zoe",
                               date_of_birth_0="4", date_of_birth_1="7")  # swapped names, transposed date
        response = http.post(self.url, data)
        assert response.status_code == 200
        assert Client.objects.count() == 1
        assert [m.client for m in response.context["duplicates"]] == [client_record]
        assert b"This person may already have a record" in response.content
        assert client_record.get_absolute_url().encode() in response.content
        # Ticking the box without having been shown these records is not enough.
        assert http.post(self.url, {**data, "confirm_new": "on", "seen": "999"}).status_code == 200
        assert Client.objects.count() == 1
        response = http.post(self.url, {**data, "confirm_new": "on", "seen": response.context["seen"]})
        assert response.status_code == 302
        assert Client.objects.count() == 2

    def test_invalid_keeps_input(self, signed_in, worker):
        data = new_client_data(worker.team.area, nhs_number="943 476 5918", date_of_birth_2="2099")
        response = signed_in(worker).post(self.url, data)
        assert response.status_code == 400
        assert b"943 476 5918" in response.content and b'value="ONeill"' in response.content
        assert b"check digit" in response.content and b"Date of birth must be today or in the past" in response.content
        assert not Client.objects.exists()

    @pytest.mark.parametrize("bad", [{"area": "999999999999999999999"}, {"sex": "Q"}, {"area": "x"}, {"ethnicity": "!"}])
    def test_junk_is_a_400(self, signed_in, worker, bad):
        response = signed_in(worker).post(self.url, new_client_data(worker.team.area, **bad))
        assert response.status_code == 400

    def test_dpo_cannot_create(self, signed_in, make_user):
        assert signed_in(make_user(roles.DPO, kind=Team.Kind.PCC)).get(self.url).status_code == 403


class TestClientPage:
    def test_shows_identity_aliases_consent_in_force_and_history(self, signed_in, worker, client_record):
        ClientAlias.objects.create(client=client_record, given_name="Zed", family_name="Neal")
        for decision, day in [("given", 1), ("withdrawn", 20), ("refused", 10)]:
            Consent.objects.create(client=client_record, scope=Consent.Scope.NDTMS, decision=decision,
                                   decided_on=datetime.date(2026, 3, day))
        response = signed_in(worker).get(client_record.get_absolute_url())
        assert response.status_code == 200
        rows = dict(response.context["consent_rows"])
        assert rows["Reporting to NDTMS"].decision == "withdrawn"
        assert rows["Sharing with probation"] is None
        assert len(response.context["consents"]) == 3
        assert b"Zed Neal" in response.content and b"7 April 1988" in response.content
        assert AuditEvent.objects.filter(action=AuditEvent.Action.VIEW, client_id=client_record.pk).count() == 1

    def test_out_of_scope_is_404(self, signed_in, make_user, client_record, other_area):
        stranger = make_user(roles.CUSTODY_WORKER, in_area=other_area)
        assert signed_in(stranger).get(client_record.get_absolute_url()).status_code == 404
        assert signed_in(stranger).get("/clients/99999999999999999999999/").status_code == 404

    def test_query_count_does_not_grow(self, signed_in, worker, client_record):
        http = signed_in(worker)
        url = client_record.get_absolute_url()
        http.get(url)

        def count():
            with CaptureQueriesContext(connection) as queries:
                assert http.get(url).status_code == 200
            return len(queries)

        few = count()
        for i in range(20):
            ClientAlias.objects.create(client=client_record, given_name=f"Alias{i}", family_name="Name")
            Consent.objects.create(client=client_record, scope=Consent.Scope.NDTMS, decision="given",
                                   decided_on=datetime.date(2026, 1, 1) + datetime.timedelta(days=i), recorded_by=worker)
        assert count() == few


class TestChanges:
    def test_edit_audits_and_reindexes(self, signed_in, worker, client_record):
        url = reverse("clients:client-edit", kwargs={"pk": client_record.pk})
        data = new_client_data(worker.team.area, given_name="Chloé", family_name="Lewis-Hughes")
        assert signed_in(worker).post(url, data).status_code == 302
        client_record.refresh_from_db()
        assert client_record.family_name == "Lewis-Hughes"
        assert client_record.name_keys.get().family_key == "lewishughes"
        assert AuditEvent.objects.filter(action=AuditEvent.Action.UPDATE).count() == 1

    def test_failed_edit_keeps_input_and_saved_name(self, signed_in, worker, client_record):
        url = reverse("clients:client-edit", kwargs={"pk": client_record.pk})
        response = signed_in(worker).post(url, new_client_data(worker.team.area, given_name="Newname", sex=""))
        assert response.status_code == 400
        assert b'value="Newname"' in response.content and "Edit Zoë O&#x27;Neill".encode() in response.content
        client_record.refresh_from_db()
        assert client_record.given_name == "Zoë"

    def test_alias_add_and_remove(self, signed_in, worker, client_record):
        http = signed_in(worker)
        http.post(reverse("clients:alias-add", kwargs={"pk": client_record.pk}), {"given_name": "Zed", "family_name": "X"})
        alias = ClientAlias.objects.get()
        assert client_record.name_keys.filter(is_alias=True).count() == 1
        url = reverse("clients:alias-remove", kwargs={"pk": client_record.pk, "alias_pk": alias.pk})
        assert http.get(url).status_code == 405
        assert http.post(url).status_code == 302
        assert not ClientAlias.objects.exists()
        assert client_record.name_keys.filter(is_alias=True).count() == 0

    def test_consent_is_a_new_decision_each_time(self, signed_in, worker, client_record):
        url = reverse("clients:consent-add", kwargs={"pk": client_record.pk})
        http = signed_in(worker)
        for decision, day in [("given", "1"), ("withdrawn", "3")]:
            response = http.post(url, {"scope": "ndtms", "decision": decision, "decided_on_0": day,
                                       "decided_on_1": "2", "decided_on_2": "2026"})
            assert response.status_code == 302
        assert list(Consent.objects.values_list("decision", flat=True)) == ["withdrawn", "given"]
        assert Consent.objects.first().recorded_by == worker
        assert http.post(url, {"scope": "nope"}).status_code == 400

    def test_consent_rows_cannot_be_changed_or_deleted(self, client_record):
        consent = Consent.objects.create(client=client_record, scope="ndtms", decision="given",
                                         decided_on=datetime.date(2026, 1, 1))
        for change in (lambda: Consent.objects.filter(pk=consent.pk).update(decision="refused"), consent.delete):
            with pytest.raises(DatabaseError), transaction.atomic():  # refused by privilege (dip/db_roles.py)
                change()
        assert Consent.objects.get().decision == "given"


class TestAccessLog:
    def test_manager_sees_who_accessed_paginated(self, signed_in, make_user, worker, client_record):
        manager = make_user(roles.TEAM_MANAGER)
        signed_in(worker).get(client_record.get_absolute_url())
        http = signed_in(manager)
        url = reverse("clients:client-access", kwargs={"pk": client_record.pk})
        response = http.get(url)
        assert response.status_code == 200
        assert worker.username.encode() in response.content

        def count():
            with CaptureQueriesContext(connection) as queries:
                assert http.get(url, {"page": "2"}).status_code == 200
            return len(queries)

        few = count()
        other = sign_in(HttpClient(), worker)
        for _ in range(120):
            other.get(client_record.get_absolute_url())
        assert count() == few
        assert http.get(url, {"page": "junk"}).status_code == 200

    def test_workers_cannot_see_it(self, signed_in, worker, client_record):
        url = reverse("clients:client-access", kwargs={"pk": client_record.pk})
        assert signed_in(worker).get(url).status_code == 403


class TestReasons:
    def test_dpo_gives_a_reason_before_viewing(self, signed_in, make_user, client_record):
        dpo = make_user(roles.DPO, kind=Team.Kind.PCC)
        http = signed_in(dpo)
        url = client_record.get_absolute_url()
        response = http.get(url)
        assert response.status_code == 302 and "/reason/" in response["Location"]
        assert not AuditEvent.objects.exclude(action=AuditEvent.Action.LOGIN).exists()
        assert http.post(response["Location"], {"detail": ""}).status_code == 400
        response = http.post(response["Location"], {"detail": "Subject access request SAR-12"})
        assert response["Location"] == url
        assert http.get(url).status_code == 200
        event = AuditEvent.objects.get(action=AuditEvent.Action.VIEW)
        assert event.reason == "Data protection review or request: Subject access request SAR-12"

    def test_break_glass_grants_time_limited_audited_access(self, signed_in, make_user, client_record, other_area,
                                                             time_machine):
        time_machine.move_to(timezone.now(), tick=False)
        client_record.pnc_id = "2001/0123456F"
        client_record.save()
        stranger = make_user(roles.CUSTODY_WORKER, in_area=other_area)
        http = signed_in(stranger)
        url = client_record.get_absolute_url()
        assert http.get(url).status_code == 404
        form = reverse("clients:break-glass")
        assert http.post(form, {"identifier": "2001/0123456A", "reason": "arrested_here", "detail": "x"}).status_code == 400
        response = http.post(form, {"identifier": "2001/123456F", "reason": "arrested_here", "detail": "Held at Leeds"})
        assert response["Location"] == url
        grant = AccessGrant.objects.get()
        assert grant.user == stranger and grant.expires_at == timezone.now() + datetime.timedelta(hours=24)
        glass = AuditEvent.objects.get(action=AuditEvent.Action.BREAK_GLASS)
        assert glass.client_id == client_record.pk and "Held at Leeds" in glass.reason
        assert http.get(url).status_code == 200
        assert "Held at Leeds" in AuditEvent.objects.filter(action=AuditEvent.Action.VIEW).get().reason
        time_machine.shift(datetime.timedelta(hours=24, seconds=1))
        http = signed_in(stranger)  # a new session: the old one has passed its absolute limit
        assert http.get(url).status_code == 404


def test_owning_team_manager_is_told_of_emergency_access(make_user, worker, client_record, other_area):
    from clients import services
    from clients.hooks import emergency_access

    manager = make_user(roles.TEAM_MANAGER)  # same team as the worker
    assert emergency_access(manager) is None
    stranger = make_user(roles.CUSTODY_WORKER, in_area=other_area)
    services.access_break_glass(user=stranger, client=client_record, reason="arrested_here", detail="Held at Leeds")
    section = emergency_access(manager)
    [item] = section.items
    assert str(client_record) in item.label and "Held at Leeds" in item.hint
    assert item.url == reverse("clients:client-access", kwargs={"pk": client_record.pk})
    assert emergency_access(make_user(roles.TEAM_MANAGER, in_area=other_area)) is None


def _queries(http, method, url, data=None):
    with CaptureQueriesContext(connection) as queries:
        response = getattr(http, method)(url, data or {})
    assert response.status_code in (200, 302)
    return len(queries)


def test_search_and_duplicate_check_cost_the_same_with_many_matches(signed_in, worker, client_record):
    http = signed_in(worker)
    search_url, create_url = reverse("clients:client-search"), reverse("clients:client-create")
    duplicate = new_client_data(worker.team.area)
    http.get(search_url)

    def counts():
        return (_queries(http, "post", search_url, {"name": "Zoe O'Neill"}),
                _queries(http, "post", create_url, duplicate))

    few = counts()
    for i in range(25):
        client = Client.objects.create(given_name="Zoe", family_name="ONeill", date_of_birth=DOB, sex="F",
                                       area=worker.team.area, pnc_id="")
        ClientRelation.objects.create(client=client, team=worker.team, reason=ClientRelation.Reason.RECORDED)
        ClientAlias.objects.create(client=client, given_name="Zed", family_name=f"Alias{i}")
    assert counts() == few
