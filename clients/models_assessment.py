"""The DIR-style assessment (reference/domain.md section 4.4)."""
