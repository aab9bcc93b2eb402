from __future__ import annotations

import sys

from povdesk.cli import main

sys.exit(main())
