from __future__ import annotations

import sys

from generators.cli import main

sys.exit(main())
