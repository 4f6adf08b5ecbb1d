"""The user's configuration: the config file and the TUI's commands and keys."""
