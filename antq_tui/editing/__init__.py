"""Editing: the edit session, typed entry, drafts, the recovery journal, rebasing onto a changed file, fixes."""
