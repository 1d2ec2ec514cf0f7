"""allauth's second-factor forms, with the code field focused on arrival (keyboard users) and
asking a phone for its number pad: authenticator and recovery codes are digits only."""

from __future__ import annotations

from typing import Any

from allauth.account.forms import LoginForm
from allauth.core import context
from allauth.mfa.base.forms import AuthenticateForm, ReauthenticateForm
from allauth.mfa.totp.forms import ActivateTOTPForm

from grip.accounts.sessions import mark_second_factor


def _code_field(form: Any) -> None:
    """The code field: focused, the number pad on a phone, the one-time code offered by the
    phone's keyboard (autocomplete), and no placeholder that repeats the label."""
    attrs = form.fields["code"].widget.attrs
    attrs.pop("placeholder", None)
    attrs.update({"autofocus": True, "inputmode": "numeric", "autocomplete": "one-time-code"})


class FocusedAuthenticateForm(AuthenticateForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _code_field(self)


class FocusedReauthenticateForm(ReauthenticateForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _code_field(self)


class ActivateTOTPMarkingForm(ActivateTOTPForm):
    """Setting up the TOTP proves a valid code: the session counts as having passed its second
    factor from here, without a second code (allauth only signals the new authenticator once
    the transaction commits, after the session is saved)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _code_field(self)

    def clean_code(self) -> str:
        code = super().clean_code()
        request = context.request
        if request is not None:
            mark_second_factor(request.session)
        return str(code)


class GripLoginForm(LoginForm):
    """allauth's login form, the user name focused on arrival; the labels say what to fill in."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["login"].widget.attrs["autofocus"] = True
        for field in self.fields.values():
            field.widget.attrs.pop("placeholder", None)
        # No "forgot your password?" link between the fields: accounts are the
        # administrator's to reset (docs/security.md).
        self.fields["password"].help_text = ""
