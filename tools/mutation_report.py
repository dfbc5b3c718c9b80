"""Mutation score per rule module, from mutmut's results under mutants/ (run `make mutation` first).

A module of which only some functions hold the rules scored here (inspection/rounds.py: the score and the link
deductions, not the checks that read the database) lists them under `[tool.mutation_report] functions` in
pyproject.toml; only those functions' mutants are counted for it.

Surviving mutants listed in mutation-equivalents.md (a line holding the mutant's name in backquotes, then the
reason it cannot be told apart from the original) are counted as equivalent and left out of the score.

    python tools/mutation_report.py [--fail-under 90] [--survivors]
"""

import argparse
import json
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KILLED = {1, 3}  # a test failed (3: pytest's internal error, also a failure caused by the mutant)
TIMEOUT = {36, -24, 24, 152, 255}  # the mutant made the tests run away: detected too
SURVIVED = {0}
NO_TESTS = {5, 33}


def _tool_config():
    return tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]


def scoped_functions():
    """{module path: [function names]} for modules scored on some of their functions only."""
    return _tool_config().get("mutation_report", {}).get("functions", {})


def function_of(key):
    """The function a mutant is in: `pkg.mod.x_name__mutmut_3` -> name, `pkg.mod.xǁClsǁmeth__mutmut_3` -> Cls.meth."""
    name = re.sub(r"__mutmut_\d+$", "", key.rsplit(".", 1)[-1])
    if name.startswith("xǁ"):
        return ".".join(name[2:].split("ǁ"))
    return name[2:] if name.startswith("x_") else name


def modules():
    patterns = _tool_config()["mutmut"]["only_mutate"]
    found = set()
    for pattern in patterns:
        found.update(str(p.relative_to(ROOT)) for p in ROOT.glob(pattern) if p.suffix == ".py")
    return sorted(found)


def equivalents():
    path = ROOT / "mutation-equivalents.md"
    if not path.exists():
        return set()
    return set(re.findall(r"`([\w.]+__mutmut_\d+)`", path.read_text("utf-8")))


def results(module):
    meta = ROOT / "mutants" / f"{module}.meta"
    if not meta.exists():
        return None
    codes = json.loads(meta.read_text("utf-8"))["exit_code_by_key"]
    scope = scoped_functions().get(module)
    if scope:
        codes = {k: c for k, c in codes.items() if function_of(k) in scope}
    return codes


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fail-under", type=float, default=None, help="exit 1 when a module scores below this")
    parser.add_argument("--survivors", action="store_true", help="list the surviving mutants")
    parser.add_argument("only", nargs="*", help="only modules whose path starts with one of these")
    args = parser.parse_args(argv)

    known = equivalents()
    header = f"{'module':32} {'killed':>6} {'surv.':>6} {'untested':>8} {'equiv.':>6} {'total':>6} {'score':>7}"
    print(header)
    print("-" * len(header))
    below, survivors = [], []
    for module in modules():
        if args.only and not any(module.startswith(prefix) for prefix in args.only):
            continue
        codes = results(module)
        if codes is None:
            print(f"{module:32} {'(not run)':>6}")
            continue
        killed = sum(1 for c in codes.values() if c in KILLED or c in TIMEOUT)
        equivalent = [k for k, c in codes.items() if c in SURVIVED and k in known]
        survived = [k for k, c in codes.items() if c in SURVIVED and k not in known]
        untested = [k for k, c in codes.items() if c in NO_TESTS]
        unchecked = len(codes) - killed - len(equivalent) - len(survived) - len(untested)
        scored = len(codes) - len(equivalent) - unchecked
        note = f"  ({unchecked} not run yet)" if unchecked else ""
        if not scored:
            print(f"{module:32} {killed:6} {len(survived):6} {len(untested):8} {len(equivalent):6} {len(codes):6} {'-':>7}{note}")
            continue
        score = 100.0 * killed / scored
        print(f"{module:32} {killed:6} {len(survived):6} {len(untested):8} {len(equivalent):6} {len(codes):6} {score:6.1f}%{note}")
        survivors += survived + untested
        if args.fail_under is not None and (score < args.fail_under or unchecked):
            below.append(module)
    if args.survivors and survivors:
        print("\nsurviving (show one with: mutmut show NAME):")
        for name in survivors:
            print(" ", name)
    scoped = {m: f for m, f in scoped_functions().items() if not args.only or any(m.startswith(p) for p in args.only)}
    for module, functions in scoped.items():
        print(f"\n{module}: only the mutants of {', '.join(functions)} are counted ([tool.mutation_report] in pyproject.toml)")
    if below:
        print(f"\nbelow {args.fail_under:g}%: {', '.join(below)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
