"""Files on any platform: new files written whole, durable writes, permissions, the user, where state lives."""
