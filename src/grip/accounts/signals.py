"""Receivers: remember logins and second factors in the session; end sessions when a
membership is revoked or removed (a revoked user must not keep working in an open tab)."""

from __future__ import annotations

from typing import Any

from allauth.mfa.signals import authenticator_added, authenticator_used
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import HttpRequest

from grip.accounts import sessions
from grip.network.models import Membership


@receiver(user_logged_in)
def on_login(sender: object, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        sessions.mark_login(request, user)


@receiver(user_logged_out)
def on_logout(sender: object, request: HttpRequest | None, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        sessions.forget(request.session.session_key)


@receiver(authenticator_used)
@receiver(authenticator_added)
def on_second_factor(sender: object, request: HttpRequest | None, **kwargs: Any) -> None:
    """A code entered at login or on reauthentication, or a factor just set up (which asks for
    a valid code too): the second factor is fresh now."""
    if request is not None and hasattr(request, "session"):
        sessions.mark_second_factor(request.session)


@receiver(post_save, sender=Membership)
def on_membership_saved(sender: object, instance: Membership, created: bool, **kwargs: Any) -> None:
    if not created and not instance.active:
        sessions.end_sessions(instance.user_id)


@receiver(post_delete, sender=Membership)
def on_membership_deleted(sender: object, instance: Membership, **kwargs: Any) -> None:
    sessions.end_sessions(instance.user_id)
