"""Reading and validating seed files: every error names the file and line, in Chinese, before anything loads."""

from dataclasses import dataclass
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from columns.models import ColumnCategory
from interaction.seeding import validate as interaction_seed_errors
from orgs.models import Organization
from sites.identity import (
    identity_clashes,
    normalize_police_record,
    site_code_region_error,
    validate_division_code,
    validate_hostname,
    validate_icp,
    validate_police_record,
    validate_site_code,
)
from review.chains import chain_spec_errors
from sites.models import SiteProfile

SEED_DIR = Path(__file__).resolve().parent
LINE = "__line__"


class SeedError(Exception):
    def __init__(self, path, line, message):
        self.path, self.line = path, line
        super().__init__(_("%(file)s 第%(line)s行：%(message)s") % {"file": path, "line": line or "?", "message": message})


class _LineLoader(yaml.SafeLoader):
    """Keeps each mapping's line number so errors can point at it."""

    def construct_mapping(self, node, deep=False):
        mapping = super().construct_mapping(node, deep=deep)
        mapping[LINE] = node.start_mark.line + 1
        return mapping


@dataclass
class SeedSite:
    path: Path
    data: dict

    @property
    def code(self):
        return self.data["code"]

    @property
    def line(self):
        return self.data[LINE]

    def identity(self):
        """The site's values that must be unique across the 站群 (sites.identity.UNIQUE_IDENTITY_LABELS)."""
        identity, domains = self.data["identity"], self.data["domains"]
        return {
            "site_code": str(identity["site_code"]), "icp": identity["icp"],
            "police_record": normalize_police_record(identity["police_record"]),
            "english_domain": domains["english"].strip().lower(),
            "extra_english_domains": [d.strip().lower() for d in domains.get("extra_english") or []],
            "chinese_domain": (domains.get("chinese") or "").strip(),
        }

    def governments(self):
        """(name, 行政区划代码) of the governments the file names."""
        orgs = self.data["organizations"]
        return [(orgs[key]["name"], orgs[key]["division_code"]) for key in ("government", "government_parent") if orgs.get(key)]


