"""Dates and numbers as a Spanish reader sees them, one of each kind everywhere
(docs/decisions.md, "One number and date format per language"). Machine-read numbers (SVG,
CSS, data-* attributes, JSON, CSV) never go through these."""

DATE_FORMAT = r"j \d\e F \d\e Y"  # 1 de diciembre de 2026
SHORT_DATE_FORMAT = "d/m/Y"  # 01/12/2026
DATETIME_FORMAT = r"j \d\e F \d\e Y, H:i"  # 1 de diciembre de 2026, 09:30
SHORT_DATETIME_FORMAT = "d/m/Y H:i"  # 01/12/2026 09:30
MONTH_DAY_FORMAT = r"j \d\e F"  # 1 de diciembre
YEAR_MONTH_FORMAT = r"F \d\e Y"  # diciembre de 2026
TIME_FORMAT = "H:i"
FIRST_DAY_OF_WEEK = 1  # Monday
DECIMAL_SEPARATOR = ","  # 78,8
THOUSAND_SEPARATOR = "\xa0"  # unused: USE_THOUSAND_SEPARATOR is off
NUMBER_GROUPING = 3
