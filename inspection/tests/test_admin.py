"""The admin views and reports are scoped per site: a 网站管理员 of weibin sees weibin's rounds, tasks and reports,
never hebjgbz's; the xlsx and PDF reports hold what the rounds recorded."""

from datetime import datetime
from io import BytesIO

import pytest
import time_machine
from django.utils import timezone

from inspection.models import Rectification, Round
from inspection.rounds import run_round

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 3, 18, 10, 0, tzinfo=timezone.get_default_timezone())


@pytest.fixture
def two_rounds(profiles):
    with time_machine.travel(NOW, tick=False):
        return run_round(profiles["weibin"]), run_round(profiles["hebjgbz"])


def test_site_admin_sees_only_own_rounds(client, make_person, two_rounds):
    weibin_round, other_round = two_rounds
    client.force_login(make_person("site_admin", "weibin"))
    listing = client.get("/admin/inspection/").content.decode()
    assert "宝鸡市渭滨区人民政府" in listing and "河北机构编制网" not in listing
    assert client.get(f"/admin/inspection/round/{weibin_round.pk}/").status_code == 200
    assert client.get(f"/admin/inspection/round/{other_round.pk}/").status_code == 404
    tasks = client.get("/admin/inspection/tasks/").content.decode()
    assert Rectification.objects.filter(site=other_round.site).exists()
    other_detail = Rectification.objects.filter(site=other_round.site).first().last_finding.detail
    assert other_detail not in tasks


def test_user_without_a_site_is_refused(client, make_person, two_rounds):
    client.force_login(make_person(None))
    assert client.get("/admin/inspection/").status_code in (302, 403)


def test_quarterly_xlsx_and_pdf(client, make_person, two_rounds):
    from openpyxl import load_workbook
    from pypdf import PdfReader

    client.force_login(make_person("site_admin", "weibin"))
    response = client.get("/admin/inspection/report/quarterly.xlsx?year=2026&quarter=1")
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "2026年第1季度政府网站检查情况及整改情况"
    assert [r[0] for r in rows[2:]] == ["宝鸡市渭滨区人民政府"]  # only the user's site
    assert rows[2][1] == 1 and rows[2][3] == "不合格"
    pdf = client.get("/admin/inspection/report/quarterly.pdf?year=2026&quarter=1")
    text = PdfReader(BytesIO(pdf.content)).pages[0].extract_text()
    assert "宝鸡市渭滨区人民政府" in text and "河北" not in text
    assert client.get("/admin/inspection/report/quarterly.xlsx?year=2026&quarter=5").status_code == 400


def test_department_bulletin_only_for_own_site(client, make_person, two_rounds):
    from openpyxl import load_workbook

    client.force_login(make_person("site_admin", "weibin"))
    ok = client.get("/admin/inspection/report/bulletin.xlsx?site=weibin&year=2026&half=1")
    rows = list(load_workbook(BytesIO(ok.content)).active.iter_rows(values_only=True))
    assert rows[1][0] == "责任部门" and len(rows) > 2 and all(r[1] >= 1 for r in rows[2:])
    assert client.get("/admin/inspection/report/bulletin.xlsx?site=hebjgbz&year=2026&half=1").status_code == 400
