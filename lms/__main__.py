"""`python -m lms` is the `lms` command."""

from .cli import main

main()
