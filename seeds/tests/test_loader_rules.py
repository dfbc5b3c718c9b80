"""The seed loader's rules (seeds/loader.py) on small seed files written here: what a first load creates, and what a
re-run reports after an administrator or the file changed something. Found by mutation testing (issue 14)."""

import pytest
from wagtail.models import Page, Site

from columns.models import ColumnPage, ColumnResponsibility
from interaction.models import Mailbox
from orgs.models import Organization
from portal.models import HomePage
from review.chain_models import ReviewChain
from seeds.loader import LoadResult, _unit, count_columns, load, slugify_title
from seeds.models import SeedRecord
from seeds.schema import SeedError, read_all
from sites.models import SiteProfile

pytestmark = pytest.mark.django_db

# A county portal under the seeded 河北 portal, with identity values no seed site holds.
SITE = """\
code: ldtest
source: ldtest.txt
full_name: 测试县人民政府
level: county
kind: portal
parent: hebei
status: offline
domains:
  english: www.ldtest.gov.cn
  extra_english: [www.ldtest.net]
  chinese: 测试县人民政府.政务
identity:
  site_code: "1399010001"
  icp: 冀ICP备19990101号
  police_record: 冀公网安备13990102000001号
  party_gov_label: true
examples: [site_code, contact]
organizations:
  government: {name: 测试县人民政府, division_code: "139901"}
  government_parent: {name: 测试市人民政府, division_code: "139900"}
  supervisor: 测试县人民政府
  owner: 测试县人民政府办公室
  operator: 测试县人民政府办公室信息中心
contact:
  person: 张建国
  phone: 0311-1234567
  email: web@ldtest.gov.cn
  address: 测试县人民路1号
departments:
  - name: 县政府办
    full_name: 测试县人民政府办公室
    aliases: [政府办]
    kind: office
  - name: 督查室
    full_name: 测试县人民政府办公室督查室
    kind: division
  - name: 测试县财政局
    aliases: [财政局, 县财政局]
interaction:
  mailboxes:
    - {kind: leader, name: 县长信箱, handler: 督查室}
columns:
  - title: 新闻中心
    category: news
    description: 本县新闻
    guarantee: 直接发布
    cycle: 每日更新
    departments: [县政府办]
    children:
      - title: 工作动态
        slug: dongtai
        category: news
        cycle: 每周至少1条
        departments:
          - {name: 政府办, person: 张三, info_managers: [李四, 王五]}
          - 财政局
          - {name: 督查室, info_managers: 赵六}
      - title: 通知
      - title: 通知
        children:
          - title: 通知
      - title: 通知
  - title: 全县公开
    category: policy
    departments: all
    departments_text: 各部门
    link_url: https://open.ldtest.gov.cn/
  - title: 其他
  - title: 专题
    children:
      - title: 专题一
  - title: 旧栏目
"""

# A department site of that county, loaded with it: every optional key left out.
DEPT = """\
code: ldtestczj
full_name: 测试县财政局网站
level: county
kind: department
parent: ldtest
domains:
  english: czj.ldtest.gov.cn
identity:
  site_code: "1399010002"
  icp: 冀ICP备19990102号
  police_record: 冀公网安备13990102000002号
organizations:
  government: {name: 测试县人民政府, division_code: "139901"}
  supervisor: 测试县人民政府办公厅
  owner: 测试县财政局
  operator: 测试县大数据局
departments:
  - name: 国库股
    kind: division
  - name: 预算股
    full_name: 测试县财政局预算股
columns:
  - title: 财政公开
    departments: [{name: 国库股, person: 钱七}]
review_chains:
  general:
    - {role: division_head, label: 股长审核, source: 财政局第五条}
  fallback: {sensitive: general, major: general, special: general}
"""

NAME = "测试县人民政府"


def write(tmp_path, text, name="ldtest.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def edited(text, *changes):
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def org(name):
    return Organization.objects.get(name=name)


def column(profile, *slugs):
    page = profile.site.root_page
    for slug in slugs:
        page = ColumnPage.objects.child_of(page).get(slug=slug)
    return page


def columns_of(profile):
    return [
        (c.depth - 2, c.slug, c.title, c.category, c.description, c.guarantee, c.update_cycle, c.maintained_by_all,
         c.departments_text, c.link_url, c.show_in_menus, c.live)
        for c in ColumnPage.objects.descendant_of(profile.site.root_page).order_by("path")
    ]


class Progress:
    def __init__(self):
        self.steps = []

    def update(self, n):
        self.steps.append(n)


# --- slugs and the result (no database) ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "title, max_length, slug",
    [
        ("新闻中心", 48, "xin-wen-zhong-xin"),
        ("新闻中心", 17, "xin-wen-zhong-xin"),  # exactly as long as allowed: kept whole
        ("新闻中心", 16, "xwzx"),  # longer: the initials
        ("中华人民共和国政府信息公开条例", 48, "zhrmghgzfxxgktl"),
        ("中华人民共和国政府信息公开条例", 5, "zhrmg"),
        ("2024年中华人民共和国政府信息公开条例", 48, "nzhrmghgzfxxgktl"),  # digits and letters are left out
        ("12345热线", 48, "re-xian"),
        ("！！", 48, "column"),
        ("！！", 3, "col"),
    ],
)
def test_a_slug_is_the_pinyin_of_the_title_or_its_initials_when_long(title, max_length, slug):
    assert slugify_title(title, max_length=max_length) == slug


