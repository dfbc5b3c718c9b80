"""The seed schema's refusals, each naming the file and line in Chinese before anything loads (seeds/schema.py).
Found by mutation testing (issue 14); the files are small, written here line by line."""

import pytest

from seeds.schema import SeedError, SeedSite, read_all, read_seed

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


# -- one rule per file: the government sections, the interaction and review_chains sections -------------------


@pytest.mark.parametrize(
    "old, new, line, message",
    [
        ('site_code: "1300000023"', 'site_code: "1301000023"', 9,
         "网站标识码 1301000023 的前6位 130100 与本网站所属的某市人民政府的行政区划代码 130000 不一致。"),
        ('{name: 某市人民政府, division_code: "130000"}', '{division_code: "130000"}', 13,
         "缺少或写错了必填项“name”。"),
        ('{name: 某市人民政府, division_code: "130000"}', "{name: 某市人民政府}", 13,
         "行政区划代码格式不正确：应为6位数字，如 610302。"),
        ('{name: 某市人民政府, division_code: "130000"}', '{name: 某市人民政府, division_code: "13000"}', 13,
         "行政区划代码格式不正确：应为6位数字，如 610302。"),
        ("  supervisor:", "  government_parent: 河北省人民政府\n  supervisor:", 13,
         "“government_parent”应写为 {name: 人民政府全称, division_code: \"6位行政区划代码\"}。"),
        ("  supervisor:", '  government_parent: ""\n  supervisor:', 13,
         "“government_parent”应写为 {name: 人民政府全称, division_code: \"6位行政区划代码\"}。"),
        ("  supervisor:", '  government_parent: {division_code: "130000"}\n  supervisor:', 14,
         "缺少或写错了必填项“name”。"),
        ("  supervisor:", "  government_parent: {name: 河北省人民政府, division_code: 13}\n  supervisor:", 14,
         "行政区划代码格式不正确：应为6位数字，如 610302。"),
    ],
)
def test_each_government_mistake_is_refused_with_its_line_and_message(tmp_path, old, new, line, message):
    assert refused(tmp_path, old, new) == (line, message)


def test_a_numeric_division_code_is_read_as_a_string(tmp_path):
    text = GOOD.replace('division_code: "130000"', "division_code: 130000").replace(
        "  supervisor:", "  government_parent: {name: 河北省人民政府, division_code: 130000}\n  supervisor:"
    )
    site = read_seed(write(tmp_path, text))
    assert site.data["organizations"]["government"] == {"name": "某市人民政府", "division_code": "130000", "__line__": 13}
    assert site.governments() == [("某市人民政府", "130000"), ("河北省人民政府", "130000")]


def test_a_government_parent_left_empty_is_no_government(tmp_path):
    site = read_seed(write(tmp_path, GOOD.replace("  supervisor:", "  government_parent:\n  supervisor:")))
    assert site.governments() == [("某市人民政府", "130000")]
    assert read_seed(write(tmp_path, GOOD)).governments() == [("某市人民政府", "130000")]


def test_identity_gives_the_values_compared_across_the_sites(tmp_path):
    site = SeedSite(tmp_path / "x.yaml", {
        "identity": {"site_code": 1300000023, "icp": "冀ICP备10000231号", "police_record": " 冀公网安备 13010202000123 "},
        "domains": {"english": " WWW.Test.gov.cn ", "extra_english": [" A.Test.GOV.cn ", "b.test.gov.cn"],
                    "chinese": " 测试.政务 "},
    })
    assert site.identity() == {
        "site_code": "1300000023", "icp": "冀ICP备10000231号", "police_record": "冀公网安备13010202000123号",
        "english_domain": "www.test.gov.cn", "extra_english_domains": ["a.test.gov.cn", "b.test.gov.cn"],
        "chinese_domain": "测试.政务",
    }
    site.data["domains"] = {"english": "www.test.gov.cn", "extra_english": None, "chinese": None}
    assert site.identity()["extra_english_domains"] == [] and site.identity()["chinese_domain"] == ""
    site.data["domains"] = {"english": "www.test.gov.cn"}
    assert site.identity()["extra_english_domains"] == [] and site.identity()["chinese_domain"] == ""


def test_governments_are_the_government_then_its_parent():
    orgs = {"government": {"name": "某区人民政府", "division_code": "130102"},
            "government_parent": {"name": "某市人民政府", "division_code": "130100"}}
    site = SeedSite(None, {"organizations": orgs})
    assert site.governments() == [("某区人民政府", "130102"), ("某市人民政府", "130100")]
    orgs["government_parent"] = None
    assert site.governments() == [("某区人民政府", "130102")]
    del orgs["government_parent"]
    assert site.governments() == [("某区人民政府", "130102")]


