"""A site's mailboxes from its seed file (top-level key `interaction:`), over the kind defaults of rules.yaml.
Called by seeds.loader for each site; creates only the mailboxes that do not exist yet (a mailbox the 网站管理员
changed keeps their values). The 找错 box is created on every site (001 第三十五条)."""

from django.utils.translation import gettext as _

from .models import Mailbox, MailboxKind
from .rules import MAILBOX_FIELDS, kind_defaults, setting

ALLOWED_KEYS = {"kind", "name", "handler", "external_system", *MAILBOX_FIELDS}


def validate(section, department_names=()):
    """Chinese messages for what is wrong in a seed file's `interaction:` section ([] when fine)."""
    if section is None:
        return []
    if not isinstance(section, dict) or not isinstance(section.get("mailboxes", []), list):
        return [_("“interaction”应写为 {mailboxes: [...]}。")]
    errors = []
    for box in section.get("mailboxes", []):
        if not isinstance(box, dict) or box.get("kind") not in MailboxKind.values:
            errors.append(_("信箱类型应为以下之一：%(v)s。") % {"v": "、".join(MailboxKind.values)})
            continue
        unknown = {k for k in box if not k.startswith("__")} - ALLOWED_KEYS
        if unknown:
            errors.append(_("信箱“%(k)s”含有未知项：%(u)s。") % {"k": box["kind"], "u": "、".join(sorted(unknown))})
        if box.get("handler") and box["handler"] not in department_names:
            errors.append(_("信箱“%(k)s”的承办单位“%(h)s”不在 departments 中。") % {"k": box["kind"], "h": box["handler"]})
        for key in ("forward_days", "answer_days", "extension_days"):
            if key in box and (not isinstance(box[key], int) or box[key] < 0):
                errors.append(_("信箱“%(k)s”的 %(f)s 应为非负整数。") % {"k": box["kind"], "f": key})
    return errors


def load_mailboxes(profile, section, departments, owner):
    """Create the site's missing mailboxes. `departments`: {seed name or alias: Organization}; a mailbox's
    `handler` names one of them (default: the site's 主办单位). Returns the mailboxes created."""
    boxes = list((section or {}).get("mailboxes", []))
    named = {b["kind"] for b in boxes}
    boxes += [{"kind": kind} for kind in setting("every_site") if kind not in named]
    created = []
    for box in boxes:
        if Mailbox.objects.filter(site_id=profile.site_id, kind=box["kind"]).exists():
            continue
        values = kind_defaults(box["kind"])
        values.update({k: v for k, v in box.items() if k in MAILBOX_FIELDS})
        handler = departments.get(box["handler"]) if box.get("handler") else owner
        created.append(Mailbox.objects.create(
            site_id=profile.site_id, kind=box["kind"], name=box.get("name") or values["label"], handler=handler,
            external_system=bool(box.get("external_system")),
            **{k: values[k] for k in MAILBOX_FIELDS},
        ))
    return created
