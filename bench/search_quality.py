"""Search quality on the judged set: recall@10 and MRR for govsite's engine and for Wagtail's stock database backend,
on the same data (imported through import_items) and the same queries.

    python bench/search_quality.py            # a fresh SQLite database under var/bench/ (or DATABASE_URL if set)
    python bench/search_quality.py --verbose  # every query's figures

recall@10 of a query: the share of its relevant items among the first ten results (of at most ten relevant ones);
MRR: the mean over queries of 1/rank of the first relevant result (0 when none is in the first ten)."""

import argparse
import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
JUDGED = ROOT / "bench" / "search_judged"
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "govsite.settings")


def prepare_database():
    if "DATABASE_URL" not in os.environ:
        db = ROOT / "var" / "bench" / "search_quality.sqlite3"
        db.parent.mkdir(parents=True, exist_ok=True)
        for stale in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
            stale.unlink(missing_ok=True)
        seeded = sorted((ROOT / "var" / "test-db").glob("seeded-*.sqlite3"), key=lambda p: p.stat().st_mtime)
        if seeded:  # the test suite's migrated and seeded database: copying it saves loading the seeds again
            shutil.copyfile(seeded[-1], db)
        os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from sites.models import SiteProfile

    if not SiteProfile.objects.exists():
        call_command("load_seed_sites", verbosity=0, stdout=open(os.devnull, "w"))


def import_judged_items():
    import yaml
    from django.core.management import call_command

    files = yaml.safe_load((JUDGED / "files.yaml").read_text(encoding="utf-8"))
    for entry in files:
        call_command("import_items", "--site", entry["site"], "--column", entry["column"], str(JUDGED / entry["file"]),
                     verbosity=0, stdout=open(os.devnull, "w"))
    return sum(e["count"] for e in files)


def score(ranked, relevant):
    hits = [i for i, key in enumerate(ranked[:10]) if key in relevant]
    recall = len(hits) / min(len(relevant), 10)
    return recall, (1 / (hits[0] + 1)) if hits else 0.0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    prepare_database()
    total = import_judged_items()

    import yaml
    from wagtail.search.backends import get_search_backend

    from content.models import ImportedItem, ItemPage
    from search.engine import SearchQuery, get_engine

    old_url = dict(ImportedItem.objects.values_list("page_id", "old_url"))
    queries = yaml.safe_load((JUDGED / "queries.yaml").read_text(encoding="utf-8"))
    engines = {
        "govsite": lambda q: [e.page_id for e in get_engine().search(SearchQuery(text=q, limit=10)).entries],
        "wagtail database backend": lambda q: [p.pk for p in get_search_backend("default").search(q, ItemPage.objects.live())[:10]],
    }
    print(f"judged set: {total} items imported through import_items, {len(queries)} queries")
    for name, run in engines.items():
        recalls, rrs = [], []
        for query in queries:
            ranked = [old_url.get(pk) for pk in run(query["query"])]
            recall, rr = score(ranked, set(query["relevant"]))
            recalls.append(recall)
            rrs.append(rr)
            if args.verbose and recall < 1:
                print(f"  [{name}] {query['query']}: recall@10 {recall:.2f}, RR {rr:.2f}")
        print(f"{name:26s} recall@10 {sum(recalls) / len(recalls):.3f}   MRR {sum(rrs) / len(rrs):.3f}")


if __name__ == "__main__":
    main()
