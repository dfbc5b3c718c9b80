"""Screening a message before anything is public (003 第二十三条: published only after the 管理员 screened it):
the platform's content checks (review.checks.check_text) and masking of personal data."""

from review.checks import check_text

PERSONAL = "personal_info"
MASK = "*"


def _findings(text, site):
    return check_text(text, site) if text else []


def screen(title, content, site):
    """(findings as dicts, masked title, masked content). Personal data (身份证号, mobile, bank card…) is masked;
    other blocking findings (prohibited, secret markings) keep the case from being published."""
    result, masked = [], []
    for field, text in (("title", title), ("content", content)):
        findings = _findings(text, site)
        chars = list(text)
        for finding in findings:
            result.append({"field": field, **finding.as_dict()})
            if finding.category == PERSONAL:
                chars[finding.start:finding.end] = MASK * (finding.end - finding.start)
        masked.append("".join(chars))
    return result, masked[0], masked[1]


def publication_blockers(findings):
    """The findings that forbid publishing, even masked (personal data is masked, so it does not block)."""
    return [f for f in findings if f["severity"] == "block" and f["category"] != PERSONAL]
