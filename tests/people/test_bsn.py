"""The eleven-test, with synthetic numbers only."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from hypothesis import assume, given
from hypothesis import strategies as st

from grip.people.identity.bsn import clean_bsn, is_valid_bsn, validate_bsn
from grip.people.identity.forms import BSNField, IdentityForm
from tests.people.synthetic import check_digit, eleven_test_sum, synthetic_bsn

eight_digits = st.text(alphabet="0123456789", min_size=8, max_size=8)


@st.composite
def valid_bsns(draw: st.DrawFn) -> str:
    first = draw(eight_digits)
    digit = check_digit(first)
    assume(digit is not None)
    bsn = f"{first}{digit}"
    assume(bsn != "000000000")
    return bsn


@pytest.mark.parametrize("seed", range(5))
def test_synthetic_numbers_pass(seed: int) -> None:
    bsn = synthetic_bsn(seed)
    assert eleven_test_sum(bsn) % 11 == 0
    assert is_valid_bsn(bsn)


@pytest.mark.parametrize(
    "value",
    [
        "",
        "000000000",  # passes the arithmetic, but is refused
        "12345678",  # eight digits
        "1234567890",  # ten digits
        "12345678a",
        "１２３４５６７８２",  # full-width digits are not ASCII digits
    ],
)
def test_malformed_numbers_fail(value: str) -> None:
    assert not is_valid_bsn(value)


def test_a_number_failing_the_sum_fails() -> None:
    bsn = synthetic_bsn(1)
    wrong = bsn[:-1] + str((int(bsn[-1]) + 1) % 10)
    assert eleven_test_sum(wrong) % 11 != 0
    assert not is_valid_bsn(wrong)


@given(valid_bsns())
def test_every_valid_number_passes(bsn: str) -> None:
    assert is_valid_bsn(bsn)


@given(valid_bsns(), st.integers(0, 8), st.integers(1, 9))
def test_every_single_digit_change_fails(bsn: str, position: int, delta: int) -> None:
    digits = list(bsn)
    digits[position] = str((int(digits[position]) + delta) % 10)
    assert not is_valid_bsn("".join(digits))


def test_validator_message_is_dutch() -> None:
    with pytest.raises(ValidationError) as caught:
        validate_bsn("123456789")
    assert caught.value.code == "invalid_bsn"
    assert "geen geldig BSN" in caught.value.messages[0]
    assert "elfproef" in caught.value.messages[0]


def test_clean_bsn_drops_spaces_and_dots_only() -> None:
    assert clean_bsn(" 999.12 3456 ") == "999123456"
    assert clean_bsn("999-123-456") == "999-123-456"  # refused later, not silently fixed


def test_bsn_field_accepts_grouped_input() -> None:
    bsn = synthetic_bsn(2)
    typed = f"{bsn[:4]}.{bsn[4:6]}.{bsn[6:]}"
    assert BSNField().clean(typed) == bsn


def test_bsn_field_refuses_an_invalid_number_in_dutch() -> None:
    with pytest.raises(ValidationError, match="geen geldig BSN"):
        BSNField().clean("123456789")


def test_identity_form_needs_at_least_one_value() -> None:
    form = IdentityForm(data={})
    assert not form.is_valid()
    assert "ten minste één gegeven" in form.non_field_errors()[0]


def test_identity_form_refuses_a_future_birth_date() -> None:
    form = IdentityForm(data={"name": "Testpersoon", "date_of_birth": "2999-01-01"})
    assert not form.is_valid()
    assert "toekomst" in form.errors["date_of_birth"][0]


def test_identity_form_cleans_a_valid_identity() -> None:
    bsn = synthetic_bsn(3)
    form = IdentityForm(data={"name": "Testpersoon", "bsn": f"{bsn[:3]} {bsn[3:]}"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["bsn"] == bsn
