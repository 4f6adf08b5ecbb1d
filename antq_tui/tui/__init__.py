"""The operator's terminal interface (Textual): a thin face over the core."""
