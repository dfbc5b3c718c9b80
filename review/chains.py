"""Review chains as data: each site's `review_chains` in its seed file (or the platform default in
review/default_chains.yaml) becomes one Wagtail Workflow per tier, built once; after that the 网站管理员 owns them
in Wagtail's workflow admin, and every question about "the chain that applies" reads those Workflows."""

from pathlib import Path

import yaml
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import Workflow, WorkflowTask

from content.models import ReviewTier

from .chain_models import GROUP_PREFIX, ReviewChain, RoleReviewTask, StepRole, StepUnit

DEFAULT_CHAINS_FILE = Path(__file__).resolve().parent / "default_chains.yaml"
TIERS = [t.value for t in ReviewTier]  # lowest first
TIER_RANK = {tier: rank for rank, tier in enumerate(TIERS)}
LINE = "__line__"  # seeds.schema keeps each mapping's line number under this key


def tier_label(tier):
    return ReviewTier(tier).label


def higher_tier(a, b):
    return a if TIER_RANK[a] >= TIER_RANK[b] else b


def default_spec():
    return yaml.safe_load(DEFAULT_CHAINS_FILE.read_text(encoding="utf-8"))


# --- validation (seeds.schema calls it; errors as (line, Chinese message)) -------------------------------------


def _step_errors(step, where, line):
    if not isinstance(step, dict):
        return [(line, _("%(w)s：每个审核步骤应为键值表（role、label、source）。") % {"w": where})]
    line = step.get(LINE, line)
    role = step.get("role")
    errors = []
    valid_roles = [r for r in StepRole.values if r != StepRole.GROUP]
    if not isinstance(role, str) or not (role in valid_roles or (role.startswith(GROUP_PREFIX) and role[len(GROUP_PREFIX):].strip())):
        errors.append((line, _("%(w)s：审核角色“%(r)s”无效，应为 %(v)s 或 group:小组名称。") % {
            "w": where, "r": role, "v": "、".join(valid_roles)}))
    if step.get("unit", StepUnit.OWN) not in StepUnit.values:
        errors.append((line, _("%(w)s：审核单位应为 own（本部门）或 owner（主办单位）。") % {"w": where}))
    if not str(step.get("label") or "").strip():
        errors.append((line, _("%(w)s：缺少步骤名称 label（如“分管领导审核”）。") % {"w": where}))
    return errors


def chain_spec_errors(spec):
    """What is wrong with a site's `review_chains` mapping, as [(line, Chinese message)]; empty when it is sound."""
    if spec is None:
        return []
    line = spec.get(LINE) if isinstance(spec, dict) else None
    if not isinstance(spec, dict):
        return [(line, _("review_chains 应为按审核级别（general、sensitive、major、special）列出的键值表。"))]
    errors = []
    fallback = spec.get("fallback") or {}
    unknown = [k for k in spec if k not in (*TIERS, "fallback", "column_step", "source_file", LINE)]
    if unknown:
        errors.append((line, _("review_chains 中的“%(k)s”不是审核级别，应为 %(v)s。") % {"k": "、".join(map(str, unknown)), "v": "、".join(TIERS)}))
    if not isinstance(fallback, dict):
        return errors + [(line, _("review_chains.fallback 应为“级别: 沿用的级别”的键值表。"))]
    for tier in TIERS:
        steps = spec.get(tier)
        if steps is None:
            target = fallback.get(tier)
            if target is None:
                errors.append((line, _("review_chains 未规定“%(t)s”级别的审核链，也未在 fallback 中写明沿用哪一级。") % {"t": tier}))
            elif target not in TIERS or spec.get(target) is None:
                errors.append((line, _("review_chains.fallback：“%(t)s”沿用的级别“%(f)s”未规定审核链。") % {"t": tier, "f": target}))
            continue
        if not isinstance(steps, list) or not steps:
            errors.append((line, _("review_chains.%(t)s 应为至少一个审核步骤的列表。") % {"t": tier}))
            continue
        for n, step in enumerate(steps, 1):
            errors += _step_errors(step, f"review_chains.{tier} 第{n}步", line)
    column_step = spec.get("column_step")
    if column_step is not None:
        if not isinstance(column_step, dict) or not column_step.get("guarantees") or not isinstance(column_step.get("guarantees"), list):
            errors.append((line, _("review_chains.column_step 应写明 guarantees（保障方式列表）和 step（加在最后的审核步骤）。")))
        else:
            errors += _step_errors(column_step.get("step"), "review_chains.column_step", column_step.get(LINE, line))
    return errors


# --- building the Workflows (seeds.loader calls ensure_site_chains once per site) ------------------------------


