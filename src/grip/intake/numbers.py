"""What to say when an incident's code and number are taken already.

Code and number are unique across Grip (a police incident number is the police's, whatever
programme reports it), so a second registration is refused wherever the first one lives. Only
a user who can see the first one is told that it exists; anyone else gets a neutral sentence
that does not confirm a police incident in a programme they cannot see (issue 22, finding 11).
"""

from __future__ import annotations

from django.utils.translation import gettext as _


def number_taken_reason(visible: bool) -> str:
    if visible:
        return _("Er is al een melding met deze code en dit nummer.")
    return _(
        "Deze code en dit nummer kunnen niet worden geregistreerd. Controleer het nummer bij "
        "de bron; klopt het, neem dan contact op met de coördinator van uw programma."
    )
