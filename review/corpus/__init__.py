"""The labelled corpus (cases.yaml) and its scoring, shared by review/tests/test_corpus.py and bench/."""

from collections import Counter
from pathlib import Path

CASES = Path(__file__).resolve().parent / "cases.yaml"


def load_cases(path=CASES):
    import yaml

    with open(path, encoding="utf-8") as handle:
        return yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def site_rules_for_case(checker, case):
    """A SiteRules standing in for a site (published titles, https required) without a database."""
    from review.checks import SiteRules

    spec = case.get("site")
    if not spec:
        return None
    link_rules = checker.link_rules.for_site(require_https=bool(spec.get("require_https")))
    return SiteRules(None, None, link_rules, None, 365, published_titles=list(spec.get("published", [])))


def expected(case):
    out = []
    for item in case.get("expect") or []:
        category, match = item[0], str(item[1])
        severity = item[2] if len(item) > 2 else None
        out.append((category, match, severity))
    return out


def evaluate(checker, cases=None):
    """Run every case; return (per-category Counter of tp/fp/fn, list of failure descriptions)."""
    cases = load_cases() if cases is None else cases
    scores = {}
    failures = []
    for case in cases:
        text = case["text"]
        findings = checker.check(text, site_rules_for_case(checker, case), title=case.get("title"))
        got = Counter()
        for f in findings:
            if text[f.start : f.end] != f.match:
                failures.append(f"{case['id']}: offsets {f.start}-{f.end} do not slice to {f.match!r}")
            got[(f.category, f.match)] += 1
        want = Counter()
        severities = {}
        for category, match, severity in expected(case):
            want[(category, match)] += 1
            if severity:
                severities[(category, match)] = severity
        for f in findings:
            wanted = severities.get((f.category, f.match))
            if wanted and wanted != f.severity:
                failures.append(f"{case['id']}: {f.category} {f.match!r} severity {f.severity}, expected {wanted}")
        for key in set(got) | set(want):
            category = key[0]
            score = scores.setdefault(category, Counter())
            tp = min(got[key], want[key])
            score["tp"] += tp
            score["fp"] += got[key] - tp
            score["fn"] += want[key] - tp
            if got[key] > tp:
                failures.append(f"{case['id']}: unexpected {category} {key[1]!r}")
            if want[key] > tp:
                failures.append(f"{case['id']}: missed {category} {key[1]!r}")
    return scores, failures


def precision_recall(score):
    tp, fp, fn = score["tp"], score["fp"], score["fn"]
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall
