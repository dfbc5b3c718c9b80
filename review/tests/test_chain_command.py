"""manage.py review_chain (DESIGN §3) and the seed-file validation of review_chains."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = StringIO(), StringIO()
    try:
        call_command("review_chain", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, out.getvalue(), err.getvalue()


def test_hebhb_major_chain_is_the_leader_then_the_director(profiles):
    code, out, _err = run("--site", "hebhb", "--tier", "major", "--json")
    assert code == 0
    assert json.loads(out) == [
        {"step": 1, "role": "leader_in_charge", "unit": "河北省环境保护厅", "label": "分管厅领导审核并签署意见", "source": "000 第六条"},
        {"step": 2, "role": "principal", "unit": "河北省环境保护厅", "label": "厅长审定", "source": "000 第六条"},
    ]


def test_general_chain_is_signed_in_the_drafters_own_unit(profiles):
    _code, out, _err = run("--site", "hebjgbz", "--tier", "general", "--json")
    assert json.loads(out) == [{"step": 1, "role": "division_head", "unit": None, "label": "处长审核", "source": "002 第五条"}]


def test_a_tier_the_seed_does_not_define_falls_back_as_the_seed_says(profiles):
    _c, special, _e = run("--site", "hebhb", "--tier", "special", "--json")
    _c, major, _e = run("--site", "hebhb", "--tier", "major", "--json")
    assert special == major
    _c, text, _e = run("--site", "hebhb", "--tier", "special")
    assert "沿用“重大”" in text


def test_sxit_special_ends_with_the_named_group(profiles):
    _code, out, _err = run("--site", "sxit", "--tier", "special", "--json")
    steps = json.loads(out)
    assert [s["role"] for s in steps] == ["division_head", "leader_in_charge", "group:厅机关信息化领导小组"]
    assert steps[-1]["label"] == "信息化领导小组审批" and steps[-1]["source"] == "003 第十四条"


def test_a_weibin_review_column_appends_the_office_step(profiles):
    from columns.models import ColumnPage

    column = ColumnPage.objects.descendant_of(profiles["weibin"].site.root_page).filter(guarantee="审核发布").first()
    path = column.url_path.removeprefix(profiles["weibin"].site.root_page.url_path)
    _c, plain, _e = run("--site", "weibin", "--tier", "general", "--json")
    for ref in (f"/{path}", str(column.pk)):
        _c, out, _e = run("--site", "weibin", "--tier", "general", "--column", ref, "--json")
        assert [s["label"] for s in json.loads(out)] == [s["label"] for s in json.loads(plain)] + ["区政府办公室审查同意"]
        assert json.loads(out)[-1]["unit"] == "宝鸡市渭滨区人民政府办公室"
    # 敏感 already ends with the office's review: it is not asked twice.
    _c, sensitive, _e = run("--site", "weibin", "--tier", "sensitive", "--column", str(column.pk), "--json")
    assert [s["label"] for s in json.loads(sensitive)] == ["单位主要领导审核签字", "区政府办公室审查同意"]


@pytest.mark.parametrize("args, message", [
    (("--site", "nosuch", "--tier", "general"), "找不到网站"),
    (("--site", "weibin", "--tier", "urgent"), "审核级别“urgent”无效"),
    (("--site", "weibin", "--tier", "general", "--column", "/no/such/"), "没有栏目"),
    (("--site", "weibin", "--tier", "general", "--column", "999999"), "没有栏目"),
])
def test_bad_input_exits_2_with_a_chinese_message(args, message, profiles):
    code, out, err = run(*args, "--json")
    assert code == 2 and message in err and out == ""


def test_the_site_admin_edits_the_chain_and_the_command_follows(profiles):
    # After loading, the chain is the site's Workflow: a step the 网站管理员 adds in Wagtail's admin applies.
    from wagtail.models import WorkflowTask

    from review.chains import chain_for
    from review.models import RoleReviewTask

    site = profiles["weibin"].site
    workflow = chain_for(site, "general").workflow
    task = RoleReviewTask.objects.create(site=site, role="principal", unit="own", name="单位主要领导审核签字（补充）")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=10)
    _c, out, _e = run("--site", "weibin", "--tier", "general", "--json")
    assert [s["label"] for s in json.loads(out)] == ["分管领导审核", "单位主要领导审核签字（补充）"]


@pytest.mark.parametrize("chain, message", [
    ({"general": [{"role": "mayor", "label": "x"}], "fallback": {"sensitive": "general", "major": "general", "special": "general"}}, "审核角色“mayor”无效"),
    ({"general": [{"role": "division_head", "label": "处长审核"}]}, "未规定“sensitive”级别"),
    ({"general": [{"role": "division_head"}], "fallback": {"sensitive": "general", "major": "general", "special": "general"}}, "缺少步骤名称"),
    ({"general": [{"role": "division_head", "label": "a"}], "fallback": {"sensitive": "major", "major": "general", "special": "general"}}, "沿用的级别“major”未规定"),
])
def test_a_seed_file_with_a_bad_chain_is_refused_with_its_line(chain, message, tmp_path):
    import yaml

    from seeds.schema import SEED_DIR, SeedError, read_seed

    data = yaml.safe_load((SEED_DIR / "weibin.yaml").read_text(encoding="utf-8"))
    data["review_chains"] = chain
    path = tmp_path / "weibin.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(SeedError) as refused:
        read_seed(path)
    assert message in str(refused.value) and isinstance(refused.value.line, int)