def test_a_slug_is_at_most_48_characters_by_default():
    assert slugify_title("中华人民共和国政府信息公开条例") == "zhrmghgzfxxgktl"
    assert slugify_title("新闻新闻新闻新闻新闻创阿") == "xin-wen-xin-wen-xin-wen-xin-wen-xin-wen-chuang-a"  # 48
    assert slugify_title("新闻新闻新闻新闻新闻新闻阿") == "xwxwxwxwxwxwa"  # 49


def test_the_load_result_lists_its_profiles():
    result = LoadResult(profiles=["a", "b"])
    assert (list(result), len(result), result.created, result.kept) == (["a", "b"], 2, [], [])


# --- a first load --------------------------------------------------------------------------------------------


def test_a_first_load_creates_the_site_its_units_columns_and_records_as_the_file_says(tmp_path):
    progress = Progress()
    result = load([write(tmp_path, SITE)], progress=progress)

    profile = SiteProfile.objects.get(code="ldtest")
    assert result.profiles == [profile] and list(result) == [profile] and len(result) == 1
    assert result.created == [(NAME, "新建网站（ldtest.localhost）"), (NAME, "新建栏目 11 个"), (NAME, "新建审核流程（按审核级别）")]
    assert result.kept == []
    assert progress.steps == [1] * 11

    # The organizations: the 人民政府 under its parent, the 办公室 an office, the operator one of the owner's units.
    city, county = org("测试市人民政府"), org("测试县人民政府")
    office, centre = org("测试县人民政府办公室"), org("测试县人民政府办公室信息中心")
    division, finance = org("测试县人民政府办公室督查室"), org("测试县财政局")
    units = [(o.name, o.kind, o.parent and o.parent.name, o.short_name, o.aliases, o.division_code)
             for o in (city, county, office, centre, division, finance)]
    assert units == [
        ("测试市人民政府", "government", None, "", [], "139900"),
        ("测试县人民政府", "government", "测试市人民政府", "", [], "139901"),
        ("测试县人民政府办公室", "office", "测试县人民政府", "县政府办", ["政府办"], ""),
        ("测试县人民政府办公室信息中心", "department", "测试县人民政府办公室", "", [], ""),
        ("测试县人民政府办公室督查室", "division", "测试县人民政府办公室", "督查室", [], ""),
        ("测试县财政局", "department", "测试县人民政府", "测试县财政局", ["财政局", "县财政局"], ""),
    ]
    assert sorted(profile.departments.values_list("name", flat=True)) == sorted([office.name, division.name, finance.name])

    # The profile: every value of the file.
    fields = ["code", "full_name", "site_code", "icp", "police_record", "party_gov_label", "english_domain",
              "extra_english_domains", "chinese_domain", "level", "kind", "person_in_charge", "contact_phone",
              "contact_email", "contact_address", "status", "source", "example_fields"]
    assert {f: getattr(profile, f) for f in fields} == {
        "code": "ldtest", "full_name": NAME, "site_code": "1399010001", "icp": "冀ICP备19990101号",
        "police_record": "冀公网安备13990102000001号", "party_gov_label": True, "english_domain": "www.ldtest.gov.cn",
        "extra_english_domains": ["www.ldtest.net"], "chinese_domain": "测试县人民政府.政务", "level": "county",
        "kind": "portal", "person_in_charge": "张建国", "contact_phone": "0311-1234567",
        "contact_email": "web@ldtest.gov.cn", "contact_address": "测试县人民路1号", "status": "offline",
        "source": "ldtest.txt", "example_fields": ["site_code", "contact"],
    }
    assert (profile.supervisor, profile.owner, profile.operator) == (county, office, centre)
    assert profile.parent == SiteProfile.objects.get(code="hebei")

    # The Wagtail site and its home page; the default site stays the province portal.
    site = profile.site
    assert (site.hostname, site.port, site.site_name, site.is_default_site) == ("ldtest.localhost", 80, NAME, False)
    home = site.root_page.specific
    assert (type(home), home.title, home.slug, home.get_parent().pk) == (HomePage, NAME, "ldtest", Page.get_first_root_node().pk)
    assert Site.objects.get(is_default_site=True).profile.code == "hebei"

    # The mailboxes: the file's, with its handler; the one every site has, handled by the owner.
    assert sorted(Mailbox.objects.filter(site=site).values_list("kind", "name", "handler__name")) == [
        ("find_error", "我为政府网站找错", "测试县人民政府办公室"), ("leader", "县长信箱", "测试县人民政府办公室督查室"),
    ]
    assert {c.source.split(" ")[0] for c in ReviewChain.objects.filter(site=site)} == {"ldtest.txt"}

    # The columns: slugs from the pinyin, a repeated one numbered; only the top level in menus.
    assert columns_of(profile) == [
        (1, "xin-wen-zhong-xin", "新闻中心", "news", "本县新闻", "直接发布", "每日更新", False, "", "", True, True),
        (2, "dongtai", "工作动态", "news", "", "", "每周至少1条", False, "", "", False, True),
        (2, "tong-zhi", "通知", "other", "", "", "", False, "", "", False, True),
        (2, "tong-zhi-2", "通知", "other", "", "", "", False, "", "", False, True),
        (3, "tong-zhi", "通知", "other", "", "", "", False, "", "", False, True),
        (2, "tong-zhi-3", "通知", "other", "", "", "", False, "", "", False, True),
        (1, "quan-xian-gong-kai", "全县公开", "policy", "", "", "", True, "各部门", "https://open.ldtest.gov.cn/", True, True),
        (1, "qi-ta", "其他", "other", "", "", "", False, "", "", True, True),
        (1, "zhuan-ti", "专题", "other", "", "", "", False, "", "", True, True),
        (2, "zhuan-ti-yi", "专题一", "other", "", "", "", False, "", "", False, True),
        (1, "jiu-lan-mu", "旧栏目", "other", "", "", "", False, "", "", True, True),
    ]
    news, dynamic = column(profile, "xin-wen-zhong-xin"), column(profile, "xin-wen-zhong-xin", "dongtai")
    rows = lambda page: [(r.organization.name, r.person, r.info_managers, r.sort_order) for r in page.responsibilities.order_by("sort_order")]  # noqa: E731
    assert rows(news) == [("测试县人民政府办公室", "", "", 0)]
    assert rows(dynamic) == [
        ("测试县人民政府办公室", "张三", "李四、王五", 0), ("测试县财政局", "", "", 1), ("测试县人民政府办公室督查室", "", "赵六", 2),
    ]
    assert rows(column(profile, "quan-xian-gong-kai")) == []

    # The seed records: the site with its filed values, each column with the values it was created with.
    records = list(SeedRecord.objects.filter(profile=profile).order_by("pk"))
    assert [(r.kind, r.key, r.page_id) for r in records] == [
        ("site", "", home.pk), ("column", "xin-wen-zhong-xin", news.pk), ("column", "xin-wen-zhong-xin/dongtai", dynamic.pk),
        ("column", "xin-wen-zhong-xin/tong-zhi", column(profile, "xin-wen-zhong-xin", "tong-zhi").pk),
        ("column", "xin-wen-zhong-xin/tong-zhi-2", column(profile, "xin-wen-zhong-xin", "tong-zhi-2").pk),
        ("column", "xin-wen-zhong-xin/tong-zhi-2/tong-zhi", column(profile, "xin-wen-zhong-xin", "tong-zhi-2", "tong-zhi").pk),
        ("column", "xin-wen-zhong-xin/tong-zhi-3", column(profile, "xin-wen-zhong-xin", "tong-zhi-3").pk),
        ("column", "quan-xian-gong-kai", column(profile, "quan-xian-gong-kai").pk),
        ("column", "qi-ta", column(profile, "qi-ta").pk),
        ("column", "zhuan-ti", column(profile, "zhuan-ti").pk),
        ("column", "zhuan-ti/zhuan-ti-yi", column(profile, "zhuan-ti", "zhuan-ti-yi").pk),
        ("column", "jiu-lan-mu", column(profile, "jiu-lan-mu").pk),
    ]
    assert records[0].seeded == {
        "full_name": NAME, "site_code": "1399010001", "icp": "冀ICP备19990101号",
        "police_record": "冀公网安备13990102000001号", "party_gov_label": True, "english_domain": "www.ldtest.gov.cn",
        "extra_english_domains": ["www.ldtest.net"], "chinese_domain": "测试县人民政府.政务", "supervisor_id": county.pk,
        "owner_id": office.pk, "operator_id": centre.pk, "person_in_charge": "张建国", "contact_phone": "0311-1234567",
        "contact_email": "web@ldtest.gov.cn", "contact_address": "测试县人民路1号", "status": "offline",
        "parent_id": profile.parent_id, "level": "county", "kind": "portal",
    }
    assert records[2].seeded == {
        "title": "工作动态", "category": "news", "description": "", "guarantee": "", "update_cycle": "每周至少1条",
        "maintained_by_all": False, "departments_text": "", "link_url": "", "show_in_menus": False,
        "responsibilities": [[office.pk, "张三", "李四、王五"], [finance.pk, "", ""], [division.pk, "", "赵六"]],
    }
    assert records[7].seeded == {
        "title": "全县公开", "category": "policy", "description": "", "guarantee": "", "update_cycle": "",
        "maintained_by_all": True, "departments_text": "各部门", "link_url": "https://open.ldtest.gov.cn/",
        "show_in_menus": True, "responsibilities": [],
    }


