"""Creative City Hub: the service, its storage and its rules (no GraphQL here)."""
