"""People and their accounts: sign-up, passwords, consent, and their data rights."""