def test_a_department_site_hangs_its_units_under_its_owner_and_takes_the_defaults(tmp_path):
    # Files in any order: the parent site is loaded first, and the result lists the profiles in that order.
    result = load([write(tmp_path, DEPT, "czj.yaml"), write(tmp_path, SITE)])

    portal, dept = SiteProfile.objects.get(code="ldtest"), SiteProfile.objects.get(code="ldtestczj")
    assert list(result) == [portal, dept] and len(result) == 2
    assert result.created == [
        (NAME, "新建网站（ldtest.localhost）"), (NAME, "新建栏目 11 个"), (NAME, "新建审核流程（按审核级别）"),
        ("测试县财政局网站", "新建网站（ldtestczj.localhost）"), ("测试县财政局网站", "新建栏目 1 个"),
        ("测试县财政局网站", "新建审核流程（按审核级别）"),
    ]
    assert result.kept == []
    county, finance = org("测试县人民政府"), org("测试县财政局")
    units = [(o.name, o.kind, o.parent.name, o.short_name) for o in map(org, ("测试县人民政府办公厅", "测试县大数据局", "国库股", "测试县财政局预算股"))]
    assert units == [
        ("测试县人民政府办公厅", "office", "测试县人民政府", ""), ("测试县大数据局", "department", "测试县人民政府", ""),
        ("国库股", "division", "测试县财政局", "国库股"), ("测试县财政局预算股", "department", "测试县财政局", "预算股"),
    ]
    assert (dept.supervisor, dept.owner, dept.operator, dept.parent) == (org("测试县人民政府办公厅"), finance, org("测试县大数据局"), portal)
    assert (finance.kind, finance.parent, finance.short_name, finance.aliases) == ("department", county, "测试县财政局", ["财政局", "县财政局"])
    fields = ["party_gov_label", "extra_english_domains", "chinese_domain", "person_in_charge", "contact_phone",
              "contact_email", "contact_address", "status", "source", "example_fields", "kind"]
    assert {f: getattr(dept, f) for f in fields} == {
        "party_gov_label": False, "extra_english_domains": [], "chinese_domain": "", "person_in_charge": "",
        "contact_phone": "", "contact_email": "", "contact_address": "", "status": "running", "source": "",
        "example_fields": [], "kind": "department",
    }
    assert sorted(ReviewChain.objects.filter(site=dept.site).values_list("tier", "fallback_of", "source")) == [
        ("general", "", "财政局第五条"), ("major", "general", "财政局第五条"), ("sensitive", "general", "财政局第五条"),
        ("special", "general", "财政局第五条"),
    ]
    assert Mailbox.objects.get(site=dept.site).handler == finance
    (page,) = ColumnPage.objects.descendant_of(dept.site.root_page)
    assert [(r.organization.name, r.person, r.info_managers) for r in page.responsibilities.all()] == [("国库股", "钱七", "")]
    assert count_columns(read_all([write(tmp_path, SITE)])) == 11


