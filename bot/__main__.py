"""`python -m bot`: the same as the `overdue-bot` command."""

import sys

from .cli import main

sys.exit(main())
