"""Login, the second factor and the session rules.

Built on django-allauth (login, TOTP, WebAuthn, recovery codes, reauthentication, OpenID
Connect); Grip adds only its policy: who must have a second factor (``rules``), how long a
session lives (``middleware``), when a factor must be fresh (``freshness``) and when sessions
end early (``sessions``). docs/security.md says why; docs/adr/0040 which library and why.
"""
