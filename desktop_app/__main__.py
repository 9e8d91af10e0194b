"""`python -m desktop_app` runs the same entry point as the `futasato` command."""

import multiprocessing
import sys

from desktop_app.cli import main

# In the bundled app, a child process (the large demo fill makes its rows in one) starts this
# same executable; freeze_support() runs the child's job instead of the app.
multiprocessing.freeze_support()
sys.exit(main())
