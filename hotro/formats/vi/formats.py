# Vietnamese dates as the provider writes them: 16/02/2026 08:00 (day/month/year, 24-hour clock).
DATE_FORMAT = "d/m/Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "d/m/Y H:i"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
MONTH_DAY_FORMAT = "d/m"
FIRST_DAY_OF_WEEK = 1
