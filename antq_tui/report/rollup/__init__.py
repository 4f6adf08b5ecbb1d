"""The province's rollup: many communes' workbooks summed for one period (antq rollup)."""
