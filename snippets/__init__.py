"""District-owned reference and roster data, and their admin viewsets."""