# --- what a re-run reports ---------------------------------------------------------------------------------------

# The file a year later: some values changed, a column added here and there, two columns left out.
SITE_V2 = edited(
    SITE,
    ("  party_gov_label: true\n", "  party_gov_label: false\n"),
    ("  person: 张建国", "  person: 刘建国"),
    ("  address: 测试县人民路1号", "  address: 测试县人民路3号"),
    ("  - name: 测试县财政局\n", "  - name: 测试县统计局\n  - name: 测试县审计局\n  - name: 测试县财政局\n"),
    ("    description: 本县新闻\n    guarantee: 直接发布\n", "    description: 全县新闻\n    guarantee: 审核发布\n"),
    ("      - title: 通知\n  - title: 全县公开\n",
     "      - title: 通知\n        children:\n          - title: 附件\n  - title: 全县公开\n"),
    ("  - title: 其他\n", ""),
    ("      - title: 专题一\n", "      - title: 专题一\n      - title: 专题二\n"),
    ("  - title: 旧栏目\n", "  - title: 下载\n"),
)


def test_a_rerun_of_the_same_file_creates_and_reports_nothing(tmp_path):
    path = write(tmp_path, SITE)
    load([path])
    records = SeedRecord.objects.count()
    result = load([path])
    assert (result.created, result.kept) == ([], [])
    assert list(result) == [SiteProfile.objects.get(code="ldtest")]
    assert SeedRecord.objects.count() == records


