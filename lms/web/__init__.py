"""Web plumbing shared by every feature: the request's database session, security
headers and error pages, forms, assets, languages, and the permission checks."""