def read_seed(path):
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise SeedError(path, 1, _("文件不是 UTF-8 编码的文本。")) from None
    try:
        data = yaml.load(text, Loader=_LineLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        raise SeedError(path, mark.line + 1 if mark else None, _("YAML 格式错误：%(e)s") % {"e": error.problem or error}) from None
    if not isinstance(data, dict):
        raise SeedError(path, 1, _("文件内容应为一个站点的键值表。"))
    validate(path, data)
    return SeedSite(path, data)


def read_all(paths=None):
    paths = paths or sorted(SEED_DIR.glob("*.yaml"))
    sites = [read_seed(p) for p in paths]
    by_code = {}
    for site in sites:
        if site.code in by_code:
            raise SeedError(
                site.path, site.line,
                _("站点代码 %(c)s 重复：%(other)s 已使用。") % {"c": site.code, "other": by_code[site.code].path.name},
            )
        by_code[site.code] = site
    _check_across_files(sites)
    return _parents_first(sites, by_code)


def _check_across_files(sites):
    """No two files give the same 标识码, 备案号 or domain, nor two 行政区划代码 for one 人民政府."""
    seen = []
    divisions = {}
    for site in sites:
        clashes = identity_clashes(site.identity(), [(f"{other.data['full_name']}（{other.path.name}）", other.identity()) for other in seen])
        if clashes:
            field, messages = next(iter(clashes.items()))
            section = site.data["identity"] if field in ("site_code", "icp", "police_record") else site.data["domains"]
            raise SeedError(site.path, section[LINE], messages[0])
        seen.append(site)
        for name, code in site.governments():
            if name in divisions and divisions[name][0] != code:
                raise SeedError(
                    site.path, site.data["organizations"][LINE],
                    _("%(gov)s的行政区划代码为 %(code)s，与 %(other)s 中的 %(other_code)s 不一致。")
                    % {"gov": name, "code": code, "other": divisions[name][1].name, "other_code": divisions[name][0]},
                )
            divisions.setdefault(name, (code, site.path))


def _parents_first(sites, by_code):
    ordered, placed = [], set()
    known = set(SiteProfile.objects.values_list("code", flat=True))

    def place(site, trail=()):
        if site.code in placed:
            return
        parent = site.data.get("parent")
        if parent:
            if parent in trail or parent == site.code:
                cycle = [*trail[trail.index(parent):], site.code, parent] if parent in trail else [site.code, parent]
                raise SeedError(site.path, site.data[LINE], _("上级网站形成循环：%(c)s。") % {"c": " → ".join(cycle)})
            if parent in by_code:
                place(by_code[parent], trail + (site.code,))
            elif parent not in known:
                raise SeedError(site.path, site.data[LINE], _("上级网站 %(c)s 不存在。") % {"c": parent})
        placed.add(site.code)
        ordered.append(site)

    for site in sites:
        place(site)
    return ordered


def _require(path, mapping, key, kind=str):
    value = mapping.get(key)
    if value in (None, "") or not isinstance(value, kind):
        raise SeedError(path, mapping.get(LINE), _("缺少或写错了必填项“%(k)s”。") % {"k": key})
    return value


def _check(path, line, validator, value):
    try:
        validator(value)
    except ValidationError as error:
        raise SeedError(path, line, " ".join(error.messages)) from None


def validate(path, data):
    line = data.get(LINE)
    code = _require(path, data, "code")
    if not code.isascii() or not code.replace("-", "").isalnum() or code != code.lower():
        raise SeedError(path, line, _("站点代码只能使用小写字母、数字和连字符：%(c)s。") % {"c": code})
    _require(path, data, "full_name")
    for key, choices in (("level", SiteProfile.Level.values), ("kind", SiteProfile.Kind.values)):
        if data.get(key) not in choices:
            raise SeedError(path, line, _("“%(k)s”应为以下之一：%(v)s。") % {"k": key, "v": "、".join(choices)})
    if data.get("status", "running") not in SiteProfile.Status.values:
        raise SeedError(path, line, _("“status”应为以下之一：%(v)s。") % {"v": "、".join(SiteProfile.Status.values)})
    domains = _require(path, data, "domains", dict)
    _check(path, domains.get(LINE), validate_hostname, _require(path, domains, "english"))
    identity = _require(path, data, "identity", dict)
    _check(path, identity.get(LINE), validate_site_code, str(_require(path, identity, "site_code")))
    _check(path, identity.get(LINE), validate_icp, _require(path, identity, "icp"))
    _check(path, identity.get(LINE), validate_police_record, _require(path, identity, "police_record"))
    orgs = _require(path, data, "organizations", dict)
    for key in ("supervisor", "owner", "operator"):
        _require(path, orgs, key)
    government = _government(path, orgs, "government")
    if orgs.get("government_parent") is not None:
        _government(path, orgs, "government_parent")
    region = site_code_region_error(str(identity["site_code"]), government["division_code"], government["name"])
    if region:
        raise SeedError(path, identity.get(LINE), region)
    names = set()
    for dept in data.get("departments") or []:
        _require(path, dept, "name")
        if dept.get("kind", "department") not in Organization.Kind.values:
            raise SeedError(path, dept.get(LINE), _("单位类型“%(k)s”无效。") % {"k": dept.get("kind")})
        names.add(dept["name"])
        names.update(dept.get("aliases") or [])
    columns = data.get("columns")
    if not isinstance(columns, list) or not columns:
        raise SeedError(path, line, _("缺少栏目表“columns”。"))
    for column in _walk(columns):
        _validate_column(path, column, names)
    for chain_line, message in chain_spec_errors(data.get("review_chains")):  # review chains per tier (issue 8)
        raise SeedError(path, chain_line or line, message)
    interaction = data.get("interaction")
    for message in interaction_seed_errors(interaction, names):  # a list or a text is refused too, at the file's line
        raise SeedError(path, interaction[LINE] if isinstance(interaction, dict) else line, message)


def _government(path, orgs, key):
    """A 人民政府 is written with its 行政区划代码: {name: 宝鸡市渭滨区人民政府, division_code: "610302"}."""
    government = orgs.get(key)
    if not isinstance(government, dict):
        raise SeedError(
            path, orgs.get(LINE),
            _("“%(k)s”应写为 {name: 人民政府全称, division_code: \"6位行政区划代码\"}。") % {"k": key},
        )
    _require(path, government, "name")
    _check(path, government[LINE], validate_division_code, str(government.get("division_code") or ""))
    government["division_code"] = str(government["division_code"])
    return government


def _walk(columns):
    for column in columns:
        yield column
        yield from _walk(column.get("children") or [])


def _validate_column(path, column, names):
    if not isinstance(column, dict):
        raise SeedError(path, None, _("栏目项应为键值表：%(c)s。") % {"c": column})
    _require(path, column, "title")
    if column.get("category", "other") not in ColumnCategory.values:
        raise SeedError(path, column[LINE], _("栏目类别“%(c)s”无效。") % {"c": column.get("category")})
    departments = column.get("departments") or []
    if departments == "all":
        return
    if not isinstance(departments, list):
        raise SeedError(path, column[LINE], _("“departments”应为单位列表或 all。"))
    for entry in departments:
        name = entry.get("name") if isinstance(entry, dict) else entry
        if name not in names:
            raise SeedError(path, column[LINE], _("栏目“%(t)s”的责任单位“%(n)s”未在 departments 中列出。") % {"t": column["title"], "n": name})
