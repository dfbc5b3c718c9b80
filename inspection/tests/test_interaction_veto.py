"""单项否决5 互动回应差 from the interaction app's cases (made through its own lifecycle): a valid 咨询 message left
unanswered for more than 3 months within the year vetoes; one answered in time, a refused one, or one that went
past 3 months before the year began does not; a site without a working 咨询建言 channel vetoes."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from interaction import lifecycle
from interaction.models import Assignment, Mailbox, MailboxKind
from inspection.rounds import Outcome, check_interaction, run_round
from orgs.models import Role

pytestmark = pytest.mark.django_db
AT = datetime(2026, 11, 20, 10, 0, tzinfo=timezone.get_default_timezone())


@pytest.fixture
def staff(make_person):
    return {"admin": make_person(Role.SITE_ADMIN, "hebhb"), "editor": make_person(Role.EDITOR, "hebhb", "环评处"),
            "head": make_person(Role.DIVISION_HEAD, "hebhb", "环评处")}


def consult_case(profiles, received, title="排污许可证办理时限"):
    box = Mailbox.objects.get(site=profiles["hebhb"].site, kind=MailboxKind.CONSULT)
    with time_machine.travel(received, tick=False):
        case, _ = lifecycle.submit(box, title=title, content="请问办理时限是多久？", phone="13800000000")
    return case


def answer(profiles, staff, case, when):
    with time_machine.travel(when, tick=False):
        lifecycle.accept(case, staff["admin"])
        department = profiles["hebhb"].departments.get(short_name="环评处")
        lifecycle.forward(case, staff["admin"], [(profiles["hebhb"].site_id, department.pk)])
        assignment = Assignment.objects.get(case=case)
        lifecycle.draft_reply(assignment, staff["editor"], "自受理之日起20个工作日内办结。")
        lifecycle.check_reply(assignment, staff["head"], True)


def vetoes(profile):
    out = Outcome()
    check_interaction(profile, AT, out)
    return out


def test_message_unanswered_for_over_three_months_vetoes(profiles, staff):
    case = consult_case(profiles, AT - timedelta(days=95))
    out = vetoes(profiles["hebhb"])
    [veto] = out.vetoes
    assert veto["rule"] == "poor_interaction" and "1 条有效留言超过3个月未答复" in veto["detail"]
    [problem] = out.problems
    assert case.tracking_code in problem.detail and "至今未答复" in problem.detail
    answer(profiles, staff, case, AT - timedelta(days=1))  # answered after 94 days: still late within the year
    [problem] = vetoes(profiles["hebhb"]).problems
    assert timezone.localtime(AT - timedelta(days=1)).strftime("%Y-%m-%d") in problem.detail


def test_answered_in_time_refused_or_outside_the_year_does_not_veto(profiles, staff):
    on_time = consult_case(profiles, AT - timedelta(days=200), title="按时答复")
    answer(profiles, staff, on_time, AT - timedelta(days=150))
    refused = consult_case(profiles, AT - timedelta(days=120), title="广告")
    lifecycle.reject(refused, staff["admin"], "来信内容与本机关职责无关")
    old = consult_case(profiles, AT - timedelta(days=600), title="两年前的留言")
    answer(profiles, staff, old, AT - timedelta(days=400))  # late, but answered before the year began
    recent = consult_case(profiles, AT - timedelta(days=80), title="尚未到3个月")
    assert recent.replied_at is None
    out = vetoes(profiles["hebhb"])
    assert out.vetoes == [] and out.problems == []


def test_round_records_the_veto_and_a_site_without_channel_vetoes(profiles, staff):
    consult_case(profiles, AT - timedelta(days=100))
    with time_machine.travel(AT, tick=False):
        hebhb = run_round(profiles["hebhb"])
        hebjgbz = run_round(profiles["hebjgbz"])  # its seed opens no 咨询建言 mailbox
    assert any(v["rule"] == "poor_interaction" for v in hebhb.vetoes) and not hebhb.passed
    assert hebhb.findings.filter(veto="poor_interaction", kind="interaction_unanswered").count() == 1
    [veto] = [v for v in hebjgbz.vetoes if v["rule"] == "poor_interaction"]
    assert veto["detail"] == "未开设咨询建言渠道"
    assert not any("互动留言答复时限检查" in note for note in hebhb.notes)
