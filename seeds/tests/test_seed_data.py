"""The loaded platform holds the seeds' own rows (compared with the regulation text, not with our YAML)."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import Page, Site

from columns.models import ColumnPage
from seeds import loader
from seeds.schema import SEED_DIR
from sites.models import SiteProfile

pytestmark = pytest.mark.django_db


def column(site_code, title, parent_title=None):
    root = SiteProfile.objects.get(code=site_code).site.root_page
    qs = ColumnPage.objects.descendant_of(root).filter(title=title)
    if parent_title:
        qs = [c for c in qs if c.get_parent().title == parent_title]
    (found,) = list(qs)
    return found


def unit_names(col):
    return [r.organization.short_name for r in col.responsibilities.order_by("sort_order")]


def test_all_sites_and_parents_are_registered():
    codes = dict(SiteProfile.objects.values_list("code", "parent__code"))
    assert codes == {
        "hebei": None, "hebhb": "hebei", "hebjgbz": "hebei",
        "shaanxi": None, "sxit": "shaanxi", "baoji": "shaanxi", "weibin": "baoji",
    }
    assert Site.objects.get(is_default_site=True).hostname == "hebei.localhost"


def test_weibin_emergency_column_matches_004_table():
    # 004 附件: 应急管理 | 突发公共事件的应急预案… | 区应急管理局 | 直接发布 | 两周至少1条
    col = column("weibin", "应急管理")
    assert unit_names(col) == ["区应急管理局"]
    assert col.responsibilities.get().organization.name == "宝鸡市渭滨区应急管理局"
    assert (col.guarantee, col.update_cycle) == ("直接发布", "两周至少1条")
    assert col.description == "突发公共事件的应急预案、预警信息及应对情况等"
    assert col.get_parent().title == "主动公开"


def test_weibin_merged_cells_and_link_guarantee():
    assert column("weibin", "今日渭滨").update_cycle == "每日更新"
    assert column("weibin", "双公示、双随机").guarantee == "链接至“信用中国（宝鸡）”"
    assert column("weibin", "区长信箱").update_cycle == "按期答复"
    weibin = SiteProfile.objects.get(code="weibin")
    assert weibin.level == "county" and weibin.kind == "portal" and weibin.parent.code == "baoji"
    assert weibin.owner.name == "宝鸡市渭滨区人民政府办公室"
    assert weibin.operator.name == "宝鸡市渭滨区大数据发展服务局"


def test_hebhb_policy_column_has_the_eight_units_of_000():
    col = column("hebhb", "政策法规", parent_title="政务公开")
    assert unit_names(col) == ["政法处", "信息中心", "污防处", "生态处", "辐射处", "总量处", "水污染防治处", "大气污染防治处"]
    assert [c.title for c in col.child_columns()] == ["法律行政法规", "部门规章", "地方性法规", "政府规章", "环保政策"]
    assert column("hebhb", "厅长信箱").responsibilities.get().organization.short_name == "环监局"
    hebhb = SiteProfile.objects.get(code="hebhb")
    assert hebhb.extra_english_domains == ["www.hb12369.net"]


def test_hebjgbz_supervision_column_has_person_and_info_manager_of_002():
    col = column("hebjgbz", "监督检查")
    (responsibility,) = col.responsibilities.all()
    assert responsibility.organization.short_name == "监督处"
    assert (responsibility.person, responsibility.info_managers) == ("白志和", "郝前文")
    shared = column("hebjgbz", "工作动态")
    assert shared.maintained_by_all and not shared.responsibilities.exists()
    management = column("hebjgbz", "机构编制管理")
    assert len(unit_names(management)) == 6


def test_loading_twice_changes_nothing():
    before = (Page.objects.count(), list(Page.objects.order_by("path").values_list("path", "slug", "title")))
    loader.load()
    after = (Page.objects.count(), list(Page.objects.order_by("path").values_list("path", "slug", "title")))
    assert before == after


def test_malformed_file_is_refused_with_file_and_line_and_nothing_loaded(tmp_path):
    """The refused file is a new site that would add a site, its columns and its units; none of them is stored."""
    from orgs.models import Organization
    from seeds.tests.test_seed_commands import new_site

    bad = tmp_path / "xinbin.yaml"
    bad.write_text(new_site(**{'site_code: "6103990001"': 'site_code: "61039"'}), encoding="utf-8")
    line = next(n for n, text in enumerate(bad.read_text(encoding="utf-8").splitlines(), 1) if "identity:" in text) + 1
    before = (SiteProfile.objects.count(), ColumnPage.objects.count(), Organization.objects.count())
    with pytest.raises(CommandError) as error:
        call_command("load_seed_sites", str(bad), "--no-progress")
    assert "xinbin.yaml" in str(error.value) and f"第{line}行" in str(error.value)
    assert "网站标识码格式不正确" in str(error.value)
    assert (SiteProfile.objects.count(), ColumnPage.objects.count(), Organization.objects.count()) == before
    assert not SiteProfile.objects.filter(code="xinbin").exists()
    assert not Organization.objects.filter(name__startswith="宝鸡市xinbin区").exists()

    # The same file, well formed, does add them: the refusal above is what kept them out.
    bad.write_text(new_site(), encoding="utf-8")
    call_command("load_seed_sites", str(bad), "--no-progress", stdout=StringIO())
    assert SiteProfile.objects.filter(code="xinbin").exists()
    assert ColumnPage.objects.count() > before[1] and Organization.objects.count() > before[2]


def test_unknown_department_and_broken_yaml_are_refused(tmp_path):
    text = (SEED_DIR / "weibin.yaml").read_text(encoding="utf-8")
    unknown = tmp_path / "a.yaml"
    unknown.write_text(text.replace("departments: [区应急管理局]", "departments: [区不存在局]", 1), encoding="utf-8")
    with pytest.raises(CommandError, match="区不存在局.*未在 departments 中列出"):
        call_command("load_seed_sites", str(unknown), "--no-progress")
    broken = tmp_path / "b.yaml"
    broken.write_text("code: x\n  bad: [\n", encoding="utf-8")
    with pytest.raises(CommandError, match="b.yaml 第.*行：YAML 格式错误"):
        call_command("load_seed_sites", str(broken), "--no-progress")


def test_units_form_one_tree_from_province_to_county():
    from orgs.models import Organization

    governments = Organization.objects.filter(kind=Organization.Kind.GOVERNMENT)
    assert sorted(governments.values_list("name", flat=True)) == ["宝鸡市人民政府", "宝鸡市渭滨区人民政府", "河北省人民政府", "陕西省人民政府"]
    weibin = SiteProfile.objects.get(code="weibin")
    chain = [weibin.owner.name] + [unit.name for unit in weibin.owner.ancestors()]
    assert chain == ["宝鸡市渭滨区人民政府办公室", "宝鸡市渭滨区人民政府", "宝鸡市人民政府", "陕西省人民政府"]
    emergency = weibin.departments.get(short_name="区应急管理局")
    assert emergency.parent.name == "宝鸡市渭滨区人民政府"
    division = SiteProfile.objects.get(code="hebjgbz").departments.get(short_name="监督处")
    assert [u.name for u in division.ancestors()] == ["河北省机构编制委员会办公室", "河北省人民政府"]
