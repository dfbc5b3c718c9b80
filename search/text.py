"""Chinese text for the index and for queries: 繁→简, segmentation, bigrams, synonyms, pinyin.

Both sides go through the same normalise(): text in traditional characters (001, 003) is found by simplified queries
and the reverse. The index holds rjieba's search-mode words plus every overlapping two-character chunk of each run of
Chinese characters, so a word the segmenter cut differently in the document and in the query is still found through
its chunks."""

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import opencc
import rjieba
from django.utils.html import strip_tags
from pypinyin import lazy_pinyin

DATA_DIR = Path(__file__).resolve().parent / "data"
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_RUN = re.compile(f"[{_CJK}]+")
WORD_CHARS = re.compile(f"[{_CJK}0-9a-z]+")
_to_simplified = opencc.OpenCC("t2s")
_segmenter = None


def _data_lines(name):
    lines = (DATA_DIR / name).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def normalise(text):
    """Simplified characters, half-width letters and digits, lower case."""
    return _to_simplified.convert(unicodedata.normalize("NFKC", text or "")).lower()


def plain_text(value):
    """Rich text or HTML as plain text (tags out, entities decoded)."""
    from html import unescape

    return re.sub(r"\s+", " ", unescape(strip_tags(str(value or "")))).strip()


def platform_terms():
    """Names the platform itself knows (sites, units, columns) and the review lexicon's canonical names: the user
    dictionary keeps them whole."""
    from django.apps import apps

    terms = set(_data_lines("user_dict.txt"))
    try:
        terms.update(apps.get_model("sites", "SiteProfile").objects.values_list("full_name", flat=True))
        for name, short in apps.get_model("orgs", "Organization").objects.values_list("name", "short_name"):
            terms.update(n for n in (name, short) if n)
        terms.update(apps.get_model("columns", "ColumnPage").objects.values_list("title", flat=True))
    except Exception:  # no tables yet (first migrate): the file's words are enough
        pass
    lexicon = Path(__file__).resolve().parent.parent / "review" / "lexicons" / "canonical_names.txt"
    if lexicon.exists():
        terms.update(line.split()[0] for line in lexicon.read_text(encoding="utf-8").splitlines()
                     if line.strip() and not line.startswith("#"))
    return {normalise(t) for t in terms if 2 <= len(t) <= 20}


def segmenter():
    global _segmenter
    if _segmenter is None:
        jieba = rjieba.Jieba()
        for term in platform_terms():
            if CJK_RUN.fullmatch(term):
                jieba.add_word(term, 2000, "nz")
        _segmenter = jieba
    return _segmenter


def reload_dictionary():
    """Pick up new site, unit and column names (search_reindex calls it)."""
    global _segmenter
    _segmenter = None
    synonym_groups.cache_clear()
    stopwords.cache_clear()


def bigrams(run):
    return [run] if len(run) == 1 else [run[i:i + 2] for i in range(len(run) - 1)]


def index_terms(text):
    """The index's tokens for a (not yet normalised) text: search-mode words, then the two-character chunks."""
    text = normalise(text)
    words = [w for w in segmenter().cut_for_search(text) if WORD_CHARS.fullmatch(w)]
    chunks = [b for run in CJK_RUN.findall(text) for b in bigrams(run)]
    return words + chunks


@lru_cache(maxsize=1)
def synonym_groups():
    return [tuple(normalise(w) for w in line.split()) for line in _data_lines("synonyms.txt")]


@lru_cache(maxsize=1)
def stopwords():
    return frozenset(_data_lines("stopwords.txt"))


def alternatives(word):
    """The word and its synonyms: 社保 → 社会保险, 社会保障 (a group member inside a longer word counts too)."""
    found = [word]
    for group in synonym_groups():
        for member in group:
            if member in word:
                found += [word.replace(member, other) for other in group if other != member]
    return list(dict.fromkeys(found))


def query_words(query):
    """The words a query requires (each one, or one of its synonyms). Single characters and function words are
    dropped unless nothing else is left."""
    text = normalise(query)
    words = [w for w in segmenter().cut(text) if WORD_CHARS.fullmatch(w)]
    required = [w for w in words if w not in stopwords() and not (len(w) == 1 and CJK_RUN.fullmatch(w))]
    return list(dict.fromkeys(required or words))


def match_groups(query):
    """[[alternative tokens…] per required word]: what the engines turn into their own query language. Each
    alternative is a list of tokens that must all be present (a long word is also matched by all its chunks)."""
    groups = []
    for word in query_words(query):
        options = []
        for alt in alternatives(word):
            options.append([alt])
            if CJK_RUN.fullmatch(alt) and len(alt) > 2:
                options.append(bigrams(alt))
        groups.append(options)
    return groups


def highlight_terms(query):
    return sorted({alt for word in query_words(query) for alt in alternatives(word)}, key=len, reverse=True)


def pinyin_key(text):
    """huanjing for 环境 (and for 环竟): letters only, no tones."""
    return re.sub(r"[^a-z]", "", "".join(lazy_pinyin(normalise(text))).lower())


def suggestion_terms(title):
    """Words of a title worth suggesting when a query finds nothing."""
    return {w for w in segmenter().cut_for_search(normalise(title)) if CJK_RUN.fullmatch(w) and 2 <= len(w) <= 8}
