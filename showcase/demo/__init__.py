"""The demo district (演示数据): 莲都区 with its eight actions and 161 items, the plans of
2021 and 2022, all of 2021's reports and Q1 2022's.

``load_demo_district()`` writes it idempotently; ``python manage.py load_demo`` calls it
and prints the demo logins.
"""

from .district import DEMO_PASSWORD, DISTRICT_NAME, LOGINS
from .loader import load_demo_district

__all__ = ["DEMO_PASSWORD", "DISTRICT_NAME", "LOGINS", "load_demo_district"]
