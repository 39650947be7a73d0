"""`python -m journal …` entry point."""

import sys

from journal.cli import main

sys.exit(main())
