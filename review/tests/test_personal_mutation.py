"""personal_info (001 第十九条: 不得泄露个人隐私) at its edges: which numbers are a 身份证号, a mobile, a bank card
or a passport, which are not, where the finding sits and the masked form the editor is offered. Found by
mutation testing of review/checks/personal.py (issue 14)."""

import pytest

from review.checks import check_text
from review.checks.personal import _plausible, mask, uscc_valid

ID = "130102198001010029"  # GB 11643 check digit 9
ID_X = "11010519491231002X"
CARD = "6222021234567890128"  # UnionPay, Luhn
VISA = "4111111111111111"


def personal(text):
    out = []
    for f in check_text(text):
        assert text[f.start : f.end] == f.match
        if f.category == "personal_info":
            assert f.severity == "block"
            out.append((f.start, f.end, f.match, f.message))
    return out


def msg(label, masked):
    return f"{label}属于个人信息，不得公开发布；确需公开请脱敏为 {masked}"


def test_an_id_number_with_its_check_digit_is_found_without_its_word():
    text = f"张三{ID}，男。"
    assert personal(text) == [(2, 20, ID, msg("身份证号码", "130102********0029"))]


def test_an_id_number_ending_in_x_is_found_in_either_case():
    for number in (ID_X, ID_X.lower()):
        text = f"持证人 {number} 。"
        assert personal(text) == [(4, 22, number, msg("身份证号码", "110105********002x"))]


def test_a_wrong_check_digit_counts_only_next_to_the_word():
    wrong = ID[:-1] + "8"
    assert personal(f"收据 {wrong} 。") == []
    text = f"身份证号：{wrong}。"
    assert personal(text) == [(5, 23, wrong, msg("身份证号码", "130102********0028"))]
    assert personal(f"身份证号：{ID[:-1]}Z。") == []


@pytest.mark.parametrize(
    "number",
    ["990102198001010029", "130102198013010029", "130102198002300029", "130102189912310029",
     "130102209901010029", "13010219800101002"],
)
def test_no_id_number_with_a_wrong_region_date_or_length_even_next_to_the_word(number):
    assert personal(f"身份证号：{number}。") == []


def test_a_leap_day_birth_date_is_a_date():
    number = "130102200002290018"
    assert personal(f"号 {number} 。")[0][2] == number


def test_an_old_15_digit_number_needs_its_word():
    old = "130102800101002"
    assert personal(f"身份证：{old}。") == [(4, 19, old, msg("身份证号码", "130102*****1002"))]
    assert personal(f"登记 {old} 。") == []
    assert personal("身份证：130102801301002。") == []  # month 13
    assert personal("身份证：990102800101002。") == []


@pytest.mark.parametrize(
    "text, match",
    [
        ("电话13812345678。", "13812345678"),
        ("手机 139 1234 5678 。", "139 1234 5678"),
        ("手机 138-1234-5678 。", "138-1234-5678"),
        ("请拨 +86 138 1234 5678 。", "+86 138 1234 5678"),
        ("请拨 8613812345678 。", "8613812345678"),
        ("联系 19912345678", "19912345678"),
    ],
)
def test_mobile_numbers_are_found_with_their_grouping(text, match):
    start = text.index(match)
    assert personal(text) == [(start, start + len(match), match, msg("手机号码", "1" + match.replace(" ", "").replace("-", "")[-10:-8] + "****" + match[-4:]))]


@pytest.mark.parametrize(
    "text",
    ["编号12812345678。", "号码 10012345678 。", "a13812345678", "13812345678b", "见/art/13812345678.html",
     "13812345678元", "13812345678万", "￥13812345678", "¥13812345678", "$13812345678", "第13812345678号", "第13812345678期",
     "第13812345678次",
     "编号：13812345678", "项目编号为13812345678", "3.13812345678", "1381234567", "13812345678.5",
     "*13812345678", "13812345678*", "+13812345678x"],
)
def test_numbers_that_are_no_mobile_or_are_labelled_otherwise_are_not_found(text):
    assert personal(text) == []


def test_a_landline_and_a_mobile_in_one_run_are_told_apart():
    text = "电话：0311-86012345 13812345678"
    start = text.index("138")
    assert personal(text) == [(start, start + 11, "13812345678", msg("手机号码", "138****5678"))]


def test_dates_and_amounts_are_not_numbers_of_a_person():
    assert personal("2024-05-01 至 2024-06-01，共 1234 5678 9012 人次") == []


def test_a_unionpay_card_is_found_without_its_word_other_cards_with_it():
    assert personal(f"卡 {CARD} 。") == [(2, 21, CARD, msg("银行卡号", "6222 **** **** 0128"))]
    assert personal(f"序列 {VISA} 。") == []
    assert personal(f"银行卡号：{VISA}。") == [(5, 21, VISA, msg("银行卡号", "4111 **** **** 1111"))]
    assert personal(f"银行卡号：{VISA[:-1]}2。") == []  # Luhn
    assert personal("银行卡号：7111111111111114。") == []  # no card prefix


def test_a_grouped_card_number_is_one_finding():
    text = "账号：6222 0212 3456 7890 128。"
    assert personal(text) == [(3, 26, "6222 0212 3456 7890 128", msg("银行卡号", "6222 **** **** 0128"))]