def _clean(value):
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items() if k != LINE}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def _task(site, step, code):
    role = step["role"]
    group = None
    if role.startswith(GROUP_PREFIX):
        group, _created = Group.objects.get_or_create(name=f"{code}·{role[len(GROUP_PREFIX):].strip()}")
        role = StepRole.GROUP
    task, _created = RoleReviewTask.objects.get_or_create(
        site=site, role=role, unit=step.get("unit", StepUnit.OWN), group=group, name=step["label"],
        defaults={"source": step.get("source", "")},
    )
    return task


def _workflow(site, name, tasks):
    workflow = Workflow.objects.create(name=name, active=True)
    seen = set()
    for order, task in enumerate(tasks):
        if task.pk in seen:
            continue
        seen.add(task.pk)
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=order)
    return workflow


@transaction.atomic
def ensure_site_chains(site, spec=None, *, code=None, source_file=None):
    """Create the site's chain Workflows that do not exist yet (a rerun keeps what the 网站管理员 changed).
    Returns the number of workflows created."""
    spec = _clean(spec) if spec is not None else default_spec()
    code = code or getattr(getattr(site, "profile", None), "code", None) or str(site.pk)
    existing = {(c.tier, c.column_step) for c in ReviewChain.objects.filter(site=site)}
    fallback = spec.get("fallback") or {}
    column_step = spec.get("column_step")
    source_file = source_file or spec.get("source_file", "")
    built = {}
    created = 0
    for tier in TIERS:
        own_tier = tier if spec.get(tier) is not None else fallback[tier]
        for with_column in (False, True) if column_step else (False,):
            if (tier, with_column) in existing:
                continue
            key = (own_tier, with_column)
            if key not in built:
                tasks = [_task(site, step, code) for step in spec[own_tier]]
                if with_column:
                    final = _task(site, column_step["step"], code)
                    if tasks[-1].step_key() != final.step_key():
                        tasks.append(final)
                suffix = _("（含栏目审核发布）") if with_column else ""
                built[key] = _workflow(site, f"{site.site_name}·{tier_label(own_tier)}信息审核{suffix}", tasks)
                created += 1
            steps_source = "；".join(dict.fromkeys(s.get("source", "") for s in spec[own_tier] if s.get("source")))
            ReviewChain.objects.create(
                site=site, tier=tier, column_step=with_column, workflow=built[key],
                fallback_of=own_tier if own_tier != tier else "", source=f"{source_file} {steps_source}".strip(),
                column_guarantees=list(column_step["guarantees"]) if with_column else [],
            )
    return created


# --- which chain applies ---------------------------------------------------------------------------------------


def site_chains(site):
    chains = list(ReviewChain.objects.filter(site=site).select_related("workflow"))
    if not chains:
        ensure_site_chains(site)  # a site created after set-up gets the platform default chains
        chains = list(ReviewChain.objects.filter(site=site).select_related("workflow"))
    return chains


def column_adds_step(chains, column):
    """004 内容保障工作任务分解表: a column whose 保障方式 is 审核发布/政府办审核发布 ends with the 主办 office's review."""
    guarantee = (getattr(column, "guarantee", "") or "").strip()
    return bool(guarantee) and any(c.column_step and guarantee in c.column_guarantees for c in chains)


def chain_for(site, tier, column=None):
    """The ReviewChain that applies to an item of `tier` in `column` on `site`."""
    chains = site_chains(site)
    with_column = column is not None and column_adds_step(chains, column)
    for chain in chains:
        if chain.tier == tier and chain.column_step == with_column:
            return chain
    return None


def chain_tasks(workflow):
    return [task.specific for task in workflow.tasks.filter(active=True)]


def describe_steps(site, chain):
    """The chain as review_chain --json prints it (DESIGN §3)."""
    owner = getattr(getattr(site, "profile", None), "owner", None)
    steps = []
    for n, task in enumerate(chain_tasks(chain.workflow), 1):
        if not isinstance(task, RoleReviewTask):
            steps.append({"step": n, "role": f"{GROUP_PREFIX}{task.name}", "unit": None, "label": task.name, "source": ""})
            continue
        unit = owner.name if task.unit == StepUnit.OWNER and owner is not None else None
        steps.append({"step": n, "role": task.role_label(), "unit": unit, "label": task.name, "source": task.source or chain.source})
    return steps


def review_groups_of(site):
    """The named groups (信息化领导小组 …) that sign steps of the site's chains."""
    return list(Group.objects.filter(pk__in=RoleReviewTask.objects.filter(site=site, group__isnull=False).values("group_id")))


def tier_choices():
    """(value, label) of every tier, labels as plain strings (rendered once per row in the queues)."""
    return [(value, str(label)) for value, label in ReviewTier.choices]
