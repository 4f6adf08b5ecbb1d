"""The model: the workbook described as data, typed records, Vietnamese text, dates, periods, errors."""
