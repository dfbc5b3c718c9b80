"""Re-running set-up loses nothing (issue 7 part 6): seed data bootstraps a site, then its administrators own it.
A re-run of load_seed_sites adds what is new in the files and reports what differs; load_demo fills only the
columns the seed created that never had content."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from wagtail.test.utils.form_data import querydict_from_html

from columns.models import ColumnPage
from content.models import ItemPage
from orgs.models import Role
from seeds import demo
from seeds.schema import SEED_DIR
from sites.tests.test_admin import edit_form, edit_url

pytestmark = pytest.mark.django_db


def weibin_column(profiles, title):
    (column,) = ColumnPage.objects.descendant_of(profiles["weibin"].site.root_page).filter(title=title)
    return column


def rerun(*files):
    out = StringIO()
    call_command("load_seed_sites", *map(str, files), "--no-progress", stdout=out)
    return out.getvalue()


def test_a_column_the_admin_deleted_is_not_recreated_and_is_reported(client, profiles, make_person):
    column = weibin_column(profiles, "应急管理")
    client.force_login(make_person(Role.SITE_ADMIN, "weibin"))
    assert client.post(reverse("wagtailadmin_pages:delete", args=(column.pk,))).status_code == 302
    assert not ColumnPage.objects.filter(title="应急管理", path__startswith=profiles["weibin"].site.root_page.path).exists()

    output = rerun()

    assert not ColumnPage.objects.descendant_of(profiles["weibin"].site.root_page).filter(title="应急管理").exists()
    assert "  宝鸡市渭滨区人民政府：栏目“政务 / 主动公开 / 应急管理”已被网站管理员删除，未重新创建。\n" in output
    assert "已载入 7 个站点：新增 0 项" in output


def test_a_title_the_admin_changed_is_kept_and_the_difference_reported(client, profiles, make_person):
    column = weibin_column(profiles, "今日渭滨")
    client.force_login(make_person(Role.SITE_ADMIN, "weibin"))
    url = reverse("wagtailadmin_pages:edit", args=(column.pk,))
    data = querydict_from_html(client.get(url).content.decode(), form_id="page-edit-form")
    data["title"] = "渭滨今日"
    data["action-publish"] = "action-publish"
    assert client.post(url, data).status_code == 302
    column.refresh_from_db()
    assert column.title == "渭滨今日"

    output = rerun()

    column.refresh_from_db()
    assert column.title == "渭滨今日"
    assert not ColumnPage.objects.descendant_of(profiles["weibin"].site.root_page).filter(title="今日渭滨").exists()
    assert (
        "  宝鸡市渭滨区人民政府：栏目“新闻 / 今日渭滨”的标题：种子文件为“今日渭滨”，网站上为“渭滨今日”"
        "（网站管理员已修改），保留网站上的值。\n"
    ) in output


def test_identity_and_responsibilities_the_admin_changed_are_kept_and_reported(client, profiles, make_person):
    profile = profiles["weibin"]
    client.force_login(make_person(Role.SITE_ADMIN, "weibin"))
    data = edit_form(client, profile)
    data["contact_phone"] = "0917-3269999"
    assert client.post(edit_url(profile), data).status_code == 302
    column = weibin_column(profiles, "应急管理")
    responsibility = column.responsibilities.get()
    responsibility.person = "李华"  # what the column form's 责任部门 panel saves
    responsibility.save()

    output = rerun()

    profile.refresh_from_db()
    assert profile.contact_phone == "0917-3269999"
    assert column.responsibilities.get().person == "李华"
    assert (
        "  宝鸡市渭滨区人民政府：网站信息“联系电话”：种子文件为“0917-3212345”，网站上为“0917-3269999”"
        "（网站管理员已修改），保留网站上的值。\n"
    ) in output
    assert (
        "  宝鸡市渭滨区人民政府：栏目“政务 / 主动公开 / 应急管理”的责任部门：种子文件为“宝鸡市渭滨区应急管理局”，"
        "网站上为“宝鸡市渭滨区应急管理局（责任人 李华）”（网站管理员已修改），保留网站上的值。\n"
    ) in output


def test_a_column_added_to_a_seed_file_is_created_with_its_unit(tmp_path, profiles):
    text = (SEED_DIR / "weibin.yaml").read_text(encoding="utf-8")
    anchor = "      - title: 今日渭滨\n"
    assert anchor in text
    added = (
        "      - title: 乡村振兴动态\n        description: 乡村振兴工作动态\n        category: news\n"
        "        guarantee: 直接发布\n        cycle: 每周至少1条\n        departments: [区应急管理局]\n        children: []\n"
    )
    copy = tmp_path / "weibin.yaml"
    copy.write_text(text.replace(anchor, added + anchor, 1), encoding="utf-8")
    pages_before = ColumnPage.objects.count()

    output = rerun(copy)

    news = weibin_column(profiles, "新闻")
    (created,) = ColumnPage.objects.child_of(news).filter(title="乡村振兴动态")
    assert ColumnPage.objects.count() == pages_before + 1
    assert (created.guarantee, created.update_cycle, created.category) == ("直接发布", "每周至少1条", "news")
    assert [r.organization.name for r in created.responsibilities.all()] == ["宝鸡市渭滨区应急管理局"]
    assert "  宝鸡市渭滨区人民政府：新建栏目“新闻 / 乡村振兴动态”\n" in output
    assert "已载入 1 个站点：新增 1 项，与种子文件不同而保留网站现状 0 处。" in output

    # Run again: the column is now the seed's; nothing more is created or reported.
    output = rerun(copy)
    assert ColumnPage.objects.count() == pages_before + 1
    assert "种子文件与网站一致，没有需要新增的内容。" in output

    # Taken out of the file again, the column stays on the site, and the run says so.
    output = rerun(SEED_DIR / "weibin.yaml")
    assert ColumnPage.objects.filter(pk=created.pk).exists()
    assert "  宝鸡市渭滨区人民政府：种子文件中已没有栏目“新闻 / 乡村振兴动态”，网站上保留。\n" in output


def test_a_rerun_of_unchanged_files_changes_and_reports_nothing():
    output = rerun()
    assert "种子文件与网站一致，没有需要新增的内容。" in output
    assert "已载入 7 个站点：新增 0 项，与种子文件不同而保留网站现状 0 处。" in output


# --- load_demo ------------------------------------------------------------------------------------------------


def test_demo_items_go_only_into_seed_columns_that_never_had_content(client, profiles, make_person):
    profile = profiles["weibin"]
    home = profile.site.root_page
    client.force_login(make_person(Role.SITE_ADMIN, "weibin"))
    news = weibin_column(profiles, "新闻")
    add_url = reverse("wagtailadmin_pages:add", args=("columns", "columnpage", news.pk))
    data = querydict_from_html(client.get(add_url).content.decode(), form_id="page-edit-form")
    data["title"], data["slug"], data["category"] = "街道动态", "jie-dao-dong-tai", "news"
    data["action-publish"] = "action-publish"
    assert client.post(add_url, data).status_code == 302
    admin_column = ColumnPage.objects.child_of(news).get(slug="jie-dao-dong-tai")

    created = demo.load_demo_content(profile)

    assert created > 0
    assert not ItemPage.objects.child_of(admin_column).exists()
    seeded = weibin_column(profiles, "今日渭滨")
    items = ItemPage.objects.child_of(seeded)
    assert items.count() == 4 and all(item.is_example for item in items)
    examples_before = ItemPage.objects.descendant_of(home).filter(is_example=True).count()
    assert examples_before == created

    # The administrator clears the seeded column and the demo is loaded again: it stays empty.
    for item in items:
        client.post(reverse("wagtailadmin_pages:delete", args=(item.pk,)))
    assert not ItemPage.objects.child_of(seeded).exists()
    assert demo.load_demo_content(profile) == 0
    assert not ItemPage.objects.child_of(seeded).exists()
    assert not ItemPage.objects.child_of(admin_column).exists()


def test_a_site_loaded_before_seed_records_existed_is_adopted_as_it_is(profiles):
    """A platform loaded by the earlier loader has no SeedRecord: its columns are taken as they are; a file column
    missing from the site may have been deleted by an administrator, so it is reported, not created."""
    from seeds.models import SeedRecord

    profile = profiles["weibin"]
    SeedRecord.objects.filter(profile=profile).delete()
    weibin_column(profiles, "应急管理").delete()
    column = weibin_column(profiles, "今日渭滨")
    column.title = "渭滨今日"
    column.save()
    pages_before = ColumnPage.objects.count()

    output = rerun()

    assert ColumnPage.objects.count() == pages_before
    assert (
        "  宝鸡市渭滨区人民政府：栏目“政务 / 主动公开 / 应急管理”不在网站上，未创建：该网站在平台记录种子载入情况之前已载入，"
        "无法判断是否为网站管理员删除。\n"
    ) in output
    assert "今日渭滨”的标题：种子文件为“今日渭滨”，网站上为“渭滨今日”" in output
    column.refresh_from_db()
    assert column.title == "渭滨今日"
    assert SeedRecord.objects.filter(profile=profile, kind="column", page=column).exists()
    # From now on the site has records: a second run takes the missing column as deleted and creates nothing.
    output = rerun()
    assert ColumnPage.objects.count() == pages_before
    assert "  宝鸡市渭滨区人民政府：栏目“政务 / 主动公开 / 应急管理”已被网站管理员删除，未重新创建。\n" in output


def test_the_report_names_each_department_with_its_person_and_info_managers(profiles):
    # What a re-run's report shows for a column's 责任部门 on either side (002 附件2: 责任人, 信息管理员).
    from seeds.loader import _show_responsibilities

    units = profiles["weibin"].departments
    emergency, office = units.get(short_name="区应急管理局"), units.get(short_name="区政府办")
    assert _show_responsibilities([]) == "（无）"
    assert _show_responsibilities([(emergency.pk, "李华", "王五、赵六"), (office.pk, "", "")]) == (
        "宝鸡市渭滨区应急管理局（责任人 李华，信息管理员 王五、赵六）、宝鸡市渭滨区人民政府办公室"
    )
    assert _show_responsibilities([(emergency.pk, "", "王五")]) == "宝鸡市渭滨区应急管理局（信息管理员 王五）"
