"""Bulk 录入 of 找错 reports from the national platform's export (001 第三十五条): the whole file or nothing, one case
per report however often the file is imported, only into the sites the importing 网站管理员 runs."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from interaction.models import Case, CaseEvent, MailboxKind
from orgs.models import Role

from .conftest import form_data

pytestmark = pytest.mark.django_db
HEADERS = ["问题编号", "网站标识码", "问题类型", "问题页面", "问题描述", "留言时间", "联系人", "联系电话"]
HEBHB = "1300000012"  # 河北省环境保护厅
WEIBIN = "6103020001"  # 渭滨区, another province's county


def xlsx(rows, headers=HEADERS):
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(client, data, name="zhaocuo.xlsx"):
    return client.post("/admin/interaction/import/", {"file": SimpleUploadedFile(name, data)})


ROWS = [
    ["ZC20261120001", HEBHB, "错别字", "http://hebhb.localhost/news/1/", "“政务公开”写成了“政务公升”", datetime.datetime(2026, 11, 20, 9, 30), "李四", "13900000001"],
    ["ZC20261120002", HEBHB, "链接不可用", "http://hebhb.localhost/", "首页“办事服务”链接打不开", "2026-11-20 10:05", "", ""],
]


@pytest.fixture
def hebhb_admin(client, make_person):
    admin = make_person(Role.SITE_ADMIN, "hebhb")
    client.force_login(admin)
    return admin


def test_site_admin_imports_reports_on_the_1_plus_3_working_day_clock_once(client, hebhb_admin):
    response = upload(client, xlsx(ROWS))
    assert response.status_code == 302
    cases = {c.external_id: c for c in Case.objects.select_related("mailbox")}
    assert set(cases) == {"ZC20261120001", "ZC20261120002"}
    first = cases["ZC20261120001"]
    assert first.mailbox.kind == MailboxKind.FIND_ERROR and first.status == Case.Status.PENDING
    assert first.title == "找错：错别字" and "http://hebhb.localhost/news/1/" in first.content
    assert first.writer_name == "李四" and first.received_at.date() == datetime.date(2026, 11, 20)
    # 001 第三十五条: forwarded within 1 working day of arrival (Friday 20 November → Monday 23 November)
    assert first.forward_due == datetime.date(2026, 11, 23)
    event = CaseEvent.objects.get(case=first)
    assert event.user == hebhb_admin and event.role == "网站管理员" and event.note == "工作人员录入"
    follow = client.get("/admin/interaction/").content.decode()
    assert "已导入 2 条找错记录" in follow

    response = upload(client, xlsx(ROWS))  # the same export again: nothing new
    assert response.status_code == 302 and Case.objects.count() == 2
    assert "已导入 0 条找错记录；2 条此前已导入" in client.get("/admin/interaction/").content.decode()


def test_one_bad_line_refuses_the_whole_file_with_its_line_numbers(client, hebhb_admin):
    rows = ROWS + [
        ["ZC3", WEIBIN, "错别字", "", "渭滨区的网页有错字", "2026-11-21 08:00", "", ""],
        ["ZC4", HEBHB, "其他", "", "留言时间写错", "去年冬天", "", ""],
        ["ZC20261120001", HEBHB, "错别字", "", "与第2行重复", "2026-11-20 09:30", "", ""],
        ["", HEBHB, "其他", "", "", "2026-11-21 08:00", "", ""],
    ]
    response = upload(client, xlsx(rows))
    assert response.status_code == 400
    html = response.content.decode()
    assert "文件未导入" in html
    assert f"第 4 行：网站标识码 {WEIBIN} 不是您可以录入的网站。" in html
    assert "第 5 行：留言时间“去年冬天”无法识别" in html
    assert "第 6 行：与第 2 行是同一条找错（编号相同）。" in html
    assert "第 7 行：“问题编号”为空；“问题描述”为空。" in html
    assert not Case.objects.exists()  # the good lines 2 and 3 were not imported either


def test_missing_column_wrong_type_and_gb18030_csv(client, hebhb_admin):
    response = upload(client, xlsx([["ZC1", HEBHB, "错别字"]], headers=["问题编号", "网站标识码", "问题类型"]))
    assert response.status_code == 400 and "缺少必需的列：问题描述、留言时间。" in response.content.decode()
    response = upload(client, b"not a spreadsheet", name="zhaocuo.xlsx")
    assert response.status_code == 400 and "无法读取该 Excel 文件" in response.content.decode()
    response = upload(client, b"x", name="zhaocuo.doc")
    assert response.status_code == 400 and "只能导入 .xlsx 或 .csv 文件。" in response.content.decode()
    assert not Case.objects.exists()

    csv_text = "编号,网站标识码,问题描述,提交时间\nZC9,%s,栏目“通知公告”三个月未更新,2026/11/18 14:00\n" % HEBHB
    response = upload(client, csv_text.encode("gb18030"), name="zhaocuo.csv")
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.external_id == "ZC9" and case.content == "栏目“通知公告”三个月未更新" and case.title == "找错：网站问题"


def test_only_a_site_admin_imports(client, make_person):
    client.force_login(make_person(Role.EDITOR, "hebhb", "环评处"))
    for response in (client.get("/admin/interaction/import/"), upload(client, xlsx(ROWS))):
        assert response.status_code == 302 and response.url == "/admin/"  # Wagtail's refusal: back to the dashboard
    assert not Case.objects.exists()


def test_command_imports_and_refuses_with_exit_2(tmp_path, make_person, capsys):
    make_person(Role.SITE_ADMIN, "hebhb", username="hebhb_office")
    good, bad = tmp_path / "good.xlsx", tmp_path / "bad.xlsx"
    good.write_bytes(xlsx(ROWS))
    bad.write_bytes(xlsx(ROWS + [["ZC3", WEIBIN, "", "", "外省网站", "2026-11-21", "", ""]]))
    with pytest.raises(CommandError) as refused:
        call_command("import_find_error", str(bad), user="hebhb_office")
    assert refused.value.returncode == 2 and "第 4 行" in str(refused.value) and not Case.objects.exists()
    with pytest.raises(CommandError) as unknown:
        call_command("import_find_error", str(good), user="nobody")
    assert unknown.value.returncode == 2 and "账号“nobody”不存在或已停用" in str(unknown.value)
    call_command("import_find_error", str(good), user="hebhb_office")
    assert "已导入 2 条找错记录；0 条此前已导入" in capsys.readouterr().out
    assert Case.objects.count() == 2


def test_a_hand_made_form_key_cannot_claim_an_imported_report(client, profiles, host, captcha_ok, hebhb_admin):
    from interaction.models import Mailbox

    consult = Mailbox.objects.get(site=profiles["hebhb"].site, kind=MailboxKind.CONSULT)
    forged = f"zc:{profiles['hebhb'].site_id}:ZC20261120001"
    client.logout()
    response = client.post("/interaction/write/", form_data(consult, submission_key=forged), **host("hebhb"))
    assert response.status_code == 400 and "表单已失效，请刷新页面后重新填写提交。" in response.content.decode()
    assert not Case.objects.exists()
