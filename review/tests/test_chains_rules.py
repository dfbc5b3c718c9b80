"""review.chains, rule by rule (issue 14 mutation tests): a site's `review_chains` data is checked with a Chinese
message and its line for each fault, becomes one Workflow per tier (fallbacks shared, the 栏目审核发布 step added
once), and the chain that applies to an item is chosen by its tier and its column's 保障方式 (000 第六条;
004 内容保障工作任务分解表)."""

import pytest

from review.chains import LINE, chain_spec_errors, default_spec, higher_tier, tier_choices, tier_label

TIERS = ["general", "sensitive", "major", "special"]
STEP = {"role": "division_head", "label": "处室负责人审定", "source": "000 第六条"}


def spec(**extra):
    data = {"general": [dict(STEP)], "sensitive": [dict(STEP)], "major": [dict(STEP)], "special": [dict(STEP)], LINE: 7}
    data.update(extra)
    return {k: v for k, v in data.items() if v is not None}


@pytest.mark.parametrize("a, b, higher", [
    ("general", "sensitive", "sensitive"), ("sensitive", "general", "sensitive"), ("major", "special", "special"),
    ("special", "general", "special"), ("sensitive", "major", "major"), ("major", "major", "major"),
])
def test_higher_tier(a, b, higher):
    assert higher_tier(a, b) == higher


def test_tier_labels_and_choices():
    assert [tier_label(t) for t in TIERS] == ["一般", "敏感", "重大", "特殊"]
    assert tier_choices() == [("general", "一般"), ("sensitive", "敏感"), ("major", "重大"), ("special", "特殊")]


def test_sound_specs_have_no_errors():
    assert chain_spec_errors(None) == []
    assert chain_spec_errors(default_spec()) == []
    assert chain_spec_errors(spec()) == []
    assert chain_spec_errors(spec(special=None, fallback={"special": "major"}, source_file="x.yaml")) == []
    group_step = {"role": "group: 信息化领导小组", "unit": "owner", "label": "领导小组审定"}
    assert chain_spec_errors(spec(major=[dict(STEP), group_step])) == []


def test_a_spec_that_is_no_mapping():
    assert chain_spec_errors([1, 2]) == [
        (None, "review_chains 应为按审核级别（general、sensitive、major、special）列出的键值表。")]


def test_unknown_keys_are_named():
    assert chain_spec_errors(spec(urgent=[STEP], misc=1)) == [
        (7, "review_chains 中的“urgent、misc”不是审核级别，应为 general、sensitive、major、special。")]


def test_fallback_must_be_a_mapping():
    assert chain_spec_errors(spec(fallback=["major"])) == [(7, "review_chains.fallback 应为“级别: 沿用的级别”的键值表。")]


def test_a_tier_without_chain_or_fallback():
    assert chain_spec_errors(spec(sensitive=None, special=None)) == [
        (7, "review_chains 未规定“sensitive”级别的审核链，也未在 fallback 中写明沿用哪一级。"),
        (7, "review_chains 未规定“special”级别的审核链，也未在 fallback 中写明沿用哪一级。"),
    ]


@pytest.mark.parametrize("target", ["urgent", "sensitive"])
def test_a_fallback_to_a_tier_without_chain(target):
    assert chain_spec_errors(spec(sensitive=None, special=None, fallback={"sensitive": "major", "special": target})) == [
        (7, f"review_chains.fallback：“special”沿用的级别“{target}”未规定审核链。")]


@pytest.mark.parametrize("steps", [[], "division_head", {"role": "division_head"}])
def test_a_tier_needs_a_list_of_steps(steps):
    assert chain_spec_errors(spec(major=steps)) == [(7, "review_chains.major 应为至少一个审核步骤的列表。")]


def test_a_step_that_is_no_mapping():
    assert chain_spec_errors(spec(general=[dict(STEP), "分管领导"])) == [
        (7, "review_chains.general 第2步：每个审核步骤应为键值表（role、label、source）。")]


@pytest.mark.parametrize("role", [None, "boss", "group", "group:", "group:  ", 3, "Division_head"])
def test_a_step_role_must_be_known(role):
    step = {"role": role, "label": "审定", LINE: 12}
    assert chain_spec_errors(spec(sensitive=[dict(STEP), step])) == [
        (12, f"review_chains.sensitive 第2步：审核角色“{role}”无效，应为 division_head、leader_in_charge、principal 或 group:小组名称。")]


