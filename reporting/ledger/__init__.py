"""The ledger workbook (台账): import, year export and the blank template."""
