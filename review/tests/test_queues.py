"""The review queues (issue 8 part 10): what waits for each reviewer, and the 网站管理员's site pipeline."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from content.models import ArticlePage

from .chain_helpers import act, column_of, draft, people_of, submit

pytestmark = pytest.mark.django_db


def test_the_reviewer_sees_what_waits_for_their_step_with_tier_drafter_column_and_days(client, profiles, make_person):
    people = people_of(make_person, profiles, "hebhb")
    people["editor"].first_name = "王信息"
    people["editor"].save()
    start = timezone.now()
    with time_machine.travel(start - timedelta(days=3), tick=False):
        item = draft(column_of(profiles, "hebhb"), people["editor"], tier="sensitive", title="重污染天气应急响应情况")
        submit(client, item, people["editor"])
    with time_machine.travel(start, tick=False):
        client.force_login(people["head"])
        html = client.get(reverse("wagtailadmin_home")).content.decode()
    panel = html[html.index('id="review-awaiting"'):]
    panel = panel[: panel.index("</section>")]
    for shown in ("重污染天气应急响应情况", "敏感", "处室主要负责人审核", "王信息", "重污染天气预警", "3 天"):
        assert shown in panel, shown
    # Another 处's 负责人 and the 分管厅领导 (whose step has not come) see nothing waiting for them.
    for who in ("other_head", "leader"):
        client.force_login(people[who])
        html = client.get(reverse("wagtailadmin_home")).content.decode()
        assert "重污染天气应急响应情况" not in html, who
    # Once the 处室 has signed, it waits for the 分管厅领导.
    act(client, item, people["head"])
    client.force_login(people["leader"])
    assert "重污染天气应急响应情况" in client.get(reverse("wagtailadmin_home")).content.decode()


def test_the_site_admin_sees_the_whole_pipeline_of_their_site_only(client, profiles, make_person):
    weibin = people_of(make_person, profiles, "weibin")
    hebhb = people_of(make_person, profiles, "hebhb")
    ours = draft(column_of(profiles, "weibin"), weibin["editor"], title="渭滨区防汛准备情况")
    theirs = draft(column_of(profiles, "hebhb"), hebhb["editor"], title="河北环保厅内部通报")
    submit(client, ours, weibin["editor"])
    submit(client, theirs, hebhb["editor"])
    from django.test import Client

    client = Client()  # a fresh session: no flash messages left from the submitters' requests
    client.force_login(weibin["site_admin"])
    html = client.get(reverse("review_pipeline")).content.decode()
    assert "渭滨区防汛准备情况" in html and "分管领导审核" in html
    assert "河北环保厅内部通报" not in html
    # The site admin is no reviewer: no 同意 button for them.
    assert reverse("wagtailadmin_pages:workflow_action", args=(ours.pk, "approve", ours.current_workflow_task_state.pk)) not in html
    client.force_login(weibin["editor"])
    assert client.get(reverse("review_pipeline")).status_code in (302, 403)
    # A reviewer approving from the panel puts the item through (weibin 一般: 分管领导审核).
    client.force_login(weibin["leader"])
    client.post(reverse("wagtailadmin_pages:workflow_action", args=(ours.pk, "approve", ours.current_workflow_task_state.pk)), {"comment": ""})
    assert ArticlePage.objects.get(pk=ours.pk).live


def test_the_pipeline_page_costs_the_same_queries_for_3_or_30_items(client, profiles, make_person):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    people = people_of(make_person, profiles, "weibin")
    column = column_of(profiles, "weibin")
    counts = []
    for batch in (3, 27):
        for n in range(batch):
            item = draft(column, people["editor"], title=f"排队信息{len(counts)}-{n}")
            item.get_workflow().start(item, people["editor"])
        client.force_login(people["site_admin"])
        client.get(reverse("review_pipeline"))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("review_pipeline")).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
