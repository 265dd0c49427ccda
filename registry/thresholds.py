"""Every threshold the registry's figures depend on, named once, with the reason.

The dashboard, the data-quality page, the owner's certificate page, the catalogue and the
open-data export used to carry their own copies (60 days here, 90 there). A figure that
officials compare across pages must rest on the same rule on every page: change it here.
"""

# A certificate "expires soon" when its end date falls within this many days. 90 days is
# the lead time a home-industry permit (SPP-IRT) or a halal certificate needs to be renewed
# before the old one lapses; the owner's page, the data-quality page, the admin filter and
# the dashboard all warn from the same day.
CERTIFICATE_EXPIRING_SOON_DAYS = 90

# A profile nobody has touched for a year is "stale": SIINas asks for a report at least
# yearly, so older data no longer describes the business.
STALE_AFTER_DAYS = 365

# PP 29/2018: a sentra IKM is at least 5 units in one location making similar products.
SENTRA_MINIMUM_UNITS = 5

# Open data never shows a figure built from fewer than 3 businesses: with 1 or 2 a reader
# could work out one business's production value or workers (UU 27/2022, statistical
# disclosure practice). Such cells show the count only.
OPEN_DATA_MINIMUM_UNITS = 3

# Reporting-cycle reminders start two weeks before a period's deadline: early enough for an
# owner who keeps paper records to gather them, late enough not to nag from the first day.
REPORT_REMINDER_DAYS_BEFORE_DEADLINE = 14
