"""Structure and availability on every path (issue 7 part 3): moving, deleting, unpublishing, copying and
protecting columns are the 网站管理员's (003 第八条; 001 第十七条), each filed in the 备案记录; nobody takes a
site's home page offline from the page admin (001 第十四条)."""

import pytest
from django.urls import reverse
from wagtail.models import Page, PageViewRestriction

from columns.models import ColumnPage
from orgs.models import Role
from sites.services import filing_history

pytestmark = pytest.mark.django_db


@pytest.fixture
def weibin(profiles):
    return profiles["weibin"]


def column(profile, title):
    return ColumnPage.objects.descendant_of(profile.site.root_page).get(title=title)


def bulk_url(action, *pages):
    ids = "&".join(f"id={p.pk}" for p in pages)
    return reverse("wagtail_bulk_action", args=("wagtailcore", "page", action)) + f"?{ids}&next=/admin/"


def messages_of(response):
    return [str(m) for m in response.wsgi_request._messages]


@pytest.mark.parametrize("role", [Role.DIVISION_HEAD, Role.LEADER_IN_CHARGE, Role.PRINCIPAL])
def test_bulk_delete_and_move_of_columns_are_refused_below_the_site_admin(role, client, make_person, weibin):
    # Reproduction 6: bulk move and bulk delete let a 处室负责人 or 分管领导 move or delete columns.
    dept = "区应急管理局" if role == Role.DIVISION_HEAD else None
    client.force_login(make_person(role, "weibin", dept))
    target = column(weibin, "应急管理")
    parent, destination = target.get_parent(), weibin.site.root_page
    filings = filing_history(weibin).count()

    client.post(bulk_url("delete", target))
    client.post(bulk_url("move", target), {"chooser": destination.pk})

    target = ColumnPage.objects.get(pk=target.pk)  # still there, still where it was
    assert target.get_parent().pk == parent.pk
    assert filing_history(weibin).count() == filings


def test_site_admin_bulk_deletes_a_column_and_it_is_filed(client, make_person, weibin):
    admin = make_person(Role.SITE_ADMIN, "weibin", full_name="王管理")
    client.force_login(admin)
    target = column(weibin, "应急管理")
    client.post(bulk_url("delete", target))
    assert not Page.objects.filter(pk=target.pk).exists()
    entry = filing_history(weibin).first()
    assert entry.user_id == admin.pk and entry.data["subject"] == "column_structure"
    assert entry.data["changes"]["deleted"][0].endswith("应急管理")


def test_site_admin_moves_a_column_and_the_move_is_filed_with_both_paths(client, make_person, weibin):
    client.force_login(make_person(Role.SITE_ADMIN, "weibin"))
    target = column(weibin, "应急管理")
    old_parent = target.get_parent()
    client.post(bulk_url("move", target), {"chooser": weibin.site.root_page.pk})
    assert ColumnPage.objects.get(pk=target.pk).get_parent().pk == weibin.site.root_page.pk
    before, after = filing_history(weibin).first().data["changes"]["moved"]
    assert before == f"{old_parent.title} / 应急管理" or before.endswith(f"{old_parent.title} / 应急管理")
    assert after == "应急管理"


@pytest.mark.parametrize("role", [Role.LEADER_IN_CHARGE, Role.DIVISION_HEAD])
def test_column_unpublish_and_privacy_are_the_site_admins(role, client, make_person, weibin):
    dept = "区应急管理局" if role == Role.DIVISION_HEAD else None
    client.force_login(make_person(role, "weibin", dept))
    target = column(weibin, "应急管理")
    client.post(reverse("wagtailadmin_pages:unpublish", args=(target.pk,)))
    client.post(bulk_url("unpublish", target))
    client.post(reverse("wagtailadmin_pages:set_privacy", args=(target.pk,)), {"restriction_type": "password", "password": "x1!abcdefg"})
    assert ColumnPage.objects.get(pk=target.pk).live
    assert not PageViewRestriction.objects.filter(page=target).exists()


def test_site_admin_closes_a_column_and_the_closing_is_filed(client, make_person, weibin):
    client.force_login(make_person(Role.SITE_ADMIN, "weibin"))
    target = column(weibin, "应急管理")
    client.post(reverse("wagtailadmin_pages:unpublish", args=(target.pk,)), {"include_descendants": "on"})
    assert not ColumnPage.objects.get(pk=target.pk).live
    assert "closed" in filing_history(weibin).first().data["changes"]


