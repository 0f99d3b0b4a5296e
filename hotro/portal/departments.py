"""What each department handles, in one line, shown where the customer picks one (P1, P15).

Keyed by the department's slug (the defaults from the policy); a department an
administrator adds later is described by its categories instead.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from hotro.desk.models import Department

DESCRIPTIONS = {
    "technical": _("Problems with your VPS, hosting, network, domains, email service or backups."),
    "sales": _("Questions before buying, payments and invoices, renewals, upgrades and refunds."),
}


def describe(department: Department) -> str:
    if department.slug in DESCRIPTIONS:
        return str(DESCRIPTIONS[department.slug])
    return ", ".join(c.label for c in department.categories.all() if c.active)
