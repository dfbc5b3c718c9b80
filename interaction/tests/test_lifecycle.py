"""End to end, one case per mailbox type, through the public form and the back office as its users see them."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from interaction import lifecycle
from interaction.deadlines import OVERDUE, SOON, deadline_state
from interaction.models import Assignment, Case, CaseEvent, Mailbox, MailboxKind
from orgs.models import Role
from orgs.services import assign_role

from .conftest import form_data

pytestmark = pytest.mark.django_db
D = datetime.date


def box(profiles, code, kind):
    return Mailbox.objects.get(site=profiles[code].site, kind=kind)


def org(profiles, code, name):
    return profiles[code].departments.get(short_name=name)


def test_consult_from_form_to_rated_public_answer(client, profiles, staff, host, captcha_ok):
    consult = box(profiles, "hebhb", MailboxKind.CONSULT)
    response = client.post("/interaction/write/", form_data(consult, email="wang@example.com"), **host("hebhb"))
    assert response.status_code == 302
    done = client.get("/interaction/done/", **host("hebhb")).content.decode()
    case = Case.objects.get()
    assert case.tracking_code in done and case.status == Case.Status.PENDING

    lifecycle.accept(case, staff["admin"], "10.0.0.1")
    case.refresh_from_db()
    assert "*" * 11 in case.public_content and "13812345678" not in case.public_content  # masked before anything is public
    assert any(f["category"] == "personal_info" for f in case.screening)

    with pytest.raises(PermissionDenied):  # a department does not forward (000 第十一条: the 网站管理员 does)
        lifecycle.forward(case, staff["editor"], [(profiles["hebhb"].site_id, org(profiles, "hebhb", "环评处").pk)])
    lifecycle.forward(case, staff["admin"], [(profiles["hebhb"].site_id, org(profiles, "hebhb", "环评处").pk)])
    assignment = Assignment.objects.get(case=case)
    with pytest.raises(PermissionDenied):  # another 处室's head may not draft
        lifecycle.draft_reply(assignment, staff["other_head"], "答复")
    lifecycle.draft_reply(assignment, staff["editor"], "排污许可证自受理之日起20个工作日内办结。")
    with pytest.raises(PermissionDenied):  # the drafter does not check his own reply; another 处室 neither
        lifecycle.check_reply(assignment, staff["editor"], True)
    with pytest.raises(PermissionDenied):
        lifecycle.check_reply(assignment, staff["other_head"], True)
    lifecycle.check_reply(assignment, staff["head"], False, "请注明依据")  # 退回修改
    assert Case.objects.get(pk=case.pk).status == Case.Status.FORWARDED
    lifecycle.draft_reply(assignment, staff["editor"], "依据《排污许可管理条例》，自受理之日起20个工作日内办结。")
    lifecycle.check_reply(assignment, staff["head"], True)
    case.refresh_from_db()
    assert case.status == Case.Status.ANSWERED and case.reply_department_name == "河北省环境保护厅环评处"

    listing = client.get("/interaction/consult/", **host("hebhb")).content.decode()
    assert case.public_title not in listing  # not public until the 网站管理员 publishes
    lifecycle.publish(case, staff["admin"])
    listing = client.get("/interaction/consult/", **host("hebhb")).content.decode()
    assert case.public_title in listing and "河北省环境保护厅环评处" in listing
    detail = client.get(f"/interaction/consult/{case.pk}/", **host("hebhb")).content.decode()
    assert "排污许可管理条例" in detail
    for private in ("13812345678", "wang@example.com", "王五"):
        assert private not in listing and private not in detail
    assert "河北省环境保护厅" in detail and "网站标识码" in detail  # the portal's header and footer

    page = client.post("/interaction/query/", {"code": case.tracking_code.lower()}, **host("hebhb")).content.decode()
    assert "排污许可管理条例" in page and "已答复" in page
    client.post("/interaction/query/", {"code": case.tracking_code, "rating": "basically"}, **host("hebhb"))
    case.refresh_from_db()
    assert case.rating == "basically"
    again = client.post("/interaction/query/", {"code": case.tracking_code, "rating": "unsatisfied"}, **host("hebhb"))
    assert "您已评价过此答复" in again.content.decode() and Case.objects.get(pk=case.pk).rating == "basically"

    events = list(CaseEvent.objects.filter(case=case).values_list("action", "role"))
    assert ("accept", "网站管理员") in events and ("draft", "信息员（信息管理员）") in events
    assert ("check_approve", "处室负责人") in events and ("rate", "来信人") in events
    assert CaseEvent.objects.get(case=case, action="accept").ip == "10.0.0.1"


def test_find_error_on_its_1_plus_3_working_day_clock(profiles, make_person, settings):
    admin = make_person(Role.SITE_ADMIN, "hebei", username="hebei_admin")
    admin.email = "admin@hebei.example"
    admin.save()
    find_error = box(profiles, "hebei", MailboxKind.FIND_ERROR)
    with time_machine.travel(datetime.datetime(2026, 9, 30, 10, tzinfo=datetime.timezone(datetime.timedelta(hours=8))), tick=False):
        case, _ = lifecycle.submit(find_error, title="首页链接打不开", content="“政务公开”链接404", user=admin, external_id="ZC2026093001")
        assert (case.forward_due, case.answer_due) == (D(2026, 10, 8), D(2026, 10, 12))  # 国庆; then 10-9, 10-10 (补班), 10-12
        lifecycle.accept(case, admin)
    with time_machine.travel(datetime.datetime(2026, 10, 8, 9, tzinfo=datetime.timezone(datetime.timedelta(hours=8))), tick=False):
        lifecycle.forward(case, admin, [(profiles["hebei"].site_id, profiles["hebei"].owner_id)])  # to the 主办单位
        case.refresh_from_db()
        assert case.answer_due == D(2026, 10, 12)
        assert deadline_state(case) == "normal"
    with time_machine.travel(datetime.datetime(2026, 10, 10, 9, tzinfo=datetime.timezone(datetime.timedelta(hours=8))), tick=False):
        assert deadline_state(case) == SOON
        call_command("interaction_daily")
    with time_machine.travel(datetime.datetime(2026, 10, 13, 9, tzinfo=datetime.timezone(datetime.timedelta(hours=8))), tick=False):
        assert deadline_state(case) == OVERDUE
        mail.outbox.clear()
        call_command("interaction_daily")
        assert [m.to for m in mail.outbox] == [["admin@hebei.example"]] and "已超期" in mail.outbox[0].subject
        call_command("interaction_daily")
        assert len(mail.outbox) == 1  # escalated once
    assert Case.objects.get(pk=case.pk).escalated_at is not None
    assert CaseEvent.objects.filter(case=case, action="escalate").count() == 1
    lifecycle.mark_untrue(case, admin)
    assert lifecycle.may_be_public(Case.objects.get(pk=case.pk)) is False  # 001 第三十五条: untrue reports not disclosed


def test_refused_case_shows_the_reason_to_its_writer(client, profiles, staff, host):
    consult = box(profiles, "hebhb", MailboxKind.CONSULT)
    case, _ = lifecycle.submit(consult, title="广告", content="低价代开发票", phone="13800000000")
    with pytest.raises(ValidationError):
        lifecycle.reject(case, staff["admin"], "  ")
    assert Case.objects.get(pk=case.pk).status == Case.Status.PENDING  # nothing stored
    lifecycle.reject(case, staff["admin"], "来信内容与本机关职责无关")
    page = client.post("/interaction/query/", {"code": case.tracking_code}, **host("hebhb")).content.decode()
    assert "不予受理" in page and "来信内容与本机关职责无关" in page
    with pytest.raises(ValidationError) as error:  # the screening found a prohibited term: never published
        lifecycle.publish(case, staff["admin"])
    assert "不得公开" in str(error.value) and not Case.objects.get(pk=case.pk).is_public


def test_disclosure_request_20_days_extended_by_20_with_approval(profiles, make_person):
    admin = make_person(Role.SITE_ADMIN, "weibin")
    editor = make_person(Role.EDITOR, "weibin", "区数字化信息服务中心")
    request_box = box(profiles, "weibin", MailboxKind.DISCLOSURE_REQUEST)
    with time_machine.travel(datetime.datetime(2026, 9, 1, 10, tzinfo=datetime.timezone(datetime.timedelta(hours=8))), tick=False):
        case, _ = lifecycle.submit(request_box, title="申请公开2025年道路养护经费", content="请公开。", email="a@example.com")
        assert case.answer_due == D(2026, 9, 29)  # 条例 第三十三条: 20 working days (9-20 is a 补班 Sunday)
        assert not case.wants_public  # 依申请公开 answers are not disclosed here
        lifecycle.accept(case, admin)
        with pytest.raises(PermissionDenied):
            lifecycle.extend(case, editor, 20, "材料较多")  # needs the approval of the 网站管理员
        with pytest.raises(ValidationError):
            lifecycle.extend(case, admin, 21, "材料较多")  # at most 20
        lifecycle.extend(case, admin, 20, "需要第三方意见")
        case.refresh_from_db()
        assert case.answer_due == D(2026, 11, 2) and case.extended_days == 20  # 国庆 skipped, 10-10 counts
        with pytest.raises(ValidationError):
            lifecycle.extend(case, admin, 5, "再次")
    assert "2026-09-29 → 2026-11-02" in CaseEvent.objects.get(case=case, action="extend").note


def test_forward_across_sites_portal_city_county(client, profiles, make_person):
    province = make_person(Role.SITE_ADMIN, "shaanxi")
    county_admin = make_person(Role.SITE_ADMIN, "weibin")
    county_editor = make_person(Role.EDITOR, "weibin", "区数字化信息服务中心")
    stranger = make_person(Role.SITE_ADMIN, "sxit")
    leader = box(profiles, "shaanxi", MailboxKind.LEADER)
    case, _ = lifecycle.submit(leader, title="渭滨区某路段路灯不亮", content="晚上很黑。", phone="0917-1234567")
    lifecycle.accept(case, province)
    weibin_center = org(profiles, "weibin", "区数字化信息服务中心")
    with pytest.raises(ValidationError):  # only down the tree: not to a site of another province
        lifecycle.forward(case, province, [(profiles["hebhb"].site_id, org(profiles, "hebhb", "环评处").pk)])
    lifecycle.forward(case, province, [(profiles["weibin"].site_id, weibin_center.pk)])

    from interaction.access import cases_for, may_see

    assert case in cases_for(county_editor) and may_see(county_admin, case)
    assert case not in cases_for(stranger) and not may_see(stranger, case)
    client.force_login(stranger)
    assert client.get(f"/admin/interaction/{case.pk}/").status_code == 404
    assert client.post(f"/admin/interaction/{case.pk}/close/").status_code == 404
    client.force_login(county_editor)
    assert "渭滨区某路段路灯不亮" in client.get("/admin/interaction/").content.decode()

    assignment = case.assignments.get()
    lifecycle.draft_reply(assignment, county_editor, "已安排维修，三日内恢复。")
    with pytest.raises(PermissionDenied):
        lifecycle.check_reply(assignment, county_editor, True)
    head = make_person(Role.DIVISION_HEAD, "weibin", "区数字化信息服务中心")
    lifecycle.check_reply(assignment, head, True)
    case.refresh_from_db()
    assert case.status == Case.Status.ANSWERED and case.reply_department_name == weibin_center.name
    with pytest.raises(PermissionDenied):  # publishing is the case's own site's 网站管理员
        lifecycle.publish(case, county_admin)
    lifecycle.publish(case, province)
    lifecycle.close(case, province)
    assert Case.objects.get(pk=case.pk).status == Case.Status.CLOSED


def test_department_returns_a_wrongly_routed_case(profiles, staff):
    consult = box(profiles, "hebhb", MailboxKind.CONSULT)
    case, _ = lifecycle.submit(consult, title="社保缴费", content="怎么交？", phone="13800000001")
    lifecycle.accept(case, staff["admin"])
    lifecycle.forward(case, staff["admin"], [(profiles["hebhb"].site_id, org(profiles, "hebhb", "环评处").pk)])
    lifecycle.return_assignment(case.assignments.get(), staff["editor"], "不属于本处职责")
    case.refresh_from_db()
    assert case.status == Case.Status.ACCEPTED
    assert "不属于本处职责" in CaseEvent.objects.get(case=case, action="return").note


@pytest.mark.parametrize("code, kind", [("hebhb", MailboxKind.LEADER), ("sxit", MailboxKind.SUGGESTION), ("hebjgbz", MailboxKind.COMPLAINT)])
def test_other_mailbox_types_run_the_same_flow(profiles, make_person, code, kind):
    admin = make_person(Role.SITE_ADMIN, code)
    mailbox = box(profiles, code, kind)
    case, _ = lifecycle.submit(mailbox, title="建议增加办事指南", content="希望补充材料清单。", phone="13800000002")
    lifecycle.accept(case, admin)
    target = mailbox.handler or profiles[code].owner
    lifecycle.forward(case, admin, [(profiles[code].site_id, target.pk)])
    assignment = case.assignments.get()
    lifecycle.draft_reply(assignment, admin, "感谢建议，已补充。")
    head = make_person(None)
    assign_role(head, Role.DIVISION_HEAD, site=profiles[code].site, organization=target)
    lifecycle.check_reply(assignment, head, True)
    lifecycle.publish(case, admin)
    lifecycle.close(case, admin)
    case.refresh_from_db()
    assert (case.status, case.is_public) == (Case.Status.CLOSED, True)


def test_unopened_mailbox_raises_an_alert(profiles, make_person):
    admin = make_person(Role.SITE_ADMIN, "sxit")
    admin.email = "sxit@example.com"
    admin.save()
    consult = box(profiles, "sxit", MailboxKind.CONSULT)
    tz = datetime.timezone(datetime.timedelta(hours=8))
    with time_machine.travel(datetime.datetime(2026, 11, 2, 9, tzinfo=tz), tick=False):
        lifecycle.submit(consult, title="咨询", content="内容", phone="13800000003")
    with time_machine.travel(datetime.datetime(2026, 11, 2, 17, tzinfo=tz), tick=False):
        call_command("interaction_daily")
        assert not [m for m in mail.outbox if "信箱未查看" in m.subject]
    with time_machine.travel(datetime.datetime(2026, 11, 3, 17, tzinfo=tz), tick=False):
        call_command("interaction_daily")
        alerts = [m for m in mail.outbox if "信箱未查看" in m.subject]
        assert len(alerts) == 1 and alerts[0].to == ["sxit@example.com"]


def test_a_deadline_in_an_unknown_year_is_left_undecided(profiles):
    request_box = box(profiles, "weibin", MailboxKind.DISCLOSURE_REQUEST)
    with time_machine.travel(datetime.datetime(2026, 12, 20, 10, tzinfo=datetime.timezone(datetime.timedelta(hours=8))), tick=False):
        case, _ = lifecycle.submit(request_box, title="申请", content="请公开。", phone="13800000004")
        assert case.answer_due is None and deadline_state(case) == "unknown"  # 2027 not yet known: no guess
