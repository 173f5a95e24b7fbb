"""Required assessments (RA1-RA5) imposed after a positive test in custody, and notifying the police of a failure."""
