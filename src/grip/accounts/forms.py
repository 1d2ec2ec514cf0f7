"""allauth's second-factor forms, with the code field focused on arrival (keyboard users)."""

from __future__ import annotations

from typing import Any

from allauth.account.forms import LoginForm
from allauth.core import context
from allauth.mfa.base.forms import AuthenticateForm, ReauthenticateForm
from allauth.mfa.totp.forms import ActivateTOTPForm

from grip.accounts.sessions import mark_second_factor


class FocusedAuthenticateForm(AuthenticateForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs["autofocus"] = True


class FocusedReauthenticateForm(ReauthenticateForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs["autofocus"] = True


class ActivateTOTPMarkingForm(ActivateTOTPForm):
    """Setting up the TOTP proves a valid code: the session counts as having passed its second
    factor from here, without a second code (allauth only signals the new authenticator once
    the transaction commits, after the session is saved)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs["autofocus"] = True

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