def test_a_step_unit_and_label():
    steps = [{"role": "principal", "unit": "department", "label": "主要负责人审定", LINE: 20},
             {"role": "principal", "unit": "own", "label": "  ", LINE: 21},
             {"role": "principal", LINE: 22}]
    assert chain_spec_errors(spec(major=steps)) == [
        (20, "review_chains.major 第1步：审核单位应为 own（本部门）或 owner（主办单位）。"),
        (21, "review_chains.major 第2步：缺少步骤名称 label（如“分管领导审核”）。"),
        (22, "review_chains.major 第3步：缺少步骤名称 label（如“分管领导审核”）。"),
    ]


def test_a_step_without_its_own_line_takes_the_spec_line():
    assert chain_spec_errors(spec(general=[{"role": "principal"}])) == [
        (7, "review_chains.general 第1步：缺少步骤名称 label（如“分管领导审核”）。")]


COLUMN_STEP_MESSAGE = "review_chains.column_step 应写明 guarantees（保障方式列表）和 step（加在最后的审核步骤）。"


@pytest.mark.parametrize("column_step", [
    ["审核发布"], {"step": STEP}, {"guarantees": [], "step": STEP}, {"guarantees": "审核发布", "step": STEP},
])
def test_column_step_needs_guarantees(column_step):
    assert chain_spec_errors(spec(column_step=column_step)) == [(7, COLUMN_STEP_MESSAGE)]


def test_column_step_step_is_checked_at_its_line():
    column_step = {"guarantees": ["审核发布"], "step": {"role": "office", "label": "政府办审核发布"}, LINE: 30}
    assert chain_spec_errors(spec(column_step=column_step)) == [
        (30, "review_chains.column_step：审核角色“office”无效，应为 division_head、leader_in_charge、principal 或 group:小组名称。")]
    column_step = {"guarantees": ["审核发布"], "step": {"role": "principal", "unit": "owner", "label": "政府办审核发布"}}
    assert chain_spec_errors(spec(column_step=column_step)) == []
    assert chain_spec_errors(spec(column_step={"guarantees": ["审核发布"]})) == [
        (7, "review_chains.column_step：每个审核步骤应为键值表（role、label、source）。")]


# --- building the chains and choosing one (database) -------------------------------------------------------------

SPEC = {
    "source_file": "测试.txt",
    "general": [{"role": "division_head", "label": "处长审核", "source": "甲 第一条"}],
    "sensitive": [
        {"role": "division_head", "label": "处长审核", "source": "甲 第一条"},
        {"role": "division_head", "unit": "owner", "label": "办公室审核", "source": "甲 第二条", LINE: 9},
    ],
    "major": [
        {"role": "principal", "unit": "owner", "label": "主任审定", "source": "甲 第三条"},
        {"role": "principal", "unit": "owner", "label": "主任审定", "source": "甲 第三条"},
        {"role": "group: 信息化领导小组", "unit": "owner", "label": "领导小组审定"},
    ],
    "fallback": {"special": "sensitive"},
    "column_step": {"guarantees": ["审核发布", "政府办审核发布"],
                    "step": {"role": "division_head", "unit": "owner", "label": "办公室审核发布", "source": "乙"}},
    LINE: 3,
}


@pytest.fixture
def site(db):
    from .factories import make_site

    return make_site("csx", name="测试县人民政府")[0]


def chains_of(site):
    from review.chain_models import ReviewChain
    from review.chains import chain_tasks

    return {
        (c.tier, c.column_step): (c.workflow.name, [t.name for t in chain_tasks(c.workflow)], c.fallback_of, c.source,
                                  c.column_guarantees)
        for c in ReviewChain.objects.filter(site=site).select_related("workflow")
        if c.workflow.active  # an inactive workflow is no chain in Wagtail's admin
    }


def test_chains_built_from_a_sites_data(site):
    from review.chains import ensure_site_chains

    assert chain_spec_errors(SPEC) == []
    assert ensure_site_chains(site, SPEC) == 6  # special shares sensitive's workflows
    guarantees = ["审核发布", "政府办审核发布"]
    name = "测试县人民政府·{}信息审核"
    assert chains_of(site) == {
        ("general", False): (name.format("一般"), ["处长审核"], "", "测试.txt 甲 第一条", []),
        ("general", True): (name.format("一般") + "（含栏目审核发布）", ["处长审核", "办公室审核发布"], "",
                            "测试.txt 甲 第一条", guarantees),
        ("sensitive", False): (name.format("敏感"), ["处长审核", "办公室审核"], "", "测试.txt 甲 第一条；甲 第二条", []),
        # the column's step is the same signature as the chain's last one (处室负责人 of the 主办单位): not added twice
        ("sensitive", True): (name.format("敏感") + "（含栏目审核发布）", ["处长审核", "办公室审核"], "",
                              "测试.txt 甲 第一条；甲 第二条", guarantees),
        ("major", False): (name.format("重大"), ["主任审定", "领导小组审定"], "", "测试.txt 甲 第三条", []),
        ("major", True): (name.format("重大") + "（含栏目审核发布）", ["主任审定", "领导小组审定", "办公室审核发布"], "",
                          "测试.txt 甲 第三条", guarantees),
        ("special", False): (name.format("敏感"), ["处长审核", "办公室审核"], "sensitive", "测试.txt 甲 第一条；甲 第二条", []),
        ("special", True): (name.format("敏感") + "（含栏目审核发布）", ["处长审核", "办公室审核"], "sensitive",
                            "测试.txt 甲 第一条；甲 第二条", guarantees),
    }