def test_a_rerun_keeps_what_the_administrators_changed_and_reports_every_difference(tmp_path):
    load([write(tmp_path, SITE)])
    profile = SiteProfile.objects.get(code="ldtest")
    office = org("测试县人民政府办公室")
    # The site's administrators change the site and its columns.
    SiteProfile.objects.filter(pk=profile.pk).update(
        contact_phone="0311-7654321", contact_address="测试县人民路2号", status="running", extra_english_domains=[],
    )
    news = column(profile, "xin-wen-zhong-xin")
    news.description = "新闻"
    news.save()
    dynamic = column(profile, "xin-wen-zhong-xin", "dongtai")
    dynamic.title = "工作要闻"
    dynamic.save()
    first = dynamic.responsibilities.get(sort_order=0)
    first.person = "李华"
    first.save()
    column(profile, "xin-wen-zhong-xin", "tong-zhi").delete()
    column(profile, "xin-wen-zhong-xin", "tong-zhi-2").move(column(profile, "quan-xian-gong-kai"), pos="last-child")
    public = column(profile, "quan-xian-gong-kai")
    public.maintained_by_all, public.departments_text = False, ""
    public.save()
    column(profile, "zhuan-ti", "zhuan-ti-yi").move(profile.site.root_page, pos="last-child")
    column(profile, "zhuan-ti").delete()
    column(profile, "jiu-lan-mu").delete()
    profile.site.root_page.add_child(instance=ColumnPage(title="资料下载", slug="xia-zai"))
    pages = ColumnPage.objects.count()

    result = load([write(tmp_path, SITE_V2)])

    assert result.created == [
        (NAME, "新增内容保障单位：测试县审计局、测试县统计局"), (NAME, "新建栏目“新闻中心 / 通知 / 附件”"),
    ]
    assert result.kept == [
        (NAME, "网站信息“已加挂党政机关网站标识”：种子文件为“否”，网站上为“是”（种子文件已更新），保留网站上的值。"),
        (NAME, "网站信息“其他英文域名”：种子文件为“www.ldtest.net”，网站上为“—”（网站管理员已修改），保留网站上的值。"),
        (NAME, "网站信息“网站负责人”：种子文件为“刘建国”，网站上为“张建国”（种子文件已更新），保留网站上的值。"),
        (NAME, "网站信息“联系电话”：种子文件为“0311-1234567”，网站上为“0311-7654321”（网站管理员已修改），保留网站上的值。"),
        (NAME, "网站信息“联系地址”：种子文件为“测试县人民路3号”，网站上为“测试县人民路2号”（网站管理员已修改，种子文件也已更新），保留网站上的值。"),
        (NAME, "网站信息“运行状态”：种子文件为“临时下线”，网站上为“运行”（网站管理员已修改），保留网站上的值。"),
        (NAME, "栏目“新闻中心”的栏目内容：种子文件为“全县新闻”，网站上为“新闻”（网站管理员已修改，种子文件也已更新），保留网站上的值。"),
        (NAME, "栏目“新闻中心”的保障方式：种子文件为“审核发布”，网站上为“直接发布”（种子文件已更新），保留网站上的值。"),
        (NAME, "栏目“新闻中心 / 工作动态”的标题：种子文件为“工作动态”，网站上为“工作要闻”（网站管理员已修改），保留网站上的值。"),
        (NAME, "栏目“新闻中心 / 工作动态”的责任部门：种子文件为“测试县人民政府办公室（责任人 张三，信息管理员 李四、王五）、"
               "测试县财政局、测试县人民政府办公室督查室（信息管理员 赵六）”，网站上为“测试县人民政府办公室（责任人 李华，"
               "信息管理员 李四、王五）、测试县财政局、测试县人民政府办公室督查室（信息管理员 赵六）”（网站管理员已修改），保留网站上的值。"),
        (NAME, "栏目“新闻中心 / 通知”已被网站管理员删除，未重新创建。"),
        (NAME, "栏目“新闻中心 / 通知”已被网站管理员移到“全县公开 / 通知”，保留现位置。"),
        (NAME, "栏目“全县公开”的各部门共同维护：种子文件为“是”，网站上为“否”（网站管理员已修改），保留网站上的值。"),
        (NAME, "栏目“全县公开”的责任单位（原文）：种子文件为“各部门”，网站上为“（空）”（网站管理员已修改），保留网站上的值。"),
        (NAME, "栏目“专题”已被网站管理员删除，未重新创建。"),
        (NAME, "栏目“专题 / 专题一”已被网站管理员移到“专题一”，保留现位置。"),
        (NAME, "种子文件中的栏目“专题 / 专题二”未创建：它的上级栏目已不在网站上。"),
        (NAME, "种子文件中的新栏目“下载”未创建：同一位置已有网站管理员建立的栏目“资料下载”（xia-zai）。"),
        (NAME, "种子文件中已没有栏目“其他”，网站上保留。"),
    ]
    # Nothing the administrators changed was touched; only the new column and units were added.
    profile.refresh_from_db()
    assert (profile.contact_phone, profile.contact_address, profile.person_in_charge, profile.party_gov_label) == (
        "0311-7654321", "测试县人民路2号", "张建国", True,
    )
    assert ColumnPage.objects.count() == pages + 1
    attachment = column(profile, "xin-wen-zhong-xin", "tong-zhi-3", "fu-jian")
    assert (attachment.title, attachment.show_in_menus, attachment.responsibilities.count()) == ("附件", False, 0)
    assert sorted(profile.departments.values_list("name", flat=True)) == sorted(
        [office.name, "测试县人民政府办公室督查室", "测试县财政局", "测试县统计局", "测试县审计局"]
    )
    assert [(o.kind, o.parent.name) for o in map(org, ("测试县统计局", "测试县审计局"))] == [
        ("department", "测试县人民政府"), ("department", "测试县人民政府"),
    ]
    dynamic.refresh_from_db()
    assert dynamic.title == "工作要闻"
    assert dynamic.responsibilities.get(sort_order=0).person == "李华"
    assert not ColumnPage.objects.child_of(column(profile, "xin-wen-zhong-xin")).filter(slug="tong-zhi").exists()
    assert ColumnPage.objects.child_of(profile.site.root_page).get(slug="xia-zai").title == "资料下载"
    new_records = SeedRecord.objects.filter(profile=profile, kind="column", key__in=["xin-wen-zhong-xin/tong-zhi-3/fu-jian", "xia-zai", "zhuan-ti/zhuan-ti-er"])
    assert [(r.key, r.page_id) for r in new_records] == [("xin-wen-zhong-xin/tong-zhi-3/fu-jian", attachment.pk)]

    # Run again: the new column is the seed's now; the differences are reported again, nothing is created.
    again = load([write(tmp_path, SITE_V2)])
    assert again.created == []
    assert again.kept == result.kept
    assert ColumnPage.objects.count() == pages + 1


