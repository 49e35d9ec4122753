"""A module that exits the interpreter when imported."""

import sys

sys.exit("bye")
