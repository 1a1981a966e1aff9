"""The settings of the real installations the tests run ``theodoi`` in (tests/installations.py):
the product's own, with the tests' fast password hasher.

The demo's 35 accounts cost those processes 8 s of CPU with the product's PBKDF2, and so did every
account a test made there. What the processes test (killing them half-way, backing up and
restoring, serving, signing in, exchanging reports) does not depend on the hash; the product's
hashers are tested where they are chosen (tests/security/test_passwords.py, test_headers.py).
"""

from theodoi.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
