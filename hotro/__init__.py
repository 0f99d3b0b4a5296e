"""Hotro — a multi-channel customer-support desk for hosting and cloud providers."""
