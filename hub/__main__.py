"""`python -m hub` is the same as `creative-hub`."""

import sys

from hub.cli import main

sys.exit(main())
