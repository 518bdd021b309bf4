from __future__ import annotations

import os
import sys

# The engine uses no pydantic plugins; without this, pydantic scans every installed distribution's entry points
# on first use (a third of a cold `new`'s model set-up). Only this command-line process is affected.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

from generators.cli import main

code = main()
# Every file the command wrote is closed by now; what is left is the interpreter tearing down its modules and
# objects (~40 ms of a ~0.3 s run), which a finished command-line process does not need.
try:
    sys.stdout.flush()
    sys.stderr.flush()
except OSError:  # e.g. a closed pipe: the output had nowhere to go either way
    pass
os._exit(code)