INTERACTION_LINE = GOOD.count("\n") + 2  # the mapping under `interaction:`, appended to GOOD


@pytest.mark.parametrize(
    "section, line, message",
    [
        ("interaction: []\n", 1, "“interaction”应写为 {mailboxes: [...]}。"),
        ('interaction: ""\n', 1, "“interaction”应写为 {mailboxes: [...]}。"),
        ("interaction: [leader]\n", 1, "“interaction”应写为 {mailboxes: [...]}。"),  # a list or a text: no crash
        ("interaction: 领导信箱\n", 1, "“interaction”应写为 {mailboxes: [...]}。"),
        ("interaction:\n  mailboxes: leader\n", INTERACTION_LINE, "“interaction”应写为 {mailboxes: [...]}。"),
        ("interaction:\n  mailboxes:\n    - kind: mayor\n", INTERACTION_LINE,
         "信箱类型应为以下之一：leader、consult、complaint、find_error、disclosure_request、suggestion。"),
        ("interaction:\n  mailboxes:\n    - kind: leader\n      color: red\n", INTERACTION_LINE,
         "信箱“leader”含有未知项：color。"),
        ("interaction:\n  mailboxes:\n    - kind: leader\n      handler: 人事处\n", INTERACTION_LINE,
         "信箱“leader”的承办单位“人事处”不在 departments 中。"),
        ("interaction:\n  mailboxes:\n    - kind: leader\n      answer_days: -1\n", INTERACTION_LINE,
         "信箱“leader”的 answer_days 应为非负整数。"),
    ],
)
def test_each_interaction_mistake_is_refused_at_the_section(tmp_path, section, line, message):
    assert refused(tmp_path, "  - title: 其他\n", "  - title: 其他\n" + section) == (line, message)


def test_a_mailbox_handler_may_be_a_department_or_its_alias(tmp_path):
    section = "interaction:\n  mailboxes:\n    - kind: leader\n      handler: 办公室\n    - kind: consult\n      handler: 财务处\n"
    site = read_seed(write(tmp_path, GOOD + section))
    assert [box["handler"] for box in site.data["interaction"]["mailboxes"]] == ["办公室", "财务处"]


@pytest.mark.parametrize(
    "section, line, message",
    [
        ("review_chains: []\n", 1, "review_chains 应为按审核级别（general、sensitive、major、special）列出的键值表。"),
        ("review_chains:\n  urgent: []\n", INTERACTION_LINE,
         "review_chains 中的“urgent”不是审核级别，应为 general、sensitive、major、special。"),
    ],
)
def test_each_review_chains_mistake_is_refused_at_its_line(tmp_path, section, line, message):
    assert refused(tmp_path, "  - title: 其他\n", "  - title: 其他\n" + section) == (line, message)


# -- across files: no two give the same identity value, nor two 行政区划代码 for one 人民政府 -------------------


def numbered(code, n, **replace):
    """GOOD as site `code` (全称 测试网站<code>) with identity values numbered `n`, then `replace` applied."""
    text = (
        GOOD.replace("code: testsite", f"code: {code}")
        .replace("full_name: 测试网站", f"full_name: 测试网站{code}")
        .replace('site_code: "1300000023"', f'site_code: "13000000{n}"')
        .replace("冀ICP备10000231号", f"冀ICP备100002{n}号")
        .replace("冀公网安备13010202000123号", f"冀公网安备130102020001{n}号")
        .replace("www.test.gov.cn", f"www.test{n}.gov.cn")
    )
    for old, new in replace.items():
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def refused_across(tmp_path, *texts):
    paths = [write(tmp_path, text, f"{n}.yaml") for n, text in enumerate(texts, 1)]
    with pytest.raises(SeedError) as info:
        read_all(paths)
    error = info.value
    assert error.path == paths[-1]
    prefix = f"{paths[-1]} 第{error.line}行："
    assert str(error).startswith(prefix), str(error)
    return error.line, str(error)[len(prefix) :]


HOLDER = "已由“测试网站a（1.yaml）”使用，站群内各网站不得重复。"
CITY_DISTRICT = {  # the second site is a district's, under the city of GOOD
    'site_code: "1300000042"': 'site_code: "1301020042"',
    '{name: 某市人民政府, division_code: "130000"}': '{name: 某区人民政府, division_code: "130102"}',
}


