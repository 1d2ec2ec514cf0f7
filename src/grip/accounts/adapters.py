"""allauth adapters: Grip has no self-service sign-up (an administrator creates accounts and
memberships), and a few messages in Grip's own words."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from allauth.mfa.utils import is_mfa_enabled
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from grip.access.security import SecurityEvent, record_security_event
from grip.accounts.client_address import client_address

# allauth's mails for a reset request: to a known account, and to an address without one.
RESET_REQUEST_MAILS = frozenset(
    {"account/email/password_reset_key", "account/email/unknown_account"}
)


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "username_password_mismatch": _(
            "Voer een juiste gebruikersnaam en wachtwoord in. Let op: beide velden zijn "
            "hoofdlettergevoelig."
        ),
        "too_many_login_attempts": _(
            "Te veel mislukte inlogpogingen: deze gebruikersnaam is tijdelijk geblokkeerd. "
            "Probeer het later opnieuw of neem contact op met de beheerder."
        ),
    }

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def get_client_ip(self, request: HttpRequest) -> str:
        # X-Forwarded-For only from GRIP_TRUSTED_PROXIES (allauth's count trusts any sender).
        return client_address(request)

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        """A login refused because the name or address is locked out is a security event."""
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            username = str(credentials.get("username") or "")
            record_security_event(SecurityEvent.LOCKED_OUT, request=request, username=username)
            raise

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        if template_prefix in RESET_REQUEST_MAILS:
            record_security_event(
                SecurityEvent.PASSWORD_RESET_REQUESTED,
                request=context.get("request") or context_request(),
                account=context.get("user"),
            )
        super().send_mail(template_prefix, email, context)

    def is_reauthentication_required(self, *, app: str, **kwargs: Any) -> bool:
        """Changing a second factor asks for the password again; setting up the very first one
        (forced right after the password at first login) does not ask it twice."""
        request = context.request
        user = getattr(request, "user", None)
        first_factor = (
            app == "allauth.mfa"
            and user is not None
            and user.is_authenticated
            and not is_mfa_enabled(user)
        )
        if first_factor:
            return False
        return bool(super().is_reauthentication_required(app=app, **kwargs))


def context_request() -> HttpRequest | None:
    return context.request


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest, sociallogin: Any) -> bool:
        # Only existing Grip users can log in through their organisation's identity provider.
        return False
