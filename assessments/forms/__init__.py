"""Forms of the required-assessment chain (`required`) and of the DIR-style assessment (`assessment`)."""
