"""Validation: every rule of the workbook format, as findings naming sheet and cell."""
