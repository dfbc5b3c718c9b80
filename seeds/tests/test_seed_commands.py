"""load_seed_sites as an operator runs it: a new site file loads through the command; a refused file set gets a
Chinese message naming the file and line, a non-zero exit, and stores nothing (no site, no column, no unit)."""

from io import StringIO
from unittest.mock import patch

import pytest
from django.core.management import call_command
from django.db import connections

from columns.models import ColumnPage
from orgs.models import Organization
from review.chains import chain_for, chain_tasks
from seeds.management.commands.load_seed_sites import Command
from seeds.models import SeedRecord
from seeds.schema import SEED_DIR
from sites.models import SiteProfile

pytestmark = pytest.mark.django_db

WEIBIN = (SEED_DIR / "weibin.yaml").read_text(encoding="utf-8")


def new_site(code="xinbin", n=1, **replace):
    """A new county portal made from weibin.yaml: its own code, government (宝鸡市新滨区, 610399), units,
    identity and domains; loading it adds a site, its columns and its units."""
    text = (
        WEIBIN.replace("code: weibin", f"code: {code}")
        .replace("宝鸡市渭滨区", f"宝鸡市{code}区")
        .replace('division_code: "610302"', 'division_code: "610399"')
        .replace('site_code: "6103020001"', f'site_code: "61039900{n:02d}"')
        .replace("陕ICP备05003021号", f"陕ICP备0599{n:04d}号")
        .replace("陕公网安备61030202000021号", f"陕公网安备610399020000{n:02d}号")
        .replace("english: www.weibin.gov.cn", f"english: www.{code}.gov.cn")
        .replace("chinese: 渭滨区人民政府.政务", f"chinese: {code}区人民政府.政务")
    )
    for old, new in replace.items():
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def line_of(text, needle):
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def run_command(*files):
    """Run the command the way manage.py does; returns (exit status, stderr). run_from_argv closes every
    database connection when it ends, which on PostgreSQL would end the test's transaction: keep it open."""
    err = StringIO()
    command = Command(stdout=StringIO(), stderr=err)
    with pytest.raises(SystemExit) as exit_info, patch.object(connections, "close_all"):
        command.run_from_argv(["manage.py", "load_seed_sites", *map(str, files), "--no-progress", "--skip-checks"])
    return exit_info.value.code, err.getvalue()


def stored():
    return (
        SiteProfile.objects.count(), ColumnPage.objects.count(), Organization.objects.count(), SeedRecord.objects.count(),
        sorted(Organization.objects.filter(name__contains="xinbin").values_list("name", flat=True)),
    )


def test_a_new_site_loads_through_the_command(tmp_path, client):
    path = write(tmp_path, "xinbin.yaml", new_site())
    weibin_columns = ColumnPage.objects.descendant_of(SiteProfile.objects.get(code="weibin").site.root_page).count()
    out = StringIO()

    call_command("load_seed_sites", str(path), "--no-progress", stdout=out)

    output = out.getvalue()
    assert "xinbin\txinbin.localhost\t宝鸡市xinbin区人民政府\n" in output
    assert "  宝鸡市xinbin区人民政府：新建网站（xinbin.localhost）\n" in output
    assert f"  宝鸡市xinbin区人民政府：新建栏目 {weibin_columns} 个\n" in output
    # The file carries weibin's review_chains: the new site gets its own chain per tier at once, so its items can
    # go online through review (002 第五条 未经审核的信息不得上网).
    assert "  宝鸡市xinbin区人民政府：新建审核流程（按审核级别）\n" in output
    assert "已载入 1 个站点：新增 3 项" in output
    profile = SiteProfile.objects.get(code="xinbin")
    assert (profile.parent.code, profile.site_code, profile.owner.name) == ("baoji", "6103990001", "宝鸡市xinbin区人民政府办公室")
    government = profile.owner.parent
    assert (government.name, government.division_code, government.parent.name) == ("宝鸡市xinbin区人民政府", "610399", "宝鸡市人民政府")
    assert ColumnPage.objects.descendant_of(profile.site.root_page).count() == weibin_columns
    chains = {tier: [(t.name, t.site_id) for t in chain_tasks(chain_for(profile.site, tier).workflow)] for tier in ("general", "sensitive", "special")}
    assert chains["general"] == [("分管领导审核", profile.site.pk)]
    assert chains["sensitive"] == chains["special"] == [("单位主要领导审核签字", profile.site.pk), ("区政府办公室审查同意", profile.site.pk)]
    html = client.get("/", HTTP_HOST="xinbin.localhost").content.decode()
    assert "宝鸡市xinbin区人民政府" in html and '<span class="site-code">6103990001</span>' in html


