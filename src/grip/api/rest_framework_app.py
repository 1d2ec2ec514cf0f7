"""Django REST framework, installed without its translations.

Translations of INSTALLED_APPS take precedence over Django's own, so DRF's Dutch catalogue
would change the messages of every form in Grip ("Dit veld is vereist." instead of Django's
"Dit veld is verplicht."). The API's Dutch texts are Grip's own (the problem titles and the
import's reasons), so DRF's catalogue is not needed: its app directory is pointed at a place
without one. DRF's templates and static files serve only its browsable API, which Grip does
not enable.
"""

from __future__ import annotations

from pathlib import Path

from rest_framework.apps import RestFrameworkConfig


class RestFrameworkWithoutCatalogue(RestFrameworkConfig):
    path = str(Path(__file__).resolve().parent / "no_app_files")
