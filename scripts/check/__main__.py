"""Entry point: `python -m scripts.check --help` lists the gates (see runner.py)."""

import sys

from scripts.check.runner import main

sys.exit(main())
