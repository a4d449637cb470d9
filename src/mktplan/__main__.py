"""Allow ``python -m mktplan``."""

from mktplan.launch import main

main()
