"""The report: figures and sentences built from a workbook, rendered to terminal and DOCX."""
