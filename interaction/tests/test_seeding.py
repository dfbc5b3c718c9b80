import pytest

from interaction.models import Mailbox, MailboxKind
from interaction.seeding import validate
from sites.models import SiteProfile

pytestmark = pytest.mark.django_db


def test_mailboxes_come_from_the_seed_files(profiles):
    boxes = {b.name: b for b in Mailbox.objects.filter(site=profiles["hebhb"].site).select_related("handler")}
    assert set(boxes) == {"厅长信箱", "网上举报", "在线咨询", "我为政府网站找错"}
    assert boxes["厅长信箱"].handler.name == "河北省环境保护厅环监局"  # 000 第九条
    assert boxes["网上举报"].external_system and boxes["网上举报"].kind == MailboxKind.COMPLAINT  # 000 第十条
    disclosure = Mailbox.objects.get(site=profiles["weibin"].site, kind=MailboxKind.DISCLOSURE_REQUEST)
    assert (disclosure.answer_days, disclosure.extension_days, disclosure.answer_from) == (20, 20, "received")


def test_every_site_has_the_find_error_box_on_1_plus_3_days():
    for profile in SiteProfile.objects.all():
        box = Mailbox.objects.get(site=profile.site, kind=MailboxKind.FIND_ERROR)
        assert (box.forward_days, box.answer_days, box.disclosure) == (1, 3, "always")  # 001 第三十五条


def test_a_rerun_keeps_what_the_administrator_changed(profiles):
    from seeds import loader

    box = Mailbox.objects.get(site=profiles["hebhb"].site, kind=MailboxKind.CONSULT)
    Mailbox.objects.filter(pk=box.pk).update(answer_days=7)
    loader.load()
    assert Mailbox.objects.get(pk=box.pk).answer_days == 7
    assert Mailbox.objects.filter(site=profiles["hebhb"].site).count() == 4


@pytest.mark.parametrize("section, words", [
    ({"mailboxes": [{"kind": "chat"}]}, "信箱类型"),
    ({"mailboxes": [{"kind": "consult", "handler": "不存在处"}]}, "不存在处"),
    ({"mailboxes": [{"kind": "consult", "answer_days": -1}]}, "非负整数"),
    ({"mailboxes": [{"kind": "consult", "colour": "red"}]}, "未知项"),
])
def test_bad_seed_sections_are_refused_in_chinese(section, words):
    errors = validate(section, {"办公室"})
    assert errors and words in errors[0]


def test_a_bad_section_refuses_the_whole_seed_file(tmp_path):
    from seeds.schema import SEED_DIR, SeedError, read_seed

    text = (SEED_DIR / "weibin.yaml").read_text(encoding="utf-8").replace("kind: leader,", "kind: mayor,")
    path = tmp_path / "weibin.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SeedError) as error:
        read_seed(path)
    assert "信箱类型" in str(error.value)
