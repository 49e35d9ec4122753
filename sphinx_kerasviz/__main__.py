"""``python -m sphinx_kerasviz``: the ``kerasviz`` command."""

import sys

from sphinx_kerasviz.cli import main

sys.exit(main())
