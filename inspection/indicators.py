"""The 检查指标 data file (indicators.yaml), read once."""

from functools import lru_cache
from pathlib import Path

import yaml

PATH = Path(__file__).with_name("indicators.yaml")


@lru_cache(maxsize=1)
def indicators():
    return yaml.safe_load(PATH.read_text(encoding="utf-8"))


def veto(name):
    return indicators()["vetoes"][name]


def deduction(name):
    return indicators()["deductions"][name]


def scoring(name):
    return indicators()["scoring"][name]["value"]


def schedule(name):
    return indicators()["schedule"][name]["value"]