def test_a_site_loaded_before_seed_records_existed_is_adopted_as_it_is(tmp_path):
    path = write(tmp_path, SITE)
    load([path])
    profile = SiteProfile.objects.get(code="ldtest")
    SeedRecord.objects.filter(profile=profile).delete()
    SiteProfile.objects.filter(pk=profile.pk).update(contact_phone="0311-7654321")
    news = column(profile, "xin-wen-zhong-xin")
    news.title = "要闻"
    news.save()
    column(profile, "zhuan-ti").delete()
    pages = ColumnPage.objects.count()

    result = load([path])

    assert result.created == []
    assert result.kept == [
        (NAME, "网站信息“联系电话”：种子文件为“0311-1234567”，网站上为“0311-7654321”（网站管理员已修改），保留网站上的值。"),
        (NAME, "栏目“新闻中心”的标题：种子文件为“新闻中心”，网站上为“要闻”（网站管理员已修改），保留网站上的值。"),
        (NAME, "栏目“专题”不在网站上，未创建：该网站在平台记录种子载入情况之前已载入，无法判断是否为网站管理员删除。"),
        (NAME, "种子文件中的栏目“专题 / 专题一”未创建：它的上级栏目已不在网站上。"),
    ]
    assert ColumnPage.objects.count() == pages
    site_record = SeedRecord.objects.get(profile=profile, kind="site")
    assert (site_record.page_id, site_record.seeded["contact_phone"], site_record.seeded["person_in_charge"]) == (
        profile.site.root_page_id, "0311-1234567", "张建国",
    )
    records = {r.key: r for r in SeedRecord.objects.filter(profile=profile, kind="column")}
    assert sorted(records) == [
        "jiu-lan-mu", "qi-ta", "quan-xian-gong-kai", "xin-wen-zhong-xin", "xin-wen-zhong-xin/dongtai",
        "xin-wen-zhong-xin/tong-zhi", "xin-wen-zhong-xin/tong-zhi-2", "xin-wen-zhong-xin/tong-zhi-2/tong-zhi",
        "xin-wen-zhong-xin/tong-zhi-3", "zhuan-ti",
    ]
    assert (records["zhuan-ti"].page_id, records["xin-wen-zhong-xin"].page_id) == (None, news.pk)
    assert records["xin-wen-zhong-xin"].seeded["title"] == "新闻中心"
    assert records["xin-wen-zhong-xin/dongtai"].seeded["responsibilities"][0][1:] == ["张三", "李四、王五"]

    # From now on the site has records: the missing column counts as deleted by an administrator.
    again = load([path])
    assert again.created == []
    assert again.kept == [
        result.kept[0], result.kept[1], (NAME, "栏目“专题”已被网站管理员删除，未重新创建。"), result.kept[3],
    ]


