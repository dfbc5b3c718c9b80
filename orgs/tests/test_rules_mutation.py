"""The password rules value by value (000 第四条, 002 第八条, 003 第二十二条): each limit at its edge and the
messages a user reads. Written against mutation testing (make mutation): each test fails for a small change of
the rule, not only for its reversal."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone

from orgs.models import AccountSecurity
from orgs.passwords import CharacterClassValidator, PasswordHistoryValidator, must_change_password, password_expired
from orgs.services import create_account

CLASSES_MESSAGE = "密码须同时包含字母、数字和符号。"


def refusal(validate, *args):
    with pytest.raises(ValidationError) as caught:
        validate(*args)
    (message,) = caught.value.messages
    return caught.value.code, message


@pytest.mark.parametrize("password", ["abc123!x", "A1-bcdefg", "密码Ab1"])
def test_a_password_with_letters_digits_and_a_symbol_passes(password):
    CharacterClassValidator().validate(password)


@pytest.mark.parametrize("password", ["abcdefg!", "12345678!", "abc12345", "", "!!!!!!!!"])
def test_a_password_missing_a_class_is_refused(password):
    assert refusal(CharacterClassValidator().validate, password) == ("password_classes", CLASSES_MESSAGE)
    assert CharacterClassValidator().get_help_text() == CLASSES_MESSAGE


@pytest.fixture
def changed_six_times(db):
    """An account whose passwords were, oldest first, Initial-pass-0, Old-pass-1 … Old-pass-6 (Django calls the
    validator's password_changed on each save after set_password)."""
    user, _ = create_account("history-user", password="Initial-pass-0", must_change=False)
    for i in range(1, 7):
        user.set_password(f"Old-pass-{i}")
        user.save()
    assert user.password_history.count() == 7
    return user


def test_the_last_five_passwords_are_refused_the_sixth_last_is_not(changed_six_times):
    validator = PasswordHistoryValidator()
    for i in range(2, 7):  # the five most recent
        assert refusal(validator.validate, f"Old-pass-{i}", changed_six_times) == (
            "password_reused", "新密码不能与最近 5 次使用过的密码相同。"
        )
    validator.validate("Old-pass-1", changed_six_times)  # the sixth-last may come back
    validator.validate("Never-used-9!", changed_six_times)
    assert validator.get_help_text() == "不能重复使用最近用过的密码。"


def test_history_is_kept_only_for_saved_accounts(db):
    validator = PasswordHistoryValidator()
    validator.validate("anything", None)
    unsaved = get_user_model()(username="unsaved")
    validator.validate("anything", unsaved)
    validator.password_changed("anything", None)
    validator.password_changed("anything", unsaved)
    user, _ = create_account("fresh-user", password="Initial-pass-0", must_change=True)
    assert user.password_history.count() == 1 and AccountSecurity.objects.get(user=user).must_change_password
    validator.password_changed("Initial-pass-0", user)
    assert user.password_history.count() == 2
    assert not AccountSecurity.objects.get(user=user).must_change_password  # changing it lifts 首次登录须改密


def test_a_password_expires_after_ninety_days_not_on_the_ninetieth(db):
    user, _ = create_account("aging-user", password="Initial-pass-0", must_change=False)
    changed = user.security.password_changed_at
    assert not password_expired(user, now=changed + timedelta(days=90))
    assert password_expired(user, now=changed + timedelta(days=90, seconds=1))
    assert not must_change_password(user)
    AccountSecurity.objects.filter(user=user).update(password_changed_at=timezone.now() - timedelta(days=91))
    user = get_user_model().objects.get(pk=user.pk)
    assert password_expired(user) and must_change_password(user)


def test_an_account_without_security_record_neither_expires_nor_must_change(db):
    user = get_user_model().objects.create(username="no-security")
    assert password_expired(user) is False
    assert must_change_password(user) is False
    with_flag, _ = create_account("flagged-user", password="Initial-pass-0", must_change=True)
    assert must_change_password(get_user_model().objects.get(pk=with_flag.pk)) is True
