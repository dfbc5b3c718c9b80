"""Run the mutants mutmut has not found killed against a module's own rule tests, and record what they kill.

`make mutation` runs each mutant against every selected test that reaches the mutated function. For the content
checks and the cycle rules that includes slow tests that only create pages (the checks run on every save), so a
surviving mutant costs 20-40 s. This runs the given test files only: Django is imported once and each mutant runs
in a forked child (as mutmut does), with MUTANT_UNDER_TEST naming it. A mutant the files kill is recorded as killed
in mutants/<module>.meta; one they do not kill is recorded as surviving, which can only under-count (a smaller set of
tests kills no more). tools/mutation_report.py then prints the scores. Run it after `mutmut run` has generated the
mutants and stopped (mutmut rewrites the .meta files while it runs), or with --generate, which writes the mutants as
mutmut does (keeping the results of functions that did not change) without mutmut's own test run.

    python tools/mutation_recheck.py review/checks/typos.py --tests review/tests/test_typos_mutation.py [--jobs 2]
    python tools/mutation_recheck.py --all [--jobs 2]    # every module of [tool.mutation_recheck] in pyproject.toml
    python tools/mutation_recheck.py --generate --all    # from a fresh clone: generate the mutants first
    python tools/mutation_recheck.py seeds/loader.py --tests seeds/tests/test_loader_rules.py --sample 100
    python tools/mutation_recheck.py review/checks/__init__.py --tests … --only '*_near_region__*'   # some functions
"""

import argparse
import fnmatch
import importlib
import json
import os
import random
import shutil
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MUTANTS = ROOT / "mutants"
UNDECIDED = {None, 0, 5, 33}  # not run, survived, no tests collected, no tests reach it
CHILD_SECONDS = 300


def undecided(meta_path):
    codes = json.loads(meta_path.read_text("utf-8"))["exit_code_by_key"]
    return [name for name, code in codes.items() if code in UNDECIDED]


def record(meta_path, results):
    data = json.loads(meta_path.read_text("utf-8"))
    data["exit_code_by_key"].update(results)
    partial = meta_path.with_suffix(".meta.partial")
    partial.write_text(json.dumps(data, indent=4), "utf-8")
    os.replace(partial, meta_path)


def run_child(name, tests):
    os.environ["MUTANT_UNDER_TEST"] = name
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    os.setpgid(0, 0)
    import signal

    signal.alarm(CHILD_SECONDS)
    import pytest

    # --tb=no: a failure is all that counts, and a traceback through a mutated module re-reads the whole file
    code = pytest.main(["-q", "-x", "--tb=no", "-p", "no:cacheprovider", "-p", "no:randomly", "-n", "0", *tests])
    os._exit(int(code))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("module", nargs="?", help="the mutated module, e.g. review/checks/typos.py")
    parser.add_argument("--tests", nargs="+", help="the test files to run against each mutant")
    parser.add_argument("--all", action="store_true", help="every module of [tool.mutation_recheck] with its tests")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--generate", action="store_true", help="(re)generate mutants/ first, as `mutmut run` does")
    parser.add_argument("--only", nargs="+", default=[], help="only the mutants whose names match these patterns (fnmatch)")
    parser.add_argument("--sample", type=int, default=0, help="of the mutants not run yet, only this many, drawn at random (seeded); survivors are all run")
    args = parser.parse_args(argv)
    if args.generate:
        generate(args.jobs)
    if args.all:
        plan = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["mutation_recheck"]
        for module, tests in plan.items():  # one child process per module: Django is set up once in each
            pid = os.fork()
            if pid == 0:
                os._exit(recheck(parser, module, tests, args.jobs))
            if os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]):
                return 2
        return 0
    if not (args.module and args.tests):
        parser.error("name a module and --tests, or --all")
    return recheck(parser, args.module, args.tests, args.jobs, args.sample, args.only)


def generate(jobs):
    """mutmut's generation step alone: copy the tree to mutants/ and write each module's mutants and .meta."""
    import mutmut.__main__ as mutmut

    os.chdir(ROOT)
    MUTANTS.mkdir(exist_ok=True)
    mutmut.copy_src_dir()
    mutmut.copy_also_copy_files()
    mutmut.setup_source_paths()
    print(mutmut.create_mutants(max(jobs, 1)), flush=True)


def recheck(parser, module, tests, jobs, sample=0, only=()):
    meta_path = MUTANTS / f"{module}.meta"
    if not meta_path.exists():
        parser.error(f"{meta_path} does not exist: run with --generate (or `make mutation`) first")
    names = undecided(meta_path)
    if only:
        names = [name for name in names if any(fnmatch.fnmatchcase(name, pattern) for pattern in only)]
    if sample:  # a module too slow to run whole: every survivor, and an estimate from the mutants not run yet
        codes = json.loads(meta_path.read_text("utf-8"))["exit_code_by_key"]
        not_run = [name for name in names if codes[name] is None]
        drawn = random.Random(14).sample(not_run, min(sample, len(not_run)))
        names = sorted(name for name in names if codes[name] is not None) + sorted(drawn)
    print(f"{module}: {len(names)} mutants not found killed; running {' '.join(tests)}", flush=True)

    for test in tests:  # the test files as they are now (mutmut copied the tree when it generated the mutants)
        shutil.copy2(ROOT / test, MUTANTS / test)
    os.chdir(MUTANTS)
    sys.path.insert(0, str(MUTANTS))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "govsite.settings")
    os.environ["MUTANT_UNDER_TEST"] = ""
    import django

    django.setup()
    from django.urls import get_resolver
    from django.utils import translation

    with translation.override("zh-hans"):  # as conftest does: Wagtail's labels load in Chinese
        get_resolver().url_patterns
    # Imported once here, not compiled again in every child (its mutants make it large; the trampoline reads
    # MUTANT_UNDER_TEST at each call, so importing it before the fork is safe).
    importlib.import_module(module.removesuffix(".py").replace("/", ".").removesuffix(".__init__"))

    # The tests must pass on the code as it is, or every mutant would look killed.
    pid = os.fork()
    if pid == 0:
        run_child("", tests)
    clean = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
    if clean != 0:
        print(f"the tests fail (exit {clean}) without any mutant: mutants/ is older than the code? nothing recorded")
        return 2

    running, results, started = {}, {}, time.time()

    def reap():
        pid, status = os.wait()
        name = running.pop(pid)
        code = os.waitstatus_to_exitcode(status)
        # 0: the tests passed (survived); 1 or 3: a test failed or errored (killed); a signal: the time limit
        # (a timeout, detected); anything else (5: no tests collected) is recorded as it is
        results[name] = 0 if code == 0 else 1 if code in (1, 3) else 36 if code < 0 else code
        if len(results) % 25 == 0 or not running:
            record(meta_path, results)
            print(f"  {len(results)}/{len(names)} in {time.time() - started:.0f} s", flush=True)

    for name in names:
        while len(running) >= jobs:
            reap()
        pid = os.fork()
        if pid == 0:
            run_child(name, tests)
        running[pid] = name
    while running:
        reap()
    record(meta_path, results)
    survived = sorted(name for name, code in results.items() if code == 0)
    print(f"{module}: {len(results) - len(survived)} killed, {len(survived)} survived")
    for name in survived:
        print(" ", name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