# --- refusals, the default site, what a first load finds already there --------------------------------------------


@pytest.mark.parametrize(
    "old, new, line, message",
    [
        ("冀公网安备13990102000002号", "冀公网安备13010202000123号", 9,
         "公安机关备案号 冀公网安备13010202000123号 已由“河北机构编制网”使用，站群内各网站不得重复。"),
        ("english: czj.ldtest.gov.cn", "english: www.hebjgbz.gov.cn", 7,
         "英文域名 www.hebjgbz.gov.cn 已由“河北机构编制网”使用，站群内各网站不得重复。"),
        ("english: czj.ldtest.gov.cn\n", "english: czj.ldtest.gov.cn\n  extra_english: [www.hb12369.net]\n", 7,
         "其他英文域名 www.hb12369.net 已由“河北省环境保护厅”使用，站群内各网站不得重复。"),
        ("english: czj.ldtest.gov.cn\n", "english: czj.ldtest.gov.cn\n  chinese: 河北机构编制.政务\n", 7,
         "中文域名 河北机构编制.政务 已由“河北机构编制网”使用，站群内各网站不得重复。"),
    ],
)
def test_a_file_whose_identity_another_site_holds_is_refused_and_nothing_is_stored(tmp_path, old, new, line, message):
    counts = [model.objects.count() for model in (SiteProfile, Site, Page, Organization, SeedRecord, Mailbox)]
    path = write(tmp_path, edited(DEPT, (old, new)), "czj.yaml")
    with pytest.raises(SeedError) as info:
        load([write(tmp_path, SITE), path])
    assert (info.value.path, info.value.line, str(info.value)) == (path, line, f"{path} 第{line}行：{message}")
    assert [model.objects.count() for model in (SiteProfile, Site, Page, Organization, SeedRecord, Mailbox)] == counts


def test_a_platform_without_a_default_site_answers_with_the_province_portal(tmp_path):
    Site.objects.update(is_default_site=False)
    spare = Site.objects.create(hostname="spare.localhost", port=80, root_page=Page.get_first_root_node(), is_default_site=True)
    load([write(tmp_path, SITE)])
    assert list(Site.objects.filter(is_default_site=True)) == [SiteProfile.objects.get(code="hebei").site]
    spare.refresh_from_db()
    assert spare.is_default_site is False


def test_without_the_province_portal_the_first_site_loaded_becomes_the_default(tmp_path):
    Site.objects.update(is_default_site=False)
    SiteProfile.objects.filter(code="hebei").update(code="hebei-old")
    # (a site without a parent site, and a government named without its parent: both at the top of their trees)
    text = edited(SITE, ("parent: hebei\n", ""), ('  government_parent: {name: 测试市人民政府, division_code: "139900"}\n', ""))
    load([write(tmp_path, text)])
    profile = SiteProfile.objects.get(code="ldtest")
    assert list(Site.objects.filter(is_default_site=True)) == [profile.site]
    assert profile.parent is None
    assert (org("测试县人民政府").parent, org("测试县人民政府").division_code) == (None, "139901")


def test_a_default_site_chosen_since_is_kept(tmp_path):
    weibin = SiteProfile.objects.get(code="weibin").site
    Site.objects.update(is_default_site=False)
    Site.objects.filter(pk=weibin.pk).update(is_default_site=True)
    load([write(tmp_path, SITE)])
    assert list(Site.objects.filter(is_default_site=True)) == [weibin]


def test_a_home_page_and_a_site_left_behind_under_the_code_are_taken_over(tmp_path):
    root = Page.get_first_root_node()
    elsewhere = SiteProfile.objects.get(code="weibin").site.root_page.add_child(instance=HomePage(title="别处", slug="ldtest"))
    home = root.add_child(instance=HomePage(title="旧首页", slug="ldtest"))
    site = Site.objects.create(hostname="ldtest.localhost", port=80, root_page=elsewhere, site_name="旧站")
    other_port = Site.objects.create(hostname="ldtest.localhost", port=8080, root_page=elsewhere, site_name="测试端口")
    load([write(tmp_path, SITE)])
    other_port.refresh_from_db()
    assert (other_port.root_page_id, other_port.site_name) == (elsewhere.pk, "测试端口")
    profile = SiteProfile.objects.get(code="ldtest")
    site.refresh_from_db()
    assert (profile.site, site.root_page_id, site.site_name, site.root_page.title) == (site, home.pk, NAME, "旧首页")
    assert SeedRecord.objects.get(profile=profile, kind="site").page_id == home.pk
    assert ColumnPage.objects.child_of(home).count() == 5


