"""No self-service password reset (ADR 0042): allauth's reset pages answer 404.

allauth always routes ``account/password/reset/…`` (the request form, the e-mailed key, the
done pages); there is no setting to leave them out. Grip routes every path under that prefix
here first. An administrator resets a password in the admin instead (docs/security.md).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse

RESET_PREFIX = r"^account/password/reset/"


@login_not_required  # the same 404 for everyone: not a login redirect for the anonymous
def no_password_reset(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404("no self-service password reset")
