"""Reply extraction against the talon, mail-parser-reply and zapier fixtures (P4).

One case per fixture; known disagreements are strict xfails with the reason,
so a fix shows up as an unexpected pass. Pass rates at the time of writing:
talon standard 12/12, talon HTML 10/11, talon plain 1/1, talon signatures 2/6,
mail-parser-reply 23/25, zapier 15/15.
"""

from __future__ import annotations

import pytest

from .corpus import params
from .reply_cases import all_cases

KNOWN_FAILURES = {
    "talon-html/reply-separated-by-hr.html": "talon drops the whole <div> holding the <hr>, so 'Bob' above it; we keep it",
    "talon-signature/jeff": "talon's signature classifier is machine-learned; 'Name / via mobile' has no marker we match",
    "talon-signature/johndoeexamplecom": "an unmarked newsletter footer; only a trained classifier finds it",
    "talon-signature/long": "an unmarked multi-line signature; only a trained classifier finds it",
    "talon-signature/sparse": "an unmarked signature separated by blank lines; only a trained classifier finds it",
    "mail-parser-reply/email_2_1.txt": "we trim the trailing '-----' rule that mail-parser-reply keeps (zapier agrees with us)",
    "mail-parser-reply/email_nl_1_2.txt": "we trim the trailing '-----' rule that mail-parser-reply keeps",
}


def _param(case):  # type: ignore[no-untyped-def]
    marks = [pytest.mark.xfail(strict=True, reason=KNOWN_FAILURES[case.id])] if case.id in KNOWN_FAILURES else []
    return pytest.param(case, id=case.id, marks=marks)


CASES = all_cases()
PARAMS = [_param(case) for case in CASES] or params([], str)


@pytest.mark.parametrize("case", PARAMS)
def test_the_reply_matches_the_fixture_expectation(case):
    """P4: an emailed reply adds only what the customer wrote to the ticket timeline."""
    assert case.run() == []
