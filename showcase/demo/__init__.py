"""The demo district (演示数据): 莲都区 with its eight actions, 161 items and Q1 2022 reports.

``load_demo_district()`` writes it idempotently; ``python manage.py load_demo`` calls it
and prints the demo logins.
"""

from .district import DEMO_PASSWORD, DISTRICT_NAME, LOGINS
from .loader import load_demo_district

__all__ = ["DEMO_PASSWORD", "DISTRICT_NAME", "LOGINS", "load_demo_district"]
