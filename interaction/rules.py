"""The mailbox rules as data (rules.yaml), read once."""

from functools import lru_cache
from pathlib import Path

import yaml

RULES_FILE = Path(__file__).with_name("rules.yaml")
MAILBOX_FIELDS = ("forward_days", "answer_days", "answer_from", "extension_days", "disclosure", "source")


@lru_cache(maxsize=1)
def rules():
    return yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))


def kind_defaults(kind):
    """The default values of a mailbox of this kind (label, deadlines, disclosure, source)."""
    data = rules()
    defaults = dict(data["kinds"][kind])
    defaults.setdefault("extension_days", data["default_extension_days"])
    return defaults


def setting(name):
    return rules()[name]
