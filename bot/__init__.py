"""overdue-bot: calm, sourced answers for people whose loan or credit card is overdue."""

__version__ = "0.1.0"
