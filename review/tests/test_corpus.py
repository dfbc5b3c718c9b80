"""The labelled corpus (review/corpus/cases.yaml): precision and recall stay at 100 % in every category."""

from review.checks import CATEGORIES, platform_checker
from review.corpus import evaluate, load_cases, precision_recall


def test_corpus_is_large_and_covers_every_category():
    cases = load_cases()
    assert len(cases) >= 200
    labelled = {item[0] for case in cases for item in case["expect"] or []}
    assert labelled == set(CATEGORIES)
    assert sum(1 for case in cases if not case["expect"]) >= 80  # hard negatives


def test_precision_and_recall_are_100_percent_per_category():
    scores, failures = evaluate(platform_checker())
    assert failures == []
    for category in CATEGORIES:
        precision, recall = precision_recall(scores[category])
        assert (category, precision, recall) == (category, 1.0, 1.0)
