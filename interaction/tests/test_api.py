"""The 信访系统 interface (000 第十条): token, export, idempotent result import, clear refusals, OpenAPI."""

import json

import pytest

from interaction import lifecycle
from interaction.api import create_client
from interaction.models import Case, CaseEvent, Mailbox, MailboxKind
from orgs.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(profiles, make_person):
    admin = make_person(Role.SITE_ADMIN, "hebhb")
    report = Mailbox.objects.get(site=profiles["hebhb"].site, kind=MailboxKind.COMPLAINT)
    case, _ = lifecycle.submit(report, title="某企业夜间偷排", content="位置在…", phone="13800000009")
    lifecycle.accept(case, admin)
    _client, token = create_client(profiles["hebhb"].site, "河北省信访系统")
    _other, other_token = create_client(profiles["sxit"].site, "陕西信访")
    return {"case": case, "auth": {"HTTP_AUTHORIZATION": f"Token {token}"}, "other": {"HTTP_AUTHORIZATION": f"Token {other_token}"}}


def test_without_a_valid_token_nothing_is_told(client, setup):
    assert client.get("/api/v1/interaction/complaints/").status_code == 401
    assert client.get("/api/v1/interaction/complaints/", HTTP_AUTHORIZATION="Token nope").status_code == 401


def test_export_new_complaints_once(client, setup):
    rows = client.get("/api/v1/interaction/complaints/", **setup["auth"]).json()
    assert [r["code"] for r in rows] == [setup["case"].tracking_code] and rows[0]["phone"] == "13800000009"
    assert client.get("/api/v1/interaction/complaints/", **setup["auth"]).json() == []
    assert len(client.get("/api/v1/interaction/complaints/?all=1", **setup["auth"]).json()) == 1
    assert client.get("/api/v1/interaction/complaints/?all=1", **setup["other"]).json() == []  # another site's client


def test_result_import_is_idempotent(client, setup):
    url = f"/api/v1/interaction/complaints/{setup['case'].tracking_code}/result/"
    body = json.dumps({"external_id": "XF-2026-001", "status": "已办结", "reply": "经查属实，已责令整改并处罚款。", "department": "河北省环境保护厅环监局"})
    first = client.post(url, body, content_type="application/json", **setup["auth"])
    assert first.status_code == 200 and first.json()["changed"] is True and first.json()["status"] == "已答复"
    events = CaseEvent.objects.count()
    second = client.post(url, body, content_type="application/json", **setup["auth"])
    assert second.json()["changed"] is False and CaseEvent.objects.count() == events
    case = Case.objects.get(pk=setup["case"].pk)
    assert (case.reply_department_name, case.external_id) == ("河北省环境保护厅环监局", "XF-2026-001")
    lifecycle.publish(case, lifecycle.CaseEvent.objects.get(case=case, action="accept").user)
    page = client.get(f"/interaction/complaint/{case.pk}/", HTTP_HOST="hebhb.localhost").content.decode()
    assert "已责令整改" in page  # results come back and are shown on the site (000 第十条)


def test_unknown_case_and_bad_body_are_refused_clearly(client, setup):
    response = client.post("/api/v1/interaction/complaints/NOPE/result/", {"status": "x"}, content_type="application/json", **setup["auth"])
    assert response.status_code == 404 and "没有查询码为 NOPE 的投诉举报" in response.json()["detail"]
    url = f"/api/v1/interaction/complaints/{setup['case'].tracking_code}/result/"
    response = client.post(url, {"reply": "已办"}, content_type="application/json", **setup["auth"])
    assert response.status_code == 400 and "答复部门" in json.dumps(response.json(), ensure_ascii=False)
    assert client.post(url, {"status": "x"}, content_type="application/json", **setup["other"]).status_code == 404
    assert Case.objects.get(pk=setup["case"].pk).reply == ""


def test_documented_in_the_openapi_schema(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/interaction/complaints/" in schema["paths"]
    assert "/api/v1/interaction/complaints/{code}/result/" in schema["paths"]
    assert "ClientToken" in schema["components"]["securitySchemes"]