def test_group_steps_name_a_group_of_the_site(site):
    from review.chain_models import RoleReviewTask
    from review.chains import ensure_site_chains, review_groups_of

    ensure_site_chains(site, SPEC)
    assert [g.name for g in review_groups_of(site)] == ["csx·信息化领导小组"]
    units = dict(RoleReviewTask.objects.filter(site=site).values_list("name", "unit"))
    assert units == {"处长审核": "own", "办公室审核": "owner", "主任审定": "owner", "领导小组审定": "owner",
                     "办公室审核发布": "owner"}


def test_a_site_without_profile_or_source_file(site):
    from wagtail.models import Site

    from review.chains import ensure_site_chains, review_groups_of

    bare = Site.objects.create(hostname="bare.localhost", port=80, root_page=site.root_page, site_name="无档案站")
    spec = {k: v for k, v in SPEC.items() if k != "source_file"}
    assert ensure_site_chains(bare, spec) == 6
    assert [g.name for g in review_groups_of(bare)] == [f"{bare.pk}·信息化领导小组"]  # no site code: its number
    assert chains_of(bare)[("sensitive", False)][3] == "甲 第一条；甲 第二条"
    assert review_groups_of(site) == []


def test_a_rerun_keeps_what_exists_and_adds_what_is_missing(site):
    from review.chain_models import ReviewChain
    from review.chains import ensure_site_chains

    ensure_site_chains(site, SPEC)
    before = chains_of(site)
    assert ensure_site_chains(site, SPEC) == 0
    assert chains_of(site) == before
    ReviewChain.objects.filter(site=site, tier="general", column_step=True).delete()
    assert ensure_site_chains(site, SPEC) == 1
    assert chains_of(site) == before


def test_a_given_source_file_is_the_chains_source(site):
    from review.chains import ensure_site_chains

    ensure_site_chains(site, SPEC, source_file="另行规定.txt")
    assert chains_of(site)[("general", False)][3] == "另行规定.txt 甲 第一条"


def test_a_site_without_chains_gets_the_platform_default(site):
    from review.chains import chain_for, site_chains

    chains = site_chains(site)
    assert sorted((c.tier, c.column_step, c.fallback_of) for c in chains) == [
        ("general", False, ""), ("major", False, ""), ("sensitive", False, ""), ("special", False, "major")]
    assert chains_of(site)[("special", False)][:2] == ("测试县人民政府·重大信息审核", ["分管领导审核并签署意见", "主要负责人审定"])
    assert chains_of(site)[("general", False)][3] == "平台默认（种子未规定） 000 第六条"
    assert len(site_chains(site)) == 4  # built once
    assert chain_for(site, "general").workflow.name == "测试县人民政府·一般信息审核"
    assert chain_for(site, "general", column=_column("审核发布")).column_step is False  # the default has no column step


def _column(guarantee):
    from columns.models import ColumnPage

    return ColumnPage(title="栏目", guarantee=guarantee)


def test_the_chain_for_an_item_follows_its_tier_and_column(site):
    from review.chains import chain_for, ensure_site_chains

    ensure_site_chains(site, SPEC)
    cases = [("审核发布", True), ("政府办审核发布", True), (" 审核发布\n", True), ("直接发布", False), ("", False),
             (None, False)]
    for guarantee, with_column in cases:  # one site for all cases: the chains are built once
        for tier in TIERS:
            chain = chain_for(site, tier, _column(guarantee))
            assert (chain.tier, chain.column_step) == (tier, with_column), (guarantee, tier)
    for tier in TIERS:
        assert chain_for(site, tier).column_step is False  # no column: the plain chain
    assert chain_for(site, "urgent") is None


def test_an_item_directly_under_the_home_page_gets_the_plain_chain(site):
    from portal.models import HomePage
    from review.chains import chain_for, ensure_site_chains

    ensure_site_chains(site, SPEC)
    chain = chain_for(site, "major", HomePage(title="首页"))  # review.completion passes the item's parent page
    assert (chain.tier, chain.column_step) == ("major", False)