def test_a_site_refused_while_loading_leaves_no_trace_of_the_files_loaded_before_it(tmp_path):
    """The second file passes every check of the files alone but takes weibin's 标识码: the first file's site,
    columns and units, already written in the transaction, are rolled back."""
    good = write(tmp_path, "a.yaml", new_site("xinbin", 1))
    text = new_site("xinbinb", 2, **{'site_code: "6103990002"': 'site_code: "6103020001"', 'division_code: "610399"': 'division_code: "610302"'})
    bad = write(tmp_path, "b.yaml", text)
    before = stored()

    status, message = run_command(good, bad)

    assert status == 1
    assert f"b.yaml 第{line_of(text, 'identity:') + 1}行：网站标识码 6103020001 已由“宝鸡市渭滨区人民政府”使用，站群内各网站不得重复。" in message
    assert stored() == before
    assert not SiteProfile.objects.filter(code__in=["xinbin", "xinbinb"]).exists()


def refusal_cases():
    dup = new_site("xinbin", 1)
    yield "duplicate code", [("a.yaml", dup), ("b.yaml", new_site("xinbin", 2))], "b.yaml", line_of(dup, "code: xinbin"), "站点代码 xinbin 重复：a.yaml 已使用。"
    cycle_a = new_site("xinbin", 1, **{"parent: baoji": "parent: xinbinb"})
    cycle_b = new_site("xinbinb", 2, **{"parent: baoji": "parent: xinbin"})
    yield "parent cycle", [("a.yaml", cycle_a), ("b.yaml", cycle_b)], "b.yaml", line_of(cycle_b, "code: xinbinb"), "上级网站形成循环：xinbin → xinbinb → xinbin。"
    unknown = new_site(**{"parent: baoji": "parent: nowhere"})
    yield "unknown parent", [("a.yaml", unknown)], "a.yaml", line_of(unknown, "code: xinbin"), "上级网站 nowhere 不存在。"
    for key, good, bad in (("level", "county", "town"), ("kind", "portal", "portal_site"), ("status", "running", "open")):
        text = new_site(**{f"\n{key}: {good}\n": f"\n{key}: {bad}\n"})
        yield f"bad {key}", [("a.yaml", text)], "a.yaml", line_of(text, "code: xinbin"), f"“{key}”应为以下之一："
    clash = new_site("xinbinb", 2, **{"icp: 陕ICP备05990002号": "icp: 陕ICP备05990001号"})
    yield "identity shared by two files", [("a.yaml", new_site()), ("b.yaml", clash)], "b.yaml", line_of(clash, "identity:") + 1, "ICP备案号 陕ICP备05990001号 已由“宝鸡市xinbin区人民政府（a.yaml）”使用"
    region = new_site(**{'site_code: "6103990001"': 'site_code: "6103020099"'})
    yield "site code outside the government's region", [("a.yaml", region)], "a.yaml", line_of(region, "identity:") + 1, "网站标识码 6103020099 的前6位 610302 与本网站所属的宝鸡市xinbin区人民政府的行政区划代码 610399 不一致。"
    no_code = new_site(**{'government: {name: 宝鸡市xinbin区人民政府, division_code: "610399"}': "government: 宝鸡市xinbin区人民政府"})
    yield "government without division code", [("a.yaml", no_code)], "a.yaml", line_of(no_code, "organizations:") + 1, "“government”应写为 {name: 人民政府全称, division_code: \"6位行政区划代码\"}。"
    other_code = new_site(**{'government_parent: {name: 宝鸡市人民政府, division_code: "610300"}': 'government_parent: {name: 宝鸡市人民政府, division_code: "610301"}'})
    yield "one government, two division codes", [("a.yaml", new_site("xinbinb", 2)), ("b.yaml", other_code)], "b.yaml", line_of(other_code, "organizations:") + 1, "宝鸡市人民政府的行政区划代码为 610301，与 a.yaml 中的 610300 不一致。"


CASES = list(refusal_cases())


@pytest.mark.parametrize("files,named,line,message", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_a_refused_file_set_exits_non_zero_names_file_and_line_and_loads_nothing(tmp_path, files, named, line, message):
    paths = [write(tmp_path, name, text) for name, text in files]
    before = stored()

    status, error = run_command(*paths)

    assert status == 1
    assert f"{named} 第{line}行：" in error and message in error, error
    assert stored() == before


def test_a_file_that_is_not_utf8_is_refused(tmp_path):
    path = write(tmp_path, "gbk.yaml", new_site(), encoding="gb18030")
    before = stored()
    status, error = run_command(path)
    assert status == 1
    assert "gbk.yaml 第1行：文件不是 UTF-8 编码的文本。" in error
    assert stored() == before
