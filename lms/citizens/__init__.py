"""Citizens as officers see them: search and sort keys, the filtered list, one citizen's
evidence, confirmations and exports. No Flask here; services flush, never commit."""
