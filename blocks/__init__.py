"""StreamField blocks that publicity staff compose pages from."""