@pytest.mark.parametrize("role", [Role.LEADER_IN_CHARGE, Role.PRINCIPAL, Role.SITE_ADMIN, Role.PLATFORM_ADMIN])
def test_nobody_takes_the_home_page_offline_and_the_refusal_cites_article_14(role, client, make_person, weibin):
    # Reproduction 7: a 分管领导 unpublished the site's home page (the whole site answered 404) and protected it.
    client.force_login(make_person(role, None if role == Role.PLATFORM_ADMIN else "weibin"))
    home = weibin.site.root_page

    response = client.post(reverse("wagtailadmin_pages:unpublish", args=(home.pk,)), follow=True)
    assert any("第十四条" in m for m in messages_of(response))
    response = client.get(reverse("wagtailadmin_pages:set_privacy", args=(home.pk,)))
    assert "第十四条" in response.json()["html"]
    client.post(reverse("wagtailadmin_pages:set_privacy", args=(home.pk,)), {"restriction_type": "password", "password": "x1!abcdefg"})
    client.post(bulk_url("unpublish", home))
    client.post(bulk_url("delete", home))
    client.post(reverse("wagtailadmin_pages:delete", args=(home.pk,)))

    assert Page.objects.get(pk=home.pk).live
    assert not PageViewRestriction.objects.filter(page=home).exists()
    assert client.get("/", HTTP_HOST="weibin.localhost").status_code == 200


def test_a_scheduled_offline_time_on_the_home_page_is_refused(client, make_person, weibin):
    client.force_login(make_person(Role.PLATFORM_ADMIN))
    home = weibin.site.root_page.specific
    from wagtail.test.utils.form_data import nested_form_data

    data = nested_form_data({"title": home.title, "slug": home.slug, "welcome": "", "expire_at": "2027-01-01 00:00",
                             "comments": {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0, "MIN_NUM_FORMS": 0, "MAX_NUM_FORMS": 1000}, "attachments": {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0, "MIN_NUM_FORMS": 0, "MAX_NUM_FORMS": 1000}})
    data["action-publish"] = "1"
    response = client.post(reverse("wagtailadmin_pages:edit", args=(home.pk,)), data)
    assert "第十四条" in response.content.decode()
    assert Page.objects.get(pk=home.pk).expire_at is None


def test_department_roles_cannot_copy_a_column(client, make_person, weibin):
    client.force_login(make_person(Role.DIVISION_HEAD, "weibin", "区应急管理局"))
    target = column(weibin, "应急管理")
    before = ColumnPage.objects.count()
    client.post(reverse("wagtailadmin_pages:copy", args=(target.pk,)), {
        "new_title": "复制的栏目", "new_slug": "copied", "new_parent_page": target.get_parent().pk, "copy_subpages": "",
    })
    assert ColumnPage.objects.count() == before


def test_tester_keeps_editors_in_their_own_columns_on_every_question(make_person, weibin):
    editor = make_person(Role.EDITOR, "weibin", "区应急管理局")
    own, other = column(weibin, "应急管理"), ColumnPage.objects.descendant_of(weibin.site.root_page).exclude(
        responsibilities__organization__short_name="区应急管理局").filter(maintained_by_all=False, depth__gt=3).first()
    own_perms, other_perms = own.permissions_for_user(editor), other.permissions_for_user(editor)
    assert own_perms.can_add_subpage() and not own_perms.can_edit() and not own_perms.can_delete()
    assert not other_perms.can_add_subpage() and not other_perms.can_view_revisions()
    hebhb_page = ColumnPage.objects.descendant_of(Page.objects.get(pk=weibin.site.root_page.pk).get_parent()).exclude(
        path__startswith=weibin.site.root_page.path).first()
    foreign = hebhb_page.permissions_for_user(editor)
    assert not any([foreign.can_add_subpage(), foreign.can_edit(), foreign.can_lock(), foreign.can_view_revisions()])


def test_the_privacy_form_offers_only_the_pages_own_sites_groups(client, make_person, weibin, profiles):
    make_person(Role.EDITOR, "hebhb", profiles["hebhb"].departments.first().short_name)  # hebhb has a derived group
    client.force_login(make_person(Role.SITE_ADMIN, "weibin"))
    html = client.get(reverse("wagtailadmin_pages:set_privacy", args=(column(weibin, "应急管理").pk,))).json()["html"]
    assert "weibin·" in html and "hebhb·" not in html
