"""The tests' settings: the portal's own with DEBUG on, as `make run` has it (the portal's default is off)."""

import os

os.environ.setdefault("DEBUG", "1")

from delgosea.settings import *  # noqa: E402, F403
