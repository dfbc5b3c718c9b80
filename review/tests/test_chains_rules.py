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
