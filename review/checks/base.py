"""What every check shares: the Finding record, the category names, Chinese messages, the data files."""

from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

LEXICON_DIR = Path(__file__).resolve().parent.parent / "lexicons"

# The categories of the check_content contract (DESIGN.md §3), in the order a reviewer reads them.
SECRET = "secret_marking"
PROHIBITED = "prohibited"
SENSITIVE = "sensitive"
PERSONAL = "personal_info"
TYPO = "severe_typo"
FORMAT = "format"
DUPLICATE_TITLE = "duplicate_title"
LINK = "link"
CATEGORIES = (SECRET, PROHIBITED, SENSITIVE, PERSONAL, TYPO, FORMAT, DUPLICATE_TITLE, LINK)

BLOCK = "block"
WARN = "warn"


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem in a text. `start`/`end` are character offsets in the text as given; text[start:end] == match."""

    category: str
    severity: str
    start: int
    end: int
    match: str
    message: str

    def as_dict(self):
        return asdict(self)

    @property
    def blocking(self):
        return self.severity == BLOCK


_settings = None


def _(message):
    """gettext when Django is set up (the admin, the command), the source text otherwise (bench, plain scripts).

    Source strings are Simplified Chinese, the platform's only language.
    """
    global _settings
    if _settings is None:
        try:
            from django.conf import settings
        except ImportError:  # pragma: no cover - Django is a dependency
            return message
        _settings = settings
    if _settings.configured:
        from django.utils.translation import gettext

        return gettext(message)
    return message


def category_label(category):
    return {
        SECRET: _("密级标志"),
        PROHIBITED: _("违禁内容"),
        SENSITIVE: _("敏感内容"),
        PERSONAL: _("个人信息"),
        TYPO: _("严重错误"),
        FORMAT: _("格式"),
        DUPLICATE_TITLE: _("标题重复"),
        LINK: _("链接"),
    }.get(category, category)


def severity_label(severity):
    return _("禁止发布") if severity == BLOCK else _("提醒")


def data_path(*parts):
    return LEXICON_DIR.joinpath(*parts)


def read_lines(path):
    """Non-empty lines of a data file, without `#` comments (a `#` inside a line starts a comment too)."""
    lines = []
    for raw in Path(path).read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip() if not raw.lstrip().startswith("#") else ""
        if line:
            lines.append(line)
    return lines


@lru_cache(maxsize=None)
def read_yaml(name):
    import yaml

    with data_path(name).open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def data_version():
    """Changes when any data file under review/lexicons/ changes (platform lexicon edited on disk)."""
    stamp = 0
    count = 0
    for path in LEXICON_DIR.rglob("*"):
        if path.is_file():
            st = path.stat()
            stamp = max(stamp, st.st_mtime_ns)
            count += 1
    return (stamp, count)
