from __future__ import annotations

import os
import sys

# The engine uses no pydantic plugins; without this, pydantic scans every installed distribution's entry points
# on first use (a third of a cold `new`'s model set-up). Only this command-line process is affected.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

from generators.cli import main

sys.exit(main())
