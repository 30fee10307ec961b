"""Where the test curricula live."""

from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"

CURRICULUM = FIXTURES / "curriculum"

# A quiz line that gives the fixture's phone quiz a 10-minute limit.
TIMED = "time_limit_minutes: 10\n"
#: GIFT and Aiken question banks for the import tests.
BANKS = FIXTURES / "banks"
