"""Dates and numbers as an English reader sees them, one of each kind everywhere
(docs/decisions.md, "One number and date format per language"). The short date names the
month: people switch between English and Spanish, and 01/12 means a different day in each."""

DATE_FORMAT = "F j, Y"  # December 1, 2026
SHORT_DATE_FORMAT = "M j, Y"  # Dec 1, 2026
DATETIME_FORMAT = "F j, Y, H:i"  # December 1, 2026, 09:30
SHORT_DATETIME_FORMAT = "M j, Y, H:i"  # Dec 1, 2026, 09:30
MONTH_DAY_FORMAT = "F j"  # December 1
YEAR_MONTH_FORMAT = "F Y"  # December 2026
TIME_FORMAT = "H:i"
FIRST_DAY_OF_WEEK = 1  # Monday, as the trend weeks
DECIMAL_SEPARATOR = "."  # 78.8
THOUSAND_SEPARATOR = ","  # unused: USE_THOUSAND_SEPARATOR is off
NUMBER_GROUPING = 3