def test_a_passport_number_needs_its_word_and_is_masked():
    text = "护照号码：E12345678。"
    assert personal(text) == [(5, 14, "E12345678", msg("护照号码", "E1****678"))]
    assert personal("凭证 E12345678。") == []
    assert personal("通行证 c12345678") == [(4, 13, "c12345678", msg("护照号码", "C1****678"))]
    assert personal("护照 E123456789") == []
    assert personal("护照号码：x E12345678") == [(7, 16, "E12345678", msg("护照号码", "E1****678"))]
    assert personal("护照编号：E12345678。") == []


def test_a_credit_code_is_not_an_id_number():
    code = "91110000100000000X"
    assert personal(f"统一社会信用代码：{code}") == []


def test_groupings_of_numbers():
    assert _plausible([3, 4, 4]) and _plausible([2, 3, 4, 4]) and _plausible([6, 8, 4]) and _plausible([4, 4, 4, 4, 3])
    assert _plausible([4, 4, 4, 4]) and _plausible([4, 4, 4, 1]) and _plausible([6, 4, 4, 4]) and _plausible([6, 6, 3])
    assert not _plausible([4, 2, 2]) and not _plausible([4, 4, 4, 5]) and not _plausible([4, 4, 4, 0])
    assert not _plausible([4, 8]) and not _plausible([4, 4, 4]) and not _plausible([2, 4, 4])


def test_masks():
    assert mask("id", ID) == "130102********0029"
    assert mask("mobile", "8613812345678") == "138****5678"
    assert mask("bank", CARD) == "6222 **** **** 0128"
    assert mask("passport", "E12345678") == "E1****678"


# -- the rules as read from personal.yaml, built here (check_text keeps one checker per process) -------------


@pytest.mark.parametrize(
    "text, kinds",
    [
        (f"身份证号：{ID[:-1]}8。", ["身份证号码"]),
        ("身份证：130102800101002。", ["身份证号码"]),
        ("电话 13812345678。", ["手机号码"]),
        ("编号：13812345678", []),
        ("合同编号为13812345678", []),
        (f"银行卡号：{VISA}。", ["银行卡号"]),
        ("护照号码：E12345678。", ["护照号码"]),
        ("手机 12812345678", []),
        (f"统一社会信用代码：{ID}", []),
        (f"法人信用 {ID}", ["身份证号码"]),
    ],
)
def test_rules_built_from_personal_yaml(text, kinds):
    from review.checks import personal as rule
    from review.checks.normalize import Document

    found = rule.findings(Document(text), rule.PersonalRules())
    assert [f.message.split("属于")[0] for f in found] == kinds


def test_structure_helpers_at_their_edges():
    from datetime import date

    from review.checks import personal as rule

    rules = rule.PersonalRules()
    assert rule._valid_date(1900, 1, 1) and not rule._valid_date(1899, 12, 31)
    assert rule._valid_date(date.today().year, 1, 1) and not rule._valid_date(date.today().year + 1, 1, 1)
    assert uscc_valid("911100001000000020") and not uscc_valid("911100001000000021")
    assert not rules.id18("13010219800101002")
    assert rules.id18("130102198001100024")  # born on the 10th
    assert rules.id18("13010219800101002x", checked=False) and not rules.id18("13010219800101002x")
    assert rules.id15("130102960229001") and not rules.id15("130102970229001")  # 1996 was a leap year
    assert rules.id15("130102800130001")
    assert not rules.mobile("1113812345678") and rules.mobile("8613812345678")
    assert _plausible([3, 8]) and _plausible([7, 4])
    assert not _plausible([3, 9]) and not _plausible([8, 4]) and not _plausible([7, 5])
    assert not _plausible([4, 3, 4, 4, 2]) and not _plausible([4, 4, 4, 5, 2])


@pytest.mark.parametrize(
    "text, match",
    [
        ("电话：0311-86012345 138 1234 5678", "138 1234 5678"),
        ("手机 138 12345678 。", "138 12345678"),
        (f"身份证号：{ID[:-1]}x。", ID[:-1] + "x"),
        ("身份证：130102960229001。", "130102960229001"),
        ("联系人 130102198001100024", "130102198001100024"),
    ],
)
def test_more_numbers_found_at_their_span(text, match):
    assert [m for _, _, m, _ in personal(text)] == [match]


@pytest.mark.parametrize("text", ["手机 138 1234  5678", "号码 1113812345678"])
def test_more_numbers_that_are_not_personal(text):
    assert personal(text) == []


@pytest.mark.parametrize(
    "text, matches",
    [
        ("联系a 13812345678", ["13812345678"]),
        ("见/art/13812345678.html 电话13912345678", ["13912345678"]),
        ("13812345678b 电话13912345678", ["13912345678"]),
        ("传真：0311-86012345 13812345678", ["13812345678"]),
        ("电话13812345678号", ["13812345678"]),
        ("护照：" + "一" * 15 + "E12345678", ["E12345678"]),
        ("护照：" + "一" * 18 + "E12345678", []),
        ("13812345678abc", []),
        ("13812345678.5。", []),
        ("第13812345678号。", []),
    ],
)
def test_the_characters_around_a_number_decide(text, matches):
    assert [m for _, _, m, _ in personal(text)] == matches
