"""Writing workbooks: surgical saves that rewrite only changed cells (every other part copied
byte for byte), the XML and ZIP patching under them, and whole new workbooks."""
