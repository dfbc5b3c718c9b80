"""The seed schema's refusals, each naming the file and line in Chinese before anything loads (seeds/schema.py).
Found by mutation testing (issue 14); the files are small, written here line by line."""

import pytest

from seeds.schema import SeedError, read_all, read_seed

GOOD = """\
code: testsite
full_name: 测试网站
level: city
kind: portal
status: running
domains:
  english: www.test.gov.cn
identity:
  site_code: "1300000023"
  icp: 冀ICP备10000231号
  police_record: 冀公网安备13010202000123号
organizations:
  government: {name: 某市人民政府, division_code: "130000"}
  supervisor: 某市人民政府办公室
  owner: 某市人民政府办公室
  operator: 某市信息中心
departments:
  - name: 综合处
    kind: division
    aliases: [办公室]
  - name: 财务处
columns:
  - title: 通知公告
    category: notice
    departments: [综合处]
    children:
      - title: 公示
        departments: [{name: 办公室}, 财务处]
  - title: 全部
    departments: all
  - title: 其他
"""


def write(tmp_path, text, name="site.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def refusal(tmp_path, text):
    path = write(tmp_path, text)
    with pytest.raises(SeedError) as info:
        read_seed(path)
    return path, info.value


def refused(tmp_path, old, new):
    assert old in GOOD
    path, error = refusal(tmp_path, GOOD.replace(old, new, 1))
    assert error.path == path
    prefix = f"{path} 第{error.line or '?'}行："
    assert str(error).startswith(prefix), str(error)
    return error.line, str(error)[len(prefix) :]


def test_the_good_file_is_read_with_its_lines(tmp_path):
    site = read_seed(write(tmp_path, GOOD))
    assert site.code == "testsite"
    assert site.data["__line__"] == 1
    assert site.data["domains"]["__line__"] == 7
    assert [c["__line__"] for c in site.data["columns"]] == [23, 29, 31]


@pytest.mark.parametrize(
    "old, new",
    [
        ("status: running\n", ""),  # running by default
        ("code: testsite", "code: test-site-2"),
        ("  - name: 财务处\n", "  - name: 财务处\n    kind: unit\n"),
        ("    category: notice\n", "    category: other\n"),
        ("departments: all", "departments: []"),
    ],
)
def test_defaults_and_other_good_forms_are_accepted(tmp_path, old, new):
    assert read_seed(write(tmp_path, GOOD.replace(old, new, 1))).data["full_name"] == "测试网站"


def test_a_file_not_in_utf8_is_refused_at_line_1(tmp_path):
    path = tmp_path / "gbk.yaml"
    path.write_bytes(GOOD.encode("gbk"))
    with pytest.raises(SeedError) as info:
        read_seed(path)
    assert str(info.value) == f"{path} 第1行：文件不是 UTF-8 编码的文本。"


def test_broken_yaml_is_refused_at_its_line(tmp_path):
    line, message = refused(tmp_path, "  owner: 某市人民政府办公室", "  owner: [某市人民政府办公室")
    assert line == 16
    assert message == "YAML 格式错误：expected ',' or ']', but got ':'"


def test_a_file_that_is_not_a_mapping_is_refused(tmp_path):
    path, error = refusal(tmp_path, "- code: a\n")
    assert str(error) == f"{path} 第1行：文件内容应为一个站点的键值表。"


@pytest.mark.parametrize(
    "old, new, line, message",
    [
        ("code: testsite\n", "", 1, "缺少或写错了必填项“code”。"),
        ("code: testsite", "code: 12345", 1, "缺少或写错了必填项“code”。"),
        ("code: testsite", 'code: ""', 1, "缺少或写错了必填项“code”。"),
        ("code: testsite", "code: TestSite", 1, "站点代码只能使用小写字母、数字和连字符：TestSite。"),
        ("code: testsite", "code: 测试", 1, "站点代码只能使用小写字母、数字和连字符：测试。"),
        ("code: testsite", "code: test_site", 1, "站点代码只能使用小写字母、数字和连字符：test_site。"),
        ("code: testsite", 'code: "--"', 1, "站点代码只能使用小写字母、数字和连字符：--。"),
        ("full_name: 测试网站\n", "", 1, "缺少或写错了必填项“full_name”。"),
        ("level: city", "level: town", 1, "“level”应为以下之一：province、city、county。"),
        ("kind: portal", "kind: blog", 1, "“kind”应为以下之一：portal、department。"),
        ("kind: portal\n", "", 1, "“kind”应为以下之一：portal、department。"),
        ("status: running", "status: paused", 1,
         "“status”应为以下之一：planning、running、offline、migrating、closed。"),
        ("domains:\n  english: www.test.gov.cn\n", "domains: www.test.gov.cn\n", 1, "缺少或写错了必填项“domains”。"),
        ("  english: www.test.gov.cn\n", "  chinese: 测试.政务\n", 7, "缺少或写错了必填项“english”。"),
        ("english: www.test.gov.cn", "english: WWW_TEST", 7,
         "域名格式不正确：只能包含小写字母、数字、连字符和点，如 www.weibin.gov.cn。"),
        ('  site_code: "1300000023"\n', "", 9, "缺少或写错了必填项“site_code”。"),
        ('site_code: "1300000023"', 'site_code: "13000"', 9, None),
        ('site_code: "1300000023"', "site_code: 1300000023", 9, "缺少或写错了必填项“site_code”。"),  # quote it
        ("icp: 冀ICP备10000231号", "icp: 冀备10000231号", 9,
         "ICP备案号格式不正确：应为“省份简称ICP备6至10位数字号”，可带“-序号”，如 冀ICP备15003849号-1。"),
        ("  icp: 冀ICP备10000231号\n", "", 9, "缺少或写错了必填项“icp”。"),
        ("police_record: 冀公网安备13010202000123号", "police_record: 冀公网安备130号", 9,
         "公安机关备案号格式不正确：应为“省份简称公网安备14位数字号”，如 冀公网安备13030202002230号。"),
        ("  police_record: 冀公网安备13010202000123号\n", "", 9, "缺少或写错了必填项“police_record”。"),
        ("identity:\n", "identity: []\nx:\n", 1, "缺少或写错了必填项“identity”。"),
        ("organizations:\n", "organizations: 某市\nx:\n", 1, "缺少或写错了必填项“organizations”。"),
        ('  government: {name: 某市人民政府, division_code: "130000"}\n', "", 13,
         "“government”应写为 {name: 人民政府全称, division_code: \"6位行政区划代码\"}。"),
        ("  supervisor: 某市人民政府办公室\n", "", 13, "缺少或写错了必填项“supervisor”。"),
        ("  owner: 某市人民政府办公室\n", "", 13, "缺少或写错了必填项“owner”。"),
        ("  operator: 某市信息中心\n", "", 13, "缺少或写错了必填项“operator”。"),
        ("  - name: 财务处\n", "  - full_name: 财务处\n", 21, "缺少或写错了必填项“name”。"),
        ("  - name: 财务处\n", "  - name: 财务处\n    kind: bureau\n", 21, "单位类型“bureau”无效。"),
        ("columns:\n", "columns: []\nx:\n", 1, "缺少栏目表“columns”。"),
        ("columns:\n", "columns: 通知公告\nx:\n", 1, "缺少栏目表“columns”。"),
        ("  - title: 其他\n", "  - 其他\n", None, "栏目项应为键值表：其他。"),
        ("  - title: 其他\n", "  - category: news\n", 31, "缺少或写错了必填项“title”。"),
        ("    category: notice\n", "    category: blog\n", 23, "栏目类别“blog”无效。"),
        ("departments: all", "departments: some", 29, "“departments”应为单位列表或 all。"),
        ("{name: 办公室}, 财务处", "{name: 办公室}, 人事处", 27, "栏目“公示”的责任单位“人事处”未在 departments 中列出。"),
        ("{name: 办公室}, 财务处", "{name: 人事处}", 27, "栏目“公示”的责任单位“人事处”未在 departments 中列出。"),
    ],
)
def test_each_mistake_is_refused_with_its_line_and_message(tmp_path, old, new, line, message):
    got_line, got_message = refused(tmp_path, old, new)
    assert got_line == line
    if message:
        assert got_message == message
    else:
        assert got_message.startswith("网站标识码")


def test_without_departments_every_named_unit_is_unknown(tmp_path):
    text = GOOD.replace("departments:\n  - name: 综合处\n    kind: division\n    aliases: [办公室]\n  - name: 财务处\n", "")
    path, error = refusal(tmp_path, text)
    assert str(error) == f"{path} 第18行：栏目“通知公告”的责任单位“综合处”未在 departments 中列出。"


# -- several files: codes unique, parents known and acyclic, parents first (reads the registered sites) -------


_numbers = {}


def site(code, parent=None):
    """GOOD as site `code`, with identity values of its own (they are unique across the 站群)."""
    n = _numbers.setdefault(code, len(_numbers) + 30)
    text = (
        GOOD.replace("code: testsite", f"code: {code}")
        .replace('site_code: "1300000023"', f'site_code: "13000000{n:02d}"')
        .replace("冀ICP备10000231号", f"冀ICP备100002{n:02d}号")
        .replace("冀公网安备13010202000123号", f"冀公网安备130102020001{n:02d}号")
        .replace("www.test.gov.cn", f"www.test{n}.gov.cn")
    )
    return text + (f"parent: {parent}\n" if parent else "")


@pytest.mark.django_db
def test_parents_come_before_their_children_whatever_the_file_order(tmp_path):
    paths = [write(tmp_path, site("c", "b"), "1.yaml"), write(tmp_path, site("b", "a"), "2.yaml"),
             write(tmp_path, site("a", "hebei"), "3.yaml"), write(tmp_path, site("d", "b"), "4.yaml")]
    assert [s.code for s in read_all(paths)] == ["a", "b", "c", "d"]


@pytest.mark.django_db
def test_a_duplicate_code_is_refused_in_the_second_file(tmp_path):
    first, second = write(tmp_path, site("a"), "1.yaml"), write(tmp_path, site("a"), "2.yaml")
    with pytest.raises(SeedError) as info:
        read_all([first, second])
    assert str(info.value) == f"{second} 第1行：站点代码 a 重复：1.yaml 已使用。"


@pytest.mark.django_db
def test_a_parent_cycle_is_refused(tmp_path):
    paths = [write(tmp_path, site("a", "b"), "1.yaml"), write(tmp_path, site("b", "a"), "2.yaml")]
    with pytest.raises(SeedError) as info:
        read_all(paths)
    assert str(info.value) == f"{paths[1]} 第1行：上级网站形成循环：a → b → a。"
    paths = [write(tmp_path, site("self", "self"), "3.yaml")]
    with pytest.raises(SeedError) as info:
        read_all(paths)
    assert str(info.value) == f"{paths[0]} 第1行：上级网站形成循环：self → self。"


@pytest.mark.django_db
def test_an_unknown_parent_is_refused(tmp_path):
    path = write(tmp_path, site("a", "nowhere"), "1.yaml")
    with pytest.raises(SeedError) as info:
        read_all([path])
    assert str(info.value) == f"{path} 第1行：上级网站 nowhere 不存在。"


@pytest.mark.django_db
def test_without_paths_the_seed_directory_is_read_parents_first():
    assert [s.code for s in read_all()] == ["shaanxi", "baoji", "hebei", "hebhb", "hebjgbz", "sxit", "weibin"]