def test_a_site_whose_own_record_is_missing_is_recorded_again_as_it_is(tmp_path):
    path = write(tmp_path, SITE)
    load([path])
    profile = SiteProfile.objects.get(code="ldtest")
    SeedRecord.objects.filter(profile=profile, kind="site").delete()
    result = load([path])
    assert (result.created, result.kept) == ([], [])
    record = SeedRecord.objects.get(profile=profile, kind="site")
    assert (record.key, record.page_id, record.seeded["contact_phone"]) == ("", profile.site.root_page_id, "0311-1234567")


def test_a_unit_named_as_a_general_office_is_an_office_of_its_government():
    government = Organization.objects.create(kind="government", name="某县人民政府", division_code="139902")
    assert _unit("某县人民政府", government) == government
    units = [_unit(name, government) for name in ("某县人民政府办公厅", "某县人民政府办公室", "某县办公室主任室", "某县财政局")]
    assert [(u.name, u.kind, u.parent) for u in units] == [
        ("某县人民政府办公厅", "office", government), ("某县人民政府办公室", "office", government),
        ("某县办公室主任室", "department", government), ("某县财政局", "department", government),
    ]


def test_a_site_value_the_record_never_held_counts_as_the_file_value(tmp_path):
    # A record written before a field was filed (FILED_FIELDS grew): the file's value stands for what was seeded.
    path = write(tmp_path, SITE)
    load([path])
    profile = SiteProfile.objects.get(code="ldtest")
    record = SeedRecord.objects.get(profile=profile, kind="site")
    del record.seeded["contact_phone"]
    record.save()
    SiteProfile.objects.filter(pk=profile.pk).update(contact_phone="0311-7654321")
    assert load([path]).kept == [
        (NAME, "网站信息“联系电话”：种子文件为“0311-1234567”，网站上为“0311-7654321”（网站管理员已修改），保留网站上的值。"),
    ]


def test_a_column_value_the_record_never_held_counts_as_the_file_value(tmp_path):
    path = write(tmp_path, SITE)
    load([path])
    profile = SiteProfile.objects.get(code="ldtest")
    news = column(profile, "xin-wen-zhong-xin")
    record = SeedRecord.objects.get(profile=profile, kind="column", key="xin-wen-zhong-xin")
    del record.seeded["guarantee"], record.seeded["responsibilities"]
    record.save()
    news.guarantee = "审核发布"
    news.save()
    news.responsibilities.update(person="李华")
    assert load([path]).kept == [
        (NAME, "栏目“新闻中心”的保障方式：种子文件为“直接发布”，网站上为“审核发布”（网站管理员已修改），保留网站上的值。"),
        (NAME, "栏目“新闻中心”的责任部门：种子文件为“测试县人民政府办公室”，网站上为“测试县人民政府办公室（责任人 李华）”"
               "（网站管理员已修改），保留网站上的值。"),
    ]


def test_responsibilities_changed_in_the_file_alone_are_reported_as_a_file_update(tmp_path):
    load([write(tmp_path, SITE)])
    changed = edited(
        SITE, ("    cycle: 每日更新\n    departments: [县政府办]\n", "    cycle: 每日更新\n    departments: [县政府办, 督查室]\n"),
        ("  - title: 其他\n", "  - title: 其他\n    departments: [财政局]\n"),
    )
    assert load([write(tmp_path, changed)]).kept == [
        (NAME, "栏目“新闻中心”的责任部门：种子文件为“测试县人民政府办公室、测试县人民政府办公室督查室”，"
               "网站上为“测试县人民政府办公室”（种子文件已更新），保留网站上的值。"),
        (NAME, "栏目“其他”的责任部门：种子文件为“测试县财政局”，网站上为“（无）”（种子文件已更新），保留网站上的值。"),
    ]


def test_the_site_responsibilities_are_shown_in_their_order_unordered_ones_last(tmp_path):
    path = write(tmp_path, SITE)
    load([path])
    profile = SiteProfile.objects.get(code="ldtest")
    dynamic = column(profile, "xin-wen-zhong-xin", "dongtai")
    dynamic.responsibilities.filter(sort_order=0).update(sort_order=5)
    dynamic.responsibilities.filter(sort_order=2).update(sort_order=0)  # first now, though entered after 财政局 (1)
    ColumnResponsibility.objects.create(column=dynamic, organization=org("测试县人民政府办公室督查室"), person="孙八", sort_order=None)
    (kept,) = load([path]).kept
    assert kept[1].split("网站上为")[1] == (
        "“测试县人民政府办公室督查室（信息管理员 赵六）、测试县财政局、测试县人民政府办公室（责任人 张三，信息管理员 李四、王五）、"
        "测试县人民政府办公室督查室（责任人 孙八）”（网站管理员已修改），保留网站上的值。"
    )
