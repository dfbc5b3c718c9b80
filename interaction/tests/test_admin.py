"""The back office over HTTP: scoped per site, every step attributable, statistics exportable."""

import io

import pytest
from openpyxl import load_workbook

from interaction import lifecycle
from interaction.models import Case, CaseEvent, Mailbox, MailboxKind
from orgs.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(profiles):
    consult = Mailbox.objects.get(site=profiles["hebhb"].site, kind=MailboxKind.CONSULT)
    return lifecycle.submit(consult, title="环评审批咨询", content="请问环评审批流程？", phone="13800000011")[0]


def test_site_admin_sees_and_handles_only_own_site(client, case, make_person, profiles):
    own = make_person(Role.SITE_ADMIN, "hebhb")
    other = make_person(Role.SITE_ADMIN, "weibin")
    client.force_login(other)
    assert "环评审批咨询" not in client.get("/admin/interaction/").content.decode()
    assert client.get(f"/admin/interaction/{case.pk}/").status_code == 404
    client.post(f"/admin/interaction/{case.pk}/accept/")
    assert Case.objects.get(pk=case.pk).status == Case.Status.PENDING
    stats = client.get("/admin/interaction/stats/").content.decode()
    assert "环评审批咨询" not in stats

    client.force_login(own)
    assert "环评审批咨询" in client.get("/admin/interaction/").content.decode()
    assert Mailbox.objects.get(pk=case.mailbox_id).last_opened_at is not None  # opened today
    client.post(f"/admin/interaction/{case.pk}/accept/", REMOTE_ADDR="10.1.2.3")
    event = CaseEvent.objects.get(case=case, action="accept")
    assert (event.user, event.role, event.ip) == (own, "网站管理员", "10.1.2.3")
    target = f"{profiles['hebhb'].site_id}:{profiles['hebhb'].departments.get(short_name='环评处').pk}"
    client.post(f"/admin/interaction/{case.pk}/forward/", {"target": [target]})
    page = client.get(f"/admin/interaction/{case.pk}/").content.decode()
    assert "河北省环境保护厅环评处" in page and "办理中" in page


def test_department_editor_cannot_take_the_admins_steps(client, case, make_person):
    editor = make_person(Role.EDITOR, "hebhb", "环评处")
    client.force_login(editor)
    response = client.post(f"/admin/interaction/{case.pk}/accept/", follow=True)
    assert "您没有办理此来信的权限" in response.content.decode()
    assert Case.objects.get(pk=case.pk).status == Case.Status.PENDING


def test_staff_enter_a_find_error_report(client, make_person, profiles):
    admin = make_person(Role.SITE_ADMIN, "hebei")
    client.force_login(admin)
    box = Mailbox.objects.get(site=profiles["hebei"].site, kind=MailboxKind.FIND_ERROR)
    response = client.post("/admin/interaction/new/", {"mailbox": box.pk, "title": "错别字", "content": "“政务公开”写成“政务公升”", "external_id": "ZC-1"})
    assert response.status_code == 302
    case = Case.objects.get(external_id="ZC-1")
    assert case.forward_due is not None and CaseEvent.objects.get(case=case).role == "网站管理员"
    foreign = Mailbox.objects.get(site=profiles["weibin"].site, kind=MailboxKind.FIND_ERROR)
    response = client.post("/admin/interaction/new/", {"mailbox": foreign.pk, "title": "x", "content": "y"})
    assert response.status_code == 400 and Case.objects.count() == 1


def test_statistics_table_chart_and_xlsx(client, case, make_person, profiles):
    admin = make_person(Role.SITE_ADMIN, "hebhb")
    lifecycle.accept(case, admin)
    lifecycle.forward(case, admin, [(profiles["hebhb"].site_id, profiles["hebhb"].departments.get(short_name="环评处").pk)])
    assignment = case.assignments.get()
    lifecycle.draft_reply(assignment, admin, "见网站办事指南。")
    lifecycle.check_reply(assignment, make_person(Role.DIVISION_HEAD, "hebhb", "环评处"), True)
    lifecycle.rate(case, "satisfied")
    year = case.received_at.year
    html = client.get(f"/interaction/stats/?year={year}", HTTP_HOST="hebhb.localhost").content.decode()
    assert "<svg" in html and "河北省环境保护厅环评处" in html and "100%" in html
    response = client.get(f"/interaction/stats/?year={year}&format=xlsx", HTTP_HOST="hebhb.localhost")
    book = load_workbook(io.BytesIO(response.content))
    rows = list(book["按答复部门"].values)
    assert ("河北省环境保护厅环评处", 1, 1, 1, 0, 1, 1, "100%") in rows
    assert client.get(f"/interaction/stats/?year={year}", HTTP_HOST="weibin.localhost").content.decode().count("河北省环境保护厅环评处") == 0
