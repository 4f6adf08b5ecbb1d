"""``antq merge``: the workbooks of the old communes merged into the new commune's.

``inputs`` reads, validates and labels the old workbooks; ``settings``, ``catalog`` and
``combine`` make the merged workbook's content (records, no file); ``run`` writes it.
"""
