import hashlib

import pytest

from orgs.models import Role


@pytest.fixture
def host():
    return lambda code: {"HTTP_HOST": f"{code}.localhost"}


@pytest.fixture
def captcha_ok(monkeypatch):
    from captcha.conf import settings as captcha_settings

    monkeypatch.setattr(captcha_settings, "CAPTCHA_TEST_MODE", True)  # "PASSED" answers (read at import time)


def solve_captcha(html):
    """The real answer of the captcha a page shows (what the citizen reads off the picture)."""
    import re

    from captcha.models import CaptchaStore

    key = re.search(r'name="captcha_0" value="([0-9a-f]+)"', html).group(1)
    return key, CaptchaStore.objects.get(hashkey=key).response


@pytest.fixture
def staff(make_person):
    """The people of 000 第十一条 on 河北省环境保护厅: 网站管理员, a 处室's 信息员 and its 处室负责人."""
    return {
        "admin": make_person(Role.SITE_ADMIN, "hebhb", username="hebhb_admin"),
        "editor": make_person(Role.EDITOR, "hebhb", "环评处", username="hpc_editor"),
        "head": make_person(Role.DIVISION_HEAD, "hebhb", "环评处", username="hpc_head"),
        "other_head": make_person(Role.DIVISION_HEAD, "hebhb", "人事处", username="rsc_head"),
    }


def form_data(mailbox, **extra):
    data = {
        "mailbox": str(mailbox.pk), "title": "关于排污许可证办理时限的咨询", "content": "请问排污许可证办理需要多长时间？我的电话13812345678。",
        "writer_name": "王五", "phone": "13812345678", "email": "", "wants_public": "1",
        "captcha_0": "x", "captcha_1": "PASSED", "submission_key": hashlib.md5(f"{mailbox.kind}{mailbox.pk}".encode()).hexdigest(),
    }
    data.update(extra)
    return data
