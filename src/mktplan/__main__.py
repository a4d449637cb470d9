"""Allow ``python -m mktplan``."""

from mktplan.cli import main

main()