def test_a_sites_chains_are_read_with_their_workflows_in_one_query(site, django_assert_num_queries):
    from review.chains import ensure_site_chains, site_chains

    ensure_site_chains(site, SPEC)
    with django_assert_num_queries(1):  # asked for every item a queue lists
        names = sorted({c.workflow.name for c in site_chains(site)})
    assert names[0] == "测试县人民政府·一般信息审核"
    assert len(names) == 6


def test_the_default_chains_are_built_once_then_read_with_their_workflows(site, django_assert_num_queries):
    from review.chains import site_chains

    chains = site_chains(site)
    with django_assert_num_queries(0):
        assert sorted(c.workflow.name for c in chains)[0] == "测试县人民政府·一般信息审核"


def test_describe_steps_as_the_command_prints_them(site):
    from wagtail.models import GroupApprovalTask, WorkflowTask

    from review.chains import chain_for, describe_steps, ensure_site_chains

    ensure_site_chains(site, SPEC)
    owner = site.profile.owner.name
    chain = chain_for(site, "major", _column("审核发布"))
    assert describe_steps(site, chain) == [
        {"step": 1, "role": "principal", "unit": owner, "label": "主任审定", "source": "甲 第三条"},
        {"step": 2, "role": "group:信息化领导小组", "unit": owner, "label": "领导小组审定", "source": "测试.txt 甲 第三条"},
        {"step": 3, "role": "division_head", "unit": owner, "label": "办公室审核发布", "source": "乙"},
    ]
    general = chain_for(site, "general")
    assert describe_steps(site, general) == [
        {"step": 1, "role": "division_head", "unit": None, "label": "处长审核", "source": "甲 第一条"}]
    # a step the 网站管理员 added in Wagtail's workflow admin; a step switched off is not shown
    added = GroupApprovalTask.objects.create(name="保密审查")
    WorkflowTask.objects.filter(workflow=general.workflow).update(sort_order=1)
    WorkflowTask.objects.create(workflow=general.workflow, task=added, sort_order=0)
    assert describe_steps(site, general) == [
        {"step": 1, "role": "group:保密审查", "unit": None, "label": "保密审查", "source": ""},
        {"step": 2, "role": "division_head", "unit": None, "label": "处长审核", "source": "甲 第一条"},
    ]
    added.active = False
    added.save()
    assert len(describe_steps(site, general)) == 1


def test_describe_steps_of_a_site_without_profile(site):
    from wagtail.models import Site

    from review.chains import chain_for, describe_steps, ensure_site_chains

    bare = Site.objects.create(hostname="bare.localhost", port=80, root_page=site.root_page, site_name="无档案站")
    ensure_site_chains(bare, SPEC, code="bare")
    assert [s["unit"] for s in describe_steps(bare, chain_for(bare, "major", _column("审核发布")))] == [None, None, None]


def test_every_tier_is_checked_after_an_empty_one():
    assert chain_spec_errors(spec(general=[], major=[{"role": "principal"}], special=None)) == [
        (7, "review_chains.general 应为至少一个审核步骤的列表。"),
        (7, "review_chains.major 第1步：缺少步骤名称 label（如“分管领导审核”）。"),
        (7, "review_chains 未规定“special”级别的审核链，也未在 fallback 中写明沿用哪一级。"),
    ]


def test_column_step_faults_come_after_the_tiers_faults():
    column_step = {"guarantees": ["审核发布"], "step": {"role": "office", "label": "政府办审核发布"}}
    assert chain_spec_errors(spec(general=[], column_step=column_step)) == [
        (7, "review_chains.general 应为至少一个审核步骤的列表。"),
        (7, "review_chains.column_step：审核角色“office”无效，应为 division_head、leader_in_charge、principal 或 group:小组名称。"),
    ]


def test_the_steps_are_stored_in_order_for_the_workflow_editor(site):
    from wagtail.models import WorkflowTask

    from review.chains import chain_for, ensure_site_chains

    ensure_site_chains(site, SPEC)
    workflow = chain_for(site, "major", _column("审核发布")).workflow
    rows = list(WorkflowTask.objects.filter(workflow=workflow).order_by("pk").values_list("task__name", "sort_order"))
    assert [name for name, _order in rows] == ["主任审定", "领导小组审定", "办公室审核发布"]
    orders = [order for _name, order in rows]
    assert all(isinstance(o, int) for o in orders) and orders == sorted(orders) and len(set(orders)) == 3