@pytest.mark.parametrize(
    "replace, line, message",
    [
        ({'site_code: "1300000042"': 'site_code: "1300000041"'}, 9, f"网站标识码 1300000041 {HOLDER}"),
        ({"冀ICP备10000242号": "冀ICP备10000241号"}, 9, f"ICP备案号 冀ICP备10000241号 {HOLDER}"),
        ({"冀公网安备13010202000142号": "冀公网安备 13010202000141"}, 9, f"公安机关备案号 冀公网安备13010202000141号 {HOLDER}"),
        ({"english: www.test42.gov.cn": "english: www.test41.gov.cn"}, 7, f"英文域名 www.test41.gov.cn {HOLDER}"),
        ({"english: www.test42.gov.cn\n": "english: www.test42.gov.cn\n  extra_english: [' WWW.Test41.gov.cn ']\n"},
         7, f"其他英文域名 www.test41.gov.cn {HOLDER}"),
        ({"english: www.test42.gov.cn\n": "english: www.test42.gov.cn\n  chinese: ' 测试.政务 '\n"},
         7, f"中文域名 测试.政务 {HOLDER}"),
        ({"code: b": "code: b\nx: 1", "www.test42.gov.cn": "www.test41.gov.cn", "冀ICP备10000242号": "冀ICP备10000241号"},
         10, f"ICP备案号 冀ICP备10000241号 {HOLDER}"),  # the first clash, at its own section's line
        ({**CITY_DISTRICT, "  supervisor:": '  government_parent: {name: 某市人民政府, division_code: "130100"}\n  supervisor:'},
         13, "某市人民政府的行政区划代码为 130100，与 1.yaml 中的 130000 不一致。"),
        ({'site_code: "1300000042"': 'site_code: "1301000042"', 'division_code: "130000"': 'division_code: "130100"'},
         13, "某市人民政府的行政区划代码为 130100，与 1.yaml 中的 130000 不一致。"),
    ],
)
def test_each_clash_with_an_earlier_file_is_refused_in_the_later_one(tmp_path, replace, line, message):
    first = numbered("a", 41, **{"english: www.test41.gov.cn\n": "english: www.test41.gov.cn\n  chinese: 测试.政务\n"})
    assert refused_across(tmp_path, first, numbered("b", 42, **replace)) == (line, message)


def test_a_domain_written_twice_in_one_file_is_refused(tmp_path):
    text = GOOD.replace("english: www.test.gov.cn\n", "english: www.test.gov.cn\n  extra_english: [WWW.test.gov.cn]\n")
    assert refused_across(tmp_path, text) == (7, "其他英文域名 www.test.gov.cn 填写了两次。")


def test_a_division_code_is_checked_against_the_first_file_that_gave_it(tmp_path):
    same_city = {**CITY_DISTRICT, "  supervisor:": '  government_parent: {name: 某市人民政府, division_code: "130000"}\n  supervisor:'}
    other_city = {'site_code: "1300000043"': 'site_code: "1301000043"', 'division_code: "130000"': 'division_code: "130100"'}
    texts = numbered("a", 41), numbered("b", 42, **same_city), numbered("c", 43, **other_city)
    assert refused_across(tmp_path, *texts) == (13, "某市人民政府的行政区划代码为 130100，与 1.yaml 中的 130000 不一致。")


# -- several files: codes unique, parents known and acyclic, parents first (reads the registered sites) -------


_numbers = {}


def site(code, parent=None):
    """GOOD as site `code`, with identity values of its own (they are unique across the 站群)."""
    text = numbered(code, _numbers.setdefault(code, len(_numbers) + 30))
    return text + (f"parent: {parent}\n" if parent else "")


def test_a_duplicate_code_is_refused_in_the_second_file(tmp_path):  # before the database is read
    first, second = write(tmp_path, site("a"), "1.yaml"), write(tmp_path, site("a"), "2.yaml")
    with pytest.raises(SeedError) as info:
        read_all([first, second])
    assert str(info.value) == f"{second} 第1行：站点代码 a 重复：1.yaml 已使用。"


@pytest.mark.django_db
def test_parents_come_before_their_children_whatever_the_file_order(tmp_path):
    paths = [write(tmp_path, site("c", "b"), "1.yaml"), write(tmp_path, site("b", "a"), "2.yaml"),
             write(tmp_path, site("a", "hebei"), "3.yaml"), write(tmp_path, site("d", "b"), "4.yaml")]
    assert [s.code for s in read_all(paths)] == ["a", "b", "c", "d"]


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


@pytest.mark.django_db
def test_files_that_agree_on_each_government_are_read(tmp_path):
    same_city = {**CITY_DISTRICT, "  supervisor:": '  government_parent: {name: 某市人民政府, division_code: 130000}\n  supervisor:'}
    paths = [write(tmp_path, numbered("a", 41), "1.yaml"), write(tmp_path, numbered("b", 42, **same_city), "2.yaml")]
    assert [site.governments() for site in read_all(paths)] == [
        [("某市人民政府", "130000")], [("某区人民政府", "130102"), ("某市人民政府", "130000")],
    ]
