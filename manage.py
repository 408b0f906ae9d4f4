#!/usr/bin/env python
"""Django's command-line utility; operators use the `taut` command, which wraps it."""

import sys

from taut.cli import main

if __name__ == "__main__":
    sys.exit(main(["manage", *sys.argv[1:]]))
