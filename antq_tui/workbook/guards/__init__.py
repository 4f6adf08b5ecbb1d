"""What keeps a save from hurting anyone's work, one file each: the change check, Office
owner files, antq's own lock, backups, the atomic save."""
